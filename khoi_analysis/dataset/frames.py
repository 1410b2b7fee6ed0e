"""The shapes of the tidy frames (columns, dtypes) and the functions that give raw records those shapes; member
records get their pseudonymous ids here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import labels
from ..text import fold_arrow
from .privacy import pseudonyms

__all__ = ["ADMISSION_FRAME", "COUNT_FRAME", "MEMBER_FRAME", "ORG_FRAME", "ORG_TYPE_DTYPE", "RATING_DTYPE",
           "TARGET_FRAME", "concat", "tidy", "tidy_admissions", "tidy_members", "tidy_orgs", "tidy_targets"]

RATING_DTYPE = pd.CategoricalDtype(list(labels.LEVELS), ordered=True)
ORG_TYPE_DTYPE = pd.CategoricalDtype(list(labels.ORG_TYPES))

ORG_FRAME = ["year", "org_id", "org_name", "org_type", "founded_year", "rating", "score", "unrated_reason",
             "political_task_good", "action_programme", "file", "sheet", "row", "ref"]
MEMBER_FRAME = ["year", "member_id", "member_code", "name", "birth_date", "cell", "org_id", "org_name", "rating",
                "score", "unrated_reason", "file", "sheet", "row", "ref"]
COUNT_FRAME = ["year", "org_id", "org_name", "org_type", "total", "rated", *labels.LEVELS, "source"]
ADMISSION_FRAME = ["year", "org_id", "org_name", "quota", "admitted", "file", "sheet", "row", "ref"]
TARGET_FRAME = ["year", "target_id", "name", "metric", "comparator", "threshold", "unit", "typed_actual",
                "file", "sheet", "row", "ref"]


def concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def tidy(frame: pd.DataFrame, columns: list[str], dtypes: dict[str, str]) -> pd.DataFrame:
    out = frame.reindex(columns=columns).copy()
    for col, dtype in dtypes.items():
        out[col] = out[col].astype(dtype)
    out["year"] = out["year"].astype("Int64")
    return out.sort_values([c for c in ("year", "org_id", "target_id") if c in out], kind="stable",
                           na_position="last").reset_index(drop=True)


def tidy_orgs(frame: pd.DataFrame) -> pd.DataFrame:
    out = tidy(frame, ORG_FRAME, {"founded_year": "Int64", "score": "Float64", "political_task_good": "boolean",
                                   "action_programme": "boolean"})
    out["rating"] = out["rating"].astype(RATING_DTYPE)
    out["org_type"] = out["org_type"].astype(ORG_TYPE_DTYPE)
    return out


def tidy_members(frame: pd.DataFrame) -> pd.DataFrame:
    """Member records with a pseudonymous member_id: a keyed hash of the card number / member code where
    present, else of name + birth date + organisation (id_basis says which). Vectorised (Arrow)."""
    out = frame.reindex(columns=MEMBER_FRAME)  # a new frame (copy-on-write): the input is not changed
    out["id_basis"] = pd.Series(pd.NA, index=out.index, dtype="object")
    if not out.empty and out["member_id"].isna().any():
        def text(col: str):  # a column as Arrow strings, without a Python object per row where it is Arrow already
            arr = pa.array(out[col], from_pandas=True)
            if pa.types.is_dictionary(arr.type):
                arr = arr.dictionary_decode()
            return arr if arr.type == pa.string() else pc.cast(arr, pa.string())

        code = text("member_code")
        has_code = pc.fill_null(pc.not_equal(code, ""), False)
        identity = pc.binary_join_element_wise("ma:", code, "")
        if not pc.all(has_code).as_py():
            birth = pa.array(out["birth_date"].astype("object").to_numpy(), from_pandas=True)
            birth = pc.cast(birth, pa.string()) if birth.type != pa.null() else pa.nulls(len(out), pa.string())
            by_name = pc.binary_join_element_wise(
                "ten:", pc.fill_null(fold_arrow(text("name")), ""), "|", pc.fill_null(birth, ""), "|",
                pc.fill_null(text("org_id"), ""), "")
            identity = pc.if_else(has_code, identity, by_name)
            has_birth = birth.is_valid().to_numpy(zero_copy_only=False)
        else:
            has_birth = np.ones(len(out), dtype=bool)
        has_code = has_code.to_numpy(zero_copy_only=False)
        basis = pd.Categorical.from_codes(np.select([has_code, has_birth], [0, 1], 2).astype(np.int8),
                                          categories=["code", "name_birth_org", "name_org"])
        made = pd.Series(pseudonyms(identity).to_pandas().array, index=out.index)  # Arrow-backed text
        given = out["member_id"]
        out["member_id"] = made if given.isna().all() else given.astype("object").where(given.notna(), made)
        out["id_basis"] = pd.Series(basis, index=out.index)
    out["rating"] = out["rating"].astype(RATING_DTYPE)
    out["score"] = out["score"].astype("Float64")
    out["year"] = out["year"].astype("Int64")
    for col in ("org_name", "org_id", "cell", "unrated_reason", "file", "sheet"):  # few distinct values
        out[col] = out[col].astype("category")
    return out.reset_index(drop=True)


def tidy_admissions(frame: pd.DataFrame) -> pd.DataFrame:
    return tidy(frame, ADMISSION_FRAME, {"quota": "Int64", "admitted": "Int64"})


def tidy_targets(frame: pd.DataFrame) -> pd.DataFrame:
    return tidy(frame, TARGET_FRAME, {"threshold": "float64", "typed_actual": "float64"})

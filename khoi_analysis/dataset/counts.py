"""Member counts per organisation and year: from member lists, from count tables, and the two combined."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import labels
from .frames import COUNT_FRAME, ORG_TYPE_DTYPE, RATING_DTYPE

__all__ = ["combine_counts", "counts_from_members", "tidy_counts"]

def tidy_counts(frame: pd.DataFrame, orgs: pd.DataFrame) -> pd.DataFrame:
    """Member counts read from annex tables, in the shape of counts_from_members."""
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in COUNT_FRAME})
    out = frame.copy()
    out["year"] = out["year"].astype("int64")
    if "org_type" not in out:
        out["org_type"] = None
    if not orgs.empty:
        known = orgs[["year", "org_id", "org_type"]].drop_duplicates(["year", "org_id"])
        out = out.merge(known, on=["year", "org_id"], how="left", suffixes=("", "_orgs"))
        out["org_type"] = out["org_type"].where(out["org_type"].notna(), out["org_type_orgs"])
    out["org_type"] = pd.Categorical(out["org_type"].astype("object"), dtype=ORG_TYPE_DTYPE)
    out["source"] = "table"
    for col in ("total", "rated", *labels.LEVELS):
        out[col] = out[col].astype("int64")
    return out.reindex(columns=[*COUNT_FRAME, "file", "sheet", "row", "ref"])


def combine_counts(from_members: pd.DataFrame, from_tables: pd.DataFrame) -> pd.DataFrame:
    """Per-organisation counts from member lists, plus those from count tables for organisation-years that
    have no member list (where both exist, the list wins and validate compares them)."""
    if from_tables.empty:
        return from_members
    if from_members.empty:
        return from_tables[COUNT_FRAME].reset_index(drop=True)
    have = set(zip(from_members["year"], from_members["org_id"]))
    extra = from_tables[[(y, o) not in have for y, o in zip(from_tables["year"], from_tables["org_id"])]]
    return pd.concat([from_members, extra[COUNT_FRAME]], ignore_index=True)


def counts_from_members(members: pd.DataFrame, orgs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per organisation and year: members on the list (total), rated, and a count per level."""
    if members.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in COUNT_FRAME})
    rating = members["rating"]
    if rating.dtype != RATING_DTYPE:
        rating = rating.astype(RATING_DTYPE)
    code = rating.cat.codes.to_numpy()  # -1: not rated; else the position in labels.LEVELS
    parts = pd.DataFrame({"year": members["year"], "org_id": members["org_id"], "org_name": members["org_name"],
                          "total": np.ones(len(members), dtype="int64"), "rated": (code >= 0).astype("int64"),
                          **{lvl: (code == i).astype("int64") for i, lvl in enumerate(RATING_DTYPE.categories)}})
    sums = {c: "sum" for c in ("total", "rated", *labels.LEVELS)}
    out = parts.groupby(["year", "org_id"], sort=True, observed=True).agg({"org_name": "first", **sums})
    out = out.reset_index()
    if orgs is not None and not orgs.empty:
        types = orgs[["year", "org_id", "org_type"]].drop_duplicates(["year", "org_id"])
        out = out.merge(types, on=["year", "org_id"], how="left")
    else:
        out["org_type"] = pd.Categorical([None] * len(out), dtype=ORG_TYPE_DTYPE)
    out["source"] = "members"
    return out[COUNT_FRAME]

"""Parts (sheet/parts.py): many sheets' tables made into one frame at once give the frame their own frames,
concatenated, give: the same rows, values and dtypes (categoricals with sorted categories, as the tidy frames make
them), whatever the mix of value types from sheet to sheet."""

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
from conftest import SAMPLE_DIR

from khoi_analysis.dataset.files import read_file
from khoi_analysis.sheet import MemberPart, RecordPart, member_frame, record_frame
from khoi_analysis.text import org_key

CATEGORIES = ["org_name", "org_id", "cell", "unrated_reason", "file", "sheet"]


def _as_tidy(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in CATEGORIES:
        out[col] = out[col].astype("category")
    return out


def _member_part(file: str, names: list[str | None], orgs: list[str | None], ratings: list[int]) -> MemberPart:
    n = len(names)
    text = pa.array(names, pa.string())
    return MemberPart(file, "DV", columns={
        "row": np.arange(n, dtype="int64") + 5, "ref": pa.array([f"C{i + 5}" for i in range(n)]),
        "year": np.full(n, 2021, dtype="int64"), "org_name": pa.array(orgs, pa.string()),
        "rating": np.array(ratings, dtype=np.int32), "score": np.full(n, np.nan),
        "unrated_reason": pa.nulls(n, pa.string()), "member_code": pa.nulls(n, pa.string()), "name": text,
        "birth_date": pa.array([dt.date(1980, 1, 1)] + [None] * (n - 1), pa.date32()),
        "cell": pa.array(["Chi bộ 1"] * n, pa.string())})


def test_member_parts_as_one_frame_equal_their_frames_concatenated():
    parts = [_member_part("b.xlsx", ["Lê B", "Trần C"], ["Chi bộ Z", "Chi bộ Z"], [0, -1]),
             _member_part("a.xlsx", ["Ngô D"], [None], [2]),
             _member_part("c.xlsx", ["Phạm E", "Hồ F", "Vũ G"], ["Đảng bộ A", "Chi bộ Z", "Đảng bộ A"], [1, 1, 3])]
    alias = {org_key("Chi bộ Z"): org_key("Đảng bộ A")}
    one_by_one = pd.concat([p.frame() for p in parts], ignore_index=True)
    one_by_one["org_id"] = one_by_one["org_id"].map(lambda k: alias.get(k, k))
    pd.testing.assert_frame_equal(_as_tidy(member_frame(parts, alias)), _as_tidy(one_by_one))


def test_record_parts_as_one_frame_equal_their_frames_concatenated():
    parts = [RecordPart("a.xlsx", "TCCS", records=[{"row": 4, "org_name": "X", "unrated_reason": None}]),
             RecordPart("b.xlsx", "TCCS", records=[{"row": 4, "org_name": "Y", "unrated_reason": None}]),
             RecordPart("c.xlsx", "TCCS", records=[{"row": 4, "org_name": "Z", "unrated_reason": "mới"}]),
             RecordPart("d.xlsx", "TCCS", records=[{"row": 4, "org_name": "W"}, {"row": 5, "org_name": "V",
                                                                                "score": 91.5}]),
             RecordPart("e.xlsx", "TCCS", records=[{"row": 4, "org_name": "U", "unrated_reason": "mới"}])]
    pd.testing.assert_frame_equal(record_frame(parts), pd.concat([p.frame() for p in parts], ignore_index=True))


def test_the_sample_read_as_parts_gives_its_frames():
    tables = [read_file(p, 2021) for p in sorted(SAMPLE_DIR.glob("*.xlsx"))[:3]]
    orgs = [p for t in tables for p in t.frames["orgs"]]
    members = [p for t in tables for p in t.frames["members"]]
    assert len(orgs) == 3 and len(members) == 3
    pd.testing.assert_frame_equal(record_frame(orgs), pd.concat([p.frame() for p in orgs], ignore_index=True))
    pd.testing.assert_frame_equal(_as_tidy(member_frame(members)),
                                  _as_tidy(pd.concat([p.frame() for p in members], ignore_index=True)))

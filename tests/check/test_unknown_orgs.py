"""check.tables.unknown_orgs reads every row's keys at once: the same warnings, in the same order, as looking each
row up (frame.at), on generated tables (numbers, texts, categoricals, missing values)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from khoi_analysis.check.tables import unknown_orgs
from khoi_analysis.issues import Issue


def row_by_row(frame: pd.DataFrame, orgs: pd.DataFrame, table: str) -> list[Issue]:
    """unknown_orgs as it was written first: each row's cells by frame.at."""
    if frame.empty or orgs.empty:
        return []
    known = set(zip(orgs["year"], orgs["org_id"]))
    years = set(orgs["year"])
    out, seen = [], set()
    for i in frame.index:
        key = (frame.at[i, "year"], frame.at[i, "org_id"])
        if key[0] in years and key not in known and key not in seen:
            seen.add(key)
            out.append(Issue("warning", "unknown_org",
                             f"TCCS '{frame.at[i, 'org_name']}' trong bảng {table} không có trong danh sách TCCS "
                             f"năm {key[0]} (sai tên? đổi tên? hãy thêm vào bảng TCCS)",
                             str(frame.at[i, "file"]), str(frame.at[i, "sheet"]), str(frame.at[i, "ref"])))
    return out


IDS = st.one_of(st.sampled_from(["a", "b", "c", "d"]), st.none(), st.just(np.nan), st.just(pd.NA))
ROWS = st.lists(st.tuples(st.integers(2019, 2023), IDS), max_size=30)


@settings(max_examples=300, deadline=None)
@given(ROWS, ROWS, st.sampled_from(["object", "category", "float"]), st.booleans())
def test_keys_at_once_as_row_by_row(rows, org_rows, kind, shuffled):
    def table(pairs):
        ids = [o for _, o in pairs]
        if kind == "float":  # ids as numbers (NaN for missing)
            ids = [float("nan") if o is None or o is pd.NA or o != o else float(ord(o)) for o in ids]
        frame = pd.DataFrame({"year": pd.Series([y for y, _ in pairs], dtype="int64"),
                              "org_id": pd.Series(ids, dtype=kind if kind != "float" else "float64")})
        frame["org_name"] = [f"TCCS {i}" for i in range(len(frame))]
        frame["file"], frame["sheet"], frame["ref"] = "f.xlsx", "S", [f"B{i + 4}" for i in range(len(frame))]
        return frame.sample(frac=1, random_state=1) if shuffled else frame

    frame, orgs = table(rows), table(org_rows)
    got, want = unknown_orgs(frame, orgs, "kết nạp"), row_by_row(frame, orgs, "kết nạp")
    assert [i.__dict__ for i in got] == [i.__dict__ for i in want]

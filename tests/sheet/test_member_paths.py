"""The small-list paths of member extraction (sheet/members.py: refs and date cells in Python) give the Arrow
path's answers, on generated texts and on the per-TCCS shape (hundreds of small member lists)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khoi_analysis.sheet import members

DAYS = st.dates(dt.date(1000, 1, 1), dt.date(2999, 12, 31))
TEXTS = st.one_of(
    st.none(),
    DAYS.map(lambda d: f"{d.isoformat()} 00:00:00"),  # a date cell at midnight
    DAYS.map(lambda d: f"{d.isoformat()} 13:45:00"),  # a date cell at another time
    DAYS.map(lambda d: d.strftime("%d/%m/%Y")),  # a typed date
    st.tuples(st.integers(1000, 2999), st.integers(0, 13), st.integers(0, 32)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d} 00:00:00"),  # month or day out of range
    st.sampled_from(["", "abc", "1980-1-2 00:00:00", "1980-02-31", "٢٠٠٠-01-01 00:00:00", "0999-01-01 00:00:00",
                     "1980-02-03 00:00:00 ", "1980-02-03T00:00:00", "1980-W01-1 00:00:00"]),
)


def general(fn, *args):
    """fn as the Arrow path runs it: no list is small, and the row rules work on Arrow columns."""
    import sys

    from khoi_analysis.sheet.columns import ArrowColumns

    rows_module = sys.modules["khoi_analysis.sheet.rows"]
    before, columns_for = members.SMALL_PART, rows_module.columns_for
    members.SMALL_PART, rows_module.columns_for = -1, lambda grid, n: ArrowColumns(n)
    try:
        return fn(*args)
    finally:
        members.SMALL_PART, rows_module.columns_for = before, columns_for


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXTS, max_size=40))
def test_dates_small_path_as_general(texts):
    arr = pa.array(texts, type=pa.string())
    big = general(members.parse_dates, arr)
    for small in (members.parse_dates(arr), members.parse_dates(list(texts))):  # Arrow texts, or a small table's
        assert small.type == big.type and small.to_pylist() == big.to_pylist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 10**6), st.one_of(st.none(), st.text(max_size=3))), max_size=40),
       st.sampled_from(["B", "AA"]), st.sampled_from([None, "C"]))
def test_refs_small_path_as_general(rows, key_letter, name_letter):
    numbers = np.array([r for r, _ in rows], dtype=np.int64)
    code = pa.array([c for _, c in rows], type=pa.string())
    small = members.cell_refs(numbers, key_letter, code, name_letter)
    big = general(members.cell_refs, numbers, key_letter, code, name_letter)
    assert small.type == big.type and small.to_pylist() == big.to_pylist()


@pytest.mark.parametrize("bad_every", [0, 7])
def test_per_tccs_members_small_and_general_alike(tmp_path, bad_every):
    """Whole member parts of small per-TCCS workbooks, both ways: the same columns and issues (every date a date
    cell, or some typed wrong)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from make_per_tccs import write_one

    from khoi_analysis.dataset.files import read_file

    org = [1, "Chi bộ Sở Thử", "Cơ quan hành chính", 2000, "HTTNV", None, "Có", "Có"]
    def born(i: int):
        return "31/02/1980" if bad_every and not i % bad_every else dt.datetime(1960 + i % 40, 1 + i % 12, 1 + i % 28)

    people = [[i, f"DV{i:04d}" if i % 5 else None, f"Nguyễn Văn {chr(65 + i % 26)}", born(i), f"Chi bộ {i % 3}",
               "Chi bộ Sở Thử", ["HTXSNV", "HTTNV", "HTNV", "KHTNV", "", "Tốt lắm"][i % 6], None]
              for i in range(1, 60)]
    path = tmp_path / "2021" / "001_thu_2021.xlsx"
    write_one(path, 2021, org, people, "members")
    small, big = read_file(path), general(read_file, path)
    a, b = small.frames["members"][0], big.frames["members"][0]
    assert len(a) > 30 and a.columns.keys() == b.columns.keys()
    codes = {i.code for i in small.issues}
    assert "unknown_rating" in codes and ("bad_date" in codes) == bool(bad_every)
    for key in a.columns:
        x, y = a.columns[key], b.columns[key]
        assert (x.equals(y) if isinstance(x, pa.Array) else np.array_equal(x, y, equal_nan=True)), key
    assert [i.__dict__ for i in small.issues] == [i.__dict__ for i in big.issues]
    assert small.accounts == big.accounts
    assert members.NO_REASON in (a.columns["unrated_reason"].to_pylist())

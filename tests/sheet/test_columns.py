"""The row rules give the same answers on Python lists (small tables) as on Arrow arrays (large ones): every row
kind, every text, for generated annex layouts of every shape and for every sheet of the sample."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from annex_grammar import annexes, render, write
from hypothesis import HealthCheck, given, settings

from khoi_analysis.dataset.files import read_file
from khoi_analysis.sheet.columns import ArrowColumns, ListColumns

rows_module = sys.modules["khoi_analysis.sheet.rows"]
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw" / "mau"
FIELDS = ("nonblank", "after_footer", "total", "subtotal", "group", "group_type", "note", "pct_row", "summary",
          "repeated_header", "sub_unit", "missing_key", "candidates", "by_rule", "group_figures")


def both_ways(monkeypatch, grid, loc):
    out = []
    for backend in (ListColumns, ArrowColumns):
        monkeypatch.setattr(rows_module, "columns_for", lambda g, n, backend=backend: backend(n))
        out.append(rows_module.classify_rows(grid, loc))
    monkeypatch.undo()
    return out


def assert_same(small, large, where: str) -> None:
    assert small.n == large.n and small.key_cols == large.key_cols, where
    for name in FIELDS:
        a, b = getattr(small, name), getattr(large, name)
        assert a.dtype == b.dtype and np.array_equal(a, b), f"{where}: {name}\n{a}\n{b}"
    assert small.text_lists() == large.text_lists(), where
    small_arrays, large_arrays = small.text_arrays(), large.text_arrays()
    assert all(small_arrays[c].equals(large_arrays[c]) for c in large_arrays), where


def kept_tables(path: Path):
    return [(grid, loc) for grid, loc, _reading, _period in read_file(path, keep=True).kept if grid.body is None]


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(annex=annexes())
def test_small_and_large_paths_classify_every_layout_alike(tmp_path, monkeypatch, annex):
    orgs, layout = annex
    path = write(render(orgs, layout), layout, tmp_path / "phu_luc")
    tables = kept_tables(path)
    for grid, loc in tables:
        assert_same(*both_ways(monkeypatch, grid, loc), f"{layout} {grid.sheet}")


@pytest.mark.parametrize("path", sorted(SAMPLE.glob("*.xlsx")), ids=lambda p: p.name)
def test_small_and_large_paths_classify_the_sample_alike(monkeypatch, path):
    tables = kept_tables(path)
    assert tables
    for grid, loc in tables:
        assert_same(*both_ways(monkeypatch, grid, loc), f"{path.name} {grid.sheet}")


def test_which_path():
    from khoi_analysis.read import SheetGrid
    from khoi_analysis.sheet.columns import SMALL_ROWS, columns_for

    grid = SheetGrid("f.xlsx", "s", [["a"]])
    assert isinstance(columns_for(grid, SMALL_ROWS), ListColumns)
    assert type(columns_for(grid, SMALL_ROWS + 1)) is ArrowColumns


def test_columns_transposed_or_one_by_one_alike():
    """ListColumns.columns: a rectangular grid transposed at once, a ragged one column by column, the same texts as
    column() gives (cleaned, remembered across sheets, blanks None)."""
    import datetime as dt

    from khoi_analysis.read import SheetGrid

    rows = [["STT", "Họ  và tên", None], [1.0, " Nguyễn\nVăn A ", dt.datetime(1980, 2, 3)], [2.0, "", float("nan")],
            [True, "Lê Thị B", 12.5]]
    ops = ListColumns(3)
    for grid in (SheetGrid("f.xlsx", "s", rows), SheetGrid("f.xlsx", "s", [*rows[:2], rows[2][:1], rows[3]])):
        got = ops.columns(grid, 3, 1)
        assert got == {c: ops.column(grid, c, 1) for c in range(3)}
        assert got == ListColumns.__mro__[1].columns(ops, grid, 3, 1)
    assert ops.columns(SheetGrid("f.xlsx", "s", rows), 3, 1)[1] == ["Nguyễn Văn A", None, "Lê Thị B"]


def test_remembered_texts_are_the_cleaned_ones():
    """cell_text and remembered_text share one cache of the process: whichever sees a value first, both give the
    clean text (nfc), blank as "" and None respectively; values of other types are never confused with a str."""
    import datetime as dt

    from khoi_analysis.sheet.arrow import remembered_text
    from khoi_analysis.sheet.values import TEXTS, body_text, cell_text
    from khoi_analysis.text import nfc

    values = ["  Hoà  bình\n", "Hòa bình", " ", "", "1", "2021-01-02 00:00:00", "Tổng\tcộng "]
    others = [1, 1.0, True, 2.5, dt.datetime(2021, 1, 2), dt.date(2021, 1, 2), None, float("nan")]
    for cell_first in (True, False):
        TEXTS.clear()
        for v in values + others:
            for ask_cell in (cell_first, not cell_first, cell_first):
                if ask_cell and isinstance(v, str):
                    assert cell_text(v) == nfc(v), repr(v)
                elif not ask_cell:
                    assert remembered_text(v) == (body_text(v) or None), repr(v)
    assert cell_text(1.0) == "1" and remembered_text(True) == "True" and remembered_text("1") == "1"
    assert remembered_text(dt.datetime(2021, 1, 2)) == "2021-01-02 00:00:00" and cell_text(" ") == ""

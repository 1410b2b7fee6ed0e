"""The column operations the row rules are written in (sheet/rows.py), twice: on Arrow arrays for large sheets,
on Python lists for small ones. A table of 1-40 rows (one workbook per TCCS) paid some 90 Arrow calls of 10-30 µs
fixed cost each, more than reading the file; in Python the same rules cost a few µs per row. Both give the same
answers (tests/sheet/test_columns.py runs the rules both ways on generated layouts)."""

from __future__ import annotations

from itertools import chain

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..read import SheetGrid
from .arrow import column_texts, distinct_map, match_regex, present, regex_hits, remembered_texts

__all__ = ["ArrowColumns", "ListColumns", "SMALL_ROWS", "columns_for"]

SMALL_ROWS = 512  # tables up to this many rows (not read into Arrow) are classified on Python lists


class ArrowColumns:
    """Columns as Arrow string arrays (null = blank)."""

    def __init__(self, n: int):
        self.n = n

    def column(self, grid: SheetGrid, c: int, first: int):
        return column_texts(grid, c, first)

    def columns(self, grid: SheetGrid, width: int, first: int) -> dict:
        """column() of every sheet column 0 .. width-1."""
        return {c: self.column(grid, c, first) for c in range(width)}

    def null(self):
        return pa.nulls(self.n, pa.string())

    def any_present(self, cols: list) -> np.ndarray:
        """Rows not blank in any of these columns."""
        out = np.zeros(self.n, bool)
        for col in cols:
            out |= self.present(col)
        return out

    present = staticmethod(present)

    def coalesce(self, *cols):
        return pc.coalesce(*cols) if cols else self.null()

    def map_rows(self, col, rows: np.ndarray, fn, dtype=None) -> np.ndarray:
        """fn over the rows' values, once per distinct value; None (False for bool) elsewhere and for blanks."""
        out = np.zeros(self.n, bool) if dtype is bool else np.full(self.n, None, dtype=object)
        idx = np.flatnonzero(rows)
        if len(idx):
            out[idx] = distinct_map(col.take(pa.array(idx)), fn, dtype)
        return out

    def map_all(self, col, fn) -> np.ndarray:
        return distinct_map(col, fn)

    def matches(self, col, pattern: str) -> np.ndarray:
        """Rows whose text matches a regex that no all-digit text can match (those rows are not searched)."""
        out = np.zeros(self.n, bool)
        idx = np.flatnonzero(~pc.ascii_is_decimal(col).fill_null(True).to_numpy(zero_copy_only=False))
        if len(idx):
            out[idx] = match_regex(col.take(pa.array(idx)), pattern).fill_null(False).to_numpy(zero_copy_only=False)
        return out

    def is_in(self, col, values: set[str]) -> np.ndarray:
        if not values:
            return np.zeros(self.n, bool)
        same = pc.is_in(col, value_set=pa.array(sorted(values), pa.string())).fill_null(False)
        return same.to_numpy(zero_copy_only=False)

    def only_headers(self, cols: list, headers: list[set[str]]) -> np.ndarray:
        """Rows where some column holds its header's text (`headers`, one set per column) and no column holds
        anything else: a repeated header."""
        hits = np.zeros(self.n, np.int16)
        others = np.zeros(self.n, bool)
        for arr, header in zip(cols, headers):
            same = self.is_in(arr, header)
            hits += same
            others |= self.present(arr) & ~same
        return (hits >= 1) & ~others

    @staticmethod
    def to_list(col) -> list:
        return col.to_pylist()


class ListColumns(ArrowColumns):
    """Columns as Python lists of clean texts (None = blank), for small tables."""

    def __init__(self, n: int):
        super().__init__(n)
        self._mask, self._row_of, self._mask_cols = None, {}, []  # columns() fills them
        self._present: dict[int, tuple[list, np.ndarray]] = {}  # id(column) -> (column, its present())
        self._searched: dict[int, tuple[list, list, list]] = {}  # id(column) -> (column, rows matches() searches,
        # their values); the column is kept, so that its id can't be reused meanwhile

    def column(self, grid: SheetGrid, c: int, first: int) -> list:
        return remembered_texts([row[c] if c < len(row) else None for row in grid.rows[first:]])

    def columns(self, grid: SheetGrid, width: int, first: int) -> dict:
        rows = grid.rows[first:]
        if rows and width and all(len(row) == width for row in rows):  # rectangular (calamine's grids): every
            # cell's text at once, row by row, each column a slice of them
            flat = remembered_texts(chain.from_iterable(rows))
            out = {c: flat[c::width] for c in range(width)}
        else:
            out = super().columns(grid, width, first)
        if out and all(len(col) == self.n for col in out.values()):  # every column's present() in one array
            cols = list(out.values())
            mask = np.array([v is not None for col in cols for v in col], dtype=bool).reshape(len(cols), self.n)
            mask.setflags(write=False)
            self._mask, self._row_of = mask, {id(col): k for k, col in enumerate(cols)}
            self._mask_cols = cols  # kept: their ids can't be reused meanwhile
            for col, row in zip(cols, mask):
                self._present[id(col)] = (col, row)
        return out

    def any_present(self, cols: list) -> np.ndarray:
        rows = [self._row_of.get(id(col)) for col in cols]
        if cols and None not in rows and all(self._mask_cols[k] is col for k, col in zip(rows, cols)):
            return self._mask[rows].any(axis=0)
        return super().any_present(cols)

    def null(self) -> list:
        return [None] * self.n

    def present(self, col) -> np.ndarray:
        """Rows not blank, remembered per column (the rules ask several times about the same column); read-only,
        so that no caller can change what another one is given."""
        known = self._present.get(id(col))
        if known is not None and known[0] is col:
            return known[1]
        out = np.array([v is not None for v in col], dtype=bool)
        out.setflags(write=False)
        self._present[id(col)] = (col, out)  # the column is kept: its id can't be reused meanwhile
        return out

    def coalesce(self, *cols) -> list:
        if not cols:
            return self.null()
        if len(cols) == 1:
            return cols[0]
        out = cols[0]
        for col in cols[1:]:
            out = [a if a is not None else b for a, b in zip(out, col)]
        return out

    def map_rows(self, col, rows: np.ndarray, fn, dtype=None) -> np.ndarray:
        out = np.zeros(self.n, bool) if dtype is bool else np.full(self.n, None, dtype=object)
        seen: dict = {}
        for i in np.flatnonzero(rows).tolist():
            v = col[i]
            if v is not None:
                if v not in seen:
                    seen[v] = fn(v)
                out[i] = seen[v]
        return out

    def map_all(self, col, fn) -> np.ndarray:
        return self.map_rows(col, np.ones(self.n, bool), fn)

    def matches(self, col, pattern: str) -> np.ndarray:
        known = self._searched.get(id(col))
        if known is None or known[0] is not col:  # the same column is searched for several patterns
            idx = [i for i, v in enumerate(col) if v is not None and not (v.isascii() and v.isdecimal())]
            known = self._searched[id(col)] = (col, idx, [col[i] for i in idx])
        _, idx, values = known
        out = np.zeros(self.n, bool)
        if idx:
            out[idx] = [bool(h) for h in regex_hits(values, pattern)]
        return out

    def is_in(self, col, values: set[str]) -> np.ndarray:
        return np.array([v in values for v in col], dtype=bool) if values else np.zeros(self.n, bool)

    def only_headers(self, cols: list, headers: list[set[str]]) -> np.ndarray:
        """Rows where some column holds its header's text and no column holds anything else."""
        hit = [False] * self.n
        other = [False] * self.n
        for col, header in zip(cols, headers):
            for i, v in enumerate(col):
                if v is not None:
                    if v in header:
                        hit[i] = True
                    else:
                        other[i] = True
        return np.array([h and not o for h, o in zip(hit, other)], dtype=bool).reshape(self.n)

    @staticmethod
    def to_list(col) -> list:
        return col


def columns_for(grid: SheetGrid, n: int) -> ArrowColumns:
    """Python lists for a small sheet held as cell values, Arrow for one read into Arrow columns or a long one."""
    return ListColumns(n) if grid.body is None and n <= SMALL_ROWS else ArrowColumns(n)

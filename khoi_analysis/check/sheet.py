"""Sheet-level rules: merged cells over data rows, formulas without a computed value, and the printed total
row against the sum of the rows read. Plain data in (frames, cell positions), issues out."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from ..cellref import a1
from ..issues import Issue
from ..labels import LEVELS

__all__ = ["formulas_without_value", "merged_over_data", "total_row_mismatches"]


def merged_over_data(file: str, sheet: str, merged, data_start: int, columns: Collection[int]) -> list[Issue]:
    """A warning for each merged range that spans several data rows of the table's columns: only its first row
    has the value, the others read as blank."""
    out = []
    for r0, c0, r1, c1 in merged:
        if r1 > r0 and r1 >= data_start and r0 >= data_start - 1 and any(c0 <= c <= c1 for c in columns):
            out.append(Issue("warning", "merged_data_cells", f"ô gộp {a1(r0, c0)}:{a1(r1, c1)} kéo qua nhiều hàng dữ "
                             "liệu: chỉ hàng đầu có giá trị, các hàng sau được đọc là trống", file, sheet, a1(r0, c0)))
    return out


def formulas_without_value(file: str, sheet: str, formulas, data_start: int, columns: Collection[int]) -> list[Issue]:
    """A warning for each formula cell of the table with no cached value (the file was never recalculated)."""
    return [Issue("warning", "formula_without_value", "ô có công thức nhưng không có giá trị đã tính (tệp chưa được "
                  "Excel tính lại); ô được đọc là trống — mở tệp bằng Excel và lưu lại", file, sheet, a1(r, c))
            for r, c in formulas if r >= data_start and c in columns]


def total_row_mismatches(kind: str, frame: pd.DataFrame, printed_row: int,
                         printed: dict[str, tuple[float | None, int]], file: str, sheet: str,
                         subtotal: bool = False) -> list[Issue]:
    """The printed total row (of the table, or of a group when `subtotal`) against the sum of the rows it
    covers (`frame`): per field (total, rated, quota, admitted, a level code: for organisations the number
    rated at that level; "HTTNV+": that level or better), an error where they differ. What the sheet prints
    is what the leadership has seen: a reading that disagrees with it is refused, with both numbers."""
    out: list[Issue] = []
    if not printed:
        return out
    for name, (got, col) in printed.items():
        levels = _at_least(name[:-1]) if name.endswith("+") else (name,)
        if kind == "orgs":
            expected = float(frame["rating"].isin(levels).sum()) if "rating" in frame else 0.0
        elif name.endswith("+"):
            expected = float(sum(pd.to_numeric(frame[lvl], errors="coerce").fillna(0).sum()
                                 for lvl in levels if lvl in frame))
        else:
            expected = float(pd.to_numeric(frame[name], errors="coerce").fillna(0).sum()) if name in frame else 0.0
        if got is not None and abs(got - expected) > 1e-9:
            what = "dòng cộng của nhóm" if subtotal else "dòng tổng"
            out.append(Issue("error", "total_mismatch", f"{what} ghi {got:g} nhưng cộng các hàng đọc được là "
                             f"{expected:g}", file, sheet, a1(printed_row, col)))
    return out


def _at_least(level: str) -> tuple[str, ...]:
    """A level and every level above it: "HTTNV" -> HTTNV, HTXSNV."""
    return LEVELS[LEVELS.index(level):]

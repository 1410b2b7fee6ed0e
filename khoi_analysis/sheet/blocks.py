"""One located table that is in fact several: two tables side by side in one sheet (the TCCS table and the
member-count table, each with its own name column), and one table with several years side by side in column
groups ("Năm 2021 | Năm 2022" merged over the level columns). Each is read as its own table, never as one;
where a part can't be told apart, the sheet is refused with an error naming the cells."""

from __future__ import annotations

import dataclasses
import re

from ..cellref import a1, col_letter
from ..issues import Issue
from ..read import SheetGrid
from ..text import fold
from .locate import Located, _columns, _header_parts, _map_column, _merged_fill, locate
from .values import cell_text
from .vocabulary import FOOTER_PREFIXES, IDENTITY_COLUMNS, KIND_NAMES, REQUIRED, header_key

__all__ = ["split_tables"]

# a header part naming one year's column group: "Năm 2021", "Kết quả năm 2021", "2021"
YEAR_GROUP = re.compile(r"^(?:(?:ket qua|xep loai|danh gia|chat luong|so lieu)\s+)*(?:nam\s+)?((?:19|20)\d\d)$")
KEY_FIELDS = ("org_name", "name", "member_code")


def split_tables(grid: SheetGrid, loc: Located, mapping: dict[str, str] | None,
                 user_columns: bool = False) -> tuple[list[tuple[SheetGrid, Located]], list[Issue]]:
    """The tables of one sheet as (grid, located) pairs: side-by-side blocks each on a grid holding only its
    own columns (title and signature rows kept whole), and each block's year groups as tables of their own
    year (`Located.fixed_period`). `user_columns`: the user named the columns; nothing is split then."""
    if user_columns or loc.kind == "members" or grid.body is not None:  # a member list is one table
        return [(grid, loc)], []
    issues: list[Issue] = []
    blocks = _side_by_side(grid, loc, mapping, issues)
    out: list[tuple[SheetGrid, Located]] = []
    for view, block in blocks:
        out.extend((view, part) for part in _year_groups(view, block, mapping, issues))
    return out, issues


# ------------------------------------------------------------------------------------------ blocks
def _side_by_side(grid: SheetGrid, loc: Located, mapping, issues: list[Issue]) -> list[tuple[SheetGrid, Located]]:
    """Two tables next to each other: a second name column in the header row, each part a table by itself."""
    extra = {header_key(k): v for k, v in (mapping or {}).items()}
    parts = _header_parts(grid, *loc.header_rows, _merged_fill(grid))
    keys = sorted(c for c, p in parts.items() if _is_key(p, extra))
    if len(keys) < 2:
        return [(grid, loc)]
    starts = []
    for c in keys:
        before = c - 1
        seq = before in parts and before not in keys and _canon_any(parts[before], extra) == "seq"
        starts.append(before if seq else c)
    starts[0] = 0
    width = max((len(r) for r in grid.rows), default=0)
    bounds = list(zip(starts, [*starts[1:], width]))
    footer = _footer_row(grid, loc.data_start)
    found = []
    for c0, c1 in bounds:
        view = _view(grid, c0, c1, loc.header_rows[0], footer)
        part = locate(view, mapping)
        if part is None:
            return [(grid, loc)]  # a second name column that is no table of its own: one table
        found.append((view, dataclasses.replace(part, skip_rows=loc.skip_rows, fixed_period=loc.fixed_period,
                                                origin=dict(loc.origin)), c0, c1))
    where = "; ".join(f"bảng {KIND_NAMES[p.kind]} ở cột {col_letter(c0)}–{col_letter(c1 - 1)} (tiêu đề "
                      f"{a1(p.header_row, min(p.columns.values()))})" for _, p, c0, c1 in found)
    issues.append(Issue("warning", "tables_side_by_side", f"sheet có {len(found)} bảng đặt cạnh nhau: {where}; "
                        "mỗi bảng được đọc riêng, không gộp", grid.file, grid.sheet,
                        a1(loc.header_row, keys[1])))
    return [(view, part) for view, part, _, _ in found]


def _canon_any(parts: list[str], extra: dict[str, str]) -> str | None:
    for kind in REQUIRED:
        canon = _map_column(kind, parts, extra)
        if canon:
            return canon
    return None


def _is_key(parts: list[str], extra: dict[str, str]) -> bool:
    return any(_map_column(kind, parts, extra) in KEY_FIELDS for kind in REQUIRED)


def _footer_row(grid: SheetGrid, start: int) -> int:
    """The first row of the signature block under the table (the sheet's height when there is none)."""
    for r in range(start, len(grid.rows)):
        for v in grid.rows[r]:
            text = cell_text(v)
            if text and fold(text).startswith(FOOTER_PREFIXES):
                return r
    return len(grid.rows)


def _view(grid: SheetGrid, c0: int, c1: int, top: int, footer: int) -> SheetGrid:
    """The grid with only columns c0..c1-1 kept between the header's top and the signature block."""
    rows = [list(row) if r < top or r >= footer else [v if c0 <= c < c1 else None for c, v in enumerate(row)]
            for r, row in enumerate(grid.rows)]
    merged = [m for m in grid.merged if m[0] < top or m[0] >= footer or (c0 <= m[1] and m[3] < c1)]
    fonts = {pos: f for pos, f in grid.fonts.items() if c0 <= pos[1] < c1 or pos[0] < top or pos[0] >= footer}
    return dataclasses.replace(grid, rows=rows, merged=merged, fonts=fonts, body=None,
                               formulas_without_value=[(r, c) for r, c in grid.formulas_without_value
                                                       if c0 <= c < c1])


# ------------------------------------------------------------------------------------------ year groups
def _year_of(part: str) -> int | None:
    m = YEAR_GROUP.match(header_key(part))
    return int(m.group(1)) if m else None


def _year_groups(grid: SheetGrid, loc: Located, mapping, issues: list[Issue]) -> list[Located]:
    """The table's year groups, each a table of its own year; the table itself when it has one year."""
    extra = {header_key(k): v for k, v in (mapping or {}).items()}
    parts = _header_parts(grid, *loc.header_rows, _merged_fill(grid))
    year_of: dict[int, int] = {}
    for c, p in parts.items():
        years = [y for y in map(_year_of, p[:-1]) if y]
        if years:
            year_of[c] = years[0]
    years = sorted(set(year_of.values()))
    if len(years) < 2:
        return [loc]
    cells = {y: _year_cell(grid, loc, y, year_of) for y in years}
    tables: list[Located] = []
    for y in years:
        own = {c: [t for t in p if not _year_of(t)] for c, p in parts.items() if year_of.get(c, y) == y}
        cols = _columns(loc.kind, own, extra, {})
        shared = [(canon, c) for canon, c in cols.items() if c not in year_of and canon not in IDENTITY_COLUMNS]
        if shared:
            canon, c = shared[0]
            issues.append(Issue("error", "year_groups_shared_column", f"bảng có các năm {_years(years)} đặt cạnh "
                                f"nhau theo nhóm cột ({_cells(cells)}) nhưng cột {a1(loc.header_row, c)} "
                                f"'{' / '.join(parts[c])}' không thuộc năm nào: không biết số của năm nào; hãy tách "
                                "mỗi năm một bảng, hoặc chỉ rõ cột bằng 'cot' trong cách đọc (cach_doc.yaml)",
                                grid.file, grid.sheet, a1(loc.header_row, c)))
            return []
        n_levels = sum(1 for k in cols if k.startswith(("lvl:", "cum:")))
        have = set(cols) | ({"levels"} if n_levels >= 2 else set())
        if not all(any(g in have for g in group) for group in REQUIRED[loc.kind]):
            issues.append(Issue("error", "year_group_unreadable", f"nhóm cột năm {y} (ô {cells[y]}) không có đủ "
                                "cột để đọc (cần cột tên và cột xếp loại hoặc các cột mức); bảng không được đọc để "
                                f"tránh lẫn số các năm {_years(years)}", grid.file, grid.sheet, cells[y]))
            return []
        unmapped = {c: " / ".join(p) for c, p in own.items() if c not in cols.values()}
        tables.append(dataclasses.replace(loc, columns=cols, unmapped=unmapped, fixed_period=y,
                                          origin={**loc.origin, "period": f"tiêu đề nhóm cột ô {cells[y]}"}))
    if loc.fixed_period:  # the user named the period: that year's group only
        chosen = [t for t, y in zip(tables, years) if y == loc.fixed_period]
        said = loc.origin.get("period", "cách đọc")
        if not chosen:
            issues.append(Issue("error", "year_groups_period", f"kỳ báo cáo {loc.fixed_period} (theo {said}) không "
                                f"có trong các nhóm cột năm của bảng ({_cells(cells)})", grid.file, grid.sheet,
                                cells[years[0]]))
            return []
        issues.append(Issue("info", "year_groups", f"bảng có các năm {_years(years)} đặt cạnh nhau theo nhóm cột "
                            f"({_cells(cells)}): chỉ đọc năm {loc.fixed_period} (theo {said})", grid.file, grid.sheet,
                            cells[loc.fixed_period]))
        return [dataclasses.replace(chosen[0], fixed_period=loc.fixed_period,
                                    origin={**chosen[0].origin, "period": said})]
    issues.append(Issue("warning", "year_groups", f"bảng có các năm {_years(years)} đặt cạnh nhau theo nhóm cột "
                        f"({_cells(cells)}): mỗi năm được đọc thành một bảng riêng, kỳ báo cáo lấy từ tiêu đề nhóm "
                        "cột, không gộp thành một năm", grid.file, grid.sheet, cells[years[0]]))
    return tables


def _year_cell(grid: SheetGrid, loc: Located, year: int, year_of: dict[int, int]) -> str:
    """The header cell that names a year group."""
    cols = sorted(c for c, y in year_of.items() if y == year)
    for r in range(loc.header_rows[0], loc.header_rows[1] + 1):
        for c in cols:
            row = grid.rows[r]
            if c < len(row) and _year_of(cell_text(row[c])) == year:
                return a1(r, c)
    return a1(loc.header_rows[0], cols[0])


def _years(years: list[int]) -> str:
    return ", ".join(map(str, years))


def _cells(cells: dict[int, str]) -> str:
    return "; ".join(f"năm {y}: ô {cell}" for y, cell in cells.items())

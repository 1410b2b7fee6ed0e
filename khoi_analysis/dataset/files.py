"""One spreadsheet file into tables: each sheet's grid decoded, its table located and read, the sheet-level
checks run; sheets with no table are noted, a file with no table at all is an error."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import check
from ..cellref import a1
from ..config import LISTS_SHEET
from ..issues import Issue
from ..read import SheetGrid, read_sheet, read_workbook
from ..sheet import KIND_COLUMNS, KIND_NAMES, decode_grid, expected_headers, extract, locate, year_from_context
from ..text import nfc

__all__ = ["FileTables", "read_file"]


@dataclass
class FileTables:
    """What one file gave: frames per kind of table, a row account per sheet, the issues."""

    frames: dict[str, list[pd.DataFrame]] = field(default_factory=lambda: {k: [] for k in KIND_COLUMNS})
    accounts: list[dict] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    kept: list[tuple] = field(default_factory=list)  # (grid, located, reading, (year, source)) when asked


def read_file(path: Path, year: int | None = None, mapping: dict[str, str] | None = None,
              keep: bool = False) -> FileTables:
    """Every table of one file (raises read.ReadError when the file can't be read at all). `keep`: also keep
    each sheet's grid, located table and reading, for explaining how the file was read."""
    grids = read_workbook(path)
    out = FileTables()
    located = 0
    unlocated: list[SheetGrid] = []
    tables = []
    for grid in grids:
        grid, encoding = decode_grid(grid)
        loc = locate(grid, mapping)
        if grid.body is not None and (loc is None or loc.kind != "members" or encoding):
            # a large sheet read into Arrow columns that is not a Unicode member list: read it cell by cell
            grid = read_sheet(grid.file, grid.sheet)
            grid, encoding = decode_grid(grid)
            loc = locate(grid, mapping)
        if loc is None:
            has_text = any(any(str(v).strip() for v in row if v is not None) for row in grid.rows)
            if grid.sheet != LISTS_SHEET and has_text:
                unlocated.append(grid)
            continue
        tables.append((grid, loc, encoding))
    shown = {loc.kind: grid.sheet for grid, loc, _ in tables if not grid.hidden}
    for grid, loc, encoding in tables:
        if grid.hidden and loc.kind in shown:
            # files are copied from last year's: a hidden sheet beside a visible table of the same kind is
            # usually the old table travelling along; adding it would count its rows as this period's
            out.issues.append(Issue("warning", "hidden_sheet_skipped", f"sheet bị ẩn có bảng {KIND_NAMES[loc.kind]} "
                                    f"giống sheet đang hiện '{shown[loc.kind]}' (thường là bảng cũ chép theo tệp năm "
                                    "trước): không đọc; nếu đây là số liệu cần đọc, hãy bỏ ẩn sheet",
                                    grid.file, grid.sheet, a1(loc.header_row, min(loc.columns.values()))))
            continue
        located += 1
        out.issues.extend(_sheet_notes(grid, loc, encoding))
        sheet_year, source = year_from_context(grid, loc.header_rows[0])
        reading = extract(grid, loc, sheet_year or year)
        if keep:
            out.kept.append((grid, loc, reading, (sheet_year or year, source if sheet_year else "tham số --year")))
        out.issues.extend(reading.issues)
        if loc.kind != "members":
            out.issues.extend(_sheet_checks(grid, loc, reading))
        out.accounts.append(reading.account.__dict__)
        out.frames[loc.kind].append(reading.frame)
    out.issues.extend(_untabled(grids, unlocated, located))
    return out


def _sheet_notes(grid: SheetGrid, loc, encoding: str | None) -> list[Issue]:
    """What the user should know about a sheet before its rows: legacy text decoded, hidden sheet, headers
    not understood."""
    out = []
    if encoding:
        out.append(Issue("info", "legacy_encoding", f"văn bản trong sheet dùng bảng mã cũ {encoding.upper()}; "
                         "đã chuyển sang Unicode", grid.file, grid.sheet))
    if grid.hidden:
        out.append(Issue("warning", "hidden_sheet", "sheet bị ẩn nhưng có dữ liệu; dữ liệu vẫn được đọc",
                         grid.file, grid.sheet))
    for c, text in loc.unmapped.items():
        out.append(Issue("warning", "unmapped_header", f"cột '{text}' không nhận ra nên bị bỏ qua (bảng "
                         f"{KIND_NAMES[loc.kind]} cần các cột: {expected_headers(loc.kind)}); nếu cần cột "
                         "này, dùng --map", grid.file, grid.sheet, a1(loc.header_row, c)))
    return out


def _sheet_checks(grid: SheetGrid, loc, reading) -> list[Issue]:
    columns = set(loc.columns.values())
    merged = grid.merged
    if reading.rows is not None and reading.rows.repeated_header.any():  # a page's header repeated keeps its merges
        repeated = {loc.data_start + int(i) for i in reading.rows.repeated_header.nonzero()[0]}
        merged = [m for m in merged if m[0] not in repeated]
    out = check.merged_over_data(grid.file, grid.sheet, merged, loc.data_start, columns)
    out += check.formulas_without_value(grid.file, grid.sheet, grid.formulas_without_value, loc.data_start, columns)
    for printed in reading.printed_totals:
        out += check.total_row_mismatches(loc.kind, reading.frame.iloc[printed.first:printed.last], printed.row,
                                          printed.values, grid.file, grid.sheet, printed.subtotal)
    return out


def _untabled(grids: list[SheetGrid], unlocated: list[SheetGrid], located: int) -> list[Issue]:
    """Sheets with text but no table: a note when the file has tables elsewhere, an error when it has none."""
    if located:
        return [Issue("info", "no_table", "không tìm thấy dòng tiêu đề cột nào nhận ra được trong sheet "
                      "này; sheet được bỏ qua", grid.file, grid.sheet) for grid in unlocated]
    if not grids:
        return []
    first = next((g for g in unlocated if _first_text_row(g)), unlocated[0] if unlocated else grids[0])
    seen = _first_text_row(first)
    return [Issue("error", "no_table_in_file", "tệp không có bảng nào nhận diện được: cần một dòng tiêu đề "
                  "cột như 'Tên tổ chức cơ sở đảng' và 'Xếp loại chất lượng' (hoặc bốn cột mức xếp loại), "
                  "'Họ và tên'/'Mã đảng viên' và 'Xếp loại'"
                  + (f"; dòng đầu tiên có chữ là: '{seen}'" if seen else "; các sheet đều trống")
                  + ". Tiêu đề lạ: dùng --map 'TIÊU ĐỀ=cột'", first.file, first.sheet)]


def _first_text_row(grid: SheetGrid) -> str:
    for row in grid.rows[:40]:
        texts = [nfc(v) for v in row if v is not None and nfc(v)]
        if len(texts) >= 2:
            return " | ".join(texts)[:200]
    return ""

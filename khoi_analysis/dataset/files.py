"""One spreadsheet file into tables: each sheet's grid decoded, its table located and read, the sheet-level
checks run; sheets with no table are noted, a file with no table at all is an error."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import check, labels
from ..cellref import a1
from ..config import LISTS_SHEET
from ..issues import Issue
from ..read import SheetGrid, read_sheet, read_workbook
from ..sheet import (
    KIND_COLUMNS,
    KIND_NAMES,
    Part,
    SheetRules,
    decode_grid,
    describe_rules,
    expected_headers,
    extract,
    locate_by_rules,
    merge_rules,
    quarter_from_context,
    split_tables,
    year_from_context,
)
from ..text import nfc
from .wholes import reconcile_wholes, type_summary

__all__ = ["FileTables", "read_file"]


@dataclass
class FileTables:
    """What one file gave: its tables per kind (sheet.Part: arrays or records, made into frames once for the
    whole load), a row account per sheet, the issues."""

    frames: dict[str, list[Part]] = field(default_factory=lambda: {k: [] for k in KIND_COLUMNS})
    accounts: list[dict] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    kept: list[tuple] = field(default_factory=list)  # (grid, located, reading, (year, source)) when asked
    left: list[tuple[str, str]] = field(default_factory=list)  # (sheet, why) of sheets not read as the user said


def read_file(path: Path, year: int | None = None, mapping: dict[str, str] | None = None,
              keep: bool = False, rules: list[SheetRules] | None = None) -> FileTables:
    """Every table of one file (raises read.ReadError when the file can't be read at all). `keep`: also keep
    each sheet's grid, located table and reading, for explaining how the file was read. `rules`: how the user
    said to read the file's sheets (sheet/overrides.py; at most one without a sheet name)."""
    grids = read_workbook(path)
    out = FileTables()
    located = 0
    unlocated: list[SheetGrid] = []
    tables = []
    refused: list[tuple[SheetGrid, SheetRules]] = []
    rules = rules or []
    out.issues.extend(_missing_sheets(str(path), grids, rules))
    for grid in grids:
        rule = _rule_for(grid.sheet, rules)
        if rule is None or (rule.hidden == "leave" and grid.hidden):
            why = _left(out, grid, rules, rule)
            out.left.append((grid.sheet, why))
            continue
        grid, encoding = decode_grid(grid)
        loc = locate_by_rules(grid, mapping, rule)
        if grid.body is not None and (loc is None or loc.kind != "members" or encoding):
            # a large sheet read into Arrow columns that is not a Unicode member list: read it cell by cell
            grid = read_sheet(grid.file, grid.sheet)
            grid, encoding = decode_grid(grid)
            loc = locate_by_rules(grid, mapping, rule)
        if loc is None:
            has_text = any(any(str(v).strip() for v in row if v is not None) for row in grid.rows)
            if rule.shapes_table and has_text and grid.sheet != LISTS_SHEET:
                refused.append((grid, rule))
            elif grid.sheet != LISTS_SHEET and has_text:
                unlocated.append(grid)
            continue
        parts, notes = split_tables(grid, loc, mapping, bool(rule.columns))
        out.issues.extend(notes)  # several tables in one sheet (side by side, years side by side), or refused
        located += not parts
        tables.extend((view, part, encoding, rule) for view, part in parts)
    # the user's way of reading gives no table: an error where the user named the sheet or no sheet has a table
    out.issues.extend(_refused(grid, rule, "error" if rule.sheet or not tables else "warning")
                      for grid, rule in refused)
    done: list[tuple] = []
    shown = {loc.kind: grid.sheet for grid, loc, _, _ in tables if not grid.hidden}
    for grid, loc, encoding, rule in tables:
        if grid.hidden and loc.kind in shown and rule.hidden != "take":
            # files are copied from last year's: a hidden sheet beside a visible table of the same kind is
            # usually the old table travelling along; adding it would count its rows as this period's
            out.issues.append(Issue("warning", "hidden_sheet_skipped", f"sheet bị ẩn có bảng {KIND_NAMES[loc.kind]} "
                                    f"giống sheet đang hiện '{shown[loc.kind]}' (thường là bảng cũ chép theo tệp năm "
                                    "trước): không đọc; nếu đây là số liệu cần đọc, hãy bỏ ẩn sheet hoặc ghi "
                                    "'trang_an: doc' trong cách đọc (cach_doc.yaml)",
                                    grid.file, grid.sheet, a1(loc.header_row, min(loc.columns.values()))))
            out.left.append((grid.sheet, "sheet ẩn, có bảng giống sheet đang hiện"))
            continue
        located += 1
        out.issues.extend(_sheet_notes(grid, loc, encoding, rule))
        if rule.period:
            sheet_year, source = rule.period, rule.said("period") or "theo cách đọc"
        elif loc.fixed_period:  # one year's group of columns in a table of several years
            sheet_year, source = loc.fixed_period, f"lấy từ {loc.origin.get('period', 'tiêu đề cột')}"
        else:
            sheet_year, source = year_from_context(grid, loc.header_rows[0])
            source = f"lấy từ {source}" if sheet_year else ("lấy từ tham số --year" if year else "")
        reading = extract(grid, loc, sheet_year or year)
        quarter, quarter_source = _quarter(out, grid, loc, rule, reading, sheet_year or year)
        if keep:
            period = f"quý {labels.QUARTER_NAMES[quarter]} năm {sheet_year or year}" if quarter else sheet_year or year
            said = f"{source}; quý {quarter_source}" if quarter else source
            if rule.quarter == 0:
                said = f"{source}; bảng cả năm {quarter_source}"
            out.kept.append((grid, loc, reading, (period, said)))
        out.issues.extend(reading.issues)
        if loc.kind != "members":
            out.issues.extend(_sheet_checks(grid, loc, reading))
        done.append((grid, loc, reading))
    # a sheet per organisation type and a "Tổng hợp" sheet: the whole checked against the parts, never added
    kinds = {loc.kind for _, loc, _ in done}
    summaries = [s for s in (type_summary(g, mapping, kinds) for g in unlocated) if s is not None]
    unlocated = [g for g in unlocated if all(s["grid"] is not g for s in summaries)]
    drop, whole_issues = reconcile_wholes(done, summaries)
    out.issues.extend(whole_issues)
    for i, (_grid, loc, reading) in enumerate(done):
        account = reading.account.__dict__
        if i in drop:  # read, checked, and left out: its rows are the parts' rows again
            account = {**account, "loaded": 0, "excluded": account["excluded"] + account["loaded"]}
        else:
            out.frames[loc.kind].append(reading.part)
        out.accounts.append(account)
    out.issues.extend(_untabled(grids, unlocated, located + len(refused) + len(summaries)))
    return out


def _quarter(out: FileTables, grid: SheetGrid, loc, rule: SheetRules, reading, year: int | None):
    """The quarter of a quarterly review (None: a yearly table) and where it came from: what the user said
    ('quy' in cach_doc.yaml; 0 is a yearly table), else the title, the sheet name or the file name. A quarter
    from a name only is weak evidence: marked, for the load to refuse it beside a yearly table of that year."""
    cell = a1(loc.header_row, min(loc.columns.values()))
    found, source = quarter_from_context(grid, loc.header_rows[0])
    if rule.quarter is not None:
        quarter, said = rule.quarter or None, rule.said("quarter") or "theo cách đọc"
        if found and not quarter:
            out.issues.append(Issue("info", "quarter_overridden",
                                    f"{source} có chữ quý {labels.QUARTER_NAMES[found]} nhưng {said} đây là bảng cả "
                                    "năm: đọc là kết quả năm", grid.file, grid.sheet, cell))
    else:
        quarter, said = found, f"lấy từ {source}"
    if quarter and not reading.part.empty:  # a quarterly review: its rows never mix with the year's
        reading.part = reading.part.with_quarter(quarter)
        reading._frame = None  # the sheet's frame, if made already, is made again with its quarter
        # said in a note when the title or the user said it; a warning when only a name did (weak evidence)
        weak = rule.quarter is None and source in ("tên sheet", "tên tệp")
        out.issues.append(Issue("warning" if weak else "info", "quarterly_table",
                                f"bảng được đọc là kết quả đánh giá quý {labels.QUARTER_NAMES[quarter]} năm {year} "
                                f"({said}): không tính vào kết quả năm; "
                                "nếu đây là bảng của cả năm, hãy bỏ chữ 'quý' khỏi tiêu đề, tên sheet hoặc tên tệp, "
                                "hoặc ghi 'quy: 0' trong cách đọc (cach_doc.yaml)", grid.file, grid.sheet, cell))
        if rule.quarter is None and source in ("tên sheet", "tên tệp"):
            name = grid.sheet if source == "tên sheet" else grid.file.rsplit("/", 1)[-1]
            out.issues.append(Issue("info", "quarter_weak_source", f"quý {labels.QUARTER_NAMES[quarter]} chỉ lấy từ "
                                    f"{source} '{name}', tiêu đề bảng không ghi quý", grid.file, grid.sheet, cell))
    return quarter, said


def _same_sheet(a: str, b: str) -> bool:
    return nfc(a).strip().casefold() == nfc(b).strip().casefold()


def _rule_for(sheet: str, rules: list[SheetRules]) -> SheetRules | None:
    """The rules of one sheet: those naming it on top of those for every sheet; None when rules name other
    sheets only (the user chose those). No rules: empty ones."""
    general = next((r for r in rules if not r.sheet), None)
    named = [r for r in rules if r.sheet]
    own = next((r for r in named if _same_sheet(r.sheet, sheet)), None)
    if own is not None:
        return merge_rules(general, own) if general else own
    if named:
        return None
    return general or SheetRules()


def _missing_sheets(file: str, grids: list[SheetGrid], rules: list[SheetRules]) -> list[Issue]:
    names = [g.sheet for g in grids]
    return [Issue("error", "no_such_sheet", f"tệp không có sheet '{r.sheet}' ({r.said('sheet') or 'theo cách đọc'})"
                  f"; các sheet của tệp: " + ", ".join(f"'{n}'" for n in names), file)
            for r in rules if r.sheet and not any(_same_sheet(r.sheet, n) for n in names)]


def _left(out: FileTables, grid: SheetGrid, rules: list[SheetRules], rule: SheetRules | None) -> str:
    """A sheet the user said not to read: why, in words (and as a note)."""
    if rule is None:
        chosen = [r for r in rules if r.sheet]
        why = "chỉ đọc " + ", ".join(f"sheet '{r.sheet}' ({r.said('sheet') or 'theo cách đọc'})" for r in chosen)
    else:
        why = f"sheet ẩn, bỏ {rule.said('hidden') or 'theo cách đọc'}"
    out.issues.append(Issue("info", "sheet_left_by_rule", f"sheet không được đọc: {why}", grid.file, grid.sheet))
    return why


def _refused(grid: SheetGrid, rule: SheetRules, severity: str) -> Issue:
    """A sheet where the table can't be read as the user said: an error naming what was said, and where."""
    header = ""
    if rule.header_rows and rule.header_rows[1] < len(grid.rows):
        texts = [nfc(v) for r in range(rule.header_rows[0], rule.header_rows[1] + 1) for v in grid.rows[r]
                 if v is not None and nfc(v)]
        header = "; các dòng tiêu đề có: " + (" | ".join(texts)[:200] if texts else "(trống)")
    elif rule.header_rows:
        header = f"; sheet chỉ có {len(grid.rows)} dòng"
    return Issue(severity, "rule_no_table", "không đọc được bảng theo cách đọc đã chỉ định (" + describe_rules(rule)
                 + f"): cần một cột tên và một cột xếp loại (hoặc các cột mức, số lượng){header}", grid.file,
                 grid.sheet)


def _sheet_notes(grid: SheetGrid, loc, encoding: str | None, rule: SheetRules) -> list[Issue]:
    """What the user should know about a sheet before its rows: legacy text decoded, hidden sheet, headers
    not understood."""
    out = []
    if encoding:
        out.append(Issue("info", "legacy_encoding", f"văn bản trong sheet dùng bảng mã cũ {encoding.upper()}; "
                         "đã chuyển sang Unicode", grid.file, grid.sheet))
    if grid.hidden and rule.hidden == "take":
        out.append(Issue("info", "hidden_sheet", f"sheet bị ẩn, đọc {rule.said('hidden')}", grid.file, grid.sheet))
    elif grid.hidden:
        out.append(Issue("warning", "hidden_sheet", "sheet bị ẩn nhưng có dữ liệu; dữ liệu vẫn được đọc",
                         grid.file, grid.sheet))
    for c, text in loc.unmapped.items():
        out.append(Issue("warning", "unmapped_header", f"cột '{text}' không nhận ra nên bị bỏ qua (bảng "
                         f"{KIND_NAMES[loc.kind]} cần các cột: {expected_headers(loc.kind)}); nếu cần cột "
                         "này, dùng --map hoặc 'cot' trong cách đọc (cach_doc.yaml)", grid.file, grid.sheet,
                         a1(loc.header_row, c)))
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

""""How I read this file": per sheet, the table's range, its header rows, each column's header cell and the
field it was read as, the period and where it came from, the rows kept and skipped by kind with their ranges,
and the reconciliations with what the sheet prints. An analyst checks it against the open file."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from .. import config
from ..cellref import a1, col_letter
from ..read import ReadError, find_spreadsheets
from ..sheet import KIND_COLUMNS, KIND_NAMES
from ..sheet.vocabulary import CUM_PREFIX, LEVEL_PREFIX, PCT_PREFIX
from .files import read_file
from .sidecar import reading_rules

__all__ = ["explain", "explain_file", "explain_tables", "explanation_text", "unreadable_lines"]

_ROW_KINDS = (  # (mask on Rows, label), in the order they are listed
    ("group", "dòng nhóm (loại hình)"), ("grand_total", "dòng tổng"), ("subtotal", "dòng cộng của nhóm"),
    ("sub_unit", "chi bộ trực thuộc (nằm trong số của đảng bộ cơ sở)"), ("pct_row", "dòng tỷ lệ"),
    ("repeated_header", "tiêu đề cột lặp lại (đầu trang in)"), ("summary", "dòng tổng hợp bằng chữ"),
    ("note", "ghi chú, dòng không thuộc bảng"), ("after_footer", "phần ký tên, nơi nhận"),
    ("by_rule", "bỏ theo cách đọc"),
)


def _field_label(kind: str, canon: str) -> str:
    for prefix, what in ((LEVEL_PREFIX, "số/đánh dấu mức {}"), (PCT_PREFIX, "tỷ lệ mức {}"),
                         (CUM_PREFIX, "mức {} trở lên")):
        if canon.startswith(prefix):
            return what.format(canon[len(prefix):])
    return next((header for c, header, _ in KIND_COLUMNS[kind] if c == canon), canon)


def _ranges(rows: list[int]) -> str:
    """1-based row numbers as ranges: 9–12, 15."""
    out, start, prev = [], None, None
    for r in rows:
        if start is None:
            start = prev = r
        elif r == prev + 1:
            prev = r
        else:
            out.append(f"{start}–{prev}" if prev > start else str(start))
            start = prev = r
    if start is not None:
        out.append(f"{start}–{prev}" if prev > start else str(start))
    return ", ".join(out)


def _header_cell(grid, loc, c: int) -> str:
    """The cell whose text names column c: the lowest header row with text there (merged parents aside)."""
    for r in range(loc.header_rows[1], loc.header_rows[0] - 1, -1):
        row = grid.rows[r]
        if c < len(row) and row[c] not in (None, ""):
            return f"{a1(r, c)} '{str(row[c]).strip()}'"
    return f"cột {col_letter(c)}"


def _said(loc, key: str) -> str:
    where = loc.origin.get(key)
    return f" (theo {where})" if where else ""


def explain_file(path: Path, year: int | None = None, mapping: dict[str, str] | None = None,
                 rules: list | None = None) -> list[str]:
    """The lines that say how one file was read (`rules`: how the user said to read it, sheet/overrides.py)."""
    try:
        tables = read_file(Path(path), year, mapping, keep=True, rules=rules)
    except ReadError as exc:
        return unreadable_lines(path, str(exc))
    return explain_tables(path, tables)


def unreadable_lines(path: Path | str, why: str) -> list[str]:
    """What the explanation says of a file that could not be read."""
    return [f"Tệp {path}: không đọc được: {why}"]


def explain_tables(path: Path | str, tables) -> list[str]:
    """The lines that say how one file was read, from what read_file(keep=True) gave (files.FileTables)."""
    lines = [f"Tệp {path}"]
    for sheet, why in tables.left:
        lines.append(f"  Sheet '{sheet}': không đọc ({why})")
    for issue in tables.issues:
        if issue.code in ("no_such_sheet", "rule_no_table"):
            lines.append(f"  {issue.as_line()}")
    if not tables.kept:
        lines.append("  không có bảng nào nhận ra được")
    for grid, loc, reading, (period, source) in tables.kept:
        first_col, last_col = min(loc.columns.values()), max(loc.columns.values())
        last_row = loc.data_start + (reading.rows.n if reading.rows is not None else 0)
        lines.append(f"  Sheet '{grid.sheet}'{' (ẩn)' if grid.hidden else ''}: bảng {KIND_NAMES[loc.kind]}, "
                     f"{a1(loc.header_rows[0], first_col)}:{a1(max(last_row - 1, loc.data_start), last_col)}")
        depth = loc.header_rows[1] - loc.header_rows[0] + 1
        lines.append(f"    Tiêu đề cột: dòng {loc.header_rows[0] + 1}–{loc.header_rows[1] + 1} ({depth} dòng"
                     f"{'; theo ' + loc.origin['header_rows'] if 'header_rows' in loc.origin else ''}); "
                     f"dữ liệu từ dòng {loc.data_start + 1}")
        lines.append(f"    Kỳ báo cáo: {period if period else 'không rõ'}" + (f" ({source})" if source else ""))
        if "kind" in loc.origin:
            lines.append(f"    Loại bảng: {KIND_NAMES[loc.kind]}{_said(loc, 'kind')}")
        lines.append("    Cột:")
        for canon, c in sorted(loc.columns.items(), key=lambda kv: kv[1]):
            lines.append(f"      {_header_cell(grid, loc, c)} → {_field_label(loc.kind, canon)}"
                         + _said(loc, f"col:{c}"))
        for key in sorted(k for k in loc.origin if k.startswith("col:")):
            c = int(key[4:])
            if c not in loc.columns.values():
                lines.append(f"      cột {col_letter(c)} → không dùng{_said(loc, key)}")
        for c, text in sorted(loc.unmapped.items()):
            lines.append(f"      {a1(loc.header_row, c)} '{text}' → không dùng")
        acc = reading.account
        lines.append(f"    Dòng: {acc.read} dòng có chữ = {acc.loaded} dữ liệu + {acc.excluded} bỏ qua + "
                     f"{acc.rejected} bị loại (lỗi)")
        rows = reading.rows
        if rows is not None:
            base = loc.data_start + 1
            kept = np.flatnonzero(rows.candidates & ~rows.missing_key)
            lines.append(f"      dữ liệu: {_ranges([base + i for i in kept])}")
            masks = {"grand_total": rows.total & ~rows.subtotal, "after_footer": rows.nonblank & rows.after_footer}
            for name, label in _ROW_KINDS:
                mask = masks.get(name, getattr(rows, name, None))
                live = mask & rows.nonblank & (~rows.after_footer if name != "after_footer" else True)
                if live.any():
                    lines.append(f"      {label}{_said(loc, 'skip_rows') if name == 'by_rule' else ''}: "
                                 f"{_ranges([base + i for i in np.flatnonzero(live)])}")
        checks = [i for i in tables.issues if i.sheet == grid.sheet and i.code in (
            "total_mismatch", "percentage_mismatch", "summary_mismatch")]
        for printed in reading.printed_totals:
            what = "dòng cộng của nhóm" if printed.subtotal else "dòng tổng"
            bad = [i for i in checks if i.code == "total_mismatch" and re.sub(r"^[A-Z]+", "", i.cell or "")
                   == str(printed.row + 1)]
            lines.append(f"    Đối chiếu {what} dòng {printed.row + 1}: {len(printed.values)} ô, "
                         + (f"{len(bad)} ô lệch (xem lỗi)" if bad else "khớp với các hàng đã đọc"))
        others = [i for i in checks if i.code != "total_mismatch"]
        if others:
            lines.append(f"    Đối chiếu tỷ lệ, dòng tổng hợp: {len(others)} chỗ lệch (xem lỗi)")
    return lines


def explain(paths, year: int | None = None, mapping: dict[str, str] | None = None,
            rules_file=None, overrides: dict | None = None) -> str:
    """How every file under `paths` (none: data/raw) was read, as text; `rules_file`, `overrides`: as load()."""
    targets = list(paths) or [config.RAW_DIR]
    book, bad = reading_rules(targets, rules_file, overrides)
    return explanation_text(book.sources, bad, [explain_file(path, year, mapping, book.rules_for(path) if book
                                                             else None) for path in find_spreadsheets(targets)])


def explanation_text(sources: list[str], bad: list, per_file: list[list[str]]) -> str:
    """The whole explanation: where the ways of reading came from, their problems (`bad`: Issues), then each
    file's lines (explain_tables), in the order of the files."""
    out: list[str] = [f"Cách đọc theo: {', '.join(sources)}", ""] if sources else []
    out += [issue.as_line() for issue in bad] + ([""] if bad else [])
    for lines in per_file:
        out.extend(lines)
        out.append("")
    return "\n".join(out)

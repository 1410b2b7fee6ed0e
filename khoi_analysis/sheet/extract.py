"""A located table's rows as a tidy frame: which rows are data, and which are blank, signature, total, group or
note rows, is decided by rows.classify_rows for every kind; member lists are then cleaned column-wise
(members.py), the small tables row by row (clean.py). The last printed total row is handed on as data, for the
checks to reconcile with."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..cellref import a1
from ..issues import Issue
from ..labels import LEVELS
from ..read import SheetGrid
from ..text import fold
from .arrow import where
from .clean import CLEANERS, share_agrees
from .locate import Located
from .members import extract_members
from .messages import period_clash, row_message
from .parts import Part, RecordPart
from .rows import RowAccount, Rows, classify_rows
from .values import to_number
from .vocabulary import CUM_PREFIX, LEVEL_PREFIX, ROMAN, SUMMARY_LINE

__all__ = ["PrintedTotal", "Reading", "extract"]


@dataclass
class PrintedTotal:
    """A total row as the sheet prints it: per field (total, rated, a level code, quota, admitted) the number
    printed (None when blank or not a number) and its cell (0-based row, column); the records it sums are
    frame rows first..last (a group's total: its group; the table's total: all)."""

    row: int
    values: dict[str, tuple[float | None, int]] = field(default_factory=dict)  # field -> (number, column)
    first: int = 0
    last: int | None = None
    subtotal: bool = False


@dataclass
class Reading:
    """One table read from a sheet: its rows as a Part (arrays or records, no pandas object); `frame`, the
    sheet's frame, is made from it when first asked for."""

    kind: str
    part: Part
    issues: list[Issue]
    account: RowAccount
    printed_totals: list[PrintedTotal] = field(default_factory=list)  # for the reconciliation checks
    rows: Rows | None = None  # the row kinds (small tables), for "how I read this file"
    _frame: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            self._frame = self.part.frame()
        return self._frame


def _summable(loc: Located) -> list[tuple[str, str]]:
    """(field, column key) of the columns a total row sums, in the order they are checked."""
    if loc.kind == "member_counts":
        keys = [c for c in ("total", "rated", *(LEVEL_PREFIX + lvl for lvl in loc.levels),
                            *(CUM_PREFIX + lvl for lvl in loc.cumulative)) if c in loc.columns]
    elif loc.kind == "orgs":
        keys = [LEVEL_PREFIX + lvl for lvl in loc.levels]
    elif loc.kind == "admissions":
        keys = [c for c in ("quota", "admitted") if c in loc.columns]
    else:
        keys = []
    return [(k[len(LEVEL_PREFIX):] if k.startswith(LEVEL_PREFIX) else k[len(CUM_PREFIX):] + "+"
             if k.startswith(CUM_PREFIX) else k, k) for k in keys]


def extract(grid: SheetGrid, loc: Located, year: int | None) -> Reading:
    """Rows of the located table as a frame of the kind's fields, with the issues found and the row account.
    `year`: the period of rows that don't say theirs."""
    if loc.kind == "members":
        return Reading(loc.kind, *extract_members(grid, loc, year))
    account = RowAccount(grid.file, grid.sheet, loc.kind)
    issues: list[Issue] = []
    cols = loc.columns
    first = loc.data_start
    records: list[dict[str, object]] = []
    totals: list[PrintedTotal] = []
    summaries: list[tuple[int, int, str]] = []  # (row, number, unit) of "Tổng số: N TCCS" lines
    group_type: str | None = None
    scope = 0  # the first record of the current group
    previous: tuple[int, dict[str, float]] | None = None  # counts of the row above, for a "Tỷ lệ" row
    first_col = min(cols.values())
    clean = CLEANERS[loc.kind]
    heading: PrintedTotal | None = None  # the figures on the current group's heading row ("1 | Khối Đảng | 120 …")
    outer_type: str | None = None  # the type named by the current Roman group row

    def flag(severity: str, code: str, message: str, r: int, canon: str) -> None:
        issues.append(Issue(severity, code, message, grid.file, grid.sheet, a1(r, cols.get(canon, first_col))))

    rows = classify_rows(grid, loc)
    account.read, account.excluded = rows.read, rows.excluded
    texts_of = rows.text_lists()
    for i in where(rows.nonblank & ~rows.after_footer):
        r = first + i
        if rows.by_rule[i]:  # the user said to skip it
            continue
        row = grid.rows[r]
        values = {canon: (row[c] if c < len(row) else None) for canon, c in cols.items()}
        if rows.total[i]:  # not data, but a cross-check
            sub = bool(rows.subtotal[i])
            if heading is not None and not sub:
                heading.last, heading = len(records), None
            totals.append(PrintedTotal(r, {name: (to_number(values.get(key)), cols[key])
                                           for name, key in _summable(loc)}, scope if sub else 0, len(records), sub))
            previous = (r, _counts_of(loc, values))
            scope = len(records) if sub else scope
            continue
        if rows.group[i]:  # names the type of the rows below it; a numbered heading inside a Roman group keeps
            # the Roman group's type when it names none, a heading at the same level never inherits one
            if ROMAN.match(fold(texts_of["seq"][i] or "").rstrip(".")) if "seq" in texts_of else True:
                group_type = outer_type = rows.group_type[i]
            else:
                group_type = rows.group_type[i] or outer_type
            scope = len(records)
            if heading is not None:
                heading.last = len(records)
            heading = None
            if rows.group_figures is not None and rows.group_figures[i]:  # figures on it: its group's subtotal
                heading = PrintedTotal(r, {name: (to_number(values.get(key)), cols[key]) for name, key in
                                           _summable(loc)}, len(records), None, True)
                totals.append(heading)
                previous = (r, _counts_of(loc, values))
            continue
        if rows.pct_row[i]:
            issues.extend(_check_share_row(grid, loc, r, values, previous))
            continue
        if rows.summary[i]:
            m = SUMMARY_LINE.match(fold(texts_of[rows.key_cols[0]][i] or "")) if rows.key_cols else None
            if m:
                summaries.append((r, int(re.sub(r"\D", "", m.group(2))), m.group(3)))
            continue
        if rows.sub_unit[i]:
            previous = (r, _counts_of(loc, values))  # its own "Tỷ lệ" row may follow
            continue
        if rows.note[i] or rows.repeated_header[i]:
            continue
        if rows.missing_key[i]:
            account.rejected += 1
            flag("error", "missing_key", row_message("missing_key", kind=loc.kind), r,
                 rows.key_cols[0] if rows.key_cols else "seq")
            continue
        texts = {canon: texts_of[canon][i] or "" for canon in cols}
        rec: dict[str, object] = {"row": r + 1, "ref": a1(r, cols[next(c for c in rows.key_cols if texts.get(c))])}
        row_year = to_number(values.get("year")) if "year" in cols else None
        if loc.fixed_period and row_year and int(row_year) != loc.fixed_period:
            account.rejected += 1
            flag("error", "period_conflict", row_message("period_conflict", raw=period_clash(loc, row_year)), r,
                 "year")
            continue
        rec["year"] = int(row_year) if row_year else year
        if rec["year"] is None:
            account.rejected += 1
            flag("error", "missing_year", row_message("missing_year"), r, "year")
            continue
        ok = clean(loc, values, texts, rec, lambda sev, code, msg, canon, r=r: flag(sev, code, msg, r, canon))
        if loc.kind in ("orgs", "member_counts") and not rec.get("org_type") and group_type:
            rec["org_type"] = group_type
        if r in grid.hidden_rows:
            flag("warning", "hidden_row", row_message("hidden_row"), r, rows.key_cols[0] if rows.key_cols else "seq")
        if ok:
            records.append(rec)
            account.loaded += 1
            previous = (r, {k: float(v) for k, v in rec.items() if k in ("rated", *LEVELS) and v is not None})
        else:
            account.rejected += 1
            previous = None
    if heading is not None:
        heading.last = len(records)
    part = RecordPart(grid.file, grid.sheet, records=records)
    if rows.sub_unit.any():
        subs = [first + i for i in where(rows.sub_unit)]
        issues.append(Issue("info", "sub_units_inside_parent", f"{len(subs)} dòng chi bộ trực thuộc (số thứ tự "
                            "dạng 1.1, hoặc '- …' dưới đảng bộ cơ sở) không tính là TCCS: số của chúng nằm trong số "
                            "của đảng bộ cơ sở ở dòng trên", grid.file, grid.sheet,
                            a1(subs[0], cols.get("seq", first_col))))
    for r, number, unit in summaries:
        issues.extend(_check_summary(grid, loc, r, number, unit, records, account))
    return Reading(loc.kind, part, issues, account, totals, rows)


def _counts_of(loc: Located, values: dict[str, object]) -> dict[str, float]:
    """The level counts (and number rated) a total row prints."""
    out = {lvl: to_number(values.get(LEVEL_PREFIX + lvl)) or 0.0 for lvl in loc.levels}
    rated = to_number(values.get("rated")) if "rated" in loc.columns else None
    out["rated"] = rated if rated is not None else sum(out.values())
    return out


def _check_share_row(grid: SheetGrid, loc: Located, r: int, values: dict[str, object],
                     previous: tuple[int, dict[str, float]] | None) -> list[Issue]:
    """A "Tỷ lệ (%)" row against the counts of the row above it: each printed share must agree."""
    if previous is None:
        return []
    above, counts = previous
    rated = counts.get("rated") or 0.0
    out = []
    for lvl in loc.levels:
        printed = to_number(values.get(LEVEL_PREFIX + lvl))
        if printed is None or lvl not in counts:
            continue
        expected = 100 * counts[lvl] / rated if rated else 0.0
        if not share_agrees(printed, expected):
            col = loc.columns[LEVEL_PREFIX + lvl]
            out.append(Issue("error", "percentage_mismatch", f"dòng tỷ lệ ghi {printed:g} cho mức {lvl} nhưng tính "
                             f"từ số lượng ở {a1(above, col)} là {expected:.2f}".replace(".", ","), grid.file,
                             grid.sheet, a1(r, col)))
    return out


def _check_summary(grid: SheetGrid, loc: Located, r: int, number: int, unit: str, records: list[dict],
                   account: RowAccount) -> list[Issue]:
    """A "Tổng số: N TCCS" (or "N đảng viên") line under the table against the rows read."""
    if unit in ("dang vien", "dv"):
        if loc.kind != "member_counts" or not any("total" in rec for rec in records):
            return []
        totals = [rec.get("total") for rec in records]
        got = int(sum(v for v in totals if v is not None and v == v))
        what = "tổng số đảng viên các hàng"
    else:
        got, what = account.loaded + account.rejected, "số TCCS trong bảng"
    if got == number:
        return []
    return [Issue("error", "summary_mismatch", f"dòng tổng hợp ghi {number} nhưng {what} là {got}", grid.file,
                  grid.sheet, a1(r, loc.columns.get("org_name", min(loc.columns.values()))))]

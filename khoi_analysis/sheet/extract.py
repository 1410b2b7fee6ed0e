"""A located table's rows as a tidy frame: which rows are data, and which are blank, signature, total, group or
note rows, is decided by rows.classify_rows for every kind; member lists are then cleaned column-wise
(members.py), the small tables row by row (clean.py). The last printed total row is handed on as data, for the
checks to reconcile with."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..cellref import a1
from ..issues import Issue
from ..read import SheetGrid
from .arrow import where
from .clean import CLEANERS
from .locate import Located
from .members import extract_members
from .messages import row_message
from .rows import RowAccount, classify_rows
from .values import to_number
from .vocabulary import LEVEL_PREFIX

__all__ = ["PrintedTotal", "Reading", "extract"]


@dataclass
class PrintedTotal:
    """A total row as the sheet prints it: per field (total, rated, a level code, quota, admitted) the number
    printed (None when blank or not a number) and its cell (0-based row, column)."""

    row: int
    values: dict[str, tuple[float | None, int]] = field(default_factory=dict)  # field -> (number, column)


@dataclass
class Reading:
    """One table read from a sheet."""

    kind: str
    frame: pd.DataFrame
    issues: list[Issue]
    account: RowAccount
    printed_total: PrintedTotal | None = None  # the last total row, for the reconciliation checks


def _summable(loc: Located) -> list[tuple[str, str]]:
    """(field, column key) of the columns a total row sums, in the order they are checked."""
    if loc.kind == "member_counts":
        keys = [c for c in ("total", "rated", *(LEVEL_PREFIX + lvl for lvl in loc.levels)) if c in loc.columns]
    elif loc.kind == "orgs":
        keys = [LEVEL_PREFIX + lvl for lvl in loc.levels]
    elif loc.kind == "admissions":
        keys = [c for c in ("quota", "admitted") if c in loc.columns]
    else:
        keys = []
    return [(k[len(LEVEL_PREFIX):] if k.startswith(LEVEL_PREFIX) else k, k) for k in keys]


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
    totals: list[tuple[int, dict[str, object]]] = []
    group_type: str | None = None
    first_col = min(cols.values())
    clean = CLEANERS[loc.kind]

    def flag(severity: str, code: str, message: str, r: int, canon: str) -> None:
        issues.append(Issue(severity, code, message, grid.file, grid.sheet, a1(r, cols.get(canon, first_col))))

    rows = classify_rows(grid, loc)
    account.read, account.excluded = rows.read, rows.excluded
    texts_of = {canon: arr.to_pylist() for canon, arr in rows.texts.items()}
    for i in where(rows.nonblank & ~rows.after_footer):
        r = first + i
        row = grid.rows[r]
        values = {canon: (row[c] if c < len(row) else None) for canon, c in cols.items()}
        if rows.total[i]:
            totals.append((r, values))  # not data, but a cross-check
            continue
        if rows.group[i]:
            group_type = rows.group_type[i] or group_type  # names the type of the rows below it
            continue
        if rows.note[i]:
            continue
        if rows.missing_key[i]:
            account.rejected += 1
            flag("error", "missing_key", row_message("missing_key", kind=loc.kind), r,
                 rows.key_cols[0] if rows.key_cols else "seq")
            continue
        texts = {canon: texts_of[canon][i] or "" for canon in cols}
        rec: dict[str, object] = {"row": r + 1, "ref": a1(r, cols[next(c for c in rows.key_cols if texts.get(c))])}
        row_year = to_number(values.get("year")) if "year" in cols else None
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
        else:
            account.rejected += 1
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        frame = pd.DataFrame({"row": pd.Series(dtype="int64"), "year": pd.Series(dtype="int64")})
    frame["file"] = grid.file
    frame["sheet"] = grid.sheet
    printed = None
    if totals:
        r, values = totals[-1]
        printed = PrintedTotal(r, {name: (to_number(values.get(key)), cols[key]) for name, key in _summable(loc)})
    return Reading(loc.kind, frame, issues, account, printed)

"""Member lists, column-wise on Arrow string columns: tens of thousands to a million rows with no Python loop
over rows; text work vectorised or done once per distinct value."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import labels
from ..cellref import a1, col_letter
from ..issues import Issue
from ..read import SheetGrid
from ..regimes import level_from_score, regime_for
from ..text import parse_rating
from .arrow import codes, distinct_map, present, where
from .locate import Located
from .messages import period_clash, row_message
from .parts import MemberPart
from .rows import RowAccount, classify_rows
from .values import to_date, to_number


def extract_members(grid: SheetGrid, loc: Located, year: int | None):
    """extract() for member lists, column-wise on Arrow string columns: tens of thousands to a million rows,
    no Python loop over rows; text work is vectorised or done once per distinct value."""

    account = RowAccount(grid.file, grid.sheet, loc.kind)
    issues: list[Issue] = []
    cols = loc.columns
    first = loc.data_start
    if grid.height - first <= 0:
        return MemberPart(grid.file, grid.sheet), issues, account
    rows = classify_rows(grid, loc)
    n, texts, key_cols = rows.n, rows.text_arrays(), rows.key_cols
    null = pa.nulls(n, pa.string())

    def listed(canon: str):
        """A column as the row rules gave it: a list of texts for a small table (no conversion back from
        Arrow), else its Arrow array; a column the table lacks is all blank."""
        col = rows.texts.get(canon)
        return col if isinstance(col, list) else texts.get(canon, null)

    candidates, missing_key = rows.candidates, rows.missing_key
    account.read, account.excluded = rows.read, rows.excluded
    key_col0 = cols.get(key_cols[0], min(cols.values())) if key_cols else min(cols.values())

    def say(severity: str, code: str, rows_: list[int], col: int, **details) -> None:
        for i in rows_:
            extra = {k: v[i].as_py() for k, v in details.items()}
            issues.append(Issue(severity, code, row_message(code, kind="members", **extra), grid.file, grid.sheet,
                                a1(first + i, col)))

    say("error", "missing_key", where(missing_key), key_col0)
    keep = candidates & ~missing_key
    if "year" in cols:
        years = distinct_map(texts["year"], to_number, "float64")
        years = np.where(np.isnan(years), np.nan if year is None else float(year), years)
    else:
        years = np.full(n, np.nan if year is None else float(year))
    if loc.fixed_period and "year" in cols:
        clash = keep & ~np.isnan(years) & (years != float(loc.fixed_period))
        say("error", "period_conflict", where(clash), cols["year"],
            raw=pa.array([period_clash(loc, y) if c else "" for y, c in zip(years, clash)], pa.string()))
        keep &= ~clash
    else:
        clash = np.zeros(n, bool)
    no_year = keep & np.isnan(years)
    say("error", "missing_year", where(no_year), cols.get("year", key_col0))
    keep &= ~no_year
    rating_text = texts.get("rating", null)
    rating = codes(listed("rating"), parse_rating, list(labels.LEVELS))  # positions in labels.LEVELS, -1: none
    has_rating_text = present(listed("rating"))
    unknown = keep & has_rating_text & (rating == -1)
    rating_col = cols.get("rating", key_col0)
    say("error", "unknown_rating", where(unknown), rating_col, raw=rating_text)
    if "score" in cols:
        score, bad_score, rating = _scores(texts["score"], years, rating, "rating" in cols, keep & ~unknown, say,
                                           cols["score"])
        keep &= ~bad_score
    else:
        score = np.full(n, np.nan)
    if "rating" not in cols:  # no level column: the score is the rating given (its level from the bands)
        has_rating_text = has_rating_text | ~np.isnan(score)
    reason = listed("unrated_reason")
    no_reason = keep & ~has_rating_text & ~present(reason)
    say("warning", "unrated_without_reason", where(no_reason), rating_col)
    if isinstance(reason, list):
        reason = pa.array([NO_REASON if blank else v for v, blank in zip(reason, no_reason.tolist())], pa.string())
    else:
        reason = pc.if_else(pa.array(no_reason), pa.scalar(NO_REASON), reason)
    if "birth_date" in cols:
        birth_text = texts["birth_date"]
        birth = parse_dates(listed("birth_date"))
        bad = keep & present(birth_text) & ~present(birth)
        say("warning", "bad_date", where(bad), cols["birth_date"], raw=birth_text)
    else:
        birth = pa.nulls(n, pa.date32())
    say("warning", "hidden_row", sorted(r - first for r in grid.hidden_rows if 0 <= r - first < n and keep[r - first]),
        key_col0)
    loaded = keep & ~unknown

    def rows_of(arr):  # the loaded rows (all of them, usually: then no copy)
        return arr if loaded.all() else arr.take(pa.array(np.flatnonzero(loaded)))

    code = texts.get("member_code", null)
    name = texts.get("name", null)
    org_name = rows_of(texts.get("org_name", null))
    row_numbers = np.flatnonzero(loaded) + first + 1
    key_letter = col_letter(cols[key_cols[0]])  # the key cell: the code where there is one, else the name
    name_letter = col_letter(cols["name"]) if key_cols == ["member_code", "name"] else None
    ref = cell_refs(row_numbers, key_letter, rows_of(code), name_letter)
    columns = {
        "row": row_numbers.astype("int64"),
        "ref": ref,
        "year": years[loaded].astype("int64"),
        "org_name": org_name,
        "rating": rating[loaded],
        "score": score[loaded],
        "unrated_reason": rows_of(reason),
        "member_code": rows_of(code),
        "name": rows_of(name),
        "birth_date": rows_of(birth),
        "cell": rows_of(texts.get("cell", null)),
    }
    account.rejected = int(missing_key.sum()) + int(no_year.sum()) + int(unknown.sum()) + int(clash.sum()) + \
        (int(bad_score.sum()) if "score" in cols else 0)
    account.loaded = int(loaded.sum())
    return MemberPart(grid.file, grid.sheet, columns=columns), issues, account


def _scores(text, years, rating: np.ndarray, has_level_column: bool, keep, say, col: int):
    """Member scores (100 points, QĐ 366-QĐ/TW) as floats (NaN: none), the rows refused for them, and the ratings
    (with no level column, the level follows from the year's bands). A level above its score's band, a score
    outside 0–100 and a score alone before 2025 are errors; a level below its band is allowed (conditions)."""
    raw = distinct_map(text, to_number, "float64")  # NaN where not a number, as the years above
    given = present(text)
    bad = keep & given & (np.isnan(raw) | (raw < 0) | (raw > 100))
    say("error", "bad_score", where(bad), col, raw=text)
    scored = keep & given & ~bad
    band = np.full(len(raw), -1, dtype=np.int32)  # index in labels.LEVELS, -1: the year's rules have no bands
    for y in np.unique(years[scored & ~np.isnan(years)]):
        regime = regime_for(int(y))
        if regime is None or regime.bands is None:
            continue
        rows = scored & (years == y)
        band[rows] = [labels.LEVELS.index(level_from_score(v, regime)) for v in raw[rows]]
    refused = bad.copy()
    if not has_level_column:
        alone = scored & (band < 0)
        say("error", "score_without_level", where(alone), col, raw=text)
        refused |= alone
        rating = rating.copy()
        rating[scored & (band >= 0)] = band[scored & (band >= 0)]
    else:
        above = scored & (band >= 0) & (rating > band)
        say("error", "level_above_score", where(above), col, raw=text)
        refused |= above
    return np.where(scored & ~refused, raw, np.nan), refused, rating


NO_REASON = "Không ghi lý do"  # the reason given a member left unrated without one
SMALL_PART = 256  # member lists up to this many rows: refs and date cells in Python (Arrow's fixed cost per call
# is more than the rows' work), with the answers of the Arrow path (tests/sheet/test_member_paths.py)
_DATE_CELL = re.compile(r"[12][0-9]{3}-[0-9]{2}-[0-9]{2} 00:00:00")  # a date cell's text (body_text), at midnight


def cell_refs(row_numbers: np.ndarray, key_letter: str, code, name_letter: str | None):
    """The key cell of each loaded row ("B7"): the code's column, or the name's (`name_letter`) where a row has
    no code (`code`: the loaded rows' codes) when the key is code-or-name."""
    if len(row_numbers) <= SMALL_PART:
        numbers = [str(r) for r in row_numbers.tolist()]
        if name_letter is None:
            return pa.array([key_letter + r for r in numbers], type=pa.string())
        return pa.array([(key_letter if c is not None else name_letter) + r for c, r in zip(code.to_pylist(), numbers)],
                        type=pa.string())
    numbers = pc.cast(pa.array(row_numbers), pa.string())
    ref = pc.binary_join_element_wise(key_letter, numbers, "")
    if name_letter is not None:
        ref = pc.if_else(code.is_valid(), ref, pc.binary_join_element_wise(name_letter, numbers, ""))
    return ref


def parse_dates(arr):
    """Birth dates from cell texts (an Arrow string array, or a list of texts): date cells (as fastexcel writes
    them) vectorised, typed dates once per distinct value with the same formats as to_date. A small list whose
    every text is a date cell at midnight (what calamine's dates become) is read in Python: the same dates,
    without Arrow's fixed cost per call."""

    if len(arr) <= SMALL_PART:
        dates = _midnight_cells(arr if isinstance(arr, list) else arr.to_pylist())
        if dates is not None:
            return pa.array(dates, type=pa.date32())
    if isinstance(arr, list):
        arr = pa.array(arr, type=pa.string())
    null = pa.scalar(None, pa.string())
    maybe = pc.if_else(pc.equal(pc.utf8_length(arr), len("2000-01-01 00:00:00")), arr, null)
    stamps = pc.strptime(maybe, format="%Y-%m-%d %H:%M:%S", unit="s", error_is_null=True)
    # strptime rolls 1980-02-31 over to 2 March: such a text is not a date cell
    same_day = pc.equal(pc.day(stamps), pc.cast(pc.utf8_slice_codeunits(maybe, 8, 10), pa.int64()))
    is_cell = pc.fill_null(same_day, False)
    cells = pc.cast(pc.if_else(is_cell, stamps, pa.scalar(None, stamps.type)), pa.date32())
    rest = pc.if_else(is_cell, null, arr)
    if rest.null_count == len(rest):
        return cells
    typed = pa.array(distinct_map(rest, to_date), type=pa.date32())
    return pc.coalesce(cells, typed)


def _midnight_cells(texts: list) -> list | None:
    """The dates of texts that are all date cells at midnight ("1980-02-03 00:00:00") or blank; None when one is
    anything else (then the general path reads them all)."""
    out = []
    for text in texts:
        if text is None:
            out.append(None)
            continue
        if _DATE_CELL.fullmatch(text) is None:
            return None
        try:
            out.append(dt.date.fromisoformat(text[:10]))  # YYYY-MM-DD, checked above
        except ValueError:  # 1980-02-31: not a date cell (the general path says what it is)
            return None
    return out

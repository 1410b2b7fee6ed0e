"""Locating the table in a sheet: the header block (one to three rows, merged parents carried over the
columns they span, a column-number row below), each column's field, the kind of table, and the period."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..read import SheetGrid
from ..text import fold, parse_rating
from .values import cell_text
from .vocabulary import (
    ALIASES,
    ALL_ALIASES,
    AT_LEAST,
    CANONS,
    COLUMN_NUMBER,
    CUM_PREFIX,
    DATE_LINE,
    HEADER_SCAN_ROWS,
    KIND_COLUMNS,
    LEVEL_PREFIX,
    MAX_HEADER_DEPTH,
    MEMBER_HINTS,
    OF_WHICH,
    PCT_PREFIX,
    PCT_SUB,
    QUARTER_IN_NAME,
    QUARTER_IN_TEXT,
    QUARTER_NUMBERS,
    REQUIRED,
    YEAR_ANY,
    YEAR_IN_TEXT,
    header_key,
)


@dataclass
class Located:
    kind: str
    header_rows: tuple[int, int]  # first and last 0-based row of the header block
    columns: dict[str, int]  # canonical name -> 0-based column; levels as "lvl:HTXSNV", shares as "pct:HTXSNV"
    data_start: int  # first row after the header (and its column-number row)
    unmapped: dict[int, str] = field(default_factory=dict)  # column -> header text we could not map
    # what the user said (sheet/overrides.py): rows not to read, the period of every row, where each was said
    skip_rows: frozenset[int] = frozenset()
    fixed_period: int | None = None
    origin: dict[str, str] = field(default_factory=dict)

    @property
    def header_row(self) -> int:
        return self.header_rows[1]

    @property
    def levels(self) -> dict[str, int]:
        return {k[len(LEVEL_PREFIX):]: c for k, c in self.columns.items() if k.startswith(LEVEL_PREFIX)}

    @property
    def cumulative(self) -> dict[str, int]:
        """Columns of a level and every level above it ("HTTNV trở lên")."""
        return {k[len(CUM_PREFIX):]: c for k, c in self.columns.items() if k.startswith(CUM_PREFIX)}

    @property
    def pcts(self) -> dict[str, int]:
        return {k[len(PCT_PREFIX):]: c for k, c in self.columns.items() if k.startswith(PCT_PREFIX)}


def _header_parts(grid: SheetGrid, top: int, bottom: int,
                  merged_parent: dict[tuple[int, int], str]) -> dict[int, list[str]]:
    """Per column, the header texts from `top` to `bottom`, parents carried across the columns they span."""
    width = max((len(grid.rows[r]) for r in range(top, bottom + 1)), default=0)
    parts: dict[int, list[str]] = {}
    for r in range(top, bottom + 1):
        row = grid.rows[r]
        carry = ""
        for c in range(width):
            text = cell_text(row[c]) if c < len(row) else ""
            if text:
                carry = text if r < bottom else ""
            elif (r, c) in merged_parent:
                text = merged_parent[(r, c)]
            elif r < bottom and carry and _has_text_below(grid, r, bottom, c):
                text = carry  # an unmerged parent spans the columns that have sub-headers under it
            else:
                carry = "" if r < bottom and not _has_text_below(grid, r, bottom, c) else carry
            if text:
                parts.setdefault(c, []).append(text)
    return parts


def _has_text_below(grid: SheetGrid, r: int, bottom: int, c: int) -> bool:
    return any(c < len(grid.rows[i]) and cell_text(grid.rows[i][c]) for i in range(r + 1, bottom + 1))


def _merged_fill(grid: SheetGrid) -> dict[tuple[int, int], str]:
    """Header cells covered by a merged range, with the range's text (only the top-left cell holds it)."""
    out: dict[tuple[int, int], str] = {}
    for r0, c0, r1, c1 in grid.merged:
        if r0 >= HEADER_SCAN_ROWS + MAX_HEADER_DEPTH or r0 >= len(grid.rows):
            continue
        text = cell_text(grid.rows[r0][c0]) if c0 < len(grid.rows[r0]) else ""
        if not text:
            continue
        for r in range(r0, min(r1, HEADER_SCAN_ROWS + MAX_HEADER_DEPTH) + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0) and r == r0:
                    out[(r, c)] = text
    return out


_MAPPED: dict[tuple, str | None] = {}  # (kind, parts, extra) -> _map_column's answer: headers repeat across files


def _map_column(kind: str, parts: list[str], extra: dict[str, str]) -> str | None:
    """Canonical name of one column from its header parts (top to bottom), or None (memoised: pure)."""
    key = (kind, tuple(parts), tuple(extra.items()))
    if key not in _MAPPED:
        if len(_MAPPED) > 65536:
            _MAPPED.clear()
        _MAPPED[key] = _map_column_uncached(kind, parts, extra)
    return _MAPPED[key]


def _map_column_uncached(kind: str, parts: list[str], extra: dict[str, str]) -> str | None:
    keys = [header_key(p) for p in parts]
    # a level column: the lowest part that names a rating level ("Trong đó: HTXSNV" under "HTTNV trở lên");
    # a part below it says count or share; "… trở lên" is that level or better
    for i in range(len(parts) - 1, -1, -1):
        part = OF_WHICH.sub("", parts[i])
        at_least = bool(AT_LEAST.search(part))
        part = AT_LEAST.sub("", part)
        level = parse_rating(part) or parse_rating(re.sub(r"(?i)\(?\s*(số lượng|sl|tỷ lệ|tỉ lệ|%)\s*\)?", "", part))
        if level:
            below = " ".join(keys[i + 1:])
            own_pct = "%" in part or "ty le" in keys[i] or "ti le" in keys[i]
            if own_pct or below in PCT_SUB or below.endswith("%") or below.startswith(("ty le", "ti le")):
                return PCT_PREFIX + level if not at_least else None
            return (CUM_PREFIX if at_least and level != "HTXSNV" else LEVEL_PREFIX) + level
    aliases = ALIASES[kind]
    for key in (" ".join(keys), keys[-1], keys[0]):
        canon = extra.get(key) or aliases.get(key)
        if canon and canon in CANONS[kind]:
            return canon
    return None


def locate(grid: SheetGrid, mapping: dict[str, str] | None = None, *, header_rows: tuple[int, int] | None = None,
           forced: dict[str, dict[int, str]] | None = None, kinds: tuple[str, ...] | None = None) -> Located | None:
    """Find the header block and the kind of table in a sheet, wherever it is. `mapping` maps extra header
    texts (as typed) to canonical names, e.g. {"Tên đơn vị cơ sở": "org_name"}.
    What the user said (sheet/overrides.py): `header_rows`, the header block (0-based first, last); `forced`, per
    kind of table the field of some columns (column -> canonical name, or "-" for a column not used: a kind
    missing from it can't be this table); `kinds`, the kinds of table to try."""
    extra = {header_key(k): v for k, v in (mapping or {}).items()}
    merged_parent = _merged_fill(grid)
    best: tuple[int, Located] | None = None
    tried = tuple(k for k in (kinds or KIND_COLUMNS) if forced is None or k in forced)
    fixed = header_rows is not None
    for top, bottom in _blocks(grid, extra, forced, header_rows):
        parts = _header_parts(grid, top, bottom, merged_parent)
        depth = bottom - top + 1
        if len(parts) < 2 and not (fixed or forced):
            continue
        for kind in tried:
            own = (forced or {}).get(kind, {})
            cols = _columns(kind, parts, extra, own)
            n_levels = sum(1 for k in cols if k.startswith((LEVEL_PREFIX, CUM_PREFIX)))
            have = set(cols) | ({"levels"} if n_levels >= 2 else set())
            if not all(any(g in have for g in group) for group in REQUIRED[kind]):
                continue
            if kind == "orgs" and n_levels and _counts_table(parts, cols) and not (kinds and "orgs" in kinds):
                continue  # level columns with member counts: that is a member_counts table
            if kind == "member_counts" and not _counts_table(parts, cols) and not (kinds and kind in kinds):
                continue
            start = bottom + 1
            if not fixed and start < len(grid.rows) and _continues_header(grid.rows[start], cols, kind, extra):
                continue  # the row below is more header ("Mức xếp loại | Ngày thẩm định"): a deeper block
            score = len(cols) * 10 - depth
            if best is None or score > best[0]:
                unmapped = {c: " / ".join(p) for c, p in parts.items() if c not in cols.values() and c not in own}
                if start < len(grid.rows) and _is_column_number_row(grid.rows[start], cols):
                    start += 1
                best = (score, Located(kind, (top, bottom), cols, start, unmapped))
    return best[1] if best else None


def _blocks(grid: SheetGrid, extra: dict[str, str], forced, header_rows: tuple[int, int] | None):
    """Candidate header blocks (first, last row): the one the user gave, else every block of 1 to 3 rows that
    starts with a header-like row and holds no data row."""
    if header_rows is not None:
        if header_rows[1] < len(grid.rows):
            yield header_rows
        return
    for top in range(min(len(grid.rows), HEADER_SCAN_ROWS)):
        if not _header_like(grid.rows[top], extra, forced):
            continue
        for depth in range(1, MAX_HEADER_DEPTH + 1):
            bottom = top + depth - 1
            if bottom >= len(grid.rows) or (depth > 1 and not _textual(grid.rows[bottom])):
                break  # a header holds words (or a year): a row with numbers or dates is data
            yield top, bottom


_COLUMNS: dict[tuple, dict[str, int]] = {}  # _columns' answers (pure): hundreds of files share a header


def _columns(kind: str, parts: dict[int, list[str]], extra: dict[str, str], own: dict[int, str]) -> dict[str, int]:
    """Canonical name -> column for one kind of table; the columns the user named (`own`) as they said."""
    key = (kind, tuple((c, tuple(p)) for c, p in parts.items()), tuple(extra.items()), tuple(own.items()))
    found = _COLUMNS.get(key)
    if found is None:
        if len(_COLUMNS) > 4096:
            _COLUMNS.clear()
        found = _COLUMNS[key] = _columns_uncached(kind, parts, extra, own)
    return dict(found)


def _columns_uncached(kind: str, parts: dict[int, list[str]], extra: dict[str, str],
                      own: dict[int, str]) -> dict[str, int]:
    cols: dict[str, int] = {}
    said = set(own.values())
    for c, p in parts.items():
        if c in own:
            continue
        canon = _map_column(kind, p, extra)
        if canon and canon not in cols and canon not in said:
            if canon.startswith((LEVEL_PREFIX, PCT_PREFIX, CUM_PREFIX)) and kind not in ("orgs", "member_counts"):
                continue
            cols[canon] = c
    cols.update({canon: c for c, canon in own.items() if canon != "-"})
    return cols


def _header_like(row: list[object], extra: dict[str, str], forced: dict[str, dict[int, str]] | None = None) -> bool:
    """A row that can start a header: no numbers or dates in it (data rows have them) and at least one cell
    that is a known header (or a column whose field the user named)."""
    found = False
    if forced:
        named = {c for own in forced.values() for c in own}
        found = any(c < len(row) and isinstance(row[c], str) and row[c].strip() for c in named)
    for v in row:
        if v is None or v == "":
            continue
        if not isinstance(v, str):
            return False
        if not found:
            key = header_key(v)
            found = key in ALL_ALIASES or key in extra
    return found


def _textual(row: list[object]) -> bool:
    for v in row:
        if v is None or v == "" or isinstance(v, str):
            continue
        if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() and 1990 <= v <= 2100:
            continue
        return False
    return True


def _continues_header(row: list[object], cols: dict[str, int], kind: str, extra: dict[str, str]) -> bool:
    """The row under a candidate header is itself header: text only, nothing in the key column, and a known
    header or level name among its cells."""
    key = next((cols[k] for k in REQUIRED[kind][0] if k in cols), None)
    if key is not None and key < len(row) and cell_text(row[key]):
        return False
    texts = []
    for v in row:
        if v is None or v == "":
            continue
        if not isinstance(v, str):
            return False
        texts.append(v)
    return any(header_key(t) in ALL_ALIASES or header_key(t) in extra or parse_rating(t) for t in texts)


def _counts_table(parts: dict[int, list[str]], cols: dict[str, int]) -> bool:
    """Level columns hold member counts (not x-marks): member count columns, a 'Số lượng' sub-header, a share
    column, or 'đảng viên' in a header above the levels."""
    if {"total", "rated", "exempt"} & set(cols):
        return True
    if any(k.startswith(PCT_PREFIX) for k in cols):
        return True
    for key, c in cols.items():
        if key.startswith(LEVEL_PREFIX):
            text = " ".join(header_key(p) for p in parts[c])
            # "số lượng" (count), not the "lượng" of "chất lượng" in "Kết quả xếp loại chất lượng"
            if "so luong" in text or any(h in text for h in MEMBER_HINTS):
                return True
    return False


def _is_column_number_row(row: list[object], cols: dict[str, int]) -> bool:
    texts = [fold(cell_text(row[c])) for c in cols.values() if c < len(row) and cell_text(row[c])]
    return len(texts) >= 2 and all(COLUMN_NUMBER.match(t) for t in texts)


def year_from_context(grid: SheetGrid, header_row: int) -> tuple[int | None, str]:
    """The review year from the title rows above the header, else the sheet name, else the file name."""
    for row in grid.rows[:header_row]:
        for v in row:
            if v is None:  # a blank cell says nothing (no pattern here matches an empty text)
                continue
            m = YEAR_IN_TEXT.search(DATE_LINE.sub(" ", fold(cell_text(v))))
            if m:
                return int(m.group(1)), "tiêu đề"
    for source, text in (("tên sheet", grid.sheet), ("tên tệp", grid.file.rsplit("/", 1)[-1])):
        m = YEAR_ANY.search(text)
        if m:
            return int(m.group(1)), source
    return None, ""


def quarter_from_context(grid: SheetGrid, header_row: int) -> tuple[int | None, str]:
    """The quarter (1–4) of a quarterly review from the title rows above the header ("… QUÝ III NĂM 2026"), else
    the sheet name, else the file name ("quy_3_2026"); None for a yearly review."""
    for row in grid.rows[:header_row]:
        for v in row:
            if v is None:  # a blank cell says nothing (no pattern here matches an empty text)
                continue
            m = QUARTER_IN_TEXT.search(DATE_LINE.sub(" ", fold(cell_text(v))))
            if m:
                return QUARTER_NUMBERS[m.group(1)], "tiêu đề"
    for source, text in (("tên sheet", grid.sheet), ("tên tệp", grid.file.rsplit("/", 1)[-1])):
        m = QUARTER_IN_NAME.search(fold(text))
        if m:
            return QUARTER_NUMBERS[m.group(1)], source
    return None, ""

"""From a grid of cell values to a tidy frame: find the table, map its headers, clean its values.

Pure functions: a SheetGrid in, (frame, issues, row accounting) out. The table is found wherever it is in the
sheet, under a header of one to three rows (merged parents such as "Kết quả xếp loại" over the four levels,
"Số lượng" / "Tỷ lệ (%)" under each level, a row of column numbers below). Every non-blank row of the table is
loaded, excluded (total, group, note and signature rows) or rejected with a reason; nothing is dropped silently.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from . import labels
from .cellref import a1, col_letter
from .issues import Issue
from .read import SheetGrid
from .text import (
    ODD_WS_RE2,
    decode_legacy,
    detect_legacy,
    fold,
    font_encoding,
    nfc,
    org_key,
    parse_bool,
    parse_org_type,
    parse_rating,
    squeeze_arrow,
)

KIND_COLUMNS = {
    "orgs": labels.ORG_COLUMNS,
    "members": labels.MEMBER_COLUMNS,
    "member_counts": labels.MEMBER_COUNT_COLUMNS,
    "admissions": labels.ADMISSION_COLUMNS,
    "targets": labels.TARGET_COLUMNS,
}
KIND_NAMES = {"orgs": "TCCS", "members": "đảng viên", "member_counts": "số lượng đảng viên theo TCCS",
              "admissions": "kết nạp", "targets": "chỉ tiêu"}
LEVEL_PREFIX, PCT_PREFIX = "lvl:", "pct:"
HEADER_SCAN_ROWS = 40
MAX_HEADER_DEPTH = 3

_ABBREVIATIONS = {"dv": "dang vien", "sl": "so luong", "tl": "ty le", "cb": "chi bo", "db": "dang bo"}
_PUNCT = re.compile(r"[^0-9a-z%]+")


def header_key(text: str) -> str:
    """Folded header text with punctuation dropped and abbreviations spelt out: 'Tổng số ĐV' -> 'tong so dang vien'."""
    words = _PUNCT.sub(" ", fold(text).replace("%", " % ")).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


_ALIASES: dict[str, dict[str, str]] = {
    kind: {header_key(alias): canon for canon, header, aliases in cols for alias in (header, *aliases)}
    for kind, cols in KIND_COLUMNS.items()
}
_CANONS = {kind: {c[0] for c in cols} for kind, cols in KIND_COLUMNS.items()}
_PCT_SUB = {header_key(x) for x in labels.PCT_SUBHEADERS} | {"%"}
_MEMBER_HINTS = ("dang vien",)
# A table of a kind needs one column of each group.
REQUIRED = {
    "orgs": (("org_name",), ("rating", "org_type", "levels")),
    "members": (("member_code", "name"), ("rating", "unrated_reason")),
    "member_counts": (("org_name",), ("levels", "rated", "total")),
    "admissions": (("org_name",), ("admitted",)),
    "targets": (("name",), ("threshold",)),
}
_YEAR_IN_TEXT = re.compile(r"\bnam\s*((?:19|20)\d\d)\b")
_YEAR_ANY = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_TOTAL_WORDS = {"tong cong", "cong", "tong so", "tong", "toan khoi", "cong toan khoi", "tong cong toan khoi",
                "tong toan khoi", "tong so chung", "cong chung"}
_TOTAL_PREFIXES = ("tong cong ", "cong khoi ", "cong toan ", "tong so toan ", "tong toan ")
_FOOTER_PREFIXES = ("noi nhan", "t/m", "tm.", "tm ", "nguoi lap", "xac nhan", "ky ten", "kt.", "k/t",
                    "ban thuong vu", "t.m")
_ROMAN = re.compile(r"^(?=[ivxlc]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$|^\(?[a-z]\)?$")
_MARKS = {"x", "✓", "✔", "v", "1", "+", "*"}


@dataclass
class Located:
    kind: str
    header_rows: tuple[int, int]  # first and last 0-based row of the header block
    columns: dict[str, int]  # canonical name -> 0-based column; levels as "lvl:HTXSNV", shares as "pct:HTXSNV"
    data_start: int  # first row after the header (and its column-number row)
    unmapped: dict[int, str] = field(default_factory=dict)  # column -> header text we could not map

    @property
    def header_row(self) -> int:
        return self.header_rows[1]

    @property
    def levels(self) -> dict[str, int]:
        return {k[len(LEVEL_PREFIX):]: c for k, c in self.columns.items() if k.startswith(LEVEL_PREFIX)}

    @property
    def pcts(self) -> dict[str, int]:
        return {k[len(PCT_PREFIX):]: c for k, c in self.columns.items() if k.startswith(PCT_PREFIX)}


@dataclass
class RowAccount:
    """Per sheet: rows read = loaded + excluded + rejected."""

    file: str
    sheet: str
    kind: str
    read: int = 0
    loaded: int = 0
    excluded: int = 0
    rejected: int = 0


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(value)


# ------------------------------------------------------------------------------------------------ decoding
def decode_grid(grid: SheetGrid) -> tuple[SheetGrid, str | None]:
    """The grid with legacy-encoded text (TCVN3, VNI) decoded to Unicode NFC, and the encoding found.
    Cell fonts decide where the file has them; text statistics decide for the whole sheet otherwise."""
    rows = grid.rows
    if grid.fonts:
        encoded = {pos: font_encoding(name) for pos, name in grid.fonts.items()}
        encoded = {pos: enc for pos, enc in encoded.items() if enc[0]}
        if not encoded:
            return grid, None
        new_rows = [list(r) for r in rows]
        for (r, c), (enc, caps) in encoded.items():
            if r < len(new_rows) and c < len(new_rows[r]) and isinstance(new_rows[r][c], str):
                new_rows[r][c] = decode_legacy(new_rows[r][c], enc, caps)
        found = sorted({enc for enc, _ in encoded.values()})
        return _replace_rows(grid, new_rows), "+".join(found)
    texts: list[str] = []
    for row in rows:  # a sample is enough to tell the encoding
        texts.extend(v for v in row if isinstance(v, str) and v and not v.isascii())
        if len(texts) >= 5000:
            break
    enc = detect_legacy(texts)
    if enc is None:
        return grid, None
    new_rows = [[decode_legacy(v, enc) if isinstance(v, str) else v for v in row] for row in rows]
    return _replace_rows(grid, new_rows), enc


def _replace_rows(grid: SheetGrid, rows: list[list[object]]) -> SheetGrid:
    return dataclasses.replace(grid, rows=rows)


# ------------------------------------------------------------------------------------------------ locating
def _header_parts(grid: SheetGrid, top: int, bottom: int,
                  merged_parent: dict[tuple[int, int], str]) -> dict[int, list[str]]:
    """Per column, the header texts from `top` to `bottom`, parents carried across the columns they span."""
    width = max((len(grid.rows[r]) for r in range(top, bottom + 1)), default=0)
    parts: dict[int, list[str]] = {}
    for r in range(top, bottom + 1):
        row = grid.rows[r]
        carry = ""
        for c in range(width):
            text = _cell_text(row[c]) if c < len(row) else ""
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
    return any(c < len(grid.rows[i]) and _cell_text(grid.rows[i][c]) for i in range(r + 1, bottom + 1))


def _merged_fill(grid: SheetGrid) -> dict[tuple[int, int], str]:
    """Header cells covered by a merged range, with the range's text (only the top-left cell holds it)."""
    out: dict[tuple[int, int], str] = {}
    for r0, c0, r1, c1 in grid.merged:
        if r0 >= HEADER_SCAN_ROWS + MAX_HEADER_DEPTH or r0 >= len(grid.rows):
            continue
        text = _cell_text(grid.rows[r0][c0]) if c0 < len(grid.rows[r0]) else ""
        if not text:
            continue
        for r in range(r0, min(r1, HEADER_SCAN_ROWS + MAX_HEADER_DEPTH) + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0) and r == r0:
                    out[(r, c)] = text
    return out


def _map_column(kind: str, parts: list[str], extra: dict[str, str]) -> str | None:
    """Canonical name of one column from its header parts (top to bottom), or None."""
    keys = [header_key(p) for p in parts]
    # a level column: one part names a rating level; a part below says count or share
    for i, part in enumerate(parts):
        level = parse_rating(part) or parse_rating(re.sub(r"(?i)\(?\s*(số lượng|sl|tỷ lệ|tỉ lệ|%)\s*\)?", "", part))
        if level:
            below = " ".join(keys[i + 1:])
            own_pct = "%" in part or "ty le" in keys[i] or "ti le" in keys[i]
            if own_pct or below in _PCT_SUB or below.endswith("%") or below.startswith(("ty le", "ti le")):
                return PCT_PREFIX + level
            return LEVEL_PREFIX + level
    aliases = _ALIASES[kind]
    for key in (" ".join(keys), keys[-1], keys[0]):
        canon = extra.get(key) or aliases.get(key)
        if canon and canon in _CANONS[kind]:
            return canon
    return None


def locate(grid: SheetGrid, mapping: dict[str, str] | None = None) -> Located | None:
    """Find the header block and the kind of table in a sheet, wherever it is. `mapping` maps extra header
    texts (as typed) to canonical names, e.g. {"Tên đơn vị cơ sở": "org_name"}."""
    extra = {header_key(k): v for k, v in (mapping or {}).items()}
    merged_parent = _merged_fill(grid)
    best: tuple[int, Located] | None = None
    n = min(len(grid.rows), HEADER_SCAN_ROWS)
    for top in range(n):
        if not _header_like(grid.rows[top], extra):
            continue
        for depth in range(1, MAX_HEADER_DEPTH + 1):
            bottom = top + depth - 1
            if bottom >= len(grid.rows):
                break
            parts = _header_parts(grid, top, bottom, merged_parent)
            if len(parts) < 2:
                continue
            for kind in KIND_COLUMNS:
                cols: dict[str, int] = {}
                for c, p in parts.items():
                    canon = _map_column(kind, p, extra)
                    if canon and canon not in cols:
                        if canon.startswith((LEVEL_PREFIX, PCT_PREFIX)) and kind not in ("orgs", "member_counts"):
                            continue
                        cols[canon] = c
                n_levels = sum(1 for k in cols if k.startswith(LEVEL_PREFIX))
                have = set(cols) | ({"levels"} if n_levels >= 2 else set())
                if not all(any(g in have for g in group) for group in REQUIRED[kind]):
                    continue
                if kind == "orgs" and n_levels and _counts_table(parts, cols):
                    continue  # level columns with member counts: that is a member_counts table
                if kind == "member_counts" and not _counts_table(parts, cols):
                    continue
                score = len(cols) * 10 - depth
                if best is None or score > best[0]:
                    unmapped = {c: " / ".join(p) for c, p in parts.items() if c not in cols.values()}
                    start = bottom + 1
                    if start < len(grid.rows) and _is_column_number_row(grid.rows[start], cols):
                        start += 1
                    best = (score, Located(kind, (top, bottom), cols, start, unmapped))
    return best[1] if best else None


_ALL_ALIASES = set().union(*(set(a) for a in _ALIASES.values()))


def _header_like(row: list[object], extra: dict[str, str]) -> bool:
    """A row that can start a header: no numbers or dates in it (data rows have them) and at least one cell
    that is a known header."""
    found = False
    for v in row:
        if v is None or v == "":
            continue
        if not isinstance(v, str):
            return False
        if not found:
            key = header_key(v)
            found = key in _ALL_ALIASES or key in extra
    return found


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
            if any(w in text.split() for w in ("luong",)) or any(h in text for h in _MEMBER_HINTS):
                return True
    return False


def _is_column_number_row(row: list[object], cols: dict[str, int]) -> bool:
    texts = [fold(_cell_text(row[c])) for c in cols.values() if c < len(row) and _cell_text(row[c])]
    return len(texts) >= 2 and all(_COLUMN_NUMBER.match(t) for t in texts)


def year_from_context(grid: SheetGrid, header_row: int) -> tuple[int | None, str]:
    """The review year from the title rows above the header, else the sheet name, else the file name."""
    for row in grid.rows[:header_row]:
        for v in row:
            m = _YEAR_IN_TEXT.search(fold(_cell_text(v)))
            if m:
                return int(m.group(1)), "tiêu đề"
    for source, text in (("tên sheet", grid.sheet), ("tên tệp", grid.file.rsplit("/", 1)[-1])):
        m = _YEAR_ANY.search(text)
        if m:
            return int(m.group(1)), source
    return None, ""


# ------------------------------------------------------------------------------------------------ values
def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return None if value != value else float(value)
    text = nfc(value).replace(" ", "").replace("%", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):  # 1.250 = one thousand two hundred fifty
        text = text.replace(".", "")
    text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = nfc(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _is_mark(value: object) -> bool:
    if value is None or value == "":
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == 1
    return fold(_cell_text(value)) in _MARKS


# ------------------------------------------------------------------------------------------------ extract
def extract(grid: SheetGrid, loc: Located, year: int | None) -> tuple[pd.DataFrame, list[Issue], RowAccount]:
    """Rows of the located table as a tidy frame of the kind's columns, with the issues found. Which rows are
    data, and which are blank, signature, total, group or note rows, is decided by _classify_rows for every
    kind; member lists are then cleaned column-wise (_extract_members), the small tables row by row."""
    if loc.kind == "members":
        return _extract_members(grid, loc, year)
    account = RowAccount(grid.file, grid.sheet, loc.kind)
    issues: list[Issue] = []
    cols = loc.columns
    first = loc.data_start
    records: list[dict[str, object]] = []
    totals: list[tuple[int, dict[str, object]]] = []
    group_type: str | None = None
    first_col = min(cols.values())

    def flag(severity: str, code: str, message: str, r: int, canon: str) -> None:
        issues.append(Issue(severity, code, message, grid.file, grid.sheet, a1(r, cols.get(canon, first_col))))

    rows = _classify_rows(grid, loc)
    account.read, account.excluded = rows.read, rows.excluded
    texts_of = {canon: arr.to_pylist() for canon, arr in rows.texts.items()}
    for i in _where(rows.nonblank & ~rows.after_footer):
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
            flag("error", "missing_key", _row_message("missing_key", kind=loc.kind), r,
                 rows.key_cols[0] if rows.key_cols else "seq")
            continue
        texts = {canon: texts_of[canon][i] or "" for canon in cols}
        rec: dict[str, object] = {"row": r + 1, "ref": a1(r, cols[next(c for c in rows.key_cols if texts.get(c))])}
        row_year = _number(values.get("year")) if "year" in cols else None
        rec["year"] = int(row_year) if row_year else year
        if rec["year"] is None:
            account.rejected += 1
            flag("error", "missing_year", _row_message("missing_year"), r, "year")
            continue
        ok = _clean(loc, values, texts, rec, lambda sev, code, msg, canon, r=r: flag(sev, code, msg, r, canon))
        if loc.kind in ("orgs", "member_counts") and not rec.get("org_type") and group_type:
            rec["org_type"] = group_type
        if r in grid.hidden_rows:
            flag("warning", "hidden_row", _row_message("hidden_row"), r, rows.key_cols[0] if rows.key_cols else "seq")
        if ok:
            records.append(rec)
            account.loaded += 1
        else:
            account.rejected += 1
    issues += _sheet_checks(grid, loc, records, totals)
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        frame = pd.DataFrame({"row": pd.Series(dtype="int64"), "year": pd.Series(dtype="int64")})
    frame["file"] = grid.file
    frame["sheet"] = grid.sheet
    return frame, issues, account


_TOTAL_PREFILTER = r"(?i)^[^\pL]*(t\pLng|c\pLng|to\pLn)"  # a cheap superset of the total-row labels


def _body_text(value: object) -> str:
    """A cell as the text the Arrow path works on: _cell_text, with dates written as fastexcel writes them."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return _cell_text(value)


def _column_texts(grid: SheetGrid, c: int, start: int):
    """Sheet column c from row `start` down as a clean Arrow string array (NFC, white space collapsed and
    trimmed, blank = null): fastexcel's column for large sheets, the grid's values otherwise (then cleaned
    once per distinct value)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = max(grid.height - start, 0)
    if grid.body is not None:
        r0, c0 = grid.body_origin
        k = c - c0
        if k < 0 or k >= grid.body.num_columns:
            return pa.nulls(n, pa.string())
        arr = grid.body.column(k).slice(start - r0)
        if arr.null_count == len(arr):
            return arr
        if pc.all(pc.ascii_is_decimal(arr)).as_py():
            return arr  # digits only (numbers, card numbers): nothing to clean, and never blank
        ascii = pc.all(pc.string_is_ascii(arr)).as_py()
        if not ascii:
            enc = arr.dictionary_encode()
            if len(enc.dictionary) * 8 <= len(arr):  # few distinct values: clean each once, in Python (nfc)
                clean = pa.array([nfc(v) or None for v in enc.dictionary.to_pylist()], type=pa.string())
                return clean.take(enc.indices)
            arr = pc.utf8_normalize(arr, "NFC")
        if ascii:  # the odd white space of ASCII text is all control characters: cheaper tests than a regex
            dirty = (not pc.all(pc.ascii_is_printable(arr)).as_py() or pc.any(pc.match_substring(arr, "  ")).as_py()
                     or not pc.all(pc.equal(pc.ascii_trim(arr, " "), arr)).as_py())
        else:
            dirty = pc.any(pc.match_substring_regex(arr, f"  |{ODD_WS_RE2}|^ | $")).as_py()
        if dirty:
            arr = squeeze_arrow(arr)
        if pc.any(pc.equal(arr, "")).as_py():
            arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
        return arr
    values = [row[c] if c < len(row) else None for row in grid.rows[start:]]
    mapping: dict[object, str | None] = {}
    for v in values:
        if v not in mapping:
            mapping[v] = _body_text(v) or None
    return pa.array([mapping[v] for v in values], type=pa.string())


def _distinct(arr):
    """The distinct non-null values of an Arrow array, and per row the position of its value among them
    (len(values) for a null)."""
    enc = arr.dictionary_encode()
    values = enc.dictionary.to_pylist()
    return values, enc.indices.fill_null(len(values)).to_numpy(zero_copy_only=False)


def _distinct_map(arr, fn, dtype=None):
    """fn applied once per distinct non-null value of an Arrow array; a numpy object array (None for null)."""
    import numpy as np

    values, idx = _distinct(arr)
    return np.array([fn(v) for v in values] + [None], dtype=dtype or object)[idx]


def _categorical(arr, fn=None, categories=None) -> pd.Categorical:
    """An Arrow string array as a pandas Categorical without a Python object per row: the distinct values
    (mapped through fn, if given) become the categories (or are looked up in `categories`)."""
    import numpy as np

    values, idx = _distinct(arr)
    if fn is not None:
        values = [fn(v) for v in values]
    if categories is None:
        categories = sorted({v for v in values if v is not None})
    position = {c: i for i, c in enumerate(categories)}
    lookup = np.array([position.get(v, -1) if v is not None else -1 for v in values] + [-1], dtype=np.int32)
    return pd.Categorical.from_codes(lookup[idx], categories=categories)


def _where(mask) -> list[int]:
    import numpy as np

    return np.flatnonzero(mask).tolist()


def _present(arr):
    """Rows of an Arrow array that are not null, as a numpy boolean array."""
    return arr.is_valid().to_numpy(zero_copy_only=False)


@dataclass
class _Rows:
    """Every row under a table's header, classified column-wise (numpy masks, one entry per row)."""

    n: int
    texts: dict  # canonical column -> Arrow string array of clean texts (null = blank)
    key_cols: list[str]
    nonblank: object  # any text in the row
    after_footer: object  # at or below the signature block
    total: object  # a total row (a cross-check, not data)
    group: object  # a group row naming the organisation type of the rows below (small tables only)
    group_type: object  # that type, for group rows (None elsewhere)
    note: object  # text outside the table's columns, or neither key nor values
    missing_key: object  # values but no key: rejected
    candidates: object  # data rows (key present or missing)

    @property
    def read(self) -> int:
        return int(self.nonblank.sum())

    @property
    def excluded(self) -> int:
        live = self.nonblank & ~self.after_footer
        return int((self.nonblank & self.after_footer).sum() + (live & (self.total | self.group | self.note)).sum())


_IDENTITY_COLUMNS = ("seq", "org_name", "name", "member_code", "org_type", "unrated_reason", "year", "cell",
                     "target_id")
_GROUP_KINDS = ("orgs", "member_counts", "admissions")


def _classify_rows(grid: SheetGrid, loc: Located) -> _Rows:
    """The row rules, for every kind of table, column-wise: blank rows; the signature block (from its first
    line down); total rows; group rows (Roman numeral + organisation type); notes; rows with values but no key.
    Text work is vectorised, or done once per distinct value on the few rows that can match."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    cols = loc.columns
    first = loc.data_start
    n = max(grid.height - first, 0)
    if grid.body is not None:
        width = grid.body_origin[1] + grid.body.num_columns
    else:
        width = max((len(r) for r in grid.rows[first:]), default=0)
    by_col = {c: _column_texts(grid, c, first) for c in range(width)}
    null = pa.nulls(n, pa.string())
    texts = {canon: by_col.get(c, null) for canon, c in cols.items()}

    def folded_starts(arr, rows: np.ndarray, prefixes) -> np.ndarray:
        """Rows (among `rows`) whose text, folded, starts with one of `prefixes`."""
        out = np.zeros(n, bool)
        idx = np.flatnonzero(rows)
        if len(idx):
            hits = _distinct_map(arr.take(pa.array(idx)), lambda v: fold(v).startswith(prefixes), bool)
            out[idx] = hits.astype(bool)
        return out

    def matches(arr, pattern: str) -> np.ndarray:
        """Rows whose text matches a regex that no all-digit text can match (those rows are not searched)."""
        out = np.zeros(n, bool)
        idx = np.flatnonzero(~pc.ascii_is_decimal(arr).fill_null(True).to_numpy(zero_copy_only=False))
        if len(idx):
            sub = arr.take(pa.array(idx))
            out[idx] = pc.match_substring_regex(sub, pattern).fill_null(False).to_numpy(zero_copy_only=False)
        return out

    def mapped_over(rows: np.ndarray, fn) -> np.ndarray:
        """fn over the label of the given rows, once per distinct label; None elsewhere."""
        out = np.full(n, None, dtype=object)
        idx = np.flatnonzero(rows)
        if len(idx):
            out[idx] = _distinct_map(label.take(pa.array(idx)), fn)
        return out

    mapped = set(cols.values())
    has_mapped = np.zeros(n, bool)
    for c in mapped:
        if c in by_col:
            has_mapped |= _present(by_col[c])
    has_other = np.zeros(n, bool)
    for c, arr in by_col.items():
        if c not in mapped:
            has_other |= _present(arr)
    nonblank = has_mapped | has_other
    first_text = pc.coalesce(*by_col.values()) if by_col else null
    key_cols = [c for c in REQUIRED[loc.kind][0] if c in cols]
    key_text = pc.coalesce(*(texts[c] for c in key_cols)) if key_cols else null
    has_key = _present(key_text)
    is_footer = folded_starts(first_text, nonblank & matches(first_text, r"\pL"), _FOOTER_PREFIXES)
    key_footer = folded_starts(key_text, is_footer & has_key, _FOOTER_PREFIXES)
    after_footer = np.cumsum(is_footer & (~has_key | key_footer)) > 0
    label = pc.coalesce(key_text, texts["seq"], first_text) if "seq" in texts else pc.coalesce(key_text, first_text)

    def is_total(v: str) -> bool:
        t = re.sub(r"[^a-z ]", "", fold(v)).strip()
        return t in _TOTAL_WORDS or t.startswith(_TOTAL_PREFIXES)

    total = mapped_over(matches(label, _TOTAL_PREFILTER), is_total).astype(bool)
    value_cols = ("rating", "birth_date") if loc.kind == "members" else [k for k in cols if k not in _IDENTITY_COLUMNS]
    has_values = np.zeros(n, bool)
    for k in value_cols:
        if k in texts:
            has_values |= _present(texts[k])
    group = np.zeros(n, bool)
    group_type = np.full(n, None, dtype=object)
    if loc.kind in _GROUP_KINDS and "seq" in texts:
        roman = _distinct_map(texts["seq"], lambda v: bool(_ROMAN.match(fold(v).rstrip(".")))).astype(bool)
        roman &= nonblank & ~total
        group_type[roman] = _distinct_map(key_text, lambda v: parse_org_type(v) or parse_org_type(
            re.sub(r"^(khoi|cac|nhom)\s+", "", fold(v))))[roman]
        group = roman & (~has_values | (group_type != None))  # noqa: E711 - elementwise
        group_type[~group] = None
    note = ~has_mapped | (~has_key & ~has_values)
    live = nonblank & ~after_footer
    candidates = live & ~total & ~group & ~note
    return _Rows(n, texts, key_cols, nonblank, after_footer, total, group, group_type, note, candidates & ~has_key,
                 candidates)


def _extract_members(grid: SheetGrid, loc: Located, year: int | None):
    """extract() for member lists, column-wise on Arrow string columns: tens of thousands to a million rows,
    no Python loop over rows; text work is vectorised or done once per distinct value."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    account = RowAccount(grid.file, grid.sheet, loc.kind)
    issues: list[Issue] = []
    cols = loc.columns
    first = loc.data_start
    empty = pd.DataFrame({"row": pd.Series(dtype="int64"), "year": pd.Series(dtype="int64")})
    if grid.height - first <= 0:
        return empty.assign(file=grid.file, sheet=grid.sheet), issues, account
    rows = _classify_rows(grid, loc)
    n, texts, key_cols = rows.n, rows.texts, rows.key_cols
    null = pa.nulls(n, pa.string())

    candidates, missing_key = rows.candidates, rows.missing_key
    account.read, account.excluded = rows.read, rows.excluded
    key_col0 = cols.get(key_cols[0], min(cols.values())) if key_cols else min(cols.values())

    def say(severity: str, code: str, rows_: list[int], col: int, **details) -> None:
        for i in rows_:
            extra = {k: v[i].as_py() for k, v in details.items()}
            issues.append(Issue(severity, code, _row_message(code, kind="members", **extra), grid.file, grid.sheet,
                                a1(first + i, col)))

    say("error", "missing_key", _where(missing_key), key_col0)
    keep = candidates & ~missing_key
    if "year" in cols:
        years = _distinct_map(texts["year"], _number, "float64")
        years = np.where(np.isnan(years), np.nan if year is None else float(year), years)
    else:
        years = np.full(n, np.nan if year is None else float(year))
    no_year = keep & np.isnan(years)
    say("error", "missing_year", _where(no_year), cols.get("year", key_col0))
    keep &= ~no_year
    rating_text = texts.get("rating", null)
    rating = _categorical(rating_text, parse_rating, list(labels.LEVELS))
    has_rating_text = _present(rating_text)
    unknown = keep & has_rating_text & (rating.codes == -1)
    rating_col = cols.get("rating", key_col0)
    say("error", "unknown_rating", _where(unknown), rating_col, raw=rating_text)
    reason = texts.get("unrated_reason", null)
    no_reason = keep & ~has_rating_text & ~_present(reason)
    say("warning", "unrated_without_reason", _where(no_reason), rating_col)
    reason = pc.if_else(pa.array(no_reason), pa.scalar("Không ghi lý do"), reason)
    if "birth_date" in cols:
        birth_text = texts["birth_date"]
        birth = _parse_dates(birth_text)
        bad = keep & _present(birth_text) & ~_present(birth)
        say("warning", "bad_date", _where(bad), cols["birth_date"], raw=birth_text)
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
    numbers = pc.cast(pa.array(row_numbers), pa.string())
    key_letter = col_letter(cols[key_cols[0]])  # the key cell: the code where there is one, else the name
    ref = pc.binary_join_element_wise(key_letter, numbers, "")
    if key_cols == ["member_code", "name"]:
        by_name = pc.binary_join_element_wise(col_letter(cols["name"]), numbers, "")
        ref = pc.if_else(rows_of(code).is_valid(), ref, by_name)
    n_loaded = int(loaded.sum())
    frame = pd.DataFrame({
        "row": row_numbers.astype("int64"),
        "ref": ref.to_pandas(),
        "year": years[loaded].astype("int64"),
        "org_name": _categorical(org_name),
        "org_id": _categorical(org_name, lambda v: org_key(v) if v else None),
        "rating": rating if loaded.all() else rating[loaded],
        "unrated_reason": _categorical(rows_of(reason)),
        "member_code": rows_of(code).to_pandas(),
        "name": rows_of(name).to_pandas(),
        "birth_date": rows_of(birth).to_pandas(date_as_object=True),
        "cell": _categorical(rows_of(texts.get("cell", null))),
        "file": pd.Categorical.from_codes(np.zeros(n_loaded, dtype=np.int8), [grid.file]),
        "sheet": pd.Categorical.from_codes(np.zeros(n_loaded, dtype=np.int8), [grid.sheet]),
    })
    account.rejected = int(missing_key.sum()) + int(no_year.sum()) + int(unknown.sum())
    account.loaded = len(frame)
    return frame, issues, account


def _parse_dates(arr):
    """Birth dates from cell texts: date cells (as fastexcel writes them) vectorised, typed dates once per
    distinct value with the same formats as _date."""
    import pyarrow as pa
    import pyarrow.compute as pc

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
    typed = pa.array(_distinct_map(rest, _date), type=pa.date32())
    return pc.coalesce(cells, typed)


_ROW_MESSAGES = {
    "missing_key": "hàng có số liệu nhưng thiếu {names}; hàng bị loại",
    "missing_year": "không xác định được năm đánh giá (không có cột 'Năm', tiêu đề, tên sheet hay tên tệp chứa năm); "
                    "hãy chỉ rõ bằng --year",
    "unknown_rating": "giá trị xếp loại không nhận ra: '{raw}' (cần một trong: "
                      + ", ".join(labels.LEVEL_NAMES.values()) + " hoặc viết tắt KHTNV/HTNV/HTTNV/HTXSNV)",
    "unrated_without_reason": "không có xếp loại và không ghi lý do; được tính là chưa xếp loại",
    "bad_date": "ngày sinh không đọc được: '{raw}' (dạng dd/mm/yyyy)",
    "hidden_row": "hàng bị ẩn nhưng có dữ liệu; dữ liệu vẫn được đọc",
}


def _row_message(code: str, kind: str = "", raw: object = "") -> str:
    """The message of a row-level issue, the same from the row-by-row and the column-wise paths."""
    names = " hoặc ".join(f"'{_header(kind, c)}'" for c in REQUIRED[kind][0]) if kind else ""
    return _ROW_MESSAGES[code].format(names=names, raw=raw)


def _header(kind: str, canon: str) -> str:
    return next(h for c, h, _ in KIND_COLUMNS[kind] if c == canon)


def _clean(loc: Located, values, texts, rec, flag) -> bool:
    """Fill rec with typed values for one row of a small table (member lists: _extract_members); report bad
    cells through flag. False rejects the row."""
    kind = loc.kind
    if kind in ("orgs", "admissions", "member_counts"):
        name = texts.get("org_name", "")
        rec["org_name"] = name or None
        rec["org_id"] = org_key(name) if name else None
    if kind == "orgs":
        rec["unrated_reason"] = texts.get("unrated_reason") or None
        if "rating" in loc.columns:
            raw = texts.get("rating", "")
            rec["rating"] = parse_rating(raw) if raw else None
            if raw and rec["rating"] is None:
                flag("error", "unknown_rating", _row_message("unknown_rating", raw=raw), "rating")
                return False  # rejected: an unknown rating is neither a level nor "not rated"
        else:  # an 'x' under one of four level columns
            marked = [lvl for lvl, c in loc.levels.items() if _is_mark(values.get(LEVEL_PREFIX + lvl))]
            odd = [(lvl, texts[LEVEL_PREFIX + lvl]) for lvl in loc.levels
                   if texts.get(LEVEL_PREFIX + lvl) and lvl not in marked]
            for lvl, text in odd:
                flag("error", "unknown_mark", f"ô đánh dấu mức {lvl} có giá trị lạ '{text}' (cần 'x' hoặc để trống)",
                     LEVEL_PREFIX + lvl)
            if len(marked) > 1:
                flag("error", "several_levels", "đánh dấu nhiều mức xếp loại cùng lúc: " + ", ".join(marked),
                     LEVEL_PREFIX + marked[0])
                rec["rating"] = None
            else:
                rec["rating"] = marked[0] if marked else None
            raw = "x" if marked else ""
        if not rec.get("rating") and not rec["unrated_reason"] and not raw:
            rec["unrated_reason"] = "Không ghi lý do"
            flag("warning", "unrated_without_reason", _row_message("unrated_without_reason"),
                 "rating" if "rating" in loc.columns else next(iter(loc.columns)))
    if kind in ("orgs", "member_counts"):
        raw_type = texts.get("org_type", "")
        rec["org_type"] = parse_org_type(raw_type) if raw_type else None
        if raw_type and rec["org_type"] is None:
            flag("warning", "unknown_org_type", f"loại hình không nhận ra: '{raw_type}' (cần một trong: "
                 + ", ".join(labels.ORG_TYPES.values()) + ")", "org_type")
    if kind == "orgs":
        founded = _number(values.get("founded_year"))
        rec["founded_year"] = int(founded) if founded else None
        for canon in ("political_task_good", "action_programme"):
            raw = texts.get(canon, "")
            rec[canon] = parse_bool(raw) if raw else None
            if raw and rec[canon] is None:
                flag("warning", "unknown_yes_no", f"giá trị không nhận ra: '{raw}' (cần 'Có' hoặc 'Không')", canon)
    elif kind == "member_counts":
        return _clean_counts(loc, values, texts, rec, flag)
    elif kind == "admissions":
        ok = True
        for canon in ("quota", "admitted"):
            raw = texts.get(canon, "")
            num = _number(values.get(canon)) if raw else None
            if raw and (num is None or num < 0 or not float(num).is_integer()):
                flag("error", "bad_count", f"số không hợp lệ: '{raw}' (cần số nguyên không âm)", canon)
                ok = False
            rec[canon] = int(num) if num is not None and ok else None
        return ok
    elif kind == "targets":
        rec["target_id"] = texts.get("target_id") or None
        rec["name"] = texts.get("name")
        metric_text = texts.get("metric", "")
        rec["metric"] = _METRIC_LOOKUP.get(fold(metric_text)) if metric_text else None
        if metric_text and rec["metric"] is None:
            flag("error", "unknown_metric", f"chỉ số không nhận ra: '{metric_text}' (chọn trong danh mục: "
                 + "; ".join(labels.METRIC_NAMES.values()) + ")", "metric")
            return False
        comp = texts.get("comparator") or "≥"
        rec["comparator"] = labels.COMPARATORS.get(comp.replace(" ", ""))
        if rec["comparator"] is None:
            flag("error", "bad_comparator", f"phép so sánh không nhận ra: '{comp}' (cần ≥, ≤ hoặc =)", "comparator")
            return False
        rec["threshold"] = _number(values.get("threshold"))
        if rec["threshold"] is None:
            flag("error", "bad_threshold", f"ngưỡng chỉ tiêu không phải số: '{texts.get('threshold', '')}'",
                 "threshold")
            return False
        rec["unit"] = texts.get("unit") or None
        rec["typed_actual"] = _number(values.get("typed_actual"))
        if rec["metric"] is None and rec["typed_actual"] is None:
            flag("warning", "target_without_actual", "chỉ tiêu không có chỉ số tính từ dữ liệu và chưa nhập kết "
                 "quả; sẽ không đánh giá được", "typed_actual")
    return True


def _clean_counts(loc: Located, values, texts, rec, flag) -> bool:
    """Member counts of one organisation: total, rated, exempt and a count per level, checked together."""
    ok = True
    nums: dict[str, float | None] = {}
    for canon in ("total", "rated", "exempt", *(LEVEL_PREFIX + lvl for lvl in loc.levels)):
        if canon not in loc.columns:
            continue
        raw = texts.get(canon, "")
        num = _number(values.get(canon)) if raw else None
        if raw and (num is None or not float(num).is_integer()):
            flag("error", "bad_count", f"số không hợp lệ: '{raw}' (cần số nguyên)", canon)
            ok = False
        elif num is not None and num < 0:
            flag("error", "negative_count", f"số âm: {raw}", canon)
            ok = False
        nums[canon] = num
    if not ok:
        return False
    level_counts = {lvl: int(nums.get(LEVEL_PREFIX + lvl) or 0) for lvl in labels.LEVELS}
    level_sum = sum(level_counts.values())
    rated = int(nums["rated"]) if nums.get("rated") is not None else level_sum
    exempt = int(nums["exempt"]) if nums.get("exempt") is not None else None
    total = int(nums["total"]) if nums.get("total") is not None else rated + (exempt or 0)
    if loc.levels and nums.get("rated") is not None and level_sum != rated:
        flag("error", "levels_do_not_add_up", f"tổng số theo các mức ({level_sum}) khác số được đánh giá, xếp loại "
             f"({rated})", "rated")
        return False
    if rated > total:
        flag("error", "rated_over_total", f"số được đánh giá, xếp loại ({rated}) lớn hơn tổng số ({total})", "rated")
        return False
    if exempt is not None and nums.get("total") is not None and total - rated != exempt:
        flag("warning", "exempt_mismatch", f"tổng số ({total}) − số được xếp loại ({rated}) = {total - rated}, "
             f"khác số miễn/không đánh giá ({exempt})", "exempt")
    for lvl in loc.pcts:
        canon = PCT_PREFIX + lvl
        raw = texts.get(canon, "")
        pct = _number(values.get(canon)) if raw else None
        if pct is None:
            continue
        expected = 100 * level_counts[lvl] / rated if rated else 0.0
        if pct < 0 or pct > 100:
            flag("error", "bad_percentage", f"tỷ lệ ngoài khoảng 0–100: {raw}", canon)
            return False
        if abs(pct - expected) > 0.051 and abs(pct * 100 - expected) > 0.051:
            flag("warning", "percentage_mismatch", f"tỷ lệ {lvl} ghi {raw} nhưng tính từ số lượng là "
                 f"{expected:.1f}%".replace(".", ","), canon)
    rec.update({"total": total, "rated": rated, **level_counts})
    if exempt is not None:
        rec["exempt"] = exempt
    rec["unrated_reason"] = texts.get("unrated_reason") or None
    return True


def _sheet_checks(grid: SheetGrid, loc: Located, records: list[dict], totals) -> list[Issue]:
    """Total rows against the sum of the rows above; merged cells over data rows; formulas with no value."""
    out: list[Issue] = []
    first_data = loc.data_start
    for r0, c0, r1, c1 in grid.merged:
        if r1 > r0 and r1 >= first_data and r0 >= first_data - 1 and any(c0 <= c <= c1 for c in loc.columns.values()):
            out.append(Issue("warning", "merged_data_cells", f"ô gộp {a1(r0, c0)}:{a1(r1, c1)} kéo qua nhiều hàng dữ "
                             "liệu: chỉ hàng đầu có giá trị, các hàng sau được đọc là trống", grid.file, grid.sheet,
                             a1(r0, c0)))
    for r, c in grid.formulas_without_value:
        if r >= first_data and c in loc.columns.values():
            out.append(Issue("warning", "formula_without_value", "ô có công thức nhưng không có giá trị đã tính (tệp "
                             "chưa được Excel tính lại); ô được đọc là trống — mở tệp bằng Excel và lưu lại",
                             grid.file, grid.sheet, a1(r, c)))
    if not totals or not records:
        return out
    sums: dict[str, float] = {}
    if loc.kind == "member_counts":
        for canon in ("total", "rated", *(LEVEL_PREFIX + lvl for lvl in loc.levels)):
            key = canon[len(LEVEL_PREFIX):] if canon.startswith(LEVEL_PREFIX) else canon
            if canon in loc.columns:
                sums[canon] = sum(float(rec.get(key) or 0) for rec in records)
    elif loc.kind == "orgs":
        for lvl in loc.levels:
            sums[LEVEL_PREFIX + lvl] = sum(1 for rec in records if rec.get("rating") == lvl)
    elif loc.kind == "admissions":
        for canon in ("quota", "admitted"):
            if canon in loc.columns:
                sums[canon] = sum(float(rec.get(canon) or 0) for rec in records)
    r, values = totals[-1]
    for canon, expected in sums.items():
        got = _number(values.get(canon))
        if got is not None and abs(got - expected) > 1e-9:
            out.append(Issue("warning", "total_mismatch", f"dòng tổng ghi {got:g} nhưng cộng các hàng được "
                             f"{expected:g}", grid.file, grid.sheet, a1(r, loc.columns[canon])))
    return out


_METRIC_LOOKUP = {fold(name): key for key, name in labels.METRIC_NAMES.items()}
_METRIC_LOOKUP.update({key: key for key in labels.METRIC_NAMES})

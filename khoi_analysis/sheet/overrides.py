"""How the user says a sheet must be read, when the reader can't tell or tells wrong: which sheet, the period,
the header rows, column -> field, rows to skip, hidden sheets taken or left, the kind of table. One `SheetRules`
per sheet (or for every sheet of a file), each setting remembering where it was said (a sidecar line, a
command-line option), so that "how I read this file" can say it. The words of the settings as people type them
("4-5", "12, 30-32", "B", "Tên tổ chức", "đọc") are parsed here, for the sidecar and the command line alike."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..cellref import col_letter
from ..read import SheetGrid
from ..text import fold
from .locate import Located, _map_column, locate
from .vocabulary import CANONS, CUM_PREFIX, KIND_COLUMNS, LEVEL_PREFIX, PCT_PREFIX, header_key

__all__ = ["FIELDS", "IGNORE", "RuleError", "SheetRules", "describe_rules", "field_known", "locate_by_rules",
           "merge_rules", "parse_column", "parse_header_rows", "parse_hidden", "parse_kind", "parse_period",
           "parse_quarter", "parse_rows", "resolve_field", "rule_value"]

IGNORE = "-"  # a column the user says is not used
_IGNORE_WORDS = {"-", "bo", "khong dung", "bo qua", "ignore", "none"}
MAX_SHEET_COLUMNS = 16384  # XFD
MAX_HEADER_ROWS = 6
KIND_WORDS = {"orgs": ("orgs", "tccs", "to chuc", "to chuc co so dang", "xep loai tccs"),
              "member_counts": ("member_counts", "so luong dang vien", "so luong", "dang vien theo tccs",
                                "so dang vien"),
              "members": ("members", "dang vien", "danh sach dang vien"),
              "admissions": ("admissions", "ket nap"),
              "targets": ("targets", "chi tieu")}
HIDDEN_WORDS = {"take": ("doc", "take", "read", "co", "yes", "true"),
                "leave": ("bo", "leave", "skip", "khong", "no", "false")}
# the settings, as SheetRules fields
FIELDS = ("sheet", "period", "header_rows", "columns", "skip_rows", "hidden", "kind", "quarter")


class RuleError(ValueError):
    """A setting that can't be understood; the message says why, in Vietnamese."""


@dataclass
class SheetRules:
    """How to read one sheet (`sheet`), or every sheet of a file (`sheet` None). Rows and columns 0-based.
    `origin`: per setting ("period", "header_rows", "skip_rows", "hidden", "kind", "sheet", "col:<n>"), where it
    was said, e.g. "cach_doc.yaml dòng 7"."""

    sheet: str | None = None
    period: int | None = None
    header_rows: tuple[int, int] | None = None
    columns: dict[int, str] = field(default_factory=dict)  # column -> field as the user wrote it
    skip_rows: frozenset[int] = frozenset()
    hidden: str | None = None  # "take" | "leave" | None (the reader decides)
    kind: str | None = None
    quarter: int | None = None  # 1–4: a quarter's review; 0: a yearly table, whatever its title says
    origin: dict[str, str] = field(default_factory=dict)

    def said(self, key: str) -> str:
        """'theo cach_doc.yaml dòng 7', or '' when the setting was not given."""
        where = self.origin.get(key, "")
        return f"theo {where}" if where else ""

    @property
    def shapes_table(self) -> bool:
        """Whether these rules tell where the table is (header rows, columns, kind)."""
        return bool(self.header_rows or self.columns or self.kind)

    def as_key(self) -> str:
        """A stable text of the settings, for cache keys."""
        return repr((self.sheet, self.period, self.header_rows, sorted(self.columns.items()),
                     sorted(self.skip_rows), self.hidden, self.kind, sorted(self.origin.items()), self.quarter))


def merge_rules(base: SheetRules, over: SheetRules) -> SheetRules:
    """`over`'s settings on top of `base`'s (columns and skipped rows are added)."""
    changes: dict[str, object] = {}
    for name in ("sheet", "period", "header_rows", "hidden", "kind", "quarter"):
        if getattr(over, name) is not None:
            changes[name] = getattr(over, name)
    columns = {**base.columns, **over.columns}
    origin = {**base.origin, **over.origin}
    return replace(base, **changes, columns=columns, skip_rows=base.skip_rows | over.skip_rows, origin=origin)


# ------------------------------------------------------------------------------------------ parsing values
def _text(value: object) -> str:
    if isinstance(value, bool) or value is None:
        raise RuleError(f"giá trị không hợp lệ: {value!r}")
    return str(value).strip()


def parse_rows(value: object) -> list[int]:
    """Sheet rows as typed, 1-based: 12 · "12, 30-32" · [12, "30-32"] -> [12, 30, 31, 32]."""
    items = value if isinstance(value, (list, tuple)) else [value]
    out: list[int] = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            parts = [str(item)]
        else:
            parts = [p for p in re.split(r"[,;]", _text(item)) if p.strip()]
        for part in parts:
            m = re.fullmatch(r"\s*(\d{1,7})\s*(?:[-–—:]|\.\.)?\s*(\d{1,7})?\s*", part)
            if not m or (m.group(2) is None and re.search(r"[-–—:.]", part)):
                raise RuleError(f"số dòng không hợp lệ: '{part.strip()}' (viết như 12 hoặc 30-32)")
            a, b = int(m.group(1)), int(m.group(2) or m.group(1))
            if a < 1 or b < a:
                raise RuleError(f"khoảng dòng không hợp lệ: '{part.strip()}' (dòng từ 1, số đầu không lớn hơn số "
                                "cuối)")
            if b - a > 1_000_000:
                raise RuleError(f"khoảng dòng quá lớn: '{part.strip()}'")
            out.extend(range(a, b + 1))
    if not out:
        raise RuleError("chưa ghi số dòng nào")
    return sorted(set(out))


def parse_header_rows(value: object) -> tuple[int, int]:
    """Header rows as typed ("4-5", [4, 5], 4) -> 0-based (first, last): one block of adjacent rows."""
    rows = parse_rows(value)
    if rows != list(range(rows[0], rows[-1] + 1)):
        raise RuleError(f"các dòng tiêu đề phải liền nhau: {', '.join(map(str, rows))}")
    if len(rows) > MAX_HEADER_ROWS:
        raise RuleError(f"tiêu đề cột dài {len(rows)} dòng: nhiều nhất {MAX_HEADER_ROWS} dòng")
    return rows[0] - 1, rows[-1] - 1


def parse_column(value: object) -> int:
    """A column letter ("B", "aa") -> 0-based index."""
    text = _text(value).upper()
    if not re.fullmatch(r"[A-Z]{1,3}", text):
        raise RuleError(f"cột không hợp lệ: '{value}' (cần chữ cái cột như B, E, AA)")
    n = 0
    for ch in text:
        n = n * 26 + ord(ch) - 64
    if n > MAX_SHEET_COLUMNS:
        raise RuleError(f"cột không hợp lệ: '{value}' (cột cuối cùng của bảng tính là XFD)")
    return n - 1


def parse_period(value: object) -> int:
    """The period's year: 2022 or "2022" (also "Năm 2022")."""
    m = re.fullmatch(r"(?:nam\s*)?((?:19|20)\d\d)", fold(_text(value)))
    year = int(m.group(1)) if m else None
    if year is None or not 1990 <= year <= 2100:
        raise RuleError(f"năm không hợp lệ: '{value}' (cần một năm như 2022)")
    return year


_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4, "0": 0, "nam": 0, "ca nam": 0}


def parse_quarter(value: object) -> int:
    """The quarter of a quarterly review: 1–4 (also "III", "quý 3"); 0 (or "năm", "cả năm"): a yearly table."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 4:
        return value
    key = re.sub(r"^(quy|q)\s*", "", fold(_text(value)).strip())
    if key not in _QUARTERS:
        raise RuleError(f"quý không hợp lệ: '{value}' (cần 1, 2, 3, 4 hoặc I–IV; 0 là bảng cả năm)")
    return _QUARTERS[key]


def parse_kind(value: object) -> str:
    key = header_key(_text(value)).replace("_", " ")
    for kind, words in KIND_WORDS.items():
        if key in {header_key(w) for w in words} or key == kind.replace("_", " "):
            return kind
    raise RuleError(f"loại bảng không nhận ra: '{value}' (cần một trong: tccs, so_luong_dang_vien, dang_vien, "
                    "ket_nap, chi_tieu)")


def parse_hidden(value: object) -> str:
    if isinstance(value, bool):
        return "take" if value else "leave"
    key = fold(_text(value))
    for choice, words in HIDDEN_WORDS.items():
        if key in words:
            return choice
    raise RuleError(f"giá trị không hợp lệ cho sheet ẩn: '{value}' (cần 'doc' để đọc hoặc 'bo' để bỏ)")


def rule_value(name: str, value: object):
    """One setting's value as typed -> as SheetRules holds it (columns aside: see parse_column, resolve_field)."""
    parsers = {"sheet": lambda v: _nonempty(_text(v)), "period": parse_period, "header_rows": parse_header_rows,
               "skip_rows": lambda v: frozenset(r - 1 for r in parse_rows(v)), "hidden": parse_hidden,
               "kind": parse_kind, "quarter": parse_quarter}
    return parsers[name](value)


def _nonempty(text: str) -> str:
    if not text:
        raise RuleError("tên sheet trống")
    return text


# ------------------------------------------------------------------------------------------ fields
def _direct(kind: str, text: str) -> str | None:
    """An internal field name: 'org_name', 'lvl:HTXSNV', 'pct:HTTNV', 'cum:HTTNV'."""
    if text in CANONS[kind]:
        return text
    for prefix in (LEVEL_PREFIX, PCT_PREFIX, CUM_PREFIX):
        if text.startswith(prefix) and text[len(prefix):] in ("HTXSNV", "HTTNV", "HTNV", "KHTNV"):
            return text
    return None


def resolve_field(kind: str, text: str) -> str | None:
    """The field of a kind of table that `text` names: an internal name, a header the reader knows, or the
    beginning of a template header ('Tên tổ chức' for 'Tên tổ chức cơ sở đảng'); IGNORE for a column not used;
    None when it names no field of this kind."""
    text = str(text).strip()
    if fold(text) in _IGNORE_WORDS:
        return IGNORE
    canon = _direct(kind, text) or _map_column(kind, [text], {})
    if canon and (kind in ("orgs", "member_counts") or not canon.startswith((LEVEL_PREFIX, PCT_PREFIX, CUM_PREFIX))):
        return canon
    key = header_key(text)
    if not key:
        return None
    starts = {c for c, header, _ in KIND_COLUMNS[kind] if header_key(header).startswith(key)}
    return starts.pop() if len(starts) == 1 else None


def field_known(text: str) -> bool:
    """Whether `text` names a field of some kind of table (or says the column is not used)."""
    return any(resolve_field(kind, text) for kind in KIND_COLUMNS)


# ------------------------------------------------------------------------------------------ locating
def forced_columns(rules: SheetRules) -> dict[str, dict[int, str]] | None:
    """Per kind of table, the fields of the columns the user named; a kind where one of them names no field is
    left out (None: no column named)."""
    if not rules.columns:
        return None
    out = {}
    for kind in KIND_COLUMNS:
        fields = {c: resolve_field(kind, text) for c, text in rules.columns.items()}
        if all(fields.values()):
            out[kind] = fields
    return out


def locate_by_rules(grid: SheetGrid, mapping: dict[str, str] | None, rules: SheetRules | None) -> Located | None:
    """locate(), with what the user said: the header rows, the fields of columns, the kind of table; the
    located table then carries the rows to skip, the period and where each setting was said."""
    if rules is None:
        return locate(grid, mapping)
    loc = locate(grid, mapping, header_rows=rules.header_rows, forced=forced_columns(rules),
                 kinds=(rules.kind,) if rules.kind else None)
    if loc is None:
        return None
    return replace(loc, skip_rows=rules.skip_rows, fixed_period=rules.period, origin=dict(rules.origin))


def describe_rules(rules: SheetRules) -> str:
    """The settings that shape the table, in words, each with where it was said: "dòng tiêu đề 4–5 (theo
    cach_doc.yaml dòng 8); cột B → 'Tên tổ chức' (theo cach_doc.yaml dòng 10)"."""
    out = []

    def said(key: str) -> str:
        return f" ({rules.said(key)})" if rules.said(key) else ""

    if rules.kind:
        out.append(f"loại bảng {rules.kind}{said('kind')}")
    if rules.header_rows:
        first, last = rules.header_rows
        out.append(f"dòng tiêu đề {first + 1}" + (f"–{last + 1}" if last > first else "") + said("header_rows"))
    for c, text in sorted(rules.columns.items()):
        out.append(f"cột {col_letter(c)} → '{text}'{said(f'col:{c}')}")
    return "; ".join(out)

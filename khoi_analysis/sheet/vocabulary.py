"""The header vocabulary and the words of row kinds: which header texts name which field of which kind of
table, what a table of each kind needs, how total, footer, group and column-number rows read."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import labels
from ..text import fold

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
CUM_PREFIX = "cum:"  # "HTTNV trở lên": a level and every level above it, together


# "… trở lên" after a level: that level or better; "Trong đó: …" before one: a subset of the column before it
AT_LEAST = re.compile(r"(?i)\s*tr[ởơo]\s*l[êe]n\s*$")
OF_WHICH = re.compile(r"(?i)^\s*trong\s*[đd][óo]\s*:?\s*")


HEADER_SCAN_ROWS = 40


MAX_HEADER_DEPTH = 3


ABBREVIATIONS = {"dv": "dang vien", "sl": "so luong", "tl": "ty le", "cb": "chi bo", "db": "dang bo"}


PUNCT = re.compile(r"[^0-9a-z%]+")


@lru_cache(maxsize=65536)  # headers repeat from file to file: each text keyed once per run
def header_key(text: str) -> str:
    """Folded header text with punctuation dropped and abbreviations spelt out: 'Tổng số ĐV' -> 'tong so dang vien'."""
    words = PUNCT.sub(" ", fold(text).replace("%", " % ")).split()
    return " ".join(ABBREVIATIONS.get(w, w) for w in words)


ALIASES: dict[str, dict[str, str]] = {
    kind: {header_key(alias): canon for canon, header, aliases in cols for alias in (header, *aliases)}
    for kind, cols in KIND_COLUMNS.items()
}


CANONS = {kind: {c[0] for c in cols} for kind, cols in KIND_COLUMNS.items()}


PCT_SUB = {header_key(x) for x in labels.PCT_SUBHEADERS} | {"%"}


MEMBER_HINTS = ("dang vien",)


# A table of a kind needs one column of each group.
REQUIRED = {
    "orgs": (("org_name",), ("rating", "org_type", "levels", "score")),
    "members": (("member_code", "name"), ("rating", "unrated_reason", "score")),
    "member_counts": (("org_name",), ("levels", "rated", "total")),
    "admissions": (("org_name",), ("admitted",)),
    "targets": (("name",), ("threshold",)),
}


YEAR_IN_TEXT = re.compile(r"\bnam\s*((?:19|20)\d\d)\b")
# the date a report was signed ("…, ngày 10 tháng 01 năm 2023"), usually the year after its period: never the period
DATE_LINE = re.compile(r"\bngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*nam\s*(?:19|20)\d\d\b")


# a quarterly review ("… QUÝ III NĂM 2026", "quy_3_2026.xlsx", "Q3-2026"), on folded text
QUARTER_IN_TEXT = re.compile(r"\bquy\s*(iv|iii|ii|i|[1-4])\b")
QUARTER_IN_NAME = re.compile(r"(?<![a-z])(?:quy|q)[\s_.\-]*(iv|iii|ii|i|[1-4])(?![a-z0-9])")
QUARTER_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


YEAR_ANY = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


TOTAL_WORDS = {"tong cong", "cong", "tong so", "tong", "toan khoi", "cong toan khoi", "tong cong toan khoi",
               "toan dang bo", "cong toan dang bo", "tong cong toan dang bo", "tong toan dang bo",
                "tong toan khoi", "tong so chung", "cong chung"}


# a total of one group only ("Cộng I", "Cộng khối doanh nghiệp"): it checks the rows of its group, not the table
SUBTOTAL = re.compile(r"^(tong cong|cong|tong|tong so)\s+(\(?[ivxlc]+\)?\.?|(khoi|nhom|loai hinh)\b(?!.*\btoan\b).+)$")
# a row of shares under a row of counts ("Tỷ lệ (%)", "Tỷ lệ %", "TL")
PCT_ROW = re.compile(r"^(ty le|ti le|tl)\b")
# a line of figures in words under the table ("Tổng số: 686 TCCS, trong đó …"): a check, never a row
SUMMARY_LINE = re.compile(r"^(tong so|tong cong|co|toan khoi co|toan dang bo co)\s*:?\s*(\d[\d. ]*)\s*"
                          r"(tccs|to chuc co so dang|to chuc dang|chi bo|dang vien|dv)\b")
# notes under (or inside) a table
NOTE_PREFIXES = ("ghi chu", "chu thich", "luu y", "(*)", "*", "ghi chu:")
# a sub-unit's number under its parent's ("1.1", "1.2" under "1"): chi bộ trực thuộc of a đảng bộ cơ sở
SUB_SEQ = re.compile(r"^((?:\d{1,3}[.,])*\d{1,3})[.,](\d{1,2})\.?$")  # "1.1"; "1.1.2" under a TCCS "1.1"


TOTAL_PREFIXES = ("tong cong ", "cong khoi ", "cong toan ", "tong so toan ", "tong toan ")


FOOTER_PREFIXES = ("noi nhan", "t/m", "tm.", "tm ", "nguoi lap", "xac nhan", "ky ten", "kt.", "k/t",
                    "ban thuong vu", "t.m")


# a heading naming a group of organisations ("Khối Đảng", "Các doanh nghiệp", "Doanh nghiệp"), on folded text:
# a row numbered 1, 2, … with such a name is a group row, not a TCCS (TCCS are "Đảng bộ …", "Chi bộ …")
GROUP_HEADING = re.compile(r"^(khoi|cac|nhom|loai hinh)\s+\S")
GROUP_WORDS = {"doanh nghiep", "co quan", "dang", "doan the", "su nghiep", "hanh chinh", "dang doan the",
               "co quan dang", "mat tran doan the", "dang mat tran doan the", "co quan dang doan the",
               "don vi su nghiep", "doanh nghiep nha nuoc", "doanh nghiep ngoai nha nuoc"}
# a group heading's type where it is no type name of its own ("Khối Đảng", "Khối đoàn thể")
GROUP_TYPES = {"dang": "co_quan_dang_doan_the", "co quan dang": "co_quan_dang_doan_the",
               "doan the": "co_quan_dang_doan_the", "mat tran doan the": "co_quan_dang_doan_the",
               "dang mat tran doan the": "co_quan_dang_doan_the", "dang doan the": "co_quan_dang_doan_the"}
PLAIN_SEQ = re.compile(r"^\d{1,3}\.?$")


ROMAN = re.compile(r"^(?=[ivxlc]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$|^\(?[a-z]\)?$")


MARKS = {"x", "✓", "✔", "v", "1", "+", "*"}


ALL_ALIASES = set().union(*(set(a) for a in ALIASES.values()))


TOTAL_PREFILTER = r"(?i)^[^\pL]*(t\pLng|c\pLng|to\pLn)"  # a cheap superset of the total-row labels


IDENTITY_COLUMNS = ("seq", "org_name", "name", "member_code", "org_type", "unrated_reason", "year", "cell",
                     "target_id")


GROUP_KINDS = ("orgs", "member_counts", "admissions")


METRIC_LOOKUP = {fold(name): key for key, name in labels.METRIC_NAMES.items()}


METRIC_LOOKUP.update({key: key for key in labels.METRIC_NAMES})

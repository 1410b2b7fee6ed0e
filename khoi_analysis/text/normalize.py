"""Normalisation and folding: NFC with white space collapsed, a lower-case ASCII fold for matching (Python and
Arrow versions), and the key that identifies an organisation by its name."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pyarrow.compute as pc

__all__ = ["ODD_WS_RE2", "ORG_PREFIX", "compact", "fold", "fold_arrow", "nfc", "org_key", "squeeze_arrow"]

_SPACE_RE = re.compile(r"\s+")
_COMPACT_RE = re.compile(r"[^0-9a-z]+")
# Old-style tone placement: "uỷ"/"ủy", "hoà"/"hòa" ... folding strips tones, so these collapse already.


_ODD_SPACE = re.compile(r"\s\s|[^\S ]")


def nfc(value: object) -> str:
    """Cell value as a clean NFC string: line breaks and runs of spaces become one space, ends trimmed."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _ODD_SPACE.search(text):
        text = _SPACE_RE.sub(" ", text)
    return text.strip()


@lru_cache(maxsize=65536)
def fold(value: str) -> str:
    """Lower-case ASCII form for matching: accents and tones removed, đ→d, spaces collapsed."""
    text = unicodedata.normalize("NFD", str(value).lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d")
    return _SPACE_RE.sub(" ", text).strip()


# Python's \s for str patterns (str.isspace), in RE2 (Arrow) syntax; ODD_WS_RE2: all of it but the plain space.
ODD_WS_RE2 = r"[\t\n\v\f\r\x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"


def squeeze_arrow(arr):
    """The white-space part of nfc() over an Arrow string array: runs of white space become one space, ends
    trimmed (as _SPACE_RE.sub(" ", text).strip())."""

    arr = pc.replace_substring_regex(arr, f"(?: |{ODD_WS_RE2})+", " ")
    return pc.replace_substring_regex(arr, "^ | $", "")


def fold_arrow(arr):
    """fold() over an Arrow string array, vectorised (nulls stay null)."""

    arr = pc.utf8_normalize(pc.utf8_lower(arr), "NFD")
    arr = pc.replace_substring_regex(arr, r"\p{Mn}+", "")
    return squeeze_arrow(pc.replace_substring(arr, "đ", "d"))


def compact(value: str) -> str:
    """fold() with everything but letters and digits removed: 'HT xuất sắc NV' -> 'htxuatsacnv'."""
    return _COMPACT_RE.sub("", fold(value))


# "Chi bộ" / "Đảng bộ" (cơ sở) before an organisation's own name, in plain or folded text: written once
ORG_PREFIX = re.compile(r"^(chi b[oộ]|[dđ][aả]ng b[oộ])( c[oơ] s[oở])?\s+", re.I)


def org_key(name: str) -> str:
    """Key that identifies an organisation across files and years despite case, spacing, NFC/NFD, ủy/uỷ,
    and its becoming a "Đảng bộ" from a "Chi bộ" (or back): 'Chi bộ Sở Y tế' and 'ĐẢNG BỘ SỞ Y TẾ' match."""
    return ORG_PREFIX.sub("", fold(nfc(name)))

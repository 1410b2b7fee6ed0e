"""Cell texts to codes: the four rating levels (every spelling seen in real files), yes/no, organisation types."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import labels
from .normalize import compact, fold

__all__ = ["parse_bool", "parse_org_type", "parse_rating"]

# Every spelling of the four levels seen in real files, as compact() forms. Matching is exact on the
# compact form, never by substring, so "Hoàn thành nhiệm vụ" can't be read inside "Không hoàn thành nhiệm vụ".
_RATING_SPELLINGS: dict[str, tuple[str, ...]] = {
    "HTXSNV": ("htxsnv", "htxs", "hoanthanhxuatsacnhiemvu", "htxuatsacnv", "htxuatsacnhiemvu",
               "hoanthanhxuatsac", "xuatsac", "htsxnv", "htxsvn", "hthxsnv", "xs", "loaixuatsac"),
    "HTTNV": ("httnv", "htt", "hoanthanhtotnhiemvu", "httotnv", "httotnhiemvu", "hoanthanhtot", "tot",
              "htttnv", "httnvu", "loaitot"),
    "HTNV": ("htnv", "ht", "hoanthanhnhiemvu", "hoanthanh", "htnhiemvu", "hoanthanhnv", "loaihoanthanh"),
    "KHTNV": ("khtnv", "kht", "khonghoanthanhnhiemvu", "khonghoanthanh", "khonghtnv", "khtnhiemvu",
              "khonghoanthanhnv", "loaikhonghoanthanh"),
}
_RATING_LOOKUP: dict[str, str] = {
    spelling: code for code, spellings in _RATING_SPELLINGS.items() for spelling in spellings
}
for _code, _name in labels.LEVEL_NAMES.items():
    _RATING_LOOKUP[compact(_name)] = _code
    _RATING_LOOKUP[compact(_code)] = _code


def parse_rating(value: object) -> str | None:
    """The level code for a rating cell, or None when the text is not a known spelling.

    >>> parse_rating("Hoàn thành tốt nhiệm vụ"), parse_rating("HT xuất sắc NV"), parse_rating("Không HTNV")
    ('HTTNV', 'HTXSNV', 'KHTNV')
    """
    if value is None:
        return None
    return _parse_rating_text(str(value))


@lru_cache(maxsize=65536)  # the same few spellings over and over, across sheets and files
def _parse_rating_text(value: str) -> str | None:
    key = compact(value)
    found = _RATING_LOOKUP.get(key)
    if found is None and key:  # free-typed: abbreviations word by word ("HT xuất sắc", "Hoàn thành XS NV")
        words = [_RATING_WORDS.get(w, w) for w in _WORD_RE.split(fold(value)) if w]
        found = _RATING_LOOKUP.get("".join(words))
    return found


# abbreviations typed as separate words in rating cells, spelt out (compact form)
_RATING_WORDS = {"ht": "hoanthanh", "xs": "xuatsac", "nv": "nhiemvu", "nvu": "nhiemvu", "k": "khong",
                 "ko": "khong", "kh": "khong"}
_WORD_RE = re.compile(r"[^0-9a-z]+")


_YES = {compact(w) for w in labels.YES_WORDS} - {""}
_NO = {compact(w) for w in labels.NO_WORDS} - {""}


def parse_bool(value: object) -> bool | None:
    """'Có' / 'x' / 1 -> True, 'Không' / 0 -> False, blank or unknown -> None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return None if value != value else bool(value)  # NaN -> None
    raw = str(value).strip()
    if raw in ("✓", "✔"):
        return True
    if raw in ("-", "–", "—"):
        return False
    key = compact(raw)
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


_TYPE_LOOKUP: dict[str, str] = {}
for _code, _name in labels.ORG_TYPES.items():
    _TYPE_LOOKUP[compact(_name)] = _code
    _TYPE_LOOKUP[_code.replace("_", "")] = _code
    for _alias in labels.ORG_TYPE_ALIASES[_code]:
        _TYPE_LOOKUP[compact(_alias)] = _code


def parse_org_type(value: object) -> str | None:
    """The organisation-type code for a cell ('Doanh nghiệp tư nhân' -> 'dn_ngoai_nha_nuoc'), or None."""
    if value is None:
        return None
    return _TYPE_LOOKUP.get(compact(str(value)))

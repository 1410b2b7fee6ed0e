"""Vietnamese text handling: normalisation, folding for matching, and parsing of ratings and yes/no cells.

Everything that compares Vietnamese strings calls this module, so NFC/NFD, case, spacing and the
"ủy"/"uỷ" spelling never make two equal things look different.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import labels

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
    import pyarrow.compute as pc

    arr = pc.replace_substring_regex(arr, f"(?: |{ODD_WS_RE2})+", " ")
    return pc.replace_substring_regex(arr, "^ | $", "")


def fold_arrow(arr):
    """fold() over an Arrow string array, vectorised (nulls stay null)."""
    import pyarrow.compute as pc

    arr = pc.utf8_normalize(pc.utf8_lower(arr), "NFD")
    arr = pc.replace_substring_regex(arr, r"\p{Mn}+", "")
    return squeeze_arrow(pc.replace_substring(arr, "đ", "d"))


def compact(value: str) -> str:
    """fold() with everything but letters and digits removed: 'HT xuất sắc NV' -> 'htxuatsacnv'."""
    return _COMPACT_RE.sub("", fold(value))


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
    return _RATING_LOOKUP.get(compact(str(value)))


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


_ORG_PREFIX = re.compile(r"^(dang bo|chi bo)( co so)?\s+")


def org_key(name: str) -> str:
    """Key that identifies an organisation across files and years despite case, spacing, NFC/NFD, ủy/uỷ,
    and its becoming a "Đảng bộ" from a "Chi bộ" (or back): 'Chi bộ Sở Y tế' and 'ĐẢNG BỘ SỞ Y TẾ' match."""
    return _ORG_PREFIX.sub("", fold(nfc(name)))


# ----------------------------------------------------------------------------------------------------------
# Legacy 8-bit encodings. Excel stores the text as the Unicode characters of the font's code page, so a
# TCVN3 byte 0xB8 arrives as U+00B8 '¸'. Decoding maps those characters back to Vietnamese letters.
# ----------------------------------------------------------------------------------------------------------
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # none, sắc, huyền, hỏi, ngã, nặng


def _toned(base: str, tone: int) -> str:
    return unicodedata.normalize("NFC", base + _TONES[tone])


# TCVN 5712:1993 VN3 (the ".VnTime" fonts): lower-case letters, each toned vowel one byte. Order of bytes per
# base vowel: sắc, huyền, hỏi, ngã, nặng. Capital fonts (names ending in "H") draw the same bytes as capitals.
_TCVN3_TONED = {
    "a": (0xB8, 0xB5, 0xB6, 0xB7, 0xB9), "ă": (0xBE, 0xBB, 0xBC, 0xBD, 0xC6), "â": (0xCA, 0xC7, 0xC8, 0xC9, 0xCB),
    "e": (0xD0, 0xCC, 0xCE, 0xCF, 0xD1), "ê": (0xD5, 0xD2, 0xD3, 0xD4, 0xD6), "i": (0xDD, 0xD7, 0xD8, 0xDC, 0xDE),
    "o": (0xE3, 0xDF, 0xE1, 0xE2, 0xE4), "ô": (0xE8, 0xE5, 0xE6, 0xE7, 0xE9), "ơ": (0xED, 0xEA, 0xEB, 0xEC, 0xEE),
    "u": (0xF3, 0xEF, 0xF1, 0xF2, 0xF4), "ư": (0xF8, 0xF5, 0xF6, 0xF7, 0xF9), "y": (0xFD, 0xFA, 0xFB, 0xFC, 0xFE),
}
_TCVN3_PLAIN = {0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
                0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ"}
TCVN3_TO_UNICODE: dict[str, str] = {chr(b): ch for b, ch in _TCVN3_PLAIN.items()}
for _base, _codes in _TCVN3_TONED.items():
    for _tone, _code in enumerate(_codes, 1):
        TCVN3_TO_UNICODE[chr(_code)] = _toned(_base, _tone)
UNICODE_TO_TCVN3 = {v: k for k, v in TCVN3_TO_UNICODE.items()}

# VNI (the "VNI-Times" fonts): a base letter followed by a mark character. Marks for sắc, huyền, hỏi, ngã,
# nặng; then the vowel shapes: â/ê/ô take "â" + tone mark from the second row, ă takes "ê"/the third row.
_VNI_TONE = ("ù", "ø", "û", "õ", "ï")
_VNI_CIRC = ("â", "á", "à", "å", "ã", "ä")  # circumflex: none, sắc, huyền, hỏi, ngã, nặng
_VNI_BREVE = ("ê", "é", "è", "ú", "ü", "ë")  # breve
UNICODE_TO_VNI: dict[str, str] = {"đ": "ñ", "Đ": "Ñ", "ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö"}
for _tone in range(6):
    for _b in "aeouy":
        if _tone:
            UNICODE_TO_VNI[_toned(_b, _tone)] = _b + _VNI_TONE[_tone - 1]
    for _b, _shape in (("a", "â"), ("e", "ê"), ("o", "ô")):
        UNICODE_TO_VNI[_toned(_shape, _tone)] = _b + _VNI_CIRC[_tone]
    UNICODE_TO_VNI[_toned("ă", _tone)] = "a" + _VNI_BREVE[_tone]
    if _tone:
        UNICODE_TO_VNI[_toned("ơ", _tone)] = "ô" + _VNI_TONE[_tone - 1]
        UNICODE_TO_VNI[_toned("ư", _tone)] = "ö" + _VNI_TONE[_tone - 1]
UNICODE_TO_VNI.update({_toned("i", 1): "í", _toned("i", 2): "ì", _toned("i", 3): "æ", _toned("i", 4): "ó",
                       _toned("i", 5): "ò", _toned("y", 5): "î"})
for _k, _v in list(UNICODE_TO_VNI.items()):
    if _k.islower():
        UNICODE_TO_VNI.setdefault(_k.upper(), _v.upper())
VNI_TO_UNICODE = {v: k for k, v in UNICODE_TO_VNI.items()}
_VNI_RE = re.compile("|".join(sorted(map(re.escape, VNI_TO_UNICODE), key=len, reverse=True)))
_TCVN3_RE = re.compile("[" + "".join(TCVN3_TO_UNICODE) + "]")

# Letters that exist only in proper Unicode Vietnamese (never produced by reading legacy text as Latin-1).
_UNICODE_ONLY = re.compile("[ăâđêôơưĂÂĐÊÔƠƯĩũĨŨ\u1ea0-\u1ef9]")
_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_TCVN3_TELL = {c for c in TCVN3_TO_UNICODE if c not in _VIET_LATIN1}
_VNI_MARKS = set(_VNI_TONE + _VNI_CIRC + _VNI_BREVE)
_VNI_MARKS_ALL = _VNI_MARKS | {m.upper() for m in _VNI_MARKS}
_VNI_BASES = set("aeiouyAEIOUYôöÔÖ")
# characters that are not Vietnamese letters in Unicode, but are letters in TCVN3 or VNI
_LEGACY_TELL = (_TCVN3_TELL | set(VNI_TO_UNICODE) | _VNI_MARKS_ALL) - _VIET_LATIN1 - {ch for k in VNI_TO_UNICODE
                                                                                       for ch in k if ch.isascii()}


def decode_tcvn3(text: str, capitals: bool = False) -> str:
    """TCVN3 (VN3) text read as Latin-1 -> Unicode NFC. capitals=True for fonts whose names end in 'H'.
    U+00AD (soft hyphen) is TCVN3's 'ư': it must not be stripped before this runs."""
    out = _TCVN3_RE.sub(lambda m: TCVN3_TO_UNICODE[m.group(0)], text)
    return unicodedata.normalize("NFC", out.upper() if capitals else out)


def encode_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 (VN3) as Latin-1 characters. Capitals with tones don't exist in VN3: they are written
    in lower case (files then use a capital 'H' font)."""
    nfc_text = unicodedata.normalize("NFC", text)
    return "".join(UNICODE_TO_TCVN3.get(ch) or UNICODE_TO_TCVN3.get(ch.lower(), ch) for ch in nfc_text)


def decode_vni(text: str) -> str:
    """VNI text read as Latin-1 -> Unicode NFC."""
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text))


def encode_vni(text: str) -> str:
    return "".join(UNICODE_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def font_encoding(font_name: str | None) -> tuple[str | None, bool]:
    """('tcvn3' | 'vni' | None, capitals) from a font name: '.VnTime' -> tcvn3, '.VnTimeH' -> tcvn3 capitals,
    'VNI-Times' -> vni."""
    if not font_name:
        return None, False
    name = font_name.strip()
    if name.lower().startswith(".vn"):
        return "tcvn3", name.endswith("H")
    if name.lower().startswith("vni"):
        return "vni", False
    return None, False


def detect_legacy(texts: list[str]) -> str | None:
    """'tcvn3', 'vni' or None for a body of strings without font information, by text statistics.

    Proper Unicode Vietnamese has letters (ă, đ, ơ, ư, ạ…) that legacy text read as Latin-1 never has; legacy
    text has Latin-1 symbols that are not Vietnamese letters (µ, ¸, ®, ñ…). In VNI the mark characters
    (ù ø û õ ï â á à å ã ä ê é è ú ü ë) always follow a vowel; in TCVN3 those same characters are whole toned
    vowels and mostly follow a consonant.
    """
    sample = [t for t in texts if isinstance(t, str) and not t.isascii()][:5000]
    if not sample:
        return None
    joined = "\n".join(sample)
    non_ascii = sum(1 for ch in joined if not ch.isascii())
    if len(_UNICODE_ONLY.findall(joined)) > 0.2 * non_ascii:
        return None
    tells = sum(1 for ch in joined if ch in _LEGACY_TELL)
    if tells == 0:
        return None
    marks = [i for i, ch in enumerate(joined) if ch in _VNI_MARKS_ALL and i > 0]
    after_vowel = sum(1 for i in marks if joined[i - 1] in _VNI_BASES)
    if marks and after_vowel / len(marks) >= 0.7:
        return "vni"
    return "tcvn3"


def decode_legacy(text: str, encoding: str | None, capitals: bool = False) -> str:
    if encoding == "tcvn3":
        return decode_tcvn3(text, capitals)
    if encoding == "vni":
        return decode_vni(text)
    return text


# ----------------------------------------------------------------------------------------------------------
# Vietnamese collation: A Ă Â B C D Đ E Ê G H I K L M N O Ô Ơ P Q R S T U Ư V X Y, then tones in dictionary
# order (ngang, huyền, hỏi, ngã, sắc, nặng). Code-point order would put Đ after Z and "Ư" after "Y".
# ----------------------------------------------------------------------------------------------------------
_VI_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_VI_RANK = {ch: i for i, ch in enumerate(_VI_ALPHABET)}
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letter_key(ch: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    for m in marks:
        if m in _TONE_RANK:
            tone = _TONE_RANK[m]
    if base == "d" and ch.lower() == "đ":
        letter = "đ"
    elif "\u0306" in marks:
        letter = "ă"
    elif "\u0302" in marks:
        letter = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
    elif "\u031b" in marks:
        letter = {"o": "ơ", "u": "ư"}.get(base, base)
    else:
        letter = base
    rank = _VI_RANK.get(letter)
    if rank is None:
        rank = 100 + ord(letter)  # digits, punctuation, other scripts after the letters, in code-point order
        if letter.isdigit():
            rank = -10 + int(letter)
    return rank, tone


def vi_sort_key(text: object) -> tuple:
    """Sort key in Vietnamese order: letters first (đ after d, ư after u), then tones, then case.
    >>> sorted(["Đông", "Dung", "Ánh", "Anh", "Ân"], key=vi_sort_key)
    ['Anh', 'Ánh', 'Ân', 'Dung', 'Đông']
    """
    s = nfc(text)
    letters = tuple(_letter_key(ch)[0] for ch in s)
    tones = tuple(_letter_key(ch)[1] for ch in s)
    return letters, tones, s


def name_sort_key(full_name: object) -> tuple:
    """Sort key for a Vietnamese person's name: given name first, then surname, then middle names, as lists of
    members are ordered in Vietnam ('Nguyễn Văn An' before 'Trần Thị Bình')."""
    words = nfc(full_name).split()
    if not words:
        return ((), (), "")
    given, surname, middle = words[-1], words[0], " ".join(words[1:-1])
    return vi_sort_key(given), vi_sort_key(surname), vi_sort_key(middle)


def org_sort_key(org_name: object) -> tuple:
    """Vietnamese order of organisations by their own name, not by 'Chi bộ' / 'Đảng bộ'."""
    return vi_sort_key(re.sub(r"^(chi bộ|đảng bộ)( cơ sở)?\s+", "", nfc(org_name), flags=re.I))

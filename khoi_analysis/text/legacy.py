"""Legacy 8-bit Vietnamese encodings (TCVN3, VNI): decoding, encoding (for tests and samples), telling them
apart by font name or by character statistics."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["UNICODE_TO_VNI", "VNI_TO_UNICODE", "decode_legacy", "decode_tcvn3", "decode_vni", "detect_legacy",
           "encode_tcvn3", "encode_vni", "font_encoding"]

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
    U+00AD (soft hyphen) is TCVN3's 'ư': it must not be stripped before this runs.
    VN3 has no capital toned vowels (Á, Ủ, Ố…): in a lower-case font they are typed lower case, and are put
    back where the text shows they were capitals (see _recase)."""
    out = _TCVN3_RE.sub(lambda m: TCVN3_TO_UNICODE[m.group(0)], text)
    return unicodedata.normalize("NFC", out.upper() if capitals else _recase(out))


# the toned vowels VN3 writes only in lower case (its capitals exist for ă â ê ô ơ ư đ, and ASCII)
_NO_CAPITAL = {ch for code, ch in ((ord(k), v) for k, v in TCVN3_TO_UNICODE.items())
               if ch.islower() and ch not in "ăâêôơưđ"}
_WORD = re.compile(r"\w+")
# words after which a unit's proper name begins: "Đảng bộ Ủy ban …", "Chi bộ Ấp …"
_NAME_STARTS = {("đảng", "bộ"), ("chi", "bộ"), ("đảng", "ủy"), ("đảng", "uỷ"), ("công", "ty")}


def _recase(text: str) -> str:
    """Capitals VN3 could not write, restored: a cell in capitals is all capitals ("CộNG HOà" -> "CỘNG HOÀ");
    a word that begins with a toned vowel is capitalised where a name needs it: first in the cell, beside a
    capitalised word ("Đông á" -> "Đông Á"), where a unit's name begins ("Đảng bộ ủy ban" -> "Đảng bộ Ủy
    ban"), and "Ủy ban" (always a name: "Văn phòng Ủy ban nhân dân")."""
    if not any(ch in _NO_CAPITAL for ch in text):
        return text
    cased = [ch for ch in text if ch.isalpha() and ch not in _NO_CAPITAL]
    upper = sum(1 for ch in cased if ch.isupper())
    if len(cased) >= 3 and upper >= 0.8 * len(cased):
        return text.upper()
    words = list(_WORD.finditer(text))
    out = list(text)
    for i, m in enumerate(words):
        w = m.group(0)
        if w[0] not in _NO_CAPITAL:
            continue
        prev = words[i - 1].group(0) if i else ""
        nxt = words[i + 1].group(0) if i + 1 < len(words) else ""
        pair = (words[i - 2].group(0).lower(), prev.lower()) if i >= 2 else ("", "")
        if (i == 0 or prev[:1].isupper() or nxt[:1].isupper() or pair in _NAME_STARTS
                or (w.lower() in ("ủy", "uỷ") and nxt.lower() == "ban")):  # "Ủy ban …" is always a name
            out[m.start()] = w[0].upper()
    return "".join(out)


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


def _char_class(chars) -> str:
    """A regex class of the single characters among `chars` (what `ch in chars` matches for one character)."""
    return "[" + "".join(re.escape(ch) for ch in sorted(chars) if len(ch) == 1) + "]"


_TELL_RE = re.compile(_char_class(_LEGACY_TELL))
_MARK_RE = re.compile(_char_class(_VNI_MARKS_ALL))
_MARK_AFTER_VOWEL_RE = re.compile(f"(?<={_char_class(_VNI_BASES)}){_char_class(_VNI_MARKS_ALL)}")


def _count_above(pattern: re.Pattern, text: str, limit: float) -> bool:
    """len(pattern.findall(text)) > limit, for a pattern of single characters (a match never spans two stretches
    of the text): counted over a growing prefix first, so that plain Unicode text, far above the limit, stops after
    its first stretch."""
    count, start, step = 0, 0, 1024
    while start < len(text):
        end = start + step
        count += len(pattern.findall(text, start, end))
        if count > limit:
            return True
        start, step = end, step * 2
    return False


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
    non_ascii = len(joined) - len(joined.encode("ascii", "ignore"))  # counted in C: this runs on every sheet
    if _count_above(_UNICODE_ONLY, joined, 0.2 * non_ascii):
        return None
    if not _TELL_RE.search(joined):
        return None
    marks = len(_MARK_RE.findall(joined, 1))  # a mark after the first character
    after_vowel = len(_MARK_AFTER_VOWEL_RE.findall(joined))
    if marks and after_vowel / marks >= 0.7:
        return "vni"
    return "tcvn3"


def decode_legacy(text: str, encoding: str | None, capitals: bool = False) -> str:
    if encoding == "tcvn3":
        return decode_tcvn3(text, capitals)
    if encoding == "vni":
        return decode_vni(text)
    return text

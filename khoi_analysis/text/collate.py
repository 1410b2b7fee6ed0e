"""Vietnamese collation: sort keys for words, people's names (given name first) and organisation names."""

from __future__ import annotations

import unicodedata

from .normalize import ORG_PREFIX, nfc

__all__ = ["name_sort_key", "org_sort_key", "vi_sort_key"]

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
    return vi_sort_key(ORG_PREFIX.sub("", nfc(org_name)))

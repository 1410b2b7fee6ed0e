"""sheet.arrow.match_regex gives RE2's answers (pyarrow.compute.match_substring_regex) for the row patterns, on
any text: Vietnamese letters, digits, and the numeric characters where Python's [^\\W\\d_] and RE2's \\pL differ."""

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from khoi_analysis.sheet.arrow import SMALL, _python_regex, match_regex
from khoi_analysis.sheet.vocabulary import TOTAL_PREFILTER

PATTERNS = [r"\pL", TOTAL_PREFILTER]
ALPHABET = st.sampled_from(list("TtCcoOnNgG ổộàĐđ.-_1(²½Ⅻ①٣\n\t") + ["ơ", "Ư", "ǅ", "ª"])
TEXTS = st.lists(st.one_of(st.none(), st.text(ALPHABET, max_size=8), st.text(max_size=6)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_same_answers_as_re2(values):
    arr = pa.array(values, type=pa.string())
    for pattern in PATTERNS:
        assert match_regex(arr, pattern).to_pylist() == pc.match_substring_regex(arr, pattern).to_pylist()


def test_the_row_patterns_are_translated_and_others_left_to_re2():
    assert all(_python_regex(p) is not None for p in PATTERNS)  # else the fast path would never run
    assert _python_regex(r"\p{Lu}") is None and _python_regex("a$") is None and _python_regex(r"\x{a0}") is None
    big = pa.array(["Tổng cộng"] * (SMALL + 1))
    assert match_regex(big, TOTAL_PREFILTER).to_pylist() == [True] * (SMALL + 1)


def test_odd_character_test_is_the_per_character_one():
    """_odd_for_python (C-level scans first) answers as the per-character test it stands in for, on every character
    of the Basic Multilingual Plane and beyond it, alone and inside Vietnamese text."""
    from khoi_analysis.sheet.arrow import _odd_for_python

    def per_character(v: str) -> bool:
        return any((ch.isnumeric() and not ch.isdecimal() and not ch.isalpha()) or ch > "\uffff" for ch in v)

    chars = [chr(i) for i in range(0x80, 0x10000) if not 0xD800 <= i < 0xE000] + ["\U0001d7d8", "\U00010107", "😀"]
    for ch in chars:
        for v in (ch, f"Tổ {ch} đảng", f"{ch}ộ"):
            assert _odd_for_python(v) == per_character(v), repr(v)

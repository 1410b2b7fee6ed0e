"""Sheet columns as clean Arrow string arrays, and the small Arrow helpers the column-wise rules share
(distinct values, categoricals without a Python object per row, masks)."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..read import SheetGrid
from ..text import ODD_WS_RE2, nfc, squeeze_arrow
from .values import TEXTS, body_text, remember


def column_texts(grid: SheetGrid, c: int, start: int):
    """Sheet column c from row `start` down as a clean Arrow string array (NFC, white space collapsed and
    trimmed, blank = null): fastexcel's column for large sheets, the grid's values otherwise (then cleaned
    once per distinct value)."""

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
            mapping[v] = remembered_text(v)
    return pa.array([mapping[v] for v in values], type=pa.string())


_TEXTS = TEXTS  # body_text of cell values seen in this process (sheet/values.py: cell_text of a str reads it too)


def remembered_text(value: object) -> str | None:
    """body_text(value) or None, remembered across sheets: hundreds of small workbooks repeat their texts (ratings,
    organisation names, headers); NaN is not remembered (it equals nothing). A str is its own key, any other value
    is keyed with its type (1, 1.0 and True are equal keys but not the same cell); no str equals a tuple."""
    key = value if type(value) is str else (type(value), value)
    try:
        return _TEXTS[key]
    except KeyError:
        pass
    except TypeError:  # not hashable
        return body_text(value) or None
    text = body_text(value) or None
    if value == value:
        remember(key, text)
    return text


_UNSEEN = object()


def remembered_texts(values) -> list:
    """remembered_text of each value (an iterable of cell values), the cache looked up inline: a small sheet's
    every cell goes through here."""
    get = _TEXTS.get
    out = []
    append = out.append
    for v in values:
        if v is None:
            append(None)  # body_text(None) is ""
            continue
        try:
            text = get(v if type(v) is str else (type(v), v), _UNSEEN)
        except TypeError:  # not hashable
            text = _UNSEEN
        append(remembered_text(v) if text is _UNSEEN else text)
    return out


def distinct(arr):
    """The distinct non-null values of an Arrow array (or of a small table's column as a list of texts), and per
    row the position of its value among them (len(values) for a null)."""
    if isinstance(arr, list) and len(arr) > SMALL_DISTINCT:
        arr = pa.array(arr, type=pa.string())
    if isinstance(arr, list) or (len(arr) <= SMALL_DISTINCT and arr.type == pa.string()):  # a small sheet's
        # column: Python's dict is cheaper
        rows = arr if isinstance(arr, list) else arr.to_pylist()
        position: dict = {}
        for v in rows:
            if v is not None and v not in position:
                position[v] = len(position)
        null = len(position)
        return list(position), np.array([null if v is None else position[v] for v in rows], dtype=np.int64)
    enc = arr.dictionary_encode()
    values = enc.dictionary.to_pylist()
    return values, enc.indices.fill_null(len(values)).to_numpy(zero_copy_only=False)


SMALL_DISTINCT = 256  # rows up to which distinct() works in Python


def distinct_map(arr, fn, dtype=None):
    """fn applied once per distinct non-null value of an Arrow array; a numpy object array (None for null)."""

    values, idx = distinct(arr)
    return np.array([fn(v) for v in values] + [None], dtype=dtype or object)[idx]


def categorical(arr, fn=None, categories=None) -> pd.Categorical:
    """An Arrow string array as a pandas Categorical without a Python object per row: the distinct values
    (mapped through fn, if given) become the categories (or are looked up in `categories`)."""

    values, idx = distinct(arr)
    if fn is not None:
        values = [fn(v) for v in values]
    if categories is None:
        categories = sorted({v for v in values if v is not None})
    return pd.Categorical.from_codes(_lookup(values, categories)[idx], categories=categories)


def codes(arr, fn, categories) -> np.ndarray:
    """Per row of an Arrow string array, the position in `categories` of fn(its value) (-1: null or not
    there), fn called once per distinct value: the codes of categorical(arr, fn, categories), no pandas."""
    values, idx = distinct(arr)
    return _lookup([fn(v) for v in values], categories)[idx]


def _lookup(values: list, categories) -> np.ndarray:
    position = {c: i for i, c in enumerate(categories)}
    return np.array([position.get(v, -1) if v is not None else -1 for v in values] + [-1], dtype=np.int32)


def where(mask) -> list[int]:

    return np.flatnonzero(mask).tolist()


def present(arr):
    """Rows of an Arrow array (or of a list) that are not null (None), as a numpy boolean array."""
    if isinstance(arr, list):
        return np.array([v is not None for v in arr], dtype=bool).reshape(len(arr))
    nulls = arr.null_count
    if nulls == 0:
        return np.ones(len(arr), dtype=bool)
    if nulls == len(arr):
        return np.zeros(len(arr), dtype=bool)
    return arr.is_valid().to_numpy(zero_copy_only=False)



# RE2 (pyarrow.compute) compiles a pattern on every call, and \pL (any letter) costs it 1-5 ms each time: more than
# the whole rest of a small sheet. Below this many values, a pattern is run by Python's re, translated once.
SMALL = 4096


def match_regex(arr, pattern: str):
    """pc.match_substring_regex(arr, pattern) (null for null), with the same answers: on small arrays by Python's re
    (see regex_hits)."""
    if len(arr) > SMALL or _python_regex(pattern) is None:
        return pc.match_substring_regex(arr, pattern)
    return pa.array(regex_hits(arr.to_pylist(), pattern), type=pa.bool_())


def regex_hits(values: list, pattern: str) -> list:
    """Per value (str or None), whether RE2's `pattern` matches it (None for None): by Python's re for the
    patterns it can translate (\\pL as [^\\W\\d_], which differs from it only on characters that are numeric but
    neither decimal digits nor letters, like '²' or 'Ⅻ', and outside the Basic Multilingual Plane, where Python's
    Unicode version and RE2's may differ: values holding one go to RE2)."""
    compiled = _python_regex(pattern)
    if compiled is None:
        return pc.match_substring_regex(pa.array(values, type=pa.string()), pattern).to_pylist()
    search = compiled.search
    out: list = []
    odd: list[int] = []
    for i, v in enumerate(values):
        if v is None:
            out.append(None)
        elif not v.isascii() and _odd_for_python(v):
            out.append(None)
            odd.append(i)
        else:
            out.append(search(v) is not None)
    if odd:
        exact = pc.match_substring_regex(pa.array([values[i] for i in odd], type=pa.string()), pattern)
        for i, hit in zip(odd, exact.to_pylist()):
            out[i] = hit
    return out


def _odd_for_python(v: str) -> bool:
    """A character on which Python's translation of \\pL may differ from RE2: numeric but neither a decimal digit
    nor a letter, or outside the Basic Multilingual Plane. The per-character test only runs on the rare text
    holding a numeric character at all."""
    if max(v) > "\uffff":
        return True
    if not any(map(str.isnumeric, v)):
        return False
    return any(ch.isnumeric() and not ch.isdecimal() and not ch.isalpha() for ch in v)


@lru_cache(maxsize=64)
def _python_regex(pattern: str):
    """`pattern` (RE2 syntax) as a compiled Python regex, or None when it uses syntax not translated here ($ and
    ^ would differ around newlines, and RE2's own escapes)."""
    if "$" in pattern or "(?m" in pattern or "(?s" in pattern:
        return None
    py = pattern.replace("[^\\pL]", r"[\W\d_]").replace("\\PL", r"[\W\d_]").replace("\\pL", r"[^\W\d_]")
    if "\\p" in py or "\\P" in py or "\\x{" in py or "(?P" in py or "\\C" in py or "\\Q" in py:
        return None
    try:
        return re.compile(py)
    except re.error:
        return None

"""A1 cell references, written once: column letters <-> numbers, (row, column) -> 'B7'."""

from __future__ import annotations

__all__ = ["a1", "col_letter", "col_number"]


def col_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA' (0-based column index)."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def col_number(letters: bytes | str) -> int:
    """'A' -> 1, 'Z' -> 26, 'AA' -> 27 (1-based, as in the sheet XML); bytes or text."""
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode():
        n = n * 26 + (ord(ch) - 64)
    return n


def a1(row0: int, col0: int) -> str:
    """A1 reference of a 0-based (row, column)."""
    return f"{col_letter(col0)}{row0 + 1}"

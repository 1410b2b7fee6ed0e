"""Legacy-encoded text (TCVN3, VNI) in a grid decoded to Unicode NFC: by cell font where the file has fonts,
by character statistics otherwise."""

from __future__ import annotations

import dataclasses

from ..read import SheetGrid
from ..text import decode_legacy, detect_legacy, font_encoding


def decode_grid(grid: SheetGrid) -> tuple[SheetGrid, str | None]:
    """The grid with legacy-encoded text (TCVN3, VNI) decoded to Unicode NFC, and the encoding found.
    Cell fonts decide where the file has them; text statistics decide for the whole sheet otherwise."""
    rows = grid.rows
    if grid.fonts:
        encoded = {pos: font_encoding(name) for pos, name in grid.fonts.items()}
        encoded = {pos: enc for pos, enc in encoded.items() if enc[0]}
        if not encoded:
            return grid, None
        new_rows = [list(r) for r in rows]
        for (r, c), (enc, caps) in encoded.items():
            if r < len(new_rows) and c < len(new_rows[r]) and isinstance(new_rows[r][c], str):
                new_rows[r][c] = decode_legacy(new_rows[r][c], enc, caps)
        found = sorted({enc for enc, _ in encoded.values()})
        return _replace_rows(grid, new_rows), "+".join(found)
    texts: list[str] = []
    for row in rows:  # a sample is enough to tell the encoding
        texts += [v for v in row if isinstance(v, str) and v and not v.isascii()]
        if len(texts) >= 5000:
            break
    enc = detect_legacy(texts)
    if enc is None:
        return grid, None
    new_rows = [[decode_legacy(v, enc) if isinstance(v, str) else v for v in row] for row in rows]
    return _replace_rows(grid, new_rows), enc


def _replace_rows(grid: SheetGrid, rows: list[list[object]]) -> SheetGrid:
    return dataclasses.replace(grid, rows=rows)

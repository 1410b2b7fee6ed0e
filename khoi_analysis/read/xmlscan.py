"""Byte-level scans of an .xlsx/.xlsm zip, for what the fast readers don't give: a sheet's XML streamed in pieces
(`pieces`), and in one pass over it hidden rows, merged ranges, formulas without a cached value, cells in legacy
Vietnamese fonts and where fastexcel's grid starts (`scan_extras`); the sheet names of workbook.xml
(`sheet_names`) and the legacy-font cell styles of styles.xml (`legacy_font_styles`)."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from html import unescape

from ..cellref import col_letter, col_number
from .grid import SheetGrid
from .settings import settings

# workbook.xml and its relationships
_SHEET_ENTRY = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"[^>]*>')
_HIDDEN_STATE = re.compile(rb'\bstate="(?:hidden|veryHidden)"')
_REL_ENTRY = re.compile(rb'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"')
_REL_ENTRY2 = re.compile(rb'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"')
# a sheet's XML
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"')
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_FORMULA_START = re.compile(rb"<f[ >/]")
_FORMULA_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*>\s*<f\b(?:[^>]*/>|[^>]*>.*?</f>)\s*(<v>[^<]*</v>)?',
                           re.S)
# A cell with a value: <c r="B7" ...> then an optional formula, then <v>non-empty</v> or <is>..<t>non-empty.
_OPTIONAL_FORMULA = rb'(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?'
_VALUED_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"([^>]*)>' + _OPTIONAL_FORMULA
                          + rb'(?:<v>([^<]+)</v>|<is>(.*?)</is>)', re.S)
_TEXT_RUN = re.compile(rb"<t\b[^>]*>([^<]*)</t>")
_TYPE_ATTR = re.compile(rb'\bt="([a-zA-Z]+)"')


def xml_unescape(raw: bytes) -> str:
    return unescape(raw.decode("utf-8", errors="replace"))


def pieces(zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    """A zip part's bytes as buffers to scan: the decompressed pieces (at most settings.scan_chunk bytes each), and
    between two pieces a small junction (the end of what came before + the start of the next piece), so that
    a match cut between two pieces is still found whole (and one near a junction may be found twice). A large
    deflated part is inflated in a thread, the next piece while the caller scans this one (zlib releases the
    GIL); pieces are never copied together."""
    overlap = settings.scan_overlap
    tail = b""
    for chunk in _inflated(zf, info):
        if tail:
            yield tail + chunk[:overlap]
        yield chunk
        tail = chunk[-overlap:] if len(chunk) >= overlap else (tail + chunk)[-overlap:]


def _inflated(zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    size = settings.scan_chunk
    if info.compress_type != zipfile.ZIP_DEFLATED or info.file_size <= size or zf.filename is None:
        with zf.open(info) as fh:
            while chunk := fh.read(size):
                yield chunk
        return
    with open(zf.filename, "rb") as raw:
        raw.seek(info.header_offset)
        header = raw.read(30)
        if header[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"bad local header for {info.filename}")
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        raw.seek(info.header_offset + 30 + name_len + extra_len)
        left = info.compress_size
        inflate = zlib.decompressobj(-15)

        def piece() -> bytes:
            nonlocal left
            while True:
                data = inflate.unconsumed_tail
                if not data and left > 0:
                    data = raw.read(min(left, 2**20))
                    left -= len(data)
                if not data:
                    return inflate.flush()
                out = inflate.decompress(data, size)
                if out:
                    return out

        with ThreadPoolExecutor(1) as pool:
            ahead = pool.submit(piece)
            while chunk := ahead.result():
                ahead = pool.submit(piece)
                yield chunk


def scan_extras(zf: zipfile.ZipFile, info: zipfile.ZipInfo, legacy_styles: dict[int, str],
                anchor: bool = True) -> dict:
    """One streaming pass over a sheet's XML for what the fast readers don't give: hidden rows, merged ranges,
    formulas with no cached value, the fonts of cells styled with a legacy Vietnamese font (only those styles
    are looked for), and the anchor: where fastexcel's grid starts, and the value there (see xlsx_fast).
    anchor=False: a sheet fastexcel won't read; its anchor is not looked for (None)."""
    hidden: set[int] = set()
    merged: dict[tuple[int, int, int, int], None] = {}
    formulas: dict[tuple[int, int], None] = {}
    fonts: dict[tuple[int, int], str] = {}
    font_patterns = _font_patterns(legacy_styles) if legacy_styles else ()
    first_cell, first_value, min_col = None, None, 0
    probes: list[int] = []  # columns left of the first used cell's where a used cell may still be found
    for buf in pieces(zf, info):
        if b"hidden=" in buf:
            hidden.update(int(r) - 1 for r in _HIDDEN_ROW.findall(buf))
        if b"<mergeCell " in buf:
            merged.update(((int(r0) - 1, col_number(c0) - 1, int(r1) - 1, col_number(c1) - 1), None)
                          for c0, r0, c1, r1 in _MERGE.findall(buf))
        if _FORMULA_START.search(buf):
            formulas.update(((int(r) - 1, col_number(c) - 1), None)
                            for c, r, v in _FORMULA_CELL.findall(buf) if not v or v == b"<v></v>")
        for pattern, order in font_patterns:
            for groups in pattern.findall(buf):
                c, r, st = (groups[i] for i in order)
                fonts[(int(r) - 1, col_number(c) - 1)] = legacy_styles[int(st)]
        if not anchor:
            continue
        if first_cell is None:
            first_cell = _VALUED_CELL.search(buf)
            if first_cell:
                min_col = col_number(first_cell.group(1)) - 1
                probes = list(range(min_col))
                first_value = _cell_value(zf, first_cell)
        for c in list(probes):
            if _column_probe(c).search(buf):
                min_col = c
                probes = [x for x in probes if x < c]
                break
    corner = None
    if first_cell is not None and first_value is not None:
        corner = {"row": int(first_cell.group(2)) - 1, "col": min_col,
                  "first_col": col_number(first_cell.group(1)) - 1, "value": first_value}
    return {"hidden_rows": hidden, "merged": list(merged), "formulas_without_value": list(formulas),
            "fonts": fonts, "anchor": corner}


def attach_extras(grid: SheetGrid, found: dict) -> None:
    """What scan_extras found, onto the grid (merged ranges only where the reader gave none)."""
    grid.hidden_rows = found["hidden_rows"]
    grid.merged = grid.merged or found["merged"]
    grid.formulas_without_value = found["formulas_without_value"]
    grid.fonts = found["fonts"]
    grid.extras_read = True


def _font_patterns(legacy_styles: dict[int, str]):
    """Regexes for cells styled with one of the legacy-font styles (r before s, and s before r), each with the
    order of its (column, row, style) groups."""
    styles = b"|".join(str(i).encode() for i in legacy_styles)
    return ((re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?\bs="(' + styles + rb')"'), (0, 1, 2)),
            (re.compile(rb'<c\b[^>]*?\bs="(' + styles + rb')"[^>]*?\br="([A-Z]+)(\d+)"'), (1, 2, 0)))


def _cell_value(zf: zipfile.ZipFile, cell: re.Match) -> object:
    """The value of a _VALUED_CELL match as fastexcel would show it (text, or float for numbers); None for the
    kinds not worth the special cases (booleans, errors, dates stored as text)."""
    kind = _TYPE_ATTR.search(cell.group(3))
    kind = kind.group(1) if kind else b"n"
    if kind == b"inlineStr":
        return xml_unescape(b"".join(_TEXT_RUN.findall(cell.group(5) or b"")))
    if kind == b"s":
        return _shared_string(zf, int(cell.group(4)))
    if kind == b"str":
        return xml_unescape(cell.group(4) or b"")
    if kind == b"n" and cell.group(4):
        try:
            return float(cell.group(4))
        except ValueError:
            return None
    return None


@lru_cache(maxsize=64)
def _column_probe(c: int) -> re.Pattern:
    """A used cell (with a value) in column c (0-based), in any row."""
    return re.compile(rb'<c r="' + col_letter(c).encode() + rb'\d+"[^>]*>' + _OPTIONAL_FORMULA
                      + rb'(?:<v>[^<]|<is>)')


def _shared_string(zf: zipfile.ZipFile, index: int) -> str | None:
    """Entry `index` of the shared-strings table (only small indexes: the first used cell's string)."""
    if index > 10_000:
        return None
    try:
        with zf.open("xl/sharedStrings.xml") as fh:
            head = fh.read(4 * 2**20)
    except KeyError:
        return None
    for i, m in enumerate(re.finditer(rb"<si>(.*?)</si>", head, re.S)):
        if i == index:
            return xml_unescape(b"".join(_TEXT_RUN.findall(m.group(1))))
    return None


# Parts that hundreds of workbooks made by one program share byte for byte (workbook.xml and its relationships,
# styles.xml): what they say is worked out once per process, keyed by their bytes (small parts only: at most
# _BY_CONTENT_MAX entries of _BY_CONTENT_BYTES each are kept)
_BY_CONTENT: dict[tuple, object] = {}
_BY_CONTENT_MAX = 128
_BY_CONTENT_BYTES = 64 * 2**10


def _by_content(key: tuple, work):
    if sum(len(part) for part in key[1:]) > _BY_CONTENT_BYTES:
        return work()
    try:
        return _BY_CONTENT[key]
    except KeyError:
        pass
    found = work()
    if len(_BY_CONTENT) >= _BY_CONTENT_MAX:
        _BY_CONTENT.clear()
    _BY_CONTENT[key] = found
    return found


def sheet_names(zf: zipfile.ZipFile) -> dict[str, tuple[str, bool]]:
    """xl/worksheets/sheetN.xml -> (the sheet's name, whether it is hidden), in the workbook's order, from
    workbook.xml and its relationships."""
    wb = zf.read("xl/workbook.xml")
    try:
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    return dict(_by_content(("sheets", wb, rels), lambda: _sheet_names(wb, rels)))


def _sheet_names(wb: bytes, rels: bytes) -> dict[str, tuple[str, bool]]:
    targets = {rid: tgt for rid, tgt in _REL_ENTRY.findall(rels)}
    targets.update({rid: tgt for tgt, rid in _REL_ENTRY2.findall(rels)})
    out = {}
    for m in _SHEET_ENTRY.finditer(wb):
        name, rid = m.group(1), m.group(2)
        target = targets.get(rid, b"").decode()
        target = target.lstrip("/")
        if not target.startswith("xl/"):
            target = "xl/" + target
        out[target] = (xml_unescape(name), bool(_HIDDEN_STATE.search(m.group(0))))
    return out


def legacy_font_styles(zf: zipfile.ZipFile) -> dict[int, str]:
    """Cell style index -> font name, for the styles whose font is a legacy Vietnamese one (.VnTime, VNI-…)."""
    styles = zf.read("xl/styles.xml")
    return dict(_by_content(("styles", styles), lambda: _legacy_font_styles(styles)))


def _legacy_font_styles(styles: bytes) -> dict[int, str]:
    fonts_block = re.search(rb"<fonts\b.*?</fonts>", styles, re.S)
    xfs_block = re.search(rb"<cellXfs\b.*?</cellXfs>", styles, re.S)
    if not fonts_block or not xfs_block:
        return {}
    fonts = [re.search(rb'<name val="([^"]*)"', f) for f in re.findall(rb"<font\b.*?</font>|<font\s*/>",
                                                                        fonts_block.group(0), re.S)]
    names = [xml_unescape(m.group(1)) if m else "" for m in fonts]
    out = {}
    for i, xf in enumerate(re.findall(rb"<xf\b[^>]*>", xfs_block.group(0))):
        m = re.search(rb'fontId="(\d+)"', xf)
        font = names[int(m.group(1))] if m and int(m.group(1)) < len(names) else ""
        if font.lower().startswith((".vn", "vni")):
            out[i] = font
    return out

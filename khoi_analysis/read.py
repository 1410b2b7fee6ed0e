"""Reading spreadsheet files into grids of cell values. The only module that touches file formats.

Values come from python-calamine (Rust, fast) for .xlsx/.xlsm/.xls/.xlsb/.ods and from the csv module for
.csv. For .xlsx/.xlsm, what the fast reader doesn't give (hidden rows, merged ranges, formulas without a
cached value, cells in legacy Vietnamese fonts) is read from the sheet XML with a few byte-level scans.

Large sheets (FAST_MIN_ROWS rows or more) of .xlsx/.xlsm files in Unicode fonts are read with fastexcel
straight into Arrow string columns (`SheetGrid.body`): no Python object per cell. Only their first rows, where
the table's header is, become Python values (`SheetGrid.rows`). fastexcel starts its grid at the first used
row and column, so that corner is read from the sheet XML and checked against what fastexcel returns; a sheet
where the two don't agree is read the ordinary way.

Hostile files are checked before any parser sees them: a file that is not what its name says, a zip bomb,
XML entity declarations, a sheet whose used range is absurd (a single cell at XFD1048576 makes the Rust
reader try to allocate hundreds of GiB and abort the whole process, which no `except` catches:
tafia/calamine#693). The sheet XML is inflated and scanned piece by piece, so memory stays flat. Binary
formats (.xls, .xlsb) have no such cheap check: they are parsed in a child process with a memory cap. A file
that can't be read raises ReadError with one clear line naming the file.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from .cellref import col_letter, col_number
from .config import ALIASES_FILE_NAME

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")
MAX_FILE_BYTES = 200 * 2**20
MAX_UNZIPPED_BYTES = 1 * 2**30  # all members of a zip-based workbook, decompressed
MAX_RATIO = 200  # compression ratio above which a large member is taken for a zip bomb
MAX_CELLS = 30_000_000  # rows x columns of one sheet's used range
FAST_MIN_ROWS = 5_000  # sheets this long (.xlsx/.xlsm, Unicode fonts) are read into Arrow columns
HEAD_ROWS = 60  # rows of a fast-read sheet kept as Python values: where titles and the header are

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ReadError(Exception):
    """A file that can't be read at all. str() is a one-line message for the user."""

    def __init__(self, path: Path | str, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")

    def __reduce__(self):  # picklable, to come back from a child process
        return (ReadError, (self.path, self.message))


@dataclass
class SheetGrid:
    """One sheet's cell values, row-major, row 0 = spreadsheet row 1, column 0 = column A."""

    file: str
    sheet: str
    rows: list[list[object]]
    hidden: bool = False
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row0, col0, row1, col1), inclusive
    fonts: dict[tuple[int, int], str] = field(default_factory=dict)  # (row0, col0) -> legacy font name
    hidden_rows: set[int] = field(default_factory=set)
    formulas_without_value: list[tuple[int, int]] = field(default_factory=list)
    extras_read: bool = False  # whether fonts, hidden rows and formulas were looked at
    # Large sheets: every cell as text in Arrow columns; body row 0 / column 0 is sheet row / column body_origin.
    # `rows` then holds only the first rows (the header's), as values.
    body: object = None  # pyarrow.RecordBatch | None
    body_origin: tuple[int, int] = (0, 0)

    @property
    def height(self) -> int:
        """Rows in the sheet (up to the last used one)."""
        if self.body is not None:
            return self.body_origin[0] + self.body.num_rows
        return len(self.rows)


def find_spreadsheets(paths: list[Path | str]) -> list[Path]:
    """Expand folders (recursively) into the spreadsheet files they hold, sorted; files are kept as given.
    Lock files Excel leaves behind (~$name.xlsx), hidden files and the aliases table are skipped."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in SPREADSHEET_SUFFIXES and f.name != ALIASES_FILE_NAME
                and not f.name.startswith(("~$", "."))
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            ))
        elif p.exists():
            out.append(p)
        else:
            raise ReadError(p, "không tìm thấy tệp hoặc thư mục (file or folder not found)")
    return out


def read_workbook(path: Path | str, fast: bool = True) -> list[SheetGrid]:
    """All worksheets of one file as grids of values (legacy-encoded text is decoded later, in tables).
    fast=False: no sheet is read into Arrow columns (every cell a Python value)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ReadError(path, f"không mở được tệp: {exc.strerror}") from None
    if size == 0:
        raise ReadError(path, "tệp rỗng (0 byte)")
    if size > MAX_FILE_BYTES:
        raise ReadError(path, f"tệp quá lớn ({size // 2**20} MB > {MAX_FILE_BYTES // 2**20} MB)")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [_read_csv(path)]
    parts: dict[str, tuple[str, int, bool]] = {}
    legacy_styles: dict[int, str] = {}
    opener: _Background | None = None
    if head.startswith(_ZIP_MAGIC):
        def open_early() -> None:  # once the zip itself is known safe, while its sheets are being checked
            nonlocal opener
            if fast and size >= EARLY_OPEN_BYTES:
                opener = _Background(_open_fastexcel, path)

        parts, legacy_styles = _check_zip(path, open_early)
    elif head.startswith(_OLE_MAGIC):
        if suffix in (".xlsx", ".xlsm", ".ods"):  # an OLE container named .xlsx is an encrypted workbook
            raise ReadError(path, "tệp được đặt mật khẩu (mã hoá); hãy gỡ mật khẩu rồi gửi lại")
    else:
        kind = _sniff_text(head + _peek(path, 512))
        raise ReadError(path, f"không phải bảng tính Excel/ODS{kind} dù tên tệp là {suffix}")

    @cache
    def extras_of(name: str) -> dict | None:
        """What the fast readers don't give, for one sheet (None: not a zip-based sheet we know); scanned once
        even when a fast read is given up and the sheet is read again cell by cell."""
        if name not in parts:
            return None
        with zipfile.ZipFile(path) as zf:
            return _scan_extras(zf, zf.getinfo(parts[name][0]), legacy_styles)

    fast_sheets = {name for name, (member, rows, _) in parts.items()
                   if fast and rows >= FAST_MIN_ROWS and not legacy_styles and member.startswith("xl/worksheets/")}
    grids = _read_calamine(path, fast_sheets, extras_of, [(name, hidden) for name, (_, _, hidden) in parts.items()],
                           opener)
    if any(grid.body is not None for grid in grids):
        _release_freed_memory()
    for grid in grids:
        found = grid.extras_read or extras_of(grid.sheet)
        if isinstance(found, dict):
            _attach_extras(grid, found)
    return grids


EARLY_OPEN_BYTES = 2**20  # from this size on, fastexcel opens the workbook (shared strings) during the checks


class _Background:
    """A call run in a thread (fastexcel and zlib release the GIL); result() waits for it and re-raises."""

    def __init__(self, fn, *args):
        import threading

        self._value: object = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, *args), daemon=True)
        self._thread.start()

    def _run(self, fn, *args) -> None:
        try:
            self._value = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits for the result
            self._error = exc

    def result(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def _open_fastexcel(path: Path):
    import fastexcel

    return fastexcel.read_excel(str(path))


def _attach_extras(grid: SheetGrid, found: dict) -> None:
    grid.hidden_rows = found["hidden_rows"]
    grid.merged = grid.merged or found["merged"]
    grid.formulas_without_value = found["formulas_without_value"]
    grid.fonts = found["fonts"]
    grid.extras_read = True


def _release_freed_memory() -> None:
    """Give the C heap's free pages back to the system (glibc only). The Rust reader frees its cell grid when it
    is done, but glibc keeps the pages, and Arrow's allocator can't reuse them: without this a million-row
    sheet would hold ~200 MB of nothing until the process ends."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl): nothing to do
        pass


def _peek(path: Path, n: int) -> bytes:
    with path.open("rb") as fh:
        return fh.read(n)


def _sniff_text(head: bytes) -> str:
    low = head.lower()
    if b"<html" in low or b"<!doctype html" in low or b"<table" in low:
        return " (đây là trang HTML; hãy mở bằng Excel rồi lưu lại dạng .xlsx)"
    if b"{\\rtf" in low:
        return " (đây là văn bản RTF)"
    if head.startswith(b"%PDF"):
        return " (đây là tệp PDF)"
    try:
        head.decode("utf-8")
        return " (đây là tệp văn bản; nếu là CSV hãy đổi đuôi thành .csv)"
    except UnicodeDecodeError:
        return ""


# ------------------------------------------------------------------------------------------------ guards
# cell references in any attribute order or namespace (<c s="1" r="AB3">, <x:c r=...>); row refs are digits
_CELL_REF_3 = re.compile(rb' r="([A-Z]{3})(\d+)"')
_CELL_REF_WIDE = re.compile(rb' r="[A-Z]{2}')
_CELL_REF_2 = re.compile(rb' r="([A-Z]{2})\d')
_ROW_REF = re.compile(rb'<row r="(\d+)"')
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _check_zip(path: Path, zip_ok=None) -> tuple[dict[str, tuple[str, int, bool]], dict[int, str]]:
    """Zip bombs, XML entity declarations and absurd sheet dimensions, checked before parsing. For .xlsx, also
    returns per sheet name (in the workbook's order) its part in the zip, its number of rows and whether it is
    hidden; and the legacy-font cell styles. zip_ok: called once the zip-level checks have passed, before the
    sheets are checked."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_UNZIPPED_BYTES:
                raise ReadError(path, f"giải nén ra quá lớn ({total // 2**20} MB): có thể là 'zip bomb'")
            for info in infos:
                if info.file_size > 100 * 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise ReadError(path, f"phần '{info.filename}' nén bất thường (tỉ lệ "
                                          f"{info.file_size // max(info.compress_size, 1)}:1): có thể là 'zip bomb'")
            names = {i.filename for i in infos}
            if "EncryptedPackage" in names:
                raise ReadError(path, "tệp được đặt mật khẩu (mã hoá); hãy gỡ mật khẩu rồi gửi lại")
            for info in infos:
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with zf.open(info) as fh:
                    head = fh.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise ReadError(path, f"phần '{info.filename}' khai báo thực thể XML (DOCTYPE/ENTITY): tệp có "
                                          "thể độc hại, không đọc")
            sheet_names = _sheet_names(zf) if "xl/workbook.xml" in names else {}
            legacy_styles = _legacy_font_styles(zf) if "xl/styles.xml" in names else {}
            if zip_ok is not None:
                zip_ok()
            rows_of = {info.filename: _guard_sheet(path, zf, info) for info in infos
                       if info.filename.startswith(("xl/worksheets/", "xl/macrosheets/"))
                       and info.filename.endswith(".xml")}
            parts = {name: (target, rows_of[target], hidden) for target, (name, hidden) in sheet_names.items()
                     if target in rows_of}  # in the workbook's order
            return parts, legacy_styles
    except zipfile.BadZipFile as exc:
        raise ReadError(path, f"tệp bị hỏng hoặc không trọn vẹn (zip: {exc})") from None


SCAN_CHUNK = 4 * 2**20  # a sheet's XML is scanned in pieces this big: memory stays flat whatever its size
SCAN_OVERLAP = 64 * 2**10  # carried from one piece to the next, so that no match is cut in two


def _pieces(zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    """A zip part's bytes as buffers to scan: the decompressed pieces (at most SCAN_CHUNK bytes each), and
    between two pieces a small junction (the end of what came before + the start of the next piece), so that
    a match cut between two pieces is still found whole (and one near a junction may be found twice). A large
    deflated part is inflated in a thread, the next piece while the caller scans this one (zlib releases the
    GIL); pieces are never copied together."""
    tail = b""
    for chunk in _inflated(zf, info):
        if tail:
            yield tail + chunk[:SCAN_OVERLAP]
        yield chunk
        tail = chunk[-SCAN_OVERLAP:] if len(chunk) >= SCAN_OVERLAP else (tail + chunk)[-SCAN_OVERLAP:]


def _inflated(zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    if info.compress_type != zipfile.ZIP_DEFLATED or info.file_size <= SCAN_CHUNK or zf.filename is None:
        with zf.open(info) as fh:
            while chunk := fh.read(SCAN_CHUNK):
                yield chunk
        return
    import struct
    import zlib
    from concurrent.futures import ThreadPoolExecutor

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
                out = inflate.decompress(data, SCAN_CHUNK)
                if out:
                    return out

        with ThreadPoolExecutor(1) as pool:
            ahead = pool.submit(piece)
            while chunk := ahead.result():
                ahead = pool.submit(piece)
                yield chunk


def _guard_sheet(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """The real used range of one sheet, from its XML, before any parser sees it: the last row, and the widest
    column (only columns beyond Z can make it absurd, so only those are looked at). Raises ReadError for an
    absurd range; returns the number of rows."""
    last_row, wide, max_col, max_row3, dim = 0, False, 26, 0, None
    for buf in _pieces(zf, info):
        if dim is None:
            dim = _DIMENSION.search(buf[:4096]) or False
        at = buf.rfind(b"<row ")
        if at >= 0:
            m = _ROW_REF.search(buf, at)
            if m:
                last_row = max(last_row, int(m.group(1)))
        if wide or _CELL_REF_WIDE.search(buf):
            wide = True
            for m in _CELL_REF_3.finditer(buf):
                max_col, max_row3 = max(max_col, col_number(m.group(1))), max(max_row3, int(m.group(2)))
            max_col = max([max_col, *(col_number(x) for x in set(_CELL_REF_2.findall(buf)))])
    rows = max(last_row, max_row3)
    if rows * max_col > MAX_CELLS:
        where = f"{col_letter(max_col - 1)}{rows}"
        dim_text = f" (khai báo {dim.group(0).decode(errors='replace')})" if dim else ""
        raise ReadError(path, f"sheet '{info.filename.rsplit('/', 1)[-1]}' có vùng dữ liệu bất thường tới ô {where}"
                              f"{dim_text}: quá {MAX_CELLS:,} ô; hãy xoá các ô thừa ở xa bảng rồi lưu lại")
    return rows


def _scan_extras(zf: zipfile.ZipFile, info: zipfile.ZipInfo, legacy_styles: dict[int, str]) -> dict:
    """One streaming pass over a sheet's XML for what the fast readers don't give: hidden rows, merged ranges,
    formulas with no cached value, the fonts of cells styled with a legacy Vietnamese font (only those styles
    are looked for), and the anchor: where fastexcel's grid starts, and the value there (see _read_fast)."""
    hidden: set[int] = set()
    merged: dict[tuple[int, int, int, int], None] = {}
    formulas: dict[tuple[int, int], None] = {}
    fonts: dict[tuple[int, int], str] = {}
    font_patterns = _font_patterns(legacy_styles) if legacy_styles else ()
    first_cell, first_value, min_col = None, None, 0
    probes: list[int] = []  # columns left of the first used cell's where a used cell may still be found
    for buf in _pieces(zf, info):
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
    anchor = None
    if first_cell is not None and first_value is not None:
        anchor = {"row": int(first_cell.group(2)) - 1, "col": min_col,
                  "first_col": col_number(first_cell.group(1)) - 1, "value": first_value}
    return {"hidden_rows": hidden, "merged": list(merged), "formulas_without_value": list(formulas),
            "fonts": fonts, "anchor": anchor}


_SHEET_ENTRY = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"[^>]*>')
_HIDDEN_STATE = re.compile(rb'\bstate="(?:hidden|veryHidden)"')
_REL_ENTRY = re.compile(rb'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"')
_REL_ENTRY2 = re.compile(rb'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"')
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"')
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_FORMULA_START = re.compile(rb"<f[ >/]")
_FORMULA_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*>\s*<f\b(?:[^>]*/>|[^>]*>.*?</f>)\s*(<v>[^<]*</v>)?',
                           re.S)


def _xml_unescape(raw: bytes) -> str:
    from html import unescape

    return unescape(raw.decode("utf-8", errors="replace"))


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, tuple[str, bool]]:
    """xl/worksheets/sheetN.xml -> (the sheet's name, whether it is hidden), in the workbook's order, from
    workbook.xml and its relationships."""
    wb = zf.read("xl/workbook.xml")
    try:
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {rid: tgt for rid, tgt in _REL_ENTRY.findall(rels)}
    targets.update({rid: tgt for tgt, rid in _REL_ENTRY2.findall(rels)})
    out = {}
    for m in _SHEET_ENTRY.finditer(wb):
        name, rid = m.group(1), m.group(2)
        target = targets.get(rid, b"").decode()
        target = target.lstrip("/")
        if not target.startswith("xl/"):
            target = "xl/" + target
        out[target] = (_xml_unescape(name), bool(_HIDDEN_STATE.search(m.group(0))))
    return out


def _legacy_font_styles(zf: zipfile.ZipFile) -> dict[int, str]:
    """Cell style index -> font name, for the styles whose font is a legacy Vietnamese one (.VnTime, VNI-…)."""
    styles = zf.read("xl/styles.xml")
    fonts_block = re.search(rb"<fonts\b.*?</fonts>", styles, re.S)
    xfs_block = re.search(rb"<cellXfs\b.*?</cellXfs>", styles, re.S)
    if not fonts_block or not xfs_block:
        return {}
    fonts = [re.search(rb'<name val="([^"]*)"', f) for f in re.findall(rb"<font\b.*?</font>|<font\s*/>",
                                                                        fonts_block.group(0), re.S)]
    names = [_xml_unescape(m.group(1)) if m else "" for m in fonts]
    out = {}
    for i, xf in enumerate(re.findall(rb"<xf\b[^>]*>", xfs_block.group(0))):
        m = re.search(rb'fontId="(\d+)"', xf)
        font = names[int(m.group(1))] if m and int(m.group(1)) < len(names) else ""
        if font.lower().startswith((".vn", "vni")):
            out[i] = font
    return out


def _font_patterns(legacy_styles: dict[int, str]):
    """Regexes for cells styled with one of the legacy-font styles (r before s, and s before r), each with the
    order of its (column, row, style) groups."""
    styles = b"|".join(str(i).encode() for i in legacy_styles)
    return ((re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?\bs="(' + styles + rb')"'), (0, 1, 2)),
            (re.compile(rb'<c\b[^>]*?\bs="(' + styles + rb')"[^>]*?\br="([A-Z]+)(\d+)"'), (1, 2, 0)))


# ------------------------------------------------------------------------------------------------ fast sheets
# A cell with a value: <c r="B7" ...> then an optional formula, then <v>non-empty</v> or <is>..<t>non-empty.
_OPTIONAL_FORMULA = rb'(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?'
_VALUED_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"([^>]*)>' + _OPTIONAL_FORMULA
                          + rb'(?:<v>([^<]+)</v>|<is>(.*?)</is>)', re.S)
_TEXT_RUN = re.compile(rb"<t\b[^>]*>([^<]*)</t>")
_TYPE_ATTR = re.compile(rb'\bt="([a-zA-Z]+)"')


def _cell_value(zf: zipfile.ZipFile, cell: re.Match) -> object:
    """The value of a _VALUED_CELL match as fastexcel would show it (text, or float for numbers); None for the
    kinds not worth the special cases (booleans, errors, dates stored as text)."""
    kind = _TYPE_ATTR.search(cell.group(3))
    kind = kind.group(1) if kind else b"n"
    if kind == b"inlineStr":
        return _xml_unescape(b"".join(_TEXT_RUN.findall(cell.group(5) or b"")))
    if kind == b"s":
        return _shared_string(zf, int(cell.group(4)))
    if kind == b"str":
        return _xml_unescape(cell.group(4) or b"")
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
            return _xml_unescape(b"".join(_TEXT_RUN.findall(m.group(1))))
    return None


def _read_fast(path: Path, reader, name: str, hidden: bool, extras_of) -> SheetGrid | None:
    """One large sheet through fastexcel as Arrow strings; None when fastexcel's grid doesn't start where the
    sheet XML says (the caller then reads the sheet the usual way). fastexcel works in a thread (it releases the
    GIL) while this one scans the sheet XML for the extras and the grid's origin: the two overlap."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        job = pool.submit(lambda: reader.load_sheet(name, header_row=None, dtypes="string").to_arrow())
        try:
            found = extras_of(name)
        finally:
            batch = job.result()
    anchor = found and found["anchor"]
    if not anchor:
        return None
    r0, c0 = anchor["row"], anchor["col"]
    j = anchor["first_col"] - c0
    if batch.num_rows == 0 or j >= batch.num_columns or batch.column(0).null_count == batch.num_rows:
        return None
    first_row = [batch.column(c)[0].as_py() for c in range(j + 1)]
    got, want = first_row[j], anchor["value"]
    if any(v is not None for v in first_row[:j]) or got is None:
        return None
    if isinstance(want, float):
        try:
            if float(got) != want:
                return None
        except ValueError:
            return None
    elif got != want:
        return None
    head = batch.slice(0, HEAD_ROWS)
    rows: list[list[object]] = [[] for _ in range(r0)]
    columns = [head.column(c).to_pylist() for c in range(head.num_columns)]
    for i in range(head.num_rows):
        rows.append([None] * c0 + [_typed(col[i]) for col in columns])
    grid = SheetGrid(str(path), name, rows, hidden=hidden, body=batch, body_origin=(r0, c0))
    _attach_extras(grid, found)
    return grid


_NUMBER_TEXT = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
_DATETIME_TEXT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def _typed(text: str | None) -> object:
    """A fastexcel cell text back as the value calamine would give, for the header rows: numbers as float,
    dates as datetime."""
    if text is None:
        return None
    if _NUMBER_TEXT.fullmatch(text) and not (text.startswith("0") and text[1:2].isdigit()):  # "007": a code
        return float(text)
    if _DATETIME_TEXT.fullmatch(text):
        import datetime as dt

        return dt.datetime.fromisoformat(text)
    return text


# ------------------------------------------------------------------------------------------------ readers
def _read_calamine(path: Path, fast: set[str] = frozenset(), extras_of=None,
                   order: list[tuple[str, bool]] | None = None, opener: _Background | None = None) -> list[SheetGrid]:
    """Every worksheet; those named in `fast` through fastexcel when it agrees with the sheet XML. `order`: the
    workbook's sheets (name, hidden) from workbook.xml; when every one of them is fast, python-calamine is not
    opened at all (it would parse the shared strings a second time)."""
    if path.suffix.lower() in (".xlsb", ".xls"):
        return _read_in_child(path)
    return _read_here(path, fast, extras_of, order, opener)


def _read_here(path: Path, fast: set[str] = frozenset(), extras_of=None,
               order: list[tuple[str, bool]] | None = None, opener: _Background | None = None) -> list[SheetGrid]:
    import python_calamine as pc

    def fast_reader():
        return opener.result() if opener is not None else _open_fastexcel(path)

    try:
        if order and all(name in fast for name, _ in order):
            grids = _read_all_fast(path, order, extras_of, fast_reader())
            if grids is not None:
                return grids
            fast = frozenset()  # fastexcel and the sheet XML disagree: every sheet the usual way
        wb = pc.CalamineWorkbook.from_path(str(path))
        grids = []
        reader = None
        for meta in wb.sheets_metadata:
            if str(meta.typ).rsplit(".", 1)[-1].lower() != "worksheet":
                continue
            hidden = str(meta.visible).rsplit(".", 1)[-1].lower() != "visible"
            if meta.name in fast:
                reader = reader or fast_reader()
                grid = _read_fast(path, reader, meta.name, hidden, extras_of)
                if grid is not None:
                    grids.append(grid)
                    continue
            sheet = wb.get_sheet_by_name(meta.name)
            if sheet.height * sheet.width > MAX_CELLS:
                raise ReadError(path, f"sheet '{meta.name}' quá lớn ({sheet.height:,} hàng × {sheet.width:,} cột)")
            rows = sheet.to_python(skip_empty_area=False)
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
            grids.append(SheetGrid(str(path), meta.name, rows, hidden=hidden, merged=merged))
    except ReadError:
        raise
    except pc.PasswordError:
        raise ReadError(path, "tệp được đặt mật khẩu; hãy gỡ mật khẩu rồi gửi lại") from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # the readers raise several types, Rust panics among them (not Exceptions)
        first = str(exc).splitlines()[0][:160] if str(exc) else ""
        raise ReadError(path, f"không phải bảng tính hợp lệ hoặc tệp bị hỏng ({type(exc).__name__}: {first})") from None
    if not grids:
        raise ReadError(path, "workbook không có sheet dữ liệu nào")
    return grids


def _read_all_fast(path: Path, order: list[tuple[str, bool]], extras_of, reader) -> list[SheetGrid] | None:
    grids = []
    for name, hidden in order:
        grid = _read_fast(path, reader, name, hidden, extras_of)
        if grid is None:
            return None
        grids.append(grid)
    return grids


def _read_in_child(path: Path) -> list[SheetGrid]:
    """Binary formats (.xls, .xlsb) have no cheap pre-check: crafted or damaged headers make the Rust reader
    allocate without bound and abort (e.g. tafia/calamine#714). They are parsed in a child process, so that an
    abort can't take this process down."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child_read, args=(str(path), child))
    proc.start()
    child.close()
    result = None
    if parent.poll(60):
        try:
            result = parent.recv()
        except EOFError:
            result = None
    proc.join(5)
    if proc.is_alive():
        proc.kill()
    if result is None:
        raise ReadError(path, "bộ đọc bảng tính dừng bất thường khi mở tệp này (tệp hỏng hoặc quá lớn)")
    if isinstance(result, ReadError):
        raise result
    return result


def _child_read(path: str, conn) -> None:
    import os

    _limit_memory(2 * 2**30 + 40 * Path(path).stat().st_size)
    import faulthandler

    faulthandler.disable()  # an abort here is expected and reported by the parent
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # a Rust panic or allocation failure prints pages of backtrace: not for the user's screen
    try:
        conn.send(_read_here(Path(path)))
    except ReadError as exc:
        conn.send(exc)
    finally:
        conn.close()


def _limit_memory(budget: int) -> None:
    """Cap this (child) process's address space at what it has now plus `budget` bytes: a reader that tries to
    allocate without bound then fails at once, instead of taking the machine's memory until the kernel's
    out-of-memory killer steps in (Linux; elsewhere nothing is capped)."""
    try:
        import resource

        with open("/proc/self/status") as fh:
            now = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize"))
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = now + budget if hard == resource.RLIM_INFINITY else min(now + budget, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, StopIteration, ValueError):
        pass


def _read_csv(path: Path) -> SheetGrid:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    elif raw.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "cp1258", "cp1252")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ReadError(path, "không giải mã được tệp CSV (cần UTF-8 hoặc UTF-16)")
    if "\x00" in text:
        raise ReadError(path, "tệp CSV chứa ký tự nhị phân: không phải văn bản")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = _csv_delimiter(text[:65536])
    try:
        rows = [[_csv_value(v) for v in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise ReadError(path, f"tệp CSV sai định dạng: {exc}") from None
    return SheetGrid(str(path), path.stem, rows)


def _csv_delimiter(head: str) -> str:
    """The delimiter that splits the most lines into the same number of fields (title lines have none)."""
    from collections import Counter

    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(head), delimiter=delimiter) if len(row) > 1]
        except csv.Error:
            continue
        if not widths:
            continue
        mode, count = Counter(widths).most_common(1)[0]
        score = count * mode
        if score > best_score:
            best, best_score = delimiter, score
    return best


_INT = re.compile(r"-?\d+")
_FLOAT = re.compile(r"-?\d+[.,]\d+")


def _csv_value(value: str) -> object:
    v = value.strip()
    if _INT.fullmatch(v) and not (len(v) > 1 and v.startswith("0")):  # keep codes like "001" as text
        return int(v)
    if _FLOAT.fullmatch(v):
        return float(v.replace(",", "."))
    return value

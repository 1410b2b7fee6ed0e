"""Hostile files are checked before any parser sees them: a file too big or empty (`check_file`), a file that is
not what its name says or an encrypted one (`check_not_zip`), and for zip-based workbooks (`check_zip`) a zip
bomb, XML entity declarations, and a sheet whose used range is absurd (`guard_sheet`: a single cell at
XFD1048576 makes the Rust reader try to allocate hundreds of GiB and abort the whole process, which no `except`
catches: tafia/calamine#693). The sheet XML is inflated and scanned piece by piece, so memory stays flat."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Collection
from contextlib import nullcontext
from pathlib import Path
from typing import NamedTuple

from ..cellref import col_letter, col_number
from .grid import ReadError
from .settings import settings
from .xmlscan import legacy_font_styles, pieces, sheet_names
from .zipparts import open_zip

MAX_FILE_BYTES = 200 * 2**20
MAX_UNZIPPED_BYTES = 1 * 2**30  # all members of a zip-based workbook, decompressed
MAX_RATIO = 200  # compression ratio above which a large member is taken for a zip bomb
MAX_CELLS = 30_000_000  # rows x columns of one sheet's used range

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PASSWORD_MESSAGE = "tệp được đặt mật khẩu (mã hoá); hãy gỡ mật khẩu rồi gửi lại"

# cell references in any attribute order or namespace (<c s="1" r="AB3">, <x:c r=...>); row refs are digits
_CELL_REF_3 = re.compile(rb' r="([A-Z]{3})(\d+)"')
_CELL_REF_WIDE = re.compile(rb' r="[A-Z]{2}')
_CELL_REF_2 = re.compile(rb' r="([A-Z]{2})\d')
_ROW_REF = re.compile(rb'<row r="(\d+)"')
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


class SheetPart(NamedTuple):
    """A worksheet of an .xlsx zip, as check_zip found it."""

    member: str  # its part in the zip, e.g. xl/worksheets/sheet1.xml
    rows: int  # rows up to the last used one
    hidden: bool


def check_file(path: Path) -> tuple[bytes, int]:
    """Size limits, before anything else; returns the file's first 8 bytes and its size."""
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
    return head, size


def check_not_zip(path: Path, head: bytes) -> None:
    """A file that is not a zip must be an OLE container (.xls, .xlsb); one named .xlsx/.xlsm/.ods is an
    encrypted workbook, and anything else is not a spreadsheet at all."""
    suffix = path.suffix.lower()
    if head.startswith(OLE_MAGIC):
        if suffix in (".xlsx", ".xlsm", ".ods"):
            raise ReadError(path, PASSWORD_MESSAGE)
        return
    with path.open("rb") as fh:
        kind = _sniff_text(head + fh.read(512))
    raise ReadError(path, f"không phải bảng tính Excel/ODS{kind} dù tên tệp là {suffix}")


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


def open_checked(path: Path) -> zipfile.ZipFile:
    """The workbook's zip (zipparts.open_zip), or ReadError for a damaged one, as check_zip says it."""
    try:
        return open_zip(path)
    except zipfile.BadZipFile as exc:
        raise ReadError(path, f"tệp bị hỏng hoặc không trọn vẹn (zip: {exc})") from None


def check_zip(path: Path, zip_ok: Callable[[], None] | None = None, sheets: Collection[str] | None = None,
              zf: zipfile.ZipFile | None = None) -> tuple[dict[str, SheetPart], dict[int, str]]:
    """Zip bombs, XML entity declarations and absurd sheet dimensions, checked before parsing; raises ReadError.
    For .xlsx, also returns per sheet name (in the workbook's order) its SheetPart; and the legacy-font cell
    styles (style index -> font name). zip_ok: called once the zip-level checks have passed, before the sheets
    are checked. sheets: the names of the only sheets that will be parsed; when workbook.xml gives them all,
    only those are checked and returned (otherwise, and with None, every sheet is). zf: the file's zip, opened
    by the caller (open_checked), who closes it."""
    try:
        with nullcontext(zf) if zf is not None else open_zip(path) as zf:
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
                raise ReadError(path, PASSWORD_MESSAGE)
            for info in infos:
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                head = _head(zf, info)
                if b"<!" in head and (b"<!DOCTYPE" in head or b"<!ENTITY" in head):
                    raise ReadError(path, f"phần '{info.filename}' khai báo thực thể XML (DOCTYPE/ENTITY): tệp có "
                                          "thể độc hại, không đọc")
            targets = sheet_names(zf) if "xl/workbook.xml" in names else {}
            legacy_styles = legacy_font_styles(zf) if "xl/styles.xml" in names else {}
            if zip_ok is not None:
                zip_ok()
            if sheets is not None:
                wanted = {target for target, (name, _) in targets.items() if name in sheets}
                if len(wanted) == len(set(sheets)):
                    targets = {target: entry for target, entry in targets.items() if target in wanted}
            rows = guard_sheet if settings.guard_sheets else declared_rows
            rows_of = {info.filename: rows(path, zf, info) for info in infos
                       if info.filename.startswith(("xl/worksheets/", "xl/macrosheets/"))
                       and info.filename.endswith(".xml") and (sheets is None or info.filename in targets)}
            parts = {name: SheetPart(target, rows_of[target], hidden) for target, (name, hidden) in targets.items()
                     if target in rows_of}  # in the workbook's order
            return parts, legacy_styles
    except zipfile.BadZipFile as exc:
        raise ReadError(path, f"tệp bị hỏng hoặc không trọn vẹn (zip: {exc})") from None


def _head(zf: zipfile.ZipFile, info: zipfile.ZipInfo, size: int = 4096) -> bytes:
    """The first bytes of a part (a small file's parts from their one inflation, zipparts)."""
    head = getattr(zf, "head", None)
    if head is not None:
        return head(info, size)
    with zf.open(info) as fh:
        return fh.read(size)


def guard_sheet(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """The real used range of one sheet, from its XML, before any parser sees it: the last row, and the widest
    column (only columns beyond Z can make it absurd, so only those are looked at). Raises ReadError for an
    absurd range; returns the number of rows."""
    last_row, wide, max_col, max_row3, dim = 0, False, 26, 0, None
    for buf in pieces(zf, info):
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


def declared_rows(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """The rows a sheet's <dimension> declares, trusted without looking: what guard_sheet stands in for when
    settings.guard_sheets is off (the benchmark that sizes the guard's cost). Unsafe on hostile files."""
    with zf.open(info) as fh:
        m = _DIMENSION.search(fh.read(4096))
    return int(m.group(4) or m.group(2)) if m else 0

"""A workbook's zip opened once per file, its small parts inflated at most once. Python's zipfile costs about
0.1 ms per part opened, more than inflating a small part, and a file is looked at several times (the guards,
the sheet names, the styles, the extras of each sheet); a workbook of one TCCS is a few kilobytes, hundreds of
them are read in a load. A small file is read into memory whole; its small parts are inflated with zlib straight
from those bytes, never beyond the size the zip's directory declares, and checked against their CRC; anything
else (a large part, an encrypted one, another compression, a damaged one) goes through zipfile, which says what
is wrong as before."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

__all__ = ["SMALL_FILE", "SMALL_PART", "open_zip"]

SMALL_FILE = 8 * 2**20  # files up to this size are read into memory whole
SMALL_PART = 4 * 2**20  # parts up to this size (inflated) are kept once inflated
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")


class _ReadOnce(zipfile.ZipFile):
    """zipfile.ZipFile over a file's bytes, serving each small part from one inflation."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self._data = data
        self._inflated: dict[str, bytes] = {}

    def open(self, name, mode="r", pwd=None, *, force_zip64=False):
        if mode == "r" and pwd is None:
            info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
            data = self._small(info)
            if data is not None:
                return io.BytesIO(data)
        return super().open(name, mode, pwd, force_zip64=force_zip64)

    def read(self, name, pwd=None) -> bytes:
        with self.open(name, "r", pwd) as fh:
            return fh.read()

    def head(self, info: zipfile.ZipInfo, size: int) -> bytes:
        """The first `size` bytes of a part, as open(info).read(size) gives them."""
        data = self._small(info)
        if data is not None:
            return data[:size]
        with super().open(info) as fh:
            return fh.read(size)

    def _small(self, info: zipfile.ZipInfo) -> bytes | None:
        if info.filename in self._inflated:
            return self._inflated[info.filename]
        if (info.file_size > SMALL_PART or info.flag_bits & 0x1
                or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)):
            return None
        data = self._inflate(info)
        if data is None:
            return None  # anything odd: zipfile reads it, and says what is wrong the way it always did
        self._inflated[info.filename] = data
        return data

    def _inflate(self, info: zipfile.ZipInfo) -> bytes | None:
        at = info.header_offset
        header = self._data[at:at + _LOCAL_HEADER.size]
        if len(header) != _LOCAL_HEADER.size:
            return None
        fields = _LOCAL_HEADER.unpack(header)
        name = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
        start = at + _LOCAL_HEADER.size
        if fields[0] != b"PK\x03\x04" or self._data[start:start + fields[10]] != name:
            return None
        start += fields[10] + fields[11]
        raw = self._data[start:start + info.compress_size]
        if info.compress_type == zipfile.ZIP_STORED:
            data = raw[:info.file_size]
        else:
            try:
                data = zlib.decompressobj(-15).decompress(raw, info.file_size)  # never more than declared
            except zlib.error:
                return None
        if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
            return None
        return data


def open_zip(path: Path) -> zipfile.ZipFile:
    """The zip of a workbook, to read from: a small file's parts read once each (raises zipfile.BadZipFile)."""
    if path.stat().st_size <= SMALL_FILE:
        return _ReadOnce(path.read_bytes())
    return zipfile.ZipFile(path)

""".csv files: one grid named after the file; the encoding (UTF-16 and UTF-8 by their byte-order marks, then
UTF-8, cp1258, cp1252) and the delimiter (',', ';' or tab) are guessed; integers and decimals become numbers,
codes with a leading zero stay text."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

from .grid import ReadError, SheetGrid

_INT = re.compile(r"-?\d+")
_FLOAT = re.compile(r"-?\d+[.,]\d+")
_THOUSANDS = re.compile(r"-?[1-9]\d{0,2}(\.\d{3})+")


def read_csv(path: Path) -> SheetGrid:
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


def _csv_value(value: str) -> object:
    v = value.strip()
    if _INT.fullmatch(v) and not (len(v) > 1 and v.startswith("0")):  # keep codes like "001" as text
        return int(v)
    if _THOUSANDS.fullmatch(v):  # "1.313" in a Vietnamese file is one thousand three hundred thirteen: the
        return value            # table logic reads it (sheet.values.to_number), never as 1.313 here
    if _FLOAT.fullmatch(v):
        return float(v.replace(",", "."))
    return value

"""Reading spreadsheet files into grids of cell values. The only module that touches file formats.

Values come from python-calamine (Rust, fast) for .xlsx/.xlsm/.xls/.xlsb/.ods, and from the csv module
for .csv/.txt. A file that can't be read raises ReadError with one clear line naming the file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")
MAX_FILE_BYTES = 200 * 1024 * 1024


class ReadError(Exception):
    """A file that can't be read at all. str() is a one-line message for the user."""

    def __init__(self, path: Path | str, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


@dataclass
class SheetGrid:
    """One sheet's cell values, row-major, row 0 = spreadsheet row 1, column 0 = column A."""

    file: str
    sheet: str
    rows: list[list[object]]
    hidden: bool = False
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row0, col0, row1, col1)


def find_spreadsheets(paths: list[Path | str]) -> list[Path]:
    """Expand folders (recursively) into the spreadsheet files they hold, sorted; files are kept as given.
    Lock files Excel leaves behind (~$name.xlsx) and hidden files are skipped."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in SPREADSHEET_SUFFIXES
                and not f.name.startswith(("~$", ".")) and not any(part.startswith(".") for part in
                                                                   f.relative_to(p).parts)
            ))
        elif p.exists():
            out.append(p)
        else:
            raise ReadError(p, "không tìm thấy tệp hoặc thư mục (file or folder not found)")
    return out


def read_workbook(path: Path | str) -> list[SheetGrid]:
    """All sheets of one file as grids of values."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(path, f"không đọc được tệp: {exc.strerror}") from None
    if size == 0:
        raise ReadError(path, "tệp rỗng (0 byte)")
    if size > MAX_FILE_BYTES:
        raise ReadError(path, f"tệp quá lớn ({size // 2**20} MB > {MAX_FILE_BYTES // 2**20} MB)")
    if path.suffix.lower() == ".csv":
        return [_read_csv(path)]
    return _read_calamine(path)


def _read_calamine(path: Path) -> list[SheetGrid]:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
        grids = []
        for meta in wb.sheets_metadata:
            if str(meta.typ).rsplit(".", 1)[-1].lower() != "worksheet":
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = [((a[0], a[1], b[0], b[1])) for a, b in (sheet.merged_cell_ranges or [])]
            hidden = str(meta.visible).rsplit(".", 1)[-1].lower() != "visible"
            grids.append(SheetGrid(str(path), meta.name, rows, hidden=hidden, merged=merged))
    except pc.PasswordError:
        raise ReadError(path, "tệp được đặt mật khẩu; hãy gỡ mật khẩu rồi gửi lại") from None
    except Exception as exc:  # calamine raises several types; each is the file's fault
        raise ReadError(path, f"không phải bảng tính hợp lệ hoặc tệp bị hỏng ({type(exc).__name__}: "
                              f"{str(exc).splitlines()[0][:160] if str(exc) else ''})") from None
    return grids


def _read_csv(path: Path) -> SheetGrid:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16") if not raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-16",):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ReadError(path, "không giải mã được tệp CSV (cần UTF-8 hoặc UTF-16)")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [[_csv_value(v) for v in row] for row in csv.reader(io.StringIO(text), dialect)]
    return SheetGrid(str(path), path.stem, rows)


def _csv_value(value: str) -> object:
    v = value.strip()
    if v == "":
        return ""
    try:
        return int(v)
    except ValueError:
        pass
    try:
        return float(v.replace(",", ".")) if v.count(",") <= 1 and "." not in v else float(v)
    except ValueError:
        return value

"""The entry points: `find_spreadsheets` (folders into files), `read_workbook` (every worksheet of a file) and
`read_sheet` (one of them). Each file goes through the guards, then to its reader: csvfile, or calamine with the
fast path (xlsx_fast) for the large sheets of .xlsx/.xlsm files in Unicode fonts; what the readers don't give is
taken from the sheet XML (xmlscan)."""

from __future__ import annotations

import os
import zipfile
from functools import cache
from pathlib import Path

from ..config import ALIASES_FILE_NAME, LINEAGE_FILE_NAME
from .calamine import missing_sheet, read_sheets
from .csvfile import read_csv
from .grid import ReadError, SheetGrid
from .guards import ZIP_MAGIC, SheetPart, check_file, check_not_zip, check_zip, open_checked
from .settings import settings
from .xlsx_fast import Background, FastPlan, open_fastexcel, release_freed_memory
from .xmlscan import attach_extras, scan_extras

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")
EARLY_OPEN_BYTES = 2**20  # from this size on, fastexcel opens the workbook (shared strings) during the checks


def find_spreadsheets(paths: list[Path | str]) -> list[Path]:
    """Expand folders (recursively) into the spreadsheet files they hold, sorted; files are kept as given.
    Lock files Excel leaves behind (~$name.xlsx), hidden files and folders, the aliases table and the lineage
    table are skipped."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(_spreadsheets_under(p), key=lambda f: f.parts))  # as Paths sort: part by part
        elif p.exists():
            out.append(p)
        else:
            raise ReadError(p, "không tìm thấy tệp hoặc thư mục (file or folder not found)")
    return out


def _spreadsheets_under(root: Path):
    skip = (ALIASES_FILE_NAME, LINEAGE_FILE_NAME)
    for folder, dirs, names in os.walk(root, followlinks=True):  # as rglob: linked folders are followed
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if (os.path.splitext(name)[1].lower() in SPREADSHEET_SUFFIXES and name not in skip
                    and not name.startswith(("~$", ".")) and os.path.isfile(path := os.path.join(folder, name))):
                yield Path(path)


def read_workbook(path: Path | str, fast: bool = True) -> list[SheetGrid]:
    """All worksheets of one file as grids of values (legacy-encoded text is decoded later, in tables).
    fast=False: no sheet is read into Arrow columns (every cell a Python value)."""
    return _read(Path(path), fast, None)


def read_sheet(path: Path | str, sheet: str, fast: bool = False) -> SheetGrid:
    """One worksheet of a file, as read_workbook gives it; only that sheet is checked and parsed (a .csv file's
    one sheet is named after the file). fast=True: read into Arrow columns if it qualifies."""
    return _read(Path(path), fast, sheet)[0]


def _read(path: Path, fast: bool, only: str | None) -> list[SheetGrid]:
    """The worksheets of one file, or only the one named `only`."""
    head, size = check_file(path)
    if path.suffix.lower() == ".csv":
        grid = read_csv(path)
        if only is not None and only != grid.sheet:
            raise missing_sheet(path, only)
        return [grid]
    if not head.startswith(ZIP_MAGIC):
        check_not_zip(path, head)
        return _read_parts(path, fast, only, None, {}, {})
    zf = open_checked(path)  # opened once: the checks, the sheet names and styles, each sheet's extras
    try:
        opener: Background | None = None

        def open_early() -> None:  # once the zip itself is known safe, while its sheets are being checked
            nonlocal opener
            if fast and size >= EARLY_OPEN_BYTES:
                opener = Background(open_fastexcel, path)

        parts, legacy_styles = check_zip(path, open_early, None if only is None else [only], zf=zf)
        if only is not None:
            parts = {name: part for name, part in parts.items() if name == only}
        return _read_parts(path, fast, only, zf, parts, legacy_styles, opener)
    finally:
        zf.close()


def _read_parts(path: Path, fast: bool, only: str | None, zf: zipfile.ZipFile | None, parts: dict[str, SheetPart],
                legacy_styles: dict[int, str], opener: Background | None = None) -> list[SheetGrid]:
    """The worksheets of a file that passed the guards; `zf`: its zip (None: not a zip-based workbook)."""

    fast_sheets = {name for name, part in parts.items()
                   if fast and part.rows >= settings.fast_min_rows and not legacy_styles
                   and part.member.startswith("xl/worksheets/")}

    @cache
    def extras_of(name: str) -> dict | None:
        """What the fast readers don't give, for one sheet (None: not a zip-based sheet we know); scanned once
        even when a fast read is given up and the sheet is read again cell by cell. Where fastexcel's grid starts
        is looked for only in the sheets it is to read."""
        if name not in parts:
            return None
        return scan_extras(zf, zf.getinfo(parts[name].member), legacy_styles, anchor=name in fast_sheets)
    plan = FastPlan(path, fast_sheets, [(name, part.hidden) for name, part in parts.items()], extras_of, opener)
    grids = read_sheets(path, only, plan)
    if any(grid.body is not None for grid in grids):
        release_freed_memory()
    for grid in grids:
        found = grid.extras_read or extras_of(grid.sheet)
        if isinstance(found, dict):
            attach_extras(grid, found)
    return grids

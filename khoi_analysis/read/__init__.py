"""read/: the only code that knows file formats. Spreadsheet files in, one SheetGrid of cell values per sheet out.

- grid: SheetGrid and ReadError (a file that can't be read; str() is one line naming the file).
- guards: hostile files checked before any parser sees them (size, what the file really is, zip bombs, XML
  entities, a sheet's absurd used range).
- xmlscan: byte-level scans of the .xlsx zip for what the fast readers don't give (hidden rows, merged ranges,
  formulas without a cached value, legacy-font cells, where a sheet's grid starts; sheet names, styles).
- zipparts: a small workbook's zip opened once and each small part inflated once, for the guards and scans.
- xlsx_fast: large .xlsx/.xlsm sheets in Unicode fonts read by fastexcel straight into Arrow string columns.
- calamine: python-calamine reading, in a child process with a memory cap for .xls/.xlsb.
- csvfile: .csv files.
- workbook: the entry points, find_spreadsheets, read_workbook and read_sheet.
- settings: the process-wide settings tests and benchmarks change for a block (`settings.override(...)`).

May import: config, cellref (and third-party libraries); nothing else of ours.
"""

from .grid import ReadError, SheetGrid
from .guards import MAX_CELLS, MAX_FILE_BYTES, MAX_RATIO, MAX_UNZIPPED_BYTES, SheetPart, check_zip
from .settings import FAST_MIN_ROWS, SCAN_CHUNK, SCAN_OVERLAP, ReadSettings, settings
from .workbook import EARLY_OPEN_BYTES, SPREADSHEET_SUFFIXES, find_spreadsheets, read_sheet, read_workbook
from .xlsx_fast import HEAD_ROWS
from .xmlscan import scan_extras

__all__ = [
    "EARLY_OPEN_BYTES",
    "FAST_MIN_ROWS",
    "HEAD_ROWS",
    "MAX_CELLS",
    "MAX_FILE_BYTES",
    "MAX_RATIO",
    "MAX_UNZIPPED_BYTES",
    "SCAN_CHUNK",
    "SCAN_OVERLAP",
    "SPREADSHEET_SUFFIXES",
    "ReadError",
    "ReadSettings",
    "SheetGrid",
    "SheetPart",
    "check_zip",
    "find_spreadsheets",
    "read_sheet",
    "read_workbook",
    "scan_extras",
    "settings",
]

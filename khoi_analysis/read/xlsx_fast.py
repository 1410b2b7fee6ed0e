"""The fast path for large .xlsx/.xlsm sheets in Unicode fonts: fastexcel reads them straight into Arrow string
columns (`SheetGrid.body`), no Python object per cell; only their first HEAD_ROWS rows, where the table's
header is, become Python values (`SheetGrid.rows`). fastexcel starts its grid at the first used row and column,
so that corner is read from the sheet XML (xmlscan.scan_extras) and checked against what fastexcel returns; a
sheet where the two don't agree is read the ordinary way (calamine)."""

from __future__ import annotations

import ctypes
import datetime as dt
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .grid import SheetGrid
from .settings import settings
from .xmlscan import attach_extras

HEAD_ROWS = 60  # rows of a fast-read sheet kept as Python values: where titles and the header are

_NUMBER_TEXT = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
_DATETIME_TEXT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


class Background:
    """A call run in a thread (fastexcel and zlib release the GIL); result() waits for it and re-raises."""

    def __init__(self, fn, *args):
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


def open_fastexcel(path: Path):
    import fastexcel  # heavy (Rust extension, pyarrow): imported when a workbook is read, not at start-up

    return fastexcel.read_excel(str(path))


@dataclass
class FastPlan:
    """Which sheets of one workbook go through fastexcel, and what that needs. settings.on_fast_read hears of
    every attempt."""

    path: Path
    sheets: set[str]  # the sheets to try
    order: list[tuple[str, bool]]  # the workbook's sheets (name, hidden), from workbook.xml
    extras_of: Callable[[str], dict | None]  # a sheet's xmlscan.scan_extras, scanned once
    opener: Background | None = None  # fastexcel opening the workbook early, if it was started
    _reader: object = None

    def covers_all(self) -> bool:
        """Every sheet is to be read fast: then python-calamine need not be opened at all (it would parse the
        shared strings a second time)."""
        return bool(self.order) and all(name in self.sheets for name, _ in self.order)

    def read_all(self) -> list[SheetGrid] | None:
        """Every sheet in the workbook's order; None as soon as one of them can't be read fast."""
        grids = []
        for name, hidden in self.order:
            grid = self.read(name, hidden)
            if grid is None:
                return None
            grids.append(grid)
        return grids

    def read(self, name: str, hidden: bool) -> SheetGrid | None:
        """One sheet, if it is to be read fast and fastexcel agrees with its XML; else None."""
        if name not in self.sheets:
            return None
        if self._reader is None:
            self._reader = self.opener.result() if self.opener is not None else open_fastexcel(self.path)
        grid = read_fast(self.path, self._reader, name, hidden, self.extras_of)
        if settings.on_fast_read is not None:
            settings.on_fast_read(str(self.path), name, grid is not None)
        return grid


def read_fast(path: Path, reader, name: str, hidden: bool, extras_of) -> SheetGrid | None:
    """One large sheet through fastexcel as Arrow strings; None when fastexcel's grid doesn't start where the
    sheet XML says (the caller then reads the sheet the usual way). fastexcel works in a thread (it releases the
    GIL) while this one scans the sheet XML for the extras and the grid's origin: the two overlap."""
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
    attach_extras(grid, found)
    return grid


def _typed(text: str | None) -> object:
    """A fastexcel cell text back as the value calamine would give, for the header rows: numbers as float,
    dates as datetime."""
    if text is None:
        return None
    if _NUMBER_TEXT.fullmatch(text) and not (text.startswith("0") and text[1:2].isdigit()):  # "007": a code
        return float(text)
    if _DATETIME_TEXT.fullmatch(text):
        return dt.datetime.fromisoformat(text)
    return text


def release_freed_memory() -> None:
    """Give the C heap's free pages back to the system (glibc only). The Rust reader frees its cell grid when it
    is done, but glibc keeps the pages, and Arrow's allocator can't reuse them: without this a million-row
    sheet would hold ~200 MB of nothing until the process ends."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl): nothing to do
        pass

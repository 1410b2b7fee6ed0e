"""Reading workbooks cell by cell with python-calamine (Rust): .xlsx/.xlsm/.ods in this process, with the fast
path (xlsx_fast) tried first for the sheets a FastPlan names. Binary formats (.xls, .xlsb) have no cheap
pre-check: crafted or damaged headers make the Rust reader allocate without bound and abort (e.g.
tafia/calamine#714). They are parsed in a child process with a memory cap, so that an abort can't take this
process down."""

from __future__ import annotations

import faulthandler
import os
from pathlib import Path

from .grid import ReadError, SheetGrid
from .guards import MAX_CELLS
from .xlsx_fast import FastPlan

try:
    import resource  # Unix only
except ImportError:  # Windows: the child's memory is not capped
    resource = None

CHILD_TIMEOUT = 60  # seconds the parent waits for the child's grids
CHILD_BUDGET = 2 * 2**30  # bytes the child may allocate beyond what it has at the start, plus 40 × the file's size


def missing_sheet(path: Path, sheet: str) -> ReadError:
    return ReadError(path, f"không tìm thấy sheet '{sheet}' trong tệp")


def read_sheets(path: Path, only: str | None = None, fast: FastPlan | None = None) -> list[SheetGrid]:
    """Every worksheet, or only the one named `only`; those `fast` names through fastexcel when it agrees with
    the sheet XML."""
    if path.suffix.lower() in (".xlsb", ".xls"):
        return _read_in_child(path, only)
    return _read_here(path, only, fast)


def _read_here(path: Path, only: str | None = None, fast: FastPlan | None = None) -> list[SheetGrid]:
    import python_calamine as pc  # heavy (Rust extension): imported when a workbook is read, not at start-up

    try:
        if fast is not None and fast.covers_all():
            grids = fast.read_all()
            if grids is not None:
                return grids
            fast = None  # fastexcel and the sheet XML disagree: every sheet the usual way
        wb = pc.CalamineWorkbook.from_path(str(path))
        grids = []
        for meta in wb.sheets_metadata:
            if _enum_name(meta.typ) != "worksheet" or (only is not None and meta.name != only):
                continue
            hidden = _enum_name(meta.visible) != "visible"
            grid = fast.read(meta.name, hidden) if fast is not None else None
            grids.append(grid if grid is not None else _read_grid(path, wb, meta.name, hidden))
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
        raise ReadError(path, "workbook không có sheet dữ liệu nào") if only is None else missing_sheet(path, only)
    return grids


def _enum_name(value) -> str:
    """'worksheet' for SheetTypeEnum.WorkSheet, 'visible' for SheetVisibleEnum.Visible."""
    return str(value).rsplit(".", 1)[-1].lower()


def _read_grid(path: Path, wb, name: str, hidden: bool) -> SheetGrid:
    sheet = wb.get_sheet_by_name(name)
    if sheet.height * sheet.width > MAX_CELLS:
        raise ReadError(path, f"sheet '{name}' quá lớn ({sheet.height:,} hàng × {sheet.width:,} cột)")
    rows = sheet.to_python(skip_empty_area=False)
    merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
    return SheetGrid(str(path), name, rows, hidden=hidden, merged=merged)


def _read_in_child(path: Path, only: str | None) -> list[SheetGrid]:
    import multiprocessing as mp  # costly to import: only when a binary workbook is read, not at start-up

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child_read, args=(str(path), only, child))
    proc.start()
    child.close()
    result = None
    if parent.poll(CHILD_TIMEOUT):
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


def _child_read(path: str, only: str | None, conn) -> None:
    _limit_memory(CHILD_BUDGET + 40 * Path(path).stat().st_size)
    faulthandler.disable()  # an abort here is expected and reported by the parent
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # a Rust panic or allocation failure prints pages of backtrace: not for the user's screen
    try:
        conn.send(_read_here(Path(path), only))
    except ReadError as exc:
        conn.send(exc)
    finally:
        conn.close()


def _limit_memory(budget: int) -> None:
    """Cap this (child) process's address space at what it has now plus `budget` bytes: a reader that tries to
    allocate without bound then fails at once, instead of taking the machine's memory until the kernel's
    out-of-memory killer steps in (Linux; elsewhere nothing is capped)."""
    if resource is None:
        return
    try:
        with open("/proc/self/status") as fh:
            now = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize"))
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = now + budget if hard == resource.RLIM_INFINITY else min(now + budget, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, StopIteration, ValueError):
        pass

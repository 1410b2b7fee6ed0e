"""Files read across processes: one job per file, results in the files' order, a progress bar on a terminal.
A job's own errors come back as its result (the job function catches them); a worker process that dies (a Rust
reader aborting on a crafted file takes its whole process down, which no `except` catches) is isolated: the files
it may have been reading are read again one at a time in a fresh worker, and the one that kills it again is
reported by name, never the end of the load."""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

MIN_FILES = 8  # fewer files than this are read in this process: starting workers costs more than it saves
CHUNK = 16  # files sent to a worker at once, at most

__all__ = ["MIN_FILES", "cores", "default_workers", "run_jobs"]


def cores() -> int:
    """Processes to use at most: one per core, or KHOI_ANALYSIS_WORKERS."""
    env = os.environ.get("KHOI_ANALYSIS_WORKERS", "")
    return int(env) if env.isdigit() and int(env) > 0 else (os.cpu_count() or 1)


def default_workers(n_files: int) -> int:
    """Processes for `n_files` files: one per core (KHOI_ANALYSIS_WORKERS overrides), 1 for a few files."""
    return 1 if n_files < MIN_FILES else max(1, min(cores(), n_files))


def run_jobs(job: Callable, paths: Sequence[Path], workers: int, died: Callable[[Path], object],
             progress: bool | None = None, label: str = "Đọc tệp") -> list:
    """job(path) for every path, in `workers` processes (1: in this process); `died(path)` stands for the
    result of a file whose worker died on it. Results in the order of `paths`."""
    bar = _bar(len(paths), progress, label)
    try:
        if workers <= 1:
            out = []
            for path in paths:
                out.append(job(path))
                bar.update(1)
            return out
        return _parallel(job, list(paths), workers, died, bar)
    finally:
        bar.close()


def _context():
    if sys.platform.startswith("linux"):
        # fork: workers start at once with the library already imported, and the caller's script is not run
        # again in them (it may lack an `if __name__ == "__main__"` guard); the readers' threads have ended by now
        return mp.get_context("fork")
    return mp.get_context("spawn")


def _ping() -> bool:
    return True


def _chunks(n: int, workers: int) -> list[range]:
    """Files in runs for the workers: a few runs per worker (the last ones finish together), at most CHUNK files
    each: one round trip per run instead of per file, which cost more than reading a small workbook."""
    size = max(1, min(CHUNK, n // (workers * 4)))
    return [range(a, min(a + size, n)) for a in range(0, n, size)]


def _run_chunk(job: Callable, paths: list[Path]) -> list:
    return [job(path) for path in paths]


def _parallel(job: Callable, paths: list[Path], workers: int, died: Callable[[Path], object], bar) -> list:
    results: dict[int, object] = {}
    broken: list[int] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        try:
            pool.submit(_ping).result()
        except BrokenProcessPool:  # workers can't start here at all (no file is to blame): read in this process
            return [_count(job(path), bar) for path in paths]
        futures = {pool.submit(_run_chunk, job, [paths[i] for i in run]): run for run in _chunks(len(paths), workers)}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                run = futures[fut]
                try:
                    results.update(zip(run, fut.result()))
                    bar.update(len(run))
                except BrokenProcessPool:
                    broken.extend(run)
    for i in sorted(broken):  # one at a time: a worker that dies now died on this very file
        results[i] = _alone(job, paths[i], died)
        bar.update(1)
    return [results[i] for i in range(len(paths))]


def _count(result, bar):
    bar.update(1)
    return result


def _alone(job: Callable, path: Path, died: Callable[[Path], object]):
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as pool:
            return pool.submit(job, path).result()
    except BrokenProcessPool:
        return died(path)


def _bar(total: int, enabled: bool | None, label: str):
    from tqdm import tqdm

    disable = (not sys.stderr.isatty() if enabled is None else not enabled) or total < MIN_FILES
    return tqdm(total=total, disable=disable, desc=label, unit="tệp", leave=False)

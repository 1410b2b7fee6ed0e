"""The readers' process-wide settings: `settings`, one ReadSettings. Every run uses the defaults; tests and the
benchmarks change them for a block, and they are put back after it:

    with read.settings.override(fast_min_rows=0, on_fast_read=lambda file, sheet, fast: ...):
        ka.load(path)

They are module state rather than parameters because they must reach the readers through load(), which
doesn't pass them on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields

FAST_MIN_ROWS = 5_000  # sheets this long (.xlsx/.xlsm, Unicode fonts) are read into Arrow columns
SCAN_CHUNK = 4 * 2**20  # a sheet's XML is scanned in pieces this big: memory stays flat whatever its size
SCAN_OVERLAP = 64 * 2**10  # carried from one piece to the next, so that no match is cut in two


@dataclass
class ReadSettings:
    fast_min_rows: int = FAST_MIN_ROWS
    scan_chunk: int = SCAN_CHUNK
    scan_overlap: int = SCAN_OVERLAP
    # False: each sheet's rows are taken from the <dimension> the file declares instead of the safety pass over its
    # XML. Unsafe on hostile files (see guards.guard_sheet); only for the benchmark that sizes what the pass costs.
    guard_sheets: bool = True
    # called after each attempt to read a sheet into Arrow columns: (file, sheet, whether it was read that way)
    on_fast_read: Callable[[str, str, bool], None] | None = None

    @contextmanager
    def override(self, **changes) -> Iterator[ReadSettings]:
        """These settings changed for the `with` block, then put back."""
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            raise TypeError(f"no such read setting: {', '.join(sorted(unknown))}")
        before = {name: getattr(self, name) for name in changes}
        for name, value in changes.items():
            setattr(self, name, value)
        try:
            yield self
        finally:
            for name, value in before.items():
                setattr(self, name, value)


settings = ReadSettings()

"""What every reader gives back: SheetGrid, one sheet's cell values; and ReadError, a file that can't be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class ReadError(Exception):
    """A file that can't be read at all. str() is a one-line message for the user."""

    def __init__(self, path: Path | str, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")

    def __reduce__(self):  # picklable, to come back from a child process
        return (ReadError, (self.path, self.message))


@dataclass
class SheetGrid:
    """One sheet's cell values, row-major, row 0 = spreadsheet row 1, column 0 = column A."""

    file: str
    sheet: str
    rows: list[list[object]]
    hidden: bool = False
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row0, col0, row1, col1), inclusive
    fonts: dict[tuple[int, int], str] = field(default_factory=dict)  # (row0, col0) -> legacy font name
    hidden_rows: set[int] = field(default_factory=set)
    formulas_without_value: list[tuple[int, int]] = field(default_factory=list)
    extras_read: bool = False  # whether fonts, hidden rows and formulas were looked at
    # Large sheets: every cell as text in Arrow columns; body row 0 / column 0 is sheet row / column body_origin.
    # `rows` then holds only the first rows (the header's), as values.
    body: object = None  # pyarrow.RecordBatch | None
    body_origin: tuple[int, int] = (0, 0)

    @property
    def height(self) -> int:
        """Rows in the sheet (up to the last used one)."""
        if self.body is not None:
            return self.body_origin[0] + self.body.num_rows
        return len(self.rows)


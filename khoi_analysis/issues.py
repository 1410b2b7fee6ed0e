"""Validation issues as data: each a record with file, sheet, cell, severity, code and message."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from . import labels
from .cellref import a1, col_letter  # noqa: F401  (re-exported: older imports)

ISSUE_COLUMNS = ["severity", "code", "file", "sheet", "cell", "message"]


@dataclass(frozen=True)
class Issue:
    severity: str  # "error" | "warning" | "info"
    code: str  # stable machine-readable key, e.g. "unknown_rating"
    message: str  # for the user, Vietnamese
    file: str = ""
    sheet: str = ""
    cell: str = ""  # A1 reference of the cell at fault (for a whole row: its first mapped cell) or ""

    def as_line(self) -> str:
        """'LỖI [bao_cao_2021.xlsx, sheet 'TCCS', ô E12] …' ."""
        parts = [Path(self.file).name if self.file else "", f"sheet '{self.sheet}'" if self.sheet else "",
                 f"ô {self.cell}" if self.cell else ""]
        where = ", ".join(p for p in parts if p)
        tag = labels.SEVERITY_NAMES.get(self.severity, self.severity.upper())
        return f"{tag} [{where}] {self.message}" if where else f"{tag} {self.message}"


def issues_frame(items: list[Issue]) -> pd.DataFrame:
    if not items:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in ISSUE_COLUMNS})
    return pd.DataFrame([asdict(i) for i in items])[ISSUE_COLUMNS]


def issue_lines(frame: pd.DataFrame) -> list[str]:
    """One line per issue of an issues frame (Issue.as_line)."""
    return [Issue(r.severity, r.code, r.message, r.file, r.sheet, r.cell).as_line() for r in frame.itertuples()]

"""The Dataset: the tidy frames of one load, with its issues and row accounts."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..check import check_lineage, check_tables
from ..issues import issues_frame
from .aliases import apply_aliases
from .counts import counts_from_members
from .frames import tidy_admissions, tidy_members, tidy_orgs, tidy_targets
from .lineage import empty_lineage, keyed, lineage_frame, lines_from_frame, name_years, resolve_aliases

__all__ = ["Dataset"]


@dataclass(repr=False)
class Dataset:
    """Tidy frames, one row per observation, ASCII column names:

    - orgs: one row per organisation per year (rating is an ordered Categorical KHTNV < … < HTXSNV;
      NaN when not rated, with unrated_reason);
    - members: one row per member per year, where member lists were given;
    - member_counts: per organisation and year: total, rated and a count per level (from member lists);
    - admissions: per organisation and year: quota and admitted;
    - targets: the resolution's targets per year;
    - issues: every problem found (severity, code, file, sheet, cell, message);
    - accounts: per sheet, rows read = loaded + excluded + rejected;
    - lineage: the organisation changes of the lineage table (sap_xep_tccs.csv), one row per line: year (from
      which review year the change holds), old_id, new_id (ids as in the other frames: a renamed organisation
      has one org_id in every year), kind (rename, merge, split, transfer_in, transfer_out), the names as
      written, note, file and line.
    """

    orgs: pd.DataFrame
    members: pd.DataFrame
    member_counts: pd.DataFrame
    admissions: pd.DataFrame
    targets: pd.DataFrame
    issues: pd.DataFrame
    accounts: pd.DataFrame
    files: list[str] = field(default_factory=list)
    lineage: pd.DataFrame = field(default_factory=empty_lineage)
    # quarterly reviews, one Dataset per quarter ('2026-Q3'): kept apart so yearly figures never mix them in
    quarters: dict[str, Dataset] = field(default_factory=dict)
    # how every file was read (the text of dataset.explain), when load() was asked for it (explain=True)
    explanation: str | None = None

    @classmethod
    def from_frames(cls, orgs: pd.DataFrame | None = None, members: pd.DataFrame | None = None,
                    admissions: pd.DataFrame | None = None, targets: pd.DataFrame | None = None,
                    member_counts: pd.DataFrame | None = None, lineage: pd.DataFrame | None = None) -> Dataset:
        """A Dataset from frames made by hand (missing columns are added empty, ratings made Categorical).
        member_counts defaults to the counts of `members`. lineage: lines of the lineage table (year, kind as
        its code or its Vietnamese word, old_name/new_name or old_id/new_id, optionally note and line); renames
        give the old id the new one in every frame, and the lines are checked as load() checks the file."""
        lines = lines_from_frame(lineage)
        renames = resolve_aliases({}, lines)
        given = [f for f in (orgs, members, admissions, member_counts) if f is not None]
        seen = name_years(given, {}, ids=True) if not lines.empty else None
        o = tidy_orgs(apply_aliases(orgs, renames) if orgs is not None else pd.DataFrame())
        m = tidy_members(apply_aliases(members, renames) if members is not None else pd.DataFrame())
        a = tidy_admissions(apply_aliases(admissions, renames) if admissions is not None else pd.DataFrame())
        t = tidy_targets(targets if targets is not None else pd.DataFrame())
        mc = apply_aliases(member_counts, renames) if member_counts is not None else counts_from_members(m, o)
        issues = check_tables(o, m, mc, a, t)
        if seen is not None:
            issues = [*check_lineage(keyed(lines), seen), *issues]
        return cls(o, m, mc, a, t, issues_frame(issues), pd.DataFrame(), [], lineage_frame(lines, renames))

    def span(self, first: int | None = None, last: int | None = None) -> Dataset:
        """A copy holding only the review years first..last (either end open when None): what a report for
        `last` shows, nothing after it (the lineage too: its lines effective in those years). Issues, row accounts and
        files are kept whole."""
        def cut(frame: pd.DataFrame) -> pd.DataFrame:
            if "year" not in frame or frame.empty:
                return frame
            keep = frame["year"].notna()
            if first is not None:
                keep &= frame["year"] >= first
            if last is not None:
                keep &= frame["year"] <= last
            return frame[keep].reset_index(drop=True)

        return Dataset(cut(self.orgs), cut(self.members), cut(self.member_counts), cut(self.admissions),
                       cut(self.targets), self.issues, self.accounts, list(self.files), cut(self.lineage),
                       {k: q for k, q in self.quarters.items()
                        if (first is None or int(k[:4]) >= first) and (last is None or int(k[:4]) <= last)},
                       self.explanation)

    def __repr__(self) -> str:
        """A short summary (a notebook shows this for `ds`, not every table)."""
        def n(k: int) -> str:
            return f"{k:,}".replace(",", ".")  # thousands dot, as every figure shown

        years = self.years
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "không có")
        notes = int((self.issues["severity"] == "info").sum()) if not self.issues.empty else 0
        return (f"Dữ liệu: {n(len(self.files))} tệp, năm {span}; TCCS {n(len(self.orgs))} dòng, đảng viên "
                f"{n(len(self.members))} dòng, số lượng đảng viên theo TCCS {n(len(self.member_counts))} dòng, kết "
                f"nạp {n(len(self.admissions))} dòng, chỉ tiêu {n(len(self.targets))} dòng; {n(len(self.errors))} "
                f"lỗi, {n(len(self.warnings))} cảnh báo, {n(notes)} ghi chú")

    @property
    def years(self) -> list[int]:
        """Every review year with data in any table, ascending."""
        found: set[int] = set()
        for frame in (self.orgs, self.member_counts, self.admissions):
            found.update(int(y) for y in frame["year"].dropna().unique())
        return sorted(found)

    @property
    def periods(self) -> list[str]:
        """Every review period with data: the years ('2026') and the quarters ('2026-Q3'), in time order."""
        return sorted([str(y) for y in self.years] + list(self.quarters), key=lambda p: (p[:4], len(p), p))

    def period(self, label: str) -> Dataset:
        """The Dataset of one period: a year ('2026', the years up to it, as span) or a quarter ('2026-Q3')."""
        label = str(label).strip().upper()
        if label in self.quarters:
            return self.quarters[label]
        if label.isdigit():
            return self.span(None, int(label))
        raise KeyError(f"không có kỳ đánh giá '{label}' (có: {', '.join(self.periods) or 'không có'})")

    @property
    def errors(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == "error"]

    @property
    def warnings(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == "warning"]

    @property
    def ok(self) -> bool:
        """True when no issue is an error (warnings allowed)."""
        return self.errors.empty

"""The tables of every file, in the files' order, made into one Dataset: each kind concatenated once, aliases
applied, tidy shapes and categoricals made once for the whole load, counts per organisation. Member frames of
files served from the per-file cache come prepared (ids made, no personal data): their ids and id basis are
kept, and `files_needing_personal_data` says which of those files the identity checks need read again."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from ..issues import Issue, issues_frame
from ..sheet import KIND_COLUMNS, Part, member_frame, record_frame
from .aliases import apply_aliases
from .counts import combine_counts, counts_from_members, tidy_counts
from .filecache import BASIS, PERSON, CachedPart, cached_frame, person_key
from .frames import concat, tidy_admissions, tidy_members, tidy_orgs, tidy_targets
from .model import Dataset

__all__ = ["ACCOUNT_COLUMNS", "FileResult", "assemble", "files_needing_personal_data", "is_quarterly",
           "period_label", "split_periods"]

ACCOUNT_COLUMNS = ["file", "sheet", "kind", "read", "loaded", "excluded", "rejected"]


@dataclass
class FileResult:
    """What one file gave (or the one issue saying it could not be read); `cached`: from the per-file cache.
    Its tables: sheet.Part when read now, frames when from the cache."""

    path: str
    frames: dict[str, list[Part | pd.DataFrame]] = field(default_factory=lambda: {k: [] for k in KIND_COLUMNS})
    accounts: list[dict] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    cached: bool = False
    explanation: list[str] | None = None  # how the file was read (dataset.explain), when the load was asked for it


def period_label(year: int, quarter: int | None = None) -> str:
    """'2026' for a yearly review, '2026-Q3' for a quarter's."""
    return f"{int(year)}" if quarter is None else f"{int(year)}-Q{int(quarter)}"


def is_quarterly(part) -> bool:
    """Whether a table read (a Part as read, a part from the per-file cache, or a frame) holds a quarter's review:
    a Part says its quarter; a cached part or a frame has the `quarter` column it was stored with."""
    if isinstance(part, pd.DataFrame):
        return "quarter" in part and not part.empty
    if isinstance(part, CachedPart):
        return "quarter" in part.columns and not part.empty
    return isinstance(part, Part) and part.quarter is not None and not part.empty


def split_periods(results: list[FileResult]) -> tuple[list[FileResult], dict[str, list[FileResult]], set[int]]:
    """The yearly tables apart from the quarterly ones (is_quarterly): the results with their yearly tables only
    (issues and row accounts stay there), the quarterly frames per period ('2026-Q3'), and the positions of the
    files that had any."""
    yearly: list[FileResult] = []
    quarterly: dict[str, list[FileResult]] = {}
    had: set[int] = set()
    for i, r in enumerate(results):
        frames = {k: [] for k in r.frames}
        for kind, parts in r.frames.items():
            for part in parts:
                if not is_quarterly(part):
                    frames[kind].append(part)
                    continue
                had.add(i)
                part = part.frame() if isinstance(part, Part) else part
                for (year, quarter), piece in part.groupby(["year", "quarter"], sort=True):
                    label = period_label(year, quarter)
                    bucket = quarterly.setdefault(label, [])
                    if not bucket or bucket[-1].path != r.path:
                        bucket.append(FileResult(r.path))
                    bucket[-1].frames.setdefault(kind, []).append(
                        piece.drop(columns="quarter").reset_index(drop=True))
        yearly.append(FileResult(r.path, frames, r.accounts, r.issues, r.cached))
    return yearly, quarterly, had


def assemble(results: list[FileResult], alias_map: dict[str, str],
             files: list[str]) -> tuple[Dataset, pd.DataFrame, list]:
    """The Dataset of the files read (issues still empty), the counts read from count tables, and per member
    row its person key where it came from the cache (else None)."""

    def parts(kind: str, alias: bool = True) -> pd.DataFrame:
        got = concat(_frames([p for r in results for p in r.frames[kind] if not p.empty], record_frame))
        return apply_aliases(got, alias_map) if alias else got

    orgs = tidy_orgs(parts("orgs"))
    members, persons = _members(results, alias_map)
    admissions = tidy_admissions(parts("admissions"))
    targets = tidy_targets(parts("targets", alias=False))
    table_counts = tidy_counts(parts("member_counts"), orgs)
    member_counts = combine_counts(counts_from_members(members, orgs), table_counts)
    accounts = pd.DataFrame([a for r in results for a in r.accounts], columns=ACCOUNT_COLUMNS)
    ds = Dataset(orgs, members, member_counts, admissions, targets, issues_frame([]), accounts, files)
    return ds, table_counts, persons


def _frames(parts: list, join) -> list[pd.DataFrame]:
    """Parts and frames in order as frames: each run of parts read now joined into one frame by `join`, each
    run of parts from the per-file cache by cached_frame, frames as they are."""
    out: list[pd.DataFrame] = []
    run: list[Part] = []
    for p in [*parts, None]:
        if run and (p is None or isinstance(p, CachedPart) != isinstance(run[0], CachedPart)
                    or not isinstance(p, Part)):
            out.append(cached_frame(run) if isinstance(run[0], CachedPart) else join(run))
            run = []
        if isinstance(p, Part):
            run.append(p)
        elif p is not None:
            out.append(p)
    return out


def _members(results: list[FileResult], alias_map: dict[str, str]) -> tuple[pd.DataFrame, list]:
    """The member rows of every file, aliases applied to those read now (those from the cache have them)."""
    pieces = [(p, r.cached) for r in results for p in r.frames["members"] if not p.empty]
    alone = sum(isinstance(p, Part) and not c for p, c in pieces) == 1

    def join(run: list[Part]) -> pd.DataFrame:
        if alone:  # one part: its frame with aliases applied, whose categories concatenation would keep
            return apply_aliases(run[0].frame(), alias_map)
        return member_frame(run, alias_map)

    frame = concat(_frames([p if c or isinstance(p, Part) else apply_aliases(p, alias_map) for p, c in pieces], join))
    members = tidy_members(frame)
    cached = np.concatenate([np.full(len(p), c) for p, c in pieces]) if pieces else np.zeros(0, bool)
    if not cached.any():
        return members, [None] * len(members)
    # rows from the cache keep the ids and basis made when they were read (same rows, same order)
    given = frame[BASIS].astype("object").to_numpy()
    basis = members["id_basis"].astype("object").to_numpy()
    basis = np.where(cached, given, basis)
    members["id_basis"] = pd.Categorical(basis, categories=["code", "name_birth_org", "name_org"])
    members["member_id"] = pa.array(members["member_id"].astype("object").tolist(), type=pa.string()).to_pandas().array
    persons = [v if c else None for v, c in zip(frame[PERSON].astype("object").tolist(), cached)]
    return members, persons


def files_needing_personal_data(members: pd.DataFrame, persons: list) -> set[str]:
    """Files served from the cache (no names kept) holding a member the identity checks will name: one whose id
    occurs twice in a year, or whose name and birth date occur in two organisations in a year."""
    from_cache = np.array([p is not None for p in persons], dtype=bool) if persons else np.zeros(0, bool)
    if not from_cache.any():
        return set()
    need = members.duplicated(["year", "member_id"], keep=False).to_numpy() & from_cache
    by_name = (members["id_basis"] == "name_birth_org").to_numpy()
    if (by_name & from_cache).any():
        fresh = by_name & ~from_cache
        key = np.array(persons, dtype=object)
        if fresh.any():
            key[fresh] = person_key(members[fresh])
        sub = pd.DataFrame({"year": members["year"], "key": key, "org": members["org_id"].astype("object")})[by_name]
        sub = sub[sub["key"].notna()]
        orgs_per = sub.groupby(["year", "key"])["org"].transform("nunique")
        many = np.zeros(len(members), bool)
        many[sub.index[orgs_per.to_numpy() > 1].to_numpy()] = True  # members has a RangeIndex: positions
        need |= many & from_cache
    return {str(f) for f in members.loc[need, "file"].astype("object")}

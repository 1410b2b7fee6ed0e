"""`load()`: spreadsheet files in, a Dataset of tidy frames and validation issues out, in five jobs: find the
files, look in the cache, read each file, tidy the frames, check them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .. import config
from ..check import check_tables
from ..config import PERSONAL_COLUMNS
from ..issues import Issue, issues_frame
from ..read import ReadError, find_spreadsheets
from ..sheet import KIND_COLUMNS
from . import cache as cache_mod
from .aliases import apply_aliases, load_aliases
from .counts import combine_counts, counts_from_members, tidy_counts
from .files import read_file
from .frames import concat, tidy_admissions, tidy_members, tidy_orgs, tidy_targets
from .model import Dataset
from .privacy import key_fingerprint

__all__ = ["load"]

ACCOUNT_COLUMNS = ["file", "sheet", "kind", "read", "loaded", "excluded", "rejected"]


def load(*paths: str | Path, year: int | None = None, mapping: dict[str, str] | None = None,
         aliases: dict[str, str] | str | Path | None = None, strict: bool = False, cache: bool = True) -> Dataset:
    """Read every spreadsheet in `paths` (files or folders; none means data/raw) into a Dataset.

    year: the review year for sheets that don't say it (no year column, title, sheet or file name): a fallback,
        never an override.
    mapping: extra header texts -> canonical column names, for headers the reader doesn't know.
    aliases: other names of organisations -> their name (renamed or merged units): a dict, or a CSV file of two
        columns (name in the file, canonical name). Default: data/raw/bi_danh_tccs.csv when it exists.
    strict: raise ReadError on the first unreadable file instead of recording it as an issue.
    cache: serve unchanged inputs from the Parquet cache in data/processed/.cache (see khoi_analysis.cache);
        member records from the cache carry no card numbers, names or birth dates: use cache=False for those.
    Files that can't be read and problems in the data are in `Dataset.issues`; nothing is dropped silently.
    """
    targets = list(paths) or [config.RAW_DIR]
    issues: list[Issue] = []
    alias_map = load_aliases(aliases, issues)
    found = _find(targets, strict, issues)
    key = None
    if cache and found and not strict and not issues:
        key = _cache_key(found, year, mapping, alias_map)
        hit = _from_cache(key, found)
        if hit is not None:
            return hit
    frames: dict[str, list[pd.DataFrame]] = {k: [] for k in KIND_COLUMNS}
    accounts: list[dict] = []
    for path in found:
        _read_one(path, year, mapping, strict, frames, accounts, issues)
    ds, table_counts = _tidy_all(frames, alias_map, accounts, [str(p) for p in found])
    issues.extend(check_tables(ds.orgs, ds.members, ds.member_counts, ds.admissions, ds.targets, table_counts))
    ds.issues = issues_frame(issues)
    if key is not None:
        cache_mod.write(key, {"orgs": ds.orgs, "members": ds.members, "member_counts": ds.member_counts,
                              "admissions": ds.admissions, "targets": ds.targets, "issues": ds.issues,
                              "accounts": ds.accounts})
    return ds


def _find(targets: list, strict: bool, issues: list[Issue]) -> list[Path]:
    """The spreadsheet files under `targets`; a missing path or an empty search is an issue."""
    try:
        found = find_spreadsheets(targets)
    except ReadError as exc:
        if strict:
            raise
        found = []
        issues.append(Issue("error", "unreadable_file", exc.message, exc.path))
    if not found and not issues:
        issues.append(Issue("error", "no_files", "không tìm thấy bảng tính nào (.xlsx, .xls, .ods, .csv) trong: "
                            + ", ".join(map(str, targets))))
    return found


def _cache_key(found: list[Path], year, mapping, alias_map: dict[str, str]) -> str:
    alias_text = json.dumps(alias_map, sort_keys=True, ensure_ascii=False)
    return cache_mod.key_for(found, {"year": year, "mapping": mapping, "aliases": alias_text,
                                     "pseudonym_key": key_fingerprint()})


def _from_cache(key: str, found: list[Path]) -> Dataset | None:
    hit = cache_mod.read(key)
    if hit is None:
        return None
    members = hit["members"]
    for col in PERSONAL_COLUMNS:  # never cached: present, and empty
        members[col] = pd.Series(pd.NA, index=members.index, dtype="object")
    return Dataset(hit["orgs"], members, hit["member_counts"], hit["admissions"], hit["targets"],
                   hit["issues"], hit["accounts"], [str(p) for p in found])


def _read_one(path: Path, year, mapping, strict: bool, frames: dict[str, list[pd.DataFrame]], accounts: list[dict],
              issues: list[Issue]) -> None:
    """One file's tables added to `frames`, `accounts` and `issues`; a file that fails is an issue, never the
    end of the load (unless strict)."""
    try:
        got = read_file(path, year, mapping)
    except ReadError as exc:
        if strict:
            raise
        issues.append(Issue("error", "unreadable_file", exc.message, exc.path))
        return
    except Exception as exc:  # a file must never stop the others: report it and go on
        if strict:
            raise
        issues.append(Issue("error", "unreadable_file", f"lỗi không mong đợi khi đọc tệp ({type(exc).__name__}: "
                            f"{str(exc)[:160]}); hãy mở bằng Excel, lưu lại rồi thử lại", str(path)))
        return
    for kind, parts in got.frames.items():
        frames[kind].extend(parts)
    accounts.extend(got.accounts)
    issues.extend(got.issues)


def _tidy_all(frames: dict[str, list[pd.DataFrame]], alias_map: dict[str, str], accounts: list[dict],
              files: list[str]) -> tuple[Dataset, pd.DataFrame]:
    """The Dataset of the frames read (issues still empty), and the counts read from count tables."""
    orgs = tidy_orgs(apply_aliases(concat(frames["orgs"]), alias_map))
    members = tidy_members(apply_aliases(concat(frames["members"]), alias_map))
    admissions = tidy_admissions(apply_aliases(concat(frames["admissions"]), alias_map))
    targets = tidy_targets(concat(frames["targets"]))
    table_counts = tidy_counts(apply_aliases(concat(frames["member_counts"]), alias_map), orgs)
    member_counts = combine_counts(counts_from_members(members, orgs), table_counts)
    ds = Dataset(orgs, members, member_counts, admissions, targets, issues_frame([]),
                 pd.DataFrame(accounts, columns=ACCOUNT_COLUMNS), files)
    return ds, table_counts

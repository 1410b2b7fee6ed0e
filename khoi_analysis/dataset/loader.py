"""`load()`: spreadsheet files in, a Dataset of tidy frames and validation issues out, in five jobs: find the
files, look in the cache (the whole load's entry, then each file's), read the other files (across processes when
there are many), tidy the frames once for the whole load, check them."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config, labels
from ..check import check_lineage, check_tables
from ..config import PERSONAL_COLUMNS
from ..issues import Issue, issues_frame
from ..read import ReadError, find_spreadsheets
from ..sheet import Part
from . import cache as cache_mod
from . import filecache
from .aliases import load_aliases
from .assemble import ACCOUNT_COLUMNS, FileResult, assemble, files_needing_personal_data, is_quarterly, split_periods
from .explain import explain_tables, explanation_text, unreadable_lines
from .files import read_file
from .lineage import keyed, lineage_frame, load_lineage_lines, name_years, resolve_aliases
from .model import Dataset
from .pool import default_workers, run_jobs
from .privacy import key_fingerprint
from .sidecar import RuleBook, reading_rules
from .weak_quarters import weak_quarters

__all__ = ["ACCOUNT_COLUMNS", "load"]


def load(*paths: str | Path, year: int | None = None, mapping: dict[str, str] | None = None,
         aliases: dict[str, str] | str | Path | None = None, strict: bool = False, cache: bool = True,
         workers: int | None = None, progress: bool | None = None,
         lineage: str | Path | pd.DataFrame | bool | None = None, rules_file: str | Path | list | None = None,
         overrides: dict | None = None, explain: bool = False) -> Dataset:
    """Read every spreadsheet in `paths` (files or folders; none means data/raw) into a Dataset.

    year: the review year for sheets that don't say it (no year column, title, sheet or file name): a fallback,
        never an override.
    mapping: extra header texts -> canonical column names, for headers the reader doesn't know.
    aliases: other names of organisations -> their name (renamed or merged units): a dict, or a CSV file of two
        columns (name in the file, canonical name). Default: data/raw/bi_danh_tccs.csv when it exists.
    strict: raise ReadError on the first unreadable file instead of recording it as an issue.
    cache: serve unchanged inputs from the cache (Arrow files) in data/processed/.cache (see dataset.cache): the
        whole load when nothing changed, else each unchanged file; member records from the cache carry no card
        numbers, names or birth dates: use cache=False for those.
    workers: processes reading files (default: one per core when there are many files; 1 reads here).
    progress: a progress bar while files are read (default: on a terminal, for many files).
    lineage: the lineage table (renames, merges, splits, transfers; see dataset/lineage.py): a CSV path, a frame
        of lines, False for none; default: every sap_xep_tccs.csv inside the folders loaded (at any
        depth). Renames act as aliases
        (one org_id across years); the lines are in `Dataset.lineage`, their problems in `Dataset.issues`.
    rules_file: how to read files the reader gets wrong, without editing them (see dataset.sidecar): a
        cach_doc.yaml file or a list of them. Default: cach_doc.yaml in the folders loaded (and in data/raw).
    overrides: the same settings for every file read, e.g. {"period": 2022, "header_rows": "4-5",
        "columns": {"B": "org_name"}, "skip_rows": "12, 30-32", "sheet": "Biểu 01", "hidden": "doc"}.
    explain: also say how every file was read (`Dataset.explanation`, the text of dataset.explain), in the
        same reading; kept in the per-file cache beside each file's entry.
    Files that can't be read and problems in the data are in `Dataset.issues`; nothing is dropped silently.
    """
    targets = list(paths) or [config.RAW_DIR]
    issues: list[Issue] = []
    file_aliases = load_aliases(aliases, issues)
    lines, lineage_issues = load_lineage_lines(lineage, targets)
    alias_map = resolve_aliases(file_aliases, lines)
    found = _find(targets, strict, issues)
    book, bad_rules = reading_rules(targets, rules_file, overrides)
    issues += bad_rules + book.conflicts(found)
    key = options = None
    if cache and found and not strict and not issues:
        key = _cache_key(found, year, mapping, alias_map, book)
        hit = _from_cache(key, found)
        options = _options_text(year, mapping, alias_map)
        if hit is not None:
            if explain:
                hit.explanation = _explanation_only(found, year, mapping, options, workers, progress, book, bad_rules)
            return _with_lineage(hit, lines, lineage_issues, file_aliases, alias_map)
    n = None if workers is None else max(1, workers)  # None: as many as the files to read (not those cached) need
    results, keys = _read_all(found, year, mapping, strict, options, n, progress, book, explain)
    as_read = results
    results, quarterly, with_quarters = split_periods(results)
    issues.extend(weak_quarters(results, quarterly))  # a quarter from a name only, beside the year's table
    # a quarterly file goes into the per-file cache as read, unless it has quarterly member rows (the cache keeps
    # member rows as this load made them, and a quarter's are made apart from the year's)
    keys = {i: k for i, k in keys.items() if i not in with_quarters or not _quarter_members(as_read[i])}
    files = [str(p) for p in found]
    ds, table_counts, persons = assemble(results, alias_map, files)
    again = files_needing_personal_data(ds.members, persons)
    if again:  # the identity checks name these members: their files are read again (names are never cached)
        paths = [p for p in found if str(p) in again]
        redo = dict(zip(paths, split_periods(_read_all(paths, year, mapping, strict, None, 1, False, book)[0])[0]))
        results = [redo.get(p, r) for p, r in zip(found, results)]
        ds, table_counts, _ = assemble(results, alias_map, files)
    if keys:
        _keep(results, keys, ds.members, as_read)
    for r in results:
        issues.extend(r.issues)
    issues.extend(check_tables(ds.orgs, ds.members, ds.member_counts, ds.admissions, ds.targets, table_counts))
    for label, parts in sorted(quarterly.items()):  # each quarter its own Dataset: never mixed with the year's
        q, q_counts, _ = assemble(parts, alias_map, sorted({r.path for r in parts}))
        issues.extend(check_tables(q.orgs, q.members, q.member_counts, q.admissions, q.targets, q_counts))
        q.issues = issues_frame([])
        ds.quarters[label] = q
        issues.extend(_quarter_orgs_not_in_year(q.orgs, ds.orgs, label))
    ds.issues = issues_frame(issues)
    if explain:
        ds.explanation = explanation_text(book.sources, bad_rules, [r.explanation or [] for r in as_read])
    if key is not None:
        cache_mod.write(key, _tables(ds), quarters={label: _tables(q) for label, q in ds.quarters.items()})
    return _with_lineage(ds, lines, lineage_issues, file_aliases, alias_map)


def _with_lineage(ds: Dataset, lines: pd.DataFrame, found: list[Issue], file_aliases: dict[str, str],
                  alias_map: dict[str, str]) -> Dataset:
    """The Dataset with its lineage and the lineage's issues (never cached: checked against the data each load)."""
    ds.lineage = lineage_frame(lines, alias_map)
    more = list(found)
    if not lines.empty:
        seen = name_years([ds.orgs, ds.member_counts, ds.admissions], file_aliases)
        more.extend(check_lineage(keyed(lines), seen))
    if more:
        ds.issues = pd.concat([ds.issues, issues_frame(more)], ignore_index=True)
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


def _cache_key(found: list[Path], year, mapping, alias_map: dict[str, str], book: RuleBook) -> str:
    alias_text = json.dumps(alias_map, sort_keys=True, ensure_ascii=False)
    rules = [book.key(p) for p in found] if book else []
    return cache_mod.key_for(found, {"year": year, "mapping": mapping, "aliases": alias_text,
                                     "pseudonym_key": key_fingerprint(), "rules": rules})


def _quarter_orgs_not_in_year(quarter: pd.DataFrame, orgs: pd.DataFrame, label: str) -> list[Issue]:
    """A TCCS rated in a quarter of a year whose yearly table lacks it: perhaps its yearly table was read as a
    quarter's (a title saying 'quý' by mistake), which would leave it out of the year's figures. Said, with the
    first such row's cell, when the year has a yearly table of organisations at all."""
    year = int(label[:4])
    ids = set(orgs.loc[orgs["year"] == year, "org_id"])
    if quarter.empty or not ids:
        return []
    missing = quarter[~quarter["org_id"].isin(ids)].drop_duplicates("org_id")
    if missing.empty:
        return []
    first = missing.iloc[0]
    names = ", ".join(map(str, missing["org_name"].head(3))) + (f"… (tổng {len(missing)})" if len(missing) > 3 else "")
    period = f"quý {labels.QUARTER_NAMES[int(label.rsplit('Q', 1)[-1])]} năm {year}"
    return [Issue("warning", "quarter_org_not_in_year", f"{len(missing)} TCCS có kết quả đánh giá {period} nhưng "
                  f"không có trong bảng kết quả cả năm {year}: {names}; nếu bảng của TCCS này là bảng cả năm (tiêu "
                  "đề ghi nhầm chữ 'quý'), hãy ghi 'quy: 0' trong cách đọc (cach_doc.yaml)", str(first["file"]),
                  str(first["sheet"]), str(first["ref"]))]


def _tables(ds: Dataset) -> dict[str, pd.DataFrame]:
    return {"orgs": ds.orgs, "members": ds.members, "member_counts": ds.member_counts, "admissions": ds.admissions,
            "targets": ds.targets, "issues": ds.issues, "accounts": ds.accounts}


def _quarter_members(r: FileResult) -> bool:
    return any(is_quarterly(p) for p in r.frames.get("members", []))


def _from_cache(key: str, found: list[Path]) -> Dataset | None:
    hit = cache_mod.read(key)
    if hit is None:
        return None
    ds = _dataset(hit, [str(p) for p in found])
    for label, tables in sorted(hit.get("quarters", {}).items()):
        files = {str(f) for name in ("orgs", "members", "member_counts", "admissions", "targets")
                 if "file" in tables[name] for f in tables[name]["file"].dropna().unique()}
        ds.quarters[label] = _dataset(tables, sorted(files))
    return ds


def _dataset(hit: dict, files: list[str]) -> Dataset:
    members = hit["members"]
    for col in PERSONAL_COLUMNS:  # never cached: present, and empty
        members[col] = pd.Series(pd.NA, index=members.index, dtype="object")
    return Dataset(hit["orgs"], members, hit["member_counts"], hit["admissions"], hit["targets"],
                   hit["issues"], hit["accounts"], files)


def _options_text(year, mapping, alias_map: dict[str, str]) -> str:
    return json.dumps({"year": year, "mapping": mapping, "aliases": alias_map, "pseudonym_key": key_fingerprint()},
                      sort_keys=True, ensure_ascii=False, default=str)


def _entry_keys(found: list[Path], options: str | None, book: RuleBook) -> dict[int, str]:
    return ({i: filecache.entry_key(path, options + (book.key(path) if book else "")) for i, path in enumerate(found)}
            if options is not None else {})


def _job(year, mapping, strict: bool, book: RuleBook, found: list[Path], explain: bool):
    rules = {str(p): book.rules_for(p) for p in found} if book else {}
    return partial(read_job, year=year, mapping=mapping, strict=strict, rules={k: v for k, v in rules.items() if v},
                   explain=explain)


def _read_all(found: list[Path], year, mapping, strict: bool, options: str | None, workers: int | None,
              progress: bool | None, book: RuleBook, explain: bool = False) -> tuple[list[FileResult], dict[int, str]]:
    """Every file's FileResult, in order: from the per-file cache where `options` is given and the entry is
    there (with its explanation, when `explain`), else read (in `workers` processes); and the cache keys of the
    files read."""
    keys = _entry_keys(found, options, book)
    got = filecache.lookup(keys)
    notes = filecache.explanations({i: keys[i] for i in got}) if explain else {}
    results = {i: FileResult(str(found[i]), *entry, cached=True, explanation=notes.get(i))
               for i, entry in got.items() if not explain or i in notes}
    todo = [i for i in range(len(found)) if i not in results]
    job = _job(year, mapping, strict, book, found, explain)
    n = 1 if strict else default_workers(len(todo)) if workers is None else workers
    for i, res in zip(todo, run_jobs(job, [found[i] for i in todo], n, _died, progress)):
        results[i] = res
    if explain:
        _keep_explanations({keys[i]: results[i] for i in todo if i in keys})
    return [results[i] for i in range(len(found))], {i: keys[i] for i in todo if i in keys}


def _explanation_only(found: list[Path], year, mapping, options: str, workers: int | None, progress: bool | None,
                      book: RuleBook, bad_rules: list[Issue]) -> str:
    """How every file was read, for a load served whole from the cache: each file's explanation from the
    per-file cache, the files without one read again for it."""
    keys = _entry_keys(found, options, book)
    notes = filecache.explanations(keys)
    todo = [i for i in range(len(found)) if i not in notes]
    if todo:
        n = default_workers(len(todo)) if workers is None else max(1, workers)
        done = run_jobs(_job(year, mapping, False, book, found, True), [found[i] for i in todo], n, _died, progress)
        notes.update({i: r.explanation or [] for i, r in zip(todo, done)})
        _keep_explanations({keys[i]: r for i, r in zip(todo, done)})
    return explanation_text(book.sources, bad_rules, [notes[i] for i in range(len(found))])


def _keep_explanations(results: dict[str, FileResult]) -> None:
    """The explanations of files just read, into the per-file cache (not those of unreadable files: they are
    tried again next time)."""
    filecache.keep_explanations({key: r.explanation for key, r in results.items() if r.explanation
                                 and not any(x.code == "unreadable_file" for x in r.issues)})


def _keep(results: list[FileResult], keys: dict[int, str], members: pd.DataFrame,
          as_read: list[FileResult]) -> None:
    """The files just read, into the per-file cache: their member rows as this load made them (ids, aliases),
    without personal data (`results`: the yearly rows, whose members are `members`); the other tables as read,
    quarterly rows included (`as_read`)."""
    offsets, start = [], 0
    for r in results:
        n = sum(len(p) for p in r.frames["members"] if not p.empty)
        offsets.append((start, start + n))
        start += n
    kept = [i for i in keys if not any(x.code == "unreadable_file" for x in results[i].issues)]  # an unreadable
    # file is tried again next time; the person keys of the files kept are hashed at once (row by row the same)
    rows = [np.arange(*offsets[i]) for i in kept]
    mine = members.iloc[np.concatenate(rows)] if sum(map(len, rows)) else members.iloc[:0]
    # prepared once for every file kept (a frame per file cost more than reading the files), then cut per file
    prepared = filecache.prepared_members(mine.reset_index(drop=True)) if len(mine) else None
    entries, at = [], 0
    for i, (a, b) in zip(kept, (offsets[i] for i in kept)):
        r = results[i]
        frames = {kind: [p.frame() if isinstance(p, Part) else p for p in parts]
                  for kind, parts in as_read[i].frames.items() if kind != "members"}  # quarterly tables too,
        # with their quarter column; the year's member rows as this load made them:
        frames["members"] = [prepared.iloc[at:at + b - a]] if b > a else []
        at += b - a
        entries.append((keys[i], frames, r.accounts, r.issues))
    filecache.write_bundle(entries)


def read_job(path: Path, year=None, mapping=None, strict: bool = False, rules: dict | None = None,
             explain: bool = False) -> FileResult:
    """One file read, here or in a worker: a file that fails is its issue, never the end of the load (unless
    strict). `rules`: file -> how the user said to read it. `explain`: also say how it was read."""
    try:
        got = read_file(path, year, mapping, keep=explain, rules=(rules or {}).get(str(path)))
    except ReadError as exc:
        if strict:
            raise
        return FileResult(str(path), issues=[Issue("error", "unreadable_file", exc.message, exc.path)],
                          explanation=unreadable_lines(path, str(exc)) if explain else None)
    except Exception as exc:  # a file must never stop the others: report it and go on
        if strict:
            raise
        message = (f"lỗi không mong đợi khi đọc tệp ({type(exc).__name__}: {str(exc)[:160]}); hãy mở bằng Excel, "
                   "lưu lại rồi thử lại")
        return FileResult(str(path), issues=[Issue("error", "unreadable_file", message, str(path))],
                          explanation=unreadable_lines(path, message) if explain else None)
    return FileResult(str(path), got.frames, got.accounts, got.issues,
                      explanation=explain_tables(path, got) if explain else None)  # the grids stay here


def _died(path: Path) -> FileResult:
    message = ("bộ đọc bảng tính dừng bất thường khi đọc tệp này (tệp hỏng, hoặc được tạo ra để gây lỗi); các tệp "
               "khác vẫn được đọc. Hãy mở bằng Excel, lưu lại rồi gửi lại")
    return FileResult(str(path), issues=[Issue("error", "unreadable_file", message, str(path))],
                      explanation=unreadable_lines(path, message))

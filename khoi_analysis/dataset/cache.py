"""The processed-data cache behind load(): Arrow (Feather) files in data/processed/.cache/<key>/, keyed by the input
files' content, the load options and the library (version and code). Invisible to callers, except that member
records served from it carry no card numbers, names or birth dates (the cache is a processed file: personal
data never goes there); ask load(..., cache=False) for a named list.

A changed file, option or library version gives another key; a corrupt or partial entry is removed and rebuilt,
never trusted; an entry is written into a temporary folder and renamed into place, so an interrupted write
leaves nothing half-done behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

from .. import config
from ..config import VERSION as __version__

TABLES = ("orgs", "members", "member_counts", "admissions", "targets", "issues", "accounts")
_CODE_HASH: str | None = None
KEEP_LOADS = 20  # whole loads kept (each about as large as its tables), the least recently used removed first
_ENTRY_NAME = re.compile(r"[0-9a-f]{32}")  # key_for's keys


def cache_dir() -> Path | None:
    """Where entries live; None when switched off with KHOI_ANALYSIS_CACHE=0."""
    if os.environ.get("KHOI_ANALYSIS_CACHE", "1") in ("0", "false", "no"):
        return None
    return Path(os.environ.get("KHOI_ANALYSIS_CACHE_DIR", config.PROCESSED_DIR / ".cache"))


def _code_hash() -> str:
    global _CODE_HASH
    if _CODE_HASH is None:
        h = hashlib.sha256(__version__.encode())
        package = Path(__file__).resolve().parents[1]  # the whole package: every subfolder's code and the style
        for src in sorted([*package.rglob("*.py"), *package.glob("styles/*.mplstyle")]):
            h.update(src.relative_to(package).as_posix().encode())
            h.update(src.read_bytes())
        _CODE_HASH = h.hexdigest()
    return _CODE_HASH


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(2**20), b""):
            h.update(chunk)
    return h.hexdigest()


def key_for(files: list[Path], options: dict) -> str:
    """Hash of every input file's bytes (and name), the load options and the library's code and style: the
    key of a cache entry, and the fingerprint that tells `build` whether anything changed."""
    h = hashlib.sha256(_code_hash().encode())
    h.update(json.dumps(options, sort_keys=True, default=str, ensure_ascii=False).encode())
    for path in sorted(files):
        h.update(str(path).encode())
        h.update(file_digest(path).encode())
    return h.hexdigest()[:32]


def read(key: str) -> dict[str, pd.DataFrame] | None:
    """The cached tables, or None on a miss; a corrupt entry is deleted (and the caller rebuilds it)."""
    root = cache_dir()
    if root is None:
        return None
    entry = root / key
    if not (entry / "complete").exists():
        return None
    try:
        out: dict = {name: _read_table(entry / f"{name}.arrow") for name in TABLES}
        quarters = entry / "quarters"
        if quarters.is_dir():
            out["quarters"] = {q.name: {name: _read_table(q / f"{name}.arrow") for name in TABLES}
                               for q in sorted(quarters.iterdir())}
    except Exception:  # corrupt or unreadable: never trusted
        shutil.rmtree(entry, ignore_errors=True)
        return None
    mark_used(entry)
    return out


def write(key: str, tables: dict[str, pd.DataFrame],
          quarters: dict[str, dict[str, pd.DataFrame]] | None = None) -> Path | None:
    """Store the tables under `key`, atomically, and each quarter's tables ('2026-Q3') beside them; personal
    columns of members are left out. Best effort: a cache that can't be written is no error for the caller."""
    root = cache_dir()
    if root is None:
        return None
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=f".{key}."))
        _write_tables(tmp, tables)
        for label, quarter in (quarters or {}).items():
            (tmp / "quarters" / label).mkdir(parents=True)
            _write_tables(tmp / "quarters" / label, quarter)
        (tmp / "complete").write_text(__version__, encoding="utf-8")
        entry = root / key
        if entry.exists():
            shutil.rmtree(entry, ignore_errors=True)
        os.replace(tmp, entry)
        prune()
        return entry
    except Exception:
        shutil.rmtree(locals().get("tmp", root / ".none"), ignore_errors=True)
        return None


def prune(limit: int | None = None) -> int:
    """Remove the least recently used whole-load entries beyond `limit` (default KEEP_LOADS); how many were
    removed. Only folders named as this cache names them are touched (the per-file and chart caches beside them
    prune themselves, or not at all)."""
    root = cache_dir()
    return 0 if root is None else prune_entries(root, KEEP_LOADS if limit is None else limit, _ENTRY_NAME)


def mark_used(entry: Path) -> None:
    """An entry just served: its `complete` mark's time is now, so prune_entries removes it last."""
    try:
        os.utime(entry / "complete")
    except OSError:
        pass  # a cache this user may read but not change: still used


def prune_entries(root: Path, limit: int, names: re.Pattern) -> int:
    """Of the complete entries in `root` named as `names` says, remove all but the `limit` used last (by their
    `complete` mark); how many were removed. Partial entries and anything else in `root` are left alone."""
    if not root.is_dir():
        return 0
    used = []
    for entry in root.iterdir():
        if not names.fullmatch(entry.name):
            continue
        try:
            used.append(((entry / "complete").stat().st_mtime, entry))
        except OSError:
            continue  # partial or being written
    gone = sorted(used, reverse=True)[limit:]
    for _, entry in gone:
        shutil.rmtree(entry, ignore_errors=True)
    return len(gone)


def _write_tables(folder: Path, tables: dict[str, pd.DataFrame]) -> None:
    for name in TABLES:
        frame = tables[name]
        if name == "members":
            frame = frame.drop(columns=[c for c in config.PERSONAL_COLUMNS if c in frame.columns])
        feather.write_feather(pa.Table.from_pandas(_for_parquet(frame), preserve_index=False),
                              folder / f"{name}.arrow", compression="uncompressed")  # as the per-file bundles


def _read_table(path: Path) -> pd.DataFrame:
    # Arrow files, not Parquet: a warm load reads seven small tables, and Parquet's per-file overhead was most of
    # it (counts of 828 files: 13 ms against 8)
    return feather.read_table(path, memory_map=False).to_pandas()


def _for_parquet(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns holding mixed Python values become strings so Arrow can store them."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            kinds = {type(v) for v in out[col].dropna().head(1000)}
            if len(kinds) > 1 or (kinds and not kinds <= {str}):
                out[col] = out[col].map(lambda v: None if v is None or (not isinstance(v, str) and pd.isna(v))
                                        else str(v)).astype("string")
    return out

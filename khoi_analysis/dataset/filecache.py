"""The per-file cache: what one spreadsheet file gave (its tables, row accounts and issues), kept under a key of
that file's bytes and path, the load options and the library's code, so that adding or changing one workbook
re-reads that file only. Entries live beside the whole-load entries (cache.cache_dir()/files/<key>/) as Arrow
IPC files and one JSON; like them, they never hold card numbers, names or birth dates: member records are kept
as `prepare_members` leaves them (organisation aliases applied, pseudonymous ids made, personal columns
dropped, and a keyed hash standing for name + birth date, which the identity checks group by)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..config import PERSONAL_COLUMNS
from ..issues import Issue
from ..sheet import KIND_COLUMNS
from . import cache
from .aliases import apply_aliases
from .frames import tidy_members
from .privacy import pseudonyms

__all__ = ["entry_key", "person_key", "prepare_members", "read", "write"]

PERSON = "_person"  # column of prepared member frames: keyed hash of name + birth date (for the checks)
BASIS = "_id_basis"  # column of prepared member frames: how the id was made


def entry_key(path: Path, options_text: str) -> str:
    h = hashlib.sha256(cache._code_hash().encode())
    h.update(options_text.encode())
    h.update(str(path).encode())
    h.update(cache.file_digest(path).encode())
    return h.hexdigest()[:32]


def person_key(members: pd.DataFrame) -> list:
    """A keyed hash of (name, birth date) per member record, as check.member_identity groups them (None where it
    would not group: no birth date)."""
    name = members["name"].astype("object").where(members["name"].notna(), "").astype(str)
    birth = members["birth_date"].astype("string")
    text = pa.array(("p:" + name + "|" + birth.fillna("")).tolist(), type=pa.string())
    return [h if has else None for h, has in zip(pseudonyms(text).to_pylist(), birth.notna().tolist())]


def prepare_members(frame: pd.DataFrame, alias_map: dict[str, str]) -> pd.DataFrame:
    """A member frame as read, in the form the cache keeps: aliases applied, ids made, personal data gone."""
    if frame.empty:
        return frame
    aliased = apply_aliases(frame, alias_map)
    tidy = tidy_members(aliased)  # same rows in the same order: ids computed row by row
    out = aliased.drop(columns=[c for c in PERSONAL_COLUMNS if c in aliased.columns]).reset_index(drop=True)
    out["member_id"] = tidy["member_id"].astype("object").to_numpy()
    out[BASIS] = tidy["id_basis"].astype("object").to_numpy()
    out[PERSON] = person_key(aliased.reset_index(drop=True))
    return out


def _root() -> Path | None:
    root = cache.cache_dir()
    return None if root is None else root / "files"


def read(key: str):
    """(frames per kind, accounts, issues) of a cached file, or None (a corrupt entry is removed)."""
    root = _root()
    if root is None:
        return None
    entry = root / key
    meta_path = entry / "meta.json"
    if not meta_path.exists():
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        frames = {kind: [] for kind in KIND_COLUMNS}
        for kind, count in meta["frames"].items():
            for i in range(count):
                frames[kind].append(pd.read_feather(entry / f"{kind}-{i}.arrow"))
        issues = [Issue(**item) for item in meta["issues"]]
        return frames, meta["accounts"], issues
    except Exception:  # corrupt or unreadable: never trusted
        shutil.rmtree(entry, ignore_errors=True)
        return None


def write(key: str, frames: dict[str, list[pd.DataFrame]], accounts: list[dict], issues: list[Issue]) -> None:
    """Store one file's results (member frames already prepared), atomically; best effort."""
    root = _root()
    if root is None:
        return
    tmp = None
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=f".{key}."))
        counts = {}
        for kind, parts in frames.items():
            counts[kind] = len(parts)
            for i, part in enumerate(parts):
                if kind == "members":
                    assert not set(PERSONAL_COLUMNS) & set(part.columns), "personal data never goes to the cache"
                cache._for_parquet(part).reset_index(drop=True).to_feather(tmp / f"{kind}-{i}.arrow")
        meta = {"frames": counts, "accounts": accounts, "issues": [i.__dict__ for i in issues]}
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, default=str), encoding="utf-8")
        entry = root / key
        if entry.exists():
            shutil.rmtree(entry, ignore_errors=True)
        os.replace(tmp, entry)
    except Exception:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

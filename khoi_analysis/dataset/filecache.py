"""The per-file cache: what one spreadsheet file gave (its tables, row accounts and issues), kept under a key of
that file's bytes and path, the load options and the library's code, so that adding or changing one workbook
re-reads that file only. One load writes the files it read as one bundle (cache.cache_dir()/files/b-<id>/: one
Arrow IPC file per kind of table, the rows of every file tagged with its key, and one JSON), and a small index
file per key names its bundle: one write per load, and a load reads each bundle it needs once. A file's tables
come back as CachedParts (its rows of the bundle's frame), made into frames together (`cached_frame`), never one
frame per part.

Like the whole-load entries, bundles never hold card numbers, names or birth dates: member rows are kept as the
load made them (aliases applied, pseudonymous id and its basis) with a keyed hash standing for name + birth
date, which the identity checks group by (`files_needing_personal_data` in assemble)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.feather as feather

from ..config import PERSONAL_COLUMNS
from ..issues import Issue
from ..sheet import KIND_COLUMNS, Part
from . import cache
from .privacy import pseudonyms

__all__ = ["BASIS", "PERSON", "CachedPart", "cached_frame", "entry_key", "explanations", "keep_explanations", "lookup",
           "person_key", "prepared_members", "write_bundle"]

PERSON = "_person"  # column of cached member rows: keyed hash of name + birth date (for the identity checks)
BASIS = "_id_basis"  # column of cached member rows: how the id was made
ENTRY, PART = "_entry", "_part"


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


def prepared_members(tidy: pd.DataFrame, persons: list | None = None) -> pd.DataFrame:
    """Tidy member rows in the form the cache keeps: personal columns gone, id basis and person key added
    (`persons`: person_key(tidy), when the caller has it)."""
    out = tidy.drop(columns=[c for c in PERSONAL_COLUMNS if c in tidy.columns])
    keys = (person_key(tidy) if persons is None else list(persons)) if len(tidy) else []
    out = out.drop(columns=["id_basis"]).assign(**{BASIS: tidy["id_basis"].astype("object").to_numpy(),
                                                   PERSON: keys})
    return out


def _root() -> Path | None:
    root = cache.cache_dir()
    return None if root is None else root / "files"


def lookup(keys: dict[int, str]) -> dict[int, tuple[dict, list, list]]:
    """For the keys found: (frames per kind, accounts, issues). Corrupt bundles are removed, never trusted."""
    root = _root()
    if root is None or not root.exists():
        return {}
    bundles: dict[str, list[int]] = {}
    for i, key in keys.items():
        try:
            bundles.setdefault((root / "idx" / key).read_text(encoding="ascii").strip(), []).append(i)
        except OSError:
            continue
    out: dict[int, tuple[dict, list, list]] = {}
    for bundle, wanted in bundles.items():
        try:
            out.update(_read_bundle(root / bundle, {keys[i]: i for i in wanted}))
        except Exception:  # corrupt or unreadable: never trusted
            shutil.rmtree(root / bundle, ignore_errors=True)
    return out


def _read_bundle(folder: Path, wanted: dict[str, int]) -> dict[int, tuple[dict, list, list]]:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    found = {k: i for k, i in wanted.items() if k in meta}
    frames = {i: {kind: [] for kind in KIND_COLUMNS} for i in found.values()}
    for kind in meta["_kinds"]:
        table = feather.read_table(folder / f"{kind}.arrow", memory_map=True)
        entries = table.column(ENTRY)
        value_type = entries.type.value_type if pa.types.is_dictionary(entries.type) else entries.type
        keep = pc.is_in(entries, value_set=pa.array(list(found), type=value_type))  # hashed: np.isin sorts objects
        if not pc.any(keep).as_py():
            continue
        frame = (table if pc.all(keep).as_py() else table.filter(keep)).to_pandas()
        groups = frame.groupby([ENTRY, PART], sort=False).indices
        columns = [c for c in frame.columns if c not in (ENTRY, PART)]
        for (key, part), rows in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            dtypes = dict(meta[key]["columns"][kind][part])
            frames[found[key]][kind].append(CachedPart(key, kind, frame_=frame, rows=rows,
                                                       columns=tuple(c for c in columns if c in dtypes),
                                                       dtypes=tuple(dtypes.items())))
    return {i: (frames[i], meta[k]["accounts"], [Issue(**x) for x in meta[k]["issues"]]) for k, i in found.items()}


@dataclass(eq=False)
class CachedPart(Part):
    """One part of one file as the cache keeps it: its rows of the bundle's frame of that kind (shared by the
    bundle's parts), made into a frame when asked; consecutive parts of one bundle with the same columns are
    made into one frame at once (`cached_frame`)."""

    frame_: pd.DataFrame | None = None  # the bundle's rows of the kind, for every file wanted from it
    rows: np.ndarray | None = None  # this part's positions in it
    columns: tuple = ()
    dtypes: tuple = ()

    def __len__(self) -> int:
        return len(self.rows)

    def frame(self) -> pd.DataFrame:
        return cached_frame([self])


def cached_frame(parts: list[CachedPart]) -> pd.DataFrame:
    """Cached parts in order as one frame, equal to their frames concatenated: each run of parts of the same
    bundle frame and columns taken from it at once."""
    frames, run = [], []
    for p in [*parts, None]:
        if run and (p is None or p.frame_ is not run[0].frame_ or (p.columns, p.dtypes) != (run[0].columns,
                                                                                          run[0].dtypes)):
            rows = run[0].rows if len(run) == 1 else np.concatenate([q.rows for q in run])
            frames.append(_restore(run[0].frame_.iloc[rows][list(run[0].columns)], dict(run[0].dtypes)))
            run = []
        if p is not None:
            run.append(p)
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def write_bundle(entries: list[tuple[str, dict[str, list[pd.DataFrame]], list[dict], list[Issue]]]) -> None:
    """Store the results of the files one load read (member frames already prepared); best effort, atomic."""
    root = _root()
    if root is None or not entries:
        return
    tmp = None
    try:
        (root / "idx").mkdir(parents=True, exist_ok=True)
        name = f"b-{uuid.uuid4().hex[:16]}"
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=f".{name}."))
        meta: dict = {"_kinds": []}
        for kind in KIND_COLUMNS:
            parts, tags, numbers = [], [], []
            for key, frames, _, _ in entries:
                for part, frame in enumerate(frames[kind]):
                    if kind == "members":
                        assert not set(PERSONAL_COLUMNS) & set(frame.columns), "personal data never goes to the cache"
                    parts.append(frame)
                    tags.append(key)
                    numbers.append(part)
            if parts:  # the parts joined at once, then tagged with their file and part (no frame per part)
                lengths = [len(f) for f in parts]
                tagged = pd.concat(parts, ignore_index=True)
                tagged[ENTRY] = np.repeat(np.array(tags, dtype=object), lengths)
                tagged[PART] = np.repeat(np.array(numbers, dtype=np.int64), lengths)
                table = _arrow(tagged)
                feather.write_feather(table, tmp / f"{kind}.arrow", compression="uncompressed")
                meta["_kinds"].append(kind)
        for key, frames, accounts, issues in entries:
            meta[key] = {"accounts": accounts, "issues": [i.__dict__ for i in issues],
                         "columns": {kind: [[(c, str(t)) for c, t in f.dtypes.items()] for f in parts]
                                     for kind, parts in frames.items()}}
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, default=str), encoding="utf-8")
        os.replace(tmp, root / name)
        for key, *_ in entries:
            _atomic_text(root / "idx" / key, name)
    except Exception:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _restore(frame: pd.DataFrame, dtypes: dict[str, str]) -> pd.DataFrame:
    """A part as it was written: text columns that were Python objects (None for blank) become so again."""
    out = frame.reset_index(drop=True)
    for col, dtype in dtypes.items():
        if dtype == "object" and out[col].dtype != object:
            values = out[col].astype(object)
            out[col] = values.where(out[col].notna(), None)
        elif dtype.startswith("int") and out[col].dtype.kind == "f" and out[col].notna().all():
            out[col] = out[col].astype(dtype)  # stored beside parts without the column (a quarter's): back to int
    return out


def _arrow(frame: pd.DataFrame) -> pa.Table:
    try:  # the values as they are (ints stay ints); columns of mixed Python values as text, as in the Parquet cache
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        return pa.Table.from_pandas(cache._for_parquet(frame), preserve_index=False)


def _atomic_text(path: Path, text: str, encoding: str = "ascii") -> None:
    part = path.with_name(f".{path.name}.{os.getpid()}")
    part.write_text(text, encoding=encoding)
    os.replace(part, path)


def explanations(keys: dict[int, str]) -> dict[int, list[str]]:
    """For the keys found: how the file was read (dataset.explain's lines for it), kept beside its entry.
    An entry that can't be read or is not a list of lines is not found (the file is read again)."""
    root = _root()
    out: dict[int, list[str]] = {}
    if root is None:
        return out
    for i, key in keys.items():
        try:
            lines = json.loads((root / "why" / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(lines, list) and lines and all(isinstance(line, str) for line in lines):
            out[i] = lines
    return out


def keep_explanations(notes: dict[str, list[str]]) -> None:
    """Keep each file's explanation under its entry key; best effort (a failure means reading it again)."""
    root = _root()
    if root is None or not notes:
        return
    try:
        (root / "why").mkdir(parents=True, exist_ok=True)
        for key, lines in notes.items():
            _atomic_text(root / "why" / f"{key}.json", json.dumps(lines, ensure_ascii=False), "utf-8")
    except OSError:
        return

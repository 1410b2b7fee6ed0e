"""National scale: per-province files loaded in parallel processes, member records written as Parquet
partitioned by year and province (readable directly by DuckDB, Polars, Spark or Dask), and the counts
aggregated. Member records carry only the pseudonymous id: no card numbers, names or birth dates."""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from .read import find_spreadsheets

KEEP = ["year", "member_id", "org_id", "org_name", "rating", "unrated_reason"]


def _province_of(path: Path, root: Path) -> str:
    rel = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
    return rel.parts[0] if len(rel.parts) > 1 else path.stem


def _load_one(args: tuple[str, str, str]) -> tuple[str, pd.DataFrame, pd.DataFrame, int]:
    """In a worker: load one province's file, write its partitions, return its counts and issues."""
    from .dataset import load

    path, province, out_dir = args
    ds = load(path, cache=False)
    members = ds.members[KEEP].copy()
    for col in ("org_id", "org_name", "unrated_reason"):
        members[col] = members[col].astype("string")
    members["rating"] = members["rating"].astype("string")
    rows = 0
    for year, part in members.groupby("year", sort=True):
        target = Path(out_dir) / f"year={int(year)}" / f"province={province}"
        target.mkdir(parents=True, exist_ok=True)
        tmp = target / f".part-{os.getpid()}.parquet"
        part.drop(columns="year").to_parquet(tmp, index=False)
        os.replace(tmp, target / f"{Path(path).stem}.parquet")
        rows += len(part)
    counts = ds.member_counts.assign(province=province)
    return province, counts, ds.issues.assign(province=province), rows


def load_national(root: Path | str, out_dir: Path | str, *, workers: int | None = None) -> dict:
    """Load every spreadsheet under `root` (one folder or file per province) in `workers` processes, write
    member records to `out_dir` as Parquet partitioned by year and province, and return the per-province
    counts, the issues and the number of member rows written."""
    root, out_dir = Path(root), Path(out_dir)
    files = find_spreadsheets([root])
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    jobs = [(str(f), _province_of(f, root), str(out_dir)) for f in files]
    workers = workers or min(len(jobs), os.cpu_count() or 1) or 1
    counts, issues, rows = [], [], 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for _province, c, i, n in pool.map(_load_one, jobs):
            counts.append(c)
            issues.append(i)
            rows += n
    return {"counts": pd.concat(counts, ignore_index=True) if counts else pd.DataFrame(),
            "issues": pd.concat(issues, ignore_index=True) if issues else pd.DataFrame(),
            "rows": rows, "files": len(files), "out_dir": out_dir}

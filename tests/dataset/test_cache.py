"""The processed-data cache behind load(), atomic writes, and the national (partitioned Parquet) path."""


import pandas as pd
import pytest
from conftest import MEMBER_HEADER, SAMPLE_DIR, write_xlsx

import khoi_analysis as ka
from khoi_analysis import read
from khoi_analysis.dataset import cache


@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    monkeypatch.setenv("KHOI_ANALYSIS_CACHE_DIR", str(root))
    return root


def _entries(root):
    """The whole-load entries (the per-file entries live in root/files)."""
    return [p for p in root.iterdir() if p.name != "files" and not p.name.startswith(".")]


def _book(path, rating="HTTNV"):
    return write_xlsx(path, {"DV": [["NĂM 2021"], MEMBER_HEADER,
                                    [1, "001", "Nguyễn Văn An", None, None, "Chi bộ A", rating, None],
                                    [2, "002", "Trần Thị Bình", None, None, "Chi bộ A", "HTXSNV", None]]})


def test_second_load_comes_from_the_cache(tmp_path, cache_root, monkeypatch):
    path = _book(tmp_path / "a.xlsx")
    first = ka.load(path)
    assert len(_entries(cache_root)) == 1
    monkeypatch.setattr(read, "read_workbook", lambda p: pytest.fail("the file was read again"))
    monkeypatch.setattr("khoi_analysis.dataset.loader.read_file", lambda *a: pytest.fail("the file was read again"))
    second = ka.load(path)
    assert ka.year_summary(second, 2021) == ka.year_summary(first, 2021)
    assert list(second.members["member_id"]) == list(first.members["member_id"])
    assert second.members["name"].isna().all()  # personal data never comes from (or goes to) the cache


def test_changed_file_mapping_or_version_invalidate(tmp_path, cache_root, monkeypatch):
    path = _book(tmp_path / "a.xlsx")
    ka.load(path)
    _book(path, rating="HTNV")
    assert ka.year_summary(ka.load(path), 2021)["members"]["counts"]["HTNV"] == 1  # changed content: re-read
    ka.load(path, mapping={"Điểm": "year"})
    monkeypatch.setattr(cache, "_CODE_HASH", "another version of the library")
    ka.load(path)
    assert len(_entries(cache_root)) == 4


def test_corrupt_cache_is_rebuilt_not_trusted(tmp_path, cache_root):
    path = _book(tmp_path / "a.xlsx")
    good = ka.year_summary(ka.load(path), 2021)
    entry = _entries(cache_root)[0]
    (entry / "members.arrow").write_bytes(b"not an Arrow file at all")
    assert ka.year_summary(ka.load(path), 2021) == good
    assert pd.read_feather(_entries(cache_root)[0] / "members.arrow").shape[0] == 2  # rebuilt


def test_interrupted_cache_write_leaves_nothing(tmp_path, cache_root, monkeypatch):
    path = _book(tmp_path / "a.xlsx")
    calls = {"n": 0}
    from khoi_analysis.dataset import cache

    real = cache.feather.write_feather

    def failing(*a, **k):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(*a, **k)

    monkeypatch.setattr(cache.feather, "write_feather", failing)
    ds = ka.load(path)
    assert ds.ok  # the load itself is not affected
    assert not any((p / "complete").exists() for p in _entries(cache_root))
    monkeypatch.setattr(cache.feather, "write_feather", real)
    assert ka.load(path).ok and any((p / "complete").exists() for p in _entries(cache_root))


def test_cache_holds_no_personal_data(tmp_path, cache_root):
    path = _book(tmp_path / "a.xlsx")
    ka.load(path)
    blob = b"".join(p.read_bytes() for p in [*cache_root.rglob("*.parquet"), *cache_root.rglob("*.arrow"),
                                             *cache_root.rglob("*.json")])
    assert list(cache_root.rglob("*.arrow"))  # the per-file entry is looked at too
    assert "Nguyễn Văn An".encode() not in blob and "Trần Thị Bình".encode() not in blob
    members = pd.read_feather(_entries(cache_root)[0] / "members.arrow")
    assert not {"name", "birth_date", "member_code"} & set(members.columns)


def test_interrupted_build_keeps_previous_outputs(tmp_path, monkeypatch, built):
    import importlib
    import shutil

    build_mod = importlib.import_module("khoi_analysis.build")

    out = tmp_path / "out"
    shutil.copytree(built, out)  # a finished build of the sample for 2021 (the session's), copied
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.suffix in (".json", ".png", ".pptx")}
    assert len(before) >= 10  # charts, summaries, the deck

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_mod, "write_conference_outputs", boom)
    with pytest.raises(KeyboardInterrupt):
        build_mod.build([SAMPLE_DIR], out, year=2021, force=True, progress=False)
    after = {p: p.read_bytes() for p in before}
    assert after == before  # every file written whole (temporary file, then rename) or not at all
    assert not [p for p in out.rglob(".*tmp*")]


def test_national_partitioned_parquet(tmp_path):
    root = tmp_path / "quoc_gia"
    for p in ("tinh_01", "tinh_02", "tinh_03"):
        _book(root / p / f"dang_vien_{p}.xlsx")
    result = ka.load_national(root, tmp_path / "parquet", workers=2)
    assert result["rows"] == 6 and result["files"] == 3
    parts = sorted(str(p.relative_to(tmp_path / "parquet").parent) for p in (tmp_path / "parquet").rglob("*.parquet"))
    assert parts == ["year=2021/province=tinh_01", "year=2021/province=tinh_02", "year=2021/province=tinh_03"]
    back = pd.read_parquet(tmp_path / "parquet")
    assert len(back) == 6 and set(back["province"].astype(str)) == {"tinh_01", "tinh_02", "tinh_03"}
    assert "name" not in back.columns
    assert int(result["counts"]["rated"].sum()) == 6


def test_the_least_recently_used_loads_go_first(tmp_path, cache_root, monkeypatch):
    import os

    from khoi_analysis.dataset import cache

    monkeypatch.setattr(cache, "KEEP_LOADS", 3)
    paths = [_book(tmp_path / f"b{i}" / "a.xlsx") for i in range(5)]
    (cache_root / "mine").mkdir(parents=True)  # a folder that is not ours: never touched
    first = []
    for i, path in enumerate(paths[:3]):
        ka.load(path)
        first.append(next(p for p in _entries(cache_root) if p.name != "mine" and p not in first))
        os.utime(first[-1] / "complete", (1_000_000 + i, 1_000_000 + i))  # loaded long ago, in this order
    ka.load(paths[0])  # the oldest, used again: now the newest
    ka.load(paths[3])
    ka.load(paths[4])
    kept = {p.name for p in _entries(cache_root)}
    assert "mine" in kept and len(kept) == 4
    assert first[0].name in kept and first[1].name not in kept and first[2].name not in kept
    assert ka.load(paths[1]).ok  # a removed entry is simply a miss

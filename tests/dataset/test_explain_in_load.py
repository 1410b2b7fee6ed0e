"""How each file was read, said by the load that reads it (load(explain=True)): the same text as dataset.explain,
which reads every file again, whether the files are read now, served from the per-file cache, or the whole load
comes from the cache; a changed file is explained anew, never from its old entry."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE_DIR, write_xlsx
from hypothesis import HealthCheck, given, settings

import khoi_analysis as ka
from khoi_analysis.dataset import cache
from khoi_analysis.dataset.explain import explain

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sheet"))
from annex_grammar import annexes, render, write  # noqa: E402


def _odd_files(folder: Path) -> None:
    """A damaged workbook, a file without a table, and a reading rule for one file (with a mistake in it)."""
    (folder / "hong_2021.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    write_xlsx(folder / "trong_2021.xlsx", {"Sheet1": [["Không có bảng nào ở đây"], ["chỉ là ghi chú"]]})
    (folder / "cach_doc.yaml").write_text("- tep: trong_2021.xlsx\n  sheet: Sheet9\n", encoding="utf-8")


def _whole_entries_removed() -> None:
    for p in cache.cache_dir().iterdir():
        if p.name != "files":
            shutil.rmtree(p) if p.is_dir() else p.unlink()


def _every_way(folder: Path) -> None:
    want = explain([folder])
    assert want.count("Tệp ") >= 1
    assert ka.load(folder, explain=True, cache=False, progress=False).explanation == want
    assert ka.load(folder, explain=True, progress=False, workers=1).explanation == want  # read now, kept
    assert ka.load(folder, explain=True, progress=False).explanation == want  # the whole load from the cache
    _whole_entries_removed()
    assert ka.load(folder, explain=True, progress=False).explanation == want  # each file from its entry
    shutil.rmtree(cache.cache_dir() / "files" / "why")
    assert ka.load(folder, explain=True, progress=False).explanation == want  # whole load cached, no explanation
    assert ka.load(folder, progress=False).explanation is None


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KHOI_ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(annex=annexes())
def test_load_explains_every_layout_as_explain_does(tmp_path_factory, monkeypatch, annex):
    root = tmp_path_factory.mktemp("annex")
    monkeypatch.setenv("KHOI_ANALYSIS_CACHE_DIR", str(root / "cache"))
    orgs, layout = annex
    write(render(orgs, layout), layout, root / "data" / "phu_luc")
    _odd_files(root / "data")
    _every_way(root / "data")


def test_load_explains_the_sample_as_explain_does(tmp_path, own_cache):
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE_DIR, folder)
    _every_way(folder)
    two = ka.load(folder, explain=True, cache=False, workers=2, progress=False)  # across processes
    assert two.explanation == explain([folder])


def test_a_changed_file_is_explained_anew(tmp_path, own_cache):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(SAMPLE_DIR / "bao_cao_xep_loai_2020.xlsx", folder)
    shutil.copy(SAMPLE_DIR / "bao_cao_xep_loai_2021.xlsx", folder)
    before = ka.load(folder, explain=True, progress=False).explanation
    shutil.copy(SAMPLE_DIR / "bao_cao_xep_loai_2022.xlsx", folder / "bao_cao_xep_loai_2021.xlsx")
    after = ka.load(folder, explain=True, progress=False).explanation
    assert after == explain([folder]) and after != before


def test_a_damaged_explanation_entry_is_read_again(tmp_path, own_cache):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(SAMPLE_DIR / "bao_cao_xep_loai_2021.xlsx", folder)
    want = ka.load(folder, explain=True, progress=False).explanation
    entries = sorted((own_cache / "files" / "why").glob("*.json"))
    assert len(entries) == 1 and json.loads(entries[0].read_text(encoding="utf-8"))[0].startswith("Tệp ")
    for damage in ("{not json", json.dumps({"a": 1}), json.dumps([]), json.dumps(["Tệp giả", 3])):
        entries[0].write_text(damage, encoding="utf-8")
        assert ka.load(folder, explain=True, progress=False).explanation == want
        _whole_entries_removed()
        assert ka.load(folder, explain=True, progress=False).explanation == want


def test_no_explanation_is_kept_unless_asked(tmp_path, own_cache):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(SAMPLE_DIR / "bao_cao_xep_loai_2021.xlsx", folder)
    assert ka.load(folder, progress=False).explanation is None
    assert not (own_cache / "files" / "why").exists()


def test_validate_explain_prints_how_each_file_was_read(tmp_path, own_cache, capsys):
    from khoi_analysis.cli import main

    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(SAMPLE_DIR / "bao_cao_xep_loai_2021.xlsx", folder)
    _odd_files(folder)
    code = main(["validate", str(folder), "--explain"])
    out = capsys.readouterr().out
    assert code == 1  # the damaged workbook is an error
    assert "CÁCH ĐỌC TỪNG TỆP\n\n" + explain([folder]) in out

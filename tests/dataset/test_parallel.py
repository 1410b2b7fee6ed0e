"""Reading across processes and the per-file cache: the parallel and serial paths give the same Dataset; a worker
that dies on a file is that file's error, named; adding or changing one workbook re-reads that one file."""

import datetime as dt
import os
import shutil

import pandas as pd
import pytest
from conftest import MEMBER_HEADER, SAMPLE_DIR, write_xlsx

import khoi_analysis as ka
from khoi_analysis.dataset import loader, pool

TABLES = ("orgs", "members", "member_counts", "admissions", "targets", "issues", "accounts")


def _same(a, b, drop=()):
    for name in TABLES:
        left, right = getattr(a, name), getattr(b, name)
        if name == "members":
            left, right = left.drop(columns=list(drop)), right.drop(columns=list(drop))
        pd.testing.assert_frame_equal(left, right, obj=name)
    assert list(a.quarters) == list(b.quarters)
    for label in a.quarters:  # each quarter's Dataset too
        _same(a.quarters[label], b.quarters[label], drop)
        assert a.quarters[label].files == b.quarters[label].files


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The sample, plus a damaged workbook and a file with no table: issues from files as well as rows."""
    root = tmp_path_factory.mktemp("inputs")
    for p in sorted(SAMPLE_DIR.glob("*.xlsx")):
        shutil.copy(p, root / p.name)
    (root / "hong_2021.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    write_xlsx(root / "trong_2021.xlsx", {"Sheet1": [["Không có bảng nào ở đây"], ["chỉ là ghi chú"]]})
    return root


def test_parallel_and_serial_give_the_same_dataset(folder):
    serial = ka.load(folder, cache=False, workers=1)
    parallel = ka.load(folder, cache=False, workers=2)
    assert len(serial.members) > 30_000 and set(serial.issues["code"]) >= {"unreadable_file", "no_table_in_file"}
    assert len(serial.quarters) == 2  # the sample's quarterly files
    _same(serial, parallel)


def _job(item):
    path = item[0] if isinstance(item, tuple) else item
    if path.name.startswith("crash"):
        os._exit(3)  # what a Rust abort looks like from outside: the process is gone, no exception
    return path.name


def test_a_worker_dying_on_a_file_is_that_files_error(tmp_path):
    paths = [tmp_path / f"f{i}.xlsx" for i in range(10)]
    paths.insert(4, tmp_path / "crash.xlsx")
    got = pool.run_jobs(_job, paths, 2, lambda p: f"died: {p.name}", progress=False)
    assert got == [p.name if not p.name.startswith("crash") else "died: crash.xlsx" for p in paths]


def test_files_sent_in_runs_still_isolate_the_one_a_worker_dies_on(tmp_path):
    """Many files go to the workers in runs of several (one round trip per run): a worker dying inside a run
    is still the error of that one file, and every other file of its run and of the others is read."""
    paths = [tmp_path / f"f{i}.xlsx" for i in range(120)]
    paths.insert(53, tmp_path / "crash.xlsx")
    assert max(len(r) for r in pool._chunks(len(paths), 2)) > 1  # runs, not single files
    got = pool.run_jobs(_job, paths, 2, lambda p: f"died: {p.name}", progress=False)
    assert got == [p.name if not p.name.startswith("crash") else "died: crash.xlsx" for p in paths]


def test_runs_cover_every_file_once():
    for n in (1, 7, 8, 9, 100, 1000, 1001):
        for workers in (2, 3, 8):
            runs = pool._chunks(n, workers)
            assert [i for r in runs for i in r] == list(range(n))
            assert max(map(len, runs)) <= pool.CHUNK


def test_a_crashing_worker_in_load_is_an_issue_naming_the_file(folder, tmp_path, monkeypatch):
    inputs = tmp_path / "in"
    shutil.copytree(folder, inputs)
    shutil.copy(inputs / "bao_cao_xep_loai_2021.xlsx", inputs / "crash_2021.xlsx")
    real = loader.read_file

    def reader(path, *a, **k):
        if path.name.startswith("crash") and os.getpid() != parent:
            os._exit(3)
        return real(path, *a, **k)

    parent = os.getpid()
    monkeypatch.setattr(loader, "read_file", reader)  # inherited by the (forked) workers
    ds = ka.load(inputs, cache=False, workers=2)
    died = ds.issues[ds.issues["file"].str.endswith("crash_2021.xlsx")]
    assert list(died["code"]) == ["unreadable_file"] and "dừng bất thường" in died.iloc[0]["message"]
    assert set(ds.orgs["year"]) == set(range(2017, 2027))  # every other file was read
    assert ds.periods[-2:] == ["2026-Q2", "2026-Q3"]


def _members_book(path, rows):
    return write_xlsx(path, {"DV": [["DANH SÁCH ĐẢNG VIÊN NĂM 2021"], MEMBER_HEADER, *rows]})


@pytest.fixture
def counted(monkeypatch, tmp_path):
    monkeypatch.setenv("KHOI_ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    reads = []
    real = loader.read_file

    def reader(path, *a, **k):
        reads.append(path.name)
        return real(path, *a, **k)

    monkeypatch.setattr(loader, "read_file", reader)
    return reads


def test_adding_or_changing_one_file_rereads_that_file_only(tmp_path, counted):
    root = tmp_path / "in"
    for i in range(3):
        _members_book(root / f"tccs_{i}.xlsx", [[1, f"10{i}", f"Nguyễn Văn {i}", None, None, f"Chi bộ {i}", "HTTNV",
                                                 None]])
    ka.load(root, workers=1)
    assert sorted(counted) == ["tccs_0.xlsx", "tccs_1.xlsx", "tccs_2.xlsx"]
    counted.clear()
    ka.load(root, workers=1)
    assert counted == []
    _members_book(root / "tccs_3.xlsx", [[1, "103", "Lê Thị Ba", None, None, "Chi bộ 3", "HTXSNV", None]])
    added = ka.load(root, workers=1)
    assert counted == ["tccs_3.xlsx"]
    counted.clear()
    _members_book(root / "tccs_1.xlsx", [[1, "101", "Nguyễn Văn 1", None, None, "Chi bộ 1", "HTNV", None]])
    changed = ka.load(root, workers=1)
    assert counted == ["tccs_1.xlsx"]
    fresh = ka.load(root, cache=False, workers=1)
    assert len(added.members) == 4
    _same(changed, fresh, drop=("member_code", "name", "birth_date"))


def test_identity_checks_read_cached_files_again_for_the_names_they_show(tmp_path, counted):
    root = tmp_path / "in"
    _members_book(root / "a.xlsx", [[1, "555", "Phạm Văn Trùng", None, None, "Chi bộ A", "HTTNV", None],
                                    [2, None, "Hồ Thị Hai", "1980-03-04", None, "Chi bộ A", "HTTNV", None]])
    _members_book(root / "b.xlsx", [[1, "777", "Đỗ Văn Khác", None, None, "Chi bộ B", "HTTNV", None]])
    ka.load(root, workers=1)
    _members_book(root / "c.xlsx", [[1, "555", "Phạm Văn Trùng", None, None, "Chi bộ C", "HTXSNV", None],
                                    [2, None, "Hồ Thị Hai", "1980-03-04", None, "Chi bộ C", "HTTNV", None]])
    counted.clear()
    ds = ka.load(root, workers=1)
    assert sorted(counted) == ["a.xlsx", "c.xlsx"]  # b.xlsx names nobody the checks show: served from the cache
    fresh = ka.load(root, cache=False, workers=1)
    pd.testing.assert_frame_equal(ds.issues, fresh.issues)
    assert {"member_in_two_orgs", "ambiguous_identity"} <= set(ds.issues["code"])
    assert ds.issues["message"].str.contains("Phạm Văn Trùng").any()


def test_every_table_served_from_per_file_entries_is_what_reading_gives(folder, tmp_path, monkeypatch, counted):
    monkeypatch.setenv("KHOI_ANALYSIS_WORKERS", "2")
    ka.load(folder)  # fills the whole-load entry and the per-file bundle
    cache_root = tmp_path / "cache"
    for entry in cache_root.iterdir():
        if entry.name != "files":
            shutil.rmtree(entry)  # only the per-file entries are left
    counted.clear()
    again = ka.load(folder, workers=1)
    assert counted == ["hong_2021.xlsx"]  # an unreadable file is not kept: it is tried again
    _same(again, ka.load(folder, cache=False), drop=("member_code", "name", "birth_date"))


def test_many_small_workbooks_give_the_same_dataset_serial_and_parallel(tmp_path):
    """One workbook per TCCS (the shape offices send): each sheet's table joined with hundreds of others into
    one frame per kind, in workers or here; rows whose values differ in type from file to file (a reason given
    or not, a birth date or none, a rating not understood) and an alias among them."""
    from conftest import ORG_HEADER

    root = tmp_path / "per_tccs"
    for i in range(12):
        org = f"Chi bộ Công ty số {i}" if i != 5 else "Chi bộ Cty số 5"
        rating, reason = (None, "Mới thành lập") if i % 4 == 3 else ("HTTNV" if i % 2 else "HTXSNV", None)
        members = [[k + 1, f"{i:02d}{k:03d}" if (i + k) % 3 else None, f"Nguyễn Văn {i}-{k}",
                    dt.date(1970 + k, 1 + i % 12, 1 + k) if k % 2 else None, None, org,
                    ["HTXSNV", "HTTNV", "HTNV", None, "xuất sắc lắm"][(i + k) % 5], None] for k in range(i % 5 + 1)]
        write_xlsx(root / f"{i:03d}_tccs_2021.xlsx", {
            "TCCS": [["KẾT QUẢ XẾP LOẠI TCCS NĂM 2021"], [], ORG_HEADER,
                     [1, org, "Doanh nghiệp ngoài nhà nước", 2000 + i if i % 3 else None, rating, reason, "Có", None]],
            "DV": [["DANH SÁCH ĐẢNG VIÊN NĂM 2021"], MEMBER_HEADER, *members]})
    aliases = {"Chi bộ Cty số 5": "Chi bộ Công ty số 5"}
    serial = ka.load(root, cache=False, workers=1, aliases=aliases)
    parallel = ka.load(root, cache=False, workers=2, aliases=aliases)
    assert len(serial.orgs) == 12 and len(serial.accounts) == 24
    assert set(serial.issues["code"]) >= {"unknown_rating", "unrated_without_reason"}
    assert serial.orgs["org_id"].nunique() == 12 and "Chi bộ Cty số 5" in set(serial.members["org_name"])
    _same(serial, parallel)

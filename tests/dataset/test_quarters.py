"""Quarterly reviews (QĐ 366-QĐ/TW): a file titled "… QUÝ III NĂM 2026" (or named quy_3_2026) is that quarter;
its rows never enter the year's figures; the quarter has its own figures, summary and CLI."""

import json
import shutil
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

import khoi_analysis as ka
from khoi_analysis.outputs.summary import period_summary, year_summary

YEAR = [["Chi bộ A", 95, "HTXSNV"], ["Chi bộ B", 80, "HTTNV"], ["Chi bộ C", 55, "HTNV"], ["Chi bộ D", 72, "HTTNV"]]
Q2 = [["Chi bộ A", 92, "HTXSNV"], ["Chi bộ B", 60, "HTNV"], ["Chi bộ C", 58, "HTNV"], ["Chi bộ D", 40, "KHTNV"]]
Q3 = [["Chi bộ A", 60, "HTNV"], ["Chi bộ B", 91, "HTXSNV"], ["Chi bộ C", 75, "HTTNV"], ["Chi bộ D", 88, "HTTNV"]]


def _book(path, title, rows, sheet="TCCS"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
    ws.append(["STT", "Tên tổ chức cơ sở đảng", "Điểm", "Xếp loại"])
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    wb.save(path)


@pytest.fixture
def folder(tmp_path):
    _book(tmp_path / "tccs_2026.xlsx", "KẾT QUẢ XẾP LOẠI TCCS NĂM 2026", YEAR)
    _book(tmp_path / "tccs_q2.xlsx", "KẾT QUẢ ĐÁNH GIÁ TCCS QUÝ II NĂM 2026", Q2)
    _book(tmp_path / "bao_cao_quy_3_2026.xlsx", None, Q3)  # the quarter and year only in the file name
    # a quarter from a file name only, beside the year's table, is refused unless the user says which it is
    (tmp_path / "cach_doc.yaml").write_text("- tep: bao_cao_quy_3_2026.xlsx\n  quy: 3\n", encoding="utf-8")
    return tmp_path


def test_quarters_apart_from_the_year(folder):
    ds = ka.load(folder, cache=False)
    assert ds.ok, ds.issues
    assert ds.periods == ["2026", "2026-Q2", "2026-Q3"]
    year = ka.org_rating_counts(ds.orgs).iloc[0]
    assert (year["total"], year["HTXSNV"], year["HTTNV"], year["HTNV"]) == (4, 1, 2, 1)  # the year's file only
    q3 = ka.org_rating_counts(ds.period("2026-Q3").orgs).iloc[0]
    assert (q3["total"], q3["HTXSNV"], q3["HTTNV"], q3["HTNV"]) == (4, 1, 2, 1)
    q2 = ka.org_rating_counts(ds.period("2026-Q2").orgs).iloc[0]
    assert (q2["HTXSNV"], q2["HTNV"], q2["KHTNV"]) == (1, 2, 1)


def test_summaries(folder):
    ds = ka.load(folder, cache=False)
    s = year_summary(ds, 2026)
    assert s["orgs"]["good_or_better_pct"] == 75.0  # (1 + 2) / 4: the year's own figures
    assert [q["period"] for q in s["quarters"]] == ["2026-Q2", "2026-Q3"]
    assert [q["orgs"]["good_or_better_pct"] for q in s["quarters"]] == [25.0, 75.0]
    q3 = period_summary(ds, "2026-Q3")
    assert q3["period"] == "2026-Q3" and q3["previous_period"] == "2026-Q2" and q3["targets"] is None
    assert q3["change_pp"]["orgs"] == {"good_or_better_pct": 50.0, "excellent_pct": 0.0}
    with pytest.raises(KeyError, match="2026-Q3"):
        ds.period("2026-Q4")


def test_cli(folder):
    run = [sys.executable, "-m", "khoi_analysis", "summary", str(folder), "--year", "2026"]
    out = subprocess.run([*run, "--quy", "3"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "QUÝ III NĂM 2026" in out.stdout and "so với quý II năm 2026" in out.stdout
    got = json.loads(subprocess.run([*run, "--quy", "3", "--json"], capture_output=True, text=True).stdout)
    assert got["period"] == "2026-Q3" and got["orgs"]["good_or_better_pct"] == 75.0
    missing = subprocess.run([*run, "--quy", "4"], capture_output=True, text=True)
    assert missing.returncode == 1 and "quý 4 năm 2026" in missing.stderr and "2026-Q3" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_explain_names_the_quarter(folder):
    from khoi_analysis.dataset.explain import explain

    text = explain([folder / "tccs_q2.xlsx", folder / "bao_cao_quy_3_2026.xlsx"])
    assert "Kỳ báo cáo: quý II năm 2026 (lấy từ tiêu đề; quý lấy từ tiêu đề)" in text
    assert "Kỳ báo cáo: quý III năm 2026 (lấy từ tên tệp; quý theo cach_doc.yaml dòng 2)" in text
    (folder / "cach_doc.yaml").unlink()
    text = explain([folder / "bao_cao_quy_3_2026.xlsx"])
    assert "Kỳ báo cáo: quý III năm 2026 (lấy từ tên tệp; quý lấy từ tên tệp)" in text


def test_a_quarter_from_a_name_only_beside_the_years_table_is_refused(folder):
    """The file name says 'quy_3', its title says no quarter, and the year has its yearly table: most likely the
    year's table copied under a quarter's name. An error naming the cell, until cach_doc.yaml says 'quy'."""
    (folder / "cach_doc.yaml").unlink()
    ds = ka.load(folder, cache=False)
    bad = ds.errors[ds.errors["code"] == "quarter_beside_yearly"]
    assert len(bad) == 1, ds.issues.to_string()
    assert bad.iloc[0]["file"].endswith("bao_cao_quy_3_2026.xlsx") and bad.iloc[0]["cell"] == "A1"
    assert "tên tệp 'bao_cao_quy_3_2026.xlsx'" in bad.iloc[0]["message"] and "quy: 0" in bad.iloc[0]["message"]
    assert "tccs_2026.xlsx" in bad.iloc[0]["message"]  # the yearly table it sits beside
    # a quarter from the title is strong evidence: no error for tccs_q2.xlsx
    assert not ds.errors["file"].str.endswith("tccs_q2.xlsx").any()


def test_quy_0_says_a_table_is_yearly(tmp_path):
    """'quy: 0' in cach_doc.yaml: a yearly table, whatever its name says; shown in --explain."""
    from khoi_analysis.dataset.explain import explain

    _book(tmp_path / "bao_cao_quy_3_2026.xlsx", None, Q3)
    (tmp_path / "cach_doc.yaml").write_text("- tep: bao_cao_quy_3_2026.xlsx\n  quy: 0\n", encoding="utf-8")
    ds = ka.load(tmp_path, cache=False)
    assert ds.ok, ds.issues.to_string()
    assert ds.periods == ["2026"] and len(ds.orgs) == 4
    assert "quarter_overridden" in set(ds.issues["code"])
    text = explain([tmp_path])
    assert "Kỳ báo cáo: 2026 (lấy từ tên tệp; bảng cả năm theo cach_doc.yaml dòng 2)" in text, text


@pytest.mark.parametrize("value, expected", [(0, 0), ("0", 0), (3, 3), ("III", 3), ("quý 2", 2), ("cả năm", 0)])
def test_quy_setting_values(value, expected):
    from khoi_analysis.sheet import rule_value

    assert rule_value("quarter", value) == expected


def test_a_bad_quy_names_the_sidecar_line(tmp_path):
    _book(tmp_path / "bao_cao_2026.xlsx", "KẾT QUẢ XẾP LOẠI TCCS NĂM 2026", YEAR)
    (tmp_path / "cach_doc.yaml").write_text("- tep: bao_cao_2026.xlsx\n  quy: 7\n", encoding="utf-8")
    ds = ka.load(tmp_path, cache=False)
    bad = ds.errors[ds.errors["code"] == "bad_reading_rule"]
    assert len(bad) == 1 and "dòng 2" in bad.iloc[0]["message"] and "quý không hợp lệ" in bad.iloc[0]["message"]


def test_each_quarterly_table_is_said(folder):
    """Every quarterly table is said, naming its cell: in a note when the title (or the user's cach_doc.yaml)
    says the quarter, in a warning when only a sheet or file name does."""
    ds = ka.load(folder, cache=False)
    said = ds.issues[ds.issues["code"] == "quarterly_table"]
    assert sorted(said["file"].map(lambda f: f.rsplit("/", 1)[-1])) == ["bao_cao_quy_3_2026.xlsx", "tccs_q2.xlsx"]
    assert said["message"].str.contains("không tính vào kết quả năm").all()
    assert set(said["severity"]) == {"info"}  # a title, and a quarter said in cach_doc.yaml
    (folder / "cach_doc.yaml").unlink()
    named = ka.load(folder / "bao_cao_quy_3_2026.xlsx", cache=False).issues
    weak = named[named["code"] == "quarterly_table"]
    assert list(weak["severity"]) == ["warning"] and "lấy từ tên tệp" in weak.iloc[0]["message"]


def _members_book(path, title, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Đảng viên"
    ws.append([title])
    ws.append(["STT", "Mã đảng viên", "Họ và tên", "Tổ chức cơ sở đảng", "Điểm", "Xếp loại"])
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    wb.save(path)


def test_quarters_from_the_caches_are_what_reading_gives(folder, tmp_path, monkeypatch):
    """A load served from the whole-load cache, or from the per-file entries, has the same quarters as a fresh
    read; a quarterly file with member rows is not kept per file (its members are made apart from the year's)
    and is read again, the others are not."""
    from khoi_analysis.dataset import loader

    monkeypatch.setenv("KHOI_ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    _members_book(folder / "dang_vien_q3.xlsx", "XẾP LOẠI ĐẢNG VIÊN QUÝ III NĂM 2026",
                  [["101", "Lê Văn A", "Chi bộ A", 91, "HTXSNV"], ["102", "Trần Thị B", "Chi bộ B", 65, "HTNV"]])
    reads = []
    real = loader.read_file
    monkeypatch.setattr(loader, "read_file", lambda path, *a, **k: reads.append(path.name) or real(path, *a, **k))
    fresh = ka.load(folder, cache=False, workers=1)
    assert fresh.periods == ["2026", "2026-Q2", "2026-Q3"] and len(fresh.period("2026-Q3").members) == 2
    ka.load(folder, workers=1)
    reads.clear()
    warm = ka.load(folder, workers=1)
    assert reads == []
    for entry in (tmp_path / "cache").iterdir():
        if entry.name != "files":
            shutil.rmtree(entry)  # only the per-file entries are left
    per_file = ka.load(folder, workers=1)
    assert reads == ["dang_vien_q3.xlsx"]
    for ds in (warm, per_file):
        assert ds.periods == fresh.periods
        for label in fresh.quarters:
            for name in ("orgs", "member_counts", "issues", "accounts"):
                pd.testing.assert_frame_equal(getattr(ds.quarters[label], name), getattr(fresh.quarters[label], name))
            assert ds.quarters[label].files == fresh.quarters[label].files
        assert list(ds.period("2026-Q3").members["rating"].astype(str)) == ["HTXSNV", "HTNV"]


def test_a_tccs_rated_in_a_quarter_but_not_in_the_year_is_said(folder):
    """A TCCS in a quarter's table and not in the year's: perhaps its yearly table was titled 'quý' by mistake,
    which would leave it out of the year's figures: a warning naming the quarter's cell."""
    assert "quarter_org_not_in_year" not in set(ka.load(folder, cache=False).issues["code"])  # same TCCS: silent
    _book(folder / "tccs_e_q3.xlsx", "KẾT QUẢ ĐÁNH GIÁ TCCS QUÝ III NĂM 2026", [["Chi bộ E", 85, "HTTNV"]])
    ds = ka.load(folder, cache=False)
    said = ds.issues[ds.issues["code"] == "quarter_org_not_in_year"]
    assert list(said["severity"]) == ["warning"] and list(said["cell"]) == ["B3"]
    assert "Chi bộ E" in said.iloc[0]["message"] and "quý III năm 2026" in said.iloc[0]["message"]
    assert ka.org_rating_counts(ds.orgs).iloc[0]["total"] == 4  # the year's figures as its own table gives them

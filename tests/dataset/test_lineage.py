"""The lineage table sap_xep_tccs.csv beside the data, through load() and the command line: a merge and a
transfer out drive the like-for-like change (figures by hand), a bad line is an error naming its line and
exits 1, and the listing speaks Vietnamese."""

import json
import subprocess
import sys

import openpyxl
import pytest

import khoi_analysis as ka


def _book(path, year, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "TCCS"
    ws.append([f"KẾT QUẢ XẾP LOẠI TCCS NĂM {year}"])
    ws.append(["STT", "Tên tổ chức cơ sở đảng", "Xếp loại"])
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    wb.save(path)


@pytest.fixture
def folder(tmp_path):
    _book(tmp_path / "tccs_2024.xlsx", 2024, [["Chi bộ Sở Kế hoạch và Đầu tư", "HTXSNV"],
                                              ["Chi bộ Sở Tài chính", "HTNV"],
                                              ["Chi bộ Sở Y tế", "HTTNV"],
                                              ["Chi bộ Công ty Viễn thông", "HTNV"]])
    _book(tmp_path / "tccs_2025.xlsx", 2025, [["Đảng bộ Sở Tài chính", "HTTNV"],
                                              ["Chi bộ Sở Y tế", "HTNV"]])
    (tmp_path / "sap_xep_tccs.csv").write_text(
        "nam_hieu_luc,ten_cu,ten_moi,loai,ghi_chu\n"
        "2025,Chi bộ Sở Kế hoạch và Đầu tư,Đảng bộ Sở Tài chính,hợp nhất,\n"
        "2025,Chi bộ Sở Tài chính,Đảng bộ Sở Tài chính,hợp nhất,\n"
        "2025,Chi bộ Công ty Viễn thông,,chuyển đi,về Đảng bộ Tập đoàn\n", encoding="utf-8")
    return tmp_path


def test_load_reads_the_lineage_and_like_for_like_follows_it(folder):
    ds = ka.load(folder, cache=False)
    assert ds.ok, ds.issues.to_string()
    assert sorted(ds.lineage["kind"]) == ["merge", "merge", "transfer_out"]
    assert ka.structure_breaks(ds) == [2025]
    s = ka.year_summary(ds, 2025)
    # as published: 2024 good-or-better 2/4 = 50,0%; 2025 1/2 = 50,0%: ±0,0
    assert s["change_pp"]["orgs"]["good_or_better_pct"] == 0.0
    # like-for-like: 2024 on 2025's structure leaves out the enterprise that left: KH&ĐT HTXSNV, Tài chính HTNV,
    # Y tế HTTNV -> 2/3 = 66,7%; 2025 50,0%: -16,7
    assert s["change_pp_like_for_like"]["orgs"]["good_or_better_pct"] == -16.7


def test_a_bad_line_is_an_error_naming_the_line_and_exits_1(folder):
    table = folder / "sap_xep_tccs.csv"
    table.write_text(table.read_text(encoding="utf-8") + "2025,Chi bộ Không Có,Chi bộ Sở Y tế,đổi tên,\n"
                     "2025,Chi bộ Sở Y tế,Chi bộ Y tế,gộp lại,\n", encoding="utf-8")
    ds = ka.load(folder, cache=False)
    messages = " | ".join(ds.errors["message"])
    assert "dòng 5" in messages and "dòng 6" in messages, messages
    out = subprocess.run([sys.executable, "-m", "khoi_analysis", "validate", str(folder)], capture_output=True,
                         text=True)
    assert out.returncode == 1 and "Traceback" not in out.stdout + out.stderr


def test_listing_in_vietnamese(folder):
    out = subprocess.run([sys.executable, "-m", "khoi_analysis", "tccs", "sap-xep", str(folder)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    for word in ("Năm hiệu lực", "Tên cũ", "Tên mới", "hợp nhất", "chuyển đi"):
        assert word in out.stdout, word
    for code in ("merge", "transfer_out", "old_id", "new_id"):
        assert code not in out.stdout, code
    got = json.loads(subprocess.run([sys.executable, "-m", "khoi_analysis", "summary", str(folder), "--json"],
                                    capture_output=True, text=True).stdout)
    assert got["regime"] == "366-QĐ/TW" and got["period"] == "2025"

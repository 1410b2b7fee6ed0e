"""Reading rules beside the data (cach_doc.yaml) and as load() overrides: layouts the reader gets wrong or
refuses without help are read right with them; their effect shows in the explanation; a bad entry is an error
naming the sidecar's line; rules that make the figures disagree with the file's printed totals are errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import write_xlsx

import khoi_analysis as ka
from khoi_analysis.dataset.explain import explain
from khoi_analysis.dataset.sidecar import find_sidecars, reading_rules

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sheet"))
from annex_grammar import Layout, Org, render, truth, write  # noqa: E402

LEVELS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
ORGS = [Org("Đảng bộ Sở Tài chính", "co_quan_hanh_chinh", "HTTNV", (1, 2, 3, 0), 1),
        Org("Chi bộ Sở Y tế", "don_vi_su_nghiep", "HTXSNV", (1, 2, 3, 0), 0),
        Org("Chi bộ Sở Tư pháp", "don_vi_su_nghiep", "HTNV", (0, 4, 1, 0), 0),
        Org("Chi bộ Công ty An Phát", "dn_ngoai_nha_nuoc", "HTTNV", (0, 3, 0, 1), 2)]


def figures(ds, year: int, kind: str = "orgs") -> dict:
    s = ka.year_summary(ds, year)["orgs" if kind == "orgs" else "members"]
    return {"total": s["total"], "rated": s["rated"], "counts": {lvl: s["counts"].get(lvl, 0) for lvl in LEVELS}}


def errors(ds):
    return ds.issues[ds.issues["severity"] == "error"]


def sidecar(folder: Path, text: str) -> Path:
    path = folder / "cach_doc.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def unknown_header_annex(tmp_path: Path, **changes) -> Path:
    """x-marks under a merged header, a printed total; the name column headed 'Đơn vị cơ sở' (unknown)."""
    layout = Layout(kind="orgs", encoding="marks", header_depth=2, total="tong_cong", **changes)
    grid = render(ORGS, layout)
    top = 5 if layout.title != "none" else 0
    assert grid.rows[top][1] == "Tên tổ chức cơ sở đảng"
    grid.rows[top][1] = "Đơn vị cơ sở"
    return write(grid, layout, tmp_path / "phu_luc")


# ------------------------------------------------------------------------------------------ read right with help
def test_a_column_with_an_unknown_header_is_read_with_the_sidecar(tmp_path):
    path = unknown_header_annex(tmp_path)
    refused = ka.load(path, cache=False)
    assert "no_table_in_file" in set(errors(refused)["code"])
    sidecar(tmp_path, "- tep: phu_luc.xlsx\n  cot:\n    B: Tên tổ chức\n")
    ds = ka.load(path, cache=False)
    assert errors(ds).empty, ds.issues.to_string()
    assert figures(ds, 2022) == truth(ORGS, Layout(kind="orgs"))
    text = explain([path])
    assert "B6 'Đơn vị cơ sở' → Tên tổ chức cơ sở đảng (theo cach_doc.yaml dòng 3)" in text


def test_the_same_with_load_overrides(tmp_path):
    path = unknown_header_annex(tmp_path)
    ds = ka.load(path, cache=False, overrides={"columns": {"B": "org_name"}})
    assert errors(ds).empty, ds.issues.to_string()
    assert figures(ds, 2022) == truth(ORGS, Layout(kind="orgs"))


def test_header_rows_the_reader_cannot_find(tmp_path):
    """Forty-odd lines of preamble above the header: below where the reader looks for one."""
    layout = Layout(kind="orgs", encoding="text", title="none", total="none")
    grid = render(ORGS, layout)
    preamble = [[f"Căn cứ văn bản số {i}/HD-BTC về việc đánh giá, xếp loại"] for i in range(45)]
    grid.rows = preamble + grid.rows
    path = write(grid, layout, tmp_path / "phu_luc_2022")
    assert not ka.load(path, cache=False).ok
    sidecar(tmp_path, "# tiêu đề ở dòng 46\n- tệp: phu_luc_2022.xlsx\n  dòng tiêu đề: 46\n")
    ds = ka.load(path, cache=False)
    assert errors(ds).empty, ds.issues.to_string()
    assert figures(ds, 2022) == truth(ORGS, layout)
    assert "Tiêu đề cột: dòng 46–46 (1 dòng; theo cach_doc.yaml dòng 3)" in explain([path])


def test_a_year_only_the_user_knows(tmp_path):
    layout = Layout(kind="member_counts", encoding="counts", header_depth=2, title="none", total="tong_cong")
    path = write(render(ORGS, layout), layout, tmp_path / "phu_luc")
    refused = ka.load(path, cache=False)
    assert "missing_year" in set(errors(refused)["code"])
    sidecar(tmp_path, "- tep: '*.xlsx'\n  nam: 2022\n")
    ds = ka.load(path, cache=False)
    assert errors(ds).empty, ds.issues.to_string()
    assert ds.years == [2022]
    assert figures(ds, 2022, "member_counts") == truth(ORGS, layout)
    assert "Kỳ báo cáo: 2022 (theo cach_doc.yaml dòng 2)" in explain([path])


def test_the_period_overrides_the_title_and_a_year_column_that_disagrees_is_an_error(tmp_path):
    rows = [["KẾT QUẢ XẾP LOẠI NĂM 2021"], ["STT", "Tên tổ chức cơ sở đảng", "Xếp loại chất lượng", "Năm"],
            [1, "Chi bộ A", "HTTNV", None], [2, "Chi bộ B", "HTXSNV", 2021]]
    path = write_xlsx(tmp_path / "p.xlsx", {"TCCS": rows})
    ds = ka.load(path, cache=False, overrides={"nam": 2022})
    clash = errors(ds).set_index("code").loc["period_conflict"]
    assert clash["cell"] == "D4" and "2021, không phải 2022 (theo tham số nam)" in clash["message"]
    assert list(ds.orgs["year"]) == [2022]


def test_a_stray_row_is_skipped_and_said(tmp_path):
    """Last year's organisation left in the table, outside the printed total: an error until it is skipped."""
    layout = Layout(kind="orgs", encoding="marks", header_depth=2, title="title", total="tong_cong")
    grid = render(ORGS, layout)
    total_row = next(r for r, row in enumerate(grid.rows) if "Tổng cộng" in row)
    grid.rows.insert(total_row, [None, "Chi bộ Sở cũ (đã giải thể)", "Cơ quan hành chính", "x"])
    path = write(grid, layout, tmp_path / "phu_luc")
    assert "total_mismatch" in set(errors(ka.load(path, cache=False))["code"])
    sidecar(tmp_path, f"- tep: phu_luc.xlsx\n  bo_dong: {total_row + 1}\n")
    ds = ka.load(path, cache=False)
    assert errors(ds).empty, ds.issues.to_string()
    assert figures(ds, 2022) == truth(ORGS, layout)
    assert f"bỏ theo cách đọc (theo cach_doc.yaml dòng 2): {total_row + 1}" in explain([path])


# ------------------------------------------------------------------------------------------ still reconciled
def test_a_rule_that_makes_the_figures_disagree_with_the_printed_total_is_an_error(tmp_path):
    layout = Layout(kind="orgs", encoding="marks", header_depth=2, title="title", total="tong_cong")
    path = write(render(ORGS, layout), layout, tmp_path / "phu_luc")
    sidecar(tmp_path, "- tep: phu_luc.xlsx\n  bo_dong: 8\n")  # a real organisation's row
    assert "total_mismatch" in set(errors(ka.load(path, cache=False))["code"])
    # header rows one too many: the first organisation is taken for header and left out of the figures
    counts = Layout(kind="member_counts", encoding="counts", header_depth=2, title="title", total="tong_cong")
    path = write(render(ORGS, counts), counts, tmp_path / "so_luong")
    sidecar(tmp_path, "- tep: so_luong.xlsx\n  dong_tieu_de: 6-8\n")
    ds = ka.load(path, cache=False)
    assert "total_mismatch" in set(errors(ds)["code"]), ds.issues.to_string()
    sidecar(tmp_path, "- tep: so_luong.xlsx\n  dong_tieu_de: 6-7\n")
    ds = ka.load(path, cache=False)
    assert errors(ds).empty and figures(ds, 2022, "member_counts") == truth(ORGS, counts)


# ------------------------------------------------------------------------------------------ sheets
def _two_sheets(tmp_path: Path, hidden: bool = False) -> Path:
    from openpyxl import Workbook

    tmp_path.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    wb.remove(wb.active)
    for name, orgs in (("Năm nay", ["Chi bộ A", "Chi bộ B"]), ("Năm trước", ["Chi bộ C"])):
        ws = wb.create_sheet(name)
        ws.append(["BẢNG XẾP LOẠI TCCS NĂM 2022"])
        ws.append(["STT", "Tên tổ chức cơ sở đảng", "Xếp loại chất lượng"])
        for i, org in enumerate(orgs, 1):
            ws.append([i, org, "HTTNV"])
        if hidden and name == "Năm trước":
            ws.sheet_state = "hidden"
    path = tmp_path / "hai_sheet.xlsx"
    wb.save(path)
    return path


def test_the_sheet_chosen_is_the_only_one_read(tmp_path):
    path = _two_sheets(tmp_path)
    assert len(ka.load(path, cache=False).orgs) == 3
    sidecar(tmp_path, "- tep: hai_sheet.xlsx\n  trang_tinh: Năm nay\n")
    ds = ka.load(path, cache=False)
    assert ds.ok and sorted(ds.orgs["org_name"]) == ["Chi bộ A", "Chi bộ B"]
    assert "Sheet 'Năm trước': không đọc (chỉ đọc sheet 'Năm nay' (theo cach_doc.yaml dòng 2))" in explain([path])
    sidecar(tmp_path, "- tep: hai_sheet.xlsx\n  trang_tinh: Tổng hợp\n")
    bad = errors(ka.load(path, cache=False)).set_index("code").loc["no_such_sheet"]
    assert "cach_doc.yaml dòng 2" in bad["message"] and "'Năm nay'" in bad["message"]


def test_hidden_sheets_taken_or_left(tmp_path):
    path = _two_sheets(tmp_path, hidden=True)
    assert len(ka.load(path, cache=False).orgs) == 2  # the hidden copy beside a visible table: left, by default
    sidecar(tmp_path, "- tep: hai_sheet.xlsx\n  trang_an: doc\n")
    assert len(ka.load(path, cache=False).orgs) == 3
    only_hidden = _two_sheets(tmp_path / "b", hidden=True)
    from openpyxl import load_workbook

    wb = load_workbook(only_hidden)
    del wb["Năm nay"]
    wb.create_sheet("Ghi chú").append(["Ghi chú: bảng ở sheet ẩn"])
    wb.save(only_hidden)
    assert len(ka.load(only_hidden, cache=False).orgs) == 1  # the only table, hidden: read, with a warning
    sidecar(tmp_path / "b", "- tep: hai_sheet.xlsx\n  trang_an: bỏ\n")
    ds = ka.load(only_hidden, cache=False)
    assert ds.orgs.empty and not ds.ok


# ------------------------------------------------------------------------------------------ bad entries
BAD = {
    "unknown key": ("- tep: p.xlsx\n  nam: 2022\n  cott:\n    B: org_name\n", 3, "khóa lạ 'cott'"),
    "unknown field": ("- tep: p.xlsx\n  cot:\n    B: Tên cơ quan chủ quản\n", 3, "trường lạ"),
    "bad column letter": ("- tep: p.xlsx\n  cot:\n    B1: org_name\n", 3, "cột không hợp lệ: 'B1'"),
    "bad row range": ("- tep: p.xlsx\n  bo_dong: 12, 32-30\n", 2, "khoảng dòng không hợp lệ: '32-30'"),
    "header rows apart": ("- tep: p.xlsx\n\n  dong_tieu_de: [4, 6]\n", 3, "phải liền nhau"),
    "bad year": ("- tep: p.xlsx\n  nam: hai nghìn\n", 2, "năm không hợp lệ"),
    "pattern matching no file": ("- tep: p.xlsx\n  nam: 2022\n- tep: phu_luc_*.xlsx\n  nam: 2021\n", 3,
                                 "không khớp tệp nào"),
    "missing pattern": ("- tep: p.xlsx\n  nam: 2022\n- nam: 2021\n", 3, "thiếu khóa 'tep'"),
    "YAML syntax error": ("- tep: p.xlsx\n  cot: {B: org_name\n  nam: 2022\n", 3, "lỗi cú pháp YAML"),
    "not a mapping": ("- tep: p.xlsx\n- p.xlsx\n", 2, "mỗi mục là một bảng khóa"),
    "hidden value": ("- tep: p.xlsx\n  trang_an: có lẽ\n", 2, "sheet ẩn"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_entry_is_an_error_naming_the_line(tmp_path, case):
    text, line, words = BAD[case]
    path = write_xlsx(tmp_path / "p.xlsx", {"TCCS": [["STT", "Tên tổ chức cơ sở đảng", "Xếp loại chất lượng"],
                                                     [1, "Chi bộ A", "HTTNV"]]})
    rules = sidecar(tmp_path, text)
    ds = ka.load(path, cache=False, year=2022)
    bad = errors(ds)[errors(ds)["code"] == "bad_reading_rule"]
    assert len(bad) == 1, ds.issues.to_string()
    assert bad.iloc[0]["file"] == str(rules)
    assert f"cach_doc.yaml, dòng {line}:" in bad.iloc[0]["message"] and words in bad.iloc[0]["message"]


def test_two_entries_that_disagree_are_an_error(tmp_path):
    path = write_xlsx(tmp_path / "p_2022.xlsx", {"TCCS": [["STT", "Tên tổ chức cơ sở đảng", "Xếp loại"],
                                                          [1, "Chi bộ A", "HTTNV"]]})
    sidecar(tmp_path, "- tep: '*.xlsx'\n  nam: 2022\n- tep: p_2022.xlsx\n  nam: 2021\n")
    bad = errors(ka.load(path, cache=False)).set_index("code").loc["reading_rule_conflict"]
    assert "cach_doc.yaml dòng 2 và cach_doc.yaml dòng 4" in bad["message"]


# ------------------------------------------------------------------------------------------ where, and the cache
def test_sidecars_are_found_beside_the_data(tmp_path, monkeypatch):
    from khoi_analysis import config

    (tmp_path / "raw" / "2022").mkdir(parents=True)
    top = sidecar(tmp_path / "raw", "[]\n")
    inner = sidecar(tmp_path / "raw" / "2022", "[]\n")
    monkeypatch.setattr(config, "RAW_DIR", tmp_path / "raw")
    assert find_sidecars([tmp_path / "raw"]) == [top.resolve(), inner.resolve()]
    assert set(find_sidecars([tmp_path / "raw" / "2022"])) == {top.resolve(), inner.resolve()}
    book, issues = reading_rules([tmp_path / "raw"])
    assert not issues and not book


def test_changing_the_sidecar_changes_a_cached_load(tmp_path):
    path = unknown_header_annex(tmp_path / "data", title="none")
    sidecar(tmp_path / "data", "- tep: phu_luc.xlsx\n  nam: 2022\n  cot: {B: org_name}\n")
    assert ka.load(path).years == [2022]
    assert ka.load(path).years == [2022]  # served from the cache
    sidecar(tmp_path / "data", "- tep: phu_luc.xlsx\n  nam: 2021\n  cot: {B: org_name}\n")
    assert ka.load(path).years == [2021]


# ------------------------------------------------------------------------------------------ the command line
def _cli(*args):
    import subprocess

    return subprocess.run([sys.executable, "-m", "khoi_analysis", *map(str, args)], capture_output=True, text=True)


def test_cli_options_read_what_the_reader_refuses(tmp_path):
    path = unknown_header_annex(tmp_path)
    refused = _cli("summary", path, "--json")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    got = _cli("summary", path, "--json", "--cot", "B=Tên tổ chức")
    assert got.returncode == 0, got.stderr
    import json

    s = json.loads(got.stdout)["orgs"]
    assert {"total": s["total"], "rated": s["rated"], "counts": {lvl: s["counts"].get(lvl, 0) for lvl in LEVELS}} \
        == truth(ORGS, Layout(kind="orgs"))
    explained = _cli("validate", path, "--explain", "--cot", "B=Tên tổ chức")
    assert explained.returncode == 0, explained.stderr
    assert "→ Tên tổ chức cơ sở đảng" in explained.stdout


def test_cli_bad_sidecar_exits_1_naming_the_line(tmp_path):
    path = unknown_header_annex(tmp_path)
    sidecar(tmp_path, "- tep: phu_luc.xlsx\n  cot:\n    B: Tên tổ chức\n  khong_biet: 1\n")
    out = _cli("validate", path)
    assert out.returncode == 1 and "Traceback" not in out.stderr + out.stdout
    assert "cach_doc.yaml, dòng 4" in out.stdout + out.stderr

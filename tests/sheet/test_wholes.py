"""A sheet per organisation type and a "Tổng hợp" sheet in one workbook: the parts are read, the whole is checked
against them and never added; a whole that disagrees is an error naming both numbers and the cell."""

from __future__ import annotations

import os
from dataclasses import replace

from annex_grammar import TYPES, annexes, by_type_summary, render, truth, write_sheets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_grammar import figures

import khoi_analysis as ka

EXAMPLES = max(int(os.environ.get("KA_GRAMMAR_EXAMPLES", "300")) // 6, 10)


def workbook(tmp_path, orgs, layout, whole: str):
    one = replace(layout, groups=False, subtotals=False, fmt="xlsx", years_side_by_side=False)
    sheets = {name: render([o for o in orgs if o.org_type == code], one) for code, name in TYPES.items()
              if any(o.org_type == code for o in orgs)}
    sheets["Tổng hợp"] = render(orgs, replace(layout, fmt="xlsx", years_side_by_side=False)) if whole == "list" \
        else by_type_summary(orgs, layout)
    return sheets, one


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(annex=annexes(), whole=st.sampled_from(("list", "by_type")), spoil=st.booleans())
def test_parts_are_read_and_the_whole_is_checked_never_added(tmp_path, annex, whole, spoil):
    orgs, layout = annex
    if layout.refusable:
        layout = replace(layout, encoding="text", header_depth=1)
    layout = replace(layout, fmt="xlsx", text="nfc" if layout.text == "nfd" else layout.text)
    sheets, one = workbook(tmp_path, orgs, layout, whole)
    if spoil:  # one printed figure of the whole changed by hand: the first figure of its first data row
        grid = sheets["Tổng hợp"]
        for row in grid.rows:
            if whole == "by_type" and row and row[0] == "I":
                row[3] = row[3] + 1
                break
            if whole == "list" and len(row) > 1 and isinstance(row[1], str) and row[1] == orgs[0].name:
                idx = next((i for i, v in enumerate(row) if isinstance(v, int) and i > 1), None)
                if idx is None:
                    spoil = False
                    break
                row[idx] = row[idx] + 1
                break
        else:
            spoil = False
    path = write_sheets(sheets, one, tmp_path / f"phu_luc_{layout.year}")
    ds = ka.load(path, cache=False)
    codes = set(ds.issues["code"])
    if spoil:
        assert "parts_whole_mismatch" in codes or "total_mismatch" in codes or "levels_do_not_add_up" in codes, (
            f"{layout} {whole}\n{ds.issues.to_string()}")
        return
    errors = ds.issues[ds.issues["severity"] == "error"]
    assert errors.empty, f"{layout} {whole}\n{errors.to_string()}"
    assert figures(ds, layout.kind, layout.year) == truth(orgs, layout), (layout, whole)  # never both added
    assert {"whole_sheet_not_added", "whole_sheet_checked"} & codes, codes


def _book(tmp_path, whole_rows):
    from conftest import write_xlsx

    head = ["STT", "Tên chi bộ, đảng bộ cơ sở", "Tổng số đảng viên", "Số đảng viên được xếp loại", "HTXSNV", "HTTNV",
            "HTNV", "KHTNV"]
    title = ["BẢNG TỔNG HỢP XẾP LOẠI ĐẢNG VIÊN NĂM 2022"]
    admin = [title, head, [1, "Chi bộ Sở Y tế", 15, 14, 3, 9, 2, 0], [2, "Đảng bộ Sở Tài chính", 40, 38, 6, 31, 1, 0]]
    firms = [title, head, [1, "Chi bộ Công ty An Phát", 10, 10, 1, 8, 1, 0]]
    return write_xlsx(tmp_path / "phu_luc.xlsx", {"Cơ quan hành chính": admin, "Doanh nghiệp": firms,
                                                  "Tổng hợp": [title, *whole_rows]})


def test_a_whole_by_type_that_disagrees_names_both_numbers_and_the_cell(tmp_path):
    rows = [["STT", "Loại hình", "Tổng số đảng viên", "Số đảng viên được xếp loại", "HTXSNV", "HTTNV", "HTNV",
             "KHTNV"],
            ["I", "Khối cơ quan hành chính", 55, 52, 8, 40, 3, 0], ["II", "Khối doanh nghiệp ngoài nhà nước", 10, 10,
                                                                     1, 8, 1, 0],
            [None, "Tổng cộng", 65, 62, 10, 47, 4, 0]]
    ds = ka.load(_book(tmp_path, rows), cache=False)
    bad = ds.issues[ds.issues["code"] == "parts_whole_mismatch"].set_index("cell")
    assert set(bad.index) == {"E3", "F5"}, ds.issues.to_string()
    assert "ghi số HTXSNV là 8 (ô E3) nhưng cộng các sheet 'Cơ quan hành chính', 'Doanh nghiệp' là 9" in bad.loc[
        "E3", "message"]
    assert "là 47 (ô F5)" in bad.loc["F5", "message"] and "là 48" in bad.loc["F5", "message"]
    assert int(ds.member_counts["HTXSNV"].sum()) == 10  # the parts, not the parts and the whole


def test_a_whole_listing_every_tccs_is_checked_row_by_row_and_not_added(tmp_path):
    rows = [["STT", "Tên chi bộ, đảng bộ cơ sở", "Tổng số đảng viên", "Số đảng viên được xếp loại", "HTXSNV", "HTTNV",
             "HTNV", "KHTNV"],
            [1, "Chi bộ Sở Y tế", 15, 14, 3, 9, 2, 0], [2, "Đảng bộ Sở Tài chính", 40, 38, 5, 32, 1, 0],
            [3, "Chi bộ Công ty An Phát", 10, 10, 1, 8, 1, 0]]
    ds = ka.load(_book(tmp_path, rows), cache=False)
    bad = ds.issues[ds.issues["code"] == "parts_whole_mismatch"]
    assert len(bad) == 2 and set(bad["cell"]) == {"B4"}, ds.issues.to_string()
    assert bad["message"].str.contains("sheet 'Cơ quan hành chính' ô B4 ghi 6").any()
    assert len(ds.member_counts) == 3 and "duplicate_org" not in set(ds.issues["code"])
    acc = ds.accounts.set_index("sheet")
    assert acc.loc["Tổng hợp", "loaded"] == 0 and acc.loc["Tổng hợp", "excluded"] >= 3

"""Several tables in one sheet (annex_grammar.beside, Layout.years_side_by_side): each read as its own table, to
the truth computed from the generated rows, never added into one."""

from __future__ import annotations

import os
from dataclasses import replace

from annex_grammar import annexes, beside, truth, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_grammar import figures

import khoi_analysis as ka

EXAMPLES = max(int(os.environ.get("KA_GRAMMAR_EXAMPLES", "300")) // 5, 10)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(left=annexes("orgs"), right=annexes("member_counts"), title=st.sampled_from(("title", "title_date")),
       footer=st.sampled_from(("none", "signature")))
def test_tccs_and_member_tables_side_by_side_are_both_read(tmp_path, left, right, title, footer):
    orgs, a = left
    _, b = right
    if a.refusable:
        a = replace(a, encoding="text", header_depth=1)
    a = replace(a, title=title, footer=footer, years_side_by_side=False)
    b = replace(b, fmt=a.fmt, csv_encoding=a.csv_encoding, text=a.text, year=a.year, years_side_by_side=False,
                pct_style=a.pct_style if a.fmt == "csv" else b.pct_style)
    path = write(beside(orgs, a, b), a, tmp_path / "phu_luc")
    ds = ka.load(path, cache=False)
    errors = ds.issues[ds.issues["severity"] == "error"]
    assert errors.empty, f"{a}\n{b}\n{errors.to_string()}"
    assert figures(ds, "orgs", a.year) == truth(orgs, a), (a, b)
    assert figures(ds, "member_counts", a.year) == truth(orgs, b), (a, b)
    assert "tables_side_by_side" in set(ds.issues["code"])


def test_a_second_name_column_that_is_no_table_keeps_one_table(tmp_path):
    from conftest import write_xlsx

    rows = [["BẢNG XẾP LOẠI TCCS NĂM 2022"],
            ["STT", "Tên tổ chức cơ sở đảng", "Xếp loại chất lượng", "Tên chi bộ, đảng bộ cơ sở"],
            [1, "Đảng bộ Sở Y tế", "HTTNV", "Đảng bộ Sở Y tế"], [2, "Chi bộ Sở Tư pháp", "HTXSNV", "Chi bộ Sở Tư pháp"]]
    ds = ka.load(write_xlsx(tmp_path / "p.xlsx", {"TCCS": rows}), cache=False)
    assert sorted(ds.orgs["org_name"]) == ["Chi bộ Sở Tư pháp", "Đảng bộ Sở Y tế"]
    assert "tables_side_by_side" not in set(ds.issues["code"])


def test_years_side_by_side_with_a_column_of_no_year_is_refused_naming_it(tmp_path):
    from conftest import write_xlsx

    rows = [["BẢNG TỔNG HỢP KẾT QUẢ XẾP LOẠI ĐẢNG VIÊN NĂM 2022"],
            ["STT", "Tên chi bộ, đảng bộ cơ sở", "Số đảng viên được xếp loại", "Năm 2021", None, None, None,
             "Năm 2022", None, None, None],
            [None, None, None, "HTXSNV", "HTTNV", "HTNV", "KHTNV", "HTXSNV", "HTTNV", "HTNV", "KHTNV"],
            [1, "Đảng bộ Sở Tài chính", 38, 5, 30, 2, 0, 6, 31, 1, 0]]
    path = write_xlsx(tmp_path / "p.xlsx", {"Biểu": rows})
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["Biểu"].merge_cells("D2:G2")
    wb["Biểu"].merge_cells("H2:K2")
    wb.save(path)
    ds = ka.load(path, cache=False)
    bad = ds.issues.set_index("code").loc["year_groups_shared_column"]
    assert bad["severity"] == "error" and bad["cell"] == "C3" and "năm 2021: ô D2" in bad["message"]
    assert ds.member_counts.empty


def test_the_period_the_user_gives_picks_its_year_group(tmp_path):
    from annex_grammar import Layout, Org, render

    orgs = [Org("Đảng bộ Sở Tài chính", "co_quan_hanh_chinh", "HTTNV", (1, 12, 3, 0), 1),
            Org("Chi bộ Sở Y tế", "don_vi_su_nghiep", "HTXSNV", (1, 2, 3, 0), 0)]
    layout = Layout(kind="member_counts", encoding="counts", header_depth=2, years_side_by_side=True)
    path = write(render(orgs, layout), layout, tmp_path / "phu_luc")
    ds = ka.load(path, cache=False, overrides={"period": 2022})
    assert ds.years == [2022], ds.issues.to_string()
    assert figures(ds, "member_counts", 2022) == truth(orgs, layout)
    assert "chỉ đọc năm 2022" in ds.issues.set_index("code").loc["year_groups", "message"]


def test_explain_says_each_table_and_where_its_year_came_from(tmp_path):
    from annex_grammar import Layout, Org, render

    from khoi_analysis.dataset.explain import explain

    orgs = [Org("Đảng bộ Sở Tài chính", "co_quan_hanh_chinh", "HTTNV", (1, 12, 3, 0), 1),
            Org("Chi bộ Sở Y tế", "don_vi_su_nghiep", "HTXSNV", (1, 2, 3, 0), 0)]
    layout = Layout(kind="member_counts", encoding="counts", header_depth=2, years_side_by_side=True)
    text = explain([write(render(orgs, layout), layout, tmp_path / "hai_nam" / "phu_luc")])
    assert "Kỳ báo cáo: 2021 (lấy từ tiêu đề nhóm cột ô C6)" in text, text
    assert "Kỳ báo cáo: 2022 (lấy từ tiêu đề nhóm cột ô J6)" in text, text
    a, b = Layout(kind="orgs", encoding="marks", header_depth=2), Layout(kind="member_counts", encoding="counts")
    text = explain([write(beside(orgs, a, b), a, tmp_path / "hai_bang" / "phu_luc")])
    assert "bảng TCCS" in text and "bảng số lượng đảng viên theo TCCS" in text, text

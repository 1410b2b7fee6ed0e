"""The class of annex layouts, not one file: every layout the grammar (annex_grammar.py) produces is read to
its truth, computed from the generated rows, or refused with an error; never a different figure without one."""

from __future__ import annotations

import os
from dataclasses import replace

from annex_grammar import LEVELS, annexes, last_year, render, truth, write
from hypothesis import HealthCheck, given, settings

import khoi_analysis as ka

EXAMPLES = int(os.environ.get("KA_GRAMMAR_EXAMPLES", "300"))


def figures(ds, kind: str, year: int) -> dict[str, object]:
    s = ka.year_summary(ds, year)["orgs" if kind == "orgs" else "members"]
    return {"total": s["total"], "rated": s["rated"], "counts": {lvl: s["counts"].get(lvl, 0) for lvl in LEVELS}}


def read(tmp_path, orgs, layout):
    # the period is in the title, or else only in the file's name (as "Phu luc 2 - 2021.xlsx")
    name = f"phu_luc_{layout.kind}" + ("" if layout.title != "none" else f"_{layout.year}")
    path = write(render(orgs, layout), layout, tmp_path / name)
    return path, ka.load(path, cache=False)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(annex=annexes())
def test_every_layout_is_read_right_or_refused(tmp_path, annex):
    orgs, layout = annex
    path, ds = read(tmp_path, orgs, layout)
    errors = ds.issues[ds.issues["severity"] == "error"]
    if layout.refusable:
        assert len(errors), f"{layout}: must be refused\n{ds.issues.to_string()}"
        return
    assert errors.empty, f"{layout}\n{errors.to_string()}"
    assert layout.year in ds.years, f"{layout}: years {ds.years}"
    assert figures(ds, layout.kind, layout.year) == truth(orgs, layout), layout
    frame = ds.orgs if layout.kind == "orgs" else ds.member_counts
    # the names as written, whatever the encoding (TCVN3 has no capital toned vowels: "Ủy ban", "Đông Á")
    assert sorted(set(frame.loc[frame["year"] == layout.year, "org_name"])) == sorted(o.name for o in orgs), layout
    if layout.kind == "member_counts" and layout.groups:  # the type comes from the group rows only
        read_types = dict(zip(frame["org_name"], frame["org_type"].astype(object)))
        assert read_types == {o.name: o.org_type for o in orgs}, layout
    if layout.years_side_by_side:  # each year its own table, never one year
        assert sorted(ds.years) == [layout.year - 1, layout.year], f"{layout}: years {ds.years}"
        assert figures(ds, layout.kind, layout.year - 1) == truth(last_year(orgs), layout), layout
        assert "year_groups" in set(ds.issues["code"]), layout


@settings(max_examples=max(EXAMPLES // 5, 10), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(annex=annexes())
def test_a_figure_that_disagrees_with_the_printed_total_is_refused(tmp_path, annex):
    """One count of the first organisation changed, its printed totals left as they were: an error, always."""
    orgs, layout = annex
    if layout.total == "none" or (layout.kind == "orgs" and layout.encoding != "marks") or layout.refusable:
        return
    first = orgs[0]
    if layout.kind == "orgs":
        better = {"HTTNV": "HTXSNV", "HTXSNV": "HTTNV"}.get(first.level or "", "HTTNV")
        changed = replace(first, level=better)
    else:
        changed = replace(first, counts=(first.counts[0] + 1, *first.counts[1:]))
    grid = render([changed, *orgs[1:]], layout)
    printed = render(orgs, layout)
    # the table's total row (and every group total) as the office printed it, before the change
    for r, row in enumerate(printed.rows):
        label = next((v for v in row if isinstance(v, str)), "")
        if label.startswith(("Tổng cộng", "Toàn Đảng bộ", "Cộng")):
            grid.rows[r] = list(row)
    name = f"phu_luc_{layout.kind}" + ("" if layout.title != "none" else f"_{layout.year}")
    ds = ka.load(write(grid, layout, tmp_path / name), cache=False)
    assert (ds.issues["severity"] == "error").any(), f"{layout}\n{ds.issues.to_string()}"


def test_validate_explain_says_how_each_row_was_read(tmp_path):
    """`validate --explain` names the header cells and fields, the period's source, each kind of row with its
    rows, and the reconciliations; a sheet that disagrees with its printed total exits non-zero."""
    import subprocess
    import sys

    from annex_grammar import Layout, Org

    orgs = [Org("Đảng bộ Sở Tài chính", "co_quan_hanh_chinh", "HTTNV", (1, 1200, 3, 0), 1,
                (("Chi bộ A", (1, 1, 1, 0)), ("Chi bộ B", (0, 1199, 2, 0)))),
            Org("Chi bộ Sở Y tế", "don_vi_su_nghiep", "HTXSNV", (1, 2, 3, 0), 0)]
    layout = Layout(kind="member_counts", encoding="pct_rows", header_depth=2, title="title_date", sub_units=True,
                    groups=True, subtotals=True, total="tong_cong", repeated_header=True, footer="tong_so",
                    numbers="text_dot", column_numbers=True)
    path = write(render(orgs, layout), layout, tmp_path / "phu_luc")
    out = subprocess.run([sys.executable, "-m", "khoi_analysis", "validate", str(path), "--explain"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    text = out.stdout
    assert "Kỳ báo cáo: 2022 (lấy từ tiêu đề)" in text  # not 2023, the year the report was signed
    assert "E7 'Hoàn thành xuất sắc nhiệm vụ' → số/đánh dấu mức HTXSNV" in text
    for kind in ("dòng nhóm", "dòng cộng của nhóm", "chi bộ trực thuộc", "dòng tỷ lệ", "tiêu đề cột lặp lại",
                 "dòng tổng hợp bằng chữ", "phần ký tên"):
        assert kind in text, kind
    assert "khớp với các hàng đã đọc" in text and "kéo qua nhiều hàng" not in text
    grid = render(orgs, layout)
    total_row = next(r for r, row in enumerate(grid.rows) if "Tổng cộng" in row)
    grid.rows[total_row][4] = 3  # the printed number of excellent members, changed by hand
    bad = write(grid, layout, tmp_path / "sai" / "phu_luc")
    out = subprocess.run([sys.executable, "-m", "khoi_analysis", "validate", str(bad), "--explain"],
                         capture_output=True, text=True)
    assert out.returncode == 1 and "ô lệch" in out.stdout and "E" + str(total_row + 1) in out.stdout


def test_an_organisation_marked_with_an_asterisk_is_data_and_sub_units_are_said(tmp_path):
    from conftest import write_xlsx

    rows = [["BẢNG XẾP LOẠI TCCS NĂM 2022"], ["STT", "Tên tổ chức cơ sở đảng", "Xếp loại chất lượng"],
            [1, "*Chi bộ Công ty An Phát", "HTTNV"], [2, "Đảng bộ Sở Y tế", "HTXSNV"],
            ["2.1", "Chi bộ Phòng A", "HTTNV"],
            [None, "* Ghi chú: chi bộ đánh dấu * mới chuyển về"]]
    ds = ka.load(write_xlsx(tmp_path / "p.xlsx", {"TCCS": rows}), cache=False)
    assert ds.ok, ds.issues.to_string()
    assert sorted(ds.orgs["org_name"]) == ["*Chi bộ Công ty An Phát", "Đảng bộ Sở Y tế"]
    note = ds.issues.set_index("code").loc["sub_units_inside_parent"]
    assert note["cell"] == "A5" and note["severity"] == "info"

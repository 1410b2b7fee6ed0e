"""load() on workbooks built in the test: values, issues with cells, row accounting."""

from pathlib import Path

import pandas as pd
from conftest import MEMBER_HEADER, ORG_HEADER, write_xlsx

import khoi_analysis as ka


def test_tiny_workbook_loads_every_table(tiny_workbook):
    ds = ka.load(tiny_workbook)
    assert ds.ok, ds.issues
    assert len(ds.orgs) == 4 and len(ds.members) == 6 and len(ds.admissions) == 2 and len(ds.targets) == 3
    assert set(ds.orgs["year"]) == {2021}  # from the title row "… NĂM 2021"
    assert ds.orgs.set_index("org_id").loc["so tai chinh", "rating"] == "HTXSNV"
    assert ds.orgs.set_index("org_id").loc["so tai chinh", "org_type"] == "co_quan_hanh_chinh"
    new = ds.orgs.set_index("org_id").loc["cong ty co phan sao mai"]
    assert pd.isna(new["rating"]) and new["unrated_reason"] == "Mới thành lập chưa đủ 6 tháng"
    s = ka.year_summary(ds)
    assert s["year"] == 2021
    assert s["orgs"]["total"] == 4 and s["orgs"]["rated"] == 3
    assert s["orgs"]["good_or_better_pct"] == 66.7 and s["orgs"]["excellent_pct"] == 33.3
    assert s["orgs"]["new_private_enterprise"] == 1
    assert s["members"]["total"] == 6 and s["members"]["rated"] == 4
    assert s["members"]["counts"] == {"HTXSNV": 1, "HTTNV": 2, "HTNV": 1, "KHTNV": 0}
    assert s["members"]["good_or_better_pct"] == 75.0
    assert s["admissions"] == {"admitted": 1, "target": 3, "attainment_pct": 33.3}
    items = {i["id"]: i for i in s["targets"]["items"]}
    assert items["CT1"]["actual"] == 66.7 and items["CT1"]["met"] is True and items["CT1"]["gap"] == 6.7
    assert items["CT2"]["actual"] == 1.0 and items["CT2"]["met"] is False
    assert items["CT3"]["actual"] == 95.0 and items["CT3"]["met"] is False  # typed actual
    assert s["targets"]["met"] == 1 and s["targets"]["total"] == 3
    assert s["previous_year"] is None and s["change_pp"] is None


def test_row_accounting(tiny_workbook):
    ds = ka.load(tiny_workbook)
    acc = ds.accounts.set_index("sheet")
    assert (acc["read"] == acc["loaded"] + acc["excluded"] + acc["rejected"]).all()
    assert acc.loc["TCCS", "loaded"] == 4 and acc.loc["Đảng viên", "loaded"] == 6


def test_table_found_anywhere_with_columns_reordered(tmp_path):
    rows = [[None] * 3 + ["BÁO CÁO NĂM 2020"], [], [], [None, None, None, "Xếp loại chất lượng", "Loại hình",
                                                          "Tên tổ chức cơ sở đảng"],
            [None, None, None, "Tốt", "Doanh nghiệp nhà nước", "Chi bộ Công ty Điện lực"],
            [None, None, None, "Hoàn thành nhiệm vụ", "Đơn vị sự nghiệp", "Đảng bộ Bệnh viện Mắt"],
            [], [None, None, None, "Tổng cộng", None, None],
            [None, None, None, "Nơi nhận:"], [None, None, None, "- Lưu VP"]]
    ds = ka.load(write_xlsx(tmp_path / "x.xlsx", {"Sheet1": rows}))
    assert ds.ok, ds.issues
    assert sorted(ds.orgs["rating"].astype(str)) == ["HTNV", "HTTNV"]
    assert set(ds.orgs["year"]) == {2020}
    acc = ds.accounts.iloc[0]
    assert (acc["read"], acc["loaded"], acc["excluded"], acc["rejected"]) == (5, 2, 3, 0)


def test_unknown_rating_is_an_error_with_its_cell(tmp_path):
    rows = [ORG_HEADER, [1, "Chi bộ A", "Đơn vị sự nghiệp", 2000, "Rất tốt", None, "Có", "Có"]]
    ds = ka.load(write_xlsx(tmp_path / "bao_cao_2021.xlsx", {"TCCS": rows}))
    assert not ds.ok
    err = ds.errors.iloc[0]
    assert err["code"] == "unknown_rating" and err["cell"] == "E2" and err["sheet"] == "TCCS"
    assert "Rất tốt" in err["message"] and err["file"].endswith("bao_cao_2021.xlsx")


def test_duplicate_org_in_a_year_is_an_error(tmp_path):
    rows = [ORG_HEADER, [1, "Chi bộ Sở Y tế", "Cơ quan hành chính", 2000, "HTTNV", None, "Có", "Có"],
            [2, "ĐẢNG BỘ SỞ Y TẾ", "Cơ quan hành chính", 2000, "HTNV", None, "Có", "Có"]]
    ds = ka.load(write_xlsx(tmp_path / "bao_cao_2021.xlsx", {"TCCS": rows}))
    dup = ds.errors[ds.errors["code"] == "duplicate_org"]
    assert len(dup) == 1 and dup.iloc[0]["cell"] == "B3" and "B2" in dup.iloc[0]["message"]


def test_a_duplicate_across_files_points_at_a_cell_of_its_own_file(tmp_path):
    first = [ORG_HEADER, [1, "Chi bộ Sở Y tế", "Cơ quan hành chính", 2000, "HTTNV", None, "Có", "Có"]]
    second = [["KẾT QUẢ XẾP LOẠI TCCS NĂM 2021"], [], ORG_HEADER,
              [1, "Chi bộ Sở Y tế", "Cơ quan hành chính", 2000, "HTNV", None, "Có", "Có"]]
    write_xlsx(tmp_path / "a_2021.xlsx", {"TCCS": first})
    write_xlsx(tmp_path / "b_2021.xlsx", {"PL1": second})
    (dup,) = ka.load(tmp_path).errors.query("code == 'duplicate_org'").itertuples()
    cells = {"a_2021.xlsx": ("TCCS", "B2"), "b_2021.xlsx": ("PL1", "B4")}
    assert (dup.sheet, dup.cell) == cells[Path(dup.file).name]  # file, sheet and cell of one same row
    assert "a_2021.xlsx 'TCCS' ô B2" in dup.message and "b_2021.xlsx 'PL1' ô B4" in dup.message


def test_no_year_anywhere_asks_for_year(tmp_path):
    rows = [ORG_HEADER, [1, "Chi bộ A", "Đơn vị sự nghiệp", 2000, "HTTNV", None, "Có", "Có"]]
    path = write_xlsx(tmp_path / "bao_cao.xlsx", {"Sheet": rows})
    ds = ka.load(path)
    assert list(ds.errors["code"]) == ["missing_year"] and "--year" in ds.errors.iloc[0]["message"]
    assert ka.load(path, year=2019).ok


def test_member_without_rating_or_reason_is_flagged(tmp_path):
    rows = [["NĂM 2021"], MEMBER_HEADER, [1, "001", "Nguyễn Văn A", None, None, "Chi bộ A", None, None]]
    ds = ka.load(write_xlsx(tmp_path / "dv.xlsx", {"DV": rows}))
    assert list(ds.warnings["code"]) == ["unrated_without_reason"]
    assert ds.warnings.iloc[0]["cell"] == "G3"


def test_explicit_mapping_for_an_unknown_header(tmp_path):
    rows = [["NĂM 2021"], ["Đơn vị cơ sở trực thuộc", "Kết quả đánh giá năm"], ["Chi bộ A", "HTTNV"]]
    path = write_xlsx(tmp_path / "x.xlsx", {"S": rows})
    assert not ka.load(path).ok  # nothing recognisable
    ds = ka.load(path, mapping={"Đơn vị cơ sở trực thuộc": "org_name", "Kết quả đánh giá năm": "rating"})
    assert ds.ok and ds.orgs.iloc[0]["rating"] == "HTTNV"


def test_unreadable_file_is_one_issue_not_an_exception(tmp_path):
    bad = tmp_path / "not_excel.xlsx"
    bad.write_text("<html>hello</html>")
    ds = ka.load(bad)
    assert list(ds.errors["code"]) == ["unreadable_file"] and "not_excel.xlsx" in ds.errors.iloc[0]["file"]


def test_raw_files_are_not_modified(tiny_workbook):
    before = tiny_workbook.read_bytes()
    mtime = tiny_workbook.stat().st_mtime_ns
    ka.load(tiny_workbook)
    assert tiny_workbook.read_bytes() == before and tiny_workbook.stat().st_mtime_ns == mtime

"""Member scores (QĐ 366-QĐ/TW): the level from the bands when no level is given, a level above its band
refused, a score outside 0–100 refused, a score alone before 2025 refused; the scores kept in the frame."""

import openpyxl
import pytest

import khoi_analysis as ka

BANDS = [(95, "HTXSNV"), (90, "HTXSNV"), (89.5, "HTTNV"), (70, "HTTNV"), (69.9, "HTNV"), (50, "HTNV"),
         (49, "KHTNV"), (0, "KHTNV")]


def _sheet(path, year, rows, with_level=False):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Đảng viên"
    ws.append([f"DANH SÁCH ĐẢNG VIÊN XẾP LOẠI NĂM {year}"])
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Chi bộ", "Điểm", *(["Xếp loại"] if with_level else [])])
    for i, row in enumerate(rows, 1):
        ws.append([i, f"Người {i}", "01/01/1980", "Chi bộ Văn phòng", *row])
    wb.save(path)
    return path


def test_level_follows_the_bands(tmp_path):
    ds = ka.load(_sheet(tmp_path / "dv.xlsx", 2025, [[s] for s, _ in BANDS]), cache=False)
    assert ds.ok
    assert list(ds.members["rating"].astype(str)) == [lvl for _, lvl in BANDS]
    assert list(ds.members["score"].astype(float)) == [s for s, _ in BANDS]


@pytest.mark.parametrize("bad", [130, -1, "chín mươi"])
def test_bad_score_is_an_error_naming_the_cell(tmp_path, bad):
    ds = ka.load(_sheet(tmp_path / "dv.xlsx", 2026, [[95], [bad]]), cache=False)
    err = ds.errors
    assert list(err["code"]) == ["bad_score"] and list(err["cell"]) == ["E4"]
    assert len(ds.members) == 1


def test_level_above_band_refused_below_allowed(tmp_path):
    ds = ka.load(_sheet(tmp_path / "dv.xlsx", 2025, [[75, "HTXSNV"], [95, "HTTNV"], [60, "HTNV"]],
                        with_level=True), cache=False)
    assert list(ds.errors["code"]) == ["level_above_score"] and list(ds.errors["cell"]) == ["E3"]
    assert list(ds.members["rating"].astype(str)) == ["HTTNV", "HTNV"]


def test_score_alone_before_2025_refused(tmp_path):
    ds = ka.load(_sheet(tmp_path / "dv.xlsx", 2024, [[95], [80]]), cache=False)
    assert set(ds.errors["code"]) == {"score_without_level"} and len(ds.errors) == 2
    assert ds.members.empty


def test_a_score_beside_an_empty_level_cell_is_unrated_and_said(tmp_path):
    ds = ka.load(_sheet(tmp_path / "dv.xlsx", 2025, [[95, "HTXSNV"], [80, None]], with_level=True), cache=False)
    assert ds.ok
    assert ds.members["rating"].isna().tolist() == [False, True]
    assert list(ds.warnings["code"]) == ["unrated_without_reason"]


def test_the_same_for_organisations(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["KẾT QUẢ XẾP LOẠI TCCS NĂM 2025"])
    ws.append(["STT", "Tên tổ chức cơ sở đảng", "Điểm", "Xếp loại"])
    ws.append([1, "Chi bộ A", 95, "HTXSNV"])
    ws.append([2, "Chi bộ B", 80, None])
    wb.save(tmp_path / "tccs.xlsx")
    ds = ka.load(tmp_path / "tccs.xlsx", cache=False)
    assert ds.orgs["rating"].isna().tolist() == [False, True]
    assert list(ds.warnings["code"]) == ["unrated_without_reason"]

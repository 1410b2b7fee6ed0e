"""Large sheets are read into Arrow columns (fastexcel); they must give exactly what the cell-by-cell reader
gives: the same records, issues and row accounting. read.settings.fast_min_rows is lowered so small fixtures take
that path."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd
import pytest
from conftest import MEMBER_HEADER, ORG_HEADER, SAMPLE_DIR, write_xlsx
from openpyxl import Workbook

import khoi_analysis as ka
from khoi_analysis import read

FRAMES = ("orgs", "members", "member_counts", "admissions", "targets", "issues", "accounts")


def load_both(*paths, **kwargs):
    """The dataset read cell by cell, and read with every sheet through fastexcel where it qualifies."""
    slow = ka.load(*paths, cache=False, **kwargs)
    calls = []
    with read.settings.override(fast_min_rows=0, on_fast_read=lambda file, sheet, fast: calls.append(fast)):
        fast = ka.load(*paths, cache=False, **kwargs)
    return slow, fast, calls


def assert_same(slow, fast):
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(slow, name).reset_index(drop=True),
                                      getattr(fast, name).reset_index(drop=True), obj=name)


def messy_members(path, *, start_col: int = 2, title_row: int = 3):
    """A member list as offices type them: a title, the header away from A1, odd spaces, NFD text, typed and
    text dates, a blank row, a missing key, an unknown rating, a hidden row, a total row and a signature."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.cell(title_row, start_col + 1, "DANH SÁCH ĐẢNG VIÊN ĐÁNH GIÁ, XẾP LOẠI NĂM 2021")
    header_row = title_row + 2
    rows = [
        [1, "79012345", "Nguyễn Văn  An", dt.datetime(1980, 3, 12), "Chi bộ 1", "Đảng bộ Sở Tài chính",
         "Hoàn thành tốt nhiệm vụ", None],
        [2, 79012346, unicodedata.normalize("NFD", "Trần Thị Bình"), "05/11/1975", "Chi bộ 1",
         "Đảng bộ Sở Tài chính", "HTXSNV", None],
        [3, None, "Lê\u00a0Văn Cường", "31/02/1990", "Chi bộ 2", " Đảng bộ Sở Tài chính ", None, None],
        [None] * 8,
        [4, None, None, None, "Chi bộ 2", "Đảng bộ Sở Tài chính", "Hoàn thành nhiệm vụ", None],
        [5, "79012349", "Phạm Thu Dung", dt.date(1969, 1, 2), "Chi bộ 2", "Chi bộ Sở Tư pháp", "Tốt lắm", None],
        [6, "79012350", "Hoàng Minh Em", None, "Chi bộ 3", "Chi bộ Sở Tư pháp", None,
         "Miễn công tác và sinh hoạt đảng"],
        [7, "79012351", "Vũ Đức Giang", dt.datetime(1988, 8, 8), "Chi bộ 3", "Chi bộ Sở Tư pháp",
         "Không hoàn thành nhiệm vụ", None],
        [None, "Tổng cộng", None, None, None, None, None, None],
        [None, "Người lập biểu", None, None, None, None, None, None],
        [None, None, "Nguyễn Thị Hoa", None, None, None, None, None],
    ]
    for j, text in enumerate(MEMBER_HEADER):
        ws.cell(header_row, start_col + j, text)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                ws.cell(header_row + 1 + i, start_col + j, value)
    ws.row_dimensions[header_row + 7].hidden = True
    wb.save(path)
    return path


@pytest.mark.parametrize("start_col,title_row", [(1, 1), (2, 3), (4, 6)])
def test_fast_read_gives_what_the_cell_reader_gives(tmp_path, start_col, title_row):
    path = messy_members(tmp_path / "dv.xlsx", start_col=start_col, title_row=title_row)
    slow, fast, calls = load_both(path)
    assert calls == [True]  # the sheet did go through fastexcel
    assert_same(slow, fast)
    codes = set(fast.issues["code"])
    assert {"missing_key", "unknown_rating", "bad_date", "hidden_row", "unrated_without_reason"} <= codes
    members = fast.members.set_index("row")
    assert members.loc[header := title_row + 3, "name"] == "Nguyễn Văn An"  # white space collapsed
    assert members.loc[header + 1, "name"] == "Trần Thị Bình"  # NFC
    assert members.loc[header + 1, "member_code"] == "79012346"  # a number typed in the code column
    assert members.loc[header, "birth_date"] == dt.date(1980, 3, 12)
    assert members.loc[header + 1, "birth_date"] == dt.date(1975, 11, 5)
    assert pd.isna(members.loc[header + 2, "birth_date"])  # 31/02: not a date
    assert members.loc[header + 2, "org_id"] == members.loc[header, "org_id"]
    acc = fast.accounts.iloc[0]
    assert acc["read"] == acc["loaded"] + acc["excluded"] + acc["rejected"] == 10


def test_a_column_left_of_the_title_moves_the_grid_origin(tmp_path):
    """The first used cell is the title in column C, but a note further down sits in column A: fastexcel's
    grid starts at column A, and the reader must know it."""
    path = messy_members(tmp_path / "dv.xlsx", start_col=2, title_row=2)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.active["A30"] = "Ghi chú: số liệu đến 31/12"
    wb.save(path)
    slow, fast, calls = load_both(path)
    assert calls == [True]
    assert_same(slow, fast)


def test_sample_is_the_same_through_either_reader():
    slow, fast, calls = load_both(SAMPLE_DIR, workers=1)  # in this process: the callback sees every sheet
    assert calls and all(calls)
    assert_same(slow, fast)


def test_disagreeing_origin_falls_back_to_the_cell_reader(tmp_path):
    """A date above the title: fastexcel shows the first used cell as text ('2021-12-31 00:00:00'), the sheet XML
    as a serial number (44561); the two don't agree, so the sheet is read cell by cell."""
    from openpyxl import load_workbook

    path = messy_members(tmp_path / "dv.xlsx")
    wb = load_workbook(path)
    wb.active["B1"] = dt.datetime(2021, 12, 31)
    wb.save(path)
    slow, fast, calls = load_both(path)
    assert calls == [False]
    assert_same(slow, fast)


def test_large_sheet_that_is_not_a_member_list_is_read_cell_by_cell(tmp_path):
    rows = [["KẾT QUẢ XẾP LOẠI TỔ CHỨC CƠ SỞ ĐẢNG NĂM 2021"], ORG_HEADER,
            [1, "Đảng bộ Sở Tài chính", "Cơ quan hành chính", 1976, "Hoàn thành xuất sắc nhiệm vụ", None, "Có", "Có"],
            [2, "Chi bộ Sở Tư pháp", "Cơ quan hành chính", 1980, "Hoàn thành tốt nhiệm vụ", None, "Có", "Không"]]
    path = write_xlsx(tmp_path / "tccs.xlsx", {"TCCS": rows})
    slow, fast, calls = load_both(path)
    assert calls == [True]  # read fast first, then again cell by cell once it is seen to be an orgs table
    assert_same(slow, fast)
    assert len(fast.orgs) == 2


def test_member_sheet_with_inline_strings(tmp_path):
    """xlsxwriter's constant-memory mode writes inline strings instead of a shared-strings table."""
    import xlsxwriter

    path = tmp_path / "inline.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Đảng viên")
    ws.write_row(1, 1, ["Danh sách đảng viên năm 2022"])
    ws.write_row(3, 1, MEMBER_HEADER)
    for i in range(30):
        ws.write_row(4 + i, 1, [i + 1, f"{i:08d}", f"Đảng viên {i}", None, "Chi bộ 1", "Đảng bộ Sở Xây dựng",
                                "Hoàn thành tốt nhiệm vụ" if i % 9 else "HTXSNV", None])
    wb.close()
    slow, fast, calls = load_both(path)
    assert calls == [True]
    assert_same(slow, fast)
    assert len(fast.members) == 30 and set(fast.members["year"]) == {2022}


def test_sheet_xml_scanned_in_small_pieces_finds_the_same(tmp_path):
    """The guard and the extras read the sheet XML in pieces; a match cut between two pieces is still found."""
    from conftest import EXAMPLES_DIR

    path = messy_members(tmp_path / "dv.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.active
    ws.merge_cells("B2:E2")
    ws["K40"] = "=SUM(A1:A3)"  # a formula with no cached value
    wb.save(path)
    bad = tmp_path / "xfd.xlsx"
    wb = Workbook()
    wb.active["A1"], wb.active["XFD1048576"] = "x", "x"
    wb.save(bad)
    legacy = EXAMPLES_DIR / "phu_luc_2021_tcvn3.xlsx"

    def scan(p):
        import zipfile

        parts, styles = read.check_zip(p)
        with zipfile.ZipFile(p) as zf:
            return parts, {name: read.scan_extras(zf, zf.getinfo(part.member), styles)
                           for name, part in parts.items()}

    whole = [scan(p)[1] for p in (path, legacy)]
    with read.settings.override(scan_chunk=97, scan_overlap=400):
        assert [scan(p)[1] for p in (path, legacy)] == whole
        assert scan(path)[0]["Danh sách"].rows == 40  # the formula in K40 is the last row, found by the guard
    found = whole[0]["Danh sách"]
    assert found["hidden_rows"] and found["merged"] == [(1, 1, 1, 4)] and found["formulas_without_value"] == [(39, 10)]
    assert any(sheet["fonts"] for sheet in whole[1].values())
    with pytest.raises(read.ReadError, match="XFD1048576"):
        read.check_zip(bad)


def test_hidden_sheet_and_sheet_order_without_the_cell_reader(tmp_path):
    """When every sheet is read fast, sheet order and visibility come from workbook.xml."""
    from openpyxl import load_workbook

    path = messy_members(tmp_path / "dv.xlsx")
    wb = load_workbook(path)
    copy = wb.copy_worksheet(wb.active)
    copy.title = "Ẩn"
    copy.sheet_state = "hidden"
    wb.move_sheet("Ẩn", offset=-1)  # the hidden copy comes first
    wb.active = 1
    wb.save(path)
    slow, fast, calls = load_both(path)
    assert calls == [True, True]
    assert_same(slow, fast)
    # the hidden copy (first in the workbook) is known hidden: skipped beside the visible table of the same kind
    skipped = fast.issues[fast.issues["code"] == "hidden_sheet_skipped"]
    assert list(skipped["sheet"]) == ["Ẩn"]
    assert list(fast.accounts["sheet"]) == ["Danh sách"]

"""Fixtures: small synthetic workbooks built in the test, and the shipped sample loaded once."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

import pytest

# the processed-data cache of the tests lives in a temporary folder (subprocesses inherit it)
os.environ.setdefault("KHOI_ANALYSIS_CACHE_DIR", tempfile.mkdtemp(prefix="khoi_cache_"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "raw" / "mau"
EXAMPLES_DIR = ROOT / "data" / "examples"
DATA_DIR = ROOT / "tests" / "data"  # small third-party files the tests need (see tests/data/NOTICE.txt)
# odd and broken spreadsheets of other projects: outside the repository, beside the checkout (the workspace's
# shared/ folder, copied beside CI's clone); tests that walk it skip without it, and CI needs none of them
SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "spreadsheets"
CORPUS_MISSING = (f"needs the shared corpus of odd spreadsheets at {SHARED_CORPUS}, which is not part of the "
                  "repository: put the workspace's shared/ folder (or a link to it) beside the checkout to run "
                  "this; nothing CI requires depends on it")
sys.path.insert(0, str(ROOT / "scripts"))  # annex_writer: workbooks laid out as offices make them


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook with the given sheets, each a list of rows written from A1 (None = empty cell)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


ORG_HEADER = ["STT", "Tên tổ chức cơ sở đảng", "Loại hình", "Năm thành lập", "Xếp loại chất lượng",
              "Lý do không xếp loại", "Lãnh đạo hoàn thành tốt nhiệm vụ chính trị", "Có chương trình hành động"]
MEMBER_HEADER = ["STT", "Mã đảng viên", "Họ và tên", "Ngày sinh", "Chi bộ", "Tổ chức cơ sở đảng", "Xếp loại",
                 "Lý do không xếp loại"]


@pytest.fixture
def tiny_workbook(tmp_path: Path) -> Path:
    """2021: 4 organisations (one new and unrated), 6 members (one exempt), admissions and 2 targets."""
    orgs = [
        ["KẾT QUẢ XẾP LOẠI TCCS NĂM 2021"], [],
        ORG_HEADER,
        [1, "Đảng bộ Sở Tài chính", "Cơ quan hành chính", 1990, "Hoàn thành xuất sắc nhiệm vụ", None, "Có", "Có"],
        [2, "Chi bộ Hội Nông dân tỉnh", "Cơ quan Đảng, đoàn thể", 1995, "HTTNV", None, "Có", "Có"],
        [3, "Chi bộ Công ty TNHH An Phát", "Doanh nghiệp ngoài nhà nước", 2010, "Hoàn thành nhiệm vụ", None,
         "Không", "Có"],
        [4, "Chi bộ Công ty Cổ phần Sao Mai", "Doanh nghiệp ngoài nhà nước", 2021, None,
         "Mới thành lập chưa đủ 6 tháng", None, None],
    ]
    members = [
        ["KẾT QUẢ XẾP LOẠI ĐẢNG VIÊN NĂM 2021"], [],
        MEMBER_HEADER,
        [1, "001", "Nguyễn Văn An", dt.date(1980, 1, 2), "Chi bộ Văn phòng", "Đảng bộ Sở Tài chính", "HTXSNV", None],
        [2, "002", "Trần Thị Bình", dt.date(1985, 3, 4), "Chi bộ Văn phòng", "Đảng bộ Sở Tài chính",
         "Hoàn thành tốt nhiệm vụ", None],
        [3, "003", "Lê Văn Cường", dt.date(1975, 5, 6), None, "Chi bộ Hội Nông dân tỉnh", "Hoàn thành nhiệm vụ", None],
        [4, "004", "Phạm Thị Dung", dt.date(1960, 7, 8), None, "Chi bộ Hội Nông dân tỉnh", None,
         "Miễn công tác và sinh hoạt đảng (sức khỏe)"],
        [5, "005", "Hoàng Văn Em", dt.date(1990, 9, 10), None, "Chi bộ Công ty TNHH An Phát", "Hoàn thành tốt nhiệm vụ",
         None],
        [6, "006", "Vũ Thị Giang", dt.date(1999, 11, 12), None, "Chi bộ Công ty TNHH An Phát", None,
         "Kết nạp chưa đủ 6 tháng"],
    ]
    admissions = [
        ["KẾT NẠP ĐẢNG VIÊN MỚI NĂM 2021"], [],
        ["STT", "Tên tổ chức cơ sở đảng", "Chỉ tiêu kết nạp", "Số đảng viên kết nạp mới"],
        [1, "Đảng bộ Sở Tài chính", 1, 0],
        [2, "Chi bộ Công ty TNHH An Phát", 2, 1],
    ]
    targets = [
        ["CHỈ TIÊU NĂM 2021"], [],
        ["Mã", "Chỉ tiêu Nghị quyết", "Chỉ số tính từ dữ liệu", "So sánh", "Ngưỡng", "Đơn vị", "Kết quả (nhập tay)"],
        ["CT1", "Ít nhất 60% TCCS hoàn thành tốt nhiệm vụ trở lên",
         "Tỷ lệ TCCS hoàn thành tốt nhiệm vụ trở lên (%)", "≥", 60, "%", None],
        ["CT2", "Kết nạp mới 3 đảng viên", "Số đảng viên kết nạp mới", "≥", 3, "đảng viên", None],
        ["CT3", "100% có chương trình kiểm tra", None, "≥", 100, "%", 95],
    ]
    return write_xlsx(tmp_path / "bao_cao_2021.xlsx", {"TCCS": orgs, "Đảng viên": members, "Kết nạp": admissions,
                                                       "Chỉ tiêu": targets})


@pytest.fixture(scope="session")
def sample():
    """The shipped sample, loaded once for the session."""
    import khoi_analysis as ka

    return ka.load(SAMPLE_DIR, cache=False)  # with names: some tests look for them in outputs


@pytest.fixture(scope="session")
def built(sample, tmp_path_factory):
    """The sample built once for 2021 (the sample also has 2022), shared by the output tests."""
    from khoi_analysis.build import build

    out = tmp_path_factory.mktemp("processed")
    result = build([SAMPLE_DIR], out, year=2021, progress=False)
    assert result["status"] == "built"
    return out


@pytest.fixture(scope="session")
def built_latest(sample, tmp_path_factory):
    """The sample built as `build` does with no year (the latest), shared: the incremental-build test builds it
    again in place (unchanged, then forced), leaving the same files."""
    from khoi_analysis.build import build

    out = tmp_path_factory.mktemp("processed_latest")
    assert build([SAMPLE_DIR], out, progress=False)["status"] == "built"
    return out

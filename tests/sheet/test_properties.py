"""Property-based: changes to a valid annex that should not matter leave the figures unchanged."""

import unicodedata

from conftest import write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import khoi_analysis as ka

ORGS = [
    ("Đảng bộ Sở Tài chính", "Cơ quan hành chính", "HTXSNV"),
    ("Chi bộ Sở Tư pháp", "Cơ quan hành chính", "HTTNV"),
    ("Đảng bộ Bệnh viện Mắt", "Đơn vị sự nghiệp", "HTTNV"),
    ("Chi bộ Công ty An Phát", "Doanh nghiệp ngoài nhà nước", "HTNV"),
    ("Chi bộ Trường THPT Lê Lợi", "Đơn vị sự nghiệp", "HTXSNV"),
    ("Chi bộ Công ty Sao Mai", "Doanh nghiệp nhà nước", "KHTNV"),
]
HEADERS = {
    "seq": ["STT", "TT", "Số TT", "stt"],
    "name": ["Tên tổ chức cơ sở đảng", "TÊN TCCS", "Tên chi bộ, đảng bộ cơ sở", "Tên TCCS đảng", "Đơn vị"],
    "type": ["Loại hình", "LOẠI HÌNH", "Loại hình tổ chức"],
    "rating": ["Xếp loại chất lượng", "Kết quả xếp loại", "XẾP LOẠI", "Xếp loại", "Kết quả\nxếp loại"],
}
SPELLINGS = {"HTXSNV": ["Hoàn thành xuất sắc nhiệm vụ", "HTXSNV", "HT xuất sắc NV", "Xuất sắc", "HTXS NV"],
             "HTTNV": ["Hoàn thành tốt nhiệm vụ", "HTTNV", "Tốt", "HOÀN THÀNH TỐT NHIỆM VỤ"],
             "HTNV": ["Hoàn thành nhiệm vụ", "HTNV", "hoàn thành nhiệm vụ "],
             "KHTNV": ["Không hoàn thành nhiệm vụ", "KHTNV", "Không HTNV"]}
BASE = {"total": 6, "rated": 6, "good_or_better_pct": 66.7, "excellent_pct": 33.3}


@st.composite
def annex(draw):
    order = draw(st.permutations(["seq", "name", "type", "rating"]))
    header = [draw(st.sampled_from(HEADERS[k])) for k in order]
    rows = []
    for i, (name, org_type, level) in enumerate(ORGS, 1):
        values = {"seq": i, "name": name, "type": org_type, "rating": draw(st.sampled_from(SPELLINGS[level]))}
        rows.append([values[k] for k in order])
    for _ in range(draw(st.integers(0, 3))):  # blank rows anywhere in the data
        rows.insert(draw(st.integers(0, len(rows))), [None] * 4)
    table = [header, *rows]
    for _ in range(draw(st.integers(0, 2))):  # blank columns anywhere
        at = draw(st.integers(0, 4))
        table = [row[:at] + [None] + row[at:] for row in table]
    titles = [["ĐẢNG ỦY KHỐI CƠ QUAN - DOANH NGHIỆP TỈNH"], ["BẢNG TỔNG HỢP KẾT QUẢ XẾP LOẠI NĂM 2021"], []]
    table = titles[:draw(st.integers(0, 3))] + table
    if draw(st.booleans()):
        table = [[unicodedata.normalize("NFD", v) if isinstance(v, str) else v for v in row] for row in table]
    return table


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=annex())
def test_figures_do_not_depend_on_layout(tmp_path, table):
    path = write_xlsx(tmp_path / "phu_luc_2021.xlsx", {"TCCS": table})
    ds = ka.load(path)
    assert ds.ok, ds.issues.to_string()
    s = ka.year_summary(ds, 2021)["orgs"]
    assert {k: s[k] for k in BASE} == BASE
    assert s["counts"] == {"HTXSNV": 2, "HTTNV": 2, "HTNV": 1, "KHTNV": 1}

"""Spreadsheets as units really send them: formats, annex layouts, encodings, bad and hostile files."""

import csv
import io
import json
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from annex_writer import AnnexOrg, Style, write_annex_workbook
from conftest import DATA_DIR, EXAMPLES_DIR, SAMPLE_DIR, write_xlsx
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

import khoi_analysis as ka
from khoi_analysis.text import decode_tcvn3, decode_vni, detect_legacy, encode_tcvn3, encode_vni

ORGS = [
    AnnexOrg("Đảng bộ Sở Tài chính", "co_quan_hanh_chinh", "HTXSNV", total=40, rated=39,
             counts={"HTXSNV": 8, "HTTNV": 30, "HTNV": 1}, quota=3, admitted=4),
    AnnexOrg("Chi bộ Sở Tư pháp", "co_quan_hanh_chinh", "HTTNV", total=12, rated=12, counts={"HTTNV": 11, "HTNV": 1},
             quota=1, admitted=1),
    AnnexOrg("Đảng bộ Bệnh viện Đa khoa tỉnh", "don_vi_su_nghiep", "HTTNV", total=150, rated=146,
             counts={"HTXSNV": 20, "HTTNV": 120, "HTNV": 5, "KHTNV": 1}, quota=5, admitted=5),
    AnnexOrg("Chi bộ Công ty TNHH An Phát", "dn_ngoai_nha_nuoc", "HTNV", total=9, rated=9, counts={"HTTNV": 9},
             quota=1, admitted=0),
    AnnexOrg("Chi bộ Công ty CP Sao Mai", "dn_ngoai_nha_nuoc", None, "Mới thành lập chưa đủ 6 tháng", total=4,
             rated=0, counts={}),
]
# worked out by hand: 4 of 5 organisations rated, 3 good or better (75,0%), 1 excellent (25,0%);
# members 206 rated of 215: good or better 8+30+11+20+120+9 = 198 (96,1%), excellent 28 (13,6%); 10/10 admitted
EXPECTED = {"orgs": (5, 4, 75.0, 25.0), "members": (215, 206, 96.1, 13.6), "admissions": (10, 10, 100.0)}


def figures(ds, year=2021):
    s = ka.year_summary(ds, year)
    o = s["orgs"]
    return {"orgs": (o["total"], o["rated"], o["good_or_better_pct"], o["excellent_pct"]),
            "members": (s["members"]["total"], s["members"]["rated"], s["members"]["good_or_better_pct"],
                        s["members"]["excellent_pct"]),
            "admissions": (s["admissions"]["admitted"], s["admissions"]["target"], s["admissions"]["attainment_pct"])}


# ------------------------------------------------------------------------------------------ annex layouts
def test_annex_workbook_reads_with_no_options(tmp_path):
    ds = ka.load(write_annex_workbook(tmp_path / "phu_luc.xlsx", 2021, ORGS))
    assert ds.ok, ds.issues
    assert figures(ds) == EXPECTED
    orgs = ds.orgs.set_index("org_name")
    # group rows (I, II…) gave the organisation type to the rows under them
    assert orgs.loc["Chi bộ Công ty TNHH An Phát", "org_type"] == "dn_ngoai_nha_nuoc"
    assert orgs.loc["Chi bộ Công ty CP Sao Mai", "unrated_reason"] == "Mới thành lập chưa đủ 6 tháng"
    acc = ds.accounts.set_index("sheet")
    assert (acc["read"] == acc["loaded"] + acc["excluded"] + acc["rejected"]).all()
    assert acc.loc["PL1-TCCS", "loaded"] == 5 and acc.loc["PL2-Đảng viên", "loaded"] == 5


@pytest.mark.parametrize("style", [
    Style(left_pad=2),
    Style(title_rows=False, column_numbers=False, signature=False),
    Style(level_headers=("HTXSNV", "HTTNV", "HTNV", "KHTNV"), name_header="Tên TCCS", mark="X"),
    Style(level_headers=("HT xuất sắc NV", "HT tốt NV", "Hoàn thành NV", "Không HTNV"), mark="✓"),
    Style(with_pct=False, group_rows=False),
    Style(legacy="tcvn3", left_pad=1),
], ids=["left-pad", "bare", "codes", "abbrev-check", "no-pct", "tcvn3"])
def test_annex_variants_give_the_same_figures(tmp_path, style):
    ds = ka.load(write_annex_workbook(tmp_path / "phu_luc_2021.xlsx", 2021, ORGS, style))
    assert ds.ok, ds.issues.to_string()
    assert figures(ds) == EXPECTED


def test_shipped_examples_match_the_template():
    template = ka.year_summary(ka.load(SAMPLE_DIR), 2021)
    for name in ("phu_luc_2021.xlsx", "phu_luc_2021_tcvn3.xlsx"):
        out = subprocess.run([sys.executable, "-m", "khoi_analysis", "summary", str(EXAMPLES_DIR / name), "--json"],
                             capture_output=True, text=True, check=True)
        s = json.loads(out.stdout)
        for section in ("orgs", "members"):
            for key in ("total", "rated", "counts", "good_or_better_pct", "excellent_pct"):
                assert s[section][key] == template[section][key], (name, section, key)
        assert s["admissions"] == template["admissions"]
        assert (s["orgs"]["good_or_better_pct"], s["orgs"]["excellent_pct"]) == (91.4, 20.9)
        assert (s["members"]["good_or_better_pct"], s["members"]["excellent_pct"]) == (98.0, 17.2)


# ------------------------------------------------------------------------------------------ formats
def _org_rows(year_in_title=True):
    rows = [["KẾT QUẢ XẾP LOẠI NĂM 2021" if year_in_title else "KẾT QUẢ XẾP LOẠI"], [],
            ["STT", "Tên tổ chức cơ sở đảng", "Loại hình", "Xếp loại chất lượng"]]
    for i, o in enumerate(ORGS, 1):
        rows.append([i, o.name, ka.labels.ORG_TYPES[o.org_type], ka.labels.LEVEL_NAMES.get(o.rating, "")])
    return rows


def _check_orgs(ds):
    assert ds.orgs["rating"].value_counts().to_dict() == {"HTXSNV": 1, "HTTNV": 2, "HTNV": 1, "KHTNV": 0}
    assert set(ds.orgs["year"]) == {2021}


def test_xlsx_and_xlsm(tmp_path):
    for suffix in (".xlsx", ".xlsm"):
        _check_orgs(ka.load(write_xlsx(tmp_path / f"a{suffix}", {"S": _org_rows()})))


def test_xls(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook()
    ws = wb.add_sheet("TCCS 2021")
    for r, row in enumerate(_org_rows()):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    wb.save(str(tmp_path / "a.xls"))
    _check_orgs(ka.load(tmp_path / "a.xls"))


def test_ods(tmp_path):
    pytest.importorskip("odf")
    rows = _org_rows()
    pd.DataFrame(rows[2:]).to_excel(tmp_path / "a_2021.ods", engine="odf", header=False, index=False)
    _check_orgs(ka.load(tmp_path / "a_2021.ods"))


@pytest.mark.parametrize("encoding,delimiter", [("utf-8", ","), ("utf-8-sig", ","), ("utf-8-sig", ";"),
                                                ("utf-16", "\t")])
def test_csv_encodings(tmp_path, encoding, delimiter):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(_org_rows())
    path = tmp_path / "bao_cao.csv"
    path.write_bytes(buf.getvalue().encode(encoding))
    _check_orgs(ka.load(path))


def test_nfd_text_and_header_spellings(tmp_path):
    rows = [["NĂM 2021"], ["TT", "TÊN  TCCS\n", "Loại hình", "XẾP LOẠI"]] + [r[:4] for r in _org_rows()[3:]]
    rows = [[unicodedata.normalize("NFD", v) if isinstance(v, str) else v for v in row] for row in rows]
    ds = ka.load(write_xlsx(tmp_path / "nfd.xlsx", {"S": rows}))
    _check_orgs(ds)
    assert ds.orgs["org_name"].map(lambda s: unicodedata.is_normalized("NFC", s)).all()


def test_several_sheets_and_files_at_once(tmp_path):
    write_xlsx(tmp_path / "a.xlsx", {"2020": _org_rows(False), "2021": _org_rows(False)})
    write_xlsx(tmp_path / "b_2019.xlsx", {"Sheet1": _org_rows(False)})
    ds = ka.load(tmp_path)
    assert ds.ok and ds.years == [2019, 2020, 2021]


def test_year_sources_in_order(tmp_path):
    header = ["Năm", "Tên tổ chức cơ sở đảng", "Xếp loại"]
    ds = ka.load(write_xlsx(tmp_path / "x_2018.xlsx", {"Năm 2019": [["BÁO CÁO NĂM 2020"], header,
                                                                     [2017, "Chi bộ A", "HTTNV"]]}))
    assert list(ds.orgs["year"]) == [2017]  # year column first
    ds = ka.load(write_xlsx(tmp_path / "y_2018.xlsx", {"Năm 2019": [["BÁO CÁO NĂM 2020"], header[1:],
                                                                     ["Chi bộ A", "HTTNV"]]}))
    assert list(ds.orgs["year"]) == [2020]  # then the title
    ds = ka.load(write_xlsx(tmp_path / "z_2018.xlsx", {"Năm 2019": [header[1:], ["Chi bộ A", "HTTNV"]]}))
    assert list(ds.orgs["year"]) == [2019]  # then the sheet name
    ds = ka.load(write_xlsx(tmp_path / "w_2018.xlsx", {"Sheet": [header[1:], ["Chi bộ A", "HTTNV"]]}))
    assert list(ds.orgs["year"]) == [2018]  # then the file name


# ------------------------------------------------------------------------------------------ encodings
VIETNAMESE = ("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ")


def test_decoders_on_the_whole_alphabet_both_cases():
    lower, upper = VIETNAMESE, VIETNAMESE.upper()
    assert decode_tcvn3(encode_tcvn3(lower)) == lower
    assert decode_tcvn3(encode_tcvn3(upper), capitals=True) == upper  # capitals come from an 'H' font
    assert decode_vni(encode_vni(lower)) == lower
    assert decode_vni(encode_vni(upper)) == upper
    assert decode_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert decode_tcvn3("Tr\xadêng") == "Trường"  # U+00AD is TCVN3's ư, never stripped
    assert decode_vni("Coäng hoøa xaõ hoäi") == "Cộng hòa xã hội"


def test_detection_by_statistics():
    names = [o.name for o in ORGS] + list(ka.labels.LEVEL_NAMES.values())
    assert detect_legacy(names) is None
    assert detect_legacy([encode_tcvn3(n) for n in names]) == "tcvn3"
    assert detect_legacy([encode_vni(n) for n in names]) == "vni"


def test_tcvn3_by_fonts_and_vni_without_fonts(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append([encode_tcvn3("kết quả xếp loại năm 2021")])
    ws["A1"].font = Font(name=".VnTimeH")
    ws.append([encode_tcvn3(h) for h in ("STT", "Tên tổ chức cơ sở đảng", "Xếp loại chất lượng")])
    for i, o in enumerate(ORGS[:4], 1):
        ws.append([i, encode_tcvn3(o.name), encode_tcvn3(ka.labels.LEVEL_NAMES[o.rating])])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.font = Font(name=".VnTime")
    wb.save(tmp_path / "tcvn3.xlsx")
    ds = ka.load(tmp_path / "tcvn3.xlsx")
    assert ds.ok and list(ds.orgs["org_name"]) == sorted(o.name for o in ORGS[:4]) or \
        set(ds.orgs["org_name"]) == {o.name for o in ORGS[:4]}
    assert set(ds.orgs["year"]) == {2021}  # from the title, decoded from a capital font
    assert "legacy_encoding" in set(ds.issues["code"])
    vni = [[encode_vni("Kết quả năm 2021")], [encode_vni(h) for h in ("Tên tổ chức cơ sở đảng", "Xếp loại")]]
    vni += [[encode_vni(o.name), encode_vni(ka.labels.LEVEL_NAMES[o.rating])] for o in ORGS[:4]]
    path = tmp_path / "vni.csv"
    path.write_text("\n".join(",".join(f'"{v}"' for v in r) for r in vni), encoding="utf-8")
    ds = ka.load(path)
    assert ds.ok and set(ds.orgs["org_name"]) == {o.name for o in ORGS[:4]}


def test_org_names_match_across_years_and_aliases(tmp_path):
    write_xlsx(tmp_path / "a_2020.xlsx", {"S": [["Tên tổ chức cơ sở đảng", "Xếp loại"], ["Đảng uỷ Sở Y tế", "HTTNV"],
                                                ["Chi bộ Công ty Xổ số", "HTNV"]]})
    write_xlsx(tmp_path / "b_2021.xlsx", {"S": [["Tên tổ chức cơ sở đảng", "Xếp loại"],
                                                [unicodedata.normalize("NFD", "ĐẢNG ỦY  SỞ Y TẾ"), "HTXSNV"],
                                                ["Chi bộ Công ty TNHH MTV Xổ số kiến thiết", "HTTNV"]]})
    ds = ka.load(tmp_path)
    assert ds.orgs.groupby("org_id")["year"].nunique().max() == 2  # Sở Y tế both years
    assert ds.orgs["org_id"].nunique() == 3
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("Tên trong tệp,Tên chuẩn\nChi bộ Công ty Xổ số,Chi bộ Công ty TNHH MTV Xổ số kiến thiết\n",
                       encoding="utf-8")
    ds = ka.load(tmp_path, aliases=aliases)
    assert ds.orgs["org_id"].nunique() == 2


# ------------------------------------------------------------------------------------------ reported problems
def _count_rows(*rows):
    header = ["TT", "Tên TCCS", "Tổng số ĐV", "Số ĐV được đánh giá, xếp loại", "HTXSNV", "HTTNV", "HTNV", "KHTNV"]
    return [["BIỂU TỔNG HỢP ĐẢNG VIÊN NĂM 2021"], header, *rows]


def test_count_errors_are_reported_with_cells(tmp_path):
    rows = _count_rows([1, "Chi bộ A", 10, 10, 2, 7, 0, 0],      # levels add to 9, not 10
                       [2, "Chi bộ B", 10, 12, 2, 10, 0, 0],     # rated > total
                       [3, "Chi bộ C", 10, 10, -1, 11, 0, 0],    # negative
                       [4, "Chi bộ D", 10, 9, 2, 7, 0, 0])       # fine
    ds = ka.load(write_xlsx(tmp_path / "c.xlsx", {"PL2": rows}))
    errs = ds.errors.set_index("code")
    assert errs.loc["levels_do_not_add_up", "cell"] == "D3"
    assert errs.loc["rated_over_total", "cell"] == "D4"
    assert errs.loc["negative_count", "cell"] == "E5"
    assert list(ds.member_counts["org_name"]) == ["Chi bộ D"]
    acc = ds.accounts.iloc[0]
    assert (acc["read"], acc["loaded"], acc["rejected"]) == (4, 1, 3)


def test_percent_columns_checked_and_total_row_cross_checked(tmp_path):
    header1 = ["TT", "Tên TCCS", "Số ĐV được đánh giá, xếp loại", "HTXSNV", None, "HTTNV", None]
    header2 = [None, None, None, "SL", "Tỷ lệ (%)", "SL", "Tỷ lệ (%)"]
    rows = [["NĂM 2021"], header1, header2,
            [1, "Chi bộ A", 10, 2, 20, 8, 80],
            [2, "Chi bộ B", 4, 1, 0.25, 3, 70],        # 0.25 = 25% as Excel stores it; 70 should be 75
            [3, "Chi bộ C", 5, 1, 120, 4, 80],         # over 100: error
            [None, "Tổng cộng", 20, 4, None, 12, None]]  # 19 rated, 4 excellent, 15 good in the rows loaded
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    ws.merge_cells("D2:E2")
    ws.merge_cells("F2:G2")
    wb.save(tmp_path / "p.xlsx")
    ds = ka.load(tmp_path / "p.xlsx")
    codes = ds.issues.groupby("code")["cell"].apply(list).to_dict()
    assert codes["percentage_mismatch"] == ["G5"]
    assert codes["bad_percentage"] == ["E6"]
    # a share that disagrees with its counts is an error and its row is refused, as is Chi bộ C's: the rows
    # loaded add up to 10 rated, 2 excellent, 8 good against the printed 20, 4, 12
    assert sorted(codes["total_mismatch"]) == ["C7", "D7", "F7"]
    assert set(ds.errors["code"]) == {"percentage_mismatch", "bad_percentage", "total_mismatch"}
    assert list(ds.member_counts["org_name"]) == ["Chi bộ A"]


def test_unmappable_header_names_what_was_expected(tmp_path):
    ds = ka.load(write_xlsx(tmp_path / "u_2021.xlsx", {"S": [["Đơn vị cơ sở", "Mức độ"], ["Chi bộ A", "Khá"]]}))
    errors = ds.errors.set_index("code")["message"]
    assert list(errors.index) == ["no_table_in_file"] and "--map" in errors["no_table_in_file"]
    assert "Đơn vị cơ sở | Mức độ" in " ".join(ds.issues["message"])
    ds = ka.load(write_xlsx(tmp_path / "v_2021.xlsx", {"S": [["Tên tổ chức cơ sở đảng", "Xếp loại", "Điểm thưởng"],
                                                             ["Chi bộ A", "HTTNV", 5]]}))
    warn = ds.warnings.set_index("code").loc["unmapped_header"]
    assert warn["cell"] == "C1" and "Điểm thưởng" in warn["message"] and "'Xếp loại chất lượng'" in warn["message"]


def test_marks_several_levels_and_odd_marks_are_errors(tmp_path):
    rows = [["NĂM 2021"], ["STT", "Tên TCCS", "HTXSNV", "HTTNV", "HTNV", "KHTNV"],
            [1, "Chi bộ A", "x", "x", None, None], [2, "Chi bộ B", None, "có", None, None],
            [3, "Chi bộ C", None, 1, None, None]]
    ds = ka.load(write_xlsx(tmp_path / "m.xlsx", {"S": rows}))
    errs = ds.errors.set_index("code")["cell"].to_dict()
    assert errs == {"several_levels": "C3", "unknown_mark": "D4"}
    assert ds.orgs.set_index("org_name").loc["Chi bộ C", "rating"] == "HTTNV"


def test_warnings_hidden_rows_sheets_formulas_merged(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "TCCS 2021"
    ws.append(["Tên tổ chức cơ sở đảng", "Xếp loại", "Ghi chú"])
    ws.append(["Chi bộ A", "HTTNV", None])
    ws.append(["Chi bộ B", "HTNV", None])
    ws.append(["Chi bộ C", "=B2", None])  # a formula never calculated: no cached value
    ws.append(["Chi bộ D", "HTTNV", "gộp"])
    ws.append(["Chi bộ E", None, None])
    ws.merge_cells("C5:C6")
    ws.row_dimensions[3].hidden = True
    hidden = wb.create_sheet("Ẩn 2021")
    hidden.append(["Tên tổ chức cơ sở đảng", "Xếp loại"])
    hidden.append(["Chi bộ X", "HTTNV"])
    hidden.sheet_state = "hidden"
    wb.save(tmp_path / "w.xlsx")
    ds = ka.load(tmp_path / "w.xlsx")
    warn = ds.warnings.groupby("code")["cell"].apply(list).to_dict()
    assert warn["hidden_row"] == ["A3"]
    assert warn["formula_without_value"] == ["B4"]
    assert warn["merged_data_cells"] == ["C5"]
    assert warn["hidden_sheet_skipped"] == ["A1"]  # last year's table travelling along: not this year's data
    assert "Chi bộ X" not in set(ds.orgs["org_name"])


def test_a_hidden_sheet_alone_is_read_with_a_warning(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Ẩn 2021"
    ws.append(["Tên tổ chức cơ sở đảng", "Xếp loại"])
    ws.append(["Chi bộ X", "HTTNV"])
    wb.create_sheet("Ghi chú").append(["Ghi chú:", "số liệu ở sheet ẩn"])
    ws.sheet_state = "hidden"
    wb.save(tmp_path / "w.xlsx")
    ds = ka.load(tmp_path / "w.xlsx")
    assert "hidden_sheet" in set(ds.warnings["code"])
    assert list(ds.orgs["org_name"]) == ["Chi bộ X"]


# ------------------------------------------------------------------------------------------ hostile files
def _zip_with(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_hostile_files_get_one_clear_line_each(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "trang_web.xls").write_text("<html><body><table><tr><td>1</td></tr></table></body></html>")
    good = write_xlsx(tmp_path / "good.xlsx", {"S": _org_rows()})
    (bad / "cut.xlsx").write_bytes(good.read_bytes()[:700])
    (bad / "empty.xlsx").write_bytes(b"")
    wb = Workbook()
    wb.save(bad / "blank.xlsx")
    # XML entity expansion ("billion laughs") in the shared strings
    src = zipfile.ZipFile(good)
    members = {n: src.read(n) for n in src.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                                           b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>' + sheet.split(b"?>", 1)[-1])
    _zip_with(bad / "entities.xlsx", members)
    # zip bomb: a sheet that inflates to 1.2 GB
    with zipfile.ZipFile(bad / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
        for n in src.namelist():
            zf.writestr(n, src.read(n))
        with zf.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * 2**24
            for _ in range(72):
                fh.write(chunk)
    # one cell at XFD1048576: the Rust reader would try to allocate hundreds of GiB and abort the process
    wb = Workbook()
    wb.active["A1"] = "Tên tổ chức cơ sở đảng"
    wb.active["XFD1048576"] = "x"
    wb.save(bad / "far.xlsx")
    out = subprocess.run([sys.executable, "-m", "khoi_analysis", "validate", str(bad)], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 1
    text = out.stdout + out.stderr
    assert "Traceback" not in text
    for name in ("trang_web.xls", "cut.xlsx", "empty.xlsx", "blank.xlsx", "entities.xlsx", "bomb.xlsx", "far.xlsx"):
        lines = [line for line in out.stdout.splitlines() if name in line]
        assert len(lines) == 1, (name, lines)
    assert "HTML" in text and "zip bomb" in text and "XFD1048576" in text and "DOCTYPE" in text


def test_password_protected_files_say_so():
    path = DATA_DIR / "password.xlsx"  # in the repository: CI needs no file outside it
    ds = ka.load(path)
    assert "mật khẩu" in ds.errors.iloc[0]["message"]


def test_raw_files_untouched_by_a_full_run(tmp_path):
    path = write_annex_workbook(tmp_path / "pl_2021.xlsx", 2021, ORGS)
    before = path.read_bytes()
    ka.load(path)
    assert path.read_bytes() == before
    assert load_workbook(path).sheetnames == ["PL1-TCCS", "PL2-Đảng viên", "PL3-Kết nạp"]


def test_crafted_xls_header_is_reported_without_taking_the_machine(tmp_path, capfd):
    """A CFB header whose FAT count is absurd makes the Rust reader allocate without bound (tafia/calamine#714);
    .xls is read in a child process with a memory cap, so the file is reported and nothing else happens."""
    import struct

    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIII", header, 44, 0xFFFFFFF0, 1, 0, 0)
    struct.pack_into("<I", header, 56, 4096)
    struct.pack_into("<II", header, 60, 0xFFFFFFFE, 0)
    struct.pack_into("<II", header, 68, 0xFFFFFFFE, 0)
    for i in range(109):
        struct.pack_into("<I", header, 76 + 4 * i, 0 if i == 0 else 0xFFFFFFFF)
    path = tmp_path / "hong.xls"
    path.write_bytes(bytes(header) + bytes(2048))
    ds = ka.load(path, cache=False)
    assert list(ds.issues["code"]) == ["unreadable_file"]
    assert "hong.xls" in ds.issues["file"].iloc[0]
    err = capfd.readouterr().err
    assert "backtrace" not in err and "Traceback" not in err and "memory allocation" not in err


# ------------------------------------------------------------------ classes of unseen annexes (issue 12, first ones)
def _x_mark_annex(title_rows, *, total_label="Tổng cộng", parent="Kết quả xếp loại chất lượng"):
    """A TCCS annex with x-marks under four level columns below a merged parent header, and a total row."""
    orgs = [("Đảng bộ Sở Tài chính", "HTXSNV"), ("Chi bộ Sở Tư pháp", "HTTNV"), ("Chi bộ Công ty An Phát", "HTNV"),
            ("Đảng bộ Bệnh viện tỉnh", "HTTNV")]
    levels = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
    rows = [*title_rows, [],
            ["STT", "Tên tổ chức cơ sở đảng", parent, None, None, None],
            [None, None, "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
             "Không hoàn thành nhiệm vụ"]]
    for i, (name, level) in enumerate(orgs, 1):
        rows.append([i, name, *["x" if lvl == level else None for lvl in levels]])
    rows.append([None, total_label, *[sum(1 for _, lvl in orgs if lvl == want) for want in levels]])
    return rows, len(title_rows) + 1  # the header's first row, 0-based


@pytest.mark.parametrize("signed", [2022, 2023])
def test_date_line_is_never_the_period(tmp_path, signed):
    """The date the report was signed ("…, ngày 10 tháng 01 năm 2023") is not its period ("… NĂM 2022")."""
    title = [["ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", None, None, None, f"Hà Nội, ngày 10 tháng 01 năm {signed}"],
             ["BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI TỔ CHỨC CƠ SỞ ĐẢNG NĂM 2022"]]
    rows, _ = _x_mark_annex(title)
    ds = ka.load(write_xlsx(tmp_path / "phu_luc.xlsx", {"TCCS": rows}), cache=False)
    assert ds.ok, ds.issues.to_string()
    assert set(ds.orgs["year"]) == {2022}


def test_date_line_alone_gives_no_period(tmp_path):
    """With only a date line, the period is unknown: asked for, not guessed from the signing date."""
    rows, _ = _x_mark_annex([["", "", "", "", "Hà Nội, ngày 10 tháng 01 năm 2023"]])
    ds = ka.load(write_xlsx(tmp_path / "phu_luc.xlsx", {"TCCS": rows}), cache=False)
    assert "missing_year" in set(ds.errors["code"])
    assert ds.orgs.empty


@pytest.mark.parametrize("label", ["Toàn Đảng bộ", "Cộng toàn Đảng bộ", "Tổng cộng toàn Đảng bộ", "TOÀN ĐẢNG BỘ"])
def test_total_row_named_after_the_whole_committee_is_not_an_organisation(tmp_path, label):
    rows, _ = _x_mark_annex([["KẾT QUẢ XẾP LOẠI TCCS NĂM 2021"]], total_label=label)
    ds = ka.load(write_xlsx(tmp_path / "phu_luc.xlsx", {"TCCS": rows}), cache=False)
    assert ds.ok, ds.issues.to_string()
    assert len(ds.orgs) == 4
    assert ka.year_summary(ds, 2021)["orgs"]["good_or_better_pct"] == 75.0


@pytest.mark.parametrize("parent", ["Kết quả xếp loại chất lượng", "Xếp loại chất lượng",
                                    "Kết quả đánh giá chất lượng"])
def test_quality_in_the_parent_header_does_not_make_x_marks_counts(tmp_path, parent):
    """"chất lượng" contains "lượng" but is not "số lượng": x-marks stay ratings of organisations."""
    rows, _ = _x_mark_annex([["KẾT QUẢ XẾP LOẠI TCCS NĂM 2021"]], parent=parent)
    ds = ka.load(write_xlsx(tmp_path / "phu_luc.xlsx", {"TCCS": rows}), cache=False)
    assert ds.ok, ds.issues.to_string()
    assert ds.orgs.set_index("org_name")["rating"].astype(str).to_dict() == {
        "Đảng bộ Sở Tài chính": "HTXSNV", "Chi bộ Sở Tư pháp": "HTTNV", "Chi bộ Công ty An Phát": "HTNV",
        "Đảng bộ Bệnh viện tỉnh": "HTTNV"}
    assert ds.member_counts.empty


@pytest.mark.parametrize("header", ["Tên tổ chức đảng", "Đảng bộ trực thuộc", "Tên đảng bộ trực thuộc", "Tổ chức đảng"])
def test_other_names_of_the_organisation_column(tmp_path, header):
    rows, h = _x_mark_annex([["KẾT QUẢ XẾP LOẠI TCCS NĂM 2021"]])
    rows[h][1] = header
    ds = ka.load(write_xlsx(tmp_path / "phu_luc.xlsx", {"TCCS": rows}), cache=False)
    assert ds.ok, ds.issues.to_string()
    assert len(ds.orgs) == 4 and ka.year_summary(ds, 2021)["orgs"]["excellent_pct"] == 25.0


@pytest.mark.parametrize("typed, level", [("HT xuất sắc", "HTXSNV"), ("Hoàn thành XS NV", "HTXSNV"),
                                          ("hoàn thành xuất sắc NV", "HTXSNV"), ("Hoàn thành tốt NV", "HTTNV"),
                                          ("HT tốt", "HTTNV"), ("Không HT NV", "KHTNV"), ("Hoàn thành NV", "HTNV")])
def test_free_typed_ratings_word_by_word(typed, level):
    assert ka.parse_rating(typed) == level
    assert ka.parse_rating(typed.upper()) == level


@pytest.mark.parametrize("typed", ["xuất sắc nhiệm vụ tốt", "hoàn thành xuất sắc tốt", "Tốt lắm", "HT XS tốt"])
def test_free_typed_nonsense_is_not_a_rating(typed):
    """Word by word, never by substring: a text that is not a spelling of one level is refused."""
    assert ka.parse_rating(typed) is None

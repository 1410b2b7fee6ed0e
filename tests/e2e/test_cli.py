"""The command line: contract, exit codes, never a raw traceback."""

import json
import subprocess
import sys

import pytest
from conftest import ORG_HEADER, write_xlsx


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "khoi_analysis", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


def test_validate_ok_file_exits_0(tiny_workbook):
    r = run("validate", tiny_workbook)
    assert r.returncode == 0, r.stderr
    assert "0 lỗi" in r.stdout


def test_validate_bad_data_exits_1_with_cell(tmp_path):
    path = write_xlsx(tmp_path / "bao_cao_2021.xlsx",
                      {"TCCS": [ORG_HEADER, [1, "Chi bộ A", "Đơn vị sự nghiệp", 2000, "Giỏi", None, "Có", "Có"]]})
    r = run("validate", path)
    assert r.returncode == 1
    assert "bao_cao_2021.xlsx" in r.stdout and "sheet 'TCCS'" in r.stdout and "ô E2" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr


def test_validate_lists_every_problem_of_mixed_files(tmp_path, tiny_workbook):
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 truncated zip")
    write_xlsx(tmp_path / "bad_2021.xlsx",
               {"TCCS": [ORG_HEADER, [1, "Chi bộ B", "Đơn vị sự nghiệp", 2000, "Giỏi", None, "Có", "Có"]]})
    r = run("validate", tmp_path)
    assert r.returncode == 1
    assert "broken.xlsx" in r.stdout and "Giỏi" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr


def test_missing_path_and_usage_errors(tmp_path):
    r = run("validate", tmp_path / "nope")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    r = run("summary", "--year", "abc")
    assert r.returncode == 2
    r = run("frobnicate")
    assert r.returncode == 2


def test_summary_refuses_data_with_errors(tmp_path):
    path = write_xlsx(tmp_path / "bao_cao_2021.xlsx",
                      {"TCCS": [ORG_HEADER, [1, "Chi bộ A", "Đơn vị sự nghiệp", 2000, "Giỏi", None, "Có", "Có"]]})
    r = run("summary", path, "--json")
    assert r.returncode == 1 and r.stdout == "" and "Giỏi" in r.stderr


def test_summary_json_and_text(tiny_workbook):
    r = run("summary", tiny_workbook, "--json")
    assert r.returncode == 0
    s = json.loads(r.stdout)
    assert s["year"] == 2021 and s["orgs"]["good_or_better_pct"] == 66.7
    r = run("summary", tiny_workbook)
    assert "66,7%" in r.stdout and "Hoàn thành tốt nhiệm vụ trở lên" in r.stdout
    r = run("summary", tiny_workbook, "--year", "2030")
    assert r.returncode == 1 and "2030" in r.stderr


def test_help_is_vietnamese():
    r = run("--help")
    assert r.returncode == 0 and "tùy chọn" in r.stdout and "kiểm tra dữ liệu" in r.stdout
    r = run("summary", "--help")
    assert "--json" in r.stdout and "năm" in r.stdout.lower()


def test_template_command(tmp_path):
    r = run("template", tmp_path / "mau.xlsx")
    assert r.returncode == 0 and (tmp_path / "mau.xlsx").exists()


def test_charts_command_for_a_chosen_year(tmp_path):
    from conftest import SAMPLE_DIR

    r = run("charts", SAMPLE_DIR, "--year", 2021, "--out", tmp_path)
    assert r.returncode == 0, r.stderr
    names = {p.name for p in tmp_path.iterdir()}
    assert "chi_tieu_nghi_quyet_2021.png" in names and "ty_le_xep_loai_tccs_2017_2021.svg" in names
    assert len(names) == 16 and not [n for n in names if "2022" in n]  # the chosen year is the last one shown
    r = run("charts", SAMPLE_DIR, "--from", 2019, "--to", 2021, "--out", tmp_path / "b")
    assert r.returncode == 0, r.stderr
    assert "ket_nap_dang_vien_2019_2021.png" in {p.name for p in (tmp_path / "b").iterdir()}


def test_tccs_transition_and_filters_in_vietnamese(tmp_path):
    from conftest import SAMPLE_DIR

    r = run("tccs", "transition", SAMPLE_DIR, "--from", 2020, "--to", 2021)
    assert r.returncode == 0, r.stderr
    assert "Xếp loại năm 2020 → Xếp loại năm 2021" in r.stdout and "xuống 1 mức" in r.stdout
    r = run("tccs", "transition", SAMPLE_DIR, "--from", 2020, "--to", 2021, "--out", tmp_path / "chuyen_muc.xlsx")
    assert r.returncode == 0, r.stderr
    from openpyxl import load_workbook

    books = {ws.title: ws for ws in load_workbook(tmp_path / "chuyen_muc.xlsx").worksheets}
    assert books["TCCS chuyển mức"]["A1"].value.startswith("TCCS CHUYỂN MỨC XẾP LOẠI 2020 → 2021: ")
    matrix = books["Ma trận chuyển mức"]  # titled as what it holds, not as the list
    assert matrix["A1"].value == "MA TRẬN CHUYỂN MỨC XẾP LOẠI TCCS 2020 → 2021"
    assert matrix["A4"].value == "Xếp loại năm 2020 → Xếp loại năm 2021" and matrix["A5"].value == "KHTNV"
    r = run("members", "levels", SAMPLE_DIR, "--year", 2021, "--org-type", "Doanh nghiệp nhà nước")
    assert r.returncode == 0 and "Doanh nghiệp nhà nước" in r.stdout and "Cơ quan hành chính" not in r.stdout
    r = run("members", "levels", SAMPLE_DIR, "--org-type", "Doanh nghiệp xyz")
    assert r.returncode == 1 and "Doanh nghiệp ngoài nhà nước" in r.stderr and "Traceback" not in r.stderr
    r = run("members", "list", SAMPLE_DIR, "--org", "Sở Không Có Thật")
    assert r.returncode == 1 and "không có TCCS nào khớp" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("command", [["summary"], ["members", "levels"]], ids=" ".join)
def test_broken_pipe_is_quiet(command):
    from conftest import SAMPLE_DIR

    p = subprocess.Popen([sys.executable, "-m", "khoi_analysis", *command, str(SAMPLE_DIR)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.readline()
    p.stdout.close()  # as `| head -1` does
    err = p.stderr.read().decode()
    assert p.wait() == 0 and err == "", err


def test_outputs_follow_the_umask(tmp_path):
    import os
    import stat

    from conftest import SAMPLE_DIR

    r = subprocess.run(["sh", "-c", f"umask 022 && {sys.executable} -m khoi_analysis charts {SAMPLE_DIR} --out "
                        f"{tmp_path}"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    for path in tmp_path.iterdir():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o644, path  # colleagues can open the deck

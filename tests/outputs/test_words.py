"""No internal code or English reaches a user: every file a build writes and every table the command line
prints or writes is walked for snake_case keys, codes (UNRATED, info, issue codes, organisation type codes),
English headers and raw floats."""

import csv
import re
import subprocess
import sys

import pytest
from conftest import SAMPLE_DIR
from openpyxl import load_workbook

import khoi_analysis as ka

SNAKE = re.compile(r"(?<![\w./\\-])[a-z]+(?:_[a-z0-9]+)+(?![\w.])")  # a key; not a file name (…_2021.xlsx)
CODE_WORDS = re.compile(r"\b(UNRATED|info|warning|error|nan|NaN|None|True|False)\b")
RAW_FLOAT = re.compile(r"\b\d+\.\d{2,}\b")  # 88.14814814814815: a float as Python prints it
# every column name of the package's frames that is a plain English word
ENGLISH = {"year", "total", "rated", "unrated", "members", "gap", "actual", "threshold", "met", "unit", "quota",
           "admitted", "severity", "code", "file", "sheet", "cell", "message", "name", "rating", "comparator",
           "allowed", "over", "new", "index", "level_0"}


def _header_row(ws) -> int:
    """The header's row: the one the panes are frozen under (under the committee's name, title and units)."""
    return int(ws.freeze_panes.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - 1


def _problems(text: str, where: str, codes: set[str]) -> list[str]:
    found = [m.group(0) for m in SNAKE.finditer(text)] + [m.group(0) for m in CODE_WORDS.finditer(text)]
    found += [c for c in codes if re.search(rf"\b{re.escape(c)}\b", text)]
    return [f"{where}: {f!r}" for f in found]


def _codes():
    return set(ka.labels.ORG_TYPES) | {"twenty_percent_members", "twenty_percent_orgs"}


def _csv(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff"), f"{path.name}: UTF-8 with BOM"
    rows = list(csv.reader(text.lstrip("\ufeff").splitlines(), delimiter=";"))
    assert len(rows[0]) > 1, f"{path.name}: ';' between fields (Vietnamese regional settings)"
    return rows


def _walk(out) -> list[str]:
    """What a user reads in every file of a build (tables, texts, the deck, the Word reports, the charts' texts),
    each problem named with its file."""
    problems = []
    for path in sorted(out.rglob("*")):
        if path.suffix == ".csv":
            rows = _csv(path)
            problems += [f"{path.name} header {h!r}" for h in rows[0] if h in ENGLISH]
            for row in rows:
                for cell in row:
                    problems += _problems(cell, path.name, _codes())
                    problems += [f"{path.name}: raw float {cell!r}" for cell in [cell] if RAW_FLOAT.search(cell)]
        elif path.suffix in (".txt", ".md"):
            problems += _problems(path.read_text(encoding="utf-8"), path.name, _codes())
        elif path.suffix == ".svg":  # a chart's texts are drawn as paths, each after a comment that says it
            for said in re.findall(r"<!-- (.*?) -->", path.read_text(encoding="utf-8")):
                problems += _problems(said, path.name, _codes())
        elif path.suffix == ".xlsx":
            for ws in load_workbook(path).worksheets:
                header = [c.value for c in ws[_header_row(ws)]]
                assert any(header), f"{path.name}/{ws.title}: no header row"
                problems += [f"{path.name}/{ws.title} header {h!r}" for h in header if h in ENGLISH]
                for row in ws.iter_rows(values_only=True):
                    for v in row:
                        if isinstance(v, str):
                            problems += _problems(v, f"{path.name}/{ws.title}", _codes())
        elif path.suffix == ".pptx":
            from test_outputs import _deck_texts

            for t in _deck_texts(path):
                problems += _problems(t, path.name, _codes())
        elif path.suffix == ".docx":
            import docx

            document = docx.Document(str(path))
            texts = [p.text for p in document.paragraphs]
            texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
            for text in texts:
                problems += _problems(text, path.name, _codes())
    return problems


def test_every_built_file_speaks_vietnamese(built):
    problems = _walk(built)
    assert not problems, problems[:20]
    rows = _csv(built / "kiem_tra_du_lieu.csv")
    assert rows[0] == ["Mức", "Tệp", "Sheet", "Ô", "Nội dung"]
    assert {r[0] for r in rows[1:]} == {"GHI CHÚ"}
    series = _csv(built / "ty_le_theo_nam.csv")
    assert series[0][:2] == ["Năm", "TCCS: HTTNV trở lên (%)"]
    assert series[5][:2] == ["2021", "91,4"]  # decimal comma, one decimal


def test_a_build_of_the_latest_year_speaks_vietnamese(built_latest, sample):
    """The default build (the latest year, scored under QĐ 366, after the 2025 reorganisation) and its texts for
    every year, 2025 included."""
    latest = max(sample.years)
    assert {f"bao_cao_hoi_nghi_{latest}.pptx", f"bang_tong_hop_{latest}.xlsx", "bao_cao_2025.docx",
            "doan_bao_cao_2025.md"} <= {p.name for p in built_latest.iterdir()}
    assert any(p.name.startswith("phan_bo_diem_") for p in (built_latest / "bieu_do").iterdir())  # scores drawn
    problems = _walk(built_latest)
    assert not problems, problems[:20]


def _run(*args):
    r = subprocess.run([sys.executable, "-m", "khoi_analysis", *map(str, args)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.mark.parametrize("query", [["levels", "--year", 2021], ["transition", "--from", 2020, "--to", 2021],
                                   ["ages", "--year", 2021], ["unrated", "--year", 2021], ["streak"],
                                   ["list", "--org", "Sở Tư pháp", "--year", 2021]],
                         ids=lambda q: q[0])
def test_every_cli_table_speaks_vietnamese(query, tmp_path):
    shown = _run("members", query[0], SAMPLE_DIR, *query[1:])
    problems = _problems(shown, "stdout", _codes())
    lines = shown.splitlines()
    problems += [f"stdout header {w!r}" for w in lines[1].split() if w in ENGLISH]
    out = tmp_path / "kq.csv"
    _run("members", query[0], SAMPLE_DIR, *query[1:], "--out", out)
    rows = _csv(out)
    problems += [f"csv header {h!r}" for h in rows[0] if h in ENGLISH]
    for row in rows:
        for cell in row:
            problems += _problems(cell, "csv", _codes())
    xlsx = tmp_path / "kq.xlsx"
    _run("members", query[0], SAMPLE_DIR, *query[1:], "--out", xlsx)
    ws = load_workbook(xlsx).worksheets[0]
    header = [c.value for c in ws[_header_row(ws)]]
    assert any(header), "xlsx: no header row"
    problems += [f"xlsx header {h!r}" for h in header if h in ENGLISH]
    for row in ws.iter_rows(values_only=True):
        problems += [p for v in row if isinstance(v, str) for p in _problems(v, "xlsx", _codes())]
    assert not problems, problems[:20]


def test_one_label_per_meaning(built):
    wb = load_workbook(built / "bang_tong_hop_2021.xlsx")
    targets = [c.value for c in wb["Chỉ tiêu 2021"][5]]  # the header under the committee, title and units
    assert "Họ và tên" not in targets and "Chỉ tiêu Nghị quyết" in targets
    for sheet in ("TCCS theo năm", "Đảng viên theo năm"):
        header = [c.value for c in wb[sheet][5]]
        assert len(header) == len(set(header)), header
    issues = ka.vi_table(ka.load(SAMPLE_DIR).issues)
    assert "Ô" in issues.columns and "Chi bộ" not in issues.columns


def test_to_excel_writes_real_numbers(sample, tmp_path):
    shares = ka.shares_by_year(ka.org_rating_counts(sample.orgs))
    path = ka.to_excel({"TCCS": shares, "Chuyển mức": ka.transition_matrix(sample.members, 2020, 2021)},
                       tmp_path / "bang.xlsx")
    wb = load_workbook(path)
    ws = wb["TCCS"]
    header = [c.value for c in ws[4]]
    assert header[0] == "Năm" and "HTTNV trở lên (%)" in header
    col = header.index("HTTNV trở lên (%)") + 1
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value == 2021)
    cell = ws.cell(row, col)
    assert isinstance(cell.value, float) and cell.number_format == "0.0%"
    assert cell.value == pytest.approx(shares.set_index("year").loc[2021, "good_or_better_pct"] / 100)
    total = ws.cell(row, header.index("Tổng số") + 1)
    assert total.number_format == "#,##0" and float(total.value).is_integer()
    matrix = wb["Chuyển mức"]
    assert matrix["A4"].value == "Xếp loại năm 2020 → Xếp loại năm 2021" and matrix["A5"].value == "KHTNV"

"""Project set-up: environment.yml and pyproject agree; the Makefile has its targets; the API is flat."""

import re

import tomllib
import yaml
from conftest import ROOT

import khoi_analysis as ka


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == {_name(d) for d in project["dependencies"]}
    assert "conda-forge" in env["channels"]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert any(p.startswith("-e") for p in pip)


def test_makefile_targets_and_help():
    text = (ROOT / "Makefile").read_text()
    for target in ("setup", "charts", "test", "lab", "bench", "lint", "clean", "help"):
        assert re.search(rf"^{target}:", text, re.MULTILINE), target
        if target != "help":
            assert f"## {target}:" in text


def test_flat_public_api():
    for name in ka.__all__:
        assert getattr(ka, name) is not None, name


def test_gitignore_keeps_real_data_out():
    text = (ROOT / ".gitignore").read_text()
    assert "data/raw/*" in text and "!data/raw/mau/" in text and "data/processed/*" in text


def test_license_is_an_spdx_expression():
    """project.license as a table is deprecated by setuptools (a warning on every install)."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert isinstance(data["project"]["license"], str)
    assert any(r.startswith("setuptools>=77") for r in data["build-system"]["requires"])


def test_make_charts_takes_a_year():
    import shutil
    import subprocess

    if shutil.which("make") is None:
        import pytest

        pytest.skip("make is not installed here; .ci/run installs it")
    r = subprocess.run(["make", "-n", "charts", "NAM=2021"], cwd=ROOT, capture_output=True, text=True)
    line = [x for x in r.stdout.splitlines() if "khoi-analysis build" in x][-1]
    assert "--year 2021" in line


def test_readme_walks_a_newcomer_from_raw_files_to_the_deck_and_the_word_report(tmp_path):
    """The README's steps, command by command, on the example annex in a folder of its own: validate, then the
    build `make charts NAM=2021 DU_LIEU=…` runs; the deck, the Word report and the workbook come out, named
    for the one year they hold (no '2021_2021', no '2021–2021')."""
    import shutil
    import subprocess
    import sys

    from openpyxl import load_workbook

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    walk = readme[readme.index("## Từ tệp thô đến bài trình chiếu và báo cáo Word"):]
    walk = walk[:walk.index("\n## ", 3)]
    for step in ("cp data/examples/phu_luc_2021.xlsx data/raw/don_vi/2021/",
                 "khoi-analysis validate data/raw/don_vi", "make charts NAM=2021 DU_LIEU=data/raw/don_vi",
                 "bao_cao_hoi_nghi_2021.pptx", "bao_cao_2021.docx", "bang_tong_hop_2021.xlsx"):
        assert step in walk, step
    build_line = "build data/raw/don_vi --out data/processed --year 2021"
    if shutil.which("make") is not None:  # what `make charts` runs with these variables
        r = subprocess.run(["make", "-n", "charts", "NAM=2021", "DU_LIEU=data/raw/don_vi"], cwd=ROOT,
                           capture_output=True, text=True)
        assert build_line in r.stdout, r.stdout
    raw = tmp_path / "data" / "raw" / "don_vi" / "2021"
    raw.mkdir(parents=True)
    shutil.copy(ROOT / "data" / "examples" / "phu_luc_2021.xlsx", raw)

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "khoi_analysis", *args], cwd=tmp_path, capture_output=True,
                              text=True)

    r = cli("validate", "data/raw/don_vi")
    assert r.returncode == 0 and "0 lỗi" in r.stdout, r.stdout + r.stderr
    r = cli(*build_line.split())
    assert r.returncode == 0, r.stderr
    out = tmp_path / "data" / "processed"
    assert {"bao_cao_hoi_nghi_2021.pptx", "bao_cao_2021.docx", "bang_tong_hop_2021.xlsx"} <= {
        p.name for p in out.iterdir()}
    charts = {p.name for p in (out / "bieu_do").iterdir()}
    assert "ty_le_xep_loai_tccs_2021.png" in charts and not [c for c in charts if "2021_2021" in c]
    titles = [ws["A2"].value for ws in load_workbook(out / "bang_tong_hop_2021.xlsx").worksheets]
    assert "KẾT QUẢ XẾP LOẠI CHẤT LƯỢNG TCCS NĂM 2021" in titles and not [t for t in titles if "2021–2021" in t]

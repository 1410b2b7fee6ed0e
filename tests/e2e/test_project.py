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

"""Every notebook executes headless on the sample, with the venv's own kernel, within a time bound."""

import re
from pathlib import Path

import jupytext
import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.py"))
TIMEOUT_S = 180


def test_notebooks_are_numbered_and_named_by_content():
    names = [p.stem for p in NOTEBOOKS]
    assert len(names) >= 7 and names[0].startswith("0.0-")
    for name in names:
        number, _, title = name.partition("-")
        assert number.replace(".", "").isdigit() and title


def test_one_default_year_in_every_notebook():
    """Every notebook's parameters cell sets the same default year (None: the data's latest, as build)."""
    defaults = {}
    for path in NOTEBOOKS:
        cell = next(c for c in jupytext.read(path).cells if "parameters" in c.metadata.get("tags", []))
        values: dict = {}
        exec(cell.source, {}, values)
        defaults[path.stem] = values["nam"]
    assert len(set(defaults.values())) == 1, defaults


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path: Path, tmp_path, sample):
    nb = jupytext.read(path)
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert "parameters" in first_code.metadata.get("tags", []), "first code cell must be tagged parameters"
    # like papermill: a cell after the parameters cell overrides the output folder
    at = nb.cells.index(first_code) + 1
    # the conference notebook is run for an earlier year, as `-p nam 2021` would: nothing after it may show
    chosen = 2021 if path.stem.startswith("5.0") else None
    override = f"thu_muc_ket_qua = {str(tmp_path)!r}" + (f"\nnam = {chosen}" if chosen else "")
    nb.cells.insert(at, nbformat.v4.new_code_cell(override))
    client = NotebookClient(nb, timeout=TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    shown = _shown(nb)
    codes = [c for c in _codes() if c in shown]
    assert not codes, f"internal codes shown to the user: {codes[:5]}"
    for table in _html_tables(nb):  # rows numbered 1…n, whatever filter or sort made the table
        numbers = re.findall(r"<tr><th style='text-align:right'>([^<]*)</th>", table)
        assert numbers == [str(i) for i in range(1, len(numbers) + 1)], (path.stem, numbers[:5])
        headers = re.findall(r"<th style='text-align:left'>([^<]*)</th>", table)
        assert headers and not [h for h in headers if re.fullmatch(r"[a-z_0-9 ]+", h)], (path.stem, headers)
    if chosen:
        written = [p.name for p in tmp_path.rglob("*") if p.is_file()]
        years = {int(y) for name in written for y in re.findall(r"20\d\d", name)}
        assert f"bao_cao_hoi_nghi_{chosen}.pptx" in written and max(years) == chosen, sorted(years)
        assert f"ty_le_xep_loai_tccs_{min(sample.years)}_{chosen}.png" in written
    if path.stem.startswith("1.0"):
        rows = f"{len(sample.members):,}".replace(",", ".")  # the sample's member rows, with a thousands dot
        assert "GHI CHÚ" in shown and rows in shown and len(sample.members) >= 1000  # severities in words
        assert "dữ liệu sạch" not in shown  # said only when there is no issue
        summary = next(o["data"]["text/plain"] for c in nb.cells if c.cell_type == "code" and c.source.endswith("ds")
                       for o in c.get("outputs", []) if "data" in o)
        assert summary.startswith("Dữ liệu: ") and "\n" not in summary  # ds as one line, not every table


def _shown(nb) -> str:
    """What a reader sees: every printed text and every table (plain and HTML) of the executed notebook."""
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            out.append(o.get("text", ""))
            data = o.get("data", {})
            out += [data.get("text/plain", ""), data.get("text/html", "")]
    return "\n".join(out)


def _html_tables(nb) -> list[str]:
    return [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if "text/html" in o.get("data", {}) and "<table" in o["data"]["text/html"]]


def _codes() -> set[str]:
    """Keys and codes a user must never read: issue codes, organisation type codes, English words of the
    tables, the folded organisation keys (unaccented 'ban quan ly du an …')."""
    import khoi_analysis as ka

    ds = ka.load(ROOT / "data" / "raw" / "mau")
    keys = {k for k in ds.orgs["org_id"].dropna().unique() if " " in k}
    return (set(ds.issues["code"]) | set(ka.labels.ORG_TYPES) | keys
            | {"UNRATED", "age_band", "rating_20", "good_or_better", "_pct", "org_name", "member_id", "Tccs"})


def test_no_personal_names_in_default_outputs(tmp_path):
    """The query notebook, run with its defaults, shows member codes but not names or birth dates."""
    import khoi_analysis as ka

    path = ROOT / "notebooks" / "6.0-truy-van-dang-vien.py"
    nb = jupytext.read(path)
    NotebookClient(nb, timeout=TIMEOUT_S, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    text = "\n".join(str(o) for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    ds = ka.load(ROOT / "data" / "raw" / "mau")
    names = set(ds.members["name"].dropna().unique())
    shown = [n for n in names if n in text]
    assert not shown, shown[:5]
    assert "Họ và tên" not in text

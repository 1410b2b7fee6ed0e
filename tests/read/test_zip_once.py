"""What the guards and scans take from a small workbook's zip once per file or once per process gives what reading
each part again would: a part's head (zipparts), and the sheet names and legacy-font styles of parts shared byte
for byte by many workbooks (xmlscan)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from khoi_analysis.read import xmlscan
from khoi_analysis.read.guards import _head
from khoi_analysis.read.zipparts import open_zip

SAMPLE = sorted((Path(__file__).resolve().parents[2] / "data" / "raw" / "mau").rglob("*.xlsx"))


@pytest.mark.parametrize("path", SAMPLE[:6], ids=lambda p: p.name)
def test_heads_are_the_parts_first_bytes(path):
    zf, plain = open_zip(path), zipfile.ZipFile(path)
    for info in plain.infolist():
        with plain.open(info) as fh:
            want = fh.read(4096)
        assert _head(zf, zf.getinfo(info.filename)) == want == _head(plain, info)


def _legacy_workbook(path: Path, font: str) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("TCCS")
    ws.write(0, 0, "Tæng sè", wb.add_format({"font_name": font}))
    ws.write(1, 0, "plain")
    wb.add_worksheet("Ẩn").hide()
    wb.close()
    return path


def test_shared_parts_are_read_once_and_alike(tmp_path):
    paths = [_legacy_workbook(tmp_path / f"{i}.xlsx", font) for i, font in enumerate([".VnTime", ".VnTime", "Arial"])]
    xmlscan._BY_CONTENT.clear()
    for _ in range(2):  # the first time worked out, the second from the cache
        for path in paths:
            zf = open_zip(path)
            names, styles = xmlscan.sheet_names(zf), xmlscan.legacy_font_styles(zf)
            wb, rels = zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels")
            assert names == xmlscan._sheet_names(wb, rels)
            assert styles == xmlscan._legacy_font_styles(zf.read("xl/styles.xml"))
            assert [n for n, _ in names.values()] == ["TCCS", "Ẩn"] and list(names.values())[1][1]
            assert bool(styles) == (path.name != "2.xlsx")
            names.clear(), styles.clear()  # what a caller does with its copy reaches no other caller
    assert len(xmlscan._BY_CONTENT) == 3  # one sheet list (the same bytes in all three), two style tables


@pytest.mark.parametrize("path", SAMPLE[:4], ids=lambda p: p.name)
def test_extras_without_the_anchor_are_the_same_extras(path):
    """A sheet fastexcel won't read is scanned without looking for its anchor: everything else as before."""
    zf = open_zip(path)
    styles = xmlscan.legacy_font_styles(zf)
    for target in xmlscan.sheet_names(zf):
        full = xmlscan.scan_extras(zf, zf.getinfo(target), styles)
        lean = xmlscan.scan_extras(zf, zf.getinfo(target), styles, anchor=False)
        assert lean["anchor"] is None and {**lean, "anchor": full["anchor"]} == full

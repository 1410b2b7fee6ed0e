"""The benchmark's national layout follows the provinces of the year: 63 until 2024, the 34 of Nghị quyết
202/2025/QH15 from 2025, each holding whole former provinces; national() writes one folder per province."""

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import make_inputs  # noqa: E402
import provinces  # noqa: E402


def test_the_34_hold_the_63_exactly_once():
    assert len(provinces.PROVINCES_63) == len(set(provinces.PROVINCES_63)) == 63
    assert len(provinces.PROVINCES_34) == 34
    held = [old for olds in provinces.MERGED_2025.values() for old in olds]
    assert sorted(held) == sorted(provinces.PROVINCES_63)  # every former province in exactly one new one
    kept = [new for new, olds in provinces.MERGED_2025.items() if len(olds) == 1]
    assert len(kept) == 11 and "Huế" in kept  # 11 kept (Thừa Thiên Huế as Huế), 23 merged
    assert provinces.MERGED_2025["Hải Phòng"] == ("Hải Phòng", "Hải Dương")  # the seed's province, since 2025
    assert provinces.provinces_for(2024) == provinces.PROVINCES_63
    assert provinces.provinces_for(2025) == provinces.provinces_for(2026) == provinces.PROVINCES_34


def test_slugs_are_ascii_and_distinct():
    for names in (provinces.PROVINCES_63, provinces.PROVINCES_34):
        slugs = [provinces.slug(n) for n in names]
        assert len(set(slugs)) == len(slugs) and all(s.isascii() and s.replace("_", "").isalnum() for s in slugs)
    assert provinces.slug("Bà Rịa - Vũng Tàu") == "ba_ria_vung_tau" and provinces.slug("Đắk Lắk") == "dak_lak"


@pytest.mark.parametrize("year, n", [(2024, 63), (2026, 34)])
def test_national_writes_one_folder_per_province_of_the_year(tmp_path, monkeypatch, year, n):
    monkeypatch.setattr(make_inputs, "DATA", tmp_path)
    folder = make_inputs.national(n * 3, year, orgs=2)
    dirs = sorted(p.name for p in folder.iterdir())
    assert dirs == sorted(provinces.slug(p) for p in provinces.provinces_for(year))
    files = sorted(folder.rglob("*.xlsx"))
    assert len(files) == n and all(f.name == f"dang_vien_{year}_{f.parent.name}.xlsx" for f in files)


@pytest.mark.parametrize("variant", ["members", "counts"])
def test_per_tccs_workbooks_read_back_as_written(tmp_path, variant):
    """The per-TCCS benchmark's workbooks (one per TCCS per year) are read as the rows they were written from:
    the benchmark times a load that reads them right."""
    import datetime as dt

    import make_per_tccs

    import khoi_analysis as ka

    org_row = [7, "Chi bộ Công ty Cổ phần Cảng Lam Giang", "Doanh nghiệp ngoài nhà nước", 2008, "HTTNV", None, "Có",
               None]
    members = [[k + 1, f"21{k:04d}", f"Nguyễn Văn {k}", dt.date(1970 + k, 3, 1), "Nam", org_row[1],
                ["HTXSNV", "HTTNV", "HTNV"][k % 3], None] for k in range(5)]
    make_per_tccs.write_one(tmp_path / "2021" / "007_cang_2021.xlsx", 2021, org_row, members, variant)
    ds = ka.load(tmp_path, cache=False)
    assert ds.issues[ds.issues["severity"] == "error"].empty, ds.issues.to_string()
    assert list(ds.orgs["org_name"]) == [org_row[1]] and list(ds.orgs["year"]) == [2021]
    s = ka.year_summary(ds, 2021)["members"]
    assert (s["total"], s["rated"]) == (5, 5) and s["counts"]["HTXSNV"] == 2


def test_build_benchmark_changes_one_member_rating_of_the_resent_file(tmp_path):
    import build_sample

    import khoi_analysis as ka

    src = build_sample.SAMPLE / build_sample.CHANGED
    changed = build_sample._corrected(src, tmp_path / build_sample.CHANGED)
    before = ka.load(src, cache=False).members.reset_index(drop=True)
    after = ka.load(changed, cache=False).members.reset_index(drop=True)
    assert len(before) == len(after) > 0
    differs = before["rating"].astype(object).fillna("") != after["rating"].astype(object).fillna("")
    assert differs.sum() == 1
    assert (before.loc[differs, "rating"].tolist(), after.loc[differs, "rating"].tolist()) == (["HTTNV"], ["HTNV"])
    assert src.read_bytes() != changed.read_bytes()


def test_per_tccs_cold_rounds_forget_what_a_load_learned(tmp_path):
    """The per-TCCS benchmark's 'cold' rounds run in one process: its FORGET clears every cache a load fills
    (a renamed cache would make it fail here, not silently time warm rounds)."""
    import per_tccs

    import khoi_analysis as ka

    ka.load(BENCH.parent / "data" / "raw" / "mau", cache=False)
    exec(per_tccs.FORGET, {})  # noqa: S102 - the benchmark's own snippet
    m = sys.modules
    locate, xmlscan = m["khoi_analysis.sheet.locate"], m["khoi_analysis.read.xmlscan"]
    arrow = m["khoi_analysis.sheet.arrow"]
    rows, vocabulary = m["khoi_analysis.sheet.rows"], m["khoi_analysis.sheet.vocabulary"]
    assert not locate._MAPPED and not locate._COLUMNS and not xmlscan._BY_CONTENT and not arrow._TEXTS
    assert rows._group_heading.cache_info().currsize == vocabulary.header_key.cache_info().currsize == 0


@pytest.mark.parametrize("variant", ["members", "counts"])
def test_per_tccs_new_tccs_is_a_tccs_not_in_the_set(tmp_path, monkeypatch, variant):
    """The benchmark's 'adding a new TCCS' case adds an organisation and members no file had: no identity
    warning, one file read."""
    import datetime as dt

    import make_per_tccs
    import per_tccs

    import khoi_analysis as ka

    monkeypatch.setenv("KHOI_ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    org_row = [7, "Chi bộ Công ty Cổ phần Cảng Lam Giang", "Doanh nghiệp ngoài nhà nước", 2008, "HTTNV", None, "Có",
               None]
    members = [[k + 1, f"21{k:04d}", f"Nguyễn Văn {k}", dt.date(1970 + k, 3, 1), "Chi bộ 1", org_row[1],
                ["HTXSNV", "HTTNV", "HTNV"][k % 3], None] for k in range(5)]
    src = tmp_path / "in" / "2021" / "007_cang_2021.xlsx"
    make_per_tccs.write_one(src, 2021, org_row, members, variant)
    before = ka.load(tmp_path / "in", progress=False)
    per_tccs.new_tccs(src, src.with_name("zz_tccs_moi.xlsx"))
    entries = set((tmp_path / "cache" / "files").iterdir())
    after = ka.load(tmp_path / "in", progress=False)
    assert len(set((tmp_path / "cache" / "files").iterdir()) - entries) == 1
    assert sorted(after.orgs["org_name"]) == sorted([org_row[1], org_row[1] + " (mới thành lập)"])
    assert after.member_counts["total"].sum() == 2 * before.member_counts["total"].sum() == 10
    warned = after.issues[after.issues["severity"].isin(["warning", "error"])]
    assert warned.empty, warned.to_string()
    if variant == "members":
        assert after.members["member_id"].nunique() == 10

"""Year over year as published and like-for-like, against hand-computed figures."""

import pandas as pd
import pytest

import khoi_analysis as ka


def _orgs(rows):
    return pd.DataFrame(rows, columns=["year", "org_id", "org_name", "rating"])


def test_merge_like_for_like_by_hand():
    # 2024: a HTXSNV, b HTTNV, c HTNV, d HTTNV; 2025: ab (a+b merged) HTTNV, c HTNV, e (new) HTXSNV; d left.
    # published: 2024 3/4 good = 75,0%, 2025 2/3 = 66,7% -> -8,3 points
    # like-for-like: 2024 {a, b, c} 2/3 = 66,7%; 2025 {ab, c} 1/2 = 50,0% -> -16,7 points
    ds = ka.Dataset.from_frames(orgs=_orgs([
        (2024, "a", "A", "HTXSNV"), (2024, "b", "B", "HTTNV"), (2024, "c", "C", "HTNV"), (2024, "d", "D", "HTTNV"),
        (2025, "ab", "AB", "HTTNV"), (2025, "c", "C", "HTNV"), (2025, "e", "E", "HTXSNV")]),
        lineage=pd.DataFrame({"year": [2025] * 3, "old_name": ["A", "B", "D"], "new_name": ["AB", "AB", None],
                              "kind": ["hợp nhất", "hop nhat", "chuyển đi"]}))
    assert ds.ok, ds.issues
    pub = ka.year_over_year(ds, 2025).iloc[0]
    like = ka.year_over_year(ds, 2025, how="like_for_like").iloc[0]
    assert pub["good_or_better_pct_change_pp"] == -8.3
    assert like["rated_previous"] == 3 and like["rated"] == 2
    assert like["good_or_better_pct_change_pp"] == -16.7
    s = ka.year_summary(ds, 2025)
    assert s["change_pp_like_for_like"]["orgs"]["good_or_better_pct"] == -16.7
    assert "cùng cơ cấu" in ka.summary_text(s) and "như đã công bố" in ka.summary_text(s)
    assert ka.structure_breaks(ds) == [2025]


def test_split_counts_predecessor_once():
    # 2024: a HTXSNV, c HTNV; 2025: a split into a1 HTTNV, a2 HTNV; c HTNV.
    # like-for-like 2024: {a, c}: excellent 1/2 = 50,0% (a once, not per piece); 2025 {a1, a2, c}: 1/3 good = 33,3%
    ds = ka.Dataset.from_frames(orgs=_orgs([
        (2024, "a", "A", "HTXSNV"), (2024, "c", "C", "HTNV"),
        (2025, "a1", "A1", "HTTNV"), (2025, "a2", "A2", "HTNV"), (2025, "c", "C", "HTNV")]),
        lineage=pd.DataFrame({"year": [2025, 2025], "old_name": ["A", "A"], "new_name": ["A1", "A2"],
                              "kind": ["chia tách", "split"]}))
    like = ka.year_over_year(ds, 2025, how="like_for_like").iloc[0]
    assert like["rated_previous"] == 2 and like["rated"] == 3
    assert like["good_or_better_pct_previous"] == pytest.approx(50.0)
    assert like["good_or_better_pct_change_pp"] == pytest.approx(33.3 - 50.0)


def test_empty_lineage_like_for_like_equals_published():
    levels = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
    rows = [(y, o, o.upper(), r) for y in (2020, 2021) for o, r in zip("abcd", levels[::(1 if y == 2020 else -1)])]
    ds = ka.Dataset.from_frames(orgs=_orgs(rows))
    pub, like = ka.year_over_year(ds, 2021), ka.year_over_year(ds, 2021, how="like_for_like")
    cols = ["good_or_better_pct_change_pp", "excellent_pct_change_pp", "rated", "rated_previous"]
    assert pub[cols].to_dict("records") == like[cols].to_dict("records")


def test_bad_lineage_lines_are_errors_with_line_numbers(tmp_path):
    from khoi_analysis.dataset.lineage import read_lineage

    p = tmp_path / "sap_xep_tccs.csv"
    p.write_text("nam_hieu_luc,ten_cu,ten_moi,loai\n20x5,A,B,đổi tên\n2025,A,B,gộp\n2025,,B,hợp nhất\n",
                 encoding="utf-8")
    lines, issues = read_lineage(p)
    assert lines.empty
    assert [i.message.split(":")[0] for i in issues] == ["sap_xep_tccs.csv, dòng 2", "sap_xep_tccs.csv, dòng 3",
                                                         "sap_xep_tccs.csv, dòng 4"]

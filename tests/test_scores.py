"""Score figures: counts per band of the year's regulation, mean and median, below-band ratings, the change
against last year, and the summary's `regime`, `period` and `score` keys; checked against figures computed by
hand and, for the bands, against regimes.level_from_score on random scores."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import khoi_analysis as ka
from khoi_analysis.outputs.summary import summary_text, year_summary

ORGS = pd.DataFrame({
    "year": [2025] * 5 + [2026] * 5,
    "org_id": list("abcde") * 2, "org_name": [f"Chi bộ {c}" for c in "ABCDE"] * 2,
    "org_type": "co_quan_hanh_chinh",
    "rating": ["HTXSNV", "HTTNV", "HTTNV", "HTNV", "HTNV", "HTXSNV", "HTXSNV", "HTTNV", "HTNV", "KHTNV"],
    "score": [92, 85, 71, 95, 55, 91, 96, 80, 65, 45],
})


def test_by_hand():
    table = ka.score_summary(ka.Dataset.from_frames(orgs=ORGS).orgs).set_index("year")
    # 2025: mean (92+85+71+95+55)/5 = 79.6, median 85; bands: ≥90: 92, 95 | 70–<90: 85, 71 | 50–<70: 55;
    # D has 95 (HTXSNV band) but is rated HTNV: one below its band
    assert table.loc[2025, ["scored", "mean", "median"]].tolist() == [5, 79.6, 85.0]
    assert table.loc[2025, ["band_HTXSNV", "band_HTTNV", "band_HTNV", "band_KHTNV", "below_band"]].tolist() == \
        [2, 2, 1, 0, 1]
    # 2026: mean 377/5 = 75.4, median 80; 45 is below 50: KHTNV
    assert table.loc[2026, ["mean", "median", "band_KHTNV", "below_band"]].tolist() == [75.4, 80.0, 1, 0]
    change = ka.score_change(ORGS, 2026)
    assert change["mean_change"].round(6).tolist() == [-4.2] and change["median_change"].tolist() == [-5.0]


def test_summary_keys_and_text():
    s = year_summary(ka.Dataset.from_frames(orgs=ORGS), 2026)
    assert s["period"] == "2026" and s["regime"] == "366-QĐ/TW"
    assert s["orgs"]["score"] == {"scored": 5, "mean": 75.4, "median": 80.0,
                                  "bands": {"KHTNV": 1, "HTNV": 1, "HTTNV": 1, "HTXSNV": 2}, "below_band": 0}
    text = summary_text(s)
    assert "bình quân 75,4 điểm, trung vị 80,0 điểm" in text
    assert "366-QĐ/TW" in text


def test_no_scores_no_section():
    s = year_summary(ka.Dataset.from_frames(orgs=ORGS.drop(columns="score").assign(year=2021)), 2021)
    assert s["orgs"]["score"] is None and s["regime"] == "132-QĐ/TW"


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=40))
def test_bands_agree_with_the_regulation(values):
    frame = pd.DataFrame({"year": 2026, "score": values, "rating": pd.NA})
    row = ka.score_summary(frame).iloc[0]
    from khoi_analysis.regimes import level_from_score, regime_for
    regime = regime_for(2026)
    expected = pd.Series([level_from_score(v, regime) for v in values]).value_counts()
    for lvl in ("HTXSNV", "HTTNV", "HTNV", "KHTNV"):
        assert row[f"band_{lvl}"] == expected.get(lvl, 0)
    assert row["scored"] == len(values)
    assert row["mean"] == pytest.approx(np.mean(values))

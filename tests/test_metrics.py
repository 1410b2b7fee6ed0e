"""Each metric on small hand-made frames whose answers were worked out by hand."""

import pandas as pd
import pytest

import khoi_analysis as ka
from khoi_analysis import metrics

LEVELS = ["KHTNV", "HTNV", "HTTNV", "HTXSNV"]


def orgs_frame(rows):
    """rows: (year, org_id, rating or None, org_type, founded_year)"""
    df = pd.DataFrame(rows, columns=["year", "org_id", "rating", "org_type", "founded_year"])
    df["org_name"] = df["org_id"]
    return df


@pytest.fixture
def two_years():
    return ka.Dataset.from_frames(orgs=orgs_frame([
        (2020, "a", "HTXSNV", "co_quan_hanh_chinh", 1990),
        (2020, "b", "HTTNV", "don_vi_su_nghiep", 1990),
        (2020, "c", "HTNV", "dn_nha_nuoc", 1990),
        (2020, "d", "KHTNV", "dn_ngoai_nha_nuoc", 2000),
        (2021, "a", "HTXSNV", "co_quan_hanh_chinh", 1990),
        (2021, "b", "HTTNV", "don_vi_su_nghiep", 1990),
        (2021, "c", "HTTNV", "dn_nha_nuoc", 1990),
        (2021, "d", "HTNV", "dn_ngoai_nha_nuoc", 2000),
        (2021, "e", None, "dn_ngoai_nha_nuoc", 2021),  # founded this year, not rated
    ]))


def test_rating_is_ordered_categorical(two_years):
    r = two_years.orgs["rating"]
    assert list(r.cat.categories) == LEVELS and r.cat.ordered
    good = two_years.orgs[two_years.orgs["rating"] >= "HTTNV"]
    assert sorted(good["org_id"]) == ["a", "a", "b", "b", "c"]


def test_counts_and_shares_use_rated_as_denominator(two_years):
    shares = ka.rating_shares(ka.org_rating_counts(two_years.orgs)).set_index("year")
    # 2021: 5 organisations, 4 rated (e is new); good or better a, b, c = 3/4; excellent a = 1/4
    assert shares.loc[2021, "total"] == 5 and shares.loc[2021, "rated"] == 4 and shares.loc[2021, "unrated"] == 1
    assert shares.loc[2021, "good_or_better_pct"] == 75.0
    assert shares.loc[2021, "excellent_pct"] == 25.0
    assert shares.loc[2020, "good_or_better_pct"] == 50.0
    assert shares.loc[2020, "KHTNV_pct"] == 25.0


def test_yoy_change_in_points_and_missing_year():
    series = pd.DataFrame({"year": [2019, 2020, 2022], "share": [90.14, 91.36, 92.0]})
    out = ka.yoy_change(series, "share").set_index("year")
    assert pd.isna(out.loc[2019, "share_change_pp"])
    assert out.loc[2020, "share_change_pp"] == 1.3  # 91,4 - 90,1 as published, not 1,22
    assert pd.isna(out.loc[2022, "share_change_pp"])  # 2021 missing: no change across the gap
    raw = ka.yoy_change(series, "share", rounded=False).set_index("year")
    assert raw.loc[2020, "share_change_pp"] == pytest.approx(1.22)


def test_half_up_rounding_edge_in_summary():
    # 349 of 400 rated good or better = 87.25% -> published 87,3 (round-half-even would give 87,2)
    ratings = ["HTTNV"] * 349 + ["HTNV"] * 51
    ds = ka.Dataset.from_frames(orgs=orgs_frame([(2021, f"o{i}", r, "dn_nha_nuoc", 1990)
                                                 for i, r in enumerate(ratings)]))
    s = ka.year_summary(ds, 2021)
    assert s["orgs"]["good_or_better_pct"] == 87.3
    assert s["orgs"]["excellent_pct"] == 0.0


def test_member_counts_exclude_exempt_from_denominator():
    members = pd.DataFrame({
        "year": [2021] * 4, "member_id": ["m1", "m2", "m3", "m4"], "org_id": ["a", "a", "a", "b"],
        "org_name": ["A", "A", "A", "B"], "rating": ["HTXSNV", "HTTNV", None, "HTNV"],
        "unrated_reason": [None, None, "Miễn công tác và sinh hoạt đảng (sức khỏe)", None],
    })
    ds = ka.Dataset.from_frames(members=members)
    counts = ds.member_counts.set_index("org_id")
    assert counts.loc["a", "total"] == 3 and counts.loc["a", "rated"] == 2
    shares = ka.rating_shares(ka.member_rating_counts(ds.member_counts)).iloc[0]
    # 2 good or better of 3 rated (the exempt member is not in the denominator)
    assert shares["good_or_better_pct"] == pytest.approx(200 / 3)
    assert shares["excellent_pct"] == pytest.approx(100 / 3)
    s = ka.year_summary(ds, 2021)
    assert s["members"]["total"] == 4 and s["members"]["rated"] == 3 and s["members"]["unrated"] == 1
    assert s["members"]["good_or_better_pct"] == 66.7 and s["orgs"] is None and s["admissions"] is None


def test_admissions_attainment():
    adm = pd.DataFrame({"year": [2021, 2021, 2022], "org_id": ["a", "b", "a"], "quota": [100, 50, 150],
                        "admitted": [100, 52, 143]})
    out = ka.admissions_attainment(adm).set_index("year")
    assert out.loc[2021, "admitted"] == 152 and out.loc[2021, "quota"] == 150
    assert ka.round_half_up(out.loc[2021, "attainment_pct"]) == 101.3
    assert ka.round_half_up(out.loc[2022, "attainment_pct"]) == 95.3


def test_rating_streaks():
    rows = []
    for y in range(2017, 2022):
        rows.append((y, "m1", "HTXSNV"))  # five years excellent
        rows.append((y, "m2", "HTTNV" if y == 2019 else "HTXSNV"))  # one year only good
        if y != 2019:
            rows.append((y, "m3", "HTXSNV"))  # missing in 2019
        rows.append((y, "m4", None if y == 2020 else "HTXSNV"))  # exempt in 2020
    members = pd.DataFrame(rows, columns=["year", "member_id", "rating"]).assign(org_id="a", org_name="A")
    ds = ka.Dataset.from_frames(members=members)
    years = range(2017, 2022)
    assert list(ka.rating_streaks(ds.members, years, "HTXSNV")["member_id"]) == ["m1"]
    assert list(ka.rating_streaks(ds.members, years, "HTTNV")["member_id"]) == ["m1", "m2"]
    assert list(ka.rating_streaks(ds.members, [2021], "HTXSNV")["member_id"]) == ["m1", "m2", "m3", "m4"]
    assert ka.year_summary(ds, 2021)["members"]["excellent_streak_5y"] == 1
    # with 2017 missing from the data the five-year streak can't be known: None, not 0
    short = ka.Dataset.from_frames(members=members[members["year"] > 2017])
    assert ka.year_summary(short, 2021)["members"]["excellent_streak_5y"] is None


def test_new_organisations_by_type(two_years):
    new = ka.new_organisations(two_years.orgs)
    got = new[new["new"] > 0][["year", "org_type", "new"]].values.tolist()
    assert got == [[2021, "dn_ngoai_nha_nuoc", 1]]
    assert ka.year_summary(two_years, 2021)["orgs"]["new_private_enterprise"] == 1
    assert ka.year_summary(two_years, 2020)["orgs"]["new_private_enterprise"] == 0


def test_evaluate_targets_rounds_as_published_and_handles_comparators():
    targets = pd.DataFrame({
        "year": [2021] * 4, "target_id": ["a", "b", "c", "d"], "name": list("abcd"),
        "metric": ["org_good_or_better_pct", "org_excellent_pct", None, "admitted"],
        "comparator": [">=", "<=", ">=", ">="], "threshold": [85.0, 20.0, 100.0, 150.0],
        "unit": ["%", "%", "%", "đảng viên"], "typed_actual": [None, None, 98.0, None],
    })
    actuals = {"org_good_or_better_pct": 84.96, "org_excellent_pct": 30.0, "admitted": None}
    out = ka.evaluate_targets(targets, actuals).set_index("target_id")
    assert out.loc["a", "actual"] == 85.0 and out.loc["a", "gap"] == 0.0 and out.loc["a", "met"]
    assert out.loc["b", "gap"] == 10.0 and not out.loc["b", "met"]
    assert out.loc["c", "actual"] == 98.0 and out.loc["c", "gap"] == -2.0 and not out.loc["c", "met"]
    assert pd.isna(out.loc["d", "actual"]) and pd.isna(out.loc["d", "met"])


def test_true_share_ignores_blank_answers():
    orgs = pd.DataFrame({"year": [2021] * 4, "political_task_good": pd.array([True, True, False, None],
                                                                                dtype="boolean")})
    out = metrics.true_share(orgs, "political_task_good").iloc[0]
    assert out["answered"] == 3 and out["yes"] == 2 and out["pct"] == pytest.approx(200 / 3)


def test_metrics_do_not_mutate_inputs(two_years):
    before = two_years.orgs.copy()
    ka.rating_shares(ka.org_rating_counts(two_years.orgs))
    ka.new_organisations(two_years.orgs)
    pd.testing.assert_frame_equal(before, two_years.orgs)

"""The shipped sample reproduces the seed report's 2021 figures, computed from the data."""

import json
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT, SAMPLE_DIR

import khoi_analysis as ka


@pytest.fixture(scope="module")
def summary_2021():
    out = subprocess.run([sys.executable, "-m", "khoi_analysis", "summary", str(SAMPLE_DIR), "--year", "2021",
                          "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_seed_figures_2021(summary_2021):
    s = summary_2021
    assert s["year"] == 2021 and s["previous_year"] == 2020
    assert s["orgs"]["good_or_better_pct"] == 91.4
    assert s["orgs"]["excellent_pct"] == 20.9
    assert s["members"]["good_or_better_pct"] == 98.0
    assert s["members"]["excellent_pct"] == 17.2
    assert s["admissions"] == {"admitted": 152, "target": 150, "attainment_pct": 101.3}
    assert s["orgs"]["new_private_enterprise"] == 1
    assert (s["targets"]["met"], s["targets"]["total"]) == (9, 9)
    assert s["members"]["excellent_streak_5y"] == 12


def test_summary_contract_shape(summary_2021):
    s = summary_2021
    for key in ("year", "orgs", "members", "admissions", "targets", "previous_year", "change_pp"):
        assert key in s
    for section in ("orgs", "members"):
        assert set(s[section]["counts"]) == {"HTXSNV", "HTTNV", "HTNV", "KHTNV"}
        assert {"total", "rated", "good_or_better_pct", "excellent_pct"} <= set(s[section])
        assert sum(s[section]["counts"].values()) == s[section]["rated"] <= s[section]["total"]
    for item in s["targets"]["items"]:
        assert {"id", "name", "threshold", "comparator", "actual", "gap", "met"} <= set(item)
    action = next(i for i in s["targets"]["items"] if i["metric"] == "org_action_programme_pct")
    assert action["actual"] == 100.0 and action["met"] is True


def test_sample_is_realistic(sample):
    assert sample.ok, sample.issues.head()
    assert sample.years == list(range(2017, 2027))
    per_year = sample.orgs.groupby("year").size()
    assert per_year.between(130, 150).all()
    members = sample.member_counts.groupby("year")["total"].sum()
    assert members.between(4500, 6000).all()
    assert set(sample.orgs["org_type"].dropna()) == set(ka.labels.ORG_TYPES)
    # unrated organisations (newly founded) in some years, exempt members with reasons
    assert sample.orgs["rating"].isna().groupby(sample.orgs["year"]).sum().gt(0).sum() >= 3
    reasons = sample.members["unrated_reason"].dropna().unique()
    assert {"Kết nạp chưa đủ 6 tháng", "Miễn công tác và sinh hoạt đảng (sức khỏe)"} <= set(reasons)
    # year to year, the headline shares move by a few points at most
    s = ka.rating_shares(ka.member_rating_counts(sample.member_counts))
    assert s["good_or_better_pct"].diff().abs().max() < 3


def test_2022_misses_some_targets_against_seed(sample):
    s = ka.year_summary(sample, 2022)
    items = {i["metric"]: i for i in s["targets"]["items"] if i["metric"]}
    assert items["org_political_task_pct"]["threshold"] == 90 and items["org_good_or_better_pct"]["threshold"] == 85
    assert items["member_excellent_pct"]["threshold"] == 20 and items["admitted"]["threshold"] == 150
    assert items["new_private_orgs"]["threshold"] == 1
    missed = [i for i in s["targets"]["items"] if i["met"] is False]
    assert 1 <= len(missed) < s["targets"]["total"]
    assert all(i["gap"] < 0 for i in missed)


def test_sample_generator_is_deterministic(tmp_path):
    """The committed sample is what the script makes: same cell values from a fresh run."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample_data.py"), str(tmp_path),
                    str(tmp_path / "examples")], check=True, capture_output=True)
    committed_files = sorted(SAMPLE_DIR.glob("*.xlsx")) + sorted((ROOT / "data" / "examples").glob("*.xlsx"))
    assert len(committed_files) == 14  # 10 years, 2 quarters, 2 annexes
    lineage = "sap_xep_tccs.csv"
    assert (SAMPLE_DIR / lineage).read_bytes() == (tmp_path / lineage).read_bytes()
    for committed in committed_files:
        fresh = tmp_path / ("examples" if committed.parent.name == "examples" else "") / committed.name
        a = pd.read_excel(committed, sheet_name=None, header=None, engine="calamine")
        b = pd.read_excel(fresh, sheet_name=None, header=None, engine="calamine")
        assert a.keys() == b.keys()
        for name in a:
            pd.testing.assert_frame_equal(a[name], b[name], obj=f"{committed.name}/{name}")


def test_empty_template_is_shipped_and_reads_as_empty():
    path = ROOT / "templates" / "mau_bao_cao_xep_loai.xlsx"
    assert path.exists()
    ds = ka.load(path)
    assert ds.orgs.empty and ds.members.empty
    assert ds.accounts["read"].sum() == 0 and set(ds.accounts["kind"]) == {"orgs", "members", "admissions", "targets"}

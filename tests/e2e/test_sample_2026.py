"""The sample's later years, computed from its data: 2023-2024 under QĐ 124-QĐ/TW, 2025-2026 under QĐ 366-QĐ/TW
with scores, the quarterly reviews of 2026 and the 2025 reorganisation (sap_xep_tccs.csv)."""

import shutil

import openpyxl
import pandas as pd
import pytest
from conftest import SAMPLE_DIR

import khoi_analysis as ka
from khoi_analysis.regimes import level_from_score, regime_for
from khoi_analysis.structure import comparable_orgs, structure_breaks, year_over_year

SCORED = (2025, 2026)


def test_years_and_regimes(sample):
    assert sample.years == list(range(2017, 2027))
    codes = {y: ka.year_summary(sample, y)["regime"] for y in (2021, 2022, 2023, 2024, 2025, 2026)}
    assert codes == {2021: "132-QĐ/TW", 2022: "132-QĐ/TW", 2023: "124-QĐ/TW", 2024: "124-QĐ/TW",
                     2025: "366-QĐ/TW", 2026: "366-QĐ/TW"}


@pytest.mark.parametrize("frame", ["orgs", "members"])
def test_scores_only_where_the_regulation_scores(sample, frame):
    """Every rated organisation and member of 2025-2026 has a score, in 0-100, and its level is its band; no
    score before 2025."""
    df = getattr(sample, frame)
    scored = df[df["score"].notna()]
    assert set(scored["year"]) == set(SCORED)
    rated = df[df["year"].isin(SCORED) & df["rating"].notna()]
    assert rated["score"].notna().all() and scored["score"].between(0, 100).all()
    assert df.loc[df["year"].isin(SCORED) & df["rating"].isna(), "score"].isna().all()
    bands = [level_from_score(s, regime_for(int(y))) for s, y in zip(rated["score"], rated["year"])]
    assert list(rated["rating"].astype(str)) == bands


def _drop_level_columns(src, dst):
    """Copy a sample workbook without its level columns (the header cell says 'Xếp loại'): scores alone."""
    wb = openpyxl.load_workbook(src)
    dropped = 0
    for ws in wb.worksheets:
        for cell in next(ws.iter_rows(min_row=3, max_row=3)):
            if isinstance(cell.value, str) and cell.value.startswith("Xếp loại"):
                ws.delete_cols(cell.column)
                dropped += 1
                break
    wb.save(dst)
    return dropped


@pytest.fixture(scope="module")
def scores_alone(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scores_alone")
    dropped = sum(_drop_level_columns(SAMPLE_DIR / f"bao_cao_xep_loai_{y}.xlsx", folder / f"bao_cao_xep_loai_{y}.xlsx")
                  for y in SCORED)
    assert dropped == 4  # the TCCS and member sheets of both years
    return ka.load(folder, cache=False)


def test_figures_from_the_scores_alone(sample, scores_alone):
    """With the level columns taken out, the levels follow from the scores: the same counts, year by year."""
    assert scores_alone.ok, scores_alone.issues.head()
    assert scores_alone.orgs["rating"].notna().sum() > 0
    for frame, count in (("orgs", ka.org_rating_counts), ("member_counts", ka.member_rating_counts)):
        full = getattr(sample, frame)
        want = count(full[full["year"].isin(SCORED)]).reset_index(drop=True)
        got = count(getattr(scores_alone, frame)).reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want, check_dtype=False)
    for y in SCORED:
        a, b = ka.year_summary(sample, y), ka.year_summary(scores_alone, y)
        for section in ("orgs", "members"):
            assert b[section]["counts"] == a[section]["counts"]
            assert b[section]["score"] == a[section]["score"]


def test_score_figures_by_hand(sample):
    """Mean, median and counts per band, against a direct computation on the member rows."""
    s = ka.year_summary(sample, 2026)["members"]["score"]
    rows = sample.members[(sample.members["year"] == 2026) & sample.members["score"].notna()]["score"].astype(float)
    assert s["scored"] == len(rows)
    assert s["mean"] == ka.round_half_up(rows.mean()) and s["median"] == ka.round_half_up(rows.median())
    assert s["bands"]["HTXSNV"] == int((rows >= 90).sum()) and s["bands"]["KHTNV"] == int((rows < 50).sum())
    assert sum(s["bands"].values()) == len(rows) and s["below_band"] == 0


def test_quarters(sample):
    assert sample.periods == [*map(str, range(2017, 2027)), "2026-Q2", "2026-Q3"]
    q3 = sample.period("2026-Q3")
    counts = ka.org_rating_counts(q3.orgs).iloc[0]
    assert counts["total"] > 100 and q3.orgs["score"].notna().sum() == counts["rated"]
    # the quarter's rows never enter the year's figures
    year = ka.org_rating_counts(sample.orgs[sample.orgs["year"] == 2026]).iloc[0]
    assert year["total"] == len(sample.orgs[sample.orgs["year"] == 2026])
    quarters = ka.year_summary(sample, 2026)["quarters"]
    assert [q["period"] for q in quarters] == ["2026-Q2", "2026-Q3"]
    share = ka.rating_shares(ka.org_rating_counts(q3.orgs)).iloc[0]["good_or_better_pct"]
    assert quarters[1]["orgs"]["good_or_better_pct"] == ka.round_half_up(share)


def test_reorganisation_lineage(sample):
    lineage = sample.lineage
    kinds = lineage.groupby("kind").size().to_dict()
    assert set(kinds) == {"rename", "merge", "split", "transfer_in", "transfer_out"}
    assert set(lineage["year"]) == {2025} and structure_breaks(sample) == [2025]
    # the bloc's party, front and mass organisations left: that type has no TCCS from 2025
    types = sample.orgs.groupby("year")["org_type"].apply(set)
    assert "co_quan_dang_doan_the" in types[2024] and "co_quan_dang_doan_the" not in types[2025]
    # a renamed TCCS keeps one id across the rename
    renamed = lineage[lineage["kind"] == "rename"].iloc[0]
    assert renamed["old_id"] == renamed["new_id"]
    assert {2024, 2025} <= set(sample.orgs.loc[sample.orgs["org_id"] == renamed["new_id"], "year"])


def test_like_for_like_2025_by_hand(sample):
    """2024 recomputed on 2025's structure: the 2024 TCCS that continue or merged or split into a 2025 TCCS,
    against the 2025 TCCS they reach; the transferred-in and transferred-out TCCS are out of both."""
    orgs, lineage = sample.orgs, sample.lineage
    lines = lineage[lineage["year"] == 2025]
    out = set(lines.loc[lines["kind"] == "transfer_out", "old_id"])
    came_in = set(lines.loc[lines["kind"] == "transfer_in", "new_id"])
    successor = {o: n for o, n, k in zip(lines["old_id"], lines["new_id"], lines["kind"]) if k in ("merge", "split")}
    ids_2025 = set(orgs.loc[orgs["year"] == 2025, "org_id"])
    prev = orgs[(orgs["year"] == 2024) & ~orgs["org_id"].isin(out)]
    prev = prev[prev["org_id"].map(lambda p: successor.get(p, p)).isin(ids_2025)]
    now = orgs[(orgs["year"] == 2025) & ~orgs["org_id"].isin(came_in)]
    founded_2025 = now["founded_year"].eq(2025) & ~now["org_id"].isin(set(successor.values()))
    now = now[~founded_2025]

    def good_pct(frame):
        rated = frame["rating"].notna().sum()
        return 100 * frame["rating"].isin(["HTXSNV", "HTTNV"]).sum() / rated

    got = year_over_year(sample, 2025, how="like_for_like").set_index("population").loc["orgs"]
    assert got["rated_previous"] == prev["rating"].notna().sum() and got["rated"] == now["rating"].notna().sum()
    assert got["good_or_better_pct_previous"] == pytest.approx(good_pct(prev))
    assert got["good_or_better_pct"] == pytest.approx(good_pct(now))
    published = year_over_year(sample, 2025).set_index("population").loc["orgs"]
    assert published["good_or_better_pct_change_pp"] != got["good_or_better_pct_change_pp"]
    reasons = comparable_orgs(orgs, lineage, 2025).groupby("reason").size()
    assert {"merge", "split", "transfer_out", "transfer_in_no_data", "continues"} <= set(reasons.index)
    s = ka.year_summary(sample, 2025)
    assert s["change_pp_like_for_like"]["orgs"]["good_or_better_pct"] == got["good_or_better_pct_change_pp"]
    assert s["change_pp"]["orgs"]["good_or_better_pct"] == published["good_or_better_pct_change_pp"]


def test_lineage_names_exist_in_the_data(sample, tmp_path):
    """Every name of the shipped lineage table is in the data of the right year: loading it gives no issue
    about it, and a line naming a TCCS that exists in no year is an error naming the line."""
    assert not sample.issues["message"].str.contains("sap_xep_tccs").any()
    folder = tmp_path / "mau"
    shutil.copytree(SAMPLE_DIR, folder)
    with (folder / "sap_xep_tccs.csv").open("a", encoding="utf-8") as f:
        f.write("2025,Chi bộ Sở Không Có Thật,Chi bộ Sở Tài chính,hợp nhất,\n")
    ds = ka.load(folder, cache=False)
    bad = ds.issues[ds.issues["message"].str.contains("Sở Không Có Thật")]
    assert list(bad["severity"]) == ["error"]
    line = len((SAMPLE_DIR / "sap_xep_tccs.csv").read_text(encoding="utf-8-sig").splitlines()) + 1
    assert f"dòng {line}" in bad.iloc[0]["message"]

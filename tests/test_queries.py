"""Member records: identities across years, pseudonymous ids, queries, rule checks, Vietnamese order, privacy."""

import datetime as dt
import json
import os
import subprocess
import sys
import zipfile

import pandas as pd
import pytest
from conftest import MEMBER_HEADER, ORG_HEADER, SAMPLE_DIR, write_xlsx

import khoi_analysis as ka
from khoi_analysis import queries
from khoi_analysis.dataset import privacy
from khoi_analysis.text import name_sort_key, org_key, vi_sort_key


def members_frame(rows):
    """rows: (year, member_id, org_id, rating or None, reason)"""
    df = pd.DataFrame(rows, columns=["year", "member_id", "org_id", "rating", "unrated_reason"])
    return df.assign(org_name=df["org_id"].str.upper(), name=None, birth_date=None)


# ------------------------------------------------------------------------------------------ identity
def _member_book(tmp_path, name, rows, year=2021):
    return write_xlsx(tmp_path / f"{name}_{year}.xlsx", {"DV": [MEMBER_HEADER, *rows]})


def test_pseudonymous_ids_follow_people_across_years(tmp_path, monkeypatch):
    monkeypatch.setenv("KHOI_ANALYSIS_KEY_FILE", str(tmp_path / "key"))
    b = dt.date(1980, 5, 6)
    _member_book(tmp_path, "a", [[1, "00123", "Nguyễn Văn An", b, None, "Chi bộ A", "HTTNV", None],
                                 [2, None, "Trần Thị Bình", b, None, "Chi bộ A", "HTXSNV", None]], 2020)
    _member_book(tmp_path, "b", [[1, "00123", "Nguyễn Văn An", b, None, "Chi bộ A", "HTXSNV", None],
                                 [2, None, "TRẦN THỊ  BÌNH", b, None, "Đảng bộ A", "HTXSNV", None]], 2021)
    ds = ka.load(tmp_path)
    assert ds.ok, ds.issues
    ids = ds.members.groupby("member_id")["year"].apply(sorted).to_dict()
    assert sorted(ids.values()) == [[2020, 2021], [2020, 2021]]
    assert all(i.startswith("DV-") and len(i) == 19 for i in ids)
    assert "00123" not in "".join(ids) and set(ds.members["id_basis"]) == {"code", "name_birth_org"}
    key = (tmp_path / "key").read_text().strip()
    assert len(bytes.fromhex(key)) == 32 and oct((tmp_path / "key").stat().st_mode)[-3:] == "600"
    again = ka.load(tmp_path)
    assert set(again.members["member_id"]) == set(ids)  # same key, same ids
    monkeypatch.setenv("KHOI_ANALYSIS_KEY_FILE", str(tmp_path / "other_key"))
    assert not set(ka.load(tmp_path).members["member_id"]) & set(ids)  # another key, other ids


def test_key_file_is_outside_git():
    assert ".khoi_key" in (SAMPLE_DIR.parents[2] / ".gitignore").read_text()
    assert privacy.key_file().name == ".khoi_key" or "KHOI_ANALYSIS_KEY_FILE" in os.environ


def test_identity_problems_are_reported(tmp_path):
    b = dt.date(1980, 5, 6)
    _member_book(tmp_path, "x", [
        [1, "001", "Nguyễn Văn An", b, None, "Chi bộ A", "HTTNV", None],
        [2, "001", "Nguyễn Văn An", b, None, "Chi bộ B", "HTTNV", None],      # same card, two organisations
        [3, None, "Lê Văn Cường", None, None, "Chi bộ A", "HTNV", None],        # no code, no birth date
        [4, None, "Phạm Thị Dung", b, None, "Chi bộ A", "HTTNV", None],
        [5, None, "Phạm Thị Dung", b, None, "Chi bộ B", "HTTNV", None],         # same name and birth, two orgs
    ])
    ds = ka.load(tmp_path)
    codes = ds.issues.set_index("code")
    assert codes.loc["member_in_two_orgs", "severity"] == "error" and codes.loc["member_in_two_orgs", "cell"] == "B3"
    ambiguous = ds.issues[ds.issues["code"] == "ambiguous_identity"]
    assert len(ambiguous) == 2
    assert any("C4" in m for m in ambiguous["message"]) and any("Phạm Thị Dung" in m for m in ambiguous["message"])


def test_counts_table_checked_against_member_list(tmp_path):
    _member_book(tmp_path, "list", [[1, "001", "A", None, None, "Chi bộ A", "HTTNV", None],
                                    [2, "002", "B", None, None, "Chi bộ A", "HTXSNV", None]])
    write_xlsx(tmp_path / "counts_2021.xlsx", {"PL": [
        ["TT", "Tên TCCS", "Tổng số đảng viên", "Số đảng viên được đánh giá, xếp loại", "HTXSNV", "HTTNV", "HTNV",
         "KHTNV"], [1, "Chi bộ A", 3, 3, 1, 2, 0, 0]]})
    ds = ka.load(tmp_path)
    warn = ds.warnings[ds.warnings["code"] == "counts_differ_from_list"]
    assert len(warn) == 1 and "total: bảng 3, danh sách 2" in warn.iloc[0]["message"]
    assert ds.member_counts.set_index("org_id").loc["a", "total"] == 2  # the list wins


def test_twenty_percent_flags_never_reject(tmp_path):
    _member_book(tmp_path, "r", [[i, f"{i:03d}", f"Người {i}", None, None, "Chi bộ A",
                                  "HTXSNV" if i <= 2 else "HTTNV", None] for i in range(1, 8)])
    write_xlsx(tmp_path / "orgs_2021.xlsx", {"TCCS": [ORG_HEADER, [1, "Chi bộ A", "Đơn vị sự nghiệp", 2000, "HTXSNV",
                                                                   None, "Có", "Có"]]})
    ds = ka.load(tmp_path)
    assert ds.ok  # 2 excellent against 5 good: over 20%, but only flagged
    flags = ds.issues[ds.issues["code"].str.startswith("twenty_percent")]
    assert set(flags["code"]) == {"twenty_percent_members", "twenty_percent_orgs"}
    assert set(flags["severity"]) == {"info"}


# ------------------------------------------------------------------------------------------ queries on hand-made frames
@pytest.fixture
def small():
    rows = [
        (2020, "m1", "a", "HTXSNV", None), (2021, "m1", "a", "HTXSNV", None),
        (2020, "m2", "a", "HTTNV", None), (2021, "m2", "a", "HTXSNV", None),
        (2020, "m3", "a", "HTNV", None), (2021, "m3", "a", "HTTNV", None),
        (2020, "m4", "b", "HTTNV", None), (2021, "m4", "b", None, "Miễn công tác và sinh hoạt đảng (sức khỏe)"),
        (2021, "m5", "b", None, "Kết nạp chưa đủ 6 tháng"),
        (2020, "m6", "b", "KHTNV", None),
    ]
    return ka.Dataset.from_frames(members=members_frame(rows))


def test_transition_matrix_by_hand(small):
    t = queries.transition_matrix(small.members, 2020, 2021)
    # rated both years: m1 HTXSNV->HTXSNV, m2 HTTNV->HTXSNV, m3 HTNV->HTTNV (m4 exempt in 2021, m6 left)
    assert int(t.to_numpy().sum()) == 3
    assert t.loc["HTXSNV", "HTXSNV"] == 1 and t.loc["HTTNV", "HTXSNV"] == 1 and t.loc["HTNV", "HTTNV"] == 1
    assert queries.transition_matrix(small.members, 2020, 2021, org="A").to_numpy().sum() == 3
    assert queries.transition_matrix(small.members, 2020, 2021, org="b").to_numpy().sum() == 0
    full = queries.transition_matrix(small.members, 2020, 2021, include_unrated=True)
    assert full.loc["HTTNV", "Chưa xếp loại"] == 1 and int(full.to_numpy().sum()) == 4
    assert (t.index.name, t.columns.name) == ("Xếp loại năm 2020", "Xếp loại năm 2021")


def test_unrated_by_reason_and_streak_by_hand(small):
    u = queries.unrated_by_reason(small.members, 2021)
    assert u.set_index("unrated_reason")["members"].to_dict() == {
        "Kết nạp chưa đủ 6 tháng": 1, "Miễn công tác và sinh hoạt đảng (sức khỏe)": 1}
    assert list(queries.streak(small.members, 2020, 2021)["member_id"]) == ["m1"]
    assert sorted(queries.streak(small.members, 2020, 2021, "HTTNV")["member_id"]) == ["m1", "m2"]


def test_members_of_and_levels_by_org(small):
    rows = queries.members_of(small.members, "a", 2021)
    assert list(rows["rating"].astype(str)) == ["HTXSNV", "HTXSNV", "HTTNV"]
    assert "name" not in rows and "birth_date" not in rows
    lv = queries.levels_by_org(small.member_counts, 2021).set_index("org_name")
    assert lv.loc["A", "HTXSNV"] == 2 and lv.loc["B", "total"] == 2 and lv.loc["B", "rated"] == 0


def test_age_bands_by_hand():
    m = members_frame([(2021, "x", "a", "HTTNV", None), (2021, "y", "a", "HTXSNV", None),
                       (2021, "z", "a", None, "Kết nạp chưa đủ 6 tháng")])
    m["birth_date"] = [dt.date(1995, 1, 1), dt.date(1970, 6, 1), dt.date(2000, 3, 3)]
    out = queries.age_bands(ka.Dataset.from_frames(members=m).members, 2021)
    # ages on 31/12/2021: 26, 51, 21
    assert out.loc["dưới 30", "HTTNV"] == 1 and out.loc["50–59", "HTXSNV"] == 1
    assert out.loc["dưới 30", "Chưa xếp loại"] == 1 and out.index.name == "Nhóm tuổi"
    assert int(out.to_numpy().sum()) == 3


def test_vietnamese_order():
    words = ["Đức", "Dũng", "Anh", "Ánh", "Ân", "Ăn", "Uyên", "Ưng", "Yến", "Ôn", "Ơn", "On", "Bình"]
    assert sorted(words, key=vi_sort_key) == ["Anh", "Ánh", "Ăn", "Ân", "Bình", "Dũng", "Đức", "On", "Ôn", "Ơn",
                                               "Uyên", "Ưng", "Yến"]
    names = ["Trần Thị Bình", "Nguyễn Văn An", "Lê Đức Anh", "Đỗ Văn Đông", "Phạm Văn Dũng"]
    assert sorted(names, key=name_sort_key) == ["Nguyễn Văn An", "Lê Đức Anh", "Trần Thị Bình", "Phạm Văn Dũng",
                                                "Đỗ Văn Đông"]
    orgs = pd.DataFrame({"org_name": ["Đảng bộ Sở Y tế", "Chi bộ Ban Dân tộc", "Chi bộ Đài Phát thanh",
                                      "Chi bộ Doanh nghiệp A"]})
    assert list(queries.sort_vi(orgs, "org_name")["org_name"]) == ["Chi bộ Ban Dân tộc", "Chi bộ Doanh nghiệp A",
                                                                   "Chi bộ Đài Phát thanh", "Đảng bộ Sở Y tế"]


def test_sql_entry_point(small):
    pytest.importorskip("duckdb")
    out = queries.sql(small, "select year, count(*) as n from members where rating = 'HTXSNV' group by year "
                             "order by year")
    assert out.to_dict("list") == {"year": [2020, 2021], "n": [1, 2]}
    import duckdb

    with pytest.raises(duckdb.BinderException):
        queries.sql(small, "select name from members where name is null")  # personal columns left out


# ------------------------------------------------------------------------------------------ on the sample
def test_sample_streak_rule_and_transition(sample):
    assert len(queries.streak(sample.members, 2017, 2021)) == 12
    t = queries.transition_matrix(sample.members, 2020, 2021)
    rated = sample.members.dropna(subset=["rating"])
    both = set(rated[rated["year"] == 2020]["member_id"]) & set(rated[rated["year"] == 2021]["member_id"])
    assert int(t.to_numpy().sum()) == len(both)
    rule = ka.twenty_percent_rule(sample.member_counts[sample.member_counts["year"] == 2021])
    by_hand = sample.member_counts[sample.member_counts["year"] == 2021]
    by_hand = by_hand[by_hand["HTXSNV"] > 0.2 * by_hand["HTTNV"]]
    assert sorted(rule[rule["over"]]["org_id"]) == sorted(by_hand["org_id"])


def test_members_cli(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "khoi_analysis", "members", *map(str, args)],
                              capture_output=True, text=True)

    r = run("streak", SAMPLE_DIR, "--from", 2017, "--to", 2021)
    assert r.returncode == 0 and r.stdout.startswith("12 đảng viên")
    sample = ka.load(SAMPLE_DIR, cache=False)
    names = set(sample.members["name"].dropna())
    assert not any(n in r.stdout for n in names)
    r = run("streak", SAMPLE_DIR, "--from", 2017, "--to", 2021, "--names", "--out", tmp_path / "s.csv")
    text = (tmp_path / "s.csv").read_text(encoding="utf-8-sig")
    expected = queries.streak(sample.members, 2017, 2021, with_names=True)["name"]
    assert r.returncode == 0 and all(n in text for n in expected) and "dữ liệu cá nhân" in r.stderr
    r = run("transition", SAMPLE_DIR, "--from", 2020, "--to", 2021, "--out", tmp_path / "t.xlsx")
    assert r.returncode == 0 and (tmp_path / "t.xlsx").exists()
    for q in ("unrated", "levels", "ages"):
        assert run(q, SAMPLE_DIR, "--year", 2021).returncode == 0
    r = run("list", SAMPLE_DIR, "--org", "Sở Tư pháp", "--year", 2021)
    assert r.returncode == 0 and "Chi bộ Sở Tư pháp" in r.stdout


def test_no_personal_data_in_any_processed_file(built, sample):
    """Names and birth dates of members appear in no generated file: CSV, JSON, text, SVG, Excel, slides (the
    sample built for 2021, shared by the output tests)."""
    out = built
    names = set(sample.members["name"].dropna())
    births = {d.strftime(f) for d in sample.members["birth_date"].dropna().head(500) for f in ("%d/%m/%Y", "%Y-%m-%d")}
    checked = 0
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix in (".xlsx", ".pptx"):
            with zipfile.ZipFile(path) as zf:
                text = " ".join(zf.read(n).decode("utf-8", "ignore") for n in zf.namelist() if n.endswith(".xml"))
        elif path.suffix in (".csv", ".json", ".txt", ".md", ".svg"):
            text = path.read_text(encoding="utf-8", errors="ignore")
        else:
            continue
        checked += 1
        assert not [n for n in names if n in text], path
        assert not [b for b in births if b in text], path
    assert checked >= 20
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["outputs"]


def test_transition_of_organisations_and_moves():
    orgs = pd.DataFrame({"year": [2020, 2021, 2020, 2021, 2020, 2021],
                         "org_name": ["Chi bộ A", "Chi bộ A", "Chi bộ B", "Chi bộ B", "Chi bộ C", "Chi bộ C"],
                         "org_type": ["don_vi_su_nghiep"] * 6,
                         "rating": ["HTTNV", "HTXSNV", "HTXSNV", "HTNV", "HTTNV", "HTTNV"]})
    ds = ka.Dataset.from_frames(orgs=orgs.assign(org_id=orgs["org_name"].map(org_key)))
    t = ka.transition_matrix(ds.orgs, 2020, 2021)  # organisations, not only members
    assert int(t.to_numpy().sum()) == 3 and t.loc["HTTNV", "HTXSNV"] == 1 and t.loc["HTXSNV", "HTNV"] == 1
    moves = ka.org_moves(ds.orgs, 2020, 2021)
    assert list(moves["org_name"]) == ["Chi bộ B", "Chi bộ A"]  # dropped first
    assert list(moves["move"]) == ["xuống 2 mức", "lên 1 mức"]
    with pytest.raises(ValueError, match="member_id hoặc org_id"):
        ka.transition_matrix(ds.admissions, 2020, 2021)


def test_filters_take_the_words_users_see(small):
    assert len(queries.members_of(small.members, "a", 2021, level="Hoàn thành xuất sắc nhiệm vụ")) == 2
    with pytest.raises(ValueError, match="các mức"):
        queries.members_of(small.members, "a", 2021, level="Giỏi")
    with pytest.raises(ValueError, match="các TCCS có trong dữ liệu: A, B"):
        queries.members_of(small.members, "không có", 2021)
    with pytest.raises(ValueError, match="Doanh nghiệp nhà nước"):
        queries.levels_by_org(small.member_counts, 2021, org_type="không có")

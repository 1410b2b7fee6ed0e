"""Tables shown in notebooks and on the command line: rows 1…n, words for codes, a target's figures as the deck
says them, text left and numbers right, the empty message only when there is no row."""

import pandas as pd

import khoi_analysis as ka


def test_rows_left_by_a_filter_are_numbered_from_one():
    frame = pd.DataFrame({"org_name": list("ABCDE"), "rated": [5, 6, 7, 8, 9]})
    kept = frame[frame["rated"] != 7].nlargest(3, "rated")  # index 4, 3, 1, as a filter and a sort leave it
    shown = ka.vi_table(kept)
    assert list(shown.index) == [1, 2, 3] and list(shown["Tổ chức cơ sở đảng"]) == ["E", "D", "B"]
    assert list(kept.index) == [4, 3, 1]  # the input is not changed
    named = frame.set_index("org_name")  # a meaningful index is kept
    assert list(ka.vi_table(named).index) == list("ABCDE")


def test_table_kinds_keep_their_capitals():
    accounts = pd.DataFrame({"kind": ["orgs", "members", "member_counts"], "rows": [3, 4, 5]})
    assert list(ka.vi_table(accounts)["Loại bảng"]) == ["TCCS", "Đảng viên", "Số lượng đảng viên theo TCCS"]


def test_targets_show_a_share_with_one_decimal_and_a_count_whole():
    targets = pd.DataFrame({"target_id": ["CT5", "CT8"], "unit": ["%", "đảng viên"], "threshold": [85.0, 150.0],
                            "actual": [98.0, 152.0], "gap": [13.0, 2.0], "met": [True, True]})
    shown = ka.vi_table(targets)
    assert list(shown["Kết quả"]) == ["98,0", "152"]  # 98,0 as in the deck and the report, never 98
    assert list(shown["Chênh lệch"]) == ["+13,0", "+2"]
    assert list(shown["Đánh giá"]) == ["Đạt", "Đạt"]


def test_shown_aligns_text_left_numbers_right_and_says_empty_only_when_empty():
    frame = pd.DataFrame({"org_name": ["Chi bộ A"], "rated": [1250]})
    html = ka.vi_show(frame, empty="Bảng trống nghĩa là dữ liệu sạch.")._repr_html_()
    assert "<td style='text-align:left'>Chi bộ A</td>" in html and "<td style='text-align:right'>1.250</td>" in html
    assert "dữ liệu sạch" not in html
    empty = ka.vi_show(frame.iloc[0:0], empty="Bảng trống nghĩa là dữ liệu sạch.")
    assert "dữ liệu sạch" in empty._repr_html_() and repr(empty) == "Bảng trống nghĩa là dữ liệu sạch."

import pytest

from khoi_analysis.fmt import fmt_int, fmt_pct, fmt_pp, fmt_signed, round_half_up


@pytest.mark.parametrize("value,expected", [
    (87.25, 87.3),  # Python's round() gives 87.2
    (0.05, 0.1),
    (91.35, 91.4),
    (2.675, 2.7),
    (-1.25, -1.3),  # half away from zero, as Excel's ROUND
    (100.0, 100.0),
    (349 / 4, 87.3),
])
def test_round_half_up(value, expected):
    assert round_half_up(value) == expected


def test_round_half_up_none_and_nan():
    assert round_half_up(None) is None
    assert round_half_up(float("nan")) is None


def test_vietnamese_formats():
    assert fmt_pct(91.37) == "91,4%"
    assert fmt_pct(87.25) == "87,3%"
    assert fmt_int(1250) == "1.250"
    assert fmt_int(5375) == "5.375"
    assert fmt_pct(None) == "–"
    assert fmt_pp(1.25) == "+1,3 điểm %"
    assert fmt_pp(-0.4) == "−0,4 điểm %"
    assert fmt_signed(-7, 0, "đảng viên") == "−7 đảng viên"
    assert fmt_signed(0, 1) == "±0,0"

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khoi_analysis.text import fold, org_key, parse_bool, parse_org_type, parse_rating

SPELLINGS = {
    "HTXSNV": ["Hoàn thành xuất sắc nhiệm vụ", "HOÀN THÀNH XUẤT SẮC NHIỆM VỤ", "HTXSNV", "HTXS NV", "HT xuất sắc NV",
               "Xuất sắc", "HTSXNV", " htxsnv ", "Hoàn thành\nxuất sắc nhiệm vụ"],
    "HTTNV": ["Hoàn thành tốt nhiệm vụ", "HTTNV", "HTT NV", "Tốt", "HTTTNV", "hoàn thành tốt  nhiệm vụ "],
    "HTNV": ["Hoàn thành nhiệm vụ", "HTNV", "HT NV", "hoàn thành nhiệm vụ\n"],
    "KHTNV": ["Không hoàn thành nhiệm vụ", "KHTNV", "Không HTNV", "KHÔNG HOÀN THÀNH NHIỆM VỤ"],
}


@pytest.mark.parametrize("code,text", [(c, t) for c, ts in SPELLINGS.items() for t in ts])
def test_every_spelling_maps_to_its_level(code, text):
    assert parse_rating(text) == code
    assert parse_rating(unicodedata.normalize("NFD", text)) == code


def test_no_substring_confusion():
    # "Hoàn thành nhiệm vụ" is inside "Không hoàn thành nhiệm vụ" and nearly inside "Hoàn thành tốt nhiệm vụ"
    assert parse_rating("Không hoàn thành nhiệm vụ") == "KHTNV"
    assert parse_rating("Hoàn thành tốt nhiệm vụ") == "HTTNV"
    assert parse_rating("Hoàn thành nhiệm vụ") == "HTNV"


@pytest.mark.parametrize("text", ["", "abc", "Tốt lắm", "X", "Hoàn thành nhiệm vụ tốt", "Không xếp loại"])
def test_unknown_text_is_not_a_rating(text):
    assert parse_rating(text) is None


def test_fold_and_org_key():
    assert fold("Đảng Ủy  Sở\nY tế") == "dang uy so y te"
    nfd = unicodedata.normalize("NFD", "Đảng bộ Sở Tài chính")
    assert org_key(nfd) == org_key("ĐẢNG BỘ SỞ TÀI CHÍNH") == org_key("Chi bộ Sở Tài chính") == "so tai chinh"
    assert org_key("Đảng ủy Khối") == org_key("Đảng uỷ Khối")


def test_yes_no_and_types():
    assert parse_bool("Có") is True and parse_bool("x") is True and parse_bool("✓") is True
    assert parse_bool("Không") is False and parse_bool(0) is False
    assert parse_bool("") is None and parse_bool("có lẽ") is None
    assert parse_org_type("Doanh nghiệp tư nhân") == "dn_ngoai_nha_nuoc"
    assert parse_org_type("DOANH NGHIỆP NHÀ NƯỚC") == "dn_nha_nuoc"
    assert parse_org_type("Cơ quan Đảng, đoàn thể") == "co_quan_dang_doan_the"
    assert parse_org_type("Hợp tác xã") is None


def test_arrow_folding_and_squeezing_match_the_python_ones():
    """fold_arrow/squeeze_arrow (Arrow, RE2) give what fold()/nfc() give, for every white-space character
    Python knows (the RE2 class is written out by hand)."""
    import sys

    import pyarrow as pa

    from khoi_analysis.text import fold, fold_arrow, nfc, squeeze_arrow

    spaces = [chr(i) for i in range(sys.maxunicode + 1) if chr(i).isspace()]
    texts = [f"{s}Nguyễn{s}{s}Văn Đạt{s}" for s in spaces] + ["ĐẢNG BỘ Sở Y tế", "Lê Thị Hoà", "", "x"]
    assert fold_arrow(pa.array(texts)).to_pylist() == [fold(t) for t in texts]
    assert squeeze_arrow(pa.array(texts)).to_pylist() == [nfc(t) for t in texts]


# ------------------------------------------------------------------------------------------ TCVN3 capitals
@pytest.mark.parametrize("text", [
    "Đảng bộ Ủy ban Mặt trận Tổ quốc tỉnh", "Chi bộ Công ty CP Du lịch Đông Á", "Ủy ban nhân dân tỉnh",
    "Chi bộ Ấp Bình An", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Ốm đau dài ngày", "Chi bộ Công ty Ánh Dương",
    "Hoàn thành xuất sắc nhiệm vụ", "Mới thành lập chưa đủ 6 tháng", "Đảng viên ở xa", "nghỉ ốm",
    "Chi bộ Văn phòng Ủy ban nhân dân tỉnh",
])
def test_tcvn3_capitals_with_tone_marks_come_back(text):
    """VN3 has no capital toned vowels: typed in a lower-case font they arrive lower case ("ñy ban" = "ủy ban");
    the decoder puts the capital back where a name needs it, and leaves ordinary words alone."""
    from khoi_analysis.text import decode_tcvn3, encode_tcvn3

    assert decode_tcvn3(encode_tcvn3(text)) == text


def test_tcvn3_capital_font_and_the_domain_example():
    from khoi_analysis.text import decode_tcvn3

    assert decode_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert decode_tcvn3("céng hoµ", capitals=True) == "CỘNG HOÀ"
    assert decode_tcvn3("§¶ng bé ñy ban MÆt trËn") == "Đảng bộ Ủy ban Mặt trận"  # not "ủy ban"
    assert decode_tcvn3("Du lÞch §«ng ¸") == "Du lịch Đông Á"  # not "Đông á"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["ă", "ạ", "a", "µ", "\n", "ỹ", "Đ", "x" * 700, "ơ" * 900]), max_size=40),
       st.floats(0, 3000))
def test_counting_a_prefix_first_gives_the_full_count_answer(parts, limit):
    """detect_legacy's early stop (_count_above) answers len(findall) > limit, wherever the stretches end."""
    from khoi_analysis.text.legacy import _UNICODE_ONLY, _count_above

    text = "".join(parts)
    assert _count_above(_UNICODE_ONLY, text, limit) == (len(_UNICODE_ONLY.findall(text)) > limit)

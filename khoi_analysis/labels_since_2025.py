"""Words of the rules and the organisation since 2025, for people (Vietnamese): the structural break marked on
charts, the cap on excellent ratings worded per the year's regulation, score bands on charts, and the words of
a like-for-like comparison. Part of labels (re-exported there: use `labels.X`); imports nothing."""

# the same break on the deck's native charts: the year's category is marked, and the slide says why
STRUCTURE_BREAK_CATEGORY = "{year}*"
STRUCTURE_BREAK_NOTE = ("* Từ năm {year}: sắp xếp tổ chức (hợp nhất, chia tách, chuyển TCCS); số liệu trước và từ "
                        "năm {year} là của các tổ chức khác nhau")
# the cap on excellent ratings ("the 20% rule"), worded per the year's regulation (regimes.excellent_cap):
# {cap} its share ('20%'), {source} where it is written (' (QĐ 132-QĐ/TW, HD 21-HD/BTCTW)', or '')
CAP_WORDS = {
    "chart_title": "TCCS có số đảng viên HTXSNV vượt {cap} số HTTNV, năm {year}",
    "chart_title_over": "{over}/{n} TCCS có số đảng viên HTXSNV vượt {cap} số HTTNV năm {year}: cần rà soát",
    "takeaway_over": ("{over}/{n} TCCS có số đảng viên hoàn thành xuất sắc nhiệm vụ vượt {cap} số hoàn thành tốt "
                      "nhiệm vụ{source}: cần rà soát."),
    "takeaway_none": ("Không TCCS nào có số đảng viên hoàn thành xuất sắc vượt {cap} số hoàn thành tốt nhiệm "
                      "vụ{source}."),
    "limit_line": "giới hạn {cap}",
    "sheet": "Quy tắc {cap} {year}",
    "table_title": "TCCS CÓ SỐ ĐẢNG VIÊN HTXSNV VƯỢT {cap} SỐ HTTNV NĂM {year}",
    "table_units": "Theo {source}: chỉ để rà soát, không loại dữ liệu",
    "table_units_no_source": "Chỉ để rà soát, không loại dữ liệu",
    "allowed": "Tối đa ({cap} HTTNV)",
    "over": "Vượt {cap}",
    "stem": "quy_tac_{cap}_phan_tram_{year}",
}
# a score band of the year's regulation, as a chart's category under the level's code ({low}, {high}: points)
SCORE_BAND = {"lowest": "dưới {high} điểm", "middle": "{low}–dưới {high} điểm", "top": "từ {low} điểm"}
SCORE_COUNT_AXIS = {"orgs": "Số TCCS đảng", "members": "Số đảng viên"}
SCORE_WHO = {"orgs": "TCCS đảng", "members": "đảng viên"}
# the populations of a comparison, and why an organisation is in or out of a like-for-like comparison
POPULATION_NAMES = {"orgs": "Tổ chức cơ sở đảng", "members": "Đảng viên"}
COMPARABLE_REASONS = {
    "continues": "Giữ nguyên",
    "merge": "Hợp nhất",
    "split": "Chia tách",
    "transfer_in": "Chuyển đến (có tiền thân)",
    "transfer_out": "Chuyển đi",
    "gone": "Không còn trong số liệu (không có trong bảng sắp xếp)",
    "successor_missing": "TCCS kế thừa không có trong số liệu",
    "new": "Mới, không có tiền thân",
    "transfer_in_no_data": "Chuyển đến, không có số liệu năm trước",
}

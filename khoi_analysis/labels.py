"""Every Vietnamese label the package shows or reads, in one place.

Inside the package data is tidy with ASCII snake_case names and short codes; Vietnamese text appears only
at the edges (reading headers, drawing charts, writing tables), and all of it comes from here.
"""

from __future__ import annotations

from .labels_since_2025 import *  # noqa: F403  (the words of 2025 on; one place each)

# The four rating levels, worst to best. The order matters: ratings are an ordered Categorical.
LEVELS: tuple[str, ...] = ("KHTNV", "HTNV", "HTTNV", "HTXSNV")
GOOD_OR_BETTER: tuple[str, ...] = ("HTTNV", "HTXSNV")

LEVEL_NAMES: dict[str, str] = {
    "KHTNV": "Không hoàn thành nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
}

# Fixed colours per level, the same in every chart (worst = red ... best = dark green).
LEVEL_COLORS: dict[str, str] = {
    "KHTNV": "#c0392b",
    "HTNV": "#f0b429",
    "HTTNV": "#5b9bd5",
    "HTXSNV": "#1e7b45",
}

# Organisation types (loại hình). Codes are ASCII; names are what officials write.
ORG_TYPES: dict[str, str] = {
    "co_quan_hanh_chinh": "Cơ quan hành chính",
    "co_quan_dang_doan_the": "Cơ quan Đảng, đoàn thể",
    "don_vi_su_nghiep": "Đơn vị sự nghiệp",
    "dn_nha_nuoc": "Doanh nghiệp nhà nước",
    "dn_ngoai_nha_nuoc": "Doanh nghiệp ngoài nhà nước",
}
# Other spellings of the types seen in files (matched after folding, see text.fold).
ORG_TYPE_ALIASES: dict[str, tuple[str, ...]] = {
    "co_quan_hanh_chinh": ("co quan hanh chinh", "co quan hanh chinh nha nuoc", "khoi co quan hanh chinh",
                           "co quan nha nuoc", "hanh chinh"),
    "co_quan_dang_doan_the": ("co quan dang, doan the", "co quan dang doan the", "co quan dang, mat tran, doan the",
                              "dang, doan the", "co quan dang va doan the"),
    "don_vi_su_nghiep": ("don vi su nghiep", "don vi su nghiep cong lap", "khoi su nghiep", "su nghiep"),
    "dn_nha_nuoc": ("doanh nghiep nha nuoc", "dnnn", "khoi doanh nghiep nha nuoc", "doanh nghiep von nha nuoc"),
    "dn_ngoai_nha_nuoc": ("doanh nghiep ngoai nha nuoc", "doanh nghiep tu nhan", "dn tu nhan",
                          "doanh nghiep ngoai khu vuc nha nuoc", "doanh nghiep ngoai quoc doanh",
                          "khoi doanh nghiep ngoai nha nuoc"),
}

YES_WORDS = ("co", "x", "dat", "yes", "1", "true", "v")
NO_WORDS = ("khong", "chua", "no", "0", "false", "-")

# Reasons for not being rated, as the template offers them.
UNRATED_REASONS_ORG: tuple[str, ...] = ("Mới thành lập chưa đủ 6 tháng",)
UNRATED_REASONS_MEMBER: tuple[str, ...] = (
    "Miễn công tác và sinh hoạt đảng (tuổi cao)",
    "Miễn công tác và sinh hoạt đảng (sức khỏe)",
    "Kết nạp chưa đủ 6 tháng",
    "Đình chỉ sinh hoạt đảng",
)

# ----------------------------------------------------------------------------------------------------------
# Input template: sheets and their columns. Each column: (canonical name, header as typed, other wordings).
# Header matching folds case, accents, spacing and line breaks (text.fold), so the wordings are ASCII here.
# ----------------------------------------------------------------------------------------------------------
SHEET_ORGS = "TCCS"
SHEET_MEMBERS = "Đảng viên"
SHEET_ADMISSIONS = "Kết nạp"
SHEET_TARGETS = "Chỉ tiêu"

# a 100-point score (QĐ 366-QĐ/TW, from the 2025 review): self-assessed or by the level above
SCORE_HEADERS = ("diem", "tong diem", "diem tu cham", "diem cap tren cham", "tong so diem", "diem danh gia",
                 "diem so", "so diem", "diem dat duoc", "tong diem dat duoc")
# other headers of an organisation's name column, seen in annexes of other blocs and districts
ORG_NAME_HEADERS = ("ten to chuc dang", "to chuc dang", "dang bo truc thuoc", "ten dang bo truc thuoc")
ORG_COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("seq", "STT", ("stt", "tt", "so tt", "so thu tu")),
    ("org_name", "Tên tổ chức cơ sở đảng", ("ten tccs", "ten to chuc co so dang", "ten tccs dang", "tccs",
                                            "to chuc co so dang", "ten chi bo, dang bo co so",
                                            "ten chi bo, dang bo", "don vi", "ten don vi", *ORG_NAME_HEADERS)),
    ("org_type", "Loại hình", ("loai hinh", "loai hinh to chuc", "loai hinh don vi", "khoi")),
    ("founded_year", "Năm thành lập", ("nam thanh lap",)),
    ("rating", "Xếp loại chất lượng", ("xep loai chat luong", "xep loai", "ket qua xep loai",
                                       "ket qua danh gia, xep loai", "muc xep loai", "ket qua")),
    ("unrated_reason", "Lý do không xếp loại", ("ly do khong xep loai", "ly do chua xep loai",
                                                "ly do khong danh gia", "ghi chu")),
    ("score", "Điểm", SCORE_HEADERS),
    ("political_task_good", "Lãnh đạo hoàn thành tốt nhiệm vụ chính trị",
     ("lanh dao hoan thanh tot nhiem vu chinh tri", "lanh dao hoan thanh tot nhiem vu chinh tri cua don vi")),
    ("action_programme", "Có chương trình hành động", ("co chuong trinh hanh dong",
                                                       "chuong trinh hanh dong")),
    ("year", "Năm", ("nam", "nam danh gia")),
)

MEMBER_COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("seq", "STT", ("stt", "tt", "so tt")),
    ("member_code", "Mã đảng viên", ("ma dang vien", "ma dv", "so the dang vien", "so the dang", "so the")),
    ("name", "Họ và tên", ("ho va ten", "ho ten", "ho va ten dang vien")),
    ("birth_date", "Ngày sinh", ("ngay sinh", "ngay, thang, nam sinh", "ngay thang nam sinh")),
    ("cell", "Chi bộ", ("chi bo", "chi bo truc thuoc", "sinh hoat tai chi bo")),
    ("org_name", "Tổ chức cơ sở đảng", ("to chuc co so dang", "tccs", "ten tccs", "dang bo, chi bo co so",
                                        "tccs dang", *ORG_NAME_HEADERS)),
    ("rating", "Xếp loại", ("xep loai", "xep loai chat luong", "ket qua xep loai", "muc xep loai")),
    ("unrated_reason", "Lý do không xếp loại", ("ly do khong xep loai", "ly do mien danh gia",
                                                "mien danh gia", "ly do chua xep loai")),
    ("score", "Điểm", SCORE_HEADERS),
    ("year", "Năm", ("nam", "nam danh gia")),
)

MEMBER_COUNT_COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("seq", "STT", ("stt", "tt", "so tt", "so thu tu")),
    ("org_name", "Tên tổ chức cơ sở đảng", ("ten tccs", "ten to chuc co so dang", "to chuc co so dang", "tccs",
                                            "ten chi bo, dang bo co so", "ten chi bo, dang bo", "don vi",
                                            "ten don vi", "ten tccs dang", "dang bo, chi bo co so", *ORG_NAME_HEADERS)),
    ("org_type", "Loại hình", ("loai hinh", "loai hinh to chuc", "khoi")),
    ("total", "Tổng số đảng viên", ("tong so dang vien", "tong so", "tong so dang vien trong danh sach",
                                    "so dang vien", "tong so dang vien cua dang bo")),
    ("rated", "Số đảng viên được đánh giá, xếp loại", (
        "so dang vien duoc danh gia, xep loai", "so dang vien duoc danh gia xep loai", "so duoc danh gia, xep loai",
        "duoc danh gia, xep loai", "so dang vien duoc xep loai", "so duoc xep loai", "da danh gia",
        "so dang vien tham gia danh gia, xep loai", "tong so dang vien duoc danh gia, xep loai")),
    ("exempt", "Miễn đánh giá", ("mien danh gia", "so dang vien mien danh gia", "khong danh gia",
                                 "so dang vien khong danh gia", "chua xep loai", "khong xep loai",
                                 "so dang vien chua danh gia, xep loai", "so dang vien khong xep loai",
                                 "mien danh gia, xep loai", "so dang vien mien danh gia, xep loai")),
    ("unrated_reason", "Ghi chú", ("ghi chu", "ly do")),
    ("year", "Năm", ("nam", "nam danh gia")),
)

# Sub-headers under a level column: the count and the share.
COUNT_SUBHEADERS = ("so luong", "sl", "so", "so dang vien", "so tccs", "so to chuc", "tong so")
PCT_SUBHEADERS = ("ty le", "ti le", "ty le %", "ti le %", "%", "tl", "ty le (%)", "ti le (%)", "tl %")

ADMISSION_COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("seq", "STT", ("stt", "tt")),
    ("org_name", "Tên tổ chức cơ sở đảng", ("ten tccs", "ten to chuc co so dang", "to chuc co so dang", "don vi",
                                            *ORG_NAME_HEADERS)),
    ("quota", "Chỉ tiêu kết nạp", ("chi tieu ket nap", "chi tieu", "chi tieu giao")),
    ("admitted", "Số đảng viên kết nạp mới", ("so dang vien ket nap moi", "so ket nap", "ket nap moi",
                                              "so dang vien moi ket nap", "da ket nap")),
    ("year", "Năm", ("nam",)),
)

TARGET_COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("target_id", "Mã", ("ma", "ma chi tieu", "stt", "tt")),
    ("name", "Chỉ tiêu Nghị quyết", ("chi tieu nghi quyet", "chi tieu", "noi dung chi tieu", "ten chi tieu")),
    ("metric", "Chỉ số tính từ dữ liệu", ("chi so tinh tu du lieu", "chi so", "cach tinh")),
    ("comparator", "So sánh", ("so sanh", "dieu kien")),
    ("threshold", "Ngưỡng", ("nguong", "muc chi tieu", "gia tri chi tieu")),
    ("unit", "Đơn vị", ("don vi", "don vi tinh", "dvt")),
    ("typed_actual", "Kết quả (nhập tay)", ("ket qua (nhap tay)", "ket qua nhap tay", "ket qua thuc hien")),
    ("year", "Năm", ("nam",)),
)

# Metrics a target can point to: canonical key -> the Vietnamese name offered in the template's drop-down.
METRIC_NAMES: dict[str, str] = {
    "org_good_or_better_pct": "Tỷ lệ TCCS hoàn thành tốt nhiệm vụ trở lên (%)",
    "org_excellent_pct": "Tỷ lệ TCCS hoàn thành xuất sắc nhiệm vụ (%)",
    "member_good_or_better_pct": "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên (%)",
    "member_excellent_pct": "Tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ (%)",
    "org_political_task_pct": "Tỷ lệ TCCS lãnh đạo hoàn thành tốt nhiệm vụ chính trị (%)",
    "org_action_programme_pct": "Tỷ lệ TCCS có chương trình hành động (%)",
    "new_private_orgs": "Số TCCS thành lập mới trong doanh nghiệp ngoài nhà nước",
    "admitted": "Số đảng viên kết nạp mới",
    "admission_attainment_pct": "Tỷ lệ kết nạp so với chỉ tiêu (%)",
}

COMPARATORS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", "=": "==", "==": "==", ">": ">", "<": "<"}

# Chart and table wording.
SOURCE_LINE = "Nguồn: Báo cáo đánh giá, xếp loại chất lượng của các TCCS đảng trực thuộc"


def source_line(committee: str = "") -> str:
    """The source line of a chart, ending with the committee's name ('… trực thuộc Đảng ủy Khối …')."""
    return f"{SOURCE_LINE} {committee}".strip()


REGIME_LINE = "Đánh giá, xếp loại theo {name}"  # the year's regulation (regimes.regime_for(year).name)
STRUCTURE_BREAK = "Sắp xếp tổ chức {year}"  # a multi-year chart's mark between the years before and after
WHOLE_BODY = "toàn Đảng bộ"  # a reference line's default label (the configured `whole` in the outputs)
CHART_TITLES = {
    "org_distribution": "Kết quả xếp loại chất lượng TCCS đảng, {years}",
    "member_distribution": "Kết quả xếp loại chất lượng đảng viên, {years}",
    "shares_vs_targets": "Tỷ lệ hoàn thành tốt nhiệm vụ trở lên và xuất sắc so với chỉ tiêu, {years}",
    "admissions": "Kết nạp đảng viên mới so với chỉ tiêu, {years}",
    "score_distribution": "Phân bố điểm đánh giá {who} theo khung điểm, năm {year}",
}
PANEL_TITLES = {
    "good": "Hoàn thành tốt nhiệm vụ trở lên",
    "excellent": "Trong đó: hoàn thành xuất sắc nhiệm vụ",
}
SERIES_LABELS = {
    "org_good_or_better_pct": "TCCS đảng",
    "org_excellent_pct": "TCCS đảng",
    "member_good_or_better_pct": "Đảng viên",
    "member_excellent_pct": "Đảng viên",
}
AXIS_LABELS = {
    "year": "Năm",
    "share_of_rated": "Tỷ lệ trên số được xếp loại (%)",
    "members_admitted": "Số đảng viên",
    "admitted": "Kết nạp mới",
    "quota": "Chỉ tiêu",
    "target": "Chỉ tiêu",
}

SEVERITY_NAMES = {"error": "LỖI", "warning": "CẢNH BÁO", "info": "GHI CHÚ"}

# Column headers for tables shown to people (notebooks, exports). Unknown columns keep their name.
COLUMN_LABELS = {
    "year": "Năm",
    "org_id": "Mã TCCS (chuẩn hoá)",
    "org_name": "Tổ chức cơ sở đảng",
    "org_type": "Loại hình",
    "member_id": "Mã ẩn danh",
    "member_code": "Số thẻ/mã đảng viên",
    "name": "Họ và tên",
    "birth_date": "Ngày sinh",
    "cell": "Chi bộ",
    "rating": "Xếp loại",
    "unrated_reason": "Lý do không xếp loại",
    "total": "Tổng số",
    "rated": "Được xếp loại",
    "unrated": "Chưa xếp loại",
    "KHTNV": "KHTNV",
    "HTNV": "HTNV",
    "HTTNV": "HTTNV",
    "HTXSNV": "HTXSNV",
    "KHTNV_pct": "KHTNV (%)",
    "HTNV_pct": "HTNV (%)",
    "HTTNV_pct": "HTTNV (%)",
    "HTXSNV_pct": "HTXSNV (%)",
    "good_or_better": "HTTNV trở lên",
    "good_or_better_pct": "HTTNV trở lên (%)",
    "excellent_pct": "HTXSNV (%)",
    "good_or_better_pct_change_pp": "Thay đổi HTTNV trở lên (điểm %)",
    "excellent_pct_change_pp": "Thay đổi HTXSNV (điểm %)",
    "admitted": "Kết nạp mới",
    "quota": "Chỉ tiêu",
    "attainment_pct": "Đạt (%)",
    "target_id": "Mã",
    "threshold": "Ngưỡng",
    "comparator": "So sánh",
    "actual": "Kết quả",
    "gap": "Chênh lệch",
    "met": "Đánh giá",
    "allowed": "Tối đa (theo tỷ lệ trên số HTTNV)",
    "excellent_to_good_pct": "HTXSNV/HTTNV (%)",
    "over": "Vượt giới hạn",
    "limit_pct": "Giới hạn (% số HTTNV)",
    "new_total": "TCCS thành lập mới",
    "unit": "Đơn vị",
    "members": "Số đảng viên",
    "new": "Thành lập mới",
    "severity": "Mức",
    "code": "Loại vấn đề",
    "file": "Tệp",
    "sheet": "Sheet",
    "cell_ref": "Ô",
    "message": "Nội dung",
    "read": "Số hàng đọc",
    "loaded": "Nạp",
    "excluded": "Loại trừ",
    "rejected": "Bị từ chối",
    "kind": "Loại bảng",
    "move": "Thay đổi",
    # scores (QĐ 366-QĐ/TW)
    "score": "Điểm",
    "scored": "Số có điểm",
    "mean": "Điểm bình quân",
    "median": "Điểm trung vị",
    "mean_previous": "Điểm bình quân năm trước",
    "median_previous": "Điểm trung vị năm trước",
    "mean_change": "Thay đổi điểm bình quân",
    "median_change": "Thay đổi điểm trung vị",
    "band_HTXSNV": "Khung HTXSNV (từ 90 điểm)",
    "band_HTTNV": "Khung HTTNV (70 đến dưới 90)",
    "band_HTNV": "Khung HTNV (50 đến dưới 70)",
    "band_KHTNV": "Khung KHTNV (dưới 50)",
    "below_band": "Xếp loại thấp hơn khung điểm",
    # year over year across the 2025 reorganisation, and periods
    "how": "Cách so sánh",
    "population": "Đối tượng",
    "previous_year": "Năm trước",
    "rated_previous": "Được xếp loại năm trước",
    "good_or_better_pct_previous": "HTTNV trở lên năm trước (%)",
    "excellent_pct_previous": "HTXSNV năm trước (%)",
    "included": "Tính khi so sánh cùng cơ cấu",
    "reason": "Lý do",
    "period": "Kỳ đánh giá",
    "regime": "Quy định áp dụng",
}
# a column's header where the same name means something else in one kind of table: the name of a target is
# not a person's name, the cell of an issue is not a party cell (chi bộ)
CONTEXT_LABELS: dict[str, dict[str, str]] = {
    "target_id": {"name": "Chỉ tiêu Nghị quyết"},
    "severity": {"cell": "Ô"},
}
# prefixes of the yearly series (org_good_or_better_pct…): whose share it is
SERIES_PREFIXES = {"org_": "TCCS", "member_": "Đảng viên"}
UNRATED_NAME = "Chưa xếp loại"  # a row or column of members not rated (exempt, newly admitted, suspended)
AGE_BAND = "Nhóm tuổi"


def rating_in_year(year: int) -> str:
    """The header of the rows or columns of a transition matrix: the level in one year."""
    return f"Xếp loại năm {year}"


def column_label(column: str, columns=()) -> str:
    """The header a person reads for `column` of a table whose columns are `columns` (ASCII names inside the
    package, Vietnamese outside). Unknown columns keep their name."""
    column = str(column)
    for marker, overrides in CONTEXT_LABELS.items():
        if marker in columns and column in overrides:
            return overrides[column]
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column]
    for prefix, who in SERIES_PREFIXES.items():
        rest = column[len(prefix):]
        if column.startswith(prefix) and rest in COLUMN_LABELS:
            return f"{who}: {COLUMN_LABELS[rest]}"
    return column


COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", "==": "=", ">": ">", "<": "<"}

# whether a target was met: one word per answer, everywhere (summary, tables, deck, charts)
TARGET_STATUS = {True: "Đạt", False: "Chưa đạt", None: "Chưa đánh giá"}

# ----------------------------------------------------------------------------------------------------------
# The lineage table (data/raw/sap_xep_tccs.csv): renames, merges, splits and transfers of organisations
# ----------------------------------------------------------------------------------------------------------
# kind code -> the word written in the table's `loai` column (and shown)
LINEAGE_KINDS: dict[str, str] = {
    "rename": "đổi tên",
    "merge": "hợp nhất",
    "split": "chia tách",
    "transfer_in": "chuyển đến",
    "transfer_out": "chuyển đi",
}
# other wordings of a kind, folded (text.fold): matched after the names above
LINEAGE_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "rename": ("doi ten", "rename"),
    "merge": ("hop nhat", "sap nhap", "merge"),
    "split": ("chia tach", "tach", "split"),
    "transfer_in": ("chuyen den", "transfer_in", "transfer in"),
    "transfer_out": ("chuyen di", "transfer_out", "transfer out"),
}
# the table's columns: canonical name -> header as written (headers are matched folded, spaces as "_")
LINEAGE_COLUMNS: dict[str, str] = {
    "nam_hieu_luc": "Năm hiệu lực",
    "ten_cu": "Tên cũ",
    "ten_moi": "Tên mới",
    "loai": "Loại",
    "ghi_chu": "Ghi chú",
}
# headers of the lineage listing (khoi-analysis tccs sap-xep)
LINEAGE_LISTING = {"line": "Dòng", "year": "Năm hiệu lực", "old_name": "Tên cũ", "new_name": "Tên mới",
                   "kind": "Loại", "note": "Ghi chú"}

# year over year, two ways (DOMAIN: the 2025 reorganisation)
YOY_PUBLISHED = "như đã công bố"  # each year's body as it was
YOY_LIKE_FOR_LIKE = "cùng cơ cấu"  # last year recomputed on this year's structure
YOY_WAYS = {"published": YOY_PUBLISHED, "like_for_like": YOY_LIKE_FOR_LIKE}
# what the like-for-like comparison leaves out, one note per reason ({n}, {year}, {previous}, {names})
LIKE_FOR_LIKE_NOTES = {
    "transfer_out": "{n} TCCS năm {previous} đã chuyển đi từ năm {year}, không tính khi so sánh cùng cơ cấu: {names}",
    "gone": ("{n} TCCS năm {previous} không có trong số liệu năm {year} và không có trong bảng sắp xếp TCCS, không "
             "tính khi so sánh cùng cơ cấu: {names}"),
    "successor_missing": ("{n} TCCS năm {previous} hợp nhất, chia tách hoặc chuyển vào TCCS không có trong số liệu "
                          "năm {year}, không tính khi so sánh cùng cơ cấu: {names}"),
    "transfer_in_no_data": ("{n} TCCS chuyển đến năm {year} không có số liệu năm {previous}, không tính ở cả hai năm "
                            "khi so sánh cùng cơ cấu: {names}"),
    "new": "{n} TCCS năm {year} không có tiền thân năm {previous}, không tính khi so sánh cùng cơ cấu: {names}",
}

# quarters as reports write them ("quý III năm 2026")
QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_name(label: str) -> str:
    """A review period as said to a person: '2026' -> 'năm 2026', '2026-Q3' -> 'quý III năm 2026'."""
    year, _, quarter = str(label).partition("-Q")
    return f"quý {QUARTER_NAMES[int(quarter)]} năm {year}" if quarter else f"năm {year}"

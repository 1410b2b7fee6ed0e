"""Generate the synthetic sample shipped in data/raw/mau/: a provincial bloc of about 140 grassroots party
organisations (TCCS) and about 5,000 members, reviews 2017-2026, one workbook per year in the input template.

The data is made up (names, codes, birth dates are random) but shaped like a real bloc: organisations of the
five types, some founded during the period (unrated in their first review), members leaving and admitted
every year, some exempt from rating with a reason. Year-level shares follow a plausible path; 2021 is drawn
to agree with the conference report in shared/seed (91,4% / 20,9% of TCCS, 98,0% / 17,2% of members, 152/150
admitted, 1 new TCCS in a private enterprise, 9/9 targets, 12 members excellent 2017-2021) and 2022 misses
some of the seed's 2022 targets so gaps show.

2023-2026 are drawn after that (a second random stream, so 2017-2022 stay as they were): 2023-2024 under
QĐ 124-QĐ/TW; 2025-2026 under QĐ 366-QĐ/TW with a 100-point score for every organisation and member rated (the
level is the score's band); the 2025 reorganisation (the bloc ended and its TCCS moved to the Đảng bộ Ủy ban nhân
dân tỉnh: the party, front and mass organisations' TCCS left for the Đảng bộ các cơ quan Đảng tỉnh, central
agencies and enterprises left, departments merged, one split, one renamed, and the TCCS of the former province
Lam Giang's bloc came in), written as `sap_xep_tccs.csv` beside the workbooks; and the quarterly reviews of the
TCCS in quarters II and III of 2026, one workbook each.

The 2021 data is also written as the annex tables offices really send (data/examples/): one as typed
today, one in the legacy TCVN3 encoding; both give the same figures as the template.

Deterministic: the same seed gives the same cell values.
Run:  python scripts/make_sample_data.py [OUT_DIR [EXAMPLES_DIR]]
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from khoi_analysis import labels  # noqa: E402
from khoi_analysis.config import LINEAGE_FILE_NAME  # noqa: E402
from khoi_analysis.outputs.template import write_workbook  # noqa: E402

SEED = 20211231
YEARS = list(range(2017, 2023))  # the first simulation (the seed's years); never changes
LATER_YEARS = list(range(2023, 2027))  # drawn afterwards from LATER_SEED
LATER_SEED = SEED + 1
ALL_YEARS = YEARS + LATER_YEARS
SCORED_FROM = 2025  # QĐ 366-QĐ/TW: organisations and members scored on 100 points
REORGANISED = 2025  # the review year from which the new structure holds
QUARTERS = [(2026, 2), (2026, 3)]  # quarterly reviews of the TCCS written as their own workbooks

# Year-level paths (percent of those rated). 2021 is the seed report's; 2022 dips on purpose.
ORG_GOOD = {2017: 88.1, 2018: 89.0, 2019: 90.2, 2020: 90.8, 2021: 91.4, 2022: 88.6,
            2023: 90.3, 2024: 91.0, 2025: 89.2, 2026: 90.5}
ORG_EXCELLENT = {2017: 17.0, 2018: 17.8, 2019: 18.9, 2020: 19.8, 2021: 20.9, 2022: 21.3,
                 2023: 20.1, 2024: 19.6, 2025: 18.4, 2026: 19.2}
ORG_FAIL = {2017: 1, 2018: 1, 2019: 0, 2020: 1, 2021: 1, 2022: 2, 2023: 1, 2024: 1, 2025: 2, 2026: 1}
MEMBER_GOOD = {2017: 96.8, 2018: 97.1, 2019: 97.5, 2020: 97.8, 2021: 98.0, 2022: 97.6,
               2023: 97.9, 2024: 98.1, 2025: 96.9, 2026: 97.4}
MEMBER_EXCELLENT = {2017: 14.1, 2018: 14.9, 2019: 15.6, 2020: 16.4, 2021: 17.2, 2022: 18.5,
                    2023: 18.2, 2024: 18.9, 2025: 16.8, 2026: 17.9}
MEMBER_FAIL_PCT = {2017: 0.35, 2018: 0.3, 2019: 0.3, 2020: 0.25, 2021: 0.2, 2022: 0.3,
                   2023: 0.3, 2024: 0.25, 2025: 0.4, 2026: 0.3}
POLITICAL_GOOD = {2017: 92.5, 2018: 93.4, 2019: 94.1, 2020: 95.0, 2021: 96.4, 2022: 89.2,
                  2023: 93.0, 2024: 94.2, 2025: 91.5, 2026: 93.8}
ACTION_PROGRAMME = {2017: 97.8, 2018: 98.5, 2019: 99.3, 2020: 100.0, 2021: 100.0, 2022: 100.0,
                    2023: 100.0, 2024: 100.0, 2025: 98.6, 2026: 100.0}
QUOTA = {2017: 140, 2018: 140, 2019: 145, 2020: 150, 2021: 150, 2022: 150, 2023: 150, 2024: 155, 2025: 170,
         2026: 175}
ADMITTED = {2017: 138, 2018: 146, 2019: 149, 2020: 156, 2021: 152, 2022: 143, 2023: 151, 2024: 149, 2025: 162,
            2026: 178}
INSPECTION_TYPED = {2017: 100, 2018: 100, 2019: 100, 2020: 100, 2021: 100, 2022: 100, 2023: 100, 2024: 100,
                    2025: 100, 2026: 100}
EXACT_YEARS = {2021}  # the seed report's year: shares must round to its figures exactly
STREAK_MEMBERS = 12  # members rated HTXSNV in every review 2017-2021

# New organisations: (year, type, month founded). Month >= 7 means less than 6 months before the review.
NEW_ORGS = [
    (2018, "dn_ngoai_nha_nuoc", 10), (2018, "don_vi_su_nghiep", 3),
    (2019, "dn_ngoai_nha_nuoc", 2), (2019, "dn_nha_nuoc", 8),
    (2020, "dn_ngoai_nha_nuoc", 9),
    (2021, "dn_ngoai_nha_nuoc", 9),
]
DISSOLVED = {2019: 1, 2022: 1}  # organisations merged away before the review (state-owned enterprises)
INITIAL_TYPES = {"co_quan_hanh_chinh": 38, "co_quan_dang_doan_the": 14, "don_vi_su_nghiep": 42,
                 "dn_nha_nuoc": 18, "dn_ngoai_nha_nuoc": 23}

UNITS = {
    "co_quan_hanh_chinh": [
        "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Tư pháp", "Sở Công Thương", "Sở Xây dựng",
        "Sở Giao thông vận tải", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường",
        "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ",
        "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Nội vụ", "Sở Thông tin và Truyền thông", "Sở Ngoại vụ",
        "Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
        "Thanh tra tỉnh", "Ban Quản lý các khu công nghiệp", "Cục Thuế tỉnh", "Cục Hải quan tỉnh",
        "Kho bạc Nhà nước tỉnh", "Cục Thống kê tỉnh", "Bảo hiểm xã hội tỉnh", "Cục Quản lý thị trường tỉnh",
        "Ngân hàng Nhà nước chi nhánh tỉnh", "Chi cục Kiểm lâm", "Chi cục Thủy lợi", "Chi cục Chăn nuôi và Thú y",
        "Chi cục Trồng trọt và Bảo vệ thực vật", "Chi cục Tiêu chuẩn Đo lường Chất lượng",
        "Chi cục Dân số - Kế hoạch hóa gia đình", "Chi cục An toàn vệ sinh thực phẩm", "Chi cục Thi hành án dân sự",
        "Chi cục Phát triển nông thôn", "Chi cục Bảo vệ môi trường", "Chi cục Văn thư - Lưu trữ",
        "Ban Dân tộc tỉnh", "Chi cục Thủy sản",
    ],
    "co_quan_dang_doan_the": [
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh", "Hội Nông dân tỉnh",
        "Hội Cựu chiến binh tỉnh", "Liên đoàn Lao động tỉnh", "Hội Chữ thập đỏ tỉnh",
        "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "Hội Văn học Nghệ thuật tỉnh", "Liên minh Hợp tác xã tỉnh",
        "Hội Nhà báo tỉnh", "Hội Luật gia tỉnh", "Hội Khuyến học tỉnh", "Hội Người mù tỉnh",
        "Liên hiệp các tổ chức hữu nghị tỉnh",
    ],
    "don_vi_su_nghiep": [
        "Bệnh viện Đa khoa tỉnh", "Bệnh viện Y học cổ truyền tỉnh", "Bệnh viện Lao và Bệnh phổi",
        "Bệnh viện Tâm thần tỉnh", "Bệnh viện Sản - Nhi tỉnh", "Bệnh viện Mắt tỉnh",
        "Bệnh viện Phục hồi chức năng", "Trung tâm Kiểm soát bệnh tật tỉnh", "Trường Đại học Hồng Đức",
        "Trường Cao đẳng Y tế", "Trường Cao đẳng Sư phạm", "Trường Cao đẳng Nghề", "Trường Chính trị tỉnh",
        "Trường THPT Chuyên Lam Sơn", "Báo tỉnh", "Đài Phát thanh và Truyền hình tỉnh", "Thư viện tỉnh",
        "Bảo tàng tỉnh", "Trung tâm Văn hóa tỉnh", "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch",
        "Trung tâm Dịch vụ việc làm", "Trung tâm Khuyến nông", "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng",
        "Ban Quản lý dự án giao thông", "Trung tâm Trợ giúp pháp lý nhà nước", "Trung tâm Công nghệ thông tin",
        "Quỹ Đầu tư phát triển tỉnh", "Trung tâm Phát triển quỹ đất", "Trường THPT Nguyễn Trãi",
        "Trường THPT Lê Quý Đôn", "Trường THPT Trần Phú", "Trường THPT Phan Bội Châu", "Trường THPT Hùng Vương",
        "Trường THPT Chu Văn An", "Trường THPT Lê Lợi", "Trường THPT Hàm Rồng", "Trường THPT Đào Duy Từ",
        "Trung tâm Giám định y khoa", "Trung tâm Pháp y", "Trung tâm Quan trắc tài nguyên và môi trường",
        "Trung tâm Đăng kiểm xe cơ giới", "Nhà hát Nghệ thuật truyền thống tỉnh", "Trung tâm Huấn luyện và Thi đấu thể thao",
        "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn",
    ],
    "dn_nha_nuoc": [
        "Công ty TNHH MTV Xổ số kiến thiết", "Công ty TNHH MTV Khai thác công trình thủy lợi",
        "Công ty Cổ phần Cấp thoát nước", "Công ty Điện lực tỉnh", "Viễn thông tỉnh", "Bưu điện tỉnh",
        "Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh", "Ngân hàng TMCP Ngoại thương chi nhánh tỉnh",
        "Ngân hàng TMCP Đầu tư và Phát triển chi nhánh tỉnh", "Ngân hàng TMCP Công Thương chi nhánh tỉnh",
        "Ngân hàng Chính sách xã hội chi nhánh tỉnh", "Công ty TNHH MTV Lâm nghiệp Sông Chu",
        "Công ty Cổ phần Môi trường và Công trình đô thị", "Công ty Xăng dầu tỉnh", "Công ty TNHH MTV Cao su",
        "Bảo Việt tỉnh", "Viettel tỉnh", "Công ty TNHH MTV Sông Mã", "Công ty Cổ phần Quản lý đường bộ",
        "Công ty Cổ phần Giống cây trồng",
    ],
}
PRIVATE_SECTORS = ["Dệt may", "Xây dựng", "Thương mại", "Chế biến nông sản", "Gạch men", "Dược phẩm",
                   "Vật liệu xây dựng", "Thủy sản", "Cơ khí", "Đầu tư và Phát triển", "Vận tải", "Giày da",
                   "Xi măng", "Thực phẩm", "Du lịch"]
PRIVATE_NAMES = ["Thành Công", "An Khang", "Phú Thịnh", "Minh Long", "Hưng Thịnh", "Tân Phú", "Đại Việt",
                 "Sao Mai", "Hoàng Long", "Trường An", "Bình Minh", "Thiên Ân", "Phúc Lộc", "Quang Vinh",
                 "Nam Sơn", "Hải Hà", "Việt Hưng", "Đông Á", "Kim Ngân", "Lam Hồng", "Ánh Dương", "Hợp Lực",
                 "Tiến Đạt", "Ngọc Sơn", "Bắc Hà", "Trí Đức", "Gia Bảo", "Vĩnh Phát", "Hòa An", "Đức Tài"]
OFFICE_CELLS = ["Văn phòng", "Phòng Tổ chức - Hành chính", "Phòng Kế hoạch - Tài chính", "Phòng Nghiệp vụ 1",
                "Phòng Nghiệp vụ 2", "Phòng Thanh tra", "Phòng Pháp chế", "Phòng Quản lý dự án",
                "Phòng Kiểm tra", "Phòng Tổng hợp", "Phòng Chính sách"]
CELL_NAMES = {
    "hospital": ["Khoa Khám bệnh", "Khoa Nội", "Khoa Ngoại", "Khoa Hồi sức cấp cứu", "Khoa Dược",
                 "Khoa Xét nghiệm", "Phòng Điều dưỡng", "Phòng Hành chính quản trị", "Khoa Nhi", "Khoa Sản"],
    "school": ["Tổ Khoa học Tự nhiên", "Tổ Khoa học Xã hội", "Tổ Ngoại ngữ", "Tổ Văn phòng",
               "Phòng Đào tạo", "Khoa Cơ bản", "Khoa Chuyên môn", "Tổ Toán - Tin"],
    "enterprise": ["Phân xưởng sản xuất 1", "Phân xưởng sản xuất 2", "Phòng Kinh doanh", "Phòng Kỹ thuật",
                   "Phòng Tài chính - Kế toán", "Chi nhánh phía Bắc", "Chi nhánh phía Nam", "Đội Vận hành",
                   "Phòng Tổ chức - Hành chính", "Đội Thi công"],
    "office": OFFICE_CELLS,
}


# ---------------------------------------------------------------- 2023-2026
# new organisations after 2022: (year, type, month founded)
LATER_NEW_ORGS = [(2023, "dn_ngoai_nha_nuoc", 4), (2024, "dn_ngoai_nha_nuoc", 8), (2026, "dn_ngoai_nha_nuoc", 3),
                  (2026, "dn_ngoai_nha_nuoc", 9)]
LATER_PRIVATE = ["Công ty Cổ phần Bao bì Hoàng Hà", "Công ty TNHH May mặc Phú Cường",
                 "Công ty Cổ phần Nhựa Tân Tiến", "Công ty TNHH Điện tử Ánh Sao", "Công ty Cổ phần Gỗ Trường Sơn"]
# the 2025 reorganisation (DOMAIN.md): who left the committee, who merged, split, was renamed, came in
MOVED_TO_PARTY_ORGANS = "Chuyển về Đảng bộ các cơ quan Đảng tỉnh"
LEAVING = {  # unit -> note (the unit's TCCS left with the 2025 review)
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh": MOVED_TO_PARTY_ORGANS,
    "Cục Hải quan tỉnh": "Chuyển về Đảng bộ Hải quan khu vực theo ngành dọc",
    "Kho bạc Nhà nước tỉnh": "Chuyển về Đảng bộ Kho bạc Nhà nước khu vực theo ngành dọc",
    "Ngân hàng Nhà nước chi nhánh tỉnh": "Chuyển về Ngân hàng Nhà nước chi nhánh khu vực",
    "Công ty Điện lực tỉnh": "Chuyển về Đảng bộ Tổng công ty theo ngành dọc",
    "Viễn thông tỉnh": "Chuyển về Đảng bộ Tập đoàn theo ngành dọc",
    "Viettel tỉnh": "Chuyển về Đảng bộ Tập đoàn theo ngành dọc",
    "Bảo Việt tỉnh": "Chuyển về Đảng bộ Tập đoàn theo ngành dọc",
    "Ngân hàng TMCP Ngoại thương chi nhánh tỉnh": "Chuyển về Đảng bộ Ngân hàng theo ngành dọc",
}
LEAVING_TYPES = {"co_quan_dang_doan_the": MOVED_TO_PARTY_ORGANS}  # every TCCS of the type left
PRIVATE_LEAVING = 6  # enterprises' TCCS moved to the ward committees where they stand
PRIVATE_LEAVING_NOTE = "Chuyển về Đảng bộ phường nơi doanh nghiệp đóng trụ sở"
MERGES = [  # (units merged, the unit they form; a unit formed anew when it was not in the bloc)
    (["Sở Kế hoạch và Đầu tư"], "Sở Tài chính"),
    (["Sở Giao thông vận tải"], "Sở Xây dựng"),
    (["Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn"], "Sở Nông nghiệp và Môi trường"),
    (["Sở Thông tin và Truyền thông"], "Sở Khoa học và Công nghệ"),
]
SPLITS = [("Sở Lao động - Thương binh và Xã hội", ["Sở Nội vụ", "Sở Y tế"])]
RENAMES = [(2025, "Ban Quản lý các khu công nghiệp", "Ban Quản lý Khu kinh tế và các khu công nghiệp tỉnh")]
FORMER_PROVINCE = "Lam Giang"
TRANSFER_IN_NOTE = f"Từ Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh {FORMER_PROVINCE} (trước hợp nhất tỉnh)"
TRANSFERRED_IN = {  # the former province's TCCS that came in with the 2025 review, by type
    "co_quan_hanh_chinh": ["Ban Quản lý Khu kinh tế cửa khẩu Lam Giang", "Chi cục Kiểm lâm vùng Lam Giang",
                           "Chi cục Thủy lợi khu vực Lam Giang", "Trung tâm Phục vụ hành chính công khu vực Lam Giang",
                           "Ban Quản lý Vườn quốc gia Lam Giang", "Chi cục Quản lý đất đai khu vực Lam Giang"],
    "don_vi_su_nghiep": ["Bệnh viện Đa khoa khu vực Lam Giang", "Bệnh viện Y dược cổ truyền Lam Giang",
                         "Bệnh viện Sản - Nhi Lam Giang", "Trung tâm Y tế khu vực Lam Giang",
                         "Trường Cao đẳng Kỹ thuật Lam Giang", "Trường Cao đẳng Sư phạm Lam Giang",
                         "Trường THPT Chuyên Lam Giang", "Trường THPT Lam Giang", "Trường THPT Bắc Lam Giang",
                         "Trường THPT Nam Lam Giang", "Trường Chính trị Lam Giang", "Báo và Phát thanh Lam Giang",
                         "Thư viện khu vực Lam Giang", "Bảo tàng Lam Giang",
                         "Trung tâm Văn hóa - Điện ảnh Lam Giang", "Trung tâm Khuyến nông khu vực Lam Giang",
                         "Ban Quản lý dự án đầu tư xây dựng khu vực Lam Giang",
                         "Trung tâm Kiểm soát bệnh tật khu vực Lam Giang", "Trung tâm Dịch vụ việc làm Lam Giang",
                         "Trung tâm Quan trắc môi trường Lam Giang"],
    "dn_nha_nuoc": ["Công ty TNHH MTV Thủy lợi Lam Giang", "Công ty Cổ phần Cấp nước Lam Giang",
                    "Công ty TNHH MTV Lâm nghiệp Lam Giang", "Công ty TNHH MTV Xổ số kiến thiết Lam Giang"],
    "dn_ngoai_nha_nuoc": ["Công ty Cổ phần Xi măng Lam Giang", "Công ty TNHH Chế biến gỗ Lam Giang",
                          "Công ty Cổ phần Du lịch Lam Giang", "Công ty Cổ phần Khoáng sản Lam Giang"],
}
# the former province's departments merged into ours: their members came in with them (share of ours)
DEPARTMENT_INFLOW = (0.35, 0.6)


def cell_kind(org_type: str, unit: str) -> str:
    if org_type.startswith("dn_"):
        return "enterprise"
    if unit.startswith("Bệnh viện") or unit.startswith("Trung tâm Kiểm soát"):
        return "hospital"
    if unit.startswith("Trường"):
        return "school"
    return "office"

SURNAMES = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 1), ("Phan", 4.5),
            ("Vũ", 3.9), ("Võ", 1), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
            ("Dương", 1), ("Lý", 0.5), ("Đinh", 1), ("Trịnh", 1), ("Lương", 0.6), ("Mai", 0.6), ("Tạ", 0.3),
            ("Cao", 0.5), ("Lưu", 0.4), ("Hà", 0.6), ("Đào", 0.6), ("Thái", 0.3)]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân", "Ngọc", "Thanh", "Đình", "Trọng", "Mạnh"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Phương", "Minh", "Kim", "Diệu", "Bích"]
GIVEN_M = ["Anh", "Bình", "Cường", "Dũng", "Đạt", "Đông", "Giang", "Hải", "Hiếu", "Hòa", "Hùng", "Huy",
           "Khánh", "Khoa", "Lâm", "Long", "Mạnh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn",
           "Tài", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Ân"]
GIVEN_F = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Huệ", "Hương", "Lan",
           "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Tâm",
           "Thảo", "Thơ", "Thủy", "Trang", "Uyên", "Vân", "Yến", "Ánh", "Ất", "Ơn"]

EXEMPT_RATES = {  # per member-year, among members not newly admitted
    "Miễn công tác và sinh hoạt đảng (tuổi cao)": 0.003,
    "Miễn công tác và sinh hoạt đảng (sức khỏe)": 0.007,
    "Đình chỉ sinh hoạt đảng": 0.0008,
}
NEW_MEMBER_REASON = "Kết nạp chưa đủ 6 tháng"
NEW_ORG_REASON = labels.UNRATED_REASONS_ORG[0]


@dataclass
class Org:
    code: int
    name: str
    org_type: str
    founded: dt.date
    dissolved_year: int | None = None
    effect: float = 0.0
    cells: list[str] = field(default_factory=list)
    renamed: list[tuple[int, str]] = field(default_factory=list)  # (from year, name)
    came_in: int | None = None  # the review year it came into the committee from elsewhere (2025)

    def name_in(self, year: int) -> str:
        return next((n for y, n in sorted(self.renamed, reverse=True) if y <= year), self.name)


@dataclass
class Member:
    code: str
    name: str
    birth: dt.date
    org: int
    cell: str
    joined: dt.date
    propensity: float
    start_year: int  # first year in the bloc (admitted here, or transferred in)
    left_year: int | None = None
    moves: list[tuple[int, int, str]] = field(default_factory=list)  # (from year, org code, cell), 2025 on

    def where(self, year: int) -> tuple[int, str]:
        """The member's organisation and chi bộ in a review year."""
        for y, org, cell in reversed(self.moves):
            if y <= year:
                return org, cell
        return self.org, self.cell


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Split an integer total in proportion to weights, exactly."""
    raw = total * weights / weights.sum()
    base = np.floor(raw).astype(int)
    rest = total - base.sum()
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:rest]] += 1
    return base


def counts_for(rated: int, good_pct: float, excellent_pct: float, fail: int, exact: bool) -> dict[str, int]:
    """Level counts whose shares of `rated` are nearest the given percentages; with `exact`, counts whose
    shares round (half up, one decimal) to exactly those percentages, or an error."""
    from khoi_analysis.fmt import round_half_up

    def nearest(pct_target: float) -> int:
        guess = round(rated * pct_target / 100)
        for delta in sorted(range(-5, 6), key=abs):
            n = guess + delta
            if 0 <= n <= rated and round_half_up(100 * n / rated) == pct_target:
                return n
        if exact:
            raise ValueError(f"no count of {rated} gives {pct_target}%")
        return guess

    good, excellent = nearest(good_pct), nearest(excellent_pct)
    return {"HTXSNV": excellent, "HTTNV": good - excellent, "HTNV": rated - good - fail, "KHTNV": fail}


class Generator:
    def __init__(self, seed: int = SEED):
        self.rng = np.random.default_rng(seed)
        self.orgs: list[Org] = []
        self.members: list[Member] = []
        self.next_member = 1

    # ---------------------------------------------------------------- organisations
    def make_orgs(self) -> None:
        rng = self.rng
        private = [f"Công ty {p} {s} {n}" for p, s, n in zip(
            rng.choice(["Cổ phần", "TNHH"], 40), rng.choice(PRIVATE_SECTORS, 40), rng.permutation(PRIVATE_NAMES)[:40])]
        pools = {k: list(v) for k, v in UNITS.items()} | {"dn_ngoai_nha_nuoc": private}
        for k in pools:
            if k != "dn_ngoai_nha_nuoc":
                pools[k] = list(rng.permutation(pools[k]))
        code = 1
        for org_type, n in INITIAL_TYPES.items():
            for _ in range(n):
                unit = pools[org_type].pop()
                self.orgs.append(Org(code, unit, org_type, dt.date(int(rng.integers(1976, 2016)), 1, 1)))
                code += 1
        for year, org_type, month in NEW_ORGS:
            unit = pools[org_type].pop()
            self.orgs.append(Org(code, unit, org_type, dt.date(year, month, int(rng.integers(1, 28)))))
            code += 1
        for year, n in DISSOLVED.items():
            candidates = [o for o in self.orgs if o.org_type == "dn_nha_nuoc" and o.dissolved_year is None
                          and o.founded.year < 2017]
            for org in rng.choice(candidates, n, replace=False):
                org.dissolved_year = year
        for org in self.orgs:
            org.effect = float(rng.normal(0, 0.35))

    def orgs_in(self, year: int) -> list[Org]:
        return [o for o in self.orgs if max(o.founded.year, o.came_in or 0) <= year
                and (o.dissolved_year is None or o.dissolved_year > year)]

    # ---------------------------------------------------------------- members
    def new_member(self, org: Org, joined: dt.date, age_range: tuple[int, int], rng=None) -> Member:
        rng = self.rng if rng is None else rng
        female = rng.random() < 0.48
        surname = SURNAMES[rng.choice(len(SURNAMES), p=self._surname_p)][0]
        middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
        given = rng.choice(GIVEN_F if female else GIVEN_M)
        age = int(round(rng.triangular(age_range[0], age_range[0] + 8, age_range[1])))
        birth = dt.date(joined.year - age, int(rng.integers(1, 13)), int(rng.integers(1, 29)))
        code = f"{38}{self.next_member:06d}"
        self.next_member += 1
        cell = rng.choice(org.cells) if org.cells else ""
        return Member(code, f"{surname} {middle} {given}", birth, org.code, str(cell), joined,
                      float(rng.normal(0, 1) + org.effect), start_year=max(joined.year, org.founded.year))

    def make_members(self) -> None:
        rng = self.rng
        self._surname_p = np.array([w for _, w in SURNAMES]) / sum(w for _, w in SURNAMES)
        sizes = np.clip(rng.lognormal(3.25, 0.75, len(self.orgs)), 4, 260).astype(int)
        sizes = (sizes * 5150 / sizes[[o.founded.year < 2017 for o in self.orgs]].sum()).astype(int).clip(4)
        for org, size in zip(self.orgs, sizes):
            if size >= 30:
                n_cells = max(3, size // 14)
                pool = CELL_NAMES[cell_kind(org.org_type, org.name)]
                org.cells = [f"Chi bộ {c}" for c in rng.choice(pool, min(n_cells, len(pool)), replace=False)]
            if org.founded.year < 2017:
                for _ in range(size):
                    joined = dt.date(int(rng.integers(1990, 2017)), int(rng.integers(1, 13)), 1)
                    age_now = int(round(rng.triangular(24, 33, 59)))
                    m = self.new_member(org, joined, (20, 30))
                    m.birth = m.birth.replace(year=2016 - age_now)
                    m.joined = max(m.joined, m.birth.replace(year=m.birth.year + 19, day=1))
                    m.start_year = min(m.joined.year, 2016)
                    self.members.append(m)
            else:  # founded later: starts with a handful of members transferred in
                for _ in range(max(3, size // 4)):
                    joined = dt.date(int(rng.integers(2000, org.founded.year)), int(rng.integers(1, 13)), 1)
                    m = self.new_member(org, joined, (22, 35))
                    m.start_year = org.founded.year
                    self.members.append(m)
        # every year: some leave (retirement, transfer), ADMITTED[y] are admitted
        for year in YEARS:
            for m in self.members:
                if m.left_year is None and m.start_year < year:
                    age = year - m.birth.year
                    p_leave = 0.95 if age >= 60 else 0.012
                    if rng.random() < p_leave:
                        m.left_year = year
            live = self.orgs_in(year)
            weights = np.array([3.0 if o.org_type == "dn_ngoai_nha_nuoc" else 1.0 for o in live])
            weights *= np.array([max(1, sum(1 for m in self.members if m.org == o.code and m.left_year is None
                                                 and m.start_year <= year))
                                 for o in live]) ** 0.5
            per_org = largest_remainder(ADMITTED[year], weights)
            for org, n in zip(live, per_org):
                for _ in range(n):
                    joined = dt.date(year, int(rng.integers(1, 13)), int(rng.integers(1, 29)))
                    self.members.append(self.new_member(org, joined, (20, 33)))

    def members_in(self, year: int) -> list[Member]:
        alive = {o.code for o in self.orgs_in(year)}
        out = []
        for m in self.members:
            if m.start_year <= year and (m.left_year is None or m.left_year > year):
                if m.where(year)[0] not in alive:  # organisation dissolved: members moved to another organisation
                    continue
                out.append(m)
        return out

    # ---------------------------------------------------------------- ratings
    def rate(self) -> None:
        self.org_rating: dict[tuple[int, int], str | None] = {}
        self.org_extra: dict[tuple[int, int], tuple[str | None, bool | None, bool | None]] = {}
        self.member_rating: dict[tuple[str, int], str | None] = {}
        self.member_reason: dict[tuple[str, int], str] = {}
        self.org_score: dict[tuple[int, int], float] = {}
        self.member_score: dict[tuple[str, int], float] = {}
        # the dissolved organisations' members move to the largest organisation of the same type
        for org in self.orgs:
            if org.dissolved_year:
                target = max((o for o in self.orgs if o.org_type == org.org_type and o.dissolved_year is None),
                             key=lambda o: sum(1 for m in self.members if m.org == o.code))
                for m in self.members:
                    if m.org == org.code and (m.left_year is None or m.left_year > org.dissolved_year):
                        m.org = target.code
                        m.cell = target.cells[0] if target.cells else ""
        for year in YEARS:
            self.rate_year(year, self.rng)
        self._fix_streaks()

    def rate_year(self, year: int, rng) -> None:
        live = self.orgs_in(year)
        rated = [o for o in live if not (o.founded.year == year and o.founded.month >= 7)]
        counts = counts_for(len(rated), ORG_GOOD[year], ORG_EXCELLENT[year], ORG_FAIL[year],
                            exact=year in EXACT_YEARS)
        score = np.array([o.effect + rng.normal(0, 0.45) for o in rated])
        self._assign([o.code for o in rated], score, counts, lambda k, r, year=year: self.org_rating.__setitem__((k, year), r))
        for o in live:
            if o not in rated:
                self.org_rating[(o.code, year)] = None
        # political tasks and action programme: yes/no for the rated organisations
        n_pol = round(len(rated) * POLITICAL_GOOD[year] / 100)
        n_act = round(len(rated) * ACTION_PROGRAMME[year] / 100)
        by_score = [rated[i].code for i in np.argsort(-score, kind="stable")]
        pol = set(by_score[:n_pol])
        act = set(rng.permutation(by_score)[:n_act].tolist())
        for o in live:
            is_rated = o in rated
            self.org_extra[(o.code, year)] = (
                NEW_ORG_REASON if not is_rated else None,
                (o.code in pol) if is_rated else None,
                (o.code in act) if is_rated else None,
            )
        if year >= SCORED_FROM:
            self._score([o.code for o in rated], score, year, self.org_rating, self.org_score, rng)
        # members
        members = self.members_in(year)
        rated_m = []
        for m in members:
            key = (m.code, year)
            if m.joined.year == year and m.joined.month >= 7:
                self.member_reason[key] = NEW_MEMBER_REASON
                continue
            reason = None
            for r, p in EXEMPT_RATES.items():
                if rng.random() < p:
                    reason = r
                    break
            if reason:
                self.member_reason[key] = reason
                continue
            rated_m.append(m)
        fail = max(1, round(len(rated_m) * MEMBER_FAIL_PCT[year] / 100))
        counts = counts_for(len(rated_m), MEMBER_GOOD[year], MEMBER_EXCELLENT[year], fail,
                            exact=year in EXACT_YEARS)
        org_eff = {o.code: o.effect for o in self.orgs}
        score = np.array([m.propensity + 0.3 * org_eff[m.where(year)[0]] + rng.normal(0, 0.55) for m in rated_m])
        self._assign([m.code for m in rated_m], score, counts,
                     lambda k, r, year=year: self.member_rating.__setitem__((k, year), r))
        if year >= SCORED_FROM:
            self._score([m.code for m in rated_m], score, year, self.member_rating, self.member_score, rng)
        for m in members:
            self.member_rating.setdefault((m.code, year), None)

    @staticmethod
    def _score(keys, latent, year, rating, out, rng) -> None:
        """100-point scores for those rated in a scored year: within each level's band (QĐ 366-QĐ/TW: HTXSNV
        from 90, HTTNV 70 to under 90, HTNV 50 to under 70, KHTNV under 50), ordered as the latent score is, in
        steps of half a point. The level given is the score's band (no condition lowers one in the sample), so
        the levels follow from the scores alone."""
        bands = {"HTXSNV": (90.0, 98.5), "HTTNV": (70.0, 89.5), "HTNV": (50.0, 69.5), "KHTNV": (32.0, 49.5)}
        for level, (low, high) in bands.items():
            idx = [i for i, k in enumerate(keys) if rating[(k, year)] == level]
            if not idx:
                continue
            # most of a band's members sit near its lower edge, fewer near the top
            draws = np.floor(2 * (low + (high - low) * rng.beta(1.6, 2.4, len(idx)))) / 2
            ranked = sorted(idx, key=lambda i: -latent[i])
            for i, value in zip(ranked, sorted(draws, reverse=True)):
                out[(keys[i], year)] = float(value)

    @staticmethod
    def _assign(keys, score, counts, setter) -> None:
        order = np.argsort(-score, kind="stable")
        levels = ["HTXSNV"] * counts["HTXSNV"] + ["HTTNV"] * counts["HTTNV"] + ["HTNV"] * counts["HTNV"] \
            + ["KHTNV"] * counts["KHTNV"]
        for i, level in zip(order, levels):
            setter(keys[i], level)

    def _fix_streaks(self) -> None:
        """Make exactly STREAK_MEMBERS members HTXSNV in each of 2017-2021 by swapping ratings between two
        members within a year, which keeps every year's counts as drawn."""
        rng = self.rng
        span = range(2017, 2022)
        codes = sorted({c for c, _ in self.member_rating})

        def levels(code):
            return [self.member_rating.get((code, y)) for y in span]

        def streak(code):
            return all(v == "HTXSNV" for v in levels(code))

        streaks = [c for c in codes if streak(c)]
        while len(streaks) > STREAK_MEMBERS:
            code = streaks.pop(int(rng.integers(len(streaks))))
            year = int(rng.choice([2018, 2019, 2020]))
            partner = next(c for c in rng.permutation(codes) if self.member_rating.get((c, year)) == "HTTNV"
                           and not all(v == "HTXSNV" for y, v in zip(span, levels(c)) if y != year))
            self.member_rating[(code, year)], self.member_rating[(partner, year)] = "HTTNV", "HTXSNV"
        while len(streaks) < STREAK_MEMBERS:
            near = [c for c in codes if sum(v == "HTXSNV" for v in levels(c)) == 4
                    and all(v is not None for v in levels(c))]
            code = near[int(rng.integers(len(near)))]
            year = next(y for y, v in zip(span, levels(code)) if v != "HTXSNV")
            partner = next(c for c in rng.permutation(codes) if self.member_rating.get((c, year)) == "HTXSNV"
                           and c not in streaks and c != code)
            self.member_rating[(code, year)], self.member_rating[(partner, year)] = \
                "HTXSNV", self.member_rating[(code, year)]
            streaks = [c for c in codes if streak(c)]

    # ---------------------------------------------------------------- 2023-2026
    def extend(self) -> None:
        """The years after the seed's simulation, from their own random stream (2017-2022 stay as drawn)."""
        rng = np.random.default_rng(LATER_SEED)
        # (effective year, old org code, new org code, kind, note); names as printed the year before / the year
        self.lineage: list[tuple[int, int | None, int | None, str, str]] = []
        private = [n for n in LATER_PRIVATE if all(o.name != n for o in self.orgs)]
        for year in LATER_YEARS:
            if year == REORGANISED:
                self.reorganise(rng)
            for y, org_type, month in LATER_NEW_ORGS:
                if y == year:
                    self._add_org(private.pop(0), org_type, dt.date(year, month, int(rng.integers(1, 28))), rng)
            for m in self.members:
                if m.left_year is None and m.start_year < year:
                    if rng.random() < (0.95 if year - m.birth.year >= 60 else 0.012):
                        m.left_year = year
            live = self.orgs_in(year)
            sizes = self._sizes(year)
            weights = np.array([3.0 if o.org_type == "dn_ngoai_nha_nuoc" else 1.0 for o in live])
            weights *= np.array([max(1, sizes.get(o.code, 0)) for o in live]) ** 0.5
            for org, n in zip(live, largest_remainder(ADMITTED[year], weights)):
                for _ in range(n):
                    joined = dt.date(year, int(rng.integers(1, 13)), int(rng.integers(1, 29)))
                    self.members.append(self.new_member(org, joined, (20, 33), rng))
            self.rate_year(year, rng)
        self.quarter_ratings = {q: self._rate_quarter(*q, rng) for q in QUARTERS}

    def _sizes(self, year: int) -> dict[int, int]:
        sizes: dict[int, int] = {}
        for m in self.members:
            if m.left_year is None and m.start_year <= year:
                org = m.where(year)[0]
                sizes[org] = sizes.get(org, 0) + 1
        return sizes

    def _add_org(self, name: str, org_type: str, founded: dt.date, rng) -> Org:
        org = Org(max(o.code for o in self.orgs) + 1, name, org_type, founded, effect=float(rng.normal(0, 0.35)))
        self.orgs.append(org)
        return org

    def _by_name(self, name: str, year: int) -> Org | None:
        return next((o for o in self.orgs_in(year) if o.name == name), None)

    def _org_names(self, year: int) -> dict[int, str]:
        """Each organisation's name as that year's tables print it ('Đảng bộ' with chi bộ and 30 members)."""
        size: dict[int, int] = {}
        for m in self.members_in(year):
            org = m.where(year)[0]
            size[org] = size.get(org, 0) + 1
        return {o.code: f"{'Đảng bộ' if o.cells and size.get(o.code, 0) >= 30 else 'Chi bộ'} {o.name_in(year)}"
                for o in self.orgs}

    def _move(self, members: list[Member], target: Org, year: int, cell: str | None) -> None:
        for m in members:
            m.moves.append((year, target.code, cell if cell is not None else m.where(year - 1)[1]))

    def reorganise(self, rng) -> None:
        """The 2025 reorganisation, effective with the 2025 review (DOMAIN.md)."""
        year, before = REORGANISED, REORGANISED - 1
        staying = {m.code: m for m in self.members_in(before)}

        def members_of(org):
            return [m for m in staying.values() if m.where(before)[0] == org.code]

        def leave(org, note):
            self.lineage.append((year, org.code, None, "transfer_out", note))
            org.dissolved_year = year
            for m in members_of(org):
                m.left_year = year

        merged, split, renamed, came_in = [], [], [], []

        def with_cells(target):
            """A TCCS taking others in becomes a đảng bộ with chi bộ: its own members form the first one."""
            if not target.cells:
                own = f"Chi bộ {target.name.removeprefix('Sở ')}"
                target.cells = [own]
                self._move(members_of(target), target, year, own)
            return target
        live = self.orgs_in(before)
        for org in live:
            if org.org_type in LEAVING_TYPES:
                leave(org, LEAVING_TYPES[org.org_type])
            elif org.name in LEAVING:
                leave(org, LEAVING[org.name])
        private = [o for o in self.orgs_in(before) if o.org_type == "dn_ngoai_nha_nuoc" and o.founded.year < 2020]
        for org in rng.choice(private, PRIVATE_LEAVING, replace=False):
            leave(org, PRIVATE_LEAVING_NOTE)
        for parts, into in MERGES:
            olds = [o for o in map(lambda n: self._by_name(n, before), parts) if o is not None]
            target = self._by_name(into, before)
            if target is None:  # formed anew by the merger, rated with the 2025 review
                target = self._add_org(into, "co_quan_hanh_chinh", dt.date(year, 3, 1), rng)
                target.cells = [f"Chi bộ {c}" for c in OFFICE_CELLS[:4]]
            with_cells(target)
            for old in olds:
                cell = f"Chi bộ {old.name.removeprefix('Sở ')}"
                target.cells.append(cell)
                self._move(members_of(old), target, year, cell)
                old.dissolved_year = year
            merged.append((olds, target))
        for old_name, into in SPLITS:
            old = self._by_name(old_name, before)
            if old is None:
                continue
            targets = [with_cells(self._by_name(n, before)
                                  or self._add_org(n, "co_quan_hanh_chinh", dt.date(year, 3, 1), rng)) for n in into]
            mine = members_of(old)
            side = rng.integers(0, len(targets), len(mine))
            for t_i, target in enumerate(targets):
                cell = f"Chi bộ {old.name.removeprefix('Sở ')}"
                target.cells.append(cell)
                self._move([m for m, k in zip(mine, side) if k == t_i], target, year, cell)
            old.dissolved_year = year
            split.append((old, targets))
        for y, old_name, new_name in RENAMES:
            org = self._by_name(old_name, before)
            if org is not None:
                org.renamed.append((y, new_name))
                renamed.append((org, y))
        # the former province's TCCS, with their members; its departments' members into ours
        for org_type, units in TRANSFERRED_IN.items():
            for unit in units:
                org = self._add_org(unit, org_type, dt.date(int(rng.integers(1976, 2016)), 1, 1), rng)
                org.came_in = year
                size = int(np.clip(rng.lognormal(3.1, 0.7), 5, 180))
                if size >= 30:
                    pool = CELL_NAMES[cell_kind(org_type, unit)]
                    org.cells = [f"Chi bộ {c}" for c in rng.choice(pool, min(max(3, size // 14), len(pool)),
                                                                   replace=False)]
                for _ in range(size):
                    self._transferred_member(org, rng)
                came_in.append(org)
        departments = [o for o in self.orgs_in(year) if o.org_type == "co_quan_hanh_chinh"
                       and o.name.startswith("Sở ")]
        sizes = self._sizes(year)
        for org in departments:
            for _ in range(int(sizes.get(org.code, 0) * rng.uniform(*DEPARTMENT_INFLOW))):
                self._transferred_member(org, rng)
        for olds, target in merged:
            for old in olds:
                self.lineage.append((year, old.code, target.code, "merge",
                                     "Hợp nhất theo sắp xếp tổ chức bộ máy năm 2025"))
        for old, targets in split:
            for target in targets:
                self.lineage.append((year, old.code, target.code, "split",
                                     "Chia tách theo chức năng, nhiệm vụ được giao năm 2025"))
        for org, y in renamed:
            self.lineage.append((y, org.code, org.code, "rename", ""))
        for org in came_in:
            self.lineage.append((year, None, org.code, "transfer_in", TRANSFER_IN_NOTE))

    def _transferred_member(self, org: Org, rng) -> Member:
        """A member who came in with the 2025 reorganisation (admitted elsewhere, years before)."""
        m = self.new_member(org, dt.date(2024, 1, 1), (20, 32), rng)
        age_now = int(round(rng.triangular(24, 36, 58)))
        m.birth = m.birth.replace(year=REORGANISED - age_now)
        m.joined = dt.date(int(rng.integers(m.birth.year + 19, REORGANISED)), int(rng.integers(1, 13)), 1)
        m.start_year = REORGANISED
        self.members.append(m)
        return m

    def _rate_quarter(self, year: int, quarter: int, rng) -> dict[int, tuple[str | None, float | None]]:
        """A quarter's review of the TCCS: the organisations of the year founded by the quarter's end, scored
        around their yearly standing; those founded within six months of the quarter's end are not rated."""
        end = dt.date(year, 3 * quarter, 28)
        out = {}
        for org in self.orgs_in(year):
            if org.founded > end:
                continue
            if (end - org.founded).days < 183:
                out[org.code] = (None, None)
                continue
            value = float(np.clip(np.floor(2 * (79 + 9 * org.effect + rng.normal(0, 6.5))) / 2, 30, 99))
            level = next(lv for lv, low in (("HTXSNV", 90), ("HTTNV", 70), ("HTNV", 50), ("KHTNV", 0)) if value >= low)
            out[org.code] = (level, value)
        return out

    # ---------------------------------------------------------------- tables
    def tables(self, year: int) -> dict[str, list[list[object]]]:
        rng = np.random.default_rng(SEED + year)  # spelling noise, independent of the simulation
        live = self.orgs_in(year)
        members = self.members_in(year)
        placed = {m.code: m.where(year) for m in members}
        size: dict[int, int] = {}
        for org, _cell in placed.values():
            size[org] = size.get(org, 0) + 1
        prefix = {o.code: "Đảng bộ" if o.cells and size.get(o.code, 0) >= 30 else "Chi bộ" for o in live}
        org_by_code = {o.code: o for o in self.orgs}
        scored = year >= SCORED_FROM

        def org_name(code):
            return f"{prefix.get(code, 'Chi bộ')} {org_by_code[code].name_in(year)}"

        def spell(level):
            if level is None:
                return None
            r = rng.random()
            return level if r < 0.12 else labels.LEVEL_NAMES[level]

        def yes_no(v):
            return None if v is None else ("Có" if v else "Không")

        orgs = []
        for i, o in enumerate(sorted(live, key=lambda o: (list(labels.ORG_TYPES).index(o.org_type), o.code)), 1):
            reason, pol, act = self.org_extra[(o.code, year)]
            row = [i, org_name(o.code), labels.ORG_TYPES[o.org_type], o.founded.year,
                   spell(self.org_rating[(o.code, year)]), reason, yes_no(pol), yes_no(act)]
            if scored:  # the score just before the level, as the review forms put it
                row.insert(4, self.org_score.get((o.code, year)))
            orgs.append(row)
        mem = []
        members_sorted = sorted(members, key=lambda m: (*placed[m.code], m.code))
        for i, m in enumerate(members_sorted, 1):
            level = self.member_rating.get((m.code, year))
            org, cell = placed[m.code]
            row = [i, m.code, m.name, m.birth, cell or None, org_name(org), spell(level),
                   self.member_reason.get((m.code, year))]
            if scored:
                row.insert(6, self.member_score.get((m.code, year)))
            mem.append(row)
        # admissions: quota split by size, admitted counted from the members who joined this year
        weights = np.array([max(1, size.get(o.code, 0)) for o in live], dtype=float)
        quotas = largest_remainder(QUOTA[year], weights)
        admitted = {}
        for m in members:
            if m.joined.year == year:
                admitted[placed[m.code][0]] = admitted.get(placed[m.code][0], 0) + 1
        adm = []
        for i, (o, q) in enumerate(zip(live, quotas), 1):
            adm.append([i, org_name(o.code), int(q), admitted.get(o.code, 0)])
        return {"orgs": orgs, "members": mem, "admissions": adm, "targets": targets_for(year)}

    def quarter_table(self, year: int, quarter: int) -> list[list[object]]:
        """The TCCS sheet of a quarter's review, in the template's columns (with the score)."""
        names = self._org_names(year)
        org_by_code = {o.code: o for o in self.orgs}
        rows = []
        ordered = sorted(self.quarter_ratings[(year, quarter)].items(),
                         key=lambda kv: (list(labels.ORG_TYPES).index(org_by_code[kv[0]].org_type), kv[0]))
        for i, (code, (level, value)) in enumerate(ordered, 1):
            o = org_by_code[code]
            rows.append([i, names[code], labels.ORG_TYPES[o.org_type], o.founded.year, value,
                         labels.LEVEL_NAMES[level] if level else None, None if level else NEW_ORG_REASON, None, None])
        return rows

    def lineage_rows(self) -> list[list[object]]:
        """The lineage table's lines: the old name as printed the year before, the new one as printed in the
        effective year (renames: the new name)."""
        names = {y: self._org_names(y) for y in {y for y, *_ in self.lineage} | {y - 1 for y, *_ in self.lineage}}
        return [[year, names[year - 1][old] if old is not None else "", names[year][new] if new is not None else "",
                 labels.LINEAGE_KINDS[kind], note] for year, old, new, kind, note in self.lineage]


def targets_for(year: int) -> list[list[object]]:
    """The resolution's targets for a year's review, as the office would type them."""
    m = labels.METRIC_NAMES
    excellent_org = 20 if year >= 2021 else 15
    excellent_member = 20 if year >= 2022 else 15
    good_org = 90 if year >= 2025 else 85  # the 2025-2030 term's resolution raised it
    political = "Từ 90% chi bộ, đảng bộ cơ sở trở lên lãnh đạo hoàn thành tốt nhiệm vụ chính trị của cơ quan, đơn vị, doanh nghiệp"
    rows = [
        ["CT1", "100% chi, đảng bộ cơ sở xây dựng và triển khai chương trình hành động thực hiện nghị quyết",
         m["org_action_programme_pct"], "≥", 100, "%", None],
        ["CT2", political, m["org_political_task_pct"], "≥", 90, "%", None],
        ["CT3", f"Ít nhất {good_org}% TCCS đảng hoàn thành tốt nhiệm vụ trở lên", m["org_good_or_better_pct"], "≥",
         good_org, "%", None],
        ["CT4", f"Trong đó có {excellent_org}% TCCS đảng hoàn thành xuất sắc nhiệm vụ", m["org_excellent_pct"], "≥",
         excellent_org, "%", None],
        ["CT5", "Ít nhất 85% đảng viên hoàn thành tốt nhiệm vụ trở lên", m["member_good_or_better_pct"], "≥", 85, "%", None],
        ["CT6", f"Trong đó có {excellent_member}% đảng viên hoàn thành xuất sắc nhiệm vụ", m["member_excellent_pct"], "≥",
         excellent_member, "%", None],
        ["CT7", "Thành lập mới ít nhất 1 TCCS đảng trong doanh nghiệp tư nhân", m["new_private_orgs"], "≥", 1, "TCCS", None],
        ["CT8", f"Kết nạp mới {QUOTA[year]} đảng viên trở lên", m["admitted"], "≥", QUOTA[year], "đảng viên", None],
        ["CT9", "100% chi, đảng bộ cơ sở xây dựng và thực hiện chương trình kiểm tra, giám sát", None, "≥", 100, "%",
         INSPECTION_TYPED[year]],
    ]
    return rows


def annex_orgs(tables: dict[str, list[list[object]]]) -> list:
    """The year's data as the rows of annex tables (one per organisation): rating, member counts, admissions."""
    from annex_writer import AnnexOrg

    by_name: dict[str, AnnexOrg] = {}
    type_code = {v: k for k, v in labels.ORG_TYPES.items()}
    for _seq, name, org_type, _founded, rating, reason, _pol, _act in tables["orgs"]:
        code = next((c for c, n in labels.LEVEL_NAMES.items() if n == rating), rating)
        by_name[name] = AnnexOrg(name, type_code[org_type], code, reason)
    for _seq, _code, _name, _birth, _cell, org, rating, _reason in tables["members"]:
        o = by_name[org]
        o.total += 1
        if rating:
            level = next((c for c, n in labels.LEVEL_NAMES.items() if n == rating), rating)
            o.rated += 1
            o.counts[level] = o.counts.get(level, 0) + 1
    for _seq, name, quota, admitted in tables["admissions"]:
        by_name[name].quota, by_name[name].admitted = quota, admitted
    return list(by_name.values())


def generate(out_dir: Path, examples_dir: Path | None = None) -> list[Path]:
    gen = Generator()
    gen.make_orgs()
    gen.make_members()
    gen.rate()
    gen.extend()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for year in ALL_YEARS:
        path = out_dir / f"bao_cao_xep_loai_{year}.xlsx"
        tables = gen.tables(year)
        write_workbook(path, year, tables, scored=year >= SCORED_FROM)
        paths.append(path)
        if examples_dir is not None and year == 2021:
            paths += write_examples(examples_dir, year, tables)
    for year, quarter in QUARTERS:
        path = out_dir / f"bao_cao_xep_loai_tccs_quy_{quarter}_{year}.xlsx"
        write_workbook(path, year, {"orgs": gen.quarter_table(year, quarter)}, scored=True, quarter=quarter,
                       sheets=("orgs",))
        paths.append(path)
    paths.append(write_lineage(out_dir / LINEAGE_FILE_NAME, gen.lineage_rows()))
    return paths


def write_lineage(path: Path, rows: list[list[object]]) -> Path:
    """The lineage table as an office keeps it: UTF-8 with a byte-order mark (Excel opens it right)."""
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(list(labels.LINEAGE_COLUMNS))
        writer.writerows(rows)
    return path


def write_examples(examples_dir: Path, year: int, tables) -> list[Path]:
    """The same year as the offices' annex tables: one as typed today, one in the legacy TCVN3 encoding with
    .VnTime fonts, abbreviated level headers and an empty column at the left."""
    sys.path.insert(0, str(Path(__file__).parent))
    from annex_writer import Style, write_annex_workbook

    orgs = annex_orgs(tables)
    return [
        write_annex_workbook(examples_dir / f"phu_luc_{year}.xlsx", year, orgs, Style()),
        write_annex_workbook(examples_dir / f"phu_luc_{year}_tcvn3.xlsx", year, orgs,
                             Style(legacy="tcvn3", left_pad=1, level_headers=("HTXSNV", "HTTNV", "HTNV", "KHTNV"),
                                   name_header="Tên TCCS", mark="X")),
    ]


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "raw" / "mau"
    examples = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "data" / "examples"
    for p in generate(out, examples):
        print(p)

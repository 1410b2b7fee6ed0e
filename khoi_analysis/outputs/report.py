"""The report paragraph, in the style of the conference report, every number filled in from the data."""

from __future__ import annotations

from typing import Any

from .. import labels
from ..fmt import fmt_int, fmt_number, fmt_pct, fmt_pct_report, fmt_pp, fmt_signed

# the targets table, the same in the deck and the Word report
TARGET_HEADERS = ("Mã", "Chỉ tiêu", "Chỉ tiêu đề ra", "Kết quả", "Chênh lệch", "Đánh giá")


def target_cells(item: dict[str, Any]) -> list[str]:
    """One target of a year_summary as the cells of the targets table: the gap with its unit ('+6,4 điểm %',
    '+2 đảng viên')."""
    unit = (item["unit"] or "").strip()
    is_pct = unit == "%"
    sign = labels.COMPARATOR_SIGNS.get(item["comparator"], item["comparator"])
    thr = f"{sign} {fmt_number(item['threshold'], 0)}" + ("%" if is_pct else f" {unit}" if unit else "")
    if item["actual"] is None:
        actual, gap = "–", "–"
    elif is_pct:
        actual, gap = fmt_pct(item["actual"]), fmt_pp(item["gap"])
    else:
        actual, gap = fmt_number(item["actual"], 0), fmt_signed(item["gap"], 0, unit)
    return [item["id"], item["name"], thr, actual, gap, labels.TARGET_STATUS[item["met"]]]


def report_paragraph(s: dict[str, Any]) -> str:
    """One paragraph of Vietnamese text from a year_summary: targets met, new organisations, admissions,
    ratings of organisations and members. Sentences whose data is absent are left out, never invented."""
    year = s["year"]
    parts: list[str] = []
    tg = s.get("targets")
    if tg and tg["total"]:
        if tg["met"] == tg["total"]:
            parts.append(f"Trong năm {year}, Đảng ủy Khối thực hiện đạt và vượt {tg['met']}/{tg['total']} chỉ tiêu "
                         "Nghị quyết Đảng bộ Khối đề ra")
        else:
            missed = [i["id"] for i in tg["items"] if i["met"] is False]
            parts.append(f"Trong năm {year}, Đảng ủy Khối thực hiện đạt {tg['met']}/{tg['total']} chỉ tiêu Nghị quyết "
                         f"Đảng bộ Khối đề ra (chưa đạt: {', '.join(missed)})")
    else:
        parts.append(f"Trong năm {year}")
    orgs, members, adm = s.get("orgs"), s.get("members"), s.get("admissions")
    clauses = []
    if orgs and orgs.get("new_private_enterprise"):
        clauses.append(f"thành lập mới {orgs['new_private_enterprise']} tổ chức cơ sở đảng (TCCS) trong doanh "
                       "nghiệp tư nhân")
    if adm and adm.get("target"):
        clauses.append(f"kết nạp mới {fmt_int(adm['admitted'])}/{fmt_int(adm['target'])} đảng viên, đạt "
                       f"{fmt_pct_report(adm['attainment_pct'])} chỉ tiêu Tỉnh ủy giao")
    text = parts[0] + ("; " + "; ".join(clauses) if clauses else "") + "."
    if orgs and members:
        text += (f" Qua đánh giá, xếp loại năm {year}, có {fmt_pct_report(orgs['good_or_better_pct'])} TCCS Đảng và "
                 f"{fmt_pct_report(members['good_or_better_pct'])} đảng viên hoàn thành tốt nhiệm vụ (trong đó, có "
                 f"{fmt_pct_report(orgs['excellent_pct'])} TCCS Đảng và {fmt_pct_report(members['excellent_pct'])} "
                 "đảng viên hoàn thành xuất sắc nhiệm vụ).")
    elif orgs:
        text += (f" Qua đánh giá, xếp loại năm {year}, có {fmt_pct_report(orgs['good_or_better_pct'])} TCCS Đảng hoàn "
                 f"thành tốt nhiệm vụ (trong đó, có {fmt_pct_report(orgs['excellent_pct'])} hoàn thành xuất sắc "
                 "nhiệm vụ).")
    if members and members.get("excellent_streak_5y"):
        text += (f" Có {members['excellent_streak_5y']} đảng viên đạt tiêu chuẩn \u201choàn thành xuất sắc nhiệm "
                 f"vụ\u201d 5 năm liền ({year - 4}-{year}).")
    return text


def report_markdown(s: dict[str, Any]) -> str:
    return f"## Kết quả công tác xây dựng Đảng năm {s['year']}\n\n{report_paragraph(s)}\n"

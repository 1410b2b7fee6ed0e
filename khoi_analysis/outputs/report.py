"""The report paragraph, in the style of the conference report, every number filled in from the data."""

from __future__ import annotations

from typing import Any

from .. import labels
from ..config import DEFAULT_SETTINGS, Settings
from ..fmt import fmt_int, fmt_number, fmt_pct, fmt_plain, fmt_pp, fmt_signed
from ..regimes import excellent_cap, regime_for

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


def _change(d: float | None) -> str:
    if d is None:
        return ""
    return "không đổi" if d == 0 else f"{'tăng' if d > 0 else 'giảm'} {fmt_pp(abs(d)).lstrip('+')}"


def regime_line(year: int) -> str:
    """'Đánh giá, xếp loại theo Quy định số 132-QĐ/TW …' for the year's regulation; '' before 2018."""
    regime = regime_for(year)
    return labels.REGIME_LINE.format(name=regime.name) if regime else ""


def cap_words(year: int) -> dict[str, Any]:
    """The year's cap on excellent ratings for labels.CAP_WORDS: cap ('20%'), source (' (QĐ 132-QĐ/TW, HD
    21-HD/BTCTW)' or ''), source_plain (without brackets), share (the fraction, for drawing)."""
    cap = excellent_cap(year)
    return {"cap": f"{fmt_plain(100 * cap.share)}%", "source": f" ({cap.source})" if cap.source else "",
            "source_plain": cap.source, "share": cap.share, "pct": 100 * cap.share}


def report_paragraph(s: dict[str, Any], settings: Settings | None = None) -> str:
    """One paragraph of Vietnamese text from a year_summary: targets met (the missed ones named), new
    organisations, admissions, ratings of organisations and members, the change from last year. Sentences whose
    data is absent are left out, never invented. 'tổ chức cơ sở đảng (TCCS đảng)' is spelt out at its first
    use, whichever sentence that is; shares have one decimal (98,0%), as in every other output. The committee is
    named as `settings` (config.load_settings) says for the year; the rating says which regulation it follows."""
    year = s["year"]
    committee = (settings or DEFAULT_SETTINGS).committee(year)
    regime = regime_for(year)
    under = f" (theo {regime.name})" if regime else ""
    defined = False

    def tccs() -> str:
        nonlocal defined
        if defined:
            return "TCCS đảng"
        defined = True
        return "tổ chức cơ sở đảng (TCCS đảng)"

    parts: list[str] = []
    tg = s.get("targets")
    if tg and tg["total"]:
        if tg["met"] == tg["total"]:
            parts.append(f"Trong năm {year}, {committee.short} thực hiện đạt và vượt {tg['met']}/{tg['total']} chỉ "
                         f"tiêu {committee.resolution} đề ra")
        else:
            missed = []
            for i in tg["items"]:
                if i["met"] is False:  # the resolution's words; 'TCCS đảng' spelt out if this is its first use
                    name = i["name"].replace("TCCS đảng", tccs(), 1) if "TCCS đảng" in i["name"] else i["name"]
                    missed.append(f"{i['id']} – {name}")
            parts.append(f"Trong năm {year}, {committee.short} thực hiện đạt {tg['met']}/{tg['total']} chỉ tiêu "
                         f"{committee.resolution} đề ra (chưa đạt: {'; '.join(missed)})")
    orgs, members, adm = s.get("orgs"), s.get("members"), s.get("admissions")
    clauses = []
    if orgs and orgs.get("new_private_enterprise"):
        clauses.append(f"thành lập mới {orgs['new_private_enterprise']} {tccs()} trong doanh nghiệp tư nhân")
    if adm and adm.get("target"):
        clauses.append(f"kết nạp mới {fmt_int(adm['admitted'])}/{fmt_int(adm['target'])} đảng viên, đạt "
                       f"{fmt_pct(adm['attainment_pct'])} chỉ tiêu Tỉnh ủy giao")
    if parts:
        text = parts[0] + ("; " + "; ".join(clauses) if clauses else "") + "."
    else:  # no targets: the committee's own sentence, with what it did if anything
        text = (f"Trong năm {year}, {committee.short} " + ("; ".join(clauses) if clauses else
                                                            "tổ chức đánh giá, xếp loại chất lượng") + ".")
    if orgs and members:
        text += (f" Qua đánh giá, xếp loại năm {year}{under}, có {fmt_pct(orgs['good_or_better_pct'])} {tccs()} và "
                 f"{fmt_pct(members['good_or_better_pct'])} đảng viên hoàn thành tốt nhiệm vụ trở lên (trong đó, có "
                 f"{fmt_pct(orgs['excellent_pct'])} TCCS đảng và {fmt_pct(members['excellent_pct'])} "
                 "đảng viên hoàn thành xuất sắc nhiệm vụ).")
    elif orgs:
        text += (f" Qua đánh giá, xếp loại năm {year}{under}, có {fmt_pct(orgs['good_or_better_pct'])} {tccs()} hoàn "
                 f"thành tốt nhiệm vụ trở lên (trong đó, có {fmt_pct(orgs['excellent_pct'])} hoàn thành xuất sắc "
                 "nhiệm vụ).")
    change = s.get("change_pp") or {}
    said = []
    for key, who in (("orgs", "TCCS đảng"), ("members", "đảng viên")):
        d = (change.get(key) or {}).get("good_or_better_pct") if (orgs if key == "orgs" else members) else None
        if d is not None:
            said.append(f"của {who} {_change(d)}")
    if said:
        text += (f" So với năm {s['previous_year']}, tỷ lệ hoàn thành tốt nhiệm vụ trở lên "
                 + " và ".join(said) + ".")
    if members and members.get("excellent_streak_5y"):
        text += (f" Có {members['excellent_streak_5y']} đảng viên đạt tiêu chuẩn \u201choàn thành xuất sắc nhiệm "
                 f"vụ\u201d 5 năm liền ({year - 4}–{year}).")
    return text


def report_markdown(s: dict[str, Any], settings: Settings | None = None) -> str:
    name = (settings or DEFAULT_SETTINGS).full_name(s["year"])
    return f"## {name}: kết quả công tác xây dựng Đảng năm {s['year']}\n\n{report_paragraph(s, settings)}\n"

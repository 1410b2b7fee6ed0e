"""The conference figures for one year, as one plain dict (the `summary --json` contract) and as text."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import labels, metrics, scores, structure
from ..config import DEFAULT_SETTINGS, Settings
from ..dataset import Dataset
from ..fmt import fmt_int, fmt_number, fmt_pct, fmt_plain, fmt_pp, fmt_signed, round_half_up
from ..regimes import regime_for

STREAK_YEARS = 5


def _r(value) -> float | None:
    return None if value is None or pd.isna(value) else round_half_up(float(value))


def _counts_section(counts: pd.DataFrame) -> dict[str, Any] | None:
    if counts.empty:
        return None
    row = metrics.rating_shares(counts).iloc[0]
    return {
        "total": int(row["total"]),
        "rated": int(row["rated"]),
        "unrated": int(row["unrated"]),
        "counts": {lvl: int(row[lvl]) for lvl in reversed(labels.LEVELS)},
        "good_or_better_pct": _r(row["good_or_better_pct"]),
        "excellent_pct": _r(row["excellent_pct"]),
    }


def _sections(ds: Dataset, year: int) -> tuple[dict | None, dict | None, dict | None]:
    """The organisations', members' and admissions' figures of one year (None where data is absent)."""
    orgs = ds.orgs[ds.orgs["year"] == year]
    org_section = _counts_section(metrics.org_rating_counts(orgs)) if not orgs.empty else None
    if org_section is not None:
        if orgs["founded_year"].notna().any():
            new = metrics.new_organisations(orgs, by=["org_type"])
            org_section["new_private_enterprise"] = int(new.loc[new["org_type"] == "dn_ngoai_nha_nuoc", "new"].sum())
            org_section["new_total"] = int(new["new"].sum())
        else:
            org_section["new_private_enterprise"] = None
            org_section["new_total"] = None
        org_section["score"] = _score_section(orgs)
    mc = ds.member_counts[ds.member_counts["year"] == year]
    member_section = _counts_section(metrics.member_rating_counts(mc)) if not mc.empty else None
    if member_section is not None:
        member_section["score"] = _score_section(ds.members[ds.members["year"] == year])
    adm = ds.admissions[ds.admissions["year"] == year]
    admissions = None
    if not adm.empty:
        att = metrics.admissions_attainment(adm).iloc[0]
        admissions = {"admitted": int(att["admitted"]), "target": int(att["quota"]) if pd.notna(att["quota"]) else None,
                      "attainment_pct": _r(att["attainment_pct"])}
    return org_section, member_section, admissions


def _score_section(frame: pd.DataFrame) -> dict[str, Any] | None:
    """Mean, median (one decimal, half up), counts per band of the year's regulation and how many were rated
    below their score's band; None where nobody has a score."""
    table = scores.score_summary(frame, by="year")
    if table.empty:
        return None
    row = table.iloc[0]
    bands = {lvl: int(row[f"band_{lvl}"]) for lvl in labels.LEVELS if pd.notna(row[f"band_{lvl}"])}
    return {"scored": int(row["scored"]), "mean": _r(row["mean"]), "median": _r(row["median"]),
            "bands": bands or None, "below_band": int(row["below_band"])}


def _quarter_brief(label: str, q: Dataset, year: int) -> dict[str, Any]:
    """One quarter's shares, for the year's summary."""
    orgs, members, _ = _sections(q, year)
    keep = ("rated", "good_or_better_pct", "excellent_pct")
    return {"period": label, "orgs": {k: orgs[k] for k in keep} if orgs else None,
            "members": {k: members[k] for k in keep} if members else None}


def period_summary(ds: Dataset, period: str) -> dict[str, Any]:
    """Figures for a period: a year ('2026', as year_summary) or a quarter ('2026-Q3': that quarter's reviews
    only, compared with the quarter before when it is in the data; no targets, they are set for the year)."""
    period = str(period).strip().upper()
    if period.isdigit():
        return year_summary(ds, int(period))
    q = ds.period(period)  # KeyError naming the periods there are
    year = int(period[:4])
    s = year_summary(Dataset(q.orgs, q.members, q.member_counts, q.admissions, q.targets.iloc[0:0], q.issues,
                             q.accounts, q.files), year)
    number = int(period[-1])
    before = f"{year}-Q{number - 1}" if number > 1 else f"{year - 1}-Q4"
    s.update(period=period, quarter=number, quarters=None, previous_year=None, change_pp=None,
             change_pp_like_for_like=None, like_for_like_notes=[], previous_period=None)
    if before in ds.quarters:
        then = dict(zip(("orgs", "members"), _sections(ds.quarters[before], int(before[:4]))))
        s["previous_period"] = before
        s["change_pp"] = {sec: None if not s[sec] or not then[sec] else {
            k: _r(s[sec][k] - then[sec][k]) if s[sec][k] is not None and then[sec][k] is not None else None
            for k in ("good_or_better_pct", "excellent_pct")} for sec in ("orgs", "members")}
    return s


def year_summary(ds: Dataset, year: int | None = None) -> dict[str, Any]:
    """Figures for `year` (default: the latest year with data). Absent data gives None, never a guess."""
    years = ds.years
    if year is None:
        if not years:
            raise ValueError("không có dữ liệu năm nào")
        year = years[-1]
    return _year_summary(ds, year, years, {})


def summaries_for(ds: Dataset, years: list[int] | None = None) -> dict[int, dict[str, Any]]:
    """year_summary for each of `years` (default: every year with data), the same dicts: each year's sections
    computed once, for its own summary and as the year before of the next one."""
    have = ds.years
    sections: dict[int, tuple] = {}
    return {int(y): _year_summary(ds, int(y), have, sections) for y in (have if years is None else years)}


def _year_summary(ds: Dataset, year: int, years: list[int], sections: dict[int, tuple]) -> dict[str, Any]:
    def sections_of(y: int) -> tuple:
        if y not in sections:
            sections[y] = _sections(ds, y)
        return sections[y]

    org_section, member_section, admissions = sections_of(year)
    if member_section is not None:
        span = list(range(year - STREAK_YEARS + 1, year + 1))
        have = set(ds.members["year"].dropna().astype(int)) if not ds.members.empty else set()
        member_section["excellent_streak_5y"] = (
            len(metrics.rating_streaks(ds.members, span, "HTXSNV")) if set(span) <= have else None)
    tg = ds.targets[ds.targets["year"] == year]
    targets = None
    if not tg.empty:
        actuals = metrics.year_actuals(ds.orgs, ds.member_counts, ds.admissions, year)
        ev = metrics.evaluate_targets(tg, actuals)
        items = [{
            "id": r.target_id, "name": r.name, "metric": r.metric if isinstance(r.metric, str) else None,
            "threshold": float(r.threshold), "comparator": r.comparator,
            "unit": r.unit if isinstance(r.unit, str) else None,
            "actual": None if pd.isna(r.actual) else float(r.actual),
            "gap": None if pd.isna(r.gap) else float(r.gap),
            "met": None if pd.isna(r.met) else bool(r.met),
        } for r in ev.itertuples()]
        targets = {"met": sum(1 for i in items if i["met"]), "total": len(items),
                   "evaluated": sum(1 for i in items if i["met"] is not None), "items": items}
    previous = year - 1 if (year - 1) in years else None
    change = None
    if previous is not None:
        before = dict(zip(("orgs", "members", "admissions"), sections_of(previous)))
        change = {}
        for section, now in (("orgs", org_section), ("members", member_section)):
            then = before[section]
            change[section] = None if not now or not then else {
                k: _r(now[k] - then[k]) if now[k] is not None and then[k] is not None else None
                for k in ("good_or_better_pct", "excellent_pct")}
        a_now, a_then = admissions, before["admissions"]
        change["admissions"] = None if not a_now or not a_then else {
            "admitted": a_now["admitted"] - a_then["admitted"],
            "attainment_pct": _r(a_now["attainment_pct"] - a_then["attainment_pct"])
            if a_now["attainment_pct"] is not None and a_then["attainment_pct"] is not None else None}
    like, notes = _like_for_like(ds, year) if previous is not None else (None, [])
    regime = regime_for(int(year))
    quarters = [_quarter_brief(label, q, year) for label, q in sorted(ds.quarters.items()) if label[:4] == str(year)]
    return {"year": int(year), "period": str(int(year)), "regime": regime.code if regime else None,
            "quarters": quarters or None,
            "orgs": org_section, "members": member_section, "admissions": admissions,
            "targets": targets, "previous_year": previous, "change_pp": change, "change_pp_like_for_like": like,
            "like_for_like_notes": notes}


def _like_for_like(ds: Dataset, year: int) -> tuple[dict[str, Any], list[str]]:
    """The change from the previous year on this year's structure (structure.year_over_year, 'like_for_like'):
    as change_pp, for orgs and members (admissions: not defined like-for-like), and what it leaves out."""
    yoy = structure.year_over_year(ds, year, how="like_for_like")
    out: dict[str, Any] = {}
    for population in ("orgs", "members"):
        rows = yoy[yoy["population"] == population] if not yoy.empty else yoy
        out[population] = None if rows.empty or pd.isna(rows.iloc[0]["rated_previous"]) else {
            k: _r(rows.iloc[0][f"{k}_change_pp"]) for k in ("good_or_better_pct", "excellent_pct")}
    notes = structure.like_for_like_notes(structure.comparable_orgs(ds.orgs, ds.lineage, year), year)
    return out, notes


def _period_words(s: dict[str, Any]) -> str:
    """'năm 2026' or 'quý III năm 2026'."""
    return f"quý {labels.QUARTER_NAMES[s['quarter']]} năm {s['year']}" if s.get("quarter") else f"năm {s['year']}"


def summary_text(s: dict[str, Any], settings: Settings | None = None) -> str:
    """The summary as readable Vietnamese lines: the committee (as `settings` names it for the year), the year's
    regulation, then the figures."""
    from .report import regime_line

    lines = [(settings or DEFAULT_SETTINGS).full_name(s["year"]).upper(),
             f"KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG {_period_words(s).upper()}"]
    lines += [regime_line(s["year"]), ""] if regime_line(s["year"]) else [""]
    ch = s.get("change_pp") or {}
    like = s.get("change_pp_like_for_like") or {}
    for key, title, unit in (("orgs", "Tổ chức cơ sở đảng", "TCCS"), ("members", "Đảng viên", "đảng viên")):
        sec = s.get(key)
        lines.append(f"{title}:")
        if not sec:
            lines += ["  (không có dữ liệu)", ""]
            continue
        lines.append(f"  Tổng số: {fmt_int(sec['total'])} {unit}; được đánh giá, xếp loại: {fmt_int(sec['rated'])}; "
                     f"chưa xếp loại: {fmt_int(sec['unrated'])}")
        for lvl in reversed(labels.LEVELS):
            n = sec["counts"][lvl]
            share = 100 * n / sec["rated"] if sec["rated"] else None
            lines.append(f"  - {labels.LEVEL_NAMES[lvl]}: {fmt_int(n)} ({fmt_pct(share)})")
        change, same = (ch.get(key) or {}), (like.get(key) or {})
        for title_, col in (("Hoàn thành tốt nhiệm vụ trở lên", "good_or_better_pct"),
                            ("Trong đó hoàn thành xuất sắc nhiệm vụ", "excellent_pct")):
            lines.append(f"  {title_}: {fmt_pct(sec[col])}"
                         + _changes(change.get(col), same.get(col), _previous_words(s)))
        if key == "orgs" and sec.get("new_private_enterprise") is not None:
            lines.append(f"  Thành lập mới trong năm: {sec['new_total']} TCCS, trong đó {sec['new_private_enterprise']}"
                         " trong doanh nghiệp ngoài nhà nước")
        if key == "members" and sec.get("excellent_streak_5y") is not None:
            lines.append(f"  Hoàn thành xuất sắc nhiệm vụ {STREAK_YEARS} năm liền ({s['year'] - STREAK_YEARS + 1}–"
                         f"{s['year']}): {sec['excellent_streak_5y']} đảng viên")
        sc = sec.get("score")
        if sc:
            line = (f"  Điểm đánh giá (thang 100 điểm): {fmt_int(sc['scored'])} {unit} có điểm; bình quân "
                    f"{fmt_number(sc['mean'])} điểm, trung vị {fmt_number(sc['median'])} điểm")
            if sc.get("bands"):
                line += "; theo khung điểm: " + ", ".join(
                    f"{lvl} {fmt_int(sc['bands'][lvl])}" for lvl in reversed(labels.LEVELS) if lvl in sc["bands"])
            if sc.get("below_band"):
                line += f"; {fmt_int(sc['below_band'])} {unit} xếp mức thấp hơn khung điểm (do điều kiện)"
            lines.append(line)
        lines.append("")
    if s.get("quarters"):
        lines.append("Theo quý (chỉ tính kết quả đánh giá quý, không cộng vào kết quả năm):")
        for q in s["quarters"]:
            parts = [f"{title} hoàn thành tốt nhiệm vụ trở lên {fmt_pct(q[k]['good_or_better_pct'])}, xuất sắc "
                     f"{fmt_pct(q[k]['excellent_pct'])}" for k, title in (("orgs", "TCCS"), ("members", "đảng viên"))
                     if q.get(k)]
            lines.append(f"  - {_period_words({'year': q['period'][:4], 'quarter': int(q['period'][-1])})}: "
                         + "; ".join(parts))
        lines.append("")
    if s.get("like_for_like_notes"):
        lines.append(f"So sánh {labels.YOY_LIKE_FOR_LIKE} (năm {s['previous_year']} tính lại theo cơ cấu năm "
                     f"{s['year']}):")
        lines += [f"  - {note}" for note in s["like_for_like_notes"]]
        lines.append("")
    adm = s.get("admissions")
    lines.append("Kết nạp đảng viên mới:")
    if adm:
        lines.append(f"  {fmt_int(adm['admitted'])}/{fmt_int(adm['target'])} đảng viên, "
                     f"đạt {fmt_pct(adm['attainment_pct'])} chỉ tiêu")
    else:
        lines.append("  (không có dữ liệu)")
    lines.append("")
    tg = s.get("targets")
    lines.append("Chỉ tiêu Nghị quyết:")
    if tg:
        lines.append(f"  Đạt và vượt {tg['met']}/{tg['total']} chỉ tiêu")
        for it in tg["items"]:
            mark = labels.TARGET_STATUS[it["met"]]
            unit = it["unit"] or ""
            is_pct = unit.strip() == "%"
            actual = fmt_pct(it["actual"]) if is_pct else f"{fmt_plain(it['actual'])} {unit}".strip()
            gap = fmt_pp(it["gap"]) if is_pct else fmt_signed(it["gap"], 0 if _whole(it["gap"]) else 1, unit)
            lines.append(f"  {it['id']}. {it['name']}: {actual} ({mark}; chênh lệch {gap})")
    else:
        lines.append("  (không có dữ liệu)")
    return "\n".join(lines)


def _previous_words(s: dict[str, Any]) -> str:
    """'năm 2020', or for a quarter the quarter before ('quý II năm 2026')."""
    if s.get("quarter"):
        p = s.get("previous_period") or ""
        return _period_words({"year": p[:4], "quarter": int(p[-1])}) if p else ""
    return f"năm {s['previous_year']}"


def _changes(published, like, previous: str) -> str:
    """' (+1,3 điểm % so với năm 2020, như đã công bố; +0,8 điểm % cùng cơ cấu)', or the parts there are."""
    parts = []
    if published is not None:
        parts.append(f"{fmt_pp(published)} so với {previous}, {labels.YOY_PUBLISHED}")
    if like is not None:
        parts.append(f"{fmt_pp(like)}{' so với ' + previous + ',' if published is None else ''} "
                     f"{labels.YOY_LIKE_FOR_LIKE}")
    return f" ({'; '.join(parts)})" if parts else ""


def _whole(value) -> bool:
    return value is not None and float(value).is_integer()

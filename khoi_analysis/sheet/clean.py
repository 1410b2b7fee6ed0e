"""Cleaning one row of a small table, one function per kind of table (member lists are cleaned column-wise in
members.py): typed values into the record, bad cells reported through `flag(severity, code, message, field)`.
A cleaner returns False to reject the row."""

from __future__ import annotations

from .. import labels
from ..fmt import fmt_pct
from ..regimes import level_from_score, regime_for
from ..text import fold, org_key, parse_bool, parse_org_type, parse_rating
from .locate import Located
from .messages import row_message
from .values import is_mark, to_number
from .vocabulary import CUM_PREFIX, LEVEL_PREFIX, METRIC_LOOKUP, PCT_PREFIX

__all__ = ["CLEANERS", "clean_admission", "clean_member_count", "clean_org", "clean_target", "share_agrees"]


def _org_name(texts, rec) -> None:
    name = texts.get("org_name", "")
    rec["org_name"] = name or None
    rec["org_id"] = org_key(name) if name else None


def _org_type(texts, rec, flag) -> None:
    raw_type = texts.get("org_type", "")
    rec["org_type"] = parse_org_type(raw_type) if raw_type else None
    if raw_type and rec["org_type"] is None:
        flag("warning", "unknown_org_type", f"loại hình không nhận ra: '{raw_type}' (cần một trong: "
             + ", ".join(labels.ORG_TYPES.values()) + ")", "org_type")


def _marked_level(loc: Located, values, texts, rec, flag) -> str:
    """The rating from an 'x' under one of four level columns; returns the raw mark ('x' or '')."""
    marked = [lvl for lvl in loc.levels if is_mark(values.get(LEVEL_PREFIX + lvl))]
    odd = [(lvl, texts[LEVEL_PREFIX + lvl]) for lvl in loc.levels
           if texts.get(LEVEL_PREFIX + lvl) and lvl not in marked]
    for lvl, text in odd:
        flag("error", "unknown_mark", f"ô đánh dấu mức {lvl} có giá trị lạ '{text}' (cần 'x' hoặc để trống)",
             LEVEL_PREFIX + lvl)
    if len(marked) > 1:
        flag("error", "several_levels", "đánh dấu nhiều mức xếp loại cùng lúc: " + ", ".join(marked),
             LEVEL_PREFIX + marked[0])
        rec["rating"] = None
    else:
        rec["rating"] = marked[0] if marked else None
    return "x" if marked else ""


def clean_org(loc: Located, values, texts, rec, flag) -> bool:
    """One organisation: name, rating (a text column or x-marks), reason if not rated, type, founding year,
    the two yes/no columns."""
    _org_name(texts, rec)
    rec["unrated_reason"] = texts.get("unrated_reason") or None
    if "rating" in loc.columns:
        raw = texts.get("rating", "")
        rec["rating"] = parse_rating(raw) if raw else None
        if raw and rec["rating"] is None:
            flag("error", "unknown_rating", row_message("unknown_rating", raw=raw), "rating")
            return False  # rejected: an unknown rating is neither a level nor "not rated"
    elif loc.levels:
        raw = _marked_level(loc, values, texts, rec, flag)
    else:
        raw = ""
    if "score" in loc.columns and not _score(loc, values, texts, rec, flag):
        return False
    if not loc.levels and "rating" not in loc.columns:  # no level column: the score is the rating given
        raw = raw or texts.get("score", "")
    if not rec.get("rating") and not rec["unrated_reason"] and not raw:
        rec["unrated_reason"] = "Không ghi lý do"
        flag("warning", "unrated_without_reason", row_message("unrated_without_reason"),
             "rating" if "rating" in loc.columns else next(iter(loc.columns)))
    _org_type(texts, rec, flag)
    founded = to_number(values.get("founded_year"))
    rec["founded_year"] = int(founded) if founded else None
    for canon in ("political_task_good", "action_programme"):
        raw = texts.get(canon, "")
        rec[canon] = parse_bool(raw) if raw else None
        if raw and rec[canon] is None:
            flag("warning", "unknown_yes_no", f"giá trị không nhận ra: '{raw}' (cần 'Có' hoặc 'Không')", canon)
    return True


def _score(loc: Located, values, texts, rec, flag) -> bool:
    """A 100-point score: a number in 0–100. With no level given, the level follows from the bands of the
    regulation of the year (QĐ 366-QĐ/TW from 2025); before that a score alone is no level, and the row is
    refused. With both, a level above its score's band is an error; below it is allowed (conditions lower a
    level, never raise it)."""
    raw = texts.get("score", "")
    if not raw:
        rec["score"] = None
        return True
    score = to_number(values.get("score"))
    if score is None or not 0 <= score <= 100:
        flag("error", "bad_score", f"điểm không hợp lệ: '{raw}' (cần một số từ 0 đến 100)", "score")
        return False
    rec["score"] = score
    regime = regime_for(rec.get("year"))
    band = level_from_score(score, regime) if regime else None
    if rec.get("rating") is None and not loc.levels and "rating" not in loc.columns:
        if band is None:
            flag("error", "score_without_level", f"chỉ có điểm ({raw}), không có mức xếp loại: trước Quy định "
                 f"366-QĐ/TW (từ năm 2025) điểm không quyết định mức; cần cột xếp loại", "score")
            return False
        rec["rating"] = band
    elif rec.get("rating") and band and labels.LEVELS.index(rec["rating"]) > labels.LEVELS.index(band):
        flag("error", "level_above_score", f"mức {rec['rating']} cao hơn mức của điểm {raw} ({band})", "score")
        return False
    return True


def _counts(loc: Located, values, texts, flag) -> dict[str, float | None] | None:
    """The count cells of a row as numbers (None: the row has a bad count, already reported)."""
    ok = True
    nums: dict[str, float | None] = {}
    for canon in ("total", "rated", "exempt", *(LEVEL_PREFIX + lvl for lvl in loc.levels),
                  *(CUM_PREFIX + lvl for lvl in loc.cumulative)):
        if canon not in loc.columns:
            continue
        raw = texts.get(canon, "")
        num = to_number(values.get(canon)) if raw else None
        if raw and (num is None or not float(num).is_integer()):
            flag("error", "bad_count", f"số không hợp lệ: '{raw}' (cần số nguyên)", canon)
            ok = False
        elif num is not None and num < 0:
            flag("error", "negative_count", f"số âm: {raw}", canon)
            ok = False
        nums[canon] = num
    return nums if ok else None


def share_agrees(printed: float, expected: float) -> bool:
    """A printed share (91.4, or 0.914 stored with a % format) agrees with the share computed from the counts:
    rounded half up or truncated (some offices truncate) to one decimal, or to a whole percent when it is
    printed whole."""
    for pct in (printed, printed * 100):
        if abs(pct - expected) <= 0.0501 or 0 <= expected - pct < 0.1:
            return True
        if float(pct).is_integer() and (abs(pct - expected) <= 0.5 or 0 <= expected - pct < 1):
            return True
    return False


def _printed_shares(loc: Located, values, texts, level_counts: dict[str, int], rated: int, flag) -> bool:
    """The printed share of each level against the counts; False when one is outside 0–100 or disagrees."""
    for lvl in loc.pcts:
        canon = PCT_PREFIX + lvl
        raw = texts.get(canon, "")
        pct = to_number(values.get(canon)) if raw else None
        if pct is None:
            continue
        expected = 100 * level_counts[lvl] / rated if rated else 0.0
        if pct < 0 or pct > 100:
            flag("error", "bad_percentage", f"tỷ lệ ngoài khoảng 0–100: {raw}", canon)
            return False
        if not share_agrees(pct, expected):
            flag("error", "percentage_mismatch", f"tỷ lệ {lvl} ghi {raw} nhưng tính từ số lượng là "
                 f"{fmt_pct(expected)}", canon)
            return False
    return True


def _cumulative(loc: Located, nums: dict[str, float | None], flag) -> bool:
    """"HTTNV trở lên" columns into their level: the cumulative count less the levels above it ("Trong đó:
    HTXSNV"), which must all be columns of the table and not exceed it."""
    for lvl, _ in sorted(loc.cumulative.items(), key=lambda kv: labels.LEVELS.index(kv[0]), reverse=True):
        cum = nums.get(CUM_PREFIX + lvl)
        if cum is None:
            continue
        above = labels.LEVELS[labels.LEVELS.index(lvl) + 1:]
        missing = [a for a in above if LEVEL_PREFIX + a not in loc.columns and CUM_PREFIX + a not in loc.columns]
        if missing:
            flag("error", "cumulative_without_subset", f"cột '{lvl} trở lên' không tách được: thiếu cột "
                 + ", ".join(missing) + " (\"Trong đó: …\")", CUM_PREFIX + lvl)
            return False
        inside = sum(nums.get(LEVEL_PREFIX + a) or 0 for a in above)
        if inside > cum:
            flag("error", "subset_over_cumulative", f"số 'trong đó' ({inside:g}) lớn hơn số '{lvl} trở lên' "
                 f"({cum:g})", CUM_PREFIX + lvl)
            return False
        nums[LEVEL_PREFIX + lvl] = cum - inside
    return True


def clean_member_count(loc: Located, values, texts, rec, flag) -> bool:
    """Member counts of one organisation: total, rated, exempt and a count per level, checked together."""
    _org_name(texts, rec)
    _org_type(texts, rec, flag)
    nums = _counts(loc, values, texts, flag)
    if nums is None or not _cumulative(loc, nums, flag):
        return False
    level_counts = {lvl: int(nums.get(LEVEL_PREFIX + lvl) or 0) for lvl in labels.LEVELS}
    level_sum = sum(level_counts.values())
    rated = int(nums["rated"]) if nums.get("rated") is not None else level_sum
    exempt = int(nums["exempt"]) if nums.get("exempt") is not None else None
    total = int(nums["total"]) if nums.get("total") is not None else rated + (exempt or 0)
    if (loc.levels or loc.cumulative) and nums.get("rated") is not None and level_sum != rated:
        flag("error", "levels_do_not_add_up", f"tổng số theo các mức ({level_sum}) khác số được đánh giá, xếp loại "
             f"({rated})", "rated")
        return False
    if rated > total:
        flag("error", "rated_over_total", f"số được đánh giá, xếp loại ({rated}) lớn hơn tổng số ({total})", "rated")
        return False
    if exempt is not None and nums.get("total") is not None and total - rated != exempt:
        flag("warning", "exempt_mismatch", f"tổng số ({total}) − số được xếp loại ({rated}) = {total - rated}, "
             f"khác số miễn/không đánh giá ({exempt})", "exempt")
    if not _printed_shares(loc, values, texts, level_counts, rated, flag):
        return False
    rec.update({"total": total, "rated": rated, **level_counts})
    if exempt is not None:
        rec["exempt"] = exempt
    rec["unrated_reason"] = texts.get("unrated_reason") or None
    return True


def clean_admission(loc: Located, values, texts, rec, flag) -> bool:
    """One organisation's admissions: quota and admitted, non-negative whole numbers."""
    _org_name(texts, rec)
    ok = True
    for canon in ("quota", "admitted"):
        raw = texts.get(canon, "")
        num = to_number(values.get(canon)) if raw else None
        if raw and (num is None or num < 0 or not float(num).is_integer()):
            flag("error", "bad_count", f"số không hợp lệ: '{raw}' (cần số nguyên không âm)", canon)
            ok = False
        rec[canon] = int(num) if num is not None and ok else None
    return ok


def clean_target(loc: Located, values, texts, rec, flag) -> bool:
    """One target of the resolution: the metric it is computed from (or a typed result), comparator, threshold."""
    rec["target_id"] = texts.get("target_id") or None
    rec["name"] = texts.get("name")
    metric_text = texts.get("metric", "")
    rec["metric"] = METRIC_LOOKUP.get(fold(metric_text)) if metric_text else None
    if metric_text and rec["metric"] is None:
        flag("error", "unknown_metric", f"chỉ số không nhận ra: '{metric_text}' (chọn trong danh mục: "
             + "; ".join(labels.METRIC_NAMES.values()) + ")", "metric")
        return False
    comp = texts.get("comparator") or "≥"
    rec["comparator"] = labels.COMPARATORS.get(comp.replace(" ", ""))
    if rec["comparator"] is None:
        flag("error", "bad_comparator", f"phép so sánh không nhận ra: '{comp}' (cần ≥, ≤ hoặc =)", "comparator")
        return False
    rec["threshold"] = to_number(values.get("threshold"))
    if rec["threshold"] is None:
        flag("error", "bad_threshold", f"ngưỡng chỉ tiêu không phải số: '{texts.get('threshold', '')}'",
             "threshold")
        return False
    rec["unit"] = texts.get("unit") or None
    rec["typed_actual"] = to_number(values.get("typed_actual"))
    if rec["metric"] is None and rec["typed_actual"] is None:
        flag("warning", "target_without_actual", "chỉ tiêu không có chỉ số tính từ dữ liệu và chưa nhập kết "
             "quả; sẽ không đánh giá được", "typed_actual")
    return True


CLEANERS = {"orgs": clean_org, "member_counts": clean_member_count, "admissions": clean_admission,
            "targets": clean_target}

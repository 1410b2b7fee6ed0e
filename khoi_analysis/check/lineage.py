"""Rules over the lineage table's lines (dataset/lineage.py reads them): each name against the years in which it
occurs in the data, contradictory lines, cycles. Each issue names the table's file and line number.

The lines carry `old_key`/`new_key` (each name folded as org ids are, before aliases and renames); `seen` says in
which years a key occurs in the data (key, year)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import labels
from ..issues import Issue

__all__ = ["check_lineage"]

OLD_CHECKED = {"rename", "merge", "split", "transfer_out"}
NEW_CHECKED = {"rename", "merge", "split", "transfer_in"}


def _at(row) -> str:
    return f"{Path(str(row.file)).name if isinstance(row.file, str) and row.file else 'bảng sắp xếp'}, dòng {row.line}"


def _issue(severity: str, code: str, row, text: str) -> Issue:
    return Issue(severity, code, f"{_at(row)}: {text}", row.file if isinstance(row.file, str) else "")


def check_lineage(lines: pd.DataFrame, seen: pd.DataFrame) -> list[Issue]:
    """Every problem of the lineage lines: names (error when in no year of the data; warning when only on the
    wrong side of nam_hieu_luc), contradictions and cycles (errors), repeated lines (warnings)."""
    if lines.empty:
        return []
    return [*_names(lines, seen), *_contradictions(lines), *_cycles(lines)]


def _names(lines: pd.DataFrame, seen: pd.DataFrame) -> list[Issue]:
    years_of: dict[str, set[int]] = {}
    for key, year in zip(seen["key"], seen["year"]):
        years_of.setdefault(key, set()).add(int(year))
    data_years = {int(y) for y in seen["year"]}
    out = []
    for row in lines.itertuples():
        y = int(row.year)
        for side, key, name, kinds in (("cũ", row.old_key, row.old_name, OLD_CHECKED),
                                       ("mới", row.new_key, row.new_name, NEW_CHECKED)):
            if row.kind not in kinds or not isinstance(key, str):
                continue
            want = {d for d in data_years if (d < y if side == "cũ" else d >= y)}
            have = years_of.get(key, set())
            where = f"trước năm {y}" if side == "cũ" else f"từ năm {y}"
            if not want:
                if not have:
                    out.append(_issue("info", "lineage_unchecked", row, f"tên {side} '{name}': dữ liệu không có năm "
                                      f"nào {where} nên chưa kiểm tra được tên này"))
                continue
            if not have:
                out.append(_issue("error", "lineage_unknown_name", row, f"tên {side} '{name}' không có trong dữ liệu "
                                  "năm nào (kiểm tra chính tả, hoặc tên trong bảng tên gọi khác)"))
            elif not have & want:
                shown = ", ".join(map(str, sorted(have)))
                out.append(_issue("warning", "lineage_name_side", row, f"tên {side} '{name}' chỉ có trong dữ liệu năm "
                                  f"{shown}, không có năm nào {where} (năm hiệu lực {y})"))
    return out


def _word(kind: str) -> str:
    return labels.LINEAGE_KINDS[kind]


def _contradictions(lines: pd.DataFrame) -> list[Issue]:
    out = []
    rows = list(lines.itertuples())
    seen: dict[tuple, object] = {}
    for row in rows:
        ident = (row.year, row.kind, row.old_key, row.new_key)
        if ident in seen:
            out.append(_issue("warning", "lineage_repeated", row, f"lặp lại dòng {seen[ident].line}"))
        else:
            seen[ident] = row
        if row.kind == "rename" and row.old_key == row.new_key:
            out.append(_issue("warning", "lineage_no_change", row, f"tên cũ và tên mới '{row.new_name}' là một "
                              "(không phân biệt hoa thường, dấu cách, 'Chi bộ'/'Đảng bộ'): dòng này không đổi gì"))
    unique = [r for r in rows if (r.year, r.kind, r.old_key, r.new_key) in seen
              and seen[(r.year, r.kind, r.old_key, r.new_key)] is r]
    by_old: dict[tuple, list] = {}
    by_new: dict[tuple, list] = {}
    for r in unique:
        if isinstance(r.old_key, str) and r.kind != "transfer_in":
            by_old.setdefault((r.year, r.old_key), []).append(r)
        if isinstance(r.new_key, str):
            by_new.setdefault((r.year, r.new_key), []).append(r)
    for (year, _), group in by_old.items():
        kinds = {r.kind for r in group}
        first, other = group[0], group[1:]
        if len(kinds) > 1:
            said = ", ".join(f"dòng {r.line}: {_word(r.kind)}" for r in group)
            out.append(_issue("error", "lineage_contradiction", other[0], f"'{first.old_name}' năm {year} có nhiều "
                              f"loại sắp xếp mâu thuẫn ({said})"))
        elif kinds & {"rename", "merge"} and len({r.new_key for r in group}) > 1:
            said = ", ".join(f"'{r.new_name}' (dòng {r.line})" for r in group)
            hint = " (một TCCS thành nhiều TCCS là chia tách)" if "merge" in kinds else ""
            out.append(_issue("error", "lineage_contradiction", other[0], f"'{first.old_name}' năm {year} "
                              f"{_word(first.kind)} thành nhiều tên: {said}{hint}"))
    for (year, key), group in by_new.items():
        renamed = [r for r in group if r.kind == "rename"]
        if renamed and len(group) > 1:
            said = ", ".join(f"dòng {r.line}: {_word(r.kind)}" for r in group)
            out.append(_issue("error", "lineage_contradiction", group[1], f"'{group[0].new_name}' năm {year} là tên "
                              f"mới của nhiều dòng, trong đó có đổi tên ({said}); nhiều TCCS thành một là hợp nhất"))
        chained = [r for r in by_old.get((year, key), []) if r.old_key != r.new_key]
        if chained and any(r.old_key != r.new_key for r in group):
            out.append(_issue("error", "lineage_contradiction", chained[0], f"'{chained[0].old_name}' năm {year} "
                              f"vừa là tên mới (dòng {group[0].line}) vừa là tên cũ của một sắp xếp khác: ghi thẳng "
                              "từ tên cũ đến tên cuối cùng, hoặc ghi hai năm hiệu lực"))
    return out


def _cycles(lines: pd.DataFrame) -> list[Issue]:
    """A chain of names that comes back to its start (A→B→A, in any years and kinds): an error at its first line."""
    edges: dict[str, list] = {}
    for r in lines.itertuples():
        if isinstance(r.old_key, str) and isinstance(r.new_key, str) and r.old_key != r.new_key:
            edges.setdefault(r.old_key, []).append(r)
    out, done, reported = [], set(), set()
    for start in sorted(edges):
        stack = [(start, [])]
        while stack:
            node, path = stack.pop()
            for r in edges.get(node, []):
                if r.new_key == start:
                    loop = [*path, r]
                    ident = frozenset(x.Index for x in loop)
                    if ident not in reported:
                        reported.add(ident)
                        names = " → ".join([f"'{x.old_name}'" for x in loop] + [f"'{loop[0].old_name}'"])
                        said = ", ".join(str(x.line) for x in loop)
                        first = min(loop, key=lambda x: (x.line, x.Index))
                        out.append(_issue("error", "lineage_cycle", first, f"sắp xếp thành vòng {names} (dòng "
                                          f"{said}): một TCCS không thể là tiền thân của chính nó"))
                elif r.new_key not in {x.new_key for x in path} and r.new_key not in done and len(path) < 50:
                    stack.append((r.new_key, [*path, r]))
        done.add(start)
    return out

"""The query commands of `khoi-analysis` (members …, tccs …): the edge, like cli.py; arguments in, tables
printed or written."""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["UsageError", "members_command", "tccs_command"]


class UsageError(Exception):
    pass


def members_command(args, ds) -> int:
    import pandas as pd  # start-up time: `khoi-analysis --help` never imports pandas

    from . import queries
    from .outputs.display import matrix_table, vi_table

    years = ds.years
    year = args.year if args.year is not None else (years[-1] if years else None)
    named = bool(getattr(args, "names", False))
    if args.query is None:
        raise UsageError("cần chọn một truy vấn: streak, transition, unrated, list, levels, ages, sql")
    if ds.members.empty and args.query not in ("levels", "sql"):
        print("LỖI: dữ liệu không có danh sách đảng viên (sheet 'Đảng viên')", file=sys.stderr)
        return 1
    if args.query == "streak":
        last = args.last or year
        first = args.first or last - 4
        result = queries.streak(ds.members, first, last, args.level, with_names=named)
        title = f"{len(result)} đảng viên đạt {args.level} trở lên mọi năm {first}–{last}"
    elif args.query == "transition":
        result = matrix_table(queries.transition_matrix(ds.members, args.first, args.last, org=args.org))
        title = f"Chuyển mức xếp loại {args.first} → {args.last}" + (f" ({args.org})" if args.org else "")
    elif args.query == "unrated":
        result = queries.unrated_by_reason(ds.members, year)
        title = f"Đảng viên chưa xếp loại năm {year}, theo lý do"
    elif args.query == "list":
        result = queries.members_of(ds.members, args.org, year, level=args.level, with_names=named)
        title = f"Đảng viên của '{args.org}' năm {year}: {len(result)}"
    elif args.query == "levels":
        result = queries.levels_by_org(ds.member_counts, year, org_type=args.org_type)
        title = f"Đảng viên theo TCCS và mức xếp loại năm {year}"
    elif args.query == "ages":
        result = matrix_table(queries.age_bands(ds.members, year))
        title = f"Đảng viên theo nhóm tuổi năm {year}"
    else:
        result = queries.sql(ds, args.query_sql, with_names=named)
        title = "Kết quả SQL"
    if named:
        print("Lưu ý: danh sách có họ tên là dữ liệu cá nhân (Luật 91/2025/QH15): chỉ dùng nội bộ.", file=sys.stderr)
    if args.out:
        from .outputs.save import write_table_csv

        out = Path(args.out)
        if out.suffix.lower() == ".xlsx":
            from .outputs.excel import Table, write_tables

            write_tables(out, [Table("Kết quả", title.upper(), "", result)])
        else:
            write_table_csv(out, result)
        print(f"Đã ghi {len(result)} dòng vào {out}")
        return 0
    print(title)
    with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200):
        print(vi_table(result, level_names=False).to_string())
    return 0


def tccs_command(args, ds) -> int:
    import pandas as pd  # start-up time, as in _members

    from . import queries
    from .outputs.display import matrix_table, vi_table

    if args.query is None:
        raise UsageError("cần chọn một truy vấn: transition, sap-xep")
    if args.query == "sap-xep":
        return _lineage(args, ds)
    moves = queries.org_moves(ds.orgs, args.first, args.last)
    matrix = matrix_table(queries.transition_matrix(ds.orgs, args.first, args.last))
    title = f"TCCS chuyển mức xếp loại {args.first} → {args.last}: {len(moves)} TCCS"
    matrix_title = f"Ma trận chuyển mức xếp loại TCCS {args.first} → {args.last}"
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() == ".xlsx":
            from .outputs.excel import to_excel

            to_excel({"TCCS chuyển mức": moves, "Ma trận chuyển mức": matrix}, out,
                     title={"TCCS chuyển mức": title, "Ma trận chuyển mức": matrix_title})
        else:
            from .outputs.save import write_table_csv

            write_table_csv(out, moves)
        print(f"Đã ghi {len(moves)} dòng vào {out}")
        return 0
    with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200,
                           "display.max_colwidth", None):
        print(matrix_title)
        print(vi_table(matrix).to_string())
        print()
        print(title)
        print(vi_table(moves).to_string())
    return 0


def _lineage(args, ds) -> int:
    from .outputs.lineage import show_lineage

    print(show_lineage(ds, args.out))
    return 0

"""The summary tables as a formatted Excel workbook, as an office would send it up: a sheet per table, the
committee's name above the merged title (as the configuration names it for the year), units line, styled
header, 0.0% formats, frozen header, column widths, landscape print set-up fitted to the page width with the
header repeated. Text is always written as text, never as a formula."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import xlsxwriter

from .. import labels, metrics
from ..config import Settings, load_settings
from ..dataset import Dataset
from ..fmt import fmt_years
from .display import vi_values
from .report import cap_words
from .save import atomic_path


@dataclass
class Table:
    sheet: str  # at most 31 characters
    title: str
    units: str
    frame: pd.DataFrame  # columns already in display order; *_pct in percent (0-100), *_pp in points
    headers: dict[str, str] = field(default_factory=dict)  # column -> header text (default labels.COLUMN_LABELS)
    organ: str = ""  # the committee's name, written above the title (none: the title is the first row)


def summary_tables(ds: Dataset, year: int, settings: Settings | None = None) -> list[Table]:
    """The tables of the conference, from the data, showing no year after `year`: aggregates only, no personal
    data. Each is headed by the committee's name as `settings` says for `year` (default: the settings file
    config.load_settings finds for the data's files, else the defaults), as the deck and the Word report are."""
    settings = settings if settings is not None else load_settings(None, ds.files)
    organ = settings.full_name(year).upper()
    ds = ds.span(None, year)
    tables = []
    level_cols = list(reversed(labels.LEVELS))
    for what, counts, units in (("TCCS", metrics.org_rating_counts(ds.orgs), "Đơn vị tính: TCCS; tỷ lệ: %"),
                                ("Đảng viên", metrics.member_rating_counts(ds.member_counts),
                                 "Đơn vị tính: đảng viên; tỷ lệ: %")):
        if counts.empty:
            continue
        shares = metrics.shares_by_year(counts)
        first, last = int(shares["year"].min()), int(shares["year"].max())
        title = f"KẾT QUẢ XẾP LOẠI CHẤT LƯỢNG {what.upper()} NĂM {fmt_years(first, last)}"
        tables.append(Table(f"{what} theo năm", title,
                            units, shares))
    by_type = metrics.rating_shares(metrics.org_rating_counts(ds.orgs, by=["year", "org_type"]))
    if not by_type.empty:
        by_type = metrics.yoy_change(by_type, "good_or_better_pct", by="org_type")
        now = by_type[by_type["year"] == year]
        tables.append(Table(f"Theo loại hình {year}", f"XẾP LOẠI TCCS THEO LOẠI HÌNH NĂM {year}",
                            "Đơn vị tính: TCCS; tỷ lệ: %",
                            now[["org_type", "total", "rated", *level_cols, "good_or_better_pct",
                                 "good_or_better_pct_change_pp", "excellent_pct"]]))
    tg = ds.targets[ds.targets["year"] == year]
    if not tg.empty:
        ev = metrics.evaluate_targets(tg, metrics.year_actuals(ds.orgs, ds.member_counts, ds.admissions, year))
        tables.append(Table(f"Chỉ tiêu {year}", f"KẾT QUẢ THỰC HIỆN CHỈ TIÊU NGHỊ QUYẾT NĂM {year}",
                            "Chênh lệch = kết quả − chỉ tiêu (điểm % với chỉ tiêu tỷ lệ)",
                            ev[["target_id", "name", "comparator", "threshold", "unit", "actual", "gap", "met"]]))
    adm = metrics.admissions_attainment(ds.admissions)
    if not adm.empty:
        first, last = int(adm["year"].min()), int(adm["year"].max())
        tables.append(Table("Kết nạp", f"KẾT NẠP ĐẢNG VIÊN MỚI SO VỚI CHỈ TIÊU NĂM {fmt_years(first, last)}",
                            "Đơn vị tính: đảng viên; tỷ lệ: %",
                            adm[["year", "quota", "admitted", "attainment_pct"]]))
    mc = ds.member_counts[ds.member_counts["year"] == year]
    if not mc.empty:
        rule = metrics.twenty_percent_rule(mc)
        over = rule[rule["over"]].sort_values("excellent_to_good_pct", ascending=False)
        words = dict(cap_words(year), year=year)  # the cap and its source as the year's regulation says
        words["source"] = words["source_plain"]
        units = labels.CAP_WORDS["table_units" if words["source"] else "table_units_no_source"].format(**words)
        tables.append(Table(labels.CAP_WORDS["sheet"].format(**words), labels.CAP_WORDS["table_title"].format(**words),
                            units, over[["org_name", "HTXSNV", "HTTNV", "allowed", "excellent_to_good_pct"]],
                            headers={"allowed": labels.CAP_WORDS["allowed"].format(**words)}))
    for table in tables:
        table.organ = organ
    return tables


def write_tables(path: Path | str, tables: list[Table]) -> Path:
    """Write the tables into one workbook, atomically (temporary file, then rename)."""

    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_numbers": False,
                                            "strings_to_urls": False})
        organ = next((t.organ for t in tables if t.organ), "")
        wb.set_properties({"title": "Bảng tổng hợp", "author": "khoi_analysis", "company": organ,
                           "subject": organ})
        fmt = _formats(wb)
        for table in tables:
            _write_sheet(wb, fmt, table)
        wb.close()
    return Path(path)


def _formats(wb):
    base = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter"}
    border = {"border": 1, "border_color": "#999999"}
    return {
        "organ": wb.add_format({**base, "bold": True, "font_size": 13, "align": "center", "text_wrap": True}),
        "title": wb.add_format({**base, "bold": True, "font_size": 14, "align": "center", "text_wrap": True}),
        "units": wb.add_format({**base, "italic": True, "font_size": 11, "align": "right", "text_wrap": True}),
        "header": wb.add_format({**base, **border, "bold": True, "align": "center", "text_wrap": True,
                                 "bg_color": "#DDEBF7"}),
        "text": wb.add_format({**base, **border, "text_wrap": True}),
        "int": wb.add_format({**base, **border, "num_format": "#,##0"}),
        "pct": wb.add_format({**base, **border, "num_format": "0.0%"}),
        "pp": wb.add_format({**base, **border, "num_format": "+0.0;-0.0;0.0"}),
        "diff": wb.add_format({**base, **border, "num_format": "+#,##0;-#,##0;0"}),
        "num": wb.add_format({**base, **border, "num_format": "#,##0.0"}),
        "year": wb.add_format({**base, **border, "num_format": "0", "align": "center"}),
    }


def to_excel(frames: pd.DataFrame | list[pd.DataFrame] | dict[str, pd.DataFrame], path: Path | str, *,
             title: str | dict[str, str] | None = None, units: str = "") -> Path:
    """Any analysis frame (or several: a list, or a dict sheet name -> frame) as a formatted workbook: real
    numbers (a share is 0.914 shown 91,4%, never the text '91,4%'), Vietnamese headers, organisation types and
    comparators in words, counts as whole numbers, titled, ready to print. A cross table (transition matrix,
    age bands) keeps its row labels as the first column. `title`: one for every sheet, or a dict sheet name ->
    title (a sheet missing from it is titled by its name). Written atomically."""
    from .display import matrix_table

    if isinstance(frames, pd.DataFrame):
        frames = {"Bảng": frames}
    elif not isinstance(frames, dict):
        frames = {f"Bảng {i}": f for i, f in enumerate(frames, 1)}
    tables = []
    for sheet, frame in frames.items():
        plain = frame if isinstance(frame.index, pd.RangeIndex) else matrix_table(frame)
        heading = title.get(sheet) if isinstance(title, dict) else title  # one title, or one per sheet
        tables.append(Table(str(sheet)[:31], (heading or str(sheet)).upper(), units, plain))
    return write_tables(path, tables)


def _kind(col: str, series: pd.Series) -> str:
    if col == "year":
        return "year"
    if col.endswith("_change_pp") or col == "gap":
        return "pp"
    if col.endswith("_pct"):
        return "pct"
    if pd.api.types.is_bool_dtype(series):
        return "text"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        whole = series.dropna()
        return "int" if whole.map(float.is_integer).all() else "num"  # a count read as float stays a count
    return "text"


def _row_kind(kind: str, col: str, row: dict) -> str:
    """A target counted in units (TCCS, đảng viên) shows its result and gap as whole numbers (152, +2), not as
    a share's 152,0 and +2,0; the same column keeps one decimal for the targets in %."""
    unit = row.get("unit")
    if col in ("actual", "gap") and isinstance(unit, str) and unit.strip() and unit.strip() != "%":
        value = row.get(col)
        if isinstance(value, (int, float)) and not pd.isna(value) and float(value).is_integer():
            return "int" if col == "actual" else "diff"
    return kind


def _lines(text: str, width: float, char: float = 1.0) -> int:
    """Lines a wrapped text takes in a column `width` characters wide (a character of this font `char` wide)."""
    return max(1, -(-int(len(text) * char) // max(int(width), 1)))


def _write_sheet(wb, fmt, table: Table) -> None:
    ws = wb.add_worksheet(table.sheet[:31])
    frame = vi_values(table.frame.reset_index(drop=True))
    ncols = len(frame.columns)
    top = 1 if table.organ else 0  # the committee's name takes the first row
    header_row = 3 + top
    kinds, widths, header_lines = {}, [], 1
    for j, col in enumerate(frame.columns):
        header = table.headers.get(col) or labels.column_label(col, frame.columns)
        ws.write_string(header_row, j, header, fmt["header"])
        kinds[col] = _kind(col, frame[col])
        width = {"text": 40 if col in ("name", "org_name") else 22, "year": 8, "int": 11, "pct": 11, "pp": 13,
                 "num": 11}[kinds[col]]
        widths.append(width)
        ws.set_column(j, j, width)
        header_lines = max(header_lines, _lines(header, width - 1, 1.1))
    ws.set_row(header_row, 16 * header_lines + 4)
    # the title and units wrap inside the table's width (a merged cell never spills when printed)
    total = sum(widths) if ncols > 1 else sum(widths) + 8.43
    if table.organ:
        ws.merge_range(0, 0, 0, max(ncols - 1, 1), table.organ, fmt["organ"])
        ws.set_row(0, 18 * _lines(table.organ, total, 1.35) + 4)
    ws.merge_range(top, 0, top, max(ncols - 1, 1), table.title, fmt["title"])
    ws.set_row(top, 20 * _lines(table.title, total, 1.45) + 4)
    ws.merge_range(top + 1, 0, top + 1, max(ncols - 1, 1), table.units, fmt["units"])
    if table.units:
        ws.set_row(top + 1, 16 * _lines(table.units, total, 1.0) + 2)
    for i, row in enumerate(frame.itertuples(index=False), header_row + 1):
        lines = max([_lines(str(v), w - 1, 1.05) for (col, v), w in zip(zip(frame.columns, row), widths)
                     if kinds[col] == "text" and isinstance(v, str)] or [1])
        if lines > 1:
            ws.set_row(i, 16 * lines + 2)
        cells = dict(zip(frame.columns, row))
        for j, (col, value) in enumerate(cells.items()):
            kind = _row_kind(kinds[col], col, cells)
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                ws.write_blank(i, j, None, fmt["text" if kind == "text" else kind])
            elif kind == "text":
                ws.write_string(i, j, str(value), fmt["text"])  # never a formula, whatever it starts with
            elif kind == "pct":
                ws.write_number(i, j, float(value) / 100, fmt["pct"])
            else:
                ws.write_number(i, j, float(value), fmt[kind])
    ws.freeze_panes(header_row + 1, 0)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.set_footer("&CTrang &P/&N")

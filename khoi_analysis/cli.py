"""Command line `khoi-analysis`. The edge: it parses arguments, calls the library, prints; no logic here.

Exit codes: 0 done (warnings allowed), 1 the data has errors or a file can't be read, 2 wrong usage.
Heavy imports (pandas, matplotlib) happen inside the commands so that --help stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .cli_queries import UsageError as _UsageError
from .cli_queries import members_command as _members
from .cli_queries import tccs_command as _tccs

DESCRIPTION = ("Phân tích kết quả đánh giá, xếp loại chất lượng tổ chức cơ sở đảng và đảng viên: "
               "kiểm tra dữ liệu, tóm tắt số liệu, vẽ biểu đồ cho hội nghị tổng kết.")
EPILOG = ("PATHS là tệp hoặc thư mục (.xlsx, .xls, .ods, .csv); bỏ trống thì dùng data/raw. "
          "Mã thoát: 0 = xong, 1 = dữ liệu có lỗi hoặc không đọc được tệp, 2 = dùng sai lệnh.")


class _Parser(argparse.ArgumentParser):
    """argparse with its own words in Vietnamese."""

    def __init__(self, *args, **kwargs):
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "đối số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def error(self, message: str):  # argparse's own messages are English; keep them, add a Vietnamese hint
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi cú pháp lệnh (usage error): {message}\n"
                     f"Xem hướng dẫn: {self.prog} --help\n")


_READING_OPTIONS = (  # the reading options (dataset.sidecar: the same settings as cach_doc.yaml)
    (("--period", "--nam"), dict(dest="period", metavar="NĂM", help="kỳ báo cáo (năm) của mọi sheet, thay cho năm "
     "trong tiêu đề, tên sheet, tên tệp; hàng có cột Năm khác năm này là lỗi")),
    (("--sheet", "--trang-tinh"), dict(dest="sheet", metavar="TÊN_SHEET", help="chỉ đọc sheet này")),
    (("--header-rows", "--dong-tieu-de"), dict(dest="header_rows", metavar="DÒNG", help="các dòng tiêu đề cột, "
     "ví dụ 4-5")),
    (("--column", "--cot"), dict(dest="columns", metavar="'CỘT=TRƯỜNG'", action="append", help="trường của một cột, "
     "ví dụ --column 'B=Tên tổ chức' hoặc --column E=rating; 'E=bo': không dùng cột (lặp lại được)")),
    (("--skip-rows", "--bo-dong"), dict(dest="skip_rows", metavar="DÒNG", action="append", help="các dòng không "
     "đọc, ví dụ 12,30-32 (lặp lại được)")),
    (("--table-kind", "--loai-bang"), dict(dest="kind", metavar="LOẠI", help="loại bảng: tccs, so_luong_dang_vien, "
     "dang_vien, ket_nap, chi_tieu")),
    (("--read-hidden", "--doc-trang-an"), dict(dest="hidden", action="store_const", const="take", help="đọc cả sheet "
     "ẩn (kể cả khi có sheet đang hiện cùng loại bảng)")),
    (("--leave-hidden", "--bo-trang-an"), dict(dest="hidden", action="store_const", const="leave", help="bỏ sheet ẩn")),
    (("--reading-rules", "--cach-doc"), dict(dest="rules_file", action="append", type=Path, metavar="TỆP.yaml",
     help="tệp cách đọc thay cho cach_doc.yaml đặt cạnh dữ liệu (lặp lại được)")),
)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="khoi-analysis", description=DESCRIPTION, epilog=EPILOG)
    p.add_argument("--debug", action="store_true", help="in đầy đủ traceback khi có lỗi (cho lập trình viên)")
    sub = p.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser)

    def paths(sp):
        sp.add_argument("paths", nargs="*", metavar="PATHS", help="tệp hoặc thư mục dữ liệu (mặc định: data/raw)")
        sp.add_argument("--map", action="append", default=[], metavar="'TIÊU ĐỀ=cột'",
                        help="ánh xạ thêm một tiêu đề cột lạ sang tên cột chuẩn, ví dụ "
                             "--map 'Tên đơn vị cơ sở=org_name' (lặp lại được)")
        sp.add_argument("--aliases", type=Path, metavar="TỆP.csv",
                        help="bảng tên gọi khác của TCCS (hai cột: tên trong tệp, tên chuẩn); mặc định "
                             "data/raw/bi_danh_tccs.csv nếu có")
        sp.add_argument("--config", type=Path, metavar="TỆP.toml",
                        help="tệp cấu hình: tên cơ quan theo từng giai đoạn, tên tỉnh (mặc định: cau_hinh.toml cạnh dữ "
                             "liệu hoặc trong data/raw, hoặc biến môi trường KHOI_ANALYSIS_CONFIG)")
        sp.add_argument("--sap-xep", dest="lineage", type=Path, metavar="TỆP.csv",
                        help="bảng sắp xếp TCCS (đổi tên, hợp nhất, chia tách, chuyển đến, chuyển đi; cột "
                             "nam_hieu_luc, ten_cu, ten_moi, loai, ghi_chu); mặc định sap_xep_tccs.csv trong thư "
                             "mục dữ liệu nếu có")
        sp.add_argument("--year", type=int, metavar="NĂM",
                        help="năm đánh giá (mặc định: năm mới nhất có dữ liệu; dùng cho cả tệp không ghi năm)")
        g = sp.add_argument_group("cách đọc tệp, không sửa tệp gốc (cho mọi tệp được đọc, ghi đè cach_doc.yaml)")
        for flags, kwargs in _READING_OPTIONS:
            g.add_argument(*flags, **kwargs)

    s = sub.add_parser("summary", help="số liệu tổng hợp của một năm", description="Số liệu tổng hợp của một năm: "
                       "tỷ lệ xếp loại TCCS và đảng viên, kết nạp, chỉ tiêu Nghị quyết, so với năm trước.")
    paths(s)
    s.add_argument("--json", action="store_true", help="in một đối tượng JSON thay cho văn bản")
    s.add_argument("--quy", type=int, choices=(1, 2, 3, 4), metavar="QUÝ",
                   help="số liệu của một quý (1–4) của năm --year: chỉ kết quả đánh giá quý đó")

    v = sub.add_parser("validate", help="kiểm tra dữ liệu, liệt kê mọi lỗi và cảnh báo",
                       description="Kiểm tra dữ liệu: liệt kê mọi lỗi và cảnh báo kèm tệp, sheet, ô.")
    paths(v)
    v.add_argument("--json", action="store_true", help="in kết quả dạng JSON: tệp, vấn đề, số hàng từng sheet")
    v.add_argument("--explain", action="store_true", help="in cách đọc từng tệp: vùng bảng, dòng tiêu đề, cột nào "
                   "thành trường nào, kỳ báo cáo lấy từ đâu, dòng nào được đọc hay bỏ qua, các đối chiếu")

    def span(sp):
        sp.add_argument("--from", dest="first", type=int, metavar="NĂM", help="năm đầu tiên hiển thị (mặc định: "
                        "năm sớm nhất có dữ liệu)")
        sp.add_argument("--to", dest="last", type=int, metavar="NĂM", help="năm cuối cùng hiển thị, cũng là năm "
                        "báo cáo (mặc định: --year, hoặc năm mới nhất); không năm nào sau năm này được đưa vào")

    c = sub.add_parser("charts", help="vẽ biểu đồ (PNG và SVG)", description="Vẽ các biểu đồ (PNG và SVG).")
    paths(c)
    span(c)
    c.add_argument("--out", type=Path, metavar="THƯ_MỤC", help="thư mục ghi biểu đồ (mặc định: "
                   "data/processed/bieu_do)")

    b = sub.add_parser("build", help="làm tất cả: kiểm tra, tóm tắt, biểu đồ vào data/processed",
                       description="Làm tất cả: kiểm tra dữ liệu, tóm tắt từng năm, biểu đồ, chỉ mục; "
                                   "bỏ qua nếu dữ liệu và mã không đổi.")
    paths(b)
    span(b)
    b.add_argument("--out", type=Path, metavar="THƯ_MỤC", help="thư mục kết quả (mặc định: data/processed)")
    b.add_argument("--force", action="store_true", help="làm lại tất cả kể cả khi không có gì thay đổi")

    m = sub.add_parser("members", help="truy vấn dữ liệu đảng viên (xuất sắc nhiều năm liền, chuyển mức…)",
                       description="Truy vấn dữ liệu đảng viên. Mặc định chỉ có mã ẩn danh; thêm --names để có họ "
                                   "tên, ngày sinh (dữ liệu cá nhân: không gửi ra ngoài).")
    msub = m.add_subparsers(dest="query", metavar="TRUY_VẤN", parser_class=_Parser)

    def query(name, help_text):
        q = msub.add_parser(name, help=help_text, description=help_text)
        paths(q)
        q.add_argument("--out", type=Path, metavar="TỆP", help="ghi ra tệp .csv hoặc .xlsx thay vì in ra màn hình")
        return q

    q = query("streak", "đảng viên đạt một mức trở lên mọi năm trong khoảng (mặc định HTXSNV 5 năm liền)")
    q.add_argument("--from", dest="first", type=int, metavar="NĂM")
    q.add_argument("--to", dest="last", type=int, metavar="NĂM")
    q.add_argument("--level", default="HTXSNV", choices=["HTXSNV", "HTTNV", "HTNV", "KHTNV"])
    q.add_argument("--names", action="store_true", help="kèm số thẻ, họ tên, ngày sinh")
    q = query("transition", "ma trận chuyển mức xếp loại giữa hai năm (hàng: năm đầu, cột: năm sau)")
    q.add_argument("--from", dest="first", type=int, metavar="NĂM", required=True)
    q.add_argument("--to", dest="last", type=int, metavar="NĂM", required=True)
    q.add_argument("--org", metavar="TÊN_TCCS", help="chỉ một TCCS (một phần tên là đủ)")
    q = query("unrated", "đảng viên chưa xếp loại (miễn, mới kết nạp, đình chỉ…) theo lý do")
    q = query("list", "đảng viên của một TCCS trong năm")
    q.add_argument("--org", metavar="TÊN_TCCS", required=True)
    q.add_argument("--level", metavar="MỨC", help="chỉ một mức: HTXSNV, HTTNV, HTNV, KHTNV hoặc tên đầy đủ")
    q.add_argument("--names", action="store_true", help="kèm số thẻ, họ tên, ngày sinh")
    q = query("levels", "số đảng viên theo TCCS và mức xếp loại trong năm")
    q.add_argument("--org-type", dest="org_type", metavar="LOẠI_HÌNH",
                   help="chỉ một loại hình, ví dụ 'Doanh nghiệp nhà nước'")
    q = query("ages", "số đảng viên theo nhóm tuổi và mức xếp loại (cần ngày sinh)")
    q = query("sql", "chạy câu lệnh SQL (DuckDB) trên các bảng orgs, members, member_counts, admissions, targets")
    q.add_argument("--query", "-q", dest="query_sql", required=True, metavar="SQL")
    q.add_argument("--names", action="store_true", help="bảng members có cả số thẻ, họ tên, ngày sinh")

    o = sub.add_parser("tccs", help="truy vấn dữ liệu TCCS (chuyển mức xếp loại giữa hai năm)",
                       description="Truy vấn dữ liệu tổ chức cơ sở đảng.")
    osub = o.add_subparsers(dest="query", metavar="TRUY_VẤN", parser_class=_Parser)
    q = osub.add_parser("transition", help="TCCS lên, xuống mức xếp loại giữa hai năm: danh sách và ma trận",
                        description="TCCS lên, xuống mức xếp loại giữa hai năm: danh sách và ma trận chuyển mức.")
    paths(q)
    q.add_argument("--from", dest="first", type=int, metavar="NĂM", required=True)
    q.add_argument("--to", dest="last", type=int, metavar="NĂM", required=True)
    q.add_argument("--out", type=Path, metavar="TỆP", help="ghi danh sách ra tệp .csv hoặc .xlsx (xlsx: kèm ma trận)")
    q = osub.add_parser("sap-xep", help="bảng sắp xếp TCCS: đổi tên, hợp nhất, chia tách, chuyển đến, chuyển đi",
                        description="Liệt kê các dòng của bảng sắp xếp TCCS (sap_xep_tccs.csv) đã nạp và kiểm tra, "
                                    "kèm các năm có thay đổi cơ cấu (hợp nhất, chia tách, chuyển đến, chuyển đi).")
    paths(q)
    q.add_argument("--out", type=Path, metavar="TỆP", help="ghi danh sách ra tệp .csv hoặc .xlsx")

    t = sub.add_parser("template", help="ghi mẫu nhập liệu trống (.xlsx)",
                       description="Ghi một workbook mẫu trống để các đơn vị điền số liệu.")
    t.add_argument("out", nargs="?", type=Path, default=Path("mau_bao_cao_xep_loai.xlsx"), metavar="TỆP")
    return p


def _mapping(items: list[str]) -> dict[str, str]:
    for item in items:
        if "=" not in item:
            raise _UsageError(f"--map cần dạng 'TIÊU ĐỀ=cột', nhận được: {item!r}")
    return {k.strip(): v.strip() for k, v in (item.rsplit("=", 1) for item in items)}





def _overrides(args):
    """The reading options given (--period, --sheet, …) as one set of rules for every file, or None."""
    from .dataset.sidecar import rules_from_options
    from .sheet import RuleError

    names = {kw["dest"]: f"tùy chọn {flags[0]}" for flags, kw in _READING_OPTIONS if kw["dest"] != "rules_file"}
    names["hidden"] = "tùy chọn --read-hidden/--leave-hidden"
    options = {k: getattr(args, k, None) for k in names}
    options["skip_rows"] = ",".join(options["skip_rows"] or []) or None
    try:
        return rules_from_options(options, names)
    except RuleError as exc:
        raise _UsageError(f"tùy chọn cách đọc không hợp lệ: {exc}") from None


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        code = _run(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers below, not at interpreter exit
        return code
    except _UsageError as exc:
        print(f"khoi-analysis: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # a filter matching nothing, a query on the wrong table: said in Vietnamese
        if args.debug:
            raise
        print(f"LỖI: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `khoi-analysis summary | head`: the reader has gone, nothing more to say
        _quiet_pipe()
        return 0
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    except Exception as exc:  # never a raw traceback for users
        if args.debug:
            raise
        from .read import ReadError

        if isinstance(exc, ReadError):
            print(f"LỖI {exc}", file=sys.stderr)
        else:
            print(f"LỖI không mong đợi ({type(exc).__name__}): {exc}\nChạy lại với --debug để xem chi tiết.",
                  file=sys.stderr)
        return 1


def _quiet_pipe() -> None:
    """After a broken pipe, point stdout at /dev/null so that Python's final flush raises nothing."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _run(args) -> int:
    if args.command == "template":
        from .outputs.template import write_empty_template

        write_empty_template(args.out)
        print(f"Đã ghi mẫu: {args.out}")
        return 0

    from .dataset import load

    mapping = _mapping(args.map)
    reading = {"rules_file": getattr(args, "rules_file", None), "overrides": _overrides(args)}
    if args.command == "build":
        from . import config
        from .build import build, validation_report

        out = args.out or config.PROCESSED_DIR
        result = build(args.paths or None, out, force=args.force, year=args.year, mapping=mapping,
                       aliases=args.aliases, year_from=args.first, year_to=args.last, settings=args.config,
                       lineage=args.lineage,
                       command="khoi-analysis " + " ".join(sys.argv[1:]), **reading)
        if result["status"] == "unchanged":
            print(f"Không có gì thay đổi; kết quả trong {out} vẫn dùng được (--force để làm lại).")
            return 0
        ds = result["dataset"]
        if result["status"] == "errors":
            sys.stderr.write(validation_report(ds))
            print("Dừng: dữ liệu có lỗi, hãy sửa rồi chạy lại. Báo cáo: "
                  f"{Path(out) / 'kiem_tra_du_lieu.txt'}", file=sys.stderr)
            return 1
        print(f"Đã ghi {len(result['outputs'])} tệp vào {out} ({len(ds.warnings)} cảnh báo, xem "
              f"{Path(out) / 'kiem_tra_du_lieu.txt'}).")
        return 0

    # names and birth dates are never in the cache: read the files again when they are needed
    named = bool(getattr(args, "names", False)) or getattr(args, "query", None) == "ages"
    explain = args.command == "validate" and bool(getattr(args, "explain", False))
    ds = load(*args.paths, year=args.year, mapping=mapping, aliases=args.aliases, cache=not named,
              lineage=args.lineage, explain=explain, **reading)
    if args.command == "validate":
        if explain:
            sys.stdout.write("CÁCH ĐỌC TỪNG TỆP\n\n" + ds.explanation + "\n")
        if args.json:
            report = {"ok": ds.ok, "files": ds.files, "issues": ds.issues.to_dict(orient="records"),
                      "accounts": ds.accounts.to_dict(orient="records")}
            print(json.dumps(report, ensure_ascii=False, default=str))
        else:
            from .build import validation_report

            sys.stdout.write(validation_report(ds))
        return 0 if ds.ok else 1
    if not ds.ok:
        from .issues import issue_lines

        print("\n".join(issue_lines(ds.issues)), file=sys.stderr)
        print(f"Dừng: dữ liệu có {len(ds.errors)} lỗi (xem trên); chạy 'khoi-analysis validate' để xem báo cáo đầy đủ.",
              file=sys.stderr)
        return 1
    if args.year is not None and args.year not in ds.years:
        years = ", ".join(map(str, ds.years)) or "không có"
        print(f"LỖI: không có dữ liệu năm {args.year} (các năm có dữ liệu: {years})", file=sys.stderr)
        return 1
    if args.command == "summary":
        from .config import load_settings
        from .outputs.summary import period_summary, summary_text, year_summary

        if args.quy:
            label = f"{args.year or (ds.years[-1] if ds.years else '')}-Q{args.quy}"
            if label not in ds.quarters:
                print(f"Lỗi: không có kết quả đánh giá quý {args.quy} năm {label[:4]} trong dữ liệu (các kỳ có: "
                      f"{', '.join(ds.periods) or 'không có'})", file=sys.stderr)
                return 1
            s = period_summary(ds, label)
        else:
            s = year_summary(ds, args.year)
        print(json.dumps(s, ensure_ascii=False, indent=2) if args.json else
              summary_text(s, load_settings(args.config, args.paths)))
        return 0
    if args.command == "members":
        return _members(args, ds)
    if args.command == "tccs":
        return _tccs(args, ds)
    if args.command == "charts":
        from . import config
        from .build import make_charts

        out = args.out or config.FIGURES_DIR
        written = make_charts(ds, out, args.last if args.last is not None else args.year, first=args.first,
                              settings=config.load_settings(args.config, args.paths))
        for p in written:
            print(p)
        return 0
    raise _UsageError(f"lệnh không rõ: {args.command}")

# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 0.0 — Quy trình làm việc
#
# Các notebook đọc dữ liệu từ `data/raw/` (không bao giờ ghi vào đó) và ghi kết quả vào `data/processed/`.
# Mọi phép tính nằm trong thư viện `khoi_analysis`; notebook chỉ gọi và trình bày.
#
# | Notebook | Đọc | Ghi / cho ra |
# |---|---|---|
# | 1.0 Nạp và kiểm tra dữ liệu | `data/raw/` | báo cáo lỗi, cảnh báo (tệp, sheet, ô) |
# | 2.0 Xếp loại tổ chức | `data/raw/` | tỷ lệ xếp loại TCCS theo năm, theo loại hình |
# | 3.0 Xếp loại đảng viên | `data/raw/` | tỷ lệ xếp loại đảng viên, người chưa xếp loại theo lý do |
# | 4.0 Chỉ tiêu và khoảng cách | `data/raw/` | từng chỉ tiêu Nghị quyết: kết quả, chênh lệch, đạt/không |
# | 5.0 Biểu đồ hội nghị | `data/raw/` | biểu đồ PNG/SVG trong `data/processed/` |
# | 6.0 Truy vấn đảng viên | `data/raw/` | trả lời câu hỏi riêng (danh sách có tên chỉ khi yêu cầu) |
#
# Ô đầu tiên của mỗi notebook (gắn thẻ `parameters`) chứa năm, thư mục dữ liệu và thư mục kết quả: đổi ở đó
# (hoặc chạy bằng papermill với `-p nam 2022`) để làm cho năm khác mà không sửa mã; mặc định (`nam = None`) là
# năm mới nhất có dữ liệu, như `khoi-analysis build`.

# %% tags=["parameters"]
nam = None  # năm báo cáo (None: năm mới nhất có dữ liệu, như khoi-analysis build)
thu_muc_du_lieu = "../data/raw"
thu_muc_ket_qua = "../data/processed"

# %% [markdown]
# Dữ liệu hiện có: các tệp, các năm, và số dòng mỗi bảng.

# %%
import khoi_analysis as ka

ds = ka.load(thu_muc_du_lieu)
nam = nam or max(ds.years)  # năm báo cáo
print(f"{len(ds.files)} tệp; các năm: {min(ds.years)}–{max(ds.years)}; năm báo cáo: {nam}")
print(f"TCCS: {ka.fmt_int(len(ds.orgs))} dòng; đảng viên: {ka.fmt_int(len(ds.members))} dòng; "
      f"kết nạp: {ka.fmt_int(len(ds.admissions))}; chỉ tiêu: {ka.fmt_int(len(ds.targets))}")

# %% [markdown]
# Cùng số liệu từ dòng lệnh: `khoi-analysis summary --year 2021` (hoặc `make charts` để dựng tất cả).

# %%
print(ka.summary_text(ka.year_summary(ds, nam)))

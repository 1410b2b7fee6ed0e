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
# # 5.0 — Biểu đồ cho hội nghị
#
# Vẽ các biểu đồ ngay trong notebook để xem, rồi ghi toàn bộ (PNG 220 dpi và SVG), bài trình chiếu và
# bảng Excel vào thư mục kết quả — đúng những tệp mà `khoi-analysis build --year <năm>` (và `--from <năm đầu>`)
# tạo ra.

# %% tags=["parameters"]
nam = None  # năm báo cáo (None: năm mới nhất có dữ liệu): năm cuối cùng vào biểu đồ, trình chiếu, bảng
tu_nam = None  # năm đầu tiên hiển thị (None: năm sớm nhất có dữ liệu)
thu_muc_du_lieu = "../data/raw"
thu_muc_ket_qua = "../data/processed"

# %%
from pathlib import Path

import matplotlib.pyplot as plt

import khoi_analysis as ka

ds = ka.load(thu_muc_du_lieu)
nam = nam or max(ds.years)  # năm báo cáo
ds = ds.span(tu_nam, nam)  # chỉ các năm tu_nam–nam
du_lieu = ka.yearly_frames(ds)

# %% [markdown]
# ## Cơ cấu xếp loại TCCS và đảng viên qua các năm

# %%
with ka.use_style():
    fig, ax = plt.subplots(layout="constrained")
    ka.plot_rating_distribution(du_lieu["orgs"], title="Kết quả xếp loại chất lượng TCCS đảng", ax=ax)
    plt.show()

# %%
with ka.use_style():
    fig, ax = plt.subplots(layout="constrained")
    ka.plot_rating_distribution(du_lieu["members"], title="Kết quả xếp loại chất lượng đảng viên", ax=ax)
    plt.show()

# %% [markdown]
# ## Kết nạp đảng viên so với chỉ tiêu

# %%
with ka.use_style():
    fig, ax = plt.subplots(layout="constrained")
    ka.plot_admissions(du_lieu["admissions"], title="Kết nạp đảng viên mới so với chỉ tiêu", ax=ax)
    plt.show()

# %% [markdown]
# ## Ghi tất cả biểu đồ vào thư mục kết quả
# Tên tệp theo nội dung; mỗi biểu đồ có bản PNG (dán vào slide) và SVG (phóng to không vỡ).

# %%
for tep in ka.make_charts(ds, Path(thu_muc_ket_qua) / "bieu_do", nam):
    print(tep)

# %% [markdown]
# ## Bài trình chiếu, bảng Excel và đoạn báo cáo
# Bài trình chiếu 16:9 có câu nhận định tính từ dữ liệu dưới mỗi biểu đồ; các biểu đồ cơ cấu, kết nạp và theo
# loại hình là biểu đồ PowerPoint gốc, sửa được màu, chữ.

# %%
for tep in ka.write_conference_outputs(ds, thu_muc_ket_qua, nam):
    print(tep)
print(ka.report_paragraph(ka.year_summary(ds, nam)))

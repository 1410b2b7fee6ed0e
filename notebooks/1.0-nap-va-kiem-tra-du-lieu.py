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
# # 1.0 — Nạp và kiểm tra dữ liệu
#
# Đọc mọi bảng tính trong thư mục dữ liệu, rồi xem danh sách vấn đề: **lỗi** (phải sửa trước khi dùng số
# liệu) và **cảnh báo** (vẫn dùng được, nên xem lại). Mỗi vấn đề chỉ rõ tệp, sheet và ô.

# %% tags=["parameters"]
nam = 2021
thu_muc_du_lieu = "../data/raw"
thu_muc_ket_qua = "../data/processed"

# %%
import khoi_analysis as ka

ds = ka.load(thu_muc_du_lieu)
print(f"Đọc {len(ds.files)} tệp: {len(ds.errors)} lỗi, {len(ds.warnings)} cảnh báo")

# %% [markdown]
# ## Các vấn đề tìm thấy
# Bảng trống nghĩa là dữ liệu sạch. Sửa lỗi ngay trong tệp gốc của đơn vị rồi chạy lại notebook.

# %%
ka.vi_table(ds.issues)

# %% [markdown]
# ## Không hàng nào bị bỏ sót
# Mỗi sheet: số hàng đọc = số hàng nạp + loại trừ (dòng tổng, dòng nhóm, chữ ký) + bị từ chối (có lý do ở
# bảng trên).

# %%
ds.accounts.assign(file=ds.accounts["file"].map(lambda p: p.rsplit("/", 1)[-1]))

# %% [markdown]
# ## Số liệu năm được chọn đã sẵn sàng?

# %%
print("Dữ liệu dùng được." if ds.ok else "Còn lỗi: sửa trước khi báo cáo.")
print(f"Năm {nam}: {int((ds.orgs['year'] == nam).sum())} TCCS, {int((ds.members['year'] == nam).sum())} đảng viên")

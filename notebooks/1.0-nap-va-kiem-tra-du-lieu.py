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
nam = None  # năm báo cáo (None: năm mới nhất có dữ liệu, như khoi-analysis build)
thu_muc_du_lieu = "../data/raw"
thu_muc_ket_qua = "../data/processed"

# %%
import khoi_analysis as ka

ds = ka.load(thu_muc_du_lieu)
nam = nam or max(ds.years)  # năm báo cáo
ds

# %% [markdown]
# ## Các vấn đề tìm thấy
# Lỗi phải sửa ngay trong tệp gốc của đơn vị, rồi chạy lại notebook; cảnh báo và ghi chú (ví dụ quy tắc 20%)
# là để rà soát.

# %%
ka.vi_show(ds.issues, empty="Không có vấn đề nào: dữ liệu sạch.")

# %% [markdown]
# ## Không hàng nào bị bỏ sót
# Mỗi sheet: số hàng đọc = số hàng nạp + loại trừ (dòng tổng, dòng nhóm, chữ ký) + bị từ chối (có lý do ở
# bảng trên).

# %%
ka.vi_show(ds.accounts.assign(file=ds.accounts["file"].map(lambda p: p.rsplit("/", 1)[-1])))

# %% [markdown]
# ## Số liệu năm được chọn đã sẵn sàng?

# %%
print("Dữ liệu dùng được." if ds.ok else "Còn lỗi: sửa trước khi báo cáo.")
print(f"Năm {nam}: {ka.fmt_int((ds.orgs['year'] == nam).sum())} TCCS, "
      f"{ka.fmt_int((ds.members['year'] == nam).sum())} đảng viên")

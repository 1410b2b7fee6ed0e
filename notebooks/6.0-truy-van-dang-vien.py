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
# # 6.0 — Truy vấn dữ liệu đảng viên
#
# Mẫu cho các câu hỏi hay gặp. Dữ liệu đảng viên là **dữ liệu cá nhân** (Luật Bảo vệ dữ liệu cá nhân
# 91/2025/QH15): mặc định kết quả chỉ có mã đảng viên; chỉ đặt `hien_ten = True` khi thật sự cần danh sách
# có tên, và không gửi danh sách đó ra ngoài.

# %% tags=["parameters"]
nam = None  # năm báo cáo (None: năm mới nhất có dữ liệu, như khoi-analysis build)
thu_muc_du_lieu = "../data/raw"
thu_muc_ket_qua = "../data/processed"
to_chuc = "Sở Tài chính"  # một phần tên TCCS, không cần đúng hoa thường hay dấu "Đảng bộ"/"Chi bộ"
so_nam_lien = 5
hien_ten = False

# %%
import khoi_analysis as ka

# họ tên, ngày sinh không bao giờ nằm trong bộ nhớ đệm: truy vấn theo tuổi, theo tên thì đọc lại tệp gốc
ds = ka.load(thu_muc_du_lieu, cache=False)
nam = nam or max(ds.years)  # năm báo cáo

# %% [markdown]
# ## Đảng viên của một TCCS trong năm

# %%
ka.vi_show(ka.members_of(ds.members, to_chuc, nam, with_names=hien_ten), level_names=True)

# %% [markdown]
# ## Hoàn thành xuất sắc nhiệm vụ nhiều năm liền (đề nghị khen thưởng)

# %%
cac_nam = range(nam - so_nam_lien + 1, nam + 1)
lien = ka.streak(ds.members, min(cac_nam), max(cac_nam), "HTXSNV", with_names=hien_ten)
print(f"{len(lien)} đảng viên hoàn thành xuất sắc nhiệm vụ {so_nam_lien} năm liền ({min(cac_nam)}–{max(cac_nam)})")
ka.vi_show(lien)

# %% [markdown]
# ## Đảng viên chưa xếp loại, theo lý do

# %%
ka.vi_show(ka.unrated_by_reason(ds.members, nam))

# %% [markdown]
# ## Xếp loại thay đổi thế nào từ năm trước sang năm nay
# Hàng: xếp loại năm trước; cột: năm nay. Chỉ tính đảng viên được xếp loại cả hai năm.

# %%
ka.vi_show(ka.matrix_table(ka.transition_matrix(ds.members, nam - 1, nam)))

# %%
ka.vi_show(ka.matrix_table(ka.transition_matrix(ds.members, nam - 1, nam, org=to_chuc)))

# %% [markdown]
# ## Xếp loại của TCCS qua các năm, và đảng viên theo độ tuổi

# %%
ka.vi_show(ka.org_history(ds.orgs, to_chuc), level_names=True)

# %%
ka.vi_show(ka.matrix_table(ka.age_bands(ds.members, nam)))

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
# # 3.0 — Xếp loại đảng viên
#
# Tỷ lệ tính trên số đảng viên **được đánh giá, xếp loại**: đảng viên miễn công tác và sinh hoạt đảng, mới
# kết nạp chưa đủ 6 tháng, bị đình chỉ sinh hoạt được đếm riêng. Chỉ có số tổng hợp, không có tên người.

# %% tags=["parameters"]
nam = None  # năm báo cáo (None: năm mới nhất có dữ liệu, như khoi-analysis build)
thu_muc_du_lieu = "../data/raw"
thu_muc_ket_qua = "../data/processed"

# %%
import khoi_analysis as ka

ds = ka.load(thu_muc_du_lieu)
nam = nam or max(ds.years)  # năm báo cáo

# %% [markdown]
# ## Theo năm

# %%
ka.vi_show(ka.shares_by_year(ka.member_rating_counts(ds.member_counts)))

# %% [markdown]
# ## Đảng viên chưa được xếp loại, theo lý do

# %%
ka.vi_show(ka.unrated_by_reason(ds.members, nam))

# %% [markdown]
# ## Theo loại hình tổ chức

# %%
theo_loai = ka.rating_shares(ka.member_rating_counts(ds.member_counts, by=["org_type", "year"]))
ka.vi_show(theo_loai[theo_loai["year"] == nam][["org_type", "total", "rated", "good_or_better_pct",
                                                  "excellent_pct"]])

# %% [markdown]
# ## Các TCCS có tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên thấp nhất trong năm

# %%
theo_tccs = ka.rating_shares(ka.member_rating_counts(ds.member_counts, by=["year", "org_name"]))
thap = theo_tccs[theo_tccs["year"] == nam].nsmallest(10, "good_or_better_pct")
ka.vi_show(thap[["org_name", "rated", "good_or_better_pct", "excellent_pct"]])

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
# # 2.0 — Xếp loại tổ chức cơ sở đảng
#
# Tỷ lệ tính trên số TCCS **được đánh giá, xếp loại** (TCCS mới thành lập chưa đủ 6 tháng không tính vào mẫu
# số). "Hoàn thành tốt nhiệm vụ trở lên" = HTTNV + HTXSNV.

# %% tags=["parameters"]
nam = None  # năm báo cáo (None: năm mới nhất có dữ liệu, như khoi-analysis build)
thu_muc_du_lieu = "../data/raw"
thu_muc_ket_qua = "../data/processed"

# %%
import khoi_analysis as ka

ds = ka.load(thu_muc_du_lieu)
nam = nam or max(ds.years)  # năm báo cáo

# %% [markdown]
# ## Theo năm, và thay đổi so với năm trước (điểm %)

# %%
ka.vi_show(ka.shares_by_year(ka.org_rating_counts(ds.orgs)))

# %% [markdown]
# ## Theo loại hình, năm được chọn so với năm trước

# %%
theo_loai = ka.rating_shares(ka.org_rating_counts(ds.orgs, by=["org_type", "year"]))
theo_loai = ka.yoy_change(theo_loai, ["good_or_better_pct"], by="org_type")
ka.vi_show(theo_loai[theo_loai["year"] == nam][["org_type", "rated", "good_or_better_pct",
                                                  "good_or_better_pct_change_pp", "excellent_pct"]])

# %% [markdown]
# ## TCCS chưa được xếp loại, và TCCS thành lập mới

# %%
nam_nay = ds.orgs[ds.orgs["year"] == nam]
ka.vi_show(nam_nay[nam_nay["rating"].isna()][["org_name", "org_type", "unrated_reason"]])

# %%
moi = ka.new_organisations(ds.orgs)
ka.vi_show(moi[moi["new"] > 0])

# %% [markdown]
# ## TCCS không hoàn thành nhiệm vụ hoặc chỉ hoàn thành nhiệm vụ trong năm

# %%
ka.vi_show(nam_nay[nam_nay["rating"] <= "HTNV"][["org_name", "org_type", "rating"]], level_names=True)

# %% [markdown]
# ## TCCS lên, xuống mức xếp loại so với năm trước
# Ma trận: hàng là xếp loại năm trước, cột là năm được chọn; rồi danh sách TCCS đổi mức (xuống mức trước).
# Cùng kết quả từ dòng lệnh: `khoi-analysis tccs transition --from 2020 --to 2021`.

# %%
ka.vi_show(ka.matrix_table(ka.transition_matrix(ds.orgs, nam - 1, nam)))

# %%
ka.vi_show(ka.org_moves(ds.orgs, nam - 1, nam), empty=f"Không TCCS nào đổi mức xếp loại từ {nam - 1} sang {nam}.")

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
# # 4.0 — Chỉ tiêu Nghị quyết và khoảng cách
#
# Mỗi chỉ tiêu: ngưỡng, kết quả (tính từ dữ liệu, hoặc nhập tay trong sheet "Chỉ tiêu" khi không tính được),
# chênh lệch (điểm % với chỉ tiêu tỷ lệ) và đạt hay không. Kết quả so sánh là số đã làm tròn như khi công bố.

# %% tags=["parameters"]
nam = None  # năm báo cáo (None: năm mới nhất có dữ liệu, như khoi-analysis build)
thu_muc_du_lieu = "../data/raw"
thu_muc_ket_qua = "../data/processed"

# %%
import khoi_analysis as ka

ds = ka.load(thu_muc_du_lieu)
nam = nam or max(ds.years)  # năm báo cáo
tom_tat = ka.year_summary(ds, nam)
ct = tom_tat["targets"]
print(f"Năm {nam}: đạt và vượt {ct['met']}/{ct['total']} chỉ tiêu")

# %%
ket_qua = ka.evaluate_targets(ds.targets[ds.targets["year"] == nam],
                              ka.year_actuals(ds.orgs, ds.member_counts, ds.admissions, nam))
ka.vi_show(ket_qua[["target_id", "name", "comparator", "threshold", "unit", "actual", "gap", "met"]])

# %% [markdown]
# ## Những chỉ tiêu chưa đạt, và còn thiếu bao nhiêu

# %%
ka.vi_show(ket_qua[ket_qua["met"] == False][["target_id", "name", "threshold", "unit", "actual", "gap"]],  # noqa: E712
           empty=f"Năm {nam} không có chỉ tiêu nào chưa đạt.")

# %% [markdown]
# ## So với năm trước

# %%
print(ka.summary_text(tom_tat))

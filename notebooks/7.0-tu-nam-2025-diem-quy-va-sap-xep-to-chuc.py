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
# # 7.0 — Từ năm 2025: điểm đánh giá, đánh giá theo quý và sắp xếp tổ chức
#
# Từ kỳ đánh giá năm 2025, việc đánh giá, xếp loại theo **Quy định số 366-QĐ/TW**: mỗi tập thể, cá nhân được
# chấm điểm trên thang 100 điểm (HTXSNV từ 90 điểm, HTTNV từ 70 đến dưới 90, HTNV từ 50 đến dưới 70, KHTNV dưới
# 50) và có đánh giá theo quý. Cũng trong năm 2025, các Đảng bộ Khối kết thúc hoạt động, tỉnh hợp nhất, nhiều
# TCCS hợp nhất, chia tách, đổi tên, chuyển đi hoặc chuyển đến: chuỗi số liệu qua năm 2025 có **điểm gãy**.
#
# Vì vậy "so với năm trước" có hai cách, cả hai đều đúng nếu ghi rõ:
# - **như đã công bố**: mỗi năm tính trên toàn bộ TCCS của năm đó (con số năm trước đã báo cáo);
# - **cùng cơ cấu**: năm trước tính lại trên cơ cấu của năm nay (theo bảng `sap_xep_tccs.csv` đặt cạnh dữ liệu).

# %% tags=["parameters"]
nam = None  # năm báo cáo (None: năm mới nhất có dữ liệu, như khoi-analysis build)
thu_muc_du_lieu = "../data/raw"
thu_muc_ket_qua = "../data/processed"

# %%
import pandas as pd

import khoi_analysis as ka
from khoi_analysis.regimes import regime_for

ds = ka.load(thu_muc_du_lieu)
nam = nam or max(ds.years)  # năm báo cáo

# %% [markdown]
# ## Quy định áp dụng cho từng năm đánh giá

# %%
ka.vi_show(pd.DataFrame({"year": ds.years, "regime": [regime_for(y).name if regime_for(y) else
                                                        "(trước Quy định số 132-QĐ/TW)" for y in ds.years]}))

# %% [markdown]
# ## Điểm đánh giá của TCCS và đảng viên
# Số có điểm, điểm bình quân, trung vị và số lượng theo từng khung điểm (chỉ các năm có chấm điểm). "Xếp loại
# thấp hơn khung điểm": được xếp loại thấp hơn mức mà điểm số đạt tới (do không đủ điều kiện), được phép và
# được đếm riêng.

# %%
ka.vi_show(ka.score_summary(ds.orgs, by=["year"]))

# %%
ka.vi_show(ka.score_summary(ds.members, by=["year"]))

# %% [markdown]
# ### Điểm bình quân theo loại hình TCCS, năm được chọn so với năm trước

# %%
ka.vi_show(ka.score_change(ds.orgs, nam, by="org_type"))

# %% [markdown]
# ## Đánh giá theo quý
# Kết quả đánh giá quý được giữ riêng, **không** cộng vào kết quả năm.

# %%
quy = [p for p in ds.periods if "-Q" in p and p.startswith(str(nam))]
theo_quy = pd.concat(
    [ka.rating_shares(ka.org_rating_counts(ds.period(p).orgs)).assign(period=ka.labels.period_name(p))
     for p in quy], ignore_index=True) if quy else pd.DataFrame()
ka.vi_show(theo_quy[["period", "total", "rated", "HTXSNV", "HTTNV", "HTNV", "KHTNV", "good_or_better_pct",
                     "excellent_pct"]] if quy else theo_quy, empty=f"Không có kết quả đánh giá quý nào của năm {nam}.")

# %% [markdown]
# ## Năm có điểm gãy do sắp xếp tổ chức
# Các năm mà bảng sắp xếp TCCS có hợp nhất, chia tách, chuyển đến hoặc chuyển đi (đổi tên không làm gãy chuỗi):

# %%
diem_gay = ka.structure_breaks(ds)
print("Năm có điểm gãy: " + (", ".join(map(str, diem_gay)) if diem_gay else "không có"))

# %%
sap_xep = ds.lineage.groupby(["year", "kind"]).size().rename("total").reset_index()
sap_xep["kind"] = sap_xep["kind"].map(ka.labels.LINEAGE_KINDS).str.capitalize()
ka.vi_show(sap_xep.rename(columns={"kind": "move"}), empty="Không có bảng sắp xếp TCCS.")

# %% [markdown]
# ## So với năm trước: như đã công bố và cùng cơ cấu
# Cho năm có điểm gãy gần nhất (hoặc năm được chọn nếu không có điểm gãy).

# %%
nam_gay = max([y for y in diem_gay if y <= nam], default=nam)
hai_cach = pd.concat([ka.year_over_year(ds, nam_gay, how="published"),
                      ka.year_over_year(ds, nam_gay, how="like_for_like")], ignore_index=True)
ka.vi_show(hai_cach[["population", "how", "year", "rated", "good_or_better_pct", "rated_previous",
                     "good_or_better_pct_previous", "good_or_better_pct_change_pp", "excellent_pct",
                     "excellent_pct_previous", "excellent_pct_change_pp"]])

# %% [markdown]
# ### TCCS nào được tính khi so sánh cùng cơ cấu, và vì sao

# %%
so_sanh = ka.comparable_orgs(ds.orgs, ds.lineage, nam_gay)
ka.vi_show(so_sanh.groupby(["year", "reason", "included"]).size().rename("total").reset_index())

# %%
for dong in ka.like_for_like_notes(so_sanh, nam_gay):
    print("- " + dong)

# %% [markdown]
# ## Chuỗi nhiều năm, có đánh dấu điểm gãy
# Tỷ lệ hoàn thành tốt nhiệm vụ trở lên qua các năm; đường đứt đoạn đánh dấu năm bắt đầu cơ cấu mới.

# %%
ka.vi_show(ka.shares_by_year(ka.org_rating_counts(ds.orgs)))

# %%
import matplotlib.pyplot as plt

du_lieu = ka.yearly_frames(ds.span(None, nam))
with ka.use_style():
    fig, ax = plt.subplots(layout="constrained")
    ka.plot_rating_distribution(du_lieu["orgs"], title="Kết quả xếp loại chất lượng TCCS đảng", breaks=diem_gay,
                                ax=ax)
    plt.show()

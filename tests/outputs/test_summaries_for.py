"""summaries_for gives, year by year, exactly what year_summary gives: on the sample and on datasets with years
missing, populations absent, a year's members gone."""

import dataclasses

import pytest

from khoi_analysis.outputs.summary import summaries_for, year_summary


def _variants(ds):
    years = ds.years
    middle = years[len(years) // 2]
    yield "sample", ds
    yield "a year missing", type(ds)(
        **{f.name: (getattr(ds, f.name)[getattr(ds, f.name)["year"] != middle]
                    if hasattr(getattr(ds, f.name), "columns") and "year" in getattr(ds, f.name).columns
                    else getattr(ds, f.name)) for f in dataclasses.fields(ds)})
    yield "no members that year", dataclasses.replace(ds, members=ds.members[ds.members["year"] != years[-1]])
    yield "no admissions", dataclasses.replace(ds, admissions=ds.admissions.iloc[0:0])
    yield "first years only", ds.span(None, years[2])


@pytest.mark.parametrize("which", ["sample", "a year missing", "no members that year", "no admissions",
                                   "first years only"])
def test_summaries_for_equals_year_summary_per_year(sample, which):
    ds = dict(_variants(sample))[which]
    fast = summaries_for(ds)
    assert list(fast) == ds.years
    for year in ds.years:
        assert fast[year] == year_summary(ds, year), year


def test_no_two_summaries_share_a_dict(sample):
    def dicts(obj):
        if isinstance(obj, dict):
            yield id(obj)
            for v in obj.values():
                yield from dicts(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from dicts(v)

    fast = summaries_for(sample)
    ids = [i for s in fast.values() for i in dicts(s)]
    assert len(ids) == len(set(ids))  # a caller changing one summary changes no other

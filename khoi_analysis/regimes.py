"""The regulations that govern each review year, as data: which decision applies, how a level is decided
(level text or x-marks; from QĐ 366-QĐ/TW also a 100-point score with bands), its name in reports, and the
cap on excellent ratings (the "20% rule": HTXSNV at most a share of those rated HTTNV) with where it is written.

May import: nothing of ours."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_CAP", "REGIMES", "Cap", "Regime", "excellent_cap", "level_from_score", "regime_for"]


@dataclass(frozen=True)
class Cap:
    """The cap on excellent ratings: the number rated HTXSNV should not exceed `share` × the number rated HTTNV
    (within each TCCS for members, within groups of similar organisations for organisations). A review note,
    never a reason to reject data: real reports exceed it."""

    share: float  # 0.20
    source: str  # where it is written, as a review note names it ("QĐ 132-QĐ/TW, HD 21-HD/BTCTW")
    confirmed: bool = True  # False: not found in the regulation's own text (the source says where it comes from)


# years before any regulation here (before 2018): the figure the office has always checked, with no source
DEFAULT_CAP = Cap(0.20, "", False)


@dataclass(frozen=True)
class Regime:
    code: str  # "366-QĐ/TW"
    name: str  # as reports name it
    first_year: int
    last_year: int | None
    # score bands, best first: (level, lowest score of the band); None when levels are not decided by scores
    bands: tuple[tuple[str, float], ...] | None = None
    cap: Cap | None = None


REGIMES = (
    Regime("132-QĐ/TW", "Quy định số 132-QĐ/TW ngày 08/3/2018 của Bộ Chính trị", 2018, 2022,
           cap=Cap(0.20, "QĐ 132-QĐ/TW, HD 21-HD/BTCTW")),
    Regime("124-QĐ/TW", "Quy định số 124-QĐ/TW ngày 04/10/2023 của Bộ Chính trị", 2023, 2024,
           cap=Cap(0.20, "QĐ 124-QĐ/TW")),
    # the 20% cap is not confirmed in QĐ 366's own text (DOMAIN.md); Nghị định 335/2025/NĐ-CP keeps it for civil
    # servants with the same bands: it stays a review note, naming where it comes from
    Regime("366-QĐ/TW", "Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị", 2025, None,
           (("HTXSNV", 90.0), ("HTTNV", 70.0), ("HTNV", 50.0), ("KHTNV", 0.0)),
           cap=Cap(0.20, "NĐ 335/2025/NĐ-CP đối với công chức; chưa đối chiếu được trong QĐ 366-QĐ/TW",
                   confirmed=False)),
)


def regime_for(year: int | None) -> Regime | None:
    """The regulation that governs a review year (None before 2018 or for no year)."""
    if year is None:
        return None
    for regime in REGIMES:
        if year >= regime.first_year and (regime.last_year is None or year <= regime.last_year):
            return regime
    return None


def excellent_cap(year: int | None) -> Cap:
    """The cap on excellent ratings in force for a review year (DEFAULT_CAP where no regulation here says)."""
    regime = regime_for(year)
    return regime.cap if regime is not None and regime.cap is not None else DEFAULT_CAP


def level_from_score(score: float, regime: Regime) -> str | None:
    """The highest level a score reaches under a regime with bands (conditions can lower it, never raise it)."""
    if regime.bands is None:
        return None
    for level, low in regime.bands:
        if score >= low:
            return level
    return None

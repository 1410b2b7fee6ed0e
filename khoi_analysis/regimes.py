"""The regulations that govern each review year, as data: which decision applies, how a level is decided
(level text or x-marks; from QĐ 366-QĐ/TW also a 100-point score with bands) and its name in reports.

May import: nothing of ours."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["REGIMES", "Regime", "level_from_score", "regime_for"]


@dataclass(frozen=True)
class Regime:
    code: str  # "366-QĐ/TW"
    name: str  # as reports name it
    first_year: int
    last_year: int | None
    # score bands, best first: (level, lowest score of the band); None when levels are not decided by scores
    bands: tuple[tuple[str, float], ...] | None = None


REGIMES = (
    Regime("132-QĐ/TW", "Quy định số 132-QĐ/TW ngày 08/3/2018 của Bộ Chính trị", 2018, 2022),
    Regime("124-QĐ/TW", "Quy định số 124-QĐ/TW ngày 04/10/2023 của Bộ Chính trị", 2023, 2024),
    Regime("366-QĐ/TW", "Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị", 2025, None,
           (("HTXSNV", 90.0), ("HTTNV", 70.0), ("HTNV", 50.0), ("KHTNV", 0.0))),
)


def regime_for(year: int | None) -> Regime | None:
    """The regulation that governs a review year (None before 2018 or for no year)."""
    if year is None:
        return None
    for regime in REGIMES:
        if year >= regime.first_year and (regime.last_year is None or year <= regime.last_year):
            return regime
    return None


def level_from_score(score: float, regime: Regime) -> str | None:
    """The highest level a score reaches under a regime with bands (conditions can lower it, never raise it)."""
    if regime.bands is None:
        return None
    for level, low in regime.bands:
        if score >= low:
            return level
    return None

"""Amounts in words, in the handbook's language: spans of time, experience and pay.

Each is one whole message of the catalogs (never a word with an 's' added), its numbers in the
locale's digits, its plural form chosen by the locale's rules; each is worked out once per
language and amount, as a handbook shows the same few spans and bands on many pages.
"""

from __future__ import annotations

import functools

from handbook.i18n import N_, Language
from handbook.model import Period


@functools.lru_cache(maxsize=8192)  # the same few spans and bands recur
def years(language: Language, value: float) -> str:
    """'1 year', '2.5 years'."""
    return language.ngettext("%(num)s year", "%(num)s years", value)


@functools.lru_cache(maxsize=8192)  # the same few spans and bands recur
def months(language: Language, low: int, high: int) -> str:
    """'6 months', '2 years', '12–24 months' or '1.5–3 years' (long spans in years, to the
    nearest half year)."""
    if low == high:
        if low and low % 12 == 0:
            return years(language, low // 12)
        return language.ngettext("%(num)s month", "%(num)s months", low)
    if high >= 36 or (low % 12 == 0 and high % 12 == 0 and low >= 12):
        low_years, high_years = _half_years(low), _half_years(high)
        return language.ngettext(
            "%(low)s–%(high)s year",
            "%(low)s–%(high)s years",
            _range_count(high_years),
            low=low_years,
            high=high_years,
        )
    return language.ngettext(
        "%(low)s–%(high)s month", "%(low)s–%(high)s months", _range_count(high), low=low, high=high
    )


def _range_count(high: float) -> float:
    """The count a range's plural form is chosen by: its upper end, but a range up to one is
    still many ('0–1 months'), as CLDR's plural ranges have it for the shipped languages."""
    return 2 if high == 1 else high


def _half_years(months: int) -> float:
    value = round(months / 6) / 2
    return int(value) if value == int(value) else value


def money(language: Language, amount: int) -> str:
    """A pay figure in the locale's digits ('32,000'; '32.000' in Spanish)."""
    return language.number(amount)


@functools.lru_cache(maxsize=8192)  # the same few spans and bands recur
def pay(language: Language, currency: str, low: int, high: int | None, period: Period) -> str:
    """A pay band: 'USD 32,000–35,000 per year', 'USD 80,000 or more per month'."""
    values = {"currency": currency, "low": money(language, low)}
    if high is None:
        message = {
            Period.YEAR: N_("%(currency)s %(low)s or more per year"),
            Period.MONTH: N_("%(currency)s %(low)s or more per month"),
            Period.HOUR: N_("%(currency)s %(low)s or more per hour"),
        }[period]
    else:
        values["high"] = money(language, high)
        message = {
            Period.YEAR: N_("%(currency)s %(low)s–%(high)s per year"),
            Period.MONTH: N_("%(currency)s %(low)s–%(high)s per month"),
            Period.HOUR: N_("%(currency)s %(low)s–%(high)s per hour"),
        }[period]
    return language.gettext(message, **values)


@functools.lru_cache(maxsize=8192)  # the same few spans and bands recur
def figures(language: Language, low: int, high: int | None) -> str:
    """A band's figures without currency or period: '32,000–35,000', '80,000 or more'."""
    if high is None:
        return language.gettext("%(low)s or more", low=money(language, low))
    return language.gettext(
        "%(low)s–%(high)s", low=money(language, low), high=money(language, high)
    )

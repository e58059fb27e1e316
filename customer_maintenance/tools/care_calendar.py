"""Calendars for customer care.

Public holidays come from the ``holidays`` package (vacanza/holidays, MIT,
released every few weeks): it computes each country's holidays for any year,
the lunar festivals included, so nothing is seeded by hand. A holiday is named
by its English name as ``holidays`` returns it with language ``en_US``.

Lunar birthdays are converted with ``lunardate`` (PyPI, pure Python, no
dependency, 1900-2099, leap months). ``holidays`` has a Chinese lunisolar
calendar too, but it only holds the dates of a few festivals (new year,
Mid-Autumn, ...), not an arbitrary lunar month and day, so it cannot place a
birthday on lunar 6/18.
"""

import functools
from datetime import timedelta

try:
    import holidays
except ImportError:  # the manifest's external_dependencies require it
    holidays = None
try:
    from lunardate import LunarDate
except ImportError:
    LunarDate = None

HOLIDAY_LANGUAGE = "en_US"
KEY_SEPARATOR = ";"


# ----------------------------------------------------------------------
# Public holidays
# ----------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def country_holidays(country_code, year):
    """{date: (English name, ...)} of the public holidays of a country in a
    year; empty for a country the library does not cover."""
    if not country_code or holidays is None:
        return {}
    try:
        calendar = holidays.country_holidays(
            country_code, years=year, language=HOLIDAY_LANGUAGE
        )
    except NotImplementedError:
        return {}
    return {day: tuple(calendar.get_list(day)) for day in sorted(calendar)}


def holiday_keys(text):
    """The names an occasion accepts: several may be separated by ';'."""
    return [key.strip() for key in (text or "").split(KEY_SEPARATOR) if key.strip()]


def name_matches(name, keys):
    """A holiday's name matches a key when it is the key, or the key followed
    by a qualifier in brackets: "Chinese New Year" matches "Chinese New Year
    (Spring Festival)" and "Chinese New Year (estimated)". A substitute day
    off ("... (observed)") is not the festival and never matches."""
    if "observed" in name.lower():
        return False
    return any(name == key or name.startswith(f"{key} (") for key in keys)


def is_holiday(country_code, day, keys):
    names = country_holidays(country_code, day.year).get(day, ())
    return any(name_matches(name, keys) for name in names)


def holiday_dates(country_code, year, keys):
    """The days of ``year`` on which the holiday falls in the country."""
    return [
        day
        for day, names in country_holidays(country_code, year).items()
        if any(name_matches(name, keys) for name in names)
    ]


def holiday_names(country_code, year):
    return {
        name
        for names in country_holidays(country_code, year).values()
        for name in names
    }


# ----------------------------------------------------------------------
# Chinese lunar calendar
# ----------------------------------------------------------------------


def lunar_to_solar(year, month, day, leap=False):
    """The Gregorian date of a lunar date, or None when it does not exist."""
    try:
        return LunarDate(year, month, day, leap).to_solar_date()
    except ValueError:
        return None


def solar_to_lunar(day):
    """(lunar year, month, day, leap) of a Gregorian date, or None out of range."""
    try:
        lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
    except ValueError:
        return None
    return lunar.year, lunar.month, lunar.day, bool(lunar.is_leap_month)


def has_leap_month(year, month):
    return lunar_to_solar(year, month, 1, True) is not None


def lunar_birthday(year, month, day, leap=False):
    """The Gregorian date on which a lunar birthday is celebrated in lunar
    year ``year``. The rules: a birthday in a leap month is celebrated in
    the ordinary month of that number in the years without that leap month;
    a birthday on the 30th is celebrated on the 29th when the month has only
    29 days. None outside the library's range (1900-2099)."""
    if leap and not has_leap_month(year, month):
        leap = False
    solar = lunar_to_solar(year, month, day, leap)
    if solar is None and day == 30:
        solar = lunar_to_solar(year, month, 29, leap)
    return solar


def lunar_birthdays_on(day):
    """The stored lunar birthdays (month, day, leap) celebrated on the
    Gregorian ``day``: the reverse of :func:`lunar_birthday`."""
    lunar = solar_to_lunar(day)
    if lunar is None:
        return set()
    year, month, lunar_day, leap = lunar
    days = [lunar_day]
    month_ends_today = solar_to_lunar(day + timedelta(days=1))[2] == 1
    if lunar_day == 29 and month_ends_today:
        days.append(30)
    keys = {(month, d, leap) for d in days}
    if not leap and not has_leap_month(year, month):
        keys |= {(month, d, True) for d in days}
    return keys


def lunar_year_of(day):
    lunar = solar_to_lunar(day)
    return lunar[0] if lunar else day.year


def lunar_birthday_in_year(gregorian_year, month, day, leap=False):
    """The first celebration of a lunar birthday in a Gregorian year."""
    for lunar_year in (gregorian_year - 1, gregorian_year):
        solar = lunar_birthday(lunar_year, month, day, leap)
        if solar and solar.year == gregorian_year:
            return solar
    return None


def identify_holiday(days, country_codes):
    """The holiday that falls on every one of ``days`` (dates of several
    years) in the most of ``country_codes``: (name, [codes]), or (None, [])."""
    found = {}
    for code in country_codes:
        common = None
        for day in days:
            names = {
                name.split(" (")[0]
                for name in country_holidays(code, day.year).get(day, ())
                if "observed" not in name.lower()
            }
            common = names if common is None else common & names
        for name in common or ():
            found.setdefault(name, []).append(code)
    if not found:
        return None, []
    name = max(sorted(found), key=lambda n: len(found[n]))
    return name, found[name]

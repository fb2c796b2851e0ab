"""Times in imported reviews: the time zone a document states, and the dates and times it writes.

A time without a zone is never read as UTC on a hunch: when a document gives times but no
zone (neither "All times in UTC" nor a zone after the times themselves), the import of
that file fails with a message saying so. Two different zones in one document fail too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Abbreviations with one meaning in incident write-ups; each is a fixed offset (PST is
# standard time by definition; a document that means "Pacific time" says PT or a region).
ABBREVIATIONS = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
    "BST": 60, "CET": 60, "WEST": 60, "CEST": 120, "EET": 120, "EEST": 180, "MSK": 180,
    "IST": 330, "SGT": 480, "HKT": 480, "JST": 540, "KST": 540,
    "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
    "HST": -600, "AKST": -540, "AKDT": -480, "PST": -480, "PDT": -420, "MST": -420,
    "MDT": -360, "CST": -360, "CDT": -300, "EST": -300, "EDT": -240,
}  # fmt: skip
REGIONS = {"PT": "America/Los_Angeles", "MT": "America/Denver", "CT": "America/Chicago",
           "ET": "America/New_York"}  # fmt: skip

_OFFSET = r"(?:(?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2})"
_NAMED_OFFSET = r"(?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d{2})?"
_ZONE_WORD = r"(?:[A-Z]{1,4}T|UTC|GMT|Z|MSK)"
ZONE = rf"(?:{_OFFSET}|{_ZONE_WORD}|[A-Z][a-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?)"

_STATEMENTS = [
    re.compile(
        rf"(?i:\b(?:all\s+)?(?:times?|timestamps?|dates?)\s+(?:are\s+|is\s+)?(?:shown\s+|listed\s+|given\s+|written\s+)?(?:in\s+)?)(?P<tz>{ZONE})(?![\w/])"
    ),
    re.compile(rf"(?i:\btime\s*-?\s*zone\s*(?:is\s+|[:=]\s*)?)(?P<tz>{ZONE})(?![\w/])"),
]

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ]
    )  # fmt: skip
    for m in names.split()
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\.\d+)?(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?"
_TZ_AFTER = rf"(?:\s*\(?(?P<tz>Z|{_OFFSET}|{_ZONE_WORD})\)?(?![\w/]))?"
# After a bare time a "-11:00" is the end of a range (10:00-11:00), not an offset.
_TZ_AFTER_TIME = rf"(?:\s*\(?(?P<tz>{_NAMED_OFFSET}|{_ZONE_WORD})\)?(?![\w/]))?"
_ISO_DATE = r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})"
_NAMED_DATE = (
    rf"(?:{_MONTH}\s+(?P<mday>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<myear>\d{{4}})"
    rf"|(?P<dday>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<dmonth>[A-Za-z]{{3,9}})\.?,?\s+(?P<dyear>\d{{4}}))"
)
DATE_RE = re.compile(rf"(?i:{_ISO_DATE}|{_NAMED_DATE})")
DATETIME_RE = re.compile(
    rf"(?i:{_ISO_DATE}|{_NAMED_DATE})(?:(?:T|,?\s+(?:at\s+)?|\s*,\s*){_TIME})?{_TZ_AFTER}"
)
TIME_RE = re.compile(rf"(?<![\d:]){_TIME}(?![\d:]){_TZ_AFTER_TIME}")


class TimeError(Exception):
    """The document's times cannot be read without guessing."""


@dataclass(frozen=True)
class Zone:
    name: str  # as written
    tz: tzinfo
    line: int | None  # file line where it was stated

    @property
    def key(self) -> str:
        if isinstance(self.tz, timezone):
            offset = self.tz.utcoffset(None)
            return f"offset:{offset}"
        return f"region:{self.tz}"


def zone_of(text: str) -> tzinfo | None:
    """The tzinfo of a zone as a document writes it, or None when it is not one."""
    text = text.strip()
    if text.upper() in ABBREVIATIONS and (text.isupper() or text == "Z"):
        return timezone(timedelta(minutes=ABBREVIATIONS[text.upper()]))
    if text in REGIONS:
        return ZoneInfo(REGIONS[text])
    m = re.fullmatch(r"(?:UTC|GMT)?\s?([+-])(\d{1,2})(?::?(\d{2}))?", text)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        if minutes > 14 * 60:
            return None
        return timezone(timedelta(minutes=minutes if m.group(1) == "+" else -minutes))
    if "/" in text:
        try:
            return ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError):
            return None
    return None


def stated_zones(lines: list[tuple[int, str]]) -> list[Zone]:
    """Zones a document states for all its times ("All times in UTC", "Timezone: PST")."""
    out = []
    for line_no, text in lines:
        for pattern in _STATEMENTS:
            for m in pattern.finditer(text):
                tz = zone_of(m.group("tz"))
                if tz is not None:
                    out.append(Zone(m.group("tz").strip(), tz, line_no))
    return out


def one_zone(zones: list[Zone]) -> Zone | None:
    """The single zone of a document; TimeError when it names two different ones."""
    distinct: dict[str, Zone] = {}
    for zone in zones:
        distinct.setdefault(zone.key, zone)
    if len(distinct) > 1:
        a, b = list(distinct.values())[:2]
        raise TimeError(
            f"two time zones: {a.name!r} (line {a.line}) and {b.name!r} (line {b.line}); "
            "say which one the times are in and import again"
        )
    return next(iter(distinct.values()), None)


@dataclass
class Stamp:
    """A date and time as written, with the zone written after it, if any."""

    day: date | None
    clock: time | None
    zone: Zone | None
    text: str


def _month(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


def _date_from(m: re.Match[str]) -> date | None:
    try:
        if m.group("year"):
            return date(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
        if m.group("month"):
            month = _month(m.group("month"))
            return date(int(m.group("myear")), month, int(m.group("mday"))) if month else None
        month = _month(m.group("dmonth"))
        return date(int(m.group("dyear")), month, int(m.group("dday"))) if month else None
    except ValueError:
        return None


def _clock_from(m: re.Match[str]) -> time | None:
    if m.group("hour") is None:
        return None
    hour, minute = int(m.group("hour")), int(m.group("minute"))
    ampm = (m.group("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute, int(m.group("second") or 0))


def _zone_from(m: re.Match[str], line: int | None) -> Zone | None:
    name = m.group("tz")
    if not name:
        return None
    tz = zone_of(name)
    return Zone(name.strip(), tz, line) if tz is not None else None


def parse_stamp(text: str, line: int | None = None, at_start: bool = False) -> Stamp | None:
    """The first date-time, date or time in `text` (at its start with `at_start`)."""
    m = DATETIME_RE.search(text)
    if m and (not at_start or m.start() <= 2):
        day = _date_from(m)
        if day is not None:
            return Stamp(day, _clock_from(m), _zone_from(m, line), m.group(0).strip())
    m = TIME_RE.search(text)
    if m and (not at_start or m.start() <= 2):
        clock = _clock_from(m)
        if clock is not None:
            return Stamp(None, clock, _zone_from(m, line), m.group(0).strip())
    return None


def parse_date(text: str) -> date | None:
    m = DATE_RE.search(text)
    return _date_from(m) if m else None


def combine(day: date, clock: time, zone: Zone) -> datetime:
    return datetime.combine(day, clock).replace(tzinfo=zone.tz)


def from_value(value: object) -> datetime | Stamp | None:
    """A front-matter value: an aware datetime as is, anything else as a Stamp to complete."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value
        return Stamp(value.date(), value.time(), None, value.isoformat(sep=" "))
    if isinstance(value, date):
        return Stamp(value, None, None, value.isoformat())
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return parse_stamp(text)
        if parsed.tzinfo is not None:
            return parsed
        return Stamp(parsed.date(), parsed.time(), None, text)
    return None


def iso(value: datetime) -> str:
    """ISO 8601 with `Z` for UTC, seconds kept."""
    if value.utcoffset() == timedelta(0):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()

"""The meeting an unseen report is about: series, edition, date, place, stated counts.

>>> m = find_meeting_facts("The 19th International Meeting of Communist and Workers' Parties "
...                        "was held in Izmir, Turkey, on 18-20 October 2019, with 74 parties "
...                        "from 59 countries.")
>>> (m.series, m.edition, m.date, m.city, m.country, m.parties_stated, m.countries_stated)
("International Meeting of Communist and Workers' Parties", 19, '2019-10-18', 'Izmir', 'TR', 74, 59)
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field

from partygraph.loaders.countries import Gazetteer, gazetteer
from partygraph.loaders.lists import MONTHS
from partygraph.loaders.mentions import series_names

MAX_SENTENCE = 500  # characters either side of a span
MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
          "seventeenth", "eighteenth", "nineteenth"]
ORDINAL_WORDS = {w: i for i, w in enumerate(
    [*_UNITS, *_TEENS, "twentieth", *(f"twenty-{u}" for u in _UNITS), "thirtieth"], start=1)}
ORDINAL = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\b|\b(" + "|".join(
    sorted(ORDINAL_WORDS, key=len, reverse=True)) + r")\b", re.I)
FULL_DATE = re.compile(rf"\b(\d{{1,2}})(?:\s*(?:[-–]|to|and)\s*\d{{1,2}})?(?:st|nd|rd|th)?"
                       rf"\s+(?:of\s+)?{MONTH},?\s+(\d{{4}})\b|\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?"
                       rf"(?:\s*(?:[-–]|to|and)\s*\d{{1,2}})?,?\s+(\d{{4}})\b", re.I)
MONTH_DATE = re.compile(rf"\b{MONTH}\s+(\d{{4}})\b", re.I)
YEAR = re.compile(r"\b(19[2-9]\d|20\d\d)\b")
MEETING_VERBS = re.compile(r"\b(held|took\s+place|met|convened|gathered|hosted|opened|"
                           r"meeting|conference|seminar|session)\b", re.I)
COUNTS = re.compile(r"\b(\d{1,3})\s+(?:[\w'’-]+\s+){0,5}?(?:parties|organi[sz]ations|delegations|"
                    r"forces)(?:\s+and\s+(?:organi[sz]ations|movements))?\s+(?:from|of|representing)"
                    r"\s+(\d{1,3})\s+countries", re.I)
PARTIES_ONLY = re.compile(r"\b(\d{1,3})\s+(?:[\w'’-]+\s+){0,4}?(?:parties|delegations)\b", re.I)
COUNTRIES_ONLY = re.compile(r"\b(?:from|of)\s+(\d{1,3})\s+countries\b", re.I)
GENERIC_SERIES = re.compile(
    r"\b((?:International|European|Regional|World|Latin American|Arab|Balkan|Asian|African)\s+"
    r"(?:Meeting|Conference|Seminar|Forum)\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+(?:and\s+)?)+"
    r"(?:Parties|Organi[sz]ations|Forces))")
PLACE_AFTER = re.compile(r"\b(?:in|at)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
                         r"(?:\s*,\s*([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?))?")


@dataclass
class MeetingFacts:
    """What the text says about its meeting; ``quotes`` maps a field to its sentence."""

    series: str | None = None
    edition: int | None = None
    year: int | None = None
    date: str | None = None
    city: str | None = None
    country: str | None = None
    parties_stated: int | None = None
    countries_stated: int | None = None
    quotes: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("series", "edition", "year", "date", "city",
                                                "country", "parties_stated", "countries_stated")}


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or list line) around a span, as offsets.

    A "sentence" with no break for ``MAX_SENTENCE`` characters is cut there, so
    a text without full stops or newlines costs no more than one with them.

    >>> text = "First one. The 5th meeting met in Oslo. Last."
    >>> s, e = sentence_at(text, 15, 18); text[s:e]
    'The 5th meeting met in Oslo.'
    >>> sentence_at(text, 0, 5)
    (0, 10)
    """
    low, high = max(0, start - MAX_SENTENCE), min(len(text), end + MAX_SENTENCE)
    dot, newline = text.rfind(". ", low, start), text.rfind("\n", low, start)
    left = max(dot + 2 if dot >= 0 else low, newline + 1 if newline >= 0 else low)
    stops = [i for i in (text.find(". ", end, high), text.find("\n", end, high)) if i >= 0]
    right = (min(stops) + 1) if stops else high
    return left, right


def _sentence(text: str, pos: int) -> str:
    start, end = sentence_at(text, pos, pos)
    return text[start:end].strip()


def _meeting_sentences(text: str) -> Callable[[int], bool]:
    """A test whether the sentence around an offset speaks of a meeting; the verbs are
    found in one pass over the text (a search per sentence is slow with many dates)."""
    verbs = [(m.start(), m.end()) for m in MEETING_VERBS.finditer(text)]

    def about_meeting(pos: int) -> bool:
        start, end = sentence_at(text, pos, pos)
        first = bisect_left(verbs, (start,))
        return first < len(verbs) and verbs[first][1] <= end

    return about_meeting


def _series(text: str, extra: list[tuple[str, tuple[str, ...]]]):
    names = [(name, alias) for name, aliases in [*extra, *series_names()]
             for alias in (name, *aliases)]
    best = None
    for name, alias in sorted(names, key=lambda na: -len(na[1])):
        flags = 0 if alias.isupper() else re.I
        match = re.search(rf"(?<![\w-]){re.escape(alias)}(?![\w])", text, flags)
        if match and (best is None or match.start() < best[1].start()):
            best = (name, match)
    if best:
        return best
    match = GENERIC_SERIES.search(text)
    return (" ".join(match.group(1).split()), match) if match else None


def _edition(text: str, start: int, end: int) -> int | None:
    window = text[max(0, start - 90):start]
    found = list(ORDINAL.finditer(window))
    if found:
        last = found[-1]
        return int(last.group(1)) if last.group(1) else ORDINAL_WORDS[last.group(2).lower()]
    after = re.search(r"the\s+(\d{1,3}(?:st|nd|rd|th)|[a-z-]+)\s+(?:of\s+the\s+series|edition|"
                      r"session|such\s+meeting)", text[start:end + 300], re.I)
    if after:
        word = after.group(1).lower()
        if word in ORDINAL_WORDS:
            return ORDINAL_WORDS[word]
        digits = re.match(r"\d+", word)
        return int(digits.group(0)) if digits else None
    return None


def _date(text: str, about_meeting: Callable[[int], bool]):
    for pattern, precision in ((FULL_DATE, "day"), (MONTH_DATE, "month")):
        candidates = list(pattern.finditer(text))
        near = next((m for m in candidates if about_meeting(m.start())), None)
        for match in [near] if near else candidates[:1]:
            groups = [g for g in match.groups() if g]
            if precision == "day":
                if match.group(1):
                    day, month, year = match.group(1), match.group(2), match.group(3)
                else:
                    month, day, year = match.group(4), match.group(5), match.group(6)
                m = MONTHS[month.lower()]
                return int(year), f"{year}-{m:02d}-{int(day):02d}", match
            month, year = groups
            return int(year), f"{year}-{MONTHS[month.lower()]:02d}", match
    year = next((m for m in YEAR.finditer(text) if about_meeting(m.start())), None)
    if year:
        return int(year.group(1)), year.group(1), year
    return None, None, None


# No whitespace run is matched by two quantifiers in a row: that backtracks quadratically.
DATELINE = re.compile(r"^[^\S\n]*([A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+)?)(?:\s*,\s*[A-Za-z]+"
                      r"\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?)?\s*[-–—]\s", re.M)


def _place(text: str, places: Gazetteer, about_meeting: Callable[[int], bool]):
    for match in DATELINE.finditer(text):  # "IZMIR - Delegations of ...", "BEIRUT, March 12 -"
        iso2 = places.city(match.group(1))
        if iso2:
            line_end = text.find("\n", match.start(1))
            return (match.group(1).title(), iso2,
                    text[match.start(1):line_end if line_end > 0 else len(text)].strip())
    for match in PLACE_AFTER.finditer(text):
        if not about_meeting(match.start()):
            continue
        sentence = _sentence(text, match.start())
        city, second = match.group(1), match.group(2)
        iso2 = places.city(city)
        if second:
            country = places.resolve(second).iso2
            if country and (iso2 is None or iso2 == country):
                return city, country, sentence
        if iso2:
            return city, iso2, sentence
    return None, None, None


def find_meeting_facts(text: str, places: Gazetteer | None = None,
                       series: list[tuple[str, tuple[str, ...]]] | None = None) -> MeetingFacts:
    """Read the meeting's facts; ``series`` adds known (name, aliases) to the reference list."""
    places = places or gazetteer()
    facts = MeetingFacts()
    found = _series(text, series or [])
    if found:
        name, match = found
        facts.series = name
        facts.quotes["series"] = _sentence(text, match.start())
        facts.edition = _edition(text, match.start(), match.end())
    about_meeting = _meeting_sentences(text)
    year, date, match = _date(text, about_meeting)
    if match:
        facts.year, facts.date = year, date
        facts.quotes["date"] = _sentence(text, match.start())
    city, country, sentence = _place(text, places, about_meeting)
    if city:
        facts.city, facts.country = city, country
        facts.quotes["place"] = sentence
    counts = COUNTS.search(text)
    if counts:
        facts.parties_stated, facts.countries_stated = int(counts.group(1)), int(counts.group(2))
        facts.quotes["counts"] = _sentence(text, counts.start())
    else:
        parties = PARTIES_ONLY.search(text)
        countries = COUNTRIES_ONLY.search(text)
        if parties:
            facts.parties_stated = int(parties.group(1))
            facts.quotes["counts"] = _sentence(text, parties.start())
        if countries:
            facts.countries_stated = int(countries.group(1))
    return facts

"""The meeting an unseen report is about: series, edition, date, place, stated counts.

>>> m = find_meeting_facts("The 19th International Meeting of Communist and Workers' Parties "
...                        "was held in Izmir, Turkey, on 18-20 October 2019, with 74 parties "
...                        "from 59 countries.")
>>> (m.series, m.edition, m.date, m.city, m.country, m.parties_stated, m.countries_stated)
("International Meeting of Communist and Workers' Parties", 19, '2019-10-18', 'Izmir', 'TR', 74, 59)
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from partygraph.loaders.countries import Gazetteer, gazetteer
from partygraph.loaders.names import series_names, series_since

# Month names in English, French, Spanish, Portuguese, Italian, German and Czech (with
# the Czech genitive: "8. června 2019").
_MONTH_NAMES = [
    "january janvier enero janeiro gennaio januar leden ledna",
    "february février fevrier febrero fevereiro febbraio februar únor února",
    "march mars marzo março marco märz marz březen března",
    "april avril abril aprile duben dubna",
    "may mai mayo maio maggio květen května",
    "june juin junio junho giugno juni červen června",
    "july juillet julio julho luglio juli červenec července",
    "august août aout agosto srpen srpna",
    "september septembre septiembre setiembre setembro settembre září",
    "october octobre octubre outubro ottobre oktober říjen října",
    "november novembre noviembre novembro listopad listopadu",
    "december décembre decembre diciembre dezembro dicembre dezember prosinec prosince",
]
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1)
          for name in names.split()}
ORDINAL_TITLE = re.compile(
    r"(?P<ordinal>(?<!\d)(?P<n>\d+)(?:st|nd|rd|th))\s+(?P<series>International\s+"
    r"(?:Conference|Meeting|Seminar)\s+of\s+(?:[A-Z][\w'’-]*\s+)*?"
    r"(?:Parties|Organi[sz]ations)(?:\s+and\s+(?:[A-Z][\w'’-]*\s+)*?(?:Parties|Organi[sz]ations))?)"
)
LIST_CITY = re.compile(r"\bat the (?P<city>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) "
                       r"(?:Conference|Meeting|Seminar)\b")
MONTH_DATELINE = re.compile(r"^(?P<city>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?), (?P<month>[A-Z][a-z]+) "
                            r"(?P<year>\d{4})\s*$", re.M)

MAX_SENTENCE = 500  # characters either side of a span
STOP = re.compile(r"(?<!\d)\. ")
MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
          "seventeenth", "eighteenth", "nineteenth"]
ORDINAL_WORDS = {w: i for i, w in enumerate(
    [*_UNITS, *_TEENS, "twentieth", *(f"twenty-{u}" for u in _UNITS), "thirtieth"], start=1)}
ORDINAL = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\b|\b(" + "|".join(
    sorted(ORDINAL_WORDS, key=len, reverse=True)) + r")\b", re.I)
_DAY_END = r"(?:st|nd|rd|th|er|º|\.)?"
_RANGE = r"(?:\s*(?:[-–]|to|and|au|al|et|y|e|bis|až|a)\s*\d{1,2}" + _DAY_END + ")?"
FULL_DATE = re.compile(rf"\b(\d{{1,2}}){_DAY_END}{_RANGE}"
                       rf"\s+(?:of\s+|de\s+|di\s+)?{MONTH}\b,?\s+(?:de\s+|del\s+)?(\d{{4}})\b"
                       rf"|\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?"
                       rf"(?:\s*(?:[-–]|to|and)\s*\d{{1,2}})?,?\s+(\d{{4}})\b", re.I)
MONTH_DATE = re.compile(rf"\b{MONTH}\s+(?:de\s+|del\s+)?(\d{{4}})\b", re.I)
YEAR = re.compile(r"\b(19[2-9]\d|20\d\d)\b")
MEETING_VERBS = re.compile(r"\b(held|took\s+place|met|convened|gathered|hosted|opened|"
                           r"meeting|conference|seminar|session|tenue?|réuni|rencontre|réunion|"
                           r"celebr[óa]d?[ao]?|reuni[óo]n?|encuentro|realiz(?:ou|ada|ado|ó)|"
                           r"encontro|reunião|svolt[oa]|tenut[oa]|incontro|riunione|fand|"
                           r"Treffen|Konferenz|Tagung|konal[oa]?|setkání|konference|schůzka)\b",
                           re.I)
COUNTS = re.compile(r"\b(\d{1,3})\s+(?:[\w'’-]+\s+){0,5}?(?:parties|organi[sz]ations|delegations|"
                    r"forces)(?:\s+and\s+(?:organi[sz]ations|movements))?\s+(?:from|of|representing)"
                    r"\s+(\d{1,3})\s+countries", re.I)
PARTIES_ONLY = re.compile(r"\b(\d{1,3})\s+(?:[\w'’-]+\s+){0,4}?(?:parties|delegations)\b", re.I)
WORKING_GROUP = re.compile(r"\b(?:Working\s+Group|preparatory\s+(?:meeting|committee)|Grupo\s+de\s+"
                           r"Trabajo|groupe\s+de\s+travail|Gruppo\s+di\s+lavoro|Arbeitsgruppe|"
                           r"pracovní\s+skupin\w*)\b(?:\s+of|\s+de|\s+del|\s+des|\s+der)?"
                           r"(?:\s+the|\s+la|\s+l’|\s+l')?\s*$", re.I)
MEMBERS_BEFORE = re.compile(r"\b(?:consists?\s+of|members?|membership|brings\s+together)\W*$", re.I)
COUNTRIES_ONLY = re.compile(r"\b(?:from|of)\s+(\d{1,3})\s+countries\b", re.I)
GENERIC_SERIES = re.compile(
    r"\b((?:International|European|Regional|World|Latin American|Arab|Balkan|Asian|African)\s+"
    r"(?:Meeting|Conference|Seminar|Forum)\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+(?:and\s+)?)+"
    r"(?:Parties|Organi[sz]ations|Forces))")
PLACE_AFTER = re.compile(r"\b(?:in|at|à|en|em|a|na|no|nel|nella|ve?)\s+"
                         r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
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
    ordinal: str | None = None  # the edition as written in a title: "2nd"
    body: str | None = None  # a meeting of the series' Working Group is its own meeting

    def name(self) -> str:
        """The conference's canonical name.

        >>> MeetingFacts("International Communist Seminar", city="Brussels", year=1996).name()
        'International Communist Seminar (Brussels, 1996)'
        """
        place = ", ".join(str(x) for x in (self.city, self.year) if x)
        head = f"{self.ordinal} {self.series}" if self.ordinal else self.series
        if self.body:
            head = f"{self.body} of the {self.series}"
        return f"{head} ({place})" if place else str(head)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("series", "body", "edition", "year", "date", "city",
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
    dot, newline = _last_stop(text, low, start), text.rfind("\n", low, start)
    left = max(dot + 2 if dot >= 0 else low, newline + 1 if newline >= 0 else low)
    stop = STOP.search(text, end, high)
    stops = [i for i in (stop.start() if stop else -1, text.find("\n", end, high)) if i >= 0]
    right = (min(stops) + 1) if stops else high
    return left, right


def _last_stop(text: str, low: int, high: int) -> int:
    """The last full stop before ``high`` ("8. Juni", "8. června": a day, not a stop)."""
    dot = text.rfind(". ", low, high)
    while dot > low and text[dot - 1].isdigit():
        dot = text.rfind(". ", low, dot)
    return dot


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
                       series: list[tuple[str, tuple[str, ...]]] | None = None, *,
                       heading: str | None = None, subject: str | None = None) -> MeetingFacts:
    """Read the meeting's facts: the one meeting reader of ``build`` and ``extract``.

    ``series`` adds known (name, aliases) to the reference list; ``heading`` is the
    heading of the list being attached ("... at the Paris Conference:" picks the
    Paris dateline); ``subject`` (the catalog's) names the series when the text
    does not. An ordinal title ("2nd International Conference of ...") and a
    dateline line ("Paris, September 1995") outrank dates and places in prose.
    """
    places = places or gazetteer()
    series = tuple((name, tuple(aliases)) for name, aliases in series or ())
    # a document's lists ask for its meeting again and again: it is read once per city
    return copy.deepcopy(_read_meeting(text, places, series, heading_city(heading), subject))


@lru_cache(maxsize=16)
def _read_meeting(text: str, places: Gazetteer, series: tuple, city: str | None,
                  subject: str | None) -> MeetingFacts:
    facts = MeetingFacts()
    title = ORDINAL_TITLE.search(text)
    found = _series(text, list(series))
    if title:
        facts.series = " ".join(title.group("series").split())
        facts.edition, facts.ordinal = int(title.group("n")), title.group("ordinal")
        facts.quotes["series"] = title.group(0)
    elif found:
        name, match = found
        facts.series = name
        facts.quotes["series"] = _sentence(text, match.start())
        if WORKING_GROUP.search(text, max(0, match.start() - 60), match.start()):
            facts.body = "Working Group"  # its ordinal, if any, is the meeting it prepares
        else:
            facts.edition = _edition(text, match.start(), match.end())
    elif subject:
        facts.series = subject
    about_meeting = _meeting_sentences(text)
    dateline = _dateline(text, city)
    if dateline:
        facts.city, facts.year = dateline.group("city"), int(dateline.group("year"))
        facts.date = f"{facts.year}-{MONTHS[dateline.group('month').lower()]:02d}"
        facts.country = places.city(facts.city)
        facts.quotes["date"] = facts.quotes["place"] = dateline.group(0).strip()
    else:
        year, date, match = _date(text, about_meeting)
        if match:
            facts.year, facts.date = year, date
            facts.quotes["date"] = _sentence(text, match.start())
        city, country, sentence = _place(text, places, about_meeting)
        if city:
            facts.city, facts.country = city, country
            facts.quotes["place"] = sentence
    began = series_since().get(facts.series or "")
    if began and facts.year and facts.year < began:  # a 1969 meeting is not in a 1998 series
        facts.series, facts.edition, facts.ordinal = subject, None, None
        facts.quotes.pop("series", None)
    _count(text, facts)
    return facts


def heading_city(heading: str | None) -> str | None:
    """The city a list heading names: "... at the Paris Conference:" -> "Paris"."""
    city = LIST_CITY.search(heading or "")
    return city.group("city") if city else None


def _dateline(text: str, city: str | None) -> re.Match | None:
    """A "City, Month YYYY" line: the one of the heading's city ("at the Paris Conference"),
    else the first."""
    lines = [m for m in MONTH_DATELINE.finditer(text) if m.group("month").lower() in MONTHS]
    if city:
        return next((m for m in lines if m.group("city") == city), None)
    return lines[0] if lines else None


def _count(text: str, facts: MeetingFacts) -> None:
    """Stated counts of parties and countries; a count of members is not attendance."""
    counts = next((m for m in COUNTS.finditer(text) if not MEMBERS_BEFORE.search(
        text, max(0, m.start() - 40), m.start()) and "member" not in m.group(0).lower()), None)
    if counts:
        facts.parties_stated, facts.countries_stated = int(counts.group(1)), int(counts.group(2))
        facts.quotes["counts"] = _sentence(text, counts.start())
    else:
        parties = PARTIES_ONLY.search(text)
        countries = COUNTRIES_ONLY.search(text)
        if parties and "member" not in parties.group(0).lower():
            facts.parties_stated = int(parties.group(1))
            facts.quotes["counts"] = _sentence(text, parties.start())
        if countries:
            facts.countries_stated = int(countries.group(1))

"""Structured parts of documents, parsed: participant lists and dated lists.

Recognized shapes (headings are matched case-insensitively):

* ``List of parties and organizations that participated at the Paris Conference:``
  followed by one name per line -> ATTENDED, role ``participant``;
* ``Messages of support have been sent by:`` -> role ``supporter``;
* ``Observers:`` -> role ``observer``;
* ``Participating parties`` (a heading) -> participants; an empty list yields nothing;
* ``• 1996: theme`` lines under a heading naming a series -> one Conference per year.

The meeting a list belongs to is read from the document: an ordinal title
("2nd International Conference of ..."), the list heading's city ("at the
Paris Conference"), a dateline ("Paris, September 1995"); the catalog's
``subject`` names the series when the text does not.

>>> items = parse_lists("Observers:\\n\\nParty A\\nParty B\\n\\nEnd.")
>>> [(x.role, [i.text for i in x.items]) for x in items]
[('observer', ['Party A', 'Party B'])]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from partygraph.loaders.corpus import Document
from partygraph.loaders.registry import loader
from partygraph.loaders.resolve import Resolver
from partygraph.records import Batch, Edge, Node, Note, Origin

MONTHS = {month: number for number, month in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
HEADINGS = [
    # The verb is looked ahead for, once: "[^\n]*?verb[^\n]*:" backtracks quadratically.
    ("participant", re.compile(
        r"^(?:the )?list of (?:the )?(?:parties|participants|organi[sz]ations)"
        r"(?=[^\n]*?(?:participated|took part|attended|present))[^\n]*:\s*$", re.I | re.M)),
    ("participant", re.compile(
        r"^participating (?:parties|organi[sz]ations)(?: and organi[sz]ations)?(?:\s*:)?\s*$",
        re.I | re.M)),
    ("supporter", re.compile(
        r"^messages? of (?:support|solidarity|greetings?) (?:have been|has been|were|was) "
        r"sent by\s*:\s*$", re.I | re.M)),
    ("observer", re.compile(r"^observers?\s*:\s*$", re.I | re.M)),
]
ORDINAL_TITLE = re.compile(
    r"(?P<ordinal>(?<!\d)(?P<n>\d+)(?:st|nd|rd|th))\s+(?P<series>International\s+"
    r"(?:Conference|Meeting|Seminar)\s+of\s+(?:[A-Z][\w'’-]*\s+)*?"
    r"(?:Parties|Organi[sz]ations)(?:\s+and\s+(?:[A-Z][\w'’-]*\s+)*?(?:Parties|Organi[sz]ations))?)"
)
LIST_CITY = re.compile(r"\bat the (?P<city>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) "
                       r"(?:Conference|Meeting|Seminar)\b")
DATELINE = re.compile(r"^(?P<city>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?), (?P<month>[A-Z][a-z]+) "
                      r"(?P<year>\d{4})\s*$", re.M)
# The theme ends at the line's last character that is not a space: a lazy "[^\n]*?" before
# "[ \t]*$" tried every position of a run of spaces, quadratically.
DATED_ITEM = re.compile(r"^[ \t]*[•\-*·][ \t]*(?P<line>(?P<year>\d{4})[ \t]*[:–-][ \t]*"
                        r"(?P<theme>\S(?:[^\n]*[^ \t\n])?))[ \t]*$", re.M)
MEETING_WORDS = re.compile(r"\b(conference|seminar|meeting|congress)s?\b", re.I)
BULLET = re.compile(r"^[ \t]*(?:[•\-*·]|\d+[.)])[ \t]*")
LINE = re.compile(r"[^\n]*(?:\n|$)")
MAX_ITEM = 160
MAX_SERIES_WORDS = 12  # no series is named in more words than this


@dataclass
class Item:
    """One entry of a list: its text and where it starts in the document."""

    text: str
    offset: int


@dataclass
class ParsedList:
    """A list found in a document: its role, heading and items."""

    role: str
    heading: str
    offset: int
    items: list[Item] = field(default_factory=list)


def parse_lists(text: str) -> list[ParsedList]:
    """Find role lists: a recognized heading, then one name per line.

    Blank lines before the first item are skipped; the list ends at the first
    blank line after it, or at a line that reads like prose or a heading.
    """
    found = []
    for role, pattern in HEADINGS:
        for match in pattern.finditer(text):
            parsed = ParsedList(role, match.group(0).strip(), match.start())
            pos = match.end()
            for line_match in LINE.finditer(text, pos):
                raw = line_match.group(0)
                if not raw:
                    break
                line = raw.rstrip("\n").strip()
                start = line_match.start() + raw.index(line) if line else 0
                if not line:
                    if parsed.items:
                        break
                    continue
                if _ends_list(line, text, parsed):
                    break
                body = BULLET.sub("", line).rstrip(",;.").strip()
                if any(ch.isalnum() for ch in body):  # a bare bullet or "..." names nobody
                    parsed.items.append(Item(body, text.index(body, start)))
            found.append(parsed)
    return sorted(found, key=lambda p: p.offset)


def _ends_list(line: str, text: str, parsed: ParsedList) -> bool:
    if len(line) > MAX_ITEM or line.endswith(":"):
        return True
    if re.search(r"[.!?]\s+[A-Z]", line):  # two sentences: prose
        return True
    return bool(re.match(r"^(click|return|back|see|source|next|previous)\b", line, re.I))


@dataclass
class Meeting:
    """What a document says about the meeting its lists belong to."""

    series: str
    series_quote: str | None
    edition: int | None = None
    ordinal: str | None = None
    city: str | None = None
    year: int | None = None
    date: str | None = None
    date_quote: str | None = None

    def name(self) -> str:
        """The conference's canonical name.

        >>> Meeting("International Communist Seminar", None, city="Brussels", year=1996).name()
        'International Communist Seminar (Brussels, 1996)'
        """
        place = ", ".join(str(x) for x in (self.city, self.year) if x)
        head = f"{self.ordinal} {self.series}" if self.ordinal else self.series
        return f"{head} ({place})" if place else head


def find_meeting(doc: Document, heading: str | None = None) -> Meeting | None:
    """The meeting a document reports, read from its text and catalog entry."""
    title, first_dateline, city_datelines = _read_meeting(doc.text)
    meeting: Meeting | None = None
    if title:
        series = " ".join(title.group("series").split())
        meeting = Meeting(series, title.group(0), int(title.group("n")), title.group("ordinal"))
    elif doc.subject:
        meeting = Meeting(doc.subject, None)
    if meeting is None:
        return None
    city = LIST_CITY.search(heading or "")
    if city:
        meeting.city = city.group("city")
    line = first_dateline if meeting.city is None else city_datelines.get(meeting.city)
    if line:
        meeting.city = line.group("city")
        meeting.year = int(line.group("year"))
        meeting.date = f"{meeting.year}-{MONTHS[line.group('month').lower()]:02d}"
        meeting.date_quote = line.group(0).strip()
    return meeting


@lru_cache(maxsize=8)
def _read_meeting(text: str) -> tuple[re.Match | None, re.Match | None, dict[str, re.Match]]:
    """A text's ordinal title, first dateline and first dateline of each city, read once
    for all of its lists."""
    first, by_city = None, {}
    for line in DATELINE.finditer(text):
        if line.group("month").lower() in MONTHS:
            first = first or line
            by_city.setdefault(line.group("city"), line)
    return ORDINAL_TITLE.search(text), first, by_city


def _cite(doc: Document, quote: str, **props) -> dict:
    return {"source": doc.id, "quote": quote, **{k: v for k, v in props.items() if v is not None}}


@loader("lists")
def load_lists(doc: Document, resolver: Resolver) -> Batch:
    """Records for every role list and dated list in ``doc``."""
    batch = Batch()
    lists = parse_lists(doc.text)
    for parsed in lists:
        where = Origin(str(doc.path), doc.line_of(parsed.offset))
        if not parsed.items:
            batch.notes.append(Note("empty-list", f"{parsed.heading!r} lists nobody: "
                                    "no attendance recorded", str(where)))
            continue
        meeting = find_meeting(doc, parsed.heading)
        if meeting is None:
            batch.notes.append(Note("skipped-list", f"{parsed.heading!r}: cannot tell which "
                                    "meeting it belongs to; add `subject:` (the series) to the "
                                    "document's catalog entry", str(where)))
            continue
        conference = _conference(doc, meeting, resolver, batch, where)
        for item in parsed.items:
            _party_item(doc, item, parsed, meeting, conference, resolver, batch)
    batch.extend(_dated_lists(doc, resolver))
    return batch


def _conference(doc: Document, meeting: Meeting, resolver: Resolver, batch: Batch,
                where: Origin) -> Node:
    platform = resolver.resolve("Platform", meeting.series, origin=where)
    if platform.note:
        batch.notes.append(platform.note)
    conf = resolver.resolve("Conference", meeting.name(), origin=where).entity
    props = {"year": meeting.year, "date": meeting.date, "city": meeting.city,
             "edition": meeting.edition}
    node = conf.node(origin=where, **{k: v for k, v in props.items() if v is not None})
    batch.nodes += [node, platform.entity.node(origin=where)]
    evidence = meeting.series_quote or meeting.date_quote
    if evidence:
        batch.edges.append(Edge("PART_OF", node.id, platform.entity.id,
                                _cite(doc, evidence, year=meeting.year), where))
        batch.edges.append(Edge("MENTIONS", doc.id, node.id, _cite(doc, evidence), where))
        batch.edges.append(Edge("MENTIONS", doc.id, platform.entity.id, _cite(doc, evidence),
                                where))
    if meeting.city and meeting.date_quote:
        iso2 = resolver.gazetteer.city(meeting.city)
        if iso2:
            country = resolver.gazetteer.node(iso2)
            batch.nodes.append(country)
            batch.edges.append(Edge("HELD_IN", node.id, country.id, _cite(
                doc, meeting.date_quote, name_in_source=meeting.city,
                resolved_by="city gazetteer"), where))
        else:
            batch.notes.append(Note("unresolved-country", f"city {meeting.city!r} of "
                                    f"{node.name!r} is not in loaders/data/places.yaml",
                                    str(where)))
    return node


def _party_item(doc, item, parsed, meeting, conference, resolver, batch) -> None:
    where = Origin(str(doc.path), doc.line_of(item.offset))
    res = resolver.resolve("Party", item.text, origin=where)
    if res.note:
        batch.notes.append(res.note)
    party = res.entity.node(origin=where)
    batch.nodes.append(party)
    batch.edges.append(Edge("MENTIONS", doc.id, party.id, _cite(doc, item.text), where))
    batch.edges.append(Edge("ATTENDED", party.id, conference.id, _cite(
        doc, item.text, role=parsed.role, context=parsed.heading, year=meeting.year,
        date=meeting.date), where))
    batch.extend(based_in(doc, party, item.text, resolver, where))


def based_in(doc: Document, party: Node, quote: str, resolver: Resolver, where: Origin,
             name: str | None = None) -> Batch:
    """BASED_IN from the country a party's name contains, or a note why not.

    ``name`` is the name as the quote gives it (default: the quote itself).
    """
    batch = Batch()
    found = resolver.gazetteer.find_in(name or quote)
    if found is None:
        batch.notes.append(Note("unresolved-country", f"{party.name!r}: no country in the name",
                                str(where)))
    elif found.iso2 is None:
        options = ", ".join(found.candidates) or "none known"
        batch.notes.append(Note("ambiguous-country" if found.ambiguous else "unresolved-country",
                                f"{party.name!r}: {found.text!r} could be {options}; left "
                                "unresolved", str(where)))
    else:
        country = resolver.gazetteer.node(found.iso2, alias=found.historical)
        batch.nodes.append(country)
        batch.edges.append(Edge("BASED_IN", party.id, country.id, _cite(
            doc, quote, name_in_source=found.text), where))
    return batch


def _dated_lists(doc: Document, resolver: Resolver) -> Batch:
    batch = Batch()
    items = list(DATED_ITEM.finditer(doc.text))
    if not items:
        return batch
    before = doc.text[: items[0].start()].rstrip().splitlines()
    heading = before[-1].strip() if before else ""
    where = Origin(str(doc.path), doc.line_of(items[0].start()))
    if not MEETING_WORDS.search(heading):
        batch.notes.append(Note("skipped-list", f"dated list under {heading!r} does not name "
                                "meetings; not loaded", str(where)))
        return batch
    series = _series_in(heading, resolver) or doc.subject
    if not series:
        batch.notes.append(Note("skipped-list", f"dated list under {heading!r}: no series "
                                "named; add `subject:` to the catalog entry", str(where)))
        return batch
    platform = resolver.resolve("Platform", series, origin=where).entity
    batch.nodes.append(platform.node(origin=where))
    for match in items:
        line_where = Origin(str(doc.path), doc.line_of(match.start()))
        year, quote = int(match.group("year")), match.group("line")
        conf = resolver.resolve("Conference", Meeting(platform.name, None, year=year).name(),
                                origin=line_where).entity
        node = conf.node(origin=line_where, year=year,
                         theme=match.group("theme").rstrip(". "))
        batch.nodes.append(node)
        batch.edges += [
            Edge("PART_OF", node.id, platform.id, _cite(doc, quote, year=year, context=heading),
                 line_where),
            Edge("MENTIONS", doc.id, node.id, _cite(doc, quote), line_where),
        ]
    batch.edges.append(Edge("MENTIONS", doc.id, platform.id, _cite(doc, heading), where))
    return batch


def _series_in(heading: str, resolver: Resolver) -> str | None:
    for phrase in _phrases(heading):
        entity = resolver.find("Platform", phrase)
        if entity is not None:
            return entity.name
    return None


def _phrases(text: str) -> Iterator[str]:
    words = re.findall(r"[\w'’-]+", text)
    for size in range(min(len(words), MAX_SERIES_WORDS), 0, -1):
        for i in range(len(words) - size + 1):
            yield " ".join(words[i : i + size])

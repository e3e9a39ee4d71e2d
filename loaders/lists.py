"""Structured parts of documents, read into records: role lists and dated lists.

Lists are found by :mod:`partygraph.loaders.structure` (by their shape, in
any document); the meeting they belong to by
:func:`partygraph.loaders.meeting.find_meeting_facts`, the same readers
``partygraph extract`` uses. Attendance lists (participants, supporters,
observers) give ATTENDED with the role, hosts ORGANIZED, members MEMBER_OF
the network the heading or catalog names, signatories SIGNED a Declaration;
an absent party is only mentioned. ``• 1996: theme`` lines under a heading
naming a series give one Conference per year. A list the build cannot attach
gets a note with the fix.

>>> from pathlib import Path
>>> from partygraph.loaders.corpus import Document
>>> text = "Observers:\\n\\nParty A of Chile\\nParty B of Peru\\n\\nEnd."
>>> doc = Document("d", Path("d.txt"), text, "t", subject="Some Seminar")
>>> sorted({e.props.get("role") for e in load_lists(doc, Resolver()).edges if e.type == "ATTENDED"})
['observer']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from weakref import WeakKeyDictionary

from partygraph.loaders.corpus import Document
from partygraph.loaders.meeting import MeetingFacts, find_meeting_facts, heading_city
from partygraph.loaders.names import GENERIC, bag, foreign, linkable
from partygraph.loaders.registry import loader
from partygraph.loaders.resolve import Resolver
from partygraph.loaders.structure import Block, Item, read_lists
from partygraph.records import Batch, Edge, Node, Note, Origin

# The theme ends at the line's last character that is not a space: a lazy "[^\n]*?" before
# "[ \t]*$" tried every position of a run of spaces, quadratically.
DATED_ITEM = re.compile(r"^[ \t]*[•\-*·][ \t]*(?P<line>(?P<year>\d{4})[ \t]*[:–-][ \t]*"
                        r"(?P<theme>\S(?:[^\n]*[^ \t\n])?))[ \t]*$", re.M)
MEETING_WORDS = re.compile(r"\b(conference|seminar|meeting|congress)s?\b", re.I)
MAX_SERIES_WORDS = 12  # no series is named in more words than this
ATTENDANCE = {"participant", "supporter", "observer"}


def _fix(doc: Document) -> str:
    return f"try `partygraph extract {doc.path}` and review its candidates"


def _cite(doc: Document, quote: str, **props) -> dict:
    return {"source": doc.id, "quote": quote, **{k: v for k, v in props.items() if v is not None}}


@loader("lists")
def load_lists(doc: Document, resolver: Resolver) -> Batch:
    """Records for every role list and dated list in ``doc``."""
    batch = Batch()
    meetings: dict[str | None, MeetingFacts] = {}  # read once per city a heading names
    listed = doc.listed if doc.listed is not None else read_lists(doc.text, resolver.gazetteer)
    for block in listed:
        where = Origin(str(doc.path), doc.line_of(block.offset))
        if not block.items:
            batch.notes.append(Note("empty-list", f"{block.heading!r} lists nobody: "
                                    "no attendance recorded", str(where)))
        elif block.role is None:
            batch.notes.append(Note("skipped-list", f"{block.heading or 'a list'!r}: "
                                    f"{len(block.items)} entries, but nothing says what they "
                                    f"did; {_fix(doc)}", str(where)))
        elif block.role == "member":
            _members(doc, block, resolver, batch, where)
        elif block.role == "signatory":
            _signatories(doc, block, resolver, batch, where)
        else:
            city = heading_city(block.heading)
            if city not in meetings:
                meetings[city] = find_meeting_facts(doc.text, resolver.gazetteer,
                                                    heading=block.heading, subject=doc.subject)
            _attendance(doc, block, meetings[city], resolver, batch, where)
    batch.extend(_dated_lists(doc, resolver))
    return batch


def _attendance(doc: Document, block: Block, meeting: MeetingFacts, resolver: Resolver,
                batch: Batch, where: Origin) -> None:
    if meeting.series is None:
        batch.notes.append(Note("skipped-list", f"{block.heading!r}: cannot tell which "
                                "meeting it belongs to; add `subject:` (the series) to the "
                                f"document's catalog entry, or {_fix(doc)}",
                                str(where)))
        return
    conference = _conference(doc, meeting, resolver, batch, where)
    for item in block.items:
        party = _party(doc, item, resolver, batch)
        if party is None:
            continue
        cite = _cite(doc, item.line, context=block.heading or None, year=meeting.year,
                     date=meeting.date)
        item_where = Origin(str(doc.path), doc.line_of(item.offset))
        if block.role in ATTENDANCE:
            batch.edges.append(Edge("ATTENDED", party.id, conference.id,
                                    {**cite, "role": block.role}, item_where))
        elif block.role == "host":
            batch.edges.append(Edge("ORGANIZED", party.id, conference.id, cite, item_where))


def _members(doc: Document, block: Block, resolver: Resolver, batch: Batch,
             where: Origin) -> None:
    series = _series_in(block.heading, resolver) or find_meeting_facts(
        doc.text, resolver.gazetteer, subject=doc.subject).series
    if series is None:
        batch.notes.append(Note("skipped-list", f"{block.heading!r}: members of what? name the "
                                "network in the heading or add `subject:` to the catalog "
                                f"entry, or {_fix(doc)}", str(where)))
        return
    platform = resolver.resolve("Platform", series, origin=where).entity
    batch.nodes.append(platform.node(origin=where))
    batch.edges.append(Edge("MENTIONS", doc.id, platform.id, _cite(doc, block.heading), where))
    for item in block.items:
        party = _party(doc, item, resolver, batch)
        if party is not None:
            batch.edges.append(Edge("MEMBER_OF", party.id, platform.id, _cite(
                doc, item.line, context=block.heading), Origin(str(doc.path),
                                                               doc.line_of(item.offset))))


def _signatories(doc: Document, block: Block, resolver: Resolver, batch: Batch,
                 where: Origin) -> None:
    title = doc.title or block.heading
    declaration = resolver.resolve("Declaration", title, origin=where).entity
    props = {"date": doc.date} if doc.date else {}
    batch.nodes.append(declaration.node(origin=where, **props))
    batch.edges.append(Edge("MENTIONS", doc.id, declaration.id, _cite(doc, block.heading),
                            where))
    for item in block.items:
        party = _party(doc, item, resolver, batch)
        if party is not None:
            batch.edges.append(Edge("SIGNED", party.id, declaration.id, _cite(
                doc, item.line, context=block.heading, date=doc.date),
                Origin(str(doc.path), doc.line_of(item.offset))))


def _conference(doc: Document, meeting: MeetingFacts, resolver: Resolver, batch: Batch,
                where: Origin) -> Node:
    platform = resolver.resolve("Platform", meeting.series, origin=where)
    if platform.note:
        batch.notes.append(platform.note)
    conf = resolver.resolve("Conference", meeting.name(), origin=where).entity
    props = {"year": meeting.year, "date": meeting.date, "city": meeting.city,
             "edition": meeting.edition}
    node = conf.node(origin=where, **{k: v for k, v in props.items() if v is not None})
    batch.nodes += [node, platform.entity.node(origin=where)]
    evidence = meeting.quotes.get("series") or meeting.quotes.get("date")
    if evidence:
        batch.edges.append(Edge("PART_OF", node.id, platform.entity.id,
                                _cite(doc, evidence, year=meeting.year), where))
        batch.edges.append(Edge("MENTIONS", doc.id, node.id, _cite(doc, evidence), where))
        batch.edges.append(Edge("MENTIONS", doc.id, platform.entity.id, _cite(doc, evidence),
                                where))
    date_quote = meeting.quotes.get("date")
    if meeting.city and date_quote:
        iso2 = resolver.gazetteer.city(meeting.city)
        if iso2:
            country = resolver.gazetteer.node(iso2)
            batch.nodes.append(country)
            batch.edges.append(Edge("HELD_IN", node.id, country.id, _cite(
                doc, date_quote, name_in_source=meeting.city,
                resolved_by="city gazetteer"), where))
        else:
            batch.notes.append(Note("unresolved-country", f"city {meeting.city!r} of "
                                    f"{node.name!r} is not in loaders/data/places.yaml",
                                    str(where)))
    return node


def _party(doc: Document, item: Item, resolver: Resolver, batch: Batch) -> Node | None:
    """The party an entry names, mentioned by the document, with its country."""
    where = Origin(str(doc.path), doc.line_of(item.offset))
    name = item.text
    if item.country_text and GENERIC.fullmatch(name.strip()):
        name = f"{name} ({item.country_text})"  # "Italy – Communist Party": not any other
    known = _known_as(resolver, name)
    if known and known != name:  # the known party, with this spelling among its names
        resolver.register("Party", known, [name])
    res = resolver.resolve("Party", known or name, origin=where)
    if res.note:
        batch.notes.append(res.note)
    party = res.entity.node(origin=where)
    batch.nodes.append(party)
    batch.edges.append(Edge("MENTIONS", doc.id, party.id, _cite(doc, item.line), where))
    batch.extend(based_in(doc, party, item.line, resolver, where, name=item.country_text))
    return party


_BAGS: WeakKeyDictionary = WeakKeyDictionary()  # resolver -> [entities seen, bag -> name]


def _known_as(resolver: Resolver, name: str) -> str | None:
    """The name of the known party whose name says the same in other words or another
    language ("Partido Comunista de Venezuela": the Communist Party of Venezuela), if one."""
    if not foreign(name) or not linkable(key := bag(name)):
        return None
    index = _BAGS.setdefault(resolver, [0, {}])
    entities = resolver.entities.values()
    new = len(entities) - index[0]  # entities are only ever added, at the end
    for entity in islice(reversed(entities), new):
        if entity.label == "Party":
            for known in entity.names():
                index[1].setdefault(bag(known), entity.name)
    index[0] = len(entities)
    return index[1].get(key)


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
        conf = resolver.resolve("Conference", MeetingFacts(platform.name, year=year).name(),
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

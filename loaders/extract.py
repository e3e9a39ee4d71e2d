"""Candidate facts from an unseen report, for a person to review before ingesting.

Reads the meeting (series, edition, date, place, stated counts), every
organization with its role (participant, supporter, observer, host, absent,
or only mentioned), its country (ISO alpha-2, or None when the text does not
tell), whether it matches a party already in the graph, and the persons and
publications named. Every candidate carries an exact quote and its offsets.

>>> facts = extract("The 3rd European Communist Meeting was held in Lisbon in May 2016. "
...                 "The Portuguese Communist Party hosted it; the KKE took part, while "
...                 "the Communist Party of Congo could not attend.")
>>> for p in facts.parties:
...     print(p.name, p.country, p.role)
Portuguese Communist Party PT host
Communist Party of Greece GR participant
Communist Party of Congo None absent
>>> facts.meeting.edition, facts.meeting.city, facts.meeting.date
(3, 'Lisbon', '2016-05')
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import asdict, dataclass, field

from partygraph.loaders.meeting import MeetingFacts, find_meeting_facts, sentence_at
from partygraph.loaders.mentions import Mention, MentionFinder
from partygraph.loaders.names import Entry
from partygraph.loaders.roles import roles_for, strongest
from partygraph.loaders.structure import read_lists

ROLES = {"host", "participant", "observer", "supporter", "absent", "member", "signatory"}
TITLE = (r"(?:General\s+Secretary|Secretary[- ]General|First\s+Secretary|President|Chairman|"
         r"Chairwoman|Chairperson|[Ll]eader|[Cc]omrades?|Mr\.|Ms\.|Dr\.)")
NAME = r"([A-Z][a-zà-ÿ]+(?:[ -](?:[A-Z][a-zà-ÿ'’]+|de|da|van|von|al-|el-)){1,3})"
PERSON = re.compile(rf"{TITLE}\s+(?:of\s+the\s+[^,.;]{{3,80}}?,?\s+)?{NAME}|{NAME},\s+(?:the\s+)?"
                    rf"(?:General\s+Secretary|Secretary[- ]General|First\s+Secretary|President|"
                    rf"Chairman|leader)\b")
PUBLICATION = re.compile(r"(?:newspaper|daily|weekly|organ|journal|review|magazine|paper)\s+"
                         r"[\"“]([^\"”\n]{2,60})[\"”]|[\"“]([^\"”\n]{2,60})[\"”],?\s+(?:the\s+)?"
                         r"(?:newspaper|daily|weekly|organ|journal|review|magazine)", re.I)
NOT_PERSONS = re.compile(r"\b(Party|Communist|Meeting|Conference|Union|Front|Central|Committee|"
                         r"International|Workers)\b")


@dataclass
class Candidate:
    """An organization as the document gives it."""

    name: str
    spelled: str
    country: str | None
    role: str
    kind: str
    match: dict | None
    quote: str
    start: int
    end: int
    mentions: int = 1


@dataclass
class Extraction:
    """Everything found in one document."""

    document: str
    meeting: MeetingFacts
    parties: list[Candidate] = field(default_factory=list)
    persons: list[dict] = field(default_factory=list)
    publications: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The JSON shape: ``document``, ``meeting``, ``parties``, ``persons``, ``publications``."""
        return {"document": self.document,
                "meeting": {**self.meeting.as_dict(), "quotes": self.meeting.quotes},
                "parties": [asdict(p) for p in self.parties],
                "persons": self.persons, "publications": self.publications}


def extract(text: str, document: str = "", *, known: list[Entry] | None = None,
            series: list[tuple[str, tuple[str, ...]]] | None = None) -> Extraction:
    """Candidate facts from ``text``.

    ``known`` are the graph's parties and ``series`` its platforms (from
    :func:`partygraph.build.graph_knowledge`), so matches name existing nodes.
    """
    finder = MentionFinder.default(known)
    blocks = [b for b in read_lists(text, finder.places) if b.items]
    mentions = finder.find(text, [item for b in blocks if b.role for item in b.items])
    meeting = find_meeting_facts(text, finder.places, series)
    spans = [(s, e) for m in mentions for s, e in m.spans]
    owner = [i for i, m in enumerate(mentions) for _ in m.spans]
    found_roles = roles_for(text, spans)
    roles: list[set[str]] = [set() for _ in mentions]
    for i, role_set in zip(owner, found_roles, strict=True):
        roles[i] |= role_set
    starts = sorted(zip((s for s, _ in spans), owner, strict=True))
    listed: dict[int, str] = {}
    for block in blocks:  # each mention that starts inside a list gets the list's role
        if block.role is None:
            continue
        role = block.role if block.role in ROLES else "participant"
        start, end = block.items[0].line_offset, block.end
        for _, i in starts[bisect_left(starts, (start,)):bisect_left(starts, (end,))]:
            listed[i] = role  # the list's heading outranks the cue words around one entry
    result = Extraction(document, meeting)
    for i, m in enumerate(mentions):
        role = strongest(roles[i])
        kept = role == "host" or (role == "absent" and listed.get(i) == "participant")
        if i in listed and not kept:  # a host, or an absentee in a list of participants
            role = listed[i]
        result.parties.append(_candidate(text, m, role))
    result.persons = _named(text, PERSON, NOT_PERSONS)
    result.publications = _named(text, PUBLICATION)
    return result


def _candidate(text: str, m: Mention, role: str) -> Candidate:
    start, end = m.spans[0]
    q_start, q_end = sentence_at(text, start, end)
    match = None
    if m.entry is not None and m.entry.id:
        match = {"id": m.entry.id, "name": m.entry.name, "score": m.score}
    return Candidate(m.name, m.spelled, m.country, role, m.kind, match,
                     text[q_start:q_end].strip(), start, end, len(m.spans))


def _named(text: str, pattern: re.Pattern, reject: re.Pattern | None = None) -> list[dict]:
    """Each distinct name a pattern finds (group 1 or 2), with its sentence as the quote."""
    seen, found = set(), []
    for match in pattern.finditer(text):
        name = match.group(1) or match.group(2)
        if not name or (reject and reject.search(name)) or name in seen:
            continue
        seen.add(name)
        start = text.index(name, match.start())
        q = sentence_at(text, start, start + len(name))
        found.append({"name": name, "quote": text[q[0]:q[1]].strip(), "start": start,
                      "end": start + len(name)})
    return found


def specific(name: str) -> bool:
    """Whether a party name is specific enough to look for in prose: three words or
    more (a generic one such as "Communist Party" names a kind, not a party).

    >>> specific("Communist Party"), specific("Lebanese Communist Party")
    (False, True)
    """
    return len(re.findall(r"\w+", name)) >= 3


def knowledge_of(nodes, edges) -> tuple[list[Entry], list[tuple[str, tuple[str, ...]]]]:
    """The parties (with country and id) and platforms of validated records, to match
    against; :func:`partygraph.build.graph_knowledge` gives them for a corpus folder."""
    countries = {e.start: e.end.split(":")[1].upper() for e in edges if e.type == "BASED_IN"}
    entries = []
    for n in nodes:
        if n.label != "Party":
            continue
        name, aliases = n.name, list(n.aliases)
        if any(k in n.props for k in ("partyfacts_id", "parlgov_id")):
            # names a dataset gives ("Communist", "Our Party", "Solidarity") are words of
            # prose too: only the specific ones are looked for in a text
            names = [x for x in (name, *aliases) if specific(x)]
            if not names:
                continue
            name, aliases = names[0], names[1:]
        entries.append(Entry(name, countries.get(n.id), n.props.get("kind", "party"),
                             aliases, n.id))
    platforms = [(n.name, tuple(n.aliases)) for n in nodes if n.label == "Platform"]
    return entries, platforms

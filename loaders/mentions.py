"""Organizations mentioned in a document: where, under which name, of which country.

Three ways in, merged per organization: names and acronyms already known (the
graph's parties, ``data/organizations.yaml``), organization-shaped phrases
("... Party of ...", "... Front", "... Union", typos allowed), and list items
(one per line). A name's country comes from a suffix (", Mexico", "-Cyprus",
"(Greece)"), the reference entry, or the name itself ("Lebanese ..."). An
acronym the document defines ("Italian Communist Party (PCI)") wins over the
reference list's.

>>> finder = MentionFinder.default()
>>> [(m.name, m.country) for m in finder.find("Delegations of the KKE and AKEL-Cyprus met.")]
[('Communist Party of Greece', 'GR'), ('Progressive Party of the Working People', 'CY')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pycountry
from rapidfuzz import fuzz

from partygraph.loaders.countries import Gazetteer, gazetteer
from partygraph.loaders.names import (
    ACRONYM,
    GENERIC,
    PHRASE,
    Entry,
    bag,
    conjoined,
    foreign,
    head_kind,
    intergovernmental,
    linkable,
    reference_entries,
    sentence_case_names,
)
from partygraph.loaders.qualifiers import QUALIFIERS, kept_apart
from partygraph.loaders.resolve import SAME, normalize, qualifier

NOT_ORGANIZATIONS = re.compile(
    r"\b(meeting|conference|seminar|platform|forum|congress|session|declaration|summit|"
    r"committee|government|parliament|ministry|state|republic|union of soviet)\b", re.I)
STOP_ACRONYMS = {"NATO", "EU", "UN", "USA", "US", "UK", "IMF", "USSR", "IMCWP", "ICS", "II", "III",
                 "IV", "VI", "CEO", "GDP", "COVID", "WWII", "ICMLPO", "CIPOML", "WAIP", "GMT"}
DEFINED = re.compile(r"[a-z'’)]\s+\(([A-Z][A-Za-z]{1,7}(?:\([A-Z]+\))?)\)")
BULLET = re.compile(r"^[ \t]*(?:[•\-*·–]|\d+[.)]|[a-z][.)])?[ \t]*")
AFTER_NAME = re.compile(r"\s*\(([^()]{1,40})\)")  # "... (KKE)", "... (Marxist-Leninist)"
LONGER_NAME = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z]")
CAPITAL = re.compile(r"(?<![\w-])[A-Z]")  # where an acronym can start
WORD_CHAR = re.compile(r"\w")
DESCRIBED = re.compile(r"\s*\((?:[a-zà-ÿ]|[^()]*\d{4})[^()]*\)\s*$")  # "(banned in 2015)"
WORD_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*)\s+$")  # a capitalized word just before


@dataclass
class Mention:
    """One organization in a document, with every place it is named."""

    name: str
    spelled: str
    start: int
    end: int
    country: str | None = None
    kind: str = "party"
    entry: Entry | None = None
    score: float | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    acronym: str | None = None

    @property
    def key(self) -> str:
        return self.entry.name if self.entry else normalize(self.name)


class MentionFinder:
    """Finds organization mentions; knows reference names and the graph's parties."""

    def __init__(self, entries: list[Entry], places: Gazetteer | None = None):
        self.places = places or gazetteer()
        self.entries = entries
        self._by_name: dict[str, Entry] = {}
        self._by_bag: dict[tuple[str, ...], Entry | None] = {}  # None: two entries share it
        for entry in entries:
            for name in [entry.name, *entry.aliases]:
                self._by_name.setdefault(normalize(name), entry)
                key = bag(name)
                if linkable(key):
                    same = self._by_bag.get(key, entry) is entry
                    self._by_bag[key] = entry if same else None
        names = sorted({n for e in entries for n in [e.name, *e.aliases]}, key=len, reverse=True)
        long_names = [n for n in names if " " in n or len(n) > 8]
        short_names = [n for n in names if n not in long_names]
        self._long = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, long_names)) + r")(?![\w])",
                                re.I) if long_names else None
        self._short = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, short_names))
                                 + r")(?![\w])") if short_names else None

    @classmethod
    def default(cls, extra: list[Entry] | None = None) -> MentionFinder:
        """The finder over the graph's parties (``extra``) and ``data/organizations.yaml``."""
        return cls([*(extra or []), *reference_entries()])

    # -- lookups ---------------------------------------------------------------------
    def lookup(self, name: str) -> tuple[Entry | None, float]:
        """The reference entry for a name: exact (100), or fuzzy at ``SAME`` or more."""
        key = normalize(name)
        if key in self._by_name:
            return self._by_name[key], 100.0
        if foreign(name) and linkable(bag(name)):
            translated = self._by_bag.get(bag(name))
            if translated is not None:  # the same words in another language or order
                return translated, 97.0
        best, score = None, 0.0
        own = qualifier(name) if "(" in name else None
        for other, entry in self._by_name.items():
            if own is not None and own != qualifier(entry.name):
                continue
            if kept_apart(key, other):
                continue
            s = fuzz.ratio(key, other)
            if s > score:
                best, score = entry, s
        if best is not None and score >= SAME:
            found = self.places.find_in(name)
            if found and best.country and best.country not in (found.candidates or (found.iso2,)):
                return None, 0.0  # "Czechoslovakia" is not "Slovakia"
            return best, round(score, 1)
        return None, 0.0

    def country_of(self, text: str) -> str | None:
        """The one country a text names, or None."""
        return self.places.resolve(text).iso2

    # -- finding -----------------------------------------------------------------------
    def find(self, text: str, items=()) -> list[Mention]:
        """Every organization mentioned, in order of first mention, merged by identity.

        ``items`` are list entries (:class:`partygraph.loaders.structure.Item`): each
        names an organization, with the country it is listed with.
        """
        raw: list[Mention] = []
        taken: list[Mention | None] = [None] * len(text)  # the mention on each character
        defined = {m.group(1) for m in DEFINED.finditer(text)}

        def take(m: Mention) -> None:
            if any(taken[m.start:m.end]):
                return
            taken[m.start:m.end] = [m] * (m.end - m.start)
            raw.append(m)

        for pattern in (self._long, self._short):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                after = AFTER_NAME.match(text, match.end(1))
                if after and not ACRONYM.fullmatch(after.group(1)) and not \
                        self.country_of(after.group(1)):
                    continue  # "Communist Party of Spain (Marxist-Leninist)" is another party
                if pattern is self._short and match.group(1) in defined:
                    continue  # the document's own acronym wins over the reference list
                if pattern is self._long and LONGER_NAME.match(text, match.end(1)):
                    continue  # "Socialist Party" of "Socialist Party of Zambia": the longer name
                before = WORD_BEFORE.search(text, max(0, match.start(1) - 40), match.start(1))
                if before and (normalize(before.group(1)) in QUALIFIERS or
                               self.places.resolve(before.group(1)).candidates):
                    continue  # the "New Communist Party of Britain" is another party
                entry, score = self.lookup(match.group(1))
                if entry is not None:
                    mention = self._mention(text, match.start(1), match.end(1), entry, score)
                    if after and ACRONYM.fullmatch(after.group(1)):
                        mention.acronym = after.group(1)
                    take(mention)
        for start, end in sentence_case_names(text, self.places):  # before the English pass
            for part_start, part_end in conjoined(text, start, end):
                if not any(taken[part_start:part_end]):
                    candidate = self._phrase_mention(text, part_start, part_end)
                    if candidate:
                        take(candidate)
        for match in PHRASE.finditer(text):
            for start, end in self._split_phrase(text, match):
                candidate = self._phrase_mention(text, start, end)
                if candidate:
                    take(candidate)
        for item in items:
            self._listed(text, item, taken, take)
        for candidate in self._list_items(text, taken):
            take(candidate)
        self._link_acronyms(text, raw, take)
        return _merge(sorted(raw, key=lambda m: m.start))

    def _split_phrase(self, text: str, match: re.Match) -> list[tuple[int, int]]:
        start, end = match.start(), match.end()
        phrase = text[start:end]
        parts, offset = [], start
        # "the Communist Party of Greece and the French Communist Party": two names
        for piece in re.split(r"(\s+and\s+(?:the\s+)?)", phrase):
            kind = "sep" if re.fullmatch(r"\s+and\s+(?:the\s+)?", piece) else "name"
            parts.append((kind, offset, offset + len(piece)))
            offset += len(piece)
        names = [(s, e) for kind, s, e in parts if kind == "name"]
        if len(names) > 1 and all(head_kind(text[s:e].split()) for s, e in names):
            return names
        return [(start, end)]

    def _phrase_mention(self, text: str, start: int, end: int) -> Mention | None:
        described = DESCRIBED.search(text, start, end)
        if described:  # "(banned in 2015)", "(as a guest)": what it is, not its name
            end = described.start()
        phrase = text[start:end]
        lead = re.match(r"(?:(?:The|the|A|An|Both|And|Also|Auch|Und|Die|Der|Das|Le|La|Les|El|"
                        r"Los|Las|Il|Lo|O|Os|Et|Y|Aussi|También|Anche|Também|Také|Comrades? of the)"
                        r"\s+|L[’'](?=[A-ZÀ-Þ]))+", phrase)
        if lead:
            start += lead.end()
            phrase = text[start:end]
        cue = re.match(r"((?:[A-Z][\w'’-]*\s+){1,3}?)(?:of|from|der|des|de|du|di|del|della|do|da)"
                       r"\s+(?:the\s+|la\s+|le\s+)?(?=[A-ZÀ-Þ])", phrase)
        if cue and head_kind(cue.group(1).split()) is None and \
                head_kind(phrase[cue.end():].split()):  # "Delegations of the CP of Brazil"
            start += cue.end()
            phrase = text[start:end]
        words = phrase.split()
        kind = head_kind(words)
        if kind is None or len(words) < 2 or NOT_ORGANIZATIONS.search(phrase):
            return None
        if self.places.resolve(phrase).candidates or normalize(phrase) in intergovernmental():
            return None  # "Soviet Union", "Russian Federation", "European Union"
        generic = GENERIC.fullmatch(phrase)
        suffix, _ = self._suffix_country(text, end)
        if generic and suffix is None:
            return None  # "the Communist Party" alone names nobody in particular
        entry, score = self.lookup(phrase)
        if entry is None and suffix is not None:  # "Party of the Communists, Mexico"
            country = pycountry.countries.get(alpha_2=suffix)
            for country_name in {getattr(country, "common_name", None), country.name}:
                if country_name:
                    entry, score = self.lookup(f"{phrase} of {country_name}")
                    if entry is not None:
                        break
        return self._mention(text, start, end, entry, score if entry else None, kind)

    def _mention(self, text, start, end, entry: Entry | None, score, kind=None) -> Mention:
        spelled = text[start:end]
        name = spelled
        acronym = None
        paren = re.search(r"\s*\(([^()]*)\)\s*$", spelled)
        if paren and entry is None:
            inside = paren.group(1).strip()
            if re.fullmatch(r"[A-Z][A-Za-z]{1,7}(?:\([A-Z]+\))?", inside) and not \
                    self.country_of(inside):
                acronym, name = inside, spelled[:paren.start()].strip()
        country, end = self._suffix_country(text, end)
        if country is None and paren and self.country_of(paren.group(1)):
            country = self.country_of(paren.group(1))
            bare = spelled[:paren.start()].strip()
            if not GENERIC.fullmatch(bare):  # "Communist Party (Switzerland)" stays whole
                name = bare
        if entry is None and acronym:  # "Labour Party (EMEP)": the acronym is known
            known = self._by_name.get(normalize(acronym))
            own = self.places.find_in(name)
            if known is not None and known.kind == (kind or "party") and not (
                    own and own.iso2 and known.country and own.iso2 != known.country):
                entry, score = known, 100.0  # but the PdA of Austria is not Switzerland's
        if entry is not None:
            name = entry.name
            country = country or entry.country
            kind = entry.kind
        if country is None:
            found = self.places.find_in(name)
            country = found.iso2 if found else None
        return Mention(name=name, spelled=text[start:end], start=start, end=end, country=country,
                       kind=kind or "party", entry=entry, score=score, spans=[(start, end)],
                       acronym=acronym)

    def _suffix_country(self, text: str, end: int) -> tuple[str | None, int]:
        tail = text[end:end + 40]
        match = re.match(r"(?:\s*\([A-Za-z]{1,8}\))?(\s*[,–-]\s*|\s+\(|\s+from\s+|\s+in\s+"
                         r"|\s+of\s+)([A-Z][\w'’. ]{1,30}?)(?=\)|[,;.:\n]|\s*\(|\s+and\b|\s+to\b"
                         r"|\s+were\b|\s+was\b|\s+had\b|\s+attended\b|\s+took\b|$)", tail)
        if match:
            iso2 = self.country_of(match.group(2).strip())
            if iso2:
                close = 1 if match.group(1).strip() == "(" and tail[match.end():].startswith(")") \
                    else 0
                return iso2, end + match.end() + close
        return None, end

    def _listed(self, text: str, item, taken: list[Mention | None], take) -> None:
        """A list entry as a mention; the country it is listed with is its country."""
        start, end = item.offset, item.offset + len(item.text)
        country = self.country_of(item.country_text) if item.country_text else None
        if any(taken[start:end]):
            for m in {id(m): m for m in taken[start:end] if m is not None}.values():
                if m.country is None:  # a mention found inside the entry: the entry's country
                    m.country = country
            return
        if self.places.resolve(item.text).candidates or len(item.text) > 80:
            return
        described = re.fullmatch(r"(.+?)\s*\(([a-zà-ÿ][^()]*)\)", item.text)
        if described:  # "Comac (youth movement of the PTB)": a name and what it is
            end = start + len(described.group(1))
            if any(taken[start:end]):
                return
        mention = self._mention(text, start, end, *self.lookup(text[start:end]))
        if mention.entry is None:
            mention.score = None
            if country and GENERIC.fullmatch(mention.name):  # "Italy – Communist Party"
                mention.name = f"{mention.name} ({item.country_text})"
        mention.country = mention.country or country
        take(mention)

    def _list_items(self, text: str, taken: list[Mention | None]):
        """Short unmatched lines among list lines: an organization each (an acronym, a name)."""
        lines = list(re.finditer(r"[^\n]+", text))
        for i, line in enumerate(lines):
            body = BULLET.sub("", line.group(0)).strip().rstrip(",;.")
            if not body or len(body) > 60 or any(taken[line.start():line.end()]):
                continue
            neighbours = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
            listed = sum(1 for n in neighbours if any(taken[n.start():n.end()])
                         and len(n.group(0)) < 120)
            if not listed:
                continue
            start = line.start() + line.group(0).index(body)
            words = body.split()
            if body.endswith(":") or self.places.resolve(body).candidates:
                continue
            if (len(words) == 1 and ACRONYM.match(body) and body not in STOP_ACRONYMS) or \
                    head_kind(words):
                mention = self._mention(text, start, start + len(body), *self.lookup(body))
                if mention.entry is None:
                    mention.score = None
                yield mention

    def _link_acronyms(self, text: str, raw: list[Mention], take) -> None:
        """'Communist Party of Greece (KKE)' defines KKE: later bare KKEs are that party."""
        defined = {m.acronym: m for m in raw if m.acronym}
        # One pass finds every acronym's places (a pass per acronym is quadratic).
        places: dict[str, list[int]] = {acronym: [] for acronym in defined}
        lengths = sorted({len(acronym) for acronym in defined})
        for capital in CAPITAL.finditer(text):
            start = capital.start()
            for length in lengths:
                if start + length > len(text):
                    break
                word = text[start:start + length]
                if word in places and not WORD_CHAR.match(text, start + length):
                    places[word].append(start)
        for acronym, mention in defined.items():
            end = 0
            for start in places[acronym]:
                if start < end:  # overlapping itself: a scan would not see it
                    continue
                end = start + len(acronym)
                twin = Mention(mention.name, acronym, start, end, mention.country, mention.kind,
                               mention.entry, mention.score, [(start, end)], acronym)
                take(twin)


def _merge(mentions: list[Mention]) -> list[Mention]:
    merged: dict[str, Mention] = {}
    for m in mentions:
        key = m.key
        have = merged.get(key)
        if have is None:
            merged[key] = m
            continue
        have.spans += m.spans
        have.country = have.country or m.country
        have.acronym = have.acronym or m.acronym
        if len(m.spelled) > len(have.spelled) and m.entry is None and have.entry is None:
            have.spelled = m.spelled
    return list(merged.values())

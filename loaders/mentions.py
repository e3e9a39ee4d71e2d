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
from functools import cache
from pathlib import Path

import pycountry
from rapidfuzz import fuzz

from partygraph.loaders.countries import Gazetteer, fold, gazetteer
from partygraph.loaders.resolve import SAME, normalize, qualifier
from partygraph.yamlfile import load_yaml

ORGANIZATIONS = Path(__file__).parent / "data" / "organizations.yaml"
HEADS = {"party": "party", "parties": None, "parti": "party", "partido": "party",
         "partito": "party", "partei": "party", "partij": "party", "tribune": "organization",
         "communists": "party", "organization": "organization",
         "organisation": "organization", "union": "union", "unions": "union",
         "confederation": "union", "federation": "organization", "front": "front",
         "movement": "movement", "league": "youth", "youth": "youth", "alliance": "organization",
         "council": "movement", "cp": "party", "wp": "party", "ncp": "party", "ucp": "party",
         "strana": "party", "ks": "party", "partiya": "party",
         "pole": "organization", "pôle": "organization", "polo": "organization",
         "organizzazione": "organization", "organización": "organization",
         "organização": "organization", "frente": "front", "fronte": "front",
         "movimiento": "movement", "movimento": "movement", "mouvement": "movement",
         "bewegung": "movement", "liga": "youth", "ligue": "organization",
         "unión": "union", "união": "union", "unione": "union", "jeunesse": "youth",
         "strany": "party", "stranu": "party", "straně": "party", "svaz": "union",
         "svazu": "union", "central": "union", "centrale": "union", "federação": "organization",
         "federación": "organization", "fédération": "organization",
         "federazione": "organization", "confederação": "union", "confederación": "union",
         "confédération": "union", "association": "organization", "asociación": "organization",
         "associação": "organization", "associazione": "organization",
         "juventud": "youth", "juventude": "youth", "gioventù": "youth", "jugend": "youth"}
NOT_ORGANIZATIONS = re.compile(
    r"\b(meeting|conference|seminar|platform|forum|congress|session|declaration|summit|"
    r"committee|government|parliament|ministry|state|republic|union of soviet)\b", re.I)
STOP_ACRONYMS = {"NATO", "EU", "UN", "USA", "US", "UK", "IMF", "USSR", "IMCWP", "ICS", "II", "III",
                 "IV", "VI", "CEO", "GDP", "COVID", "WWII", "ICMLPO", "CIPOML", "WAIP", "GMT"}
# A capitalized word ("Turkey/Leninist" is one), a quoted one ("'October'"), or a number
# inside a name ("September 23 Movement").
CAP = r"(?:[A-ZÀ-Þ](?:[\w'’\-]|\.(?=\w)|/(?=[A-Z]))*|[\"“‘'][A-ZÀ-Þ][\w'’\- ]{0,30}[\"”’'])"
NUMBER = r"\d{1,4}(?=[ \t]+[A-ZÀ-Þ])"
CONNECTOR = (r"(?:of|the|for|and|de|del|la|le|des|du|in|y|e|of the|der|die|des|und|di|dei|della|"
             r"degli|da|do|dos|das|et|i)")
PHRASE = re.compile(rf"{CAP}(?:[ \t]+(?:{CAP}|{NUMBER}|{CONNECTOR}(?=[ \t]+[A-ZÀ-Þ\"“‘'])))*"
                    r"(?:[ \t]*\((?P<paren>[^()\n]{1,40})\))?")
# A name in sentence case, as French, Spanish, Portuguese, Italian and Czech write them:
# "Parti communiste français", "Rakouská komunistická strana", "Komunistická strana Řecka".
UPPER = "A-ZÀ-ÞČĎĚŇŘŠŤŮŽŁŚŹŻĄĘŃ"
LOWER_ORG = (r"(?:komunistick[áéýé]|kommunistische[nrs]?|communistes?|comunistas?|comunisti|"
             r"socialistes?|socialistas?|socialisti|sozialistische[nr]?|socialistick[áéý]|"
             r"ouvri[eè]re?s?|obrer[oa]s?|operai[oa]?|oper[aá]ri[oa]s?|dělnick[áéý]|"
             r"marxistes?|marxistas?|marxisti|léninistes?|leninistas?|leninisti|marxiste-léniniste|"
             r"marxista-leninista|révolutionnaires?|revolucionári[oa]s?|revolucionari[oa]s?|"
             r"rivoluzionari[oa]?|populaires?|popular(?:es)?|polpolare|démocratiques?|"
             r"democr[aá]tic[oa]s?|unifi[ée]e?|unificad[oa]|unid[oa]|unit[oa]|nouveau|nouvelle|"
             r"nuev[oa]|nov[oa]|nuov[oa]|nová|strana|partei|parti|partido|partito|strany|"
             r"travailleurs|trabajadores|trabalhadores|lavoratori|travail|trabajo|trabalho|"
             r"lavoro|práce|pracující|renaissance|rifondazione|refundación|federace|federación|"
             r"fédération|federazione|federação|levice|gauche|izquierda|sinistra|esquerda|"
             r"národů|mládeže|komunistů|svaz|jeunes|juventud|giovani|pueblos|peuples|popoli|povos|"
             r"{connector})")
TRAILING = (r"(?:pour|por|para|per|des|de|du|la|le|les|del|dei|della|delle|dos|das|do|da|los|"
            r"las|degli|der|die|den|dem|für|y|e|et|a|i|en|in|em|di|d[’']|l[’']|dell[’']|v|ve)")
LOWER_ORG = LOWER_ORG.replace("{connector}", TRAILING)
SENTENCE_CASE = re.compile(
    rf"(?<![\w'’])[{UPPER}][\w'’-]*(?:[ \t]+(?:{LOWER_ORG}|[{UPPER}][\w'’-]*|(?:d|l|dell)[’']"
    rf"[{UPPER}][\w'’-]*)(?![\w'’-])){{1,12}}"
    r"(?P<tail>(?:[ \t]+[a-zà-ÿ][\w-]{3,}){0,2})(?:[ \t]*\((?P<paren>[^()\n]{1,40})\))?")
ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Za-zÀ-ÿ]{0,2}[A-Z][A-Za-zÀ-ÿ]*(?:\([A-Z]+\))?)(?![\w])")
DEFINED = re.compile(r"[a-z'’)]\s+\(([A-Z][A-Za-z]{1,7}(?:\([A-Z]+\))?)\)")
BULLET = re.compile(r"^[ \t]*(?:[•\-*·–]|\d+[.)]|[a-z][.)])?[ \t]*")
AFTER_NAME = re.compile(r"\s*\(([^()]{1,40})\)")  # "... (KKE)", "... (Marxist-Leninist)"
LONGER_NAME = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z]")
CAPITAL = re.compile(r"(?<![\w-])[A-Z]")  # where an acronym can start
WORD_CHAR = re.compile(r"\w")
GENERIC = re.compile(r"(?:Communist|Workers'?|Socialist|Political|Other|All|Many|These|Fraternal|"
                     r"Brother|Sister|Labou?r)\s+Part(?:y|ies)", re.I)  # names a kind, not a party
DESCRIBED = re.compile(r"\s*\((?:[a-zà-ÿ]|[^()]*\d{4})[^()]*\)\s*$")  # "(banned in 2015)"
WORD_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*)\s+$")  # a capitalized word just before


@dataclass
class Entry:
    """A reference organization: canonical name, country, kind, id in the graph."""

    name: str
    country: str | None = None
    kind: str = "party"
    aliases: list[str] = field(default_factory=list)
    id: str | None = None


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


QUALIFIERS = frozenset({
    "new", "united", "unified", "revolutionary", "workers", "communists", "marxist", "leninist",
    "maoist", "left", "socialist", "popular", "peoples", "people", "labor", "democratic",
    "national", "youth", "young", "in", "proletarian", "reconstructed", "refoundation", "free",
    "independent", "progressive", "green", "liberation", "front", "movement", "league", "union",
    "communist"})


# Words of party names in the languages of the field's reports, in English (folded forms).
_WORDS = {
    "party": "partido parti partito partei strana strany stranu strane partij partia partiya",
    "communist": "comunista communiste kommunistische kommunistischen kommunistischer "
                 "komunisticka komunisticke komunistickou komunisticky komunisticka",
    "communists": "comunistas communistes kommunisten komunistu comunisti",
    "workers": "obrero obrera obreros ouvrier ouvriers ouvriere operaio operai trabajadores "
               "travailleurs trabalhadores lavoratori arbeiter delnicka delnicke pracujicich",
    "labor": "trabajo travail trabalho lavoro arbeit prace",
    "peoples": "pueblos peuples povos popoli volker narodu",
    "people": "pueblo peuple povo popolo volkes lidu",
    "popular": "populaire popolare lidova",
    "revolutionary": "revolucionario revolucionaria revolutionnaire rivoluzionario "
                     "rivoluzionaria revolutionare revolutionaren revolucni",
    "socialist": "socialista socialiste sozialistische sozialistischen socialisticka",
    "democratic": "democratico democratica democratique demokratische demokraticka",
    "united": "unido unida unifie unifiee unificado unita unito vereinigte vereinigten "
              "sjednocena",
    "new": "nuevo nueva nouveau nouvelle novo nova nuovo neue",
    "union": "unione uniao svaz svazu",
    "front": "frente fronte",
    "movement": "movimiento movimento mouvement bewegung hnuti",
    "youth": "juventud jeunesse juventude gioventu jugend mladez mladeze",
    "organization": "organizacion organisation organizzazione organizacao",
    "league": "liga ligue bund",
    "marxist": "marxista marxiste marxistische",
    "leninist": "leninista leniniste leninistische",
    "left": "izquierda gauche sinistra esquerda linke levice",
    "european": "europea europeenne europaische evropske europeia",
    "national": "nacional nationale nazionale",
    "liberation": "liberacion liberazione libertacao befreiung osvobozeni",
    "in": "en em ve v im",
}
TRANSLATED = {word: english for english, words in _WORDS.items() for word in words.split()}
_DROPPED = ("de del du des di della delle dei degli do da dos das la le les el los las lo il "
            "gli the of and y e et und a i der die das den dem for pour por para per fur l d dell")
DROPPED = frozenset(_DROPPED.split())


@cache
def _bag(name: str) -> tuple[str, ...]:
    """A name's words in English, connectors dropped, its country as a code, in any order:
    "Partido Comunista de Venezuela" and "Communist Party of Venezuela" give one bag.

    >>> _bag("Partido Comunista de los Pueblos de España") == _bag(
    ...     "Communist Party of the Peoples of Spain")
    True
    >>> _bag("Nuovo Partito Comunista di Gran Bretagna") == _bag("Communist Party of Britain")
    False
    """
    places = gazetteer()
    words = normalize(name).split()
    out, i = [], 0
    while i < len(words):
        for size in (3, 2, 1):  # a country's name, its demonym, or a form of it
            window = " ".join(words[i:i + size])
            if len(words) - i >= size and window not in DROPPED and \
                    window not in TRANSLATED and (places.resolve(window).iso2 or (
                        size == 1 and len(places.stem(window)) == 1)):
                code = places.resolve(window).iso2 or next(iter(places.stem(window)))
                out.append("@" + code)
                i += size
                break
        else:
            word = words[i]
            if word not in DROPPED:
                out.append(TRANSLATED.get(word, word))
            i += 1
    return tuple(sorted(out))


def kept_apart(a: str, b: str) -> bool:
    """Whether two normalized names differ in a word that makes another party ("New",
    "in" vs "of", "Workers'"), so no spelling score may join them.

    >>> kept_apart("new communist party of britain", "communist party of britain")
    True
    >>> kept_apart("communist party in denmark", "communist party of denmark")
    True
    >>> kept_apart("comunist party of spain", "communist party of spain")
    False
    """
    return _qualifiers(a) != _qualifiers(b)


@cache
def _qualifiers(name: str) -> frozenset[str]:
    """The qualifier words of a normalized name, typos allowed ("comunist")."""
    return frozenset(q for word in name.split() if (q := _as_qualifier(word)))


@cache
def _as_qualifier(word: str) -> str | None:
    if word in QUALIFIERS:
        return word
    if len(word) >= 6:
        best = max(QUALIFIERS, key=lambda q: fuzz.ratio(word, q))
        if fuzz.ratio(word, best) >= 88:
            return best
    return None


def _head_kind(words: list[str]) -> str | None:
    kind = None
    for word in words:
        token = word.lower().strip("'’.,:")
        if token in HEADS:
            kind = HEADS[token] or kind
        elif word[:1].isupper() and len(token) >= 4 and fuzz.ratio(token, "party") >= 88:
            kind = "party"  # a typo: "Communist Part of ..."
    return kind


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
                if " " in name:
                    key = _bag(name)
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
        return cls([*(extra or []), *_reference_entries()])

    # -- lookups ---------------------------------------------------------------------
    def lookup(self, name: str) -> tuple[Entry | None, float]:
        """The reference entry for a name: exact (100), or fuzzy at ``SAME`` or more."""
        key = normalize(name)
        if key in self._by_name:
            return self._by_name[key], 100.0
        if " " in name.strip():
            translated = self._by_bag.get(_bag(name))
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
        taken = [False] * len(text)
        defined = {m.group(1) for m in DEFINED.finditer(text)}

        def take(m: Mention) -> None:
            if any(taken[m.start:m.end]):
                return
            for i in range(m.start, m.end):
                taken[i] = True
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
        for match in SENTENCE_CASE.finditer(text):  # before the English pass: it would cut
            start, end = match.span()
            if match.group("tail"):  # "... européenne", "... bulgares": a country's adjective
                end = self._adjectives(text, match)
            while trail := re.search(rf"[ \t]+{TRAILING}$", text[start:end]):
                end = start + trail.start()  # "... de España y": the name ends before "y"
            words = text[start:match.start("paren") - 1 if match.group("paren") else end].split()
            if not any(w[:1].islower() for w in words[1:]):
                continue  # title case: the English pass reads it
            for part_start, part_end in _conjoined(text, start, end):
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
            self._listed(text, item, raw, taken, take)
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
        if len(names) > 1 and all(_head_kind(text[s:e].split()) for s, e in names):
            return names
        return [(start, end)]

    def _adjectives(self, text: str, match: re.Match) -> int:
        """Where a sentence-case name ends: lowercase words after it are kept while each is
        an organization word or a country's adjective ("bulgares", "européenne")."""
        end = match.start("tail")
        for word in re.finditer(r"[^\s]+", match.group("tail")):
            token = word.group(0)
            if re.fullmatch(LOWER_ORG, token) or self.places.stem(fold(token)) or \
                    re.fullmatch(r"europ\w+|latino-?americ\w+|arabe?s?|árabes?", token):
                end = match.start("tail") + word.end()
            else:
                break
        if match.group("paren") and end == match.start("paren") - 1 - \
                len(re.search(r"[ \t]*$", text[:match.start("paren") - 1]).group(0)):
            return match.end()
        return end

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
        if cue and _head_kind(cue.group(1).split()) is None and \
                _head_kind(phrase[cue.end():].split()):  # "Delegations of the CP of Brazil"
            start += cue.end()
            phrase = text[start:end]
        words = phrase.split()
        kind = _head_kind(words)
        if kind is None or len(words) < 2 or NOT_ORGANIZATIONS.search(phrase):
            return None
        if self.places.resolve(phrase).candidates or normalize(phrase) in _intergovernmental():
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

    def _listed(self, text: str, item, raw: list[Mention], taken: list[bool], take) -> None:
        """A list entry as a mention; the country it is listed with is its country."""
        start, end = item.offset, item.offset + len(item.text)
        country = self.country_of(item.country_text) if item.country_text else None
        if any(taken[start:end]):
            for m in raw:
                if m.start < end and start < m.end and m.country is None:
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

    def _list_items(self, text: str, taken: list[bool]):
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
                    _head_kind(words):
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


CONJUNCTION = re.compile(r"[ \t]+(?:and|et|y|e|a|und|i)[ \t]+(?:(?:the|le|la|les|el|il|die|der|o)"
                         r"[ \t]+)?")


def _conjoined(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'X a Y', 'X et le Y': two names when each part has an organization word."""
    parts, pos = [], start
    for match in CONJUNCTION.finditer(text, start, end):
        parts.append((pos, match.start()))
        pos = match.end()
    parts.append((pos, end))
    if len(parts) > 1 and _head_kind(text[parts[0][0]:parts[0][1]].split()) and all(
            _head_kind(text[s:e].split()) or ACRONYM.fullmatch(text[s:e]) for s, e in parts):
        return parts
    return [(start, end)]


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


@cache
def _reference_entries() -> tuple[Entry, ...]:
    data = load_yaml(ORGANIZATIONS)
    return tuple(Entry(o["name"], o.get("country"), o.get("kind", "party"),
                       [str(a) for a in o.get("aliases") or []])
                 for o in data.get("organizations") or [])


@cache
def _intergovernmental() -> frozenset[str]:
    data = load_yaml(ORGANIZATIONS)
    return frozenset(normalize(n) for n in data.get("intergovernmental") or [])


@cache
def series_since() -> dict[str, int]:
    """The year each known meeting series began (``since:`` in ``data/organizations.yaml``)."""
    data = load_yaml(ORGANIZATIONS)
    return {s["name"]: int(s["since"]) for s in data.get("series") or [] if s.get("since")}


@cache
def series_names() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Meeting series: (canonical name, aliases) from ``data/organizations.yaml``."""
    data = load_yaml(ORGANIZATIONS)
    return tuple((s["name"], tuple(str(a) for a in s.get("aliases") or []))
                 for s in data.get("series") or [])

"""How organization names are written, in English, French, Spanish, Portuguese, Italian,
German and Czech: their head words, connectors, qualifiers, and the English words a name's
words stand for, so that one party named in two languages is known as one.

>>> head_kind("Rakouská komunistická strana".split()), head_kind(["Central", "Committee"])
('party', 'union')
>>> bag("Partido Comunista de Venezuela") == bag("Communist Party of Venezuela")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from partygraph.loaders.countries import fold, gazetteer
from partygraph.loaders.resolve import normalize
from partygraph.yamlfile import load_yaml

ORGANIZATIONS = Path(__file__).parent / "data" / "organizations.yaml"
ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Za-zÀ-ÿ]{0,2}[A-Z][A-Za-zÀ-ÿ]*(?:\([A-Z]+\))?)(?![\w])")

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

GENERIC = re.compile(r"(?:Communist|Workers'?|Socialist|Political|Other|All|Many|These|Fraternal|"
                     r"Brother|Sister|Labou?r)\s+Part(?:y|ies)", re.I)  # names a kind, not a party

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
def bag(name: str) -> tuple[str, ...]:
    """A name's words in English, connectors dropped, its country as a code, in any order:
    "Partido Comunista de Venezuela" and "Communist Party of Venezuela" give one bag.

    >>> bag("Partido Comunista de los Pueblos de España") == bag(
    ...     "Communist Party of the Peoples of Spain")
    True
    >>> bag("Nuovo Partito Comunista di Gran Bretagna") == bag("Communist Party of Britain")
    False
    """
    places = gazetteer()
    words = normalize(name).split()
    out, i = [], 0
    while i < len(words):
        for size in (3, 2, 1):  # a country's name, its demonym, or a form of it
            window = " ".join(words[i:i + size])
            if len(words) - i < size or window in DROPPED or window in TRANSLATED:
                continue
            code = places.folded(window) or (size == 1 and _one(places.stem(window)))
            if code:
                out.append("@" + code)
                i += size
                break
        else:
            word = words[i]
            if word not in DROPPED:
                out.append(TRANSLATED.get(word, word))
            i += 1
    return tuple(sorted(out))


def _one(codes: set[str]) -> str | None:
    return next(iter(codes)) if len(codes) == 1 else None


def foreign(name: str) -> bool:
    """Whether a name has a word of another language than English ("Partido", "strana"): only
    such names are linked by their words (English ones match by name and alias)."""
    return any(word in TRANSLATED for word in normalize(name).split())


def linkable(key: tuple[str, ...]) -> bool:
    """Whether a name's bag says enough to link it by its words alone: its country and two
    words more ("Party of Labour" and "Labour Party" may be two parties; "... of Austria" not).
    """
    return any(w.startswith("@") for w in key) and len(key) >= 3


def head_kind(words: list[str]) -> str | None:
    kind = None
    for word in words:
        token = word.lower().strip("'’.,:")
        if token in HEADS:
            kind = HEADS[token] or kind
        elif word[:1].isupper() and len(token) >= 4 and fuzz.ratio(token, "party") >= 88:
            kind = "party"  # a typo: "Communist Part of ..."
    return kind


CONJUNCTION = re.compile(r"[ \t]+(?:and|et|y|e|a|und|i)[ \t]+(?:(?:the|le|la|les|el|il|die|der|o)"
                         r"[ \t]+)?")


def conjoined(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'X a Y', 'X et le Y': two names when each part has an organization word."""
    parts, pos = [], start
    for match in CONJUNCTION.finditer(text, start, end):
        parts.append((pos, match.start()))
        pos = match.end()
    parts.append((pos, end))
    if len(parts) > 1 and head_kind(text[parts[0][0]:parts[0][1]].split()) and all(
            head_kind(text[s:e].split()) or ACRONYM.fullmatch(text[s:e]) for s, e in parts):
        return parts
    return [(start, end)]


@dataclass
class Entry:
    """A reference organization: canonical name, country, kind, id in the graph."""

    name: str
    country: str | None = None
    kind: str = "party"
    aliases: list[str] = field(default_factory=list)
    id: str | None = None


@cache
def reference_entries() -> tuple[Entry, ...]:
    data = load_yaml(ORGANIZATIONS)
    return tuple(Entry(o["name"], o.get("country"), o.get("kind", "party"),
                       [str(a) for a in o.get("aliases") or []])
                 for o in data.get("organizations") or [])


@cache
def intergovernmental() -> frozenset[str]:
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


def sentence_case_names(text: str, places) -> list[tuple[int, int]]:
    """Spans of names written in sentence case ("Parti communiste français"); a name in
    title case is left to the English reading.

    >>> text = "Ont participé le Parti communiste français et la CGT."
    >>> [text[s:e] for s, e in sentence_case_names(text, gazetteer())]
    ['Parti communiste français']
    """
    spans = []
    for match in SENTENCE_CASE.finditer(text):
        start, end = match.span()
        if match.group("tail"):  # "... européenne", "... bulgares": a country's adjective
            end = _adjectives(text, match, places)
        while trail := re.search(rf"[ \t]+{TRAILING}$", text[start:end]):
            end = start + trail.start()  # "... de España y": the name ends before "y"
        words = text[start:match.start("paren") - 1 if match.group("paren") else end].split()
        if any(w[:1].islower() for w in words[1:]):
            spans.append((start, end))
    return spans


def _adjectives(text: str, match: re.Match, places) -> int:
    """Where a sentence-case name ends: lowercase words after it are kept while each is an
    organization word or a country's adjective ("bulgares", "européenne")."""
    end = match.start("tail")
    for word in re.finditer(r"[^\s]+", match.group("tail")):
        token = word.group(0)
        if re.fullmatch(LOWER_ORG, token) or places.stem(fold(token)) or \
                re.fullmatch(r"europ\w+|latino-?americ\w+|arabe?s?|árabes?", token):
            end = match.start("tail") + word.end()
        else:
            break
    if match.group("paren") and end == match.start("paren") - 1 - \
            len(re.search(r"[ \t]*$", text[:match.start("paren") - 1]).group(0)):
        return match.end()
    return end

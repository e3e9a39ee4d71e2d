"""Countries: ISO 3166 codes from names, demonyms, historical names and cities.

A historical state maps to the state that continues it today and keeps the
name the source used; a name shared by several states stays unresolved.

>>> gaz = Gazetteer()
>>> gaz.resolve("Ivory Coast").iso2
'CI'
>>> m = gaz.find_in("Revolutionary Communist Party of Volta")
>>> m.iso2, m.historical
('BF', 'Upper Volta')
>>> gaz.find_in("Chilean Communist Party (Proletarian Action)").iso2
'CL'
>>> m = gaz.find_in("Communist Party of Congo")
>>> m.iso2 is None, m.candidates
(True, ('CD', 'CG'))
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

from partygraph.records import Node, fold_letters
from partygraph.yamlfile import load_yaml

PLACES = Path(__file__).parent / "data" / "places.yaml"
MAX_WORDS = 6
LANGUAGES = ("fr", "es", "pt", "it", "de", "cs")
# Endings of adjectives and case forms made from a country's name in those languages
INFLECTIONS = frozenset({
    "", "a", "e", "i", "o", "s", "u", "y", "ca", "co", "en", "er", "es", "ho", "ia", "ka", "ke",
    "ko", "ku", "ky", "na", "ne", "ni", "no", "ol", "ês", "ain", "ais", "ana", "ane", "ani",
    "ano", "cka", "cke", "cky", "ena", "eno", "esa", "ese", "esi", "ien", "ina", "ino", "ois",
    "ola", "ska", "ske", "sko", "sky", "ues", "aine", "aise", "cais", "enne", "eses", "hese",
    "hesi", "iana", "iano", "ique", "isch", "oise", "sche", "skem", "uesa", "uese", "caise",
    "ienne", "ische", "schen", "ischen", "ischer", "nische", "esische", "nischen", "ensische",
    "esischen", "iesische", "ensischen", "iesischen"})


def fold(text: str) -> str:
    """Casefold, strip accents and punctuation; words separated by one space. Letters of
    scripts other than Latin are kept, so such names never fold to nothing.

    >>> fold("Côte d’Ivoire"), fold("Κομμουνιστικό Κόμμα"), fold("()")
    ('cote divoire', 'κομμουνιστικο κομμα', '')
    """
    return " ".join(re.findall(r"[^\W_]+", fold_letters(re.sub(r"['’`]", "", text))))


@dataclass(frozen=True)
class CountryMatch:
    """The outcome of resolving a country mention.

    ``iso2`` is None when unresolved; ``candidates`` then lists the possible
    codes (empty if the name is unknown). ``historical`` is the historical
    state's name when the source used one.
    """

    text: str
    iso2: str | None
    candidates: tuple[str, ...] = ()
    historical: str | None = None

    @property
    def ambiguous(self) -> bool:
        """True when several states fit."""
        return self.iso2 is None and len(self.candidates) > 1


def _codes(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),)


class Gazetteer:
    """Name -> country index built from pycountry and ``data/places.yaml``."""

    def __init__(self, places: Path = PLACES):
        data = load_yaml(places)
        self._index: dict[str, set[str]] = {}
        self._historic_name: dict[str, str] = {}
        successors = {k: _codes(v) for k, v in (data.get("historic_successors") or {}).items()}
        for country in pycountry.countries:
            for name in {country.name, getattr(country, "common_name", None),
                         getattr(country, "official_name", None), country.name.split(",")[0]}:
                if name:
                    self._add(name, country.alpha_2)
        for old in pycountry.historic_countries:
            code = old.alpha_4
            self._historic_name[code] = old.name.split(",")[0]
            for name in {old.name, old.name.split(",")[0]}:
                if fold(name) not in self._index:  # "France, Metropolitan" is not France
                    self._add(name, code)
        self._successor: dict[str, tuple[str, ...]] = {}
        for old in pycountry.historic_countries:
            code = old.alpha_4
            if code in successors:
                self._successor[code] = successors[code]
            elif pycountry.countries.get(alpha_2=code[2:]):
                self._successor[code] = (code[2:],)
            else:
                self._successor[code] = ()
        for section in ("country_names", "demonyms", "historic_names"):
            for name, value in (data.get(section) or {}).items():
                if value is None:  # a name that must never resolve to one state
                    self._index[fold(name)] = set()
                for code in _codes(value):
                    self._add(name, code)
        self._cities = {fold(k): str(v) for k, v in (data.get("cities") or {}).items()}
        self._stems = self._foreign_names()

    def _foreign_names(self) -> dict[str, set[str]]:
        """Country names in the languages of the field's reports (from pycountry's
        translations): whole names join the index where English has no such name; their
        stems find adjectives and case forms ("Rakouská" -> Rakousko -> AT)."""
        stems: dict[str, set[str]] = {}
        self._whole: dict[str, int] = {}  # a stem's shortest whole name, to bound its cut
        for language in LANGUAGES:
            try:
                translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR,
                                                  languages=[language])
            except OSError:
                continue
            for country in pycountry.countries:
                name = fold(translation.gettext(country.name))
                if not name:
                    continue
                if name not in self._index:
                    self._index[name] = {country.alpha_2}
                if " " in name or len(name) < 4:
                    continue
                for cut in range(0, 5 if len(name) >= 9 else 4 if len(name) >= 5 else 1):
                    stem = name[:len(name) - cut]
                    if len(stem) >= 4:
                        stems.setdefault(stem, set()).add(country.alpha_2)
                        self._whole[stem] = min(self._whole.get(stem, 99), len(name))
        return stems

    def _by_stem(self, words: list[str]) -> list[tuple[str, set[str]]]:
        found = []
        for word in words:
            codes = self.stem(word)
            if codes:
                found.append((word, codes))
        return found

    def stem(self, word: str) -> set[str]:
        """The countries a folded word is an adjective or case form of, in the languages of
        the field ("rakouska" -> {"AT"}); empty when none.

        >>> sorted(Gazetteer().stem("portugalska")), sorted(Gazetteer().stem("marti"))
        (['PT'], [])
        """
        if len(word) < 5:
            return set()
        for size in range(len(word), 3, -1):
            codes = self._stems.get(word[:size])
            if codes and word[size:] in INFLECTIONS and (
                    word[size:] or self._whole.get(word[:size], 0) - size <= 2):
                return codes
        return set()

    def _add(self, name: str, code: str) -> None:
        self._index.setdefault(fold(name), set()).add(code)

    def _match(self, text: str, codes: set[str]) -> CountryMatch:
        current: set[str] = set()
        historical = None
        for code in codes:
            if len(code) == 4:
                historical = self._historic_name.get(code, code)
                current.update(self._successor.get(code, ()))
                if not self._successor.get(code):
                    current.update({code, "?"})
            else:
                current.add(code)
        current.discard("?")
        resolved = sorted(c for c in current if len(c) == 2)
        if len(resolved) == 1 and len(current) == 1:
            return CountryMatch(text, resolved[0], (resolved[0],), historical)
        return CountryMatch(text, None, tuple(sorted(current)), historical)

    def resolve(self, name: str) -> CountryMatch:
        """Resolve a whole country name, demonym, historical name or ISO code.

        >>> Gazetteer().resolve("Yugoslavia").iso2
        'RS'
        >>> Gazetteer().resolve("Atlantis").candidates
        ()
        """
        key = fold(name)
        if key in self._index:
            return self._match(name, self._index[key])
        if re.fullmatch(r"[A-Za-z]{2}", name.strip()) and pycountry.countries.get(
            alpha_2=name.strip().upper()
        ):
            code = name.strip().upper()
            return CountryMatch(name, code, (code,))
        return CountryMatch(name, None, ())

    def folded(self, key: str) -> str | None:
        """The one country an already folded name is (``fold`` done by the caller), or None.

        >>> Gazetteer().folded("espana"), Gazetteer().folded("congo")
        ('ES', None)
        """
        codes = self._index.get(key)
        return self._match(key, codes).iso2 if codes else None

    def find_in(self, text: str) -> CountryMatch | None:
        """Find the country named inside a longer name, e.g. a party's.

        The longest names win ("Dominican Republic" over "Dominica"); two
        different countries, or a name several states share, leave it
        unresolved. None when no country is named at all.

        >>> Gazetteer().find_in("Communist Party of Labor of the Dominican Republic").iso2
        'DO'
        >>> Gazetteer().find_in("Workers' Party") is None
        True
        """
        words = fold(text).split()
        taken = [False] * len(words)
        found: list[tuple[str, set[str]]] = []
        for size in range(min(MAX_WORDS, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                if any(taken[i : i + size]):
                    continue
                phrase = " ".join(words[i : i + size])
                if phrase in self._index:
                    found.append((phrase, self._index[phrase]))
                    for j in range(i, i + size):
                        taken[j] = True
        if not found:
            found = self._by_stem(words)
        if not found:
            return None
        matches = [self._match(phrase, codes) for phrase, codes in found]
        codes = {m.iso2 for m in matches if m.iso2}
        if len(matches) == len([m for m in matches if m.iso2]) and len(codes) == 1:
            best = matches[0]
            historical = next((m.historical for m in matches if m.historical), None)
            return CountryMatch(_original(text, best.text), best.iso2, best.candidates, historical)
        candidates = sorted({c for m in matches for c in (m.candidates or ())})
        return CountryMatch(_original(text, matches[0].text), None, tuple(candidates),
                            matches[0].historical)

    def city(self, name: str) -> str | None:
        """The ISO code of a known city, or None.

        >>> Gazetteer().city("Paris")
        'FR'
        """
        return self._cities.get(fold(name))

    def alpha2(self, iso3: str) -> str | None:
        """The alpha-2 code of an ISO 3166 alpha-3 code, current or historic (one with an
        alpha-2 of its own), or None.

        >>> Gazetteer().alpha2("BEL"), Gazetteer().alpha2("DDR"), Gazetteer().alpha2("XKX")
        ('BE', 'DD', None)
        """
        code = iso3.strip().upper()
        country = pycountry.countries.get(alpha_3=code) or \
            pycountry.historic_countries.get(alpha_3=code)
        return getattr(country, "alpha_2", None) if country else None

    def node(self, iso2: str, *, alias: str | None = None) -> Node:
        """The Country node for an ISO alpha-2 code.

        >>> Gazetteer().node("BF", alias="Upper Volta").properties()["aliases"]
        ['Upper Volta']
        """
        country = pycountry.countries.get(alpha_2=iso2) or \
            pycountry.historic_countries.get(alpha_2=iso2)
        name = getattr(country, "common_name", None) or country.name
        aliases = [alias] if alias and fold(alias) != fold(name) else []
        return Node("Country", name, aliases=aliases, id=f"country:{iso2.lower()}",
                    props={"iso2": iso2, "iso3": country.alpha_3})


def _original(text: str, folded_phrase: str) -> str:
    """The span of ``text`` that folds to ``folded_phrase`` (for name_in_source)."""
    pattern = r"\W+".join(re.escape(w) for w in folded_phrase.split())
    found = re.search(pattern, unicodedata.normalize("NFKD", text), flags=re.IGNORECASE)
    if found:
        return found.group(0)
    words = list(re.finditer(r"[^\W_]+", text))  # "Řecka": accents that NFKD keeps apart
    size = len(folded_phrase.split())
    for i in range(len(words) - size + 1):
        window = words[i:i + size]
        if fold(" ".join(w.group(0) for w in window)) == folded_phrase:
            return text[window[0].start():window[-1].end()]
    return folded_phrase


@cache
def gazetteer() -> Gazetteer:
    """The shared gazetteer (built once per process)."""
    return Gazetteer()

"""Entity resolution: one node per real organization across spellings.

A name resolves, in order, by its normalized form against every known name
and alias (the aliases file, earlier documents), then by fuzzy matching
(rapidfuzz) within the same label. A fuzzy score at or above ``SAME``
merges and is reported; a score between ``REVIEW`` and ``SAME`` keeps a
separate node and reports the possible duplicate. Names whose countries or
parenthesized qualifiers differ, or that the aliases file lists as
distinct, never match.

>>> r = Resolver()
>>> wpb = r.register("Party", "Workers' Party of Belgium", ["WPB", "Belgian Workers' Party"])
>>> r.resolve("Party", "Belgian Workers' Party").entity.id
'party:workers-party-of-belgium'
>>> r.resolve("Party", "Comunist Party of Germany").entity.name   # new: nothing like it yet
'Comunist Party of Germany'
>>> res = r.resolve("Party", "Communist Party of Germany")
>>> res.entity.name, res.how, res.score
('Comunist Party of Germany', 'fuzzy', 98.0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from partygraph.errors import InputError
from partygraph.loaders.countries import CountryMatch, Gazetteer, fold, gazetteer
from partygraph.loaders.qualifiers import kept_apart
from partygraph.records import Node, Note, Origin, node_id
from partygraph.yamlfile import LineDict, load_yaml

# The one set of name-matching thresholds, for the build's resolver and the extractor alike:
SAME = 93.0  # at or above: the same organization (merged, or matched to the graph's node)
REVIEW = 84.0  # from here up to SAME: kept apart, with a possible-duplicate note
ABBREVIATIONS = {
    "cp": "communist party",
    "wp": "workers party",
    "ml": "marxist leninist",
    "labour": "labor",
    "organisation": "organization",
    "organisations": "organizations",
    "and": "and",
}


@lru_cache(maxsize=65536)  # asked for every known name at every fuzzy comparison
def normalize(name: str) -> str:
    """The form names are compared in: folded, abbreviations expanded.

    >>> normalize("The CP of Britain (M-L)")
    'communist party of britain m l'
    >>> normalize("Party of Labour of Iran")
    'party of labor of iran'
    >>> normalize("日本共産党"), normalize("Κομμουνιστικό Κόμμα Ελλάδας")
    ('日本共産党', 'κομμουνιστικο κομμα ελλαδασ')
    """
    words = [ABBREVIATIONS.get(w, w) for w in fold(name.replace("&", " and ")).split()]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=65536)
def loose(name: str) -> str:
    """:func:`normalize` with initials joined (``C.P.``, ``M.-L.``) before abbreviations
    are expanded: names equal in this form only are possible duplicates.

    >>> loose("C.P. of Britain (M.-L.)") == normalize("CP of Britain (ML)")
    True
    """
    words, run = [], []
    for word in fold(name.replace("&", " and ")).split() + [""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        words.append("".join(run)) if len(run) > 1 else words.extend(run)
        run = []
        words.append(word)
    return normalize(" ".join(w for w in words if w))


def numbers(key: str) -> list[str]:
    """The numbers a normalized name holds: names with different numbers never match.

    >>> numbers("freedonian party number 12")
    ['12']
    """
    return re.findall(r"\d+", key)


@lru_cache(maxsize=65536)  # asked for every known name at every fuzzy comparison
def qualifier(name: str) -> str:
    """The parenthesized part of a name, normalized ('' if none).

    >>> qualifier("Communist Party of Colombia (Marxist-Leninist)")
    'marxist leninist'
    """
    return " ".join(normalize(q) for q in re.findall(r"\(([^)]*)\)", name))


class EmptyNameError(InputError):
    """A name with nothing to tell it apart: no letters or digits once folded."""


def check_name(label: str, name: str, origin: Origin | None = None) -> None:
    """Refuse a name that normalizes to nothing (``()``, ``The``, ``—``).

    >>> check_name("Party", "The")
    Traceback (most recent call last):
    ...
    partygraph.loaders.resolve.EmptyNameError: Party name 'The' has no letters or digits to ...
      fix: write the organization's name (in any script)
    """
    if not normalize(name):
        where = {"file": origin.file, "line": origin.line} if origin else {}
        raise EmptyNameError(f"{label} name {name!r} has no letters or digits to tell it "
                             "apart", **where, fix="write the organization's name (in any script)")


@dataclass
class Entity:
    """A real-world thing known under one canonical name and its aliases."""

    label: str
    name: str
    aliases: list[str] = field(default_factory=list)
    id: str = ""

    def __post_init__(self) -> None:
        self.id = self.id or node_id(self.label, self.name)

    def names(self) -> list[str]:
        """The canonical name followed by the aliases."""
        return [self.name, *self.aliases]

    def node(self, *, origin: Origin | None = None, **props) -> Node:
        """A Node record for this entity."""
        return Node(self.label, self.name, aliases=list(self.aliases), props=props,
                    origin=origin, id=self.id)


@dataclass
class Resolution:
    """How a mention was resolved: ``exact``, ``fuzzy`` or ``new``."""

    entity: Entity
    how: str
    score: float = 100.0
    note: Note | None = None


class Resolver:
    """Maps mentions to entities, remembering every name it has seen."""

    def __init__(self, places: Gazetteer | None = None):
        self.gazetteer = places or gazetteer()
        self.entities: dict[str, Entity] = {}
        self._names: dict[str, set[str]] = {}  # normalized name -> entity ids
        # (qualifier, numbers...) -> label -> the normalized names, and the ids of the
        # entities they name: only names of one bucket are compared
        self._keys: dict[tuple, dict[str, list[str]]] = {}
        self._key_ids: dict[tuple, dict[str, set[str]]] = {}
        self._filed: set[tuple] = set()  # (bucket, label, name) in _keys
        self._distinct: set[frozenset[str]] = set()
        self._distinct_names: set[str] = set()  # every name of a distinct pair
        self._loose: dict[tuple[str, str], set[str]] = {}  # (label, loose name) -> ids
        self._countries: dict[str, CountryMatch | None] = {}  # name -> country it names

    # -- registering -------------------------------------------------------------
    def register(self, label: str, name: str, aliases=(), *, id: str | None = None) -> Entity:
        """Make an entity known by name and aliases; merge with an exact match.

        >>> r = Resolver(); e = r.register("Platform", "International Communist Seminar", ["ICS"])
        >>> r.lookup("ICS").id
        'platform:international-communist-seminar'
        """
        for alias in [name, *aliases]:
            check_name(label, alias)
        entity = self._exact(label, name)
        if entity is None:
            entity = Entity(label, name, id=id or "")
            if entity.id in self.entities:  # same slug, different spelling
                entity = self.entities[entity.id]
            self.entities[entity.id] = entity
        for alias in [name, *aliases]:
            self._add_name(entity, alias)
        return entity

    def _add_name(self, entity: Entity, name: str, *, matchable: bool = True) -> None:
        """Know ``name`` as one of the entity's; ``matchable``: fuzzy matching may compare
        other names with it (not for a spelling that was itself a fuzzy match, so that
        merges never chain: each is against a declared name)."""
        if name != entity.name and name not in entity.aliases:
            entity.aliases.append(name)
        key = normalize(name)
        self._loose.setdefault((entity.label, loose(name)), set()).add(entity.id)
        if matchable:  # file it under its qualifier and label
            spelled = entity.name if normalize(entity.name) == key else name
            qual = (qualifier(spelled), *numbers(key))  # only these can ever match
            if (qual, entity.label, key) not in self._filed:
                self._filed.add((qual, entity.label, key))
                self._keys.setdefault(qual, {}).setdefault(entity.label, []).append(key)
            self._key_ids.setdefault(qual, {}).setdefault(entity.label, set()).add(entity.id)
        self._names.setdefault(key, set()).add(entity.id)

    def distinct(self, a: str, b: str) -> None:
        """Never match these two names to each other."""
        self._distinct.add(frozenset((normalize(a), normalize(b))))
        self._distinct_names.update((normalize(a), normalize(b)))

    def load_aliases(self, path: str | Path) -> None:
        """Read an aliases file: ``entities`` (label, name, aliases) and ``distinct`` pairs."""
        path = Path(path)
        data = load_yaml(path) or LineDict()
        if not isinstance(data, LineDict):
            raise InputError("an aliases file is a mapping with `entities` and `distinct`",
                             file=path, line=1, fix="start it with `entities:` (see seeds/)")
        for key in ("entities", "distinct"):
            if not isinstance(data.get(key) or [], list):
                raise InputError(f"`{key}` must be a list", file=path, line=data.line_of(key),
                                 fix=f"write each entry of `{key}` on its own `- ` line")
        for index, raw in enumerate(data.get("entities") or []):
            if not isinstance(raw, dict) or not raw.get("name") or not raw.get("label"):
                raise InputError("an alias entry needs `label` and `name`", file=path,
                                 line=data.item_line("entities", index),
                                 fix="write `- {label: Party, name: ..., aliases: [...]}`")
            aliases = raw.get("aliases") or []
            if not isinstance(aliases, list):
                raise InputError("`aliases` must be a list", file=path, line=raw.line,
                                 fix="write `aliases: [WPB, PTB]`")
            self.register(raw["label"], raw["name"], [str(a) for a in aliases])
        for index, pair in enumerate(data.get("distinct") or []):
            if (not isinstance(pair, list) or len(pair) != 2
                    or not all(isinstance(name, str) for name in pair)):
                raise InputError("each `distinct` entry is a pair of names", file=path,
                                 line=data.item_line("distinct", index),
                                 fix="write `- [Belgian Labor Party, Workers' Party of Belgium]`")
            both = self._names.get(normalize(pair[0]), set()) & self._names.get(
                normalize(pair[1]), set())
            if both:
                raise InputError(f"{pair[0]!r} and {pair[1]!r} are listed as `distinct` but are "
                                 f"names of one entity ({self.entities[min(both)].name!r})",
                                 file=path, line=data.item_line("distinct", index),
                                 fix="remove the pair from `distinct`, or the alias from "
                                     "`entities`")
            self.distinct(*pair)

    # -- finding -----------------------------------------------------------------
    def _exact(self, label: str | None, name: str) -> Entity | None:
        ids = [i for i in self._names.get(normalize(name), ()) if
               label is None or self.entities[i].label == label]
        return self.entities[ids[0]] if len(ids) == 1 else None

    def find(self, label: str | None, name: str) -> Entity | None:
        """The one entity (of ``label``) with this exact name or alias, else None."""
        return self._exact(label, name)

    def lookup(self, ref: str, *, origin: Origin | None = None) -> Entity:
        """Find an entity by exact name or alias; ``Label:Name`` narrows the label.

        Raises :class:`InputError` naming the closest names when nothing or
        several entities match.
        """
        label, _, name = ref.partition(":") if re.match(r"^[A-Z][A-Za-z]+:", ref) else ("", "", ref)
        name = name.strip()
        ids = sorted(i for i in self._names.get(normalize(name), ())
                     if not label or self.entities[i].label == label)
        where = {"file": origin.file, "line": origin.line} if origin else {}
        if len(ids) == 1:
            return self.entities[ids[0]]
        if len(ids) > 1:
            options = ", ".join(f"{self.entities[i].label}:{self.entities[i].name}" for i in ids)
            raise InputError(f"{ref!r} names several nodes: {options}", **where,
                             fix="write it as Label:Name to say which")
        close = self._candidates(label or None, name, limit=3)
        hint = "; did you mean " + " or ".join(repr(e.name) for _, e in close) if close else ""
        raise InputError(f"no node named {ref!r}", **where,
                         fix=f"declare it under `nodes:` or correct the spelling{hint}")

    def _candidates(self, label: str | None, name: str, limit: int = 2, at_least: float = 0.0):
        key, qual = normalize(name), qualifier(name)
        bucket = (qual, *numbers(key))
        country = self.gazetteer.find_in(name)
        # Only names with the same qualifier (and label) can match. rapidfuzz scores them in
        # one pass, best first; the checks below are the slow part, so they stop as soon as
        # no name left can change the ranking: checking every name against every other in
        # Python made long lists of parties quadratic. Of names scored the same, the first
        # known counts.
        keys, ids = self._keys.get(bucket, {}), self._key_ids.get(bucket, {})
        labels = [label] if label else list(keys)
        choices = keys.get(label, []) if label else [k for lab in labels for k in keys[lab]]
        everyone = sum(len(ids.get(lab, ())) for lab in labels)
        for chunk in (8 * limit, None):
            best: dict[str, float] = {}
            scored = process.extract(key, choices, scorer=fuzz.ratio,
                                     score_cutoff=max(at_least - 0.05, 0), limit=chunk)
            settled = False
            for other, raw, _ in scored:
                score = round(raw, 1)
                if score < at_least or score <= 0:
                    continue
                if len(best) >= limit and score <= sorted(best.values())[-limit] or \
                        len(best) == everyone:
                    settled = True
                    break
                for entity_id in sorted(self._names[other]):
                    entity = self.entities[entity_id]
                    if entity_id in best or label and entity.label != label:
                        continue  # (in best: from a name scored as high, or higher)
                    if self._kept_apart(key, other, entity):
                        continue
                    if self._compatible(name, qual, country, other, entity):
                        best[entity_id] = score
            if settled or chunk is None or len(scored) < chunk:
                break
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [(score, self.entities[i]) for i, score in ranked]

    def _kept_apart(self, key: str, other: str, entity: Entity) -> bool:
        """Whether the aliases file lists the name ``key`` as distinct from this entity."""
        return key in self._distinct_names and (
            frozenset((key, other)) in self._distinct
            or any(frozenset((key, normalize(n))) in self._distinct for n in entity.names()))

    def _compatible(self, name, qual, country, other_norm, entity) -> bool:
        other_name = next((n for n in entity.names() if normalize(n) == other_norm), entity.name)
        if qualifier(other_name) != qual or numbers(normalize(name)) != numbers(other_norm) \
                or kept_apart(normalize(name), other_norm):  # "New", "in" against "of"
            return False
        if other_name not in self._countries:
            self._countries[other_name] = self.gazetteer.find_in(other_name)
        other_country = self._countries[other_name]
        if not (country and other_country):
            return True
        mine = set(country.candidates) or {country.text}
        theirs = set(other_country.candidates) or {other_country.text}
        return bool(mine & theirs)  # both name countries: they must be able to coincide

    def resolve(self, label: str, name: str, *, origin: Origin | None = None) -> Resolution:
        """Resolve a mention to an entity, creating one when nothing matches."""
        name = " ".join(name.split())
        check_name(label, name, origin)
        exact = self._exact(label, name)
        if exact is not None:
            return Resolution(exact, "exact")
        where = str(origin) if origin else ""
        ranked = self._candidates(label, name, at_least=REVIEW)  # below REVIEW changes nothing
        if ranked:
            score, best = ranked[0]
            runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
            if score >= SAME and score - runner_up >= 3:
                self._add_name(best, name, matchable=False)
                note = Note("fuzzy-match", f"{label} {name!r} taken as {best.name!r} "
                            f"(score {score:.0f})", where)
                return Resolution(best, "fuzzy", score, note)
            if score >= REVIEW:
                entity = self.register(label, name)
                note = Note("possible-duplicate", f"{label} {name!r} kept apart from "
                            f"{best.name!r} (score {score:.0f}); if they are one, add an alias "
                            "in seeds/aliases.yaml, else list them under `distinct`", where)
                return Resolution(entity, "new", score, note)
        alike = sorted(self._loose.get((label, loose(name)), ()))
        entity = self.register(label, name)
        alike = [i for i in alike if i != entity.id
                 and not self._kept_apart(normalize(name), normalize(self.entities[i].name),
                                          self.entities[i])]
        if alike:
            other = self.entities[alike[0]]
            note = Note("possible-duplicate", f"{label} {name!r} kept apart from "
                        f"{other.name!r} (the same but for abbreviations or initials); if they "
                        "are one, add an alias in seeds/aliases.yaml, else list them under "
                        "`distinct`", where)
            return Resolution(entity, "new", 0.0, note)
        return Resolution(entity, "new", 0.0)

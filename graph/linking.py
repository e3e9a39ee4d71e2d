"""The corpus linked to the datasets: a party of the documents is the dataset's party when
its names, its country and its era agree, never by name alone.

A curated party (from documents, facts or records) and a dataset party are one
node when a name or alias of one equals a name or alias of the other (compared
normalized: case, accents, "CP", "Labour"; a leading demonym as "of <country>"),
they are based in the same country,
and their eras overlap (a party at a 1995 meeting is not the one dissolved in
1956). A qualifier in brackets or a word such as "New" makes another name, so
it keeps them apart by itself. ``aliases.yaml`` may state a link
(``same_as: partyfacts:302``) or refuse one (``not_same_as: ...``). Every
decision goes to the build report: the link with its reason, or the best
candidate and why it was refused.

>>> from partygraph.records import Edge, Node
>>> seed = Node("Party", "Communist Party of Belgium", props={"founded": 1921})
>>> pf = Node("Party", "Communist Party", ["Communist Party of Belgium"],
...           {"partyfacts_id": 302, "founded": 1921, "dissolved": 1989},
...           id="party:partyfacts-302")
>>> edges = [Edge("BASED_IN", n.id, "country:be", {}) for n in (seed, pf)]
>>> links, notes = link([seed, pf], edges, {pf.id})
>>> links, notes[0].kind
({'party:partyfacts-302': 'party:communist-party-of-belgium'}, 'linked')
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from partygraph.errors import InputError
from partygraph.identity import ID_PRIORITY
from partygraph.loaders.resolve import REVIEW, normalize
from partygraph.records import Edge, Node, Note
from partygraph.yamlfile import LineDict, load_yaml

REF = re.compile(r"^(partyfacts|parlgov):(\d+)$")
# demonyms of regions the gazetteer maps to their state: a Flemish party is not Belgium's
REGIONAL = frozenset({"flemish", "walloon", "scottish", "welsh", "english", "basque",
                      "catalan", "corsican", "breton", "bavarian", "sardinian", "galician"})


def _years(node: Node, edges: Iterable[Edge]) -> tuple[int | None, int | None]:
    """The years a node is known in: its own dates, and those of its relationships."""
    years = [node.props[k] for k in ("founded", "dissolved") if isinstance(node.props.get(k),
                                                                         int)]
    for edge in edges:
        for key in ("year", "date", "start", "end"):
            found = re.match(r"^(\d{4})", str(edge.props.get(key) or ""))
            if found:
                years.append(int(found.group(1)))
    return (min(years), max(years)) if years else (None, None)


def _overlap(seen: tuple[int | None, int | None], node: Node) -> bool:
    lo, hi = seen
    start, end = node.props.get("founded"), node.props.get("dissolved")
    if lo is None:
        return True
    return not ((isinstance(start, int) and hi < start - 1)
                or (isinstance(end, int) and lo > end + 1))


def statements(path: Path) -> tuple[dict[str, str], dict[str, set[str]]]:
    """``links:`` of an aliases file: ``{name: ref}`` stated, ``{name: {refs}}`` refused."""
    if not path.is_file():
        return {}, {}
    data = load_yaml(path) or LineDict()
    same, refused = {}, defaultdict(set)
    for index, raw in enumerate(data.get("links") or [] if isinstance(data, dict) else []):
        where = {"file": path, "line": data.item_line("links", index)}
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not (
                REF.match(str(raw.get("same_as", ""))) or REF.match(str(raw.get("not_same_as",
                                                                                  "")))):
            raise InputError("a link is `{name: NAME, same_as: partyfacts:ID}` (or "
                             "`not_same_as:`)", **where,
                             fix="write `- {name: Communist Party of Belgium, same_as: "
                                 "partyfacts:302}`")
        if raw.get("same_as"):
            same[normalize(raw["name"])] = str(raw["same_as"])
        if raw.get("not_same_as"):
            refused[normalize(raw["name"])].add(str(raw["not_same_as"]))
    return same, refused


def country_free(name: str) -> str | None:
    """The name without the country it names, when that is a leading demonym or an
    "of <country>" (never "in <country>": the Communist Party in Denmark is another
    party), so "Belgian Communist Party" and "Communist Party of Belgium" compare equal.

    >>> country_free("Belgian Communist Party"), country_free("Communist Party of Belgium")
    ('~communist party|BE', '~communist party|BE')
    >>> country_free("Communist Party in Denmark") is None
    True
    """
    from partygraph.loaders.countries import gazetteer

    found = gazetteer().find_in(name)
    if found is None or not found.iso2 or normalize(found.text) not in _country_words():
        return None  # a region or a city ("of Flanders") is part of the name
    words, place = normalize(name).split(), normalize(found.text).split()
    at = next((i for i in range(len(words) - len(place) + 1)
               if words[i:i + len(place)] == place), None)
    if at is None:
        return None
    start = at
    if at >= 2 and words[at - 2:at] == ["of", "the"]:
        start = at - 2
    elif at >= 1 and words[at - 1] == "of":
        start = at - 1
    elif at != 0:
        return None
    rest = words[:start] + words[at + len(place):]
    return f"~{' '.join(rest)}|{found.iso2}" if rest else None


@functools.cache
def _country_words() -> frozenset[str]:
    """Country names (ISO 3166's) and demonyms, normalized; not the gazetteer's other
    names, which include regions (Flanders, Scotland) whose parties are others."""
    import pycountry

    from partygraph.loaders.countries import PLACES

    data = load_yaml(PLACES)
    words = {normalize(str(n)) for n in (data.get("demonyms") or {})} - REGIONAL
    for country in pycountry.countries:
        words |= {normalize(getattr(country, a)) for a in ("name", "common_name",
                                                           "official_name")
                  if getattr(country, a, None)}
    return frozenset(words)


def _keys(names: Iterable[str]) -> set[str]:
    keys = set()
    for name in names:
        keys.add(normalize(name))
        free = country_free(name)
        if free:
            keys.add(free)
    return keys


def _codes(countries: Iterable[str]) -> str:
    """Country node ids as ISO codes: ``country:be`` -> ``BE``."""
    return ", ".join(sorted(c.split(":")[-1].upper() for c in countries))


def _ref(node: Node) -> set[str]:
    return {f"{p.removesuffix('_id')}:{node.props[p]}" for p in ID_PRIORITY if p in node.props}


def link(nodes: list[Node], edges: list[Edge], tabled: set[str], *,
         aliases: Path | None = None) -> tuple[dict[str, str], list[Note]]:
    """``{dataset node id: curated node id}`` for each link made, and the notes."""
    same, refused = statements(aliases) if aliases else ({}, {})
    country: dict[str, set[str]] = defaultdict(set)
    touching: dict[str, list[Edge]] = defaultdict(list)
    for edge in edges:
        touching[edge.start].append(edge)
        touching[edge.end].append(edge)
        if edge.type == "BASED_IN":
            country[edge.start].add(edge.end)
    index: dict[str, list[Node]] = defaultdict(list)  # name key -> dataset parties
    in_country: dict[str, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
    by_ref: dict[str, Node] = {}
    for node in nodes:
        if node.id in tabled and node.label == "Party":
            for key in _keys((node.name, *node.aliases)):
                index[key].append(node)
                for place in country[node.id]:
                    in_country[place][key].append(node)
            for ref in _ref(node):
                by_ref[ref] = node
    links, notes = {}, []
    for node in nodes:
        if node.label != "Party" or node.id in tabled or any(p in node.props for p in
                                                             ID_PRIORITY):
            continue
        keys = _keys((node.name, *node.aliases))
        stated = next((same[k] for k in keys if k in same), None)
        no = set().union(*(refused.get(k, set()) for k in keys))
        if stated:
            target = by_ref.get(stated)
            if target is None:
                notes.append(Note("not-linked", f"{node.name!r}: aliases.yaml links it to "
                                  f"{stated}, which no dataset in the corpus has"))
                continue
            links[target.id] = node.id
            notes.append(Note("linked", f"{node.name!r} is {stated} ({target.name!r}): "
                              "stated in aliases.yaml"))
            continue
        era = _years(node, touching[node.id])
        named = {c.id: c for k in keys for c in index.get(k, [])}
        exact = {c.id for k in keys if not k.startswith("~") for c in index.get(k, [])}
        fits, refusals = [], []
        for candidate in named.values():
            why = None
            if _ref(candidate) & no:
                why = "refused in aliases.yaml"
            elif not country[node.id]:
                why = "the document gives no country to compare"
            elif not country[node.id] & country[candidate.id]:
                why = f"another country ({_codes(country[candidate.id]) or 'none'})"
            elif not _overlap(era, candidate):
                why = (f"another era ({candidate.props.get('founded', '?')}-"
                       f"{candidate.props.get('dissolved', '')}, seen here {era[0]}-{era[1]})")
            elif candidate.id not in exact and (era[0] is None or "founded" not in
                                                candidate.props):
                why = ("the names agree only once their country words are set aside, and "
                       "there are no years to compare eras")
            (refusals if why else fits).append((candidate, why))
        if len(fits) == 1 and fits[0][0].id not in links:
            target = fits[0][0]
            links[target.id] = node.id
            notes.append(Note("linked", f"{node.name!r} is {', '.join(sorted(_ref(target)))} "
                              f"({target.name!r}): score 100, same name, country "
                              f"{_codes(country[node.id])}, "
                              + (f"eras overlap (seen {era[0]}-{era[1]})" if era[0] else
                                 "no years to compare")))
        elif len(fits) > 1:
            options = ", ".join(f"{c.name!r} ({', '.join(sorted(_ref(c)))})" for c, _ in fits)
            notes.append(Note("not-linked", f"{node.name!r}: several dataset parties fit "
                              f"({options}); state one with `same_as:` in aliases.yaml"))
        elif refusals:
            best, why = refusals[0]
            notes.append(Note("same-name-another-party", f"{node.name!r}: same name as "
                              f"{best.name!r} ({', '.join(sorted(_ref(best)))}), refused: {why}"))
        elif index:
            near: dict[str, list[Node]] = defaultdict(list)
            for place in country[node.id]:
                for key, found in in_country[place].items():
                    near[key] += found
            best = _closest(keys, near if country[node.id] else index)
            where = "of its country " if country[node.id] else ""
            notes.append(Note("not-linked", f"{node.name!r}: no dataset party {where}has this "
                              "name; " + (f"closest {best[1].name!r} ("
                                          f"{', '.join(sorted(_ref(best[1])))}, score "
                                          f"{best[0]:.0f}): not the same name" if best else
                                          f"none scores {REVIEW:.0f} or more")))
    return links, notes


def _closest(keys: set[str], index: dict[str, list[Node]]):
    """The best-scoring dataset party for any of ``keys`` at REVIEW or more: (score, node)."""
    from rapidfuzz import fuzz, process

    best, choices = None, list(index)
    for key in keys:
        found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=REVIEW)
        if found and (best is None or found[1] > best[0]):
            best = (found[1], index[found[0]][0])
    return best

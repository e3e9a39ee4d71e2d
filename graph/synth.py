"""Synthetic corpora for scale tests: realistic shape, every fact with a quote.

``synthesize(parties=N, seed=S, out=DIR)`` writes documents (conference
lists and party histories), a catalog, and ``records.jsonl``: the nodes and
relationships in the loaders' record format, each relationship citing a line
of a document. Attendance is heavy-tailed (a few parties attend many
meetings, most few), about five attendances per party; lineage has splits,
mergers and renamings, and some parties split and later re-merge (cycles);
people lead parties, parties publish papers.

>>> import tempfile
>>> out = synthesize(parties=200, seed=1, out=tempfile.mkdtemp())
>>> counts = out["counts"]; counts["Party"], counts["ATTENDED"] > 600
(200, True)
"""

from __future__ import annotations

import json
import random
from collections import Counter
from itertools import accumulate
from pathlib import Path

import pycountry

from partygraph.records import Edge, Node, node_id

PREFIXES = ["Communist", "Workers'", "Revolutionary Communist", "Socialist Workers'", "People's",
            "United Communist", "Marxist-Leninist Communist", "Labour", "New Communist",
            "Progressive"]
HEADS = ["Party", "Party", "Party", "League", "Organization"]
SERIES = ["International Meeting", "Regional Conference", "Seminar", "Forum",
          "Consultative Meeting"]
CITIES = ["Athens", "Lisbon", "Havana", "Hanoi", "Beirut", "Brussels", "Paris", "Quito", "Minsk",
          "Izmir", "Caracas", "Kathmandu", "Johannesburg", "Moscow", "Damascus", "Oslo"]
FIRST = ["Ana", "Boris", "Carlos", "Dimitra", "Elena", "Farid", "Georges", "Hoa", "Ines", "Jorge",
         "Kostas", "Lina", "Marta", "Nikos", "Olga", "Pedro", "Rosa", "Sami", "Tomas", "Vera"]
LAST = ["Silva", "Petrov", "Nguyen", "Haddad", "Dupont", "Garcia", "Papadopoulos", "Kovacs",
        "Moreau", "Rossi", "Novak", "Jensen", "Costa", "Ivanova", "Suarez", "Mensah"]
CONFERENCES_PER_DOCUMENT = 50
MAX_MEETING = 120  # the largest real meetings gather about a hundred parties
PARTIES_PER_HISTORY = 1000


def _cite(doc_id: str, quote: str, **props) -> dict:
    return {"source": doc_id, "quote": quote, **props}


def synthesize(*, parties: int, seed: int = 42, out: str | Path,
               attendances_per_party: float = 5.0) -> dict:
    """Write a synthetic corpus to ``out``; return its path and counts."""
    rng = random.Random(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    countries = sorted(pycountry.countries, key=lambda c: c.alpha_2)
    nodes: list[Node] = []
    edges: list[Edge] = []
    documents: list[tuple[str, str, str]] = []  # (id, title, text)
    party_names, party_country = [], []
    for i in range(parties):
        country = countries[rng.randrange(len(countries))]
        name = f"{rng.choice(PREFIXES)} {rng.choice(HEADS)} of {country.name.split(',')[0]} {i}"
        party_names.append(name)
        party_country.append(country)
    # heavy tail: weight ~ 1/rank^0.8
    order = list(range(parties))
    rng.shuffle(order)
    weights = [0.0] * parties
    for rank, p in enumerate(order, start=1):
        weights[p] = 1.0 / rank ** 0.8
    population = range(parties)
    cumulative = list(accumulate(weights))
    total = int(parties * attendances_per_party)
    n_platforms = max(3, parties // 2000)
    platforms = [f"{SERIES[k % len(SERIES)]} of Communist and Workers' Parties {k + 1}"
                 for k in range(n_platforms)]
    conferences = []
    made = 0
    while made < total:
        k = len(conferences)
        size = min(parties, MAX_MEETING, max(5, int(rng.paretovariate(1.6) * 12)))
        platform = k % n_platforms
        year = 1950 + (k // n_platforms) % 75
        city = rng.choice(CITIES)
        attendees = sorted(set(rng.choices(population, cum_weights=cumulative, k=size)))
        conferences.append((k, platform, year, city, attendees))
        made += len(attendees)
    used_countries: dict[str, Node] = {}
    # conference documents: 50 conferences each, one line per attendance
    for start in range(0, len(conferences), CONFERENCES_PER_DOCUMENT):
        doc_id = f"synth-conferences-{start // CONFERENCES_PER_DOCUMENT:05d}"
        lines = [f"Synthetic conference reports, part {start // CONFERENCES_PER_DOCUMENT}", ""]
        part = conferences[start:start + CONFERENCES_PER_DOCUMENT]
        for k, platform, year, city, attendees in part:
            conf_name = f"{platforms[platform]} ({city}, {year}) #{k}"
            conf = Node("Conference", conf_name, props={"year": year, "city": city})
            header = f"Conference #{k}: {platforms[platform]}, {city}, {year}"
            lines += [header, "Delegations:"]
            nodes.append(conf)
            edges.append(Edge("PART_OF", conf.id, node_id("Platform", platforms[platform]),
                              _cite(doc_id, header, year=year)))
            edges.append(Edge("MENTIONS", doc_id, conf.id, _cite(doc_id, header)))
            for p in attendees:
                line = f"#{k} {party_names[p]}"
                lines.append(line)
                role = "participant" if rng.random() > 0.08 else "supporter"
                edges.append(Edge("ATTENDED", node_id("Party", party_names[p]), conf.id,
                                  _cite(doc_id, line, role=role, year=year)))
            lines.append("")
        documents.append((doc_id, f"Synthetic conference reports {start}", "\n".join(lines)))
    # party histories: founding country, lineage, leaders, papers
    party_ids = [node_id("Party", n) for n in party_names]
    for start in range(0, parties, PARTIES_PER_HISTORY):
        doc_id = f"synth-history-{start // PARTIES_PER_HISTORY:05d}"
        lines = [f"Synthetic party histories, part {start // PARTIES_PER_HISTORY}", ""]
        for p in range(start, min(parties, start + PARTIES_PER_HISTORY)):
            country = party_country[p]
            line = f"The {party_names[p]} is based in {country.name}."
            lines.append(line)
            nodes.append(Node("Party", party_names[p], props={"kind": "party",
                                                               "founded": 1900 + p % 120}))
            edges.append(Edge("MENTIONS", doc_id, party_ids[p], _cite(doc_id, line)))
            country_node = used_countries.setdefault(country.alpha_2, Node(
                "Country", getattr(country, "common_name", None) or country.name,
                id=f"country:{country.alpha_2.lower()}",
                props={"iso2": country.alpha_2, "iso3": country.alpha_3}))
            edges.append(Edge("BASED_IN", party_ids[p], country_node.id, _cite(
                doc_id, line, name_in_source=country.name)))
            if rng.random() < 0.3:
                person = f"{rng.choice(FIRST)} {rng.choice(LAST)} {p}"
                pline = f"{person} led the {party_names[p]}."
                lines.append(pline)
                nodes.append(Node("Person", person))
                edges.append(Edge("LEADER_OF", node_id("Person", person), party_ids[p],
                                  _cite(doc_id, pline, role="leader")))
                edges.append(Edge("MENTIONS", doc_id, node_id("Person", person),
                                  _cite(doc_id, pline)))
            if rng.random() < 0.15:
                paper = f"Voice of the Workers {p}"
                bline = f"The {party_names[p]} publishes {paper}."
                lines.append(bline)
                nodes.append(Node("Publication", paper))
                edges.append(Edge("PUBLISHES", party_ids[p], node_id("Publication", paper),
                                  _cite(doc_id, bline)))
                edges.append(Edge("MENTIONS", doc_id, node_id("Publication", paper),
                                  _cite(doc_id, bline)))
        # lineage inside this part: splits, mergers, renamings, and split-then-remerge cycles
        members = list(range(start, min(parties, start + PARTIES_PER_HISTORY)))
        for j in range(0, len(members) - 3, 25):
            a, b, c = members[j], members[j + 1], members[j + 2]
            year = 1960 + j % 60
            kind = ("split", "merger", "renaming", "cycle")[(j // 25) % 4]
            if kind in ("split", "cycle"):
                event = Node("Split", f"{year} split of the {party_names[a]}",
                             props={"year": year, "kind": "synthetic"})
                sline = (f"In {year} the {party_names[a]} split into the {party_names[b]} "
                         f"and the {party_names[c]}.")
                lines.append(sline)
                nodes.append(event)
                edges += [Edge("SPLIT", party_ids[a], event.id, _cite(doc_id, sline, year=year)),
                          Edge("PRODUCED", event.id, party_ids[b], _cite(doc_id, sline)),
                          Edge("PRODUCED", event.id, party_ids[c], _cite(doc_id, sline)),
                          Edge("MENTIONS", doc_id, event.id, _cite(doc_id, sline))]
            if kind in ("merger", "cycle"):
                merged_into = a if kind == "cycle" else c
                year2 = year + 10
                event = Node("Merger", f"{year2} merger into the {party_names[merged_into]}",
                             props={"year": year2})
                mline = (f"In {year2} the {party_names[b]} and the "
                         f"{party_names[c if kind == 'cycle' else a]} merged into the "
                         f"{party_names[merged_into]}.")
                lines.append(mline)
                nodes.append(event)
                first, second = (b, c) if kind == "cycle" else (b, a)
                edges += [Edge("MERGED", party_ids[first], event.id, _cite(doc_id, mline)),
                          Edge("MERGED", party_ids[second], event.id, _cite(doc_id, mline)),
                          Edge("PRODUCED", event.id, party_ids[merged_into],
                               _cite(doc_id, mline, year=year2)),
                          Edge("MENTIONS", doc_id, event.id, _cite(doc_id, mline))]
            if kind == "renaming":
                rline = f"In {year} the {party_names[a]} took the name {party_names[b]}."
                lines.append(rline)
                edges.append(Edge("SUCCEEDED_BY", party_ids[a], party_ids[b],
                                  _cite(doc_id, rline, kind="renaming", year=year)))
        documents.append((doc_id, f"Synthetic party histories {start}", "\n".join(lines)))
    platform_doc = "synth-platforms"
    plines = ["Synthetic platforms", ""] + [f"The {name} is a standing series of meetings."
                                            for name in platforms]
    for name, line in zip(platforms, plines[2:], strict=True):
        nodes.append(Node("Platform", name))
        edges.append(Edge("MENTIONS", platform_doc, node_id("Platform", name),
                          _cite(platform_doc, line)))
    documents.append((platform_doc, "Synthetic platforms", "\n".join(plines)))
    nodes += list(used_countries.values())
    for doc_id, _, text in documents:
        (out / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
    catalog = ["# A synthetic corpus written by `partygraph synth`: for scale tests only.",
               "documents:"]
    catalog += [f"  - {{id: {doc_id}, file: {doc_id}.txt, title: \"{title}\", kind: other}}"
                for doc_id, title, _ in documents]
    (out / "catalog.yaml").write_text("\n".join(catalog) + "\n", encoding="utf-8")
    with (out / "records.jsonl").open("w", encoding="utf-8") as handle:
        for record in (*nodes, *edges):
            handle.write(json.dumps(record.to_dict()) + "\n")
    counts = Counter(n.label for n in nodes) + Counter(e.type for e in edges)
    return {"path": out, "counts": dict(counts), "documents": len(documents)}

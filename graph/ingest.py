"""Ingest: accept a document's extracted candidates into the corpus.

The document is copied into the corpus folder, cataloged, and its accepted
candidates written to ``facts/<id>.yaml`` with their quotes, so the next
``partygraph build`` includes them. Parties matched to the graph are written
under the graph's name (one node, no duplicate); a known series links the
meeting to its platform. The corpus is checked as a build would check it; on
any error every file is restored and nothing is left half-written. Nothing is
ever overwritten: an id another document holds gets a new one (``<id>-2``), and
a document whose facts file exists already is refused.

Example::

    result = ingest("report.txt", "seeds")
    result.facts_path      # seeds/facts/report.yaml
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from partygraph.build import collect, graph_knowledge
from partygraph.errors import InputError
from partygraph.loaders.corpus import CATALOG, read_text
from partygraph.loaders.extract import Extraction, extract
from partygraph.loaders.meeting import MeetingFacts
from partygraph.loaders.structure import read_lists
from partygraph.records import slug

ROLES = ("participant", "supporter", "observer", "host", "absent", "mentioned")
ATTENDING = {"participant": "participant", "supporter": "supporter", "observer": "observer",
             "host": "participant"}


@dataclass
class IngestResult:
    """What ingest wrote."""

    document_id: str
    document_path: Path
    facts_path: Path
    nodes: int
    relationships: int
    skipped: list[str]
    notices: list[str] = field(default_factory=list)  # decisions the user should know of


def ordinal(n: int) -> str:
    """An ordinal as text.

    >>> [ordinal(i) for i in (1, 2, 3, 11, 22)]
    ['1st', '2nd', '3rd', '11th', '22nd']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def facts_for(extraction: Extraction, doc_id: str, text: str, *, roles=ROLES, exclude=(),
              platforms: set[str] = frozenset()) -> tuple[dict, list[str]]:
    """The fact-file content for accepted candidates, and what was left out and why."""
    nodes, relationships, skipped = [], [], []
    meeting = extraction.meeting
    conference = None
    listed = [(p.offset, p.items[-1].offset) for p in read_lists(text) if p.items]
    if meeting.series and (meeting.year or meeting.city):
        conference = MeetingFacts(meeting.series, meeting.edition, meeting.year,
                                  city=meeting.city,
                                  ordinal=ordinal(meeting.edition) if meeting.edition else None
                                  ).name()
        props = {k: v for k, v in meeting.as_dict().items()
                 if k in ("year", "date", "city", "edition", "parties_stated", "countries_stated")
                 and v is not None}
        nodes.append({"label": "Conference", "name": conference, **props,
                      "quote": meeting.quotes["series"]})
        if meeting.series not in platforms:
            nodes.append({"label": "Platform", "name": meeting.series,
                          "quote": meeting.quotes["series"]})
        relationships.append({"type": "PART_OF", "from": conference,
                              "to": f"Platform:{meeting.series}",
                              "quote": meeting.quotes["series"]})
        if meeting.country and meeting.quotes.get("place"):
            relationships.append({"type": "HELD_IN", "from": conference,
                                  "to": f"Country:{meeting.country}",
                                  "quote": meeting.quotes["place"]})
    else:
        skipped.append("no meeting series with a year or place: no attendance written")
    for party in extraction.parties:
        if party.name in exclude or party.spelled in exclude or party.role not in roles:
            skipped.append(f"{party.name}: left out ({party.role})")
            continue
        if any(start <= party.start <= end for start, end in listed):
            skipped.append(f"{party.name}: in a list the build reads itself")
            continue
        name = party.match["name"] if party.match else party.name
        node = {"label": "Party", "name": name, "kind": party.kind, "quote": party.quote}
        if party.spelled != name and "(" not in party.spelled and len(party.spelled) < 80:
            node["aliases"] = [party.spelled]
        if party.country:
            node["country"] = party.country
        nodes.append(node)
        if conference and party.role in ATTENDING:
            relationships.append({"type": "ATTENDED", "from": f"Party:{name}", "to": conference,
                                  "role": ATTENDING[party.role], **_when(meeting),
                                  "quote": party.quote})
        if conference and party.role == "host":
            relationships.append({"type": "ORGANIZED", "from": f"Party:{name}", "to": conference,
                                  "quote": party.quote})
    for person in extraction.persons:
        nodes.append({"label": "Person", "name": person["name"], "quote": person["quote"]})
    for publication in extraction.publications:
        nodes.append({"label": "Publication", "name": publication["name"],
                      "quote": publication["quote"]})
    return {"document": doc_id, "nodes": _unique(nodes), "relationships": relationships}, skipped


def _when(meeting) -> dict:
    return {k: v for k, v in (("year", meeting.year), ("date", meeting.date)) if v is not None}


def _unique(nodes: list[dict]) -> list[dict]:
    seen, kept = set(), []
    for node in nodes:
        key = (node["label"], node["name"])
        if key not in seen:
            seen.add(key)
            kept.append(node)
    return kept


def ingest(path: str | Path, seeds: str | Path, *, roles=ROLES, exclude=()) -> IngestResult:
    """Copy, catalog and write the facts of ``path``; check the corpus; undo on error."""
    path, seeds = Path(path), Path(seeds)
    text = read_text(path)
    target = seeds / path.name
    catalog = seeds / CATALOG
    if target.exists() and target.resolve() != path.resolve() and target.read_text(
            encoding="utf-8") != text:
        raise InputError(f"{target} exists with other text", file=path,
                         fix="rename the new document, or remove the old one first")
    doc_id, notice = choose_id(slug(path.stem), target.name, seeds)
    facts_path = seeds / "facts" / f"{doc_id}.yaml"
    saved = {p: (p.read_bytes() if p.exists() else None) for p in (target, catalog)}
    wrote = False
    try:
        entries, platforms = graph_knowledge(seeds)
        extraction = extract(text, path.name, known=entries, series=platforms)
        content, skipped = facts_for(extraction, doc_id, text, roles=roles, exclude=exclude,
                                     platforms={name for name, _ in platforms})
        if not target.exists():
            shutil.copyfile(path, target)
        _catalog(catalog, doc_id, target.name, text)
        facts_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle = open(facts_path, "x", encoding="utf-8")  # noqa: SIM115 - never over another
        except FileExistsError:
            raise InputError(f"{facts_path} appeared while ingesting", file=facts_path,
                             fix="run ingest again") from None
        with handle:
            handle.write("# Written by `partygraph ingest`: review, edit or delete entries, "
                         "then build.\n"
                         + yaml.safe_dump(content, sort_keys=False, allow_unicode=True,
                                          width=100))
        wrote = True
        collect(seeds)  # the corpus must still build: every quote found, every name known
    except BaseException:
        if wrote:
            facts_path.unlink(missing_ok=True)
        for p, data in saved.items():
            if data is None:
                p.unlink(missing_ok=True)
            else:
                p.write_bytes(data)
        raise
    return IngestResult(doc_id, target, facts_path, len(content["nodes"]),
                        len(content["relationships"]), skipped, [notice] if notice else [])


def catalog_files(seeds: Path) -> dict[str, str]:
    """Catalog id -> file name, as the catalog says now."""
    path = seeds / CATALOG
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(d.get("id")): str(d.get("file")) for d in data.get("documents") or []
            if isinstance(d, dict)}


def choose_id(wanted: str, file: str, seeds: Path) -> tuple[str, str | None]:
    """The catalog id for ``file``: ``wanted``, or the next free ``wanted-N`` when
    another document has it or a facts file by that name exists. A document that is
    cataloged already and has its facts file is refused: reviewed facts are never
    replaced. Returns the id and what was decided, for the user.

    >>> import tempfile; seeds = Path(tempfile.mkdtemp())
    >>> choose_id("report", "report.txt", seeds)
    ('report', None)
    """
    files = catalog_files(seeds)
    facts = seeds / "facts"
    mine = [i for i, f in files.items() if f == file]
    if mine:
        if (facts / f"{mine[0]}.yaml").exists():
            raise InputError(
                f"{file} was ingested already as {mine[0]!r} and {facts / mine[0]}.yaml "
                "holds its facts: reviewed facts are never replaced",
                file=facts / f"{mine[0]}.yaml",
                fix="edit that file by hand, or delete it and ingest again to start over")
        return mine[0], None
    doc_id, n = wanted, 1
    while doc_id in files or (facts / f"{doc_id}.yaml").exists():
        n += 1
        doc_id = f"{wanted}-{n}"
    if doc_id == wanted:
        return doc_id, None
    holder = f"{files[wanted]}" if wanted in files else f"facts/{wanted}.yaml"
    return doc_id, f"the id {wanted!r} belongs to {holder}: cataloged as {doc_id!r}"


def _catalog(catalog: Path, doc_id: str, file: str, text: str) -> None:
    existing = catalog.read_text(encoding="utf-8") if catalog.exists() else "documents:\n"
    data = yaml.safe_load(existing) or {}
    if any(d.get("id") == doc_id for d in data.get("documents") or []):
        return
    title = next((line.strip() for line in text.splitlines() if line.strip()), doc_id)[:200]
    entry = yaml.safe_dump([{"id": doc_id, "file": file, "title": title, "kind": "report",
                             "note": "added by partygraph ingest; check title, publisher, date"}],
                           sort_keys=False, allow_unicode=True, width=100)
    indented = "".join(f"  {line}\n" for line in entry.splitlines())
    catalog.write_text(existing.rstrip("\n") + "\n\n" + indented, encoding="utf-8")

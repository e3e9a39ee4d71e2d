"""The labelled extraction set is well formed: every label file checked against its document.

>>> problems({"document": "a.txt", "meeting": {}, "parties": []}, "too short")[:1]
['a.txt: 2 words (150-600 expected)']
"""

from __future__ import annotations

import re

import pycountry
import pytest

from partygraph.yamlfile import load_yaml

from ..conftest import DATA

LABELLED = DATA / "extraction"
LABELS = sorted(p.name for p in LABELLED.glob("*.expected.yaml"))

ROLES = {"host", "participant", "observer", "supporter", "absent", "mentioned", "member",
         "signatory"}
KINDS = {"party", "union", "youth", "front", "movement", "organization"}
SHAPES = {"prose", "numbered", "bulleted", "per-line", "country-party", "party-country",
          "comma-list", "semicolon-list", "signatories", "members", "wiki", "mixed"}
LANGUAGES = {"en", "fr", "es", "pt", "it", "de", "cs"}
MEETING = ("series", "edition", "year", "date", "city", "country", "parties_stated",
           "countries_stated")
PARTY = ("name", "spelled", "country", "role", "kind")
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
COUNTRIES = {c.alpha_2 for c in pycountry.countries}


def _country(code) -> bool:
    return code is None or code in COUNTRIES


def problems(labels: dict, text: str) -> list[str]:
    """Every way ``labels`` break the conventions of tests/data/extraction/README.md."""
    doc = labels.get("document", "?")
    found = []
    words = len(text.split())
    if not 150 <= words <= 600:
        found.append(f"{doc}: {words} words (150-600 expected)")
    meeting = labels.get("meeting") or {}
    missing = [k for k in MEETING if k not in meeting]
    if missing:
        found.append(f"{doc}: meeting lacks {', '.join(missing)}")
    date, year = meeting.get("date"), meeting.get("year")
    if date is not None and not (isinstance(date, str) and DATE.fullmatch(date)):
        found.append(f"{doc}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    elif date is not None and year is not None and not date.startswith(str(year)):
        found.append(f"{doc}: date {date} disagrees with year {year}")
    if not _country(meeting.get("country")):
        found.append(f"{doc}: meeting country {meeting.get('country')!r} is not ISO alpha-2")
    if labels.get("shape") not in SHAPES:
        found.append(f"{doc}: shape {labels.get('shape')!r} not in {sorted(SHAPES)}")
    if labels.get("language") not in LANGUAGES:
        found.append(f"{doc}: language {labels.get('language')!r} not in {sorted(LANGUAGES)}")
    names, spellings = set(), set()
    parties = labels.get("parties") or []
    for party in parties:
        if any(k not in party for k in PARTY):
            found.append(f"{doc}: {party} lacks one of {PARTY}")
            continue
        name, spelled = party["name"], party["spelled"]
        if spelled not in text:
            found.append(f"{doc}: spelled {spelled!r} is not in the text")
        if name in names or spelled in spellings:
            found.append(f"{doc}: {name!r} ({spelled!r}) appears twice")
        names.add(name)
        spellings.add(spelled)
        if party["role"] not in ROLES:
            found.append(f"{doc}: role {party['role']!r} of {name!r}")
        if party["kind"] not in KINDS:
            found.append(f"{doc}: kind {party['kind']!r} of {name!r}")
        if not _country(party["country"]):
            found.append(f"{doc}: country {party['country']!r} of {name!r}")
    if not parties:
        found.append(f"{doc}: no organizations labelled")
    roles = {p.get("role") for p in parties}
    if roles & {"participant", "observer"} and "host" not in roles:
        found.append(f"{doc}: a meeting with participants but no host")
    return found


@pytest.mark.parametrize("name", LABELS)
def test_label_file_follows_the_conventions(name):
    labels = load_yaml(LABELLED / name)
    assert labels["document"] == name.replace(".expected.yaml", ".txt")
    text = (LABELLED / labels["document"]).read_text(encoding="utf-8")
    assert problems(labels, text) == []


def test_every_document_has_a_label_file():
    texts = {p.name for p in LABELLED.glob("*.txt")}
    assert texts == {load_yaml(LABELLED / n)["document"] for n in LABELS}


def test_the_set_covers_every_shape_and_six_languages_besides_english():
    labels = [load_yaml(LABELLED / n) for n in LABELS]
    assert len(labels) >= 42
    shapes = {label["shape"] for label in labels} - {"mixed"}
    assert shapes == SHAPES - {"mixed"}
    for language in LANGUAGES - {"en"}:
        assert sum(label["language"] == language for label in labels) >= 3, language
    roles = {p["role"] for label in labels for p in label["parties"]}
    assert roles == ROLES


def test_the_checks_catch_a_broken_label():
    text = "The Communist Party of Greece attended. " * 40
    bad = {"document": "x.txt", "shape": "zigzag", "language": "xx",
           "meeting": dict.fromkeys(MEETING) | {"date": "2019-10-18", "year": 2018},
           "parties": [{"name": "Communist Party of Greece", "spelled": "KKE", "country": "GRC",
                        "role": "delegate", "kind": "club"},
                       {"name": "Communist Party of Greece", "spelled": "Communist Party",
                        "country": "GR", "role": "participant", "kind": "party"}]}
    found = problems(bad, text)
    for part in ("disagrees with year", "shape 'zigzag'", "language 'xx'", "'KKE' is not in",
                 "appears twice", "role 'delegate'", "kind 'club'", "country 'GRC'",
                 "no host"):
        assert any(part in line for line in found), (part, found)

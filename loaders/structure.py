"""The lists of a document, found by their shape: one reader for ``build`` and ``extract``.

A list is a run of short entries: numbered ("1. CP of Albania", also several on
one line), bulleted, one name per line, or a comma- or semicolon-separated
sentence after a colon. Entries may carry their country: "Country – Party",
"Party (Country)", "Party, Country". The heading or sentence before a list
(a line ending in ":", a wiki heading "==Participants==", a known heading such
as "Participating parties") gives its entries their role: participant, host,
supporter, observer, absent, member (of a network) or signatory (of a
statement), in English, French, Spanish, Portuguese, Italian, German or Czech.
A list whose heading states no role keeps ``role=None``: the build reports it.

>>> blocks = read_lists("The signatory Parties:\\n\\n1. CP of Albania\\n2. Portugal – PCP\\n")
>>> [(b.role, b.shape, [(i.text, i.country_text) for i in b.items]) for b in blocks]
[('signatory', 'numbered', [('CP of Albania', None), ('PCP', 'Portugal')])]
>>> [i.text for i in read_lists("The FSP consists of the: PT, PCdoB and Frente Amplio.")[0].items]
['PT', 'PCdoB', 'Frente Amplio']
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from partygraph.loaders.countries import Gazetteer, gazetteer
from partygraph.loaders.roles import heading_role

MAX_ITEM = 160  # characters: a longer line is prose
MAX_HEADING = 250
BULLET = re.compile(r"^[ \t]*(?:(?P<num>\d{1,3})[.)]|[•\-*·–—▪◦]|[a-z][.)])[ \t]+")
INLINE_NUMBER = re.compile(r"(?:(?<=\s)|^)(\d{1,3})[.)][ \t]+")
WIKI = re.compile(r"^[ \t]*(={2,6})[ \t]*(?P<title>[^=\n]+?)[ \t]*\1[ \t]*$|^[ \t]*#{1,6}[ \t]+"
                  r"(?P<md>[^\n]+)$")
KNOWN_HEADINGS = re.compile(
    r"^(?:participating (?:parties|organi[sz]ations)(?: and organi[sz]ations)?|participants|"
    r"observers?|signator(?:y|ies)(?: parties)?|members?(?: parties| organi[sz]ations)?|"
    r"(?:written )?greetings|messages? of (?:support|solidarity|greetings?)|absent|excused|"
    r"hosts?|organi[sz]ers?)\s*:?$", re.I)
NOT_ITEM = re.compile(r"^(?:on|about|for|to|in|at|by|with|from|the\s+\w+\s+of\s+the\s+(?:working|"
                      r"class|struggle|crisis))\b|^(?:click|return|back|see|source|next|previous)\b",
                      re.I)
ORG_WORDS = re.compile(
    r"\b(?:part(?:y|ies|i|ido|ito|ij|ei|ia|ija|iet|idul)|strana|KS\w*|communists?|communistes?|"
    r"comunistas?|kommunist\w*|komunist\w*|organi[sz]ations?|organisation|organización|"
    r"organização|organizzazione|union|unión|união|unione|front|frente|fronte|movement|"
    r"mouvement|movimiento|movimento|bewegung|hnutí|league|liga|ligue|youth|jeunesse|juventud|"
    r"juventude|gioventù|jugend|mládež|alliance|alianza|aliança|forum|pole|pôle|polo|congress|"
    r"federation|fédération|federación|confederation|council|committee|workers'?|labou?r|"
    r"socialist\w*|marxist\w*|leninist\w*|revolutionary|révolutionnaire|revolucionari[oa]|"
    r"rivoluzionari[oa]|people'?s|popular|democratic|tribune|collective|group|circle|centre|"
    r"center|coordination|platform)\b", re.I)
ACRONYM = re.compile(r"^[A-ZÀ-Þ][A-Za-zÀ-ÿ]{0,3}[A-ZÀ-Þ][A-Za-zÀ-ÿ()\-]*$")
DASHES = re.compile(r"\s+[–—-]\s+|\s*[–—]\s*")
ARTICLES = {"the", "la", "le", "el", "il", "die", "der", "o", "a"}
NOT_ORGANIZATION = re.compile(r"\b(?:meeting|conference|seminar|congress|summit|session|"
                              r"plenary)s?\b"
                              r"|\b\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+[A-Z][a-z]+\s+\d{4}\b", re.I)
DATED = re.compile(r"^\d{4}\s*[:–-]")  # "1996: theme": a dated list, read elsewhere


@dataclass
class Item:
    """One entry: the organization's text and offset, and the country it is given with."""

    text: str
    offset: int
    country_text: str | None = None
    line: str = ""  # the whole entry as written (the evidence quote)
    line_offset: int = 0


@dataclass
class Block:
    """A list: its role (or None), heading, shape, span and entries."""

    role: str | None
    heading: str
    offset: int
    end: int
    shape: str
    items: list[Item] = field(default_factory=list)


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
SENTENCE_GAP = re.compile(r"(?<=[.!?])\s+")
CLAUSE_END = re.compile(r"(?<=[.!?:])\s+")
COLON_GAP = re.compile(r":[ \t]+(?=\S)")
BLANK_LINE = re.compile(r"\n[ \t]*\n")
PROSE = re.compile(r"[.!?]\s+[A-Z][a-z]+\s+[a-z]")
LEADING_THE = re.compile(r"^(?:the|and)\s+", re.I)
TRAILING_PAREN = re.compile(r"\s*\(([^()]{2,40})\)$")
TRAILING_COMMA = re.compile(r",\s*([^,]{2,40})$")
LEADING_LABEL = re.compile(r"([^:]{2,40}):\s+(\S.*)$")

def read_lists(text: str, places: Gazetteer | None = None) -> list[Block]:
    """Every list of organizations in ``text``, in order.

    >>> blocks = read_lists("Delegations:\\nCommunist Party of Cuba\\nPCB (Brazil)")
    >>> [(i.text, i.country_text) for i in blocks[0].items]
    [('Communist Party of Cuba', None), ('PCB', 'Brazil')]
    """
    places = places or gazetteer()
    lines, offset = [], 0
    for raw in text.split("\n"):
        lines.append((offset, raw))
        offset += len(raw) + 1
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        offset, raw = lines[i]
        heading, rest, rest_offset = _heading(raw, offset, lines, i)
        if heading is None:
            if BULLET.match(raw) or _inline_numbered(raw):
                block, j = _run(text, lines, i, None, places)
                if block is not None:
                    blocks.append(block)
                    i = j
                    continue
            i += 1
            continue
        if rest:  # "The FSP consists of the: A, B and C."
            block = _block(heading, offset, "comma-list", _split_prose(rest, rest_offset, places))
            if _mostly_organizations(block.items, 2, places):
                blocks.append(block)
            i += 1
            continue
        block, j = _run(text, lines, i + 1, (heading, offset), places)
        if block is not None:
            blocks.append(block)
            i = j
        else:
            if KNOWN_HEADINGS.match(heading.strip()) and heading_role(heading):
                blocks.append(_block(heading, offset, "empty", []))  # a list of nobody
            i += 1
    for block in blocks:  # a bare bullet or "..." names nobody
        block.items = [i for i in block.items if any(c.isalnum() for c in i.text)]
    return _with_sentence_lists(text, blocks, places)


SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
ARTICLE = re.compile(r"^(?:the|il|la|le|les|lo|gli|i|el|los|las|o|os|a|as|die|der|das|den|dem|"
                     r"des|l[’'])\s*", re.I)


class _Spans:
    """Character spans, asked whether any overlaps another: a search, not a scan of all.

    >>> spans = _Spans([(10, 20), (30, 35)])
    >>> spans.overlaps(0, 10), spans.overlaps(19, 25), spans.overlaps(20, 30)
    (False, True, False)
    """

    def __init__(self, spans):
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))  # furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)  # the spans that start before ``end``
        return before > 0 and self.reach[before - 1] > start


def _with_sentence_lists(text: str, blocks: list[Block], places: Gazetteer) -> list[Block]:
    """Add enumerations in prose: three organizations or more after a participation, membership
    or signing cue ("Hanno partecipato il A, il B e il C."); a cue after the names is not one."""
    listed = _Spans((b.offset, b.end) for b in blocks)
    found = list(blocks)
    for sentence in SENTENCE.finditer(text):
        line = sentence.group(0)
        if line.count(",") < 2 or listed.overlaps(sentence.start(), sentence.end()):
            continue
        first = re.search(r"(?<=\s)(?:(?:the|il|la|le|les|el|los|las|o|a|die|der|das|l[’'])\s*)?"
                          r"[A-ZÀ-ÞČŘŠŽ]", line[1:])
        if first is None:
            continue
        cue, rest = line[:first.start() + 1], line[first.start() + 1:]
        role = heading_role(cue)
        if role not in ("participant", "observer", "supporter", "member", "signatory"):
            continue
        items = _split_prose(rest, sentence.start() + first.start() + 1, places)
        for item in items:
            article = ARTICLE.match(item.text)
            if article and item.text[article.end():][:1].isupper():
                item.text = item.text[article.end():]
                item.offset += article.end()
        if len(items) >= 3 and all(_organization_like(i.text) for i in items) and \
                _mostly_organizations(items, 3, places):  # prose: every one a name
            block = Block(role, cue.strip(), sentence.start(), sentence.end(), "comma-list",
                          items)
            found.append(block)
    return sorted(found, key=lambda b: b.offset)


def _heading(raw: str, offset: int, lines, i: int) -> tuple[str | None, str, int]:
    """A list heading on this line: (heading, text after its colon, offset of that text)."""
    line = raw.strip()
    if not line or BULLET.match(raw):
        return None, "", 0
    wiki = WIKI.match(raw)
    if wiki:
        return (wiki.group("title") or wiki.group("md")).strip(), "", 0
    if KNOWN_HEADINGS.match(line):
        return line, "", 0
    if len(line) > MAX_HEADING and ":" not in line[:MAX_HEADING * 4]:
        return None, "", 0
    if ":" not in line:  # what follows needs a colon
        return None, "", 0
    sentences = SENTENCE_END.split(line)
    last = sentences[-1]  # the line's last sentence
    if ":" not in last:  # "... signed by: A; B; C. Further ones follow." keeps its colon
        last = next((x for x in reversed(sentences) if ":" in x), last)
    if last.endswith(":") and len(last) <= MAX_HEADING:
        return last, "", 0
    colon = COLON_GAP.search(last[:MAX_HEADING])
    if colon:
        head, rest = last[:colon.start() + 1], last[colon.end():]
        if heading_role(head) and (rest.count(",") + rest.count(";") >= 2 or " and " in rest):
            return head, rest, offset + raw.rindex(rest)
    return None, "", 0


def _run(text: str, lines, i: int, heading, places) -> tuple[Block | None, int]:
    """The entries from line ``i`` on; blank lines before the first are skipped."""
    items: list[Item] = []
    shapes: list[str] = []
    j = i
    while j < len(lines) and not lines[j][1].strip() and heading is not None:
        j += 1
    while j < len(lines):
        offset, raw = lines[j]
        line = raw.strip()
        if not line:
            # one blank line between entries is still the list when an entry follows
            if items and j + 1 < len(lines) and shapes[-1] in ("numbered", "bulleted") \
                    and BULLET.match(lines[j + 1][1]) and _entry_like(lines[j + 1][1]):
                j += 1
                continue
            break
        inline = _inline_numbered(raw)
        if (_heading(raw, offset, lines, j)[0] is not None and not BULLET.match(raw)) \
                or not _entry_like(raw, inline):
            break
        if inline:
            items += [_item(t, offset + s, places) for s, t in inline]
            shapes.append("numbered")
        elif heading is not None and not BULLET.match(raw) and (
                line.count(";") >= 2 or (line.count(",") >= 2 and len(line) > 60)):
            items += _split_prose(line, offset + raw.index(line), places)
            shapes.append("semicolon-list" if line.count(";") >= 2 else "comma-list")
        else:
            bullet = BULLET.match(raw)
            body_start = bullet.end() if bullet else len(raw) - len(raw.lstrip())
            body = raw[body_start:].rstrip().rstrip(",;.")
            if body.strip():
                items.append(_item(body, offset + body_start, places))
            shapes.append("numbered" if bullet and bullet.group("num") else
                          "bulleted" if bullet else "per-line")
        j += 1
    if not items:
        return None, i
    head, head_offset = heading if heading else (_sentence_before(text, lines[i][0]), lines[i][0])
    if not _mostly_organizations(items, 2 if heading is None or heading_role(head) is None
                                 else 1, places):
        return None, i
    shape = _shape(shapes, items)
    block = _block(head, head_offset, shape, items, end=lines[j - 1][0] + len(lines[j - 1][1]))
    if block.role is None:  # "78 parties were represented. The list below ...:"
        block.role = _paragraph_role(text, lines[i][0] if heading is None else head_offset)
    return block, j


def _block(heading: str, offset: int, shape: str, items: list[Item], end: int | None = None):
    last = items[-1].line_offset + len(items[-1].line) if items else offset + len(heading)
    return Block(heading_role(heading), heading, offset, last if end is None else end, shape, items)


def _paragraph_role(text: str, offset: int) -> str | None:
    """The role the paragraph before a list gives, read from its last sentence back."""
    before = text[max(0, offset - MAX_HEADING * 4):offset].rstrip()
    paragraph = BLANK_LINE.split(before)[-1] if before else ""
    for sentence in reversed(CLAUSE_END.split(paragraph.strip())[-3:]):
        if (role := heading_role(sentence)) not in (None, "host"):
            return role
    return None


def _shape(shapes: list[str], items: list[Item]) -> str:
    shape = max(set(shapes), key=shapes.count)
    if shape in ("per-line", "bulleted", "numbered") and items:
        with_country = [i for i in items if i.country_text]
        if len(with_country) * 2 > len(items):
            first = with_country[0]
            shape = "country-party" if first.line.startswith(first.country_text) else \
                "party-country"
    return shape


def _mostly_organizations(items: list[Item], at_least: int, places: Gazetteer) -> bool:
    """At least ``at_least`` entries, and most of them read like organizations."""
    found = sum(1 for item in items if _organization_like(item.text) and not (
        NOT_ORGANIZATION.search(item.text) or places.resolve(item.text).candidates
        or places.city(item.text)))
    return len(items) >= at_least and found * 2 >= len(items) and found > 0


def _entry_like(raw: str, inline: list | None = None) -> bool:
    """Whether a line reads as a list entry (``inline``: its :func:`_inline_numbered`)."""
    line = BULLET.sub("", raw).strip()
    if inline is None:
        inline = _inline_numbered(raw)
    if not line or len(line) > MAX_ITEM and not inline and line.count(";") < 2:
        return False
    if PROSE.search(line) and not inline:
        return False  # two sentences: prose
    return not NOT_ITEM.match(line) and not DATED.match(line)


def _organization_like(text: str) -> bool:
    words = text.split()
    if not words or not (words[0][:1].isupper() or words[0][:1].isdigit()
                         or words[0].lower() in ARTICLES):
        return False
    return bool(ORG_WORDS.search(text) or ACRONYM.match(words[0]) or
                (len(words) <= 3 and all(w[:1].isupper() for w in words)))


def _inline_numbered(raw: str) -> list[tuple[int, str]]:
    """'1. CP of Albania 2. CP of Australia 3. ...': three or more numbers in sequence."""
    if raw.count(".") + raw.count(")") < 3:  # each number needs one: most lines stop here
        return []
    found = list(INLINE_NUMBER.finditer(raw))
    if len(found) < 3:
        return []
    run = [found[0]]
    for match in found[1:]:
        if int(match.group(1)) == int(run[-1].group(1)) + 1:
            run.append(match)
    if len(run) < 3:
        return []
    out = []
    for k, match in enumerate(run):
        end = run[k + 1].start() if k + 1 < len(run) else len(raw)
        body = raw[match.end():end].rstrip().rstrip(",;.")
        if body:
            out.append((match.end(), body))
    return out


def _split_prose(line: str, offset: int, places) -> list[Item]:
    """Entries of a sentence list: split at ";" (when it has them), else at "," and "and"."""
    line = line.rstrip().rstrip(".")
    sep = r";\s*(?:and\s+|et\s+|y\s+|e\s+|und\s+|a\s+)?" if line.count(";") >= 2 else (
        r",\s*(?:and\s+|et\s+|y\s+|e\s+|und\s+|a\s+)?|\s+(?:and|et|y|e|und|a)\s+(?=(?:(?:the|il|"
        r"la|le|les|el|los|las|o|os|die|der|das|l[’'])\s*)?[A-ZÀ-ÞČŘŠŽ])")
    items, pos = [], 0
    for match in [*re.finditer(sep, line), None]:
        end = match.start() if match else len(line)
        piece = line[pos:end]
        body = LEADING_THE.sub("", piece.strip())
        if any(ch.isalpha() for ch in body):
            items.append(_item(body, offset + pos + piece.index(body), places))
        pos = match.end() if match else len(line)
    return items


def _item(body: str, offset: int, places) -> Item:
    """An entry, its country split off: "Country – Party", "Party (Country)", "Party, Country"."""
    body = body.rstrip()
    line, line_offset = body, offset
    dash = DASHES.search(body)
    if dash:
        left, right = body[:dash.start()], body[dash.end():]
        if right and places.resolve(left.strip()).iso2 and not places.resolve(right).iso2:
            return Item(right, offset + dash.end(), left.strip(), line, line_offset)
        if left and places.resolve(right.strip()).iso2:
            return Item(left.strip(), offset, right.strip(), line, line_offset)
    paren = TRAILING_PAREN.search(body)
    if paren and places.resolve(paren.group(1)).iso2:
        return Item(body[:paren.start()], offset, paren.group(1), line, line_offset)
    comma = TRAILING_COMMA.search(body)
    if comma and places.resolve(comma.group(1)).iso2:
        return Item(body[:comma.start()], offset, comma.group(1), line, line_offset)
    colon = LEADING_LABEL.match(body)
    if colon and places.resolve(colon.group(1)).iso2:
        return Item(colon.group(2), offset + colon.start(2), colon.group(1), line, line_offset)
    return Item(body, offset, None, line, line_offset)


def _sentence_before(text: str, offset: int) -> str:
    """The last sentence before a list without a heading: it may say what the list is."""
    before = text[max(0, offset - MAX_HEADING * 2):offset].rstrip()
    if not before:
        return ""
    last_para = before.split("\n\n")[-1].strip().split("\n")[-1]
    return SENTENCE_GAP.split(last_para)[-1].strip()

"""The role a document gives each organization it mentions.

Within a sentence, the cue words between one organization (or enumeration of
organizations) and the next give it its role: those after it first ("X could
not attend but sent a message"), then those before it ("hosted by X").
Specific cues (absence, host, messages, observers) outweigh plain ones
("delegation", "took part"). A list's heading gives its items their role.
Absence ("could not attend", "was unable to come", "did not take part") is
never read as participation; a host of a meeting still to come is no host.

>>> roles_for("The KKE took part, while the PCF could not attend.", [(4, 7), (29, 32)])
[{'participant'}, {'absent'}]
"""

from __future__ import annotations

import re
from bisect import bisect_left

CUES = [  # (role, pattern): absent first, so "did not take part" is not "take part"
    ("absent", r"could\s+not\s+(?:attend|come|be\s+present|participate|take\s+part|travel"
               r"|make\s+it)|couldn[’']t\s+(?:attend|come)|(?:was|were)\s+unable\s+to"
               r"|(?:was|were)\s+not\s+able\s+to|did\s+not\s+(?:attend|take\s+part|participate"
               r"|come|send)|didn[’']t\s+(?:attend|come)|(?:sent|send|sending)\s+(?:(?:their|its|his"
               r"|her)\s*)?apolog|apologi[sz]ed|(?:was|were)\s+absent|absent|excused"
               r"|prevented\s+from|denied\s+(?:visas?|entry)|refused\s+(?:visas?|entry)"
               r"|no\s+delegation|stayed\s+away|boycott"),
    ("host", r"(?:hosted|organi[sz]ed|convened|called)\s+(?:\w+ly\s+)?by|host\s+part(?:y|ies)"
             r"|^\W*(?:the\s+)?hosts?\b|^\W*(?:which\s+|that\s+)?hosted\b|as\s+(?:the\s+)?hosts?\b|\bhosts?\s+of\b|co-?organi[sz]ed"
             r"|at\s+the\s+invitation\s+of|hosting|was\s+the\s+host"),
    ("supporter", r"messages?\s+of\s+(?:support|solidarity|greetings?)|greetings|sent\s+(?:a\s+)?"
                  r"(?:messages?|letters?|statements?|written)|written\s+(?:contributions?|messages?)"
                  r"|letters?\s+of\s+solidarity|message\s+to\s+the\s+meeting"),
    ("observer", r"observers?\b|observer\s+status"),
    ("participant", r"took\s+part|take\s+part|taking\s+part|participat(?:ed|ing|ion|ants?)|attended"
                    r"|attending|attendance|(?:were|was)\s+present|delegations?\b|delegates?\b"
                    r"|represented|representatives?\b|brought\s+together|gathered|present\s+were"
                    r"|joined|addressed|spoke|speakers?\b|intervened|interventions?\b|were\s+there"
                    r"|(?:were|was)\s+represented|participants\s+(?:were|included)|participating"
                    r"|took\s+the\s+floor|\bsigned\b|signator(?:y|ies)"),
]
CUE_RES = [(role, re.compile(pattern, re.I)) for role, pattern in CUES]
SPECIFIC = {"absent", "host", "supporter", "observer"}
NEGATION_REACH = 200  # characters before a cue in which a negation of it is looked for
NEGATED = re.compile(r"\b(?:not|neither|never|no|nor)\b(?:\s+[\w']+){0,4}\s*$", re.I)
OTHERWISE = re.compile(r"(?:government|cabinet|regime)\s+(?:\w+\s+){0,2}(?:led|headed|formed|run)"
                       r"\s+by\s+(?:the\s+)?$|\b(?:against|condemned|criticized|criticised|denounced"
                       r"|opposed)\s+(?:the\s+)?$", re.I)
FUTURE = re.compile(r"\bwill\s+(?:be\s+held|host|take\s+place|meet)|\bnext\s+(?:meeting|session|"
                    r"edition|seminar|conference)|\bto\s+be\s+held\b", re.I)
GLUE = re.compile(r"^(?:\s|,|;|&|\band\b|\bor\b|\bas\s+well\s+as\b|\balong\s+with\b|"
                  r"\btogether\s+with\b|\bfrom\b|\bthe\b|\bits\b|\bof\b)*$", re.I)
LEFT_BREAK = re.compile(r";|\bwhile\b|\bwhereas\b|\bbut\b", re.I)
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
STRENGTH = ["host", "participant", "observer", "supporter", "absent", "mentioned"]


def clause_roles(clause: str) -> set[str]:
    """The roles a stretch of text's cue words give; absence is read first, and a negated
    participation ("neither of which sent a delegation") is a weak absence, ``not-present``."""
    found = set()
    text = clause
    for role, pattern in CUE_RES:
        for match in pattern.finditer(text):
            if role == "participant" and NEGATED.search(
                    text, max(0, match.start() - NEGATION_REACH), match.start()):
                found.add("not-present")
            else:
                found.add(role)
        if role == "absent":  # "did not take part": the verb is spent on the negation
            text = pattern.sub(" ", text)
    return found


def _pick(right: set[str], left: set[str]) -> set[str]:
    """Specific cues after the names win, then before them; a plain participation cue
    on either side counts only when neither side has a specific one, and not at all
    next to a negated one."""
    for side in (right, left):
        if side & SPECIFIC:
            return side & SPECIFIC
    if "not-present" in right | left:
        return {"absent"}
    return {"participant"} if "participant" in right | left else set()


def _is_glue(segment: str) -> bool:
    """Only separators between two names: commas, "and", an acronym in brackets, a country."""
    from partygraph.loaders.countries import gazetteer

    segment = re.sub(r"\([^()]{1,40}\)", " ", segment)
    words = re.split(r"(\s+|[,;&])", segment)
    kept = [w for w in words if not (w.strip() and w.strip()[0].isupper()
                                     and gazetteer().resolve(w.strip()).iso2)]
    segment = "".join(kept)
    for two in dict.fromkeys(re.findall(r"[A-Z][a-z]+\s+[A-Z][a-z]+", segment)):  # "Czech Republic"
        if gazetteer().resolve(two).iso2:
            segment = segment.replace(two, " ")
    return bool(GLUE.match(segment))


def roles_for(text: str, spans: list[tuple[int, int]]) -> list[set[str]]:
    """For each span (an organization's mention), the roles its sentence gives it.

    Mentions joined only by commas and "and" form one enumeration that shares
    the cue words after it (or, failing those, before it): "A, B and C could not attend".
    """
    result = [set() for _ in spans]
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    starts = [spans[i][0] for i in order]
    blank = _blank(text, spans)  # once: slicing it is linear, blanking per clause was not
    for sentence in SENTENCE.finditer(text):
        whole: set[str] | None = None  # the sentence's own cues and tense, read once
        future: bool | None = None
        inside = order[bisect_left(starts, sentence.start()):bisect_left(starts, sentence.end())]
        groups: list[list[int]] = []
        for i in inside:
            if groups and _is_glue(blank[spans[groups[-1][-1]][1]:spans[i][0]]):
                groups[-1].append(i)
            else:
                groups.append([i])
        for k, group in enumerate(groups):
            left_start = spans[groups[k - 1][-1]][1] if k else sentence.start()
            right_end = spans[groups[k + 1][0]][0] if k + 1 < len(groups) else sentence.end()
            left = blank[left_start:spans[group[0]][0]]
            left = LEFT_BREAK.split(left)[-1]  # what precedes a ";" or "while" is the last one's
            right = blank[spans[group[-1]][1]:right_end]
            roles = _pick(clause_roles(right), clause_roles(left))
            if not roles:  # no cue next to the names: the sentence's, if it has one kind
                if whole is None:
                    whole = clause_roles(blank[sentence.start():sentence.end()])
                roles = _pick(whole, set()) if len(whole) == 1 else set()
            if "host" in roles:
                if future is None:
                    future = bool(FUTURE.search(text, sentence.start(), sentence.end()))
                if future:
                    roles = roles - {"host"}  # the host of a meeting still to come
            if OTHERWISE.search(left[-50:]):
                roles = set()  # "the government led by X", "condemned X": X is only mentioned
            for i in group:
                result[i] |= roles
    return result


def _blank(text: str, spans) -> str:
    """The text with organization names blanked, so 'Workers' Party' is not a cue."""
    chars = list(text)
    for s, e in spans:
        for i in range(max(s, 0), min(e, len(text))):
            chars[i] = " "
    return "".join(chars)


def list_roles(text: str) -> list[tuple[int, int, str]]:
    """Line lists under a heading with a cue: ``(start, end, role)`` of each list block."""
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, offset + len(line), line.strip()))
        offset += len(line) + 1
    blocks, i = [], 0
    while i < len(lines):
        heading = re.split(r"(?<=[.!?])\s+", lines[i][2])[-1]  # the line's last sentence
        if not (heading.endswith(":") and len(heading) < 250):
            i += 1
            continue
        role = next((r for r in STRENGTH if r in _pick(clause_roles(heading), set())), None)
        j = i + 1
        while j < len(lines) and not lines[j][2]:  # blank lines before the items
            j += 1
        first = j
        while j < len(lines) and lines[j][2] and not lines[j][2].endswith(":") \
                and (len(lines[j][2]) < 160 or lines[j][2].count(";") >= 2):
            j += 1
        if role and j > first:
            blocks.append((lines[first][0], lines[j - 1][1], role))
        i = max(j, i + 1)
    return blocks


def strongest(roles: set[str]) -> str:
    """One role from many: host > participant > observer > supporter > absent > mentioned;
    an organization said to be absent is never a participant.

    >>> strongest({"participant", "absent"}), strongest({"absent", "supporter"})
    ('absent', 'supporter')
    """
    if "absent" in roles:
        roles = roles - {"participant"}
    return next((r for r in STRENGTH if r in roles), "mentioned")

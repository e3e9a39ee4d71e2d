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
               r"|no\s+delegation|stayed\s+away|boycott"
               # fr, es, pt, it, de, cs
               r"|n[’']ont\s+pas\s+pu|excus[ée]s?|no\s+pudieron|não\s+puderam|non\s+hanno\s+potuto"
               r"|konnten\s+nicht|entschuldigt|nemohl[aiy]?|omluvil[aiy]?|omluveni"
               r"|konnte[n]?\s+(?:[\w’']+\s+){0,6}?(?:nicht|keine)\b|nahmen?\s+nicht\s+teil"
               r"|blieb(?:en)?\s+fern|keine\s+(?:Delegation|Vertretung|Vertreter)|abgesagt"
               r"|ausencia|aus[eê]ncia|assen(?:te|za)|absen(?:t|ce|cia)"
               r"|no\s+(?:pudo|pudieron|asisti[óo]|asistieron|particip[óo]|participaron|envi[óo])"
               r"|excus[óo]|justific(?:ou|ó)|ne\s+s[’']est\s+pas|ne\s+se\s+sont\s+pas"
               r"|n[’']a\s+pas\s+(?:pu|particip|assist|envoy)|n[’']ont\s+pas"
               r"|non\s+(?:ha|hanno)\s+(?:potuto|partecipato|inviato)"
               r"|não\s+(?:pôde|puderam|participou|participaram|esteve|estiveram|enviou)"
               r"|nezúčastnil\w*|nepřijel\w*|chyběl\w*"
               r"|(?:was|were)\s+(?:detained|arrested|stopped|turned\s+back)|could\s+not\s+travel"),
    ("host", r"(?:hosted|organi[sz]ed|convened|called)\s+(?:\w+ly\s+)?by|host\s+part(?:y|ies)"
             r"|^\W*(?:the\s+)?hosts?\b|^\W*(?:which\s+|that\s+)?hosted\b|as\s+(?:the\s+)?hosts?\b|\bhosts?\s+of\b|co-?organi[sz]ed"
             r"|at\s+the\s+invitation\s+of|hosting|was\s+the\s+host"
             r"|organis[ée]+\s+par|à\s+l[’']invitation\s+d|accueilli[es]*\s+par|organizad[oa]s?\s+por"
             r"|anfitri[óo]n|a\s+convite\s+d|organizzat[oa]\s+da|su\s+invito\s+d|Gastgeber"
             r"|ausgerichtet\s+von|auf\s+Einladung|pořádal[aiy]?|hostitel\w*|na\s+pozvání"),
    ("supporter", r"messages?\s+of\s+(?:support|solidarity|greetings?)|greetings|sent\s+(?:a\s+)?"
                  r"(?:messages?|letters?|statements?|written)|written\s+(?:contributions?|messages?)"
                  r"|letters?\s+of\s+solidarity|message\s+to\s+the\s+meeting"
                  r"|messages?\s+(?:de\s+)?(?:solidarit[ée]|salutations?)|salutations|saludos"
                  r"|mensajes?\s+de|saudaç(?:ão|ões)|mensage(?:m|ns)\s+de|salut[io]\b"
                  r"|messaggi?\s+di|Gru(?:ß|ss)(?:botschaft|wort|adresse)\w*|Grü(?:ß|ss)e"
                  r"|pozdrav\w*|poselstv\w*"),
    ("observer", r"observers?\b|observer\s+status|observateurs?|observador(?:es|as?)?"
                 r"|osservator[ei]|Beobachter\w*|pozorovatel\w*"),
    ("participant", r"took\s+part|take\s+part|taking\s+part|participat(?:ed|ing|ion|ants?)|attended"
                    r"|attending|attendance|(?:were|was)\s+present|delegations?\b|delegates?\b"
                    r"|represented|representatives?\b|brought\s+together|gathered|present\s+were"
                    r"|joined|addressed|spoke|speakers?\b|intervened|interventions?\b|were\s+there"
                    r"|(?:were|was)\s+represented|participants\s+(?:were|included)|participating"
                    r"|took\s+the\s+floor|\bsigned\b|signator(?:y|ies)"
                    r"|presentations?\s+by|gave\s+(?:talks|speeches|presentations)|contributions"
                    r"|ont\s+particip[ée]|ont\s+pris\s+part|particip[èe]rent|d[ée]l[ée]gations?"
                    r"|participaron|asistieron|delegaciones|participantes|participaram"
                    r"|delegaç(?:ão|ões)|hanno\s+partecipato|partecipanti|delegazion[ei]"
                    r"|nahmen\s+teil|\bnahmen\b(?=[^.!?]{0,300}\bteil\b)|teilgenommen|Teilnehmer\w*|Delegation(?:en)?"
                    r"|zúčastnil[aiy]?|účastní\w*|účastníci|delegac[ei]"),
]
CUE_RES = [(role, re.compile(pattern, re.I)) for role, pattern in CUES]
SPECIFIC = {"absent", "host", "supporter", "observer"}
NEGATION_REACH = 200  # characters before a cue in which a negation of it is looked for
NEGATED = re.compile(r"\b(?:not|neither|never|no|nor)\b(?:\s+[\w']+){0,4}\s*$", re.I)
OTHERWISE = re.compile(r"(?:government|cabinet|regime)\s+(?:\w+\s+){0,2}(?:led|headed|formed|run)"
                       r"\s+by\s+(?:the\s+)?$|\b(?:against|condemned|criticized|criticised|denounced"
                       r"|opposed)\s+(?:the\s+)?$", re.I)
ADDRESSEE = re.compile(r"\b(?:solidarity|greetings?|messages?|letters?|support|condolences)\s+"
                       r"(?:of\s+\w+\s+)?(?:with|to|for)\s+(?:the\s+)?(?:comrades\s+of\s+the\s+)?$",
                       re.I)  # "a message of solidarity with the KKE": the KKE receives it
OWN_EVENT = re.compile(r"\b(?:congress|convention|conference|plenum|festival|anniversary)\s+of\s+"
                       r"(?:the\s+)?$", re.I)
FUTURE = re.compile(r"\bwill\s+(?:be\s+held|host|take\s+place|meet)|\bnext\s+(?:meeting|session|"
                    r"edition|seminar|conference)|\bto\s+be\s+held\b", re.I)
GLUE = re.compile(r"^(?:\s|,|;|&|\(|\)|\band\b|\bor\b|\bas\s+well\s+as\b|\balong\s+with\b|"
                  r"\btogether\s+with\b|\bfrom\b|\bthe\b|\bits\b|\bof\b)*$", re.I)
LEFT_BREAK = re.compile(r";|\bwhile\b|\bwhereas\b|\bbut\b", re.I)
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
STRENGTH = ["host", "participant", "observer", "supporter", "signatory", "member", "absent",
            "mentioned"]


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


def pick(right: set[str], left: set[str]) -> set[str]:
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
            roles = pick(clause_roles(right), clause_roles(left))
            if not roles:  # no cue next to the names: the sentence's, if it has one kind
                if whole is None:
                    whole = clause_roles(blank[sentence.start():sentence.end()])
                roles = pick(whole, set()) if len(whole) == 1 else set()
            if "host" in roles:
                if future is None:
                    future = bool(FUTURE.search(text, sentence.start(), sentence.end()))
                if future:
                    roles = roles - {"host"}  # the host of a meeting still to come
            if OTHERWISE.search(left[-50:]) or ADDRESSEE.search(left[-60:]):
                roles = set()  # "the government led by X", "condemned X": X is only mentioned
            elif OWN_EVENT.search(left[-60:]):
                roles = {"host"}  # "greetings to the 38th Convention of X": X holds it
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


def strongest(roles: set[str]) -> str:
    """One role from many: host > participant > observer > supporter > signatory > member >
    absent > mentioned;
    an organization said to be absent is never a participant.

    >>> strongest({"participant", "absent"}), strongest({"absent", "supporter"})
    ('absent', 'supporter')
    """
    if "absent" in roles:
        roles = roles - {"participant"}
    return next((r for r in STRENGTH if r in roles), "mentioned")


MEMBER = re.compile(r"\bconsists?\s+of\b|\bcomposed\s+of\b|\bmembers?\b|\bmembership\b|"
                    r"\baffiliated\b|\bmembres?\b|\bmiembros?\b|\bmembros?\b|\bmembri\b|"
                    r"\bMitglied(?:er|s)?\b|\bčlen(?:ové|y|ské)\b|\bintegrantes\b|\bse compone\b",
                    re.I)
SIGNATORY = re.compile(r"signator|\bsigned\s+by\b|\bundersigned\b|\bsignataires?\b|\bfirmant|"
                       r"\bfirmatari|\bsignatári|\bUnterzeichn|\bunterzeichnet|\bpodepsa|\bpodpis|"
                       r"\bendorsed\s+by\b|\bsigned\s+(?:the|this)\s+(?:statement|declaration|appeal)"
                       r"|\bfirman\b|\bfirmad[oa]\s+por|\bfirmaron\b|\bassinad[oa]\s+por|\bassinam\b|"
                       r"\bassinaram\b|\bfirmano\b|\bfirmat[oa]\s+da|\bsign[ée]e?s?\s+par|\bsignent\b|"
                       r"\bsigning\s+parties|\bco-?signed", re.I)
FUTURE_PARTICIPANTS = re.compile(r"\b(?:are|is)\s+going\s+to\s+(?:participate|take\s+part|attend)"
                                 r"|\bwill\s+(?:participate|take\s+part|attend)|\bincluding\s*:?$",
                                 re.I)
PARTICIPANTS = re.compile(r"\bparticipants?\b|\bpresent\b|\bparticipantes\b|\bpartecipanti\b|"
                          r"\bTeilnehmer|\búčastníci\b|\bdelegations?\b", re.I)


def heading_role(heading: str) -> str | None:
    """The role a list's heading gives its entries, or None.

    >>> heading_role("Written Greetings from International Parties and Organizations:")
    'supporter'
    >>> heading_role("15 parties are going to participate, including:")
    'participant'
    >>> heading_role("Ont participé :"), heading_role("Se zúčastnily:"), heading_role("Agenda:")
    ('participant', 'participant', None)
    """
    attended = re.search(r"\bdelegat|\battend|\bparticipa|\btook\s+part", heading, re.I)
    if SIGNATORY.search(heading) and not attended:  # "signed by the participating parties"
        return "signatory"
    if MEMBER.search(heading) and not attended:
        return "member"
    if FUTURE_PARTICIPANTS.search(heading):
        return "participant"
    roles = pick(clause_roles(heading), set())
    role = next((r for r in STRENGTH if r in roles), None)
    if role is None and PARTICIPANTS.search(heading):  # "Participants", a section's title
        return "participant"
    return role

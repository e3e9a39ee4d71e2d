"""The one list reader: lists found by their shape, their role from the heading."""

import pytest

from partygraph.loaders.structure import heading_role, read_lists

SHAPES = [
    ("numbered, no heading",
     "Report.\n\n1. Communist Party of Norway\n2. Workers' Party of Ireland\n3. Party of Labour\n",
     "numbered", None,
     ["Communist Party of Norway", "Workers' Party of Ireland", "Party of Labour"]),
    ("inline numbered",
     "The signatory Parties:\n1. CP of Albania 2. CP of Australia 3. Party of Labour of Austria\n",
     "numbered", "signatory", ["CP of Albania", "CP of Australia", "Party of Labour of Austria"]),
    ("bulleted",
     "Delegations present:\n• Communist Party of Chile\n• Communist Party of Peru\n",
     "bulleted", "participant", ["Communist Party of Chile", "Communist Party of Peru"]),
    ("country - party",
     "Participants:\nItaly – Communist Party\nTurkey – Communist Party of Turkey\n",
     "country-party", "participant", ["Communist Party", "Communist Party of Turkey"]),
    ("party (country)",
     "Observers:\nCommunist Party (Switzerland)\nSeptember 23 Movement (Bulgaria)\n",
     "party-country", "observer", ["Communist Party", "September 23 Movement"]),
    ("party, country",
     "Written Greetings from International Parties and Organizations:\n"
     "Communist Party of Canada, Canada\nPeople's Party, Panama\n",
     "party-country", "supporter", ["Communist Party of Canada", "People's Party"]),
    ("semicolon list",
     "The following parties took part:\n\nPCB, Brazil; PCdoB, Brazil; Communist Party of "
     "Cuba, Cuba; Party of the Communists, Mexico\n",
     "semicolon-list", "participant", ["PCB", "PCdoB", "Communist Party of Cuba",
                                       "Party of the Communists"]),
    ("comma list after a colon",
     "The Forum consists of the following member parties: Workers' Party, Frente Amplio, "
     "Communist Party of Brazil and Farabundo Martí Front.\n",
     "comma-list", "member", ["Workers' Party", "Frente Amplio", "Communist Party of Brazil",
                              "Farabundo Martí Front"]),
    ("wiki section",
     "==Participants==\n* Communist Party of the Soviet Union\n* Italian Communist Party\n",
     "bulleted", "participant", ["Communist Party of the Soviet Union",
                                 "Italian Communist Party"]),
    ("french",
     "Ont participé :\n- Parti communiste français\n- Pôle de renaissance communiste\n",
     "bulleted", "participant", ["Parti communiste français", "Pôle de renaissance communiste"]),
    ("czech",
     "Setkání se zúčastnily:\nRakouská komunistická strana\nPortugalská KS\n",
     "per-line", "participant", ["Rakouská komunistická strana", "Portugalská KS"]),
    ("german",
     "Grußbotschaften sandten:\nDeutsche Kommunistische Partei\nPartei der Arbeit\n",
     "per-line", "supporter", ["Deutsche Kommunistische Partei", "Partei der Arbeit"]),
]


@pytest.mark.parametrize("name,text,shape,role,names", SHAPES, ids=[s[0] for s in SHAPES])
def test_a_list_is_found_by_its_shape_with_its_role(name, text, shape, role, names):
    blocks = [b for b in read_lists(text) if b.items]
    assert len(blocks) == 1, blocks
    block = blocks[0]
    assert (block.shape, block.role) == (shape, role)
    assert [i.text for i in block.items] == names
    for item in block.items:  # every entry is where it says, within its quoted line
        assert text[item.offset:item.offset + len(item.text)] == item.text
        assert text[item.line_offset:item.line_offset + len(item.line)] == item.line
        assert item.text in item.line


def test_the_country_of_an_entry_is_split_off():
    text = "Participants:\nItaly – Communist Party\nCommunist Party (Switzerland)\nAKEL, Cyprus\n"
    items = read_lists(text)[0].items
    assert [(i.text, i.country_text) for i in items] == [
        ("Communist Party", "Italy"), ("Communist Party", "Switzerland"), ("AKEL", "Cyprus")]


@pytest.mark.parametrize("text", [
    "This consolidation is manifested by:\n\nthe importance of participation: 15 delegations;\n"
    "the preparation: agenda fixed in advance;\n",
    "1. On the systemic crisis of capitalism\n2. About NATO and the EU\n3. On religion\n",
    "Themes:\n• 1996: The anti-imperialist struggle\n• 1997: The way of October\n",
    "We agreed on three points. First, unity. Second, struggle. Third, solidarity.",
])
def test_prose_numbered_headings_and_dated_lines_are_not_party_lists(text):
    assert [b for b in read_lists(text) if b.items] == []


@pytest.mark.parametrize("heading,role", [
    ("List of parties and organizations that participated at the Paris Conference:",
     "participant"),
    ("Messages of support have been sent by:", "supporter"),
    ("15 parties are going to participate, including:", "participant"),
    ("This statement is signed by the following participating parties:", "participant"),
    ("The signatory Parties (in alphabetical order):", "signatory"),
    ("The FSP consists of the:", "member"),
    ("The following parties could not attend:", "absent"),
    ("Hosts:", "host"),
    ("Participaron las siguientes delegaciones:", "participant"),
    ("Hanno partecipato:", "participant"),
    ("Participaram:", "participant"),
    ("Observateurs :", "observer"),
    ("Agenda:", None),
])
def test_a_heading_gives_its_role(heading, role):
    assert heading_role(heading) == role


def test_a_long_list_is_read_whole():
    small = "Participants:\n" + "".join(f"Workers' Party number {i}\n" for i in range(500))
    big = "Participants:\n" + "".join(f"Workers' Party number {i}\n" for i in range(5000))
    assert len(read_lists(small)[0].items) == 500
    assert len(read_lists(big)[0].items) == 5000

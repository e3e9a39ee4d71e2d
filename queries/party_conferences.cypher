// The conferences a party attended and the platforms it belongs to or organized.
// params: party - the party's id, name or alias (case-insensitive)
// finds: party -> Party by name
// example: partygraph query --name party_conferences --param party="Communist Party of Belgium"
UNWIND $party_ids AS pid
MATCH (x:Party {id: pid})-[a:ATTENDED]->(c:Conference)
OPTIONAL MATCH (c)-[:PART_OF]->(pl:Platform)
RETURN 'attended' AS relation, c.name AS name, pl.name AS platform, a.role AS role,
       coalesce(c.date, toString(c.year)) AS date, a.source AS source, a.quote AS quote
UNION ALL
UNWIND $party_ids AS pid
MATCH (x:Party {id: pid})-[m:MEMBER_OF|ORGANIZED]->(pl:Platform)
RETURN toLower(type(m)) AS relation, pl.name AS name, pl.name AS platform, null AS role,
       coalesce(m.date, toString(m.year)) AS date, m.source AS source, m.quote AS quote

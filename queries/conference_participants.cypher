// Who attended a conference, from which countries, in which role, with the evidence.
// params: conference - the conference's id, or words from its name (case-insensitive)
// finds: conference -> Conference by words
// example: partygraph query --name conference_participants --param conference="Paris, 1995"
MATCH (c:Conference)
WHERE c.id IN $conference_ids
MATCH (p:Party)-[a:ATTENDED]->(c)
OPTIONAL MATCH (p)-[:BASED_IN]->(k:Country)
RETURN c.name AS conference, p.name AS party, k.name AS country, k.iso2 AS iso2,
       a.role AS role, a.source AS source, a.quote AS quote
ORDER BY conference, role, party

// Pairs of parties that attended the same conferences, and how many.
// params: min_shared = 1 - keep pairs that shared at least this many conferences
// params: party = null - only pairs including this party (id, name or alias), or null for all
// finds: party -> Party by name
// note: with a party the pattern starts from it (fast at any size); without, every pair is expanded
// example: partygraph query --name co_attendance --param party="Party of Labor of Iran"
CALL {
WITH $party AS wanted
WHERE wanted IS NULL
MATCH (a:Party)-[:ATTENDED]->(c:Conference)<-[:ATTENDED]-(b:Party)
WHERE a.id < b.id
WITH a, b, count(DISTINCT c) AS shared, collect(DISTINCT c.name) AS conferences
WHERE shared >= $min_shared
RETURN a.name AS party_a, b.name AS party_b, shared, conferences
UNION ALL
MATCH (x:Party)
WHERE x.id IN $party_ids
MATCH (x)-[:ATTENDED]->(c:Conference)<-[:ATTENDED]-(other:Party)
WHERE other.id <> x.id
WITH x, other, count(DISTINCT c) AS shared, collect(DISTINCT c.name) AS conferences
WHERE shared >= $min_shared
RETURN CASE WHEN x.id < other.id THEN x.name ELSE other.name END AS party_a,
       CASE WHEN x.id < other.id THEN other.name ELSE x.name END AS party_b, shared, conferences
}
RETURN party_a, party_b, shared, conferences
ORDER BY shared DESC, party_a, party_b

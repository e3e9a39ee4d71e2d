// Pairs of parties that attended the same conferences, and how many: the most shared first, at most `limit` pairs.
// params: min_shared = 1 - keep pairs that shared at least this many conferences
// params: party = null - only pairs including this party (id, name or alias), or null for all
// params: limit = 1000 - the most pairs returned (1000 unless given), the most shared first
// finds: party -> Party by name
// note: with a party the pattern starts from it, its pairs ordered by shared, then the other party's name; without, every pair is expanded
// example: partygraph query --name co_attendance --param party="Party of Labor of Iran"
UNWIND $party_ids AS pid
MATCH (x:Party {id: pid})-[:ATTENDED]->(c:Conference)<-[:ATTENDED]-(other:Party)
WHERE other <> x
WITH pid, other, count(DISTINCT c) AS shared, collect(DISTINCT c.name) AS conferences
WHERE shared >= $min_shared
WITH pid, other, shared, conferences ORDER BY shared DESC, other.name LIMIT $limit
MATCH (x:Party {id: pid})
RETURN CASE WHEN pid < other.id THEN x.name ELSE other.name END AS party_a,
       CASE WHEN pid < other.id THEN other.name ELSE x.name END AS party_b, shared, conferences
UNION ALL
WITH $party_ids AS wanted
WHERE wanted IS NULL
MATCH (a:Party)-[:ATTENDED]->(c:Conference)<-[:ATTENDED]-(b:Party)
WHERE a.id < b.id
WITH a, b, count(DISTINCT c) AS shared, collect(DISTINCT c.name) AS conferences
WHERE shared >= $min_shared
RETURN a.name AS party_a, b.name AS party_b, shared, conferences
ORDER BY shared DESC, party_a, party_b
LIMIT $limit

// Pairs of parties that attended the same conferences, and how many.
// params: min_shared = 1 - keep pairs that shared at least this many conferences
// params: party = null - only pairs including this party (id or name), or null for all
// example: partygraph query --name co_attendance --param party="Party of Labor of Iran"
MATCH (a:Party)-[:ATTENDED]->(c:Conference)<-[:ATTENDED]-(b:Party)
WHERE a.id < b.id
  AND ($party IS NULL OR a.id = $party OR b.id = $party
       OR toLower(a.name) = toLower($party) OR toLower(b.name) = toLower($party))
WITH a, b, count(DISTINCT c) AS shared, collect(DISTINCT c.name) AS conferences
WHERE shared >= $min_shared
RETURN a.name AS party_a, b.name AS party_b, shared, conferences
ORDER BY shared DESC, party_a, party_b

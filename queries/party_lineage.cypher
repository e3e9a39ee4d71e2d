// A party's lineage: its predecessors and successors through splits, mergers, renamings and absorptions.
// params: party - the party's id, name or alias (case-insensitive)
// finds: party -> Party by name
// params: max_steps = 6 - the longest chain to follow (at most 10); a chain passes the party only at its ends
// example: partygraph query --name party_lineage --param party="Communist Party of Belgium"
MATCH (x:Party)
WHERE x.id IN $party_ids
MATCH path = (x)-[:SUCCEEDED_BY*1..10]->(other:Party)
WITH x.id AS xid, other, path
WHERE length(path) <= $max_steps AND NONE(n IN nodes(path)[1..-1] WHERE n.id = xid)
RETURN 'successor' AS direction, length(path) AS steps, other.name AS party,
       [n IN nodes(path) | n.name] AS chain,
       [r IN relationships(path) | r.kind] AS kinds,
       [r IN relationships(path) | coalesce(r.date, toString(r.year))] AS dates,
       [r IN relationships(path) | r.source] AS sources,
       [r IN relationships(path) | r.quote] AS quotes
UNION ALL
MATCH (x:Party)
WHERE x.id IN $party_ids
MATCH path = (other:Party)-[:SUCCEEDED_BY*1..10]->(x)
WITH x.id AS xid, other, path
WHERE length(path) <= $max_steps AND NONE(n IN nodes(path)[1..-1] WHERE n.id = xid)
RETURN 'predecessor' AS direction, length(path) AS steps, other.name AS party,
       [n IN nodes(path) | n.name] AS chain,
       [r IN relationships(path) | r.kind] AS kinds,
       [r IN relationships(path) | coalesce(r.date, toString(r.year))] AS dates,
       [r IN relationships(path) | r.source] AS sources,
       [r IN relationships(path) | r.quote] AS quotes

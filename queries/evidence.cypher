// The evidence behind relationships: source document, line and exact quote.
// params: from = null - words from the start node's name, or its id (null: any)
// params: to = null - words from the end node's name, or its id (null: any)
// params: type = null - a relationship type such as SPLIT or ATTENDED (null: any but MENTIONS)
// params: id = null - one relationship's id (null: any)
// example: partygraph query --name evidence --param from="Communist Party of Belgium" --param type=SPLIT
MATCH (a)-[r]->(b)
WHERE (($type IS NULL AND type(r) <> 'MENTIONS') OR type(r) = $type)
  AND ($from IS NULL OR a.id = $from OR toLower(a.name) CONTAINS toLower($from))
  AND ($to IS NULL OR b.id = $to OR toLower(b.name) CONTAINS toLower($to))
  AND ($id IS NULL OR r.id = $id)
MATCH (d:Document {id: r.source})
RETURN type(r) AS type, a.name AS from, b.name AS to, d.title AS document,
       r.source AS source, r.quote_line AS line, r.quote AS quote, r.id AS id
ORDER BY type, from, to, line

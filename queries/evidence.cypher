// The evidence behind relationships: source document, line and exact quote.
// params: from = null - the start node's id, or its name, or words from it (null: any)
// finds: from -> Party|Country|Conference|Platform|Split|Merger|Person|Publication|Declaration|Document by words
// params: to = null - the end node's id, or its name, or words from it (null: any)
// finds: to -> Party|Country|Conference|Platform|Split|Merger|Person|Publication|Declaration|Document by words
// params: type = null - a relationship type such as SPLIT or ATTENDED (null: any but MENTIONS)
// params: id = null - one relationship's id (null: any)
// note: from (or to) is looked up first, through the id and name indexes; the pattern starts there
// example: partygraph query --name evidence --param from="Communist Party of Belgium" --param type=SPLIT
UNWIND $from_ids AS fid
CALL {
  WITH fid MATCH (a:Party {id: fid}) RETURN a
  UNION ALL
  WITH fid MATCH (a:Country {id: fid}) RETURN a
  UNION ALL
  WITH fid MATCH (a:Conference {id: fid}) RETURN a
  UNION ALL
  WITH fid MATCH (a:Platform {id: fid}) RETURN a
  UNION ALL
  WITH fid MATCH (a:Split {id: fid}) RETURN a
  UNION ALL
  WITH fid MATCH (a:Merger {id: fid}) RETURN a
  UNION ALL
  WITH fid MATCH (a:Person {id: fid}) RETURN a
  UNION ALL
  WITH fid MATCH (a:Publication {id: fid}) RETURN a
  UNION ALL
  WITH fid MATCH (a:Declaration {id: fid}) RETURN a
  UNION ALL
  WITH fid MATCH (a:Document {id: fid}) RETURN a
}
MATCH (a)-[r]->(b)
WHERE (($type IS NULL AND type(r) <> 'MENTIONS') OR type(r) = $type)
  AND ($id IS NULL OR r.id = $id)
  AND ($to_ids IS NULL OR b.id IN $to_ids)
MATCH (d:Document {id: r.source})
RETURN type(r) AS type, a.name AS from, b.name AS to, d.title AS document,
       r.source AS source, r.quote_line AS line, r.quote AS quote, r.id AS id
ORDER BY type, from, to, line
UNION ALL
WITH $from_ids AS wanted WHERE wanted IS NULL
UNWIND $to_ids AS tid
CALL {
  WITH tid MATCH (b:Party {id: tid}) RETURN b
  UNION ALL
  WITH tid MATCH (b:Country {id: tid}) RETURN b
  UNION ALL
  WITH tid MATCH (b:Conference {id: tid}) RETURN b
  UNION ALL
  WITH tid MATCH (b:Platform {id: tid}) RETURN b
  UNION ALL
  WITH tid MATCH (b:Split {id: tid}) RETURN b
  UNION ALL
  WITH tid MATCH (b:Merger {id: tid}) RETURN b
  UNION ALL
  WITH tid MATCH (b:Person {id: tid}) RETURN b
  UNION ALL
  WITH tid MATCH (b:Publication {id: tid}) RETURN b
  UNION ALL
  WITH tid MATCH (b:Declaration {id: tid}) RETURN b
  UNION ALL
  WITH tid MATCH (b:Document {id: tid}) RETURN b
}
MATCH (a)-[r]->(b)
WHERE (($type IS NULL AND type(r) <> 'MENTIONS') OR type(r) = $type)
  AND ($id IS NULL OR r.id = $id)
MATCH (d:Document {id: r.source})
RETURN type(r) AS type, a.name AS from, b.name AS to, d.title AS document,
       r.source AS source, r.quote_line AS line, r.quote AS quote, r.id AS id
ORDER BY type, from, to, line
UNION ALL
WITH $from_ids AS wanted, $to_ids AS other WHERE wanted IS NULL AND other IS NULL
MATCH (a)-[r]->(b)
WHERE (($type IS NULL AND type(r) <> 'MENTIONS') OR type(r) = $type)
  AND ($id IS NULL OR r.id = $id)
MATCH (d:Document {id: r.source})
RETURN type(r) AS type, a.name AS from, b.name AS to, d.title AS document,
       r.source AS source, r.quote_line AS line, r.quote AS quote, r.id AS id
ORDER BY type, from, to, line

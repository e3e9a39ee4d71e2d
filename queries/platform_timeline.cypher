// A platform's timeline: its conferences by date, where they met, their themes and attendance.
// params: platform - the platform's id, name or alias (case-insensitive)
// finds: platform -> Platform by name
// example: partygraph query --name platform_timeline --param platform=ICS
MATCH (pl:Platform)
WHERE pl.id IN $platform_ids
MATCH (c:Conference)-[r:PART_OF]->(pl)
OPTIONAL MATCH (c)-[:HELD_IN]->(k:Country)
RETURN pl.name AS platform, c.year AS year, c.date AS date, c.edition AS edition,
       c.name AS conference, c.city AS city, k.name AS country, c.theme AS theme,
       COUNT { (c)<-[:ATTENDED]-(:Party) } AS attendances, r.source AS source, r.quote AS quote
ORDER BY year, date, conference

// The parties based in a country, with the name the source gave the country.
// params: country - ISO alpha-2 code, or the country's name or historical name (case-insensitive)
// example: partygraph query --name parties_by_country --param country=BE
MATCH (p:Party)-[b:BASED_IN]->(k:Country)
WHERE k.iso2 = toUpper($country) OR toLower(k.name) = toLower($country)
   OR any(alias IN k.aliases WHERE toLower(alias) = toLower($country))
RETURN k.name AS country, p.name AS party, b.name_in_source AS name_in_source,
       b.source AS source, b.quote AS quote
ORDER BY party

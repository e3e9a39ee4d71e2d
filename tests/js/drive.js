// Drive `partygraph serve` with the official JavaScript driver: every API a client uses.
// Usage: node drive.js URI USER PASSWORD; prints one JSON object.
const neo4j = require("neo4j-driver");

async function main() {
  const [uri, user, password] = process.argv.slice(2);
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password));
  const found = {};
  const count = "MATCH (p:Party) RETURN count(p) AS n";
  try {
    const { records } = await driver.executeQuery(count, {}, { database: "partygraph" });
    found.executeQuery = records[0].get("n").toNumber();
    const session = driver.session({ database: "partygraph" });
    found.executeRead = await session.executeRead(
      async (tx) => (await tx.run(count)).records[0].get("n").toNumber());
    const tx = session.beginTransaction();
    found.explicit = (await tx.run("RETURN 2 AS x")).records[0].get("x").toNumber();
    await tx.commit();
    found.bookmarks = session.lastBookmarks().length;
    try {
      await session.executeWrite((tx) => tx.run("CREATE (:Party {id: 'js-write'})"));
      found.write = "accepted";
    } catch (error) {
      found.write = error.code + ": " + error.message;
    }
    try {
      await session.run("MATC (p) RETURN p");
    } catch (error) {
      found.syntax = error.code + ": " + error.message;
    }
    found.access = [...new Set((await session.run("SHOW DATABASES")).records
      .map((r) => r.get("access")))];
    found.roles = (await session.run("SHOW CURRENT USER")).records[0].get("roles");
    found.after = (await session.run("MATCH (p:Party {id: 'js-write'}) RETURN count(p) AS n"))
      .records[0].get("n").toNumber();
    await session.close();
  } finally {
    await driver.close();
  }
  console.log(JSON.stringify(found));
}

main().catch((error) => { console.error(String(error)); process.exit(1); });

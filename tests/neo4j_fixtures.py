"""Neo4j server fixtures (session-scoped server started through scripts/neo4j)."""

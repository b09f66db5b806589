"""Every Cypher statement `kg` runs, and the read queries the README shows, as named constants.

Labels and relationship types come from the graph's closed vocabulary in `kg.schema`
(`NODE_LABELS`, `TRIPLES`) and are put into statements here, at import time,
never from data: every value travels as a parameter (`$rows`). Each write
statement MERGEs on the stable ``key`` of a node or relationship, so running a
batch twice (a driver retry, a repeated push) changes nothing.

>>> NODE_MERGE["Person"]
'UNWIND $rows AS row MERGE (n:Person {key: row.key}) SET n += row.props'
>>> sorted(REL_MERGE) == sorted(TRIPLES)
True
"""
from __future__ import annotations

from kg.schema import NODE_LABELS, REL_TYPES, TRIPLES  # noqa: F401  (REL_TYPES: re-exported)

# One uniqueness constraint per label on `key`; it also gives the index every MERGE/MATCH uses.
CONSTRAINTS: dict[str, str] = {
    label: f"CREATE CONSTRAINT kg_{label.lower()}_key IF NOT EXISTS FOR (n:{label}) REQUIRE n.key IS UNIQUE"
    for label in NODE_LABELS
}

# Everything `kg push` and a bulk load's `finish` run before the data, in order: the constraints,
# then any index on another property (a new one is one more statement here).
# The url index also makes the property key exist in a database whose articles have no address (text
# dumps), so the README's and kg.careers' queries that read a.url draw no "property key does not exist".
ARTICLE_URL_INDEX = "CREATE INDEX kg_article_url IF NOT EXISTS FOR (n:Article) ON (n.url)"
SCHEMA: tuple[str, ...] = (*CONSTRAINTS.values(), ARTICLE_URL_INDEX)

AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

# label -> statement; rows: [{key: str, props: {...}}]
NODE_MERGE: dict[str, str] = {
    label: f"UNWIND $rows AS row MERGE (n:{label} {{key: row.key}}) SET n += row.props"
    for label in NODE_LABELS
}

# (type, start label, end label) -> statement, for the triples the schema allows;
# rows: [{start, end, key, props}]. Both ends are matched by label + key so the lookups
# use the constraint's index; the relationship is merged on its key between exactly
# those two nodes.
REL_MERGE: dict[tuple[str, str, str], str] = {
    (rel, a, b): (
        f"UNWIND $rows AS row MATCH (a:{a} {{key: row.start}}) MATCH (b:{b} {{key: row.end}}) "
        f"MERGE (a)-[r:{rel} {{key: row.key}}]->(b) SET r += row.props"
    )
    for rel, a, b in TRIPLES
}

COUNT_NODES = "MATCH (n) RETURN count(n) AS n"
COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN count(r) AS n"
SHOW_CONSTRAINTS = "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type RETURN name, labelsOrTypes, properties, type"
WIPE = "MATCH (n) DETACH DELETE n"

# Ready queries for Neo4j Browser (README, "## Neo4j"); tests run each against a small graph
# shaped like the seed. Names are literals so they can be pasted as they are.
README_QUERIES: dict[str, str] = {
    # Titles held in 巴中: by people of 巴中's jurisdiction, or toward an organization/place in or
    # under 巴中市 (LOCATED_IN / PART_OF chains).
    "titles_in_bazhong": """\
MATCH (p:Person)-[h:HOLDS_TITLE]->(x)
WHERE p.jurisdiction_name = '巴中市'
   OR EXISTS { MATCH (x)-[:LOCATED_IN|PART_OF*0..4]->(:Place {name: '巴中市'}) }
RETURN p.name AS person, collect(DISTINCT h.title) AS titles, collect(DISTINCT x.name) AS at
ORDER BY person""",
    "towns_in_bazhou": """\
MATCH (t:Place)-[:PART_OF]->(:Place {name: '巴州区'})
WHERE t.level = 'town' OR (t.level IS NULL AND t.name =~ '.*(镇|乡|街道)')
RETURN DISTINCT t.name AS town, t.code AS code
ORDER BY code, town""",
    # People mentioned in the same article as 罗增斌.
    "with_luozengbin": """\
MATCH (p:Person {name: '罗增斌'})-[:MENTIONED_IN]->(a:Article)<-[:MENTIONED_IN]-(o:Person)
WHERE o <> p
RETURN o.name AS person, count(DISTINCT a) AS articles, collect(DISTINCT a.title) AS titles
ORDER BY articles DESC, person""",
    "articles_of_person": """\
MATCH (p:Person {name: '罗增斌'})-[m:MENTIONED_IN]->(a:Article)
RETURN a.date AS date, a.title AS title, a.url AS url, m.count AS mentions
ORDER BY date DESC, title""",
    # A picture for Browser's graph view: one person and everything around them.
    "around_luozengbin": """\
MATCH (p:Person {name: '罗增斌'})-[r]-(x)
RETURN p, r, x""",
}

# Careers against the pushed graph (README, "Career table"; kg.careers is the same table from the
# graph.json): CAREER_OF takes $name, HOLDERS_OF $post (a canonical post: 巴中市委书记).
# HOLDS_TITLE keeps its article id and date; the Article node's key is "article:" + that id.
CAREER_OF = """\
MATCH (p:Person {name: $name})-[h:HOLDS_TITLE]->(x)
OPTIONAL MATCH (a:Article {key: 'article:' + h.article})
WITH p, coalesce(h.title_canonical, h.title) AS post, x, h, a ORDER BY h.date
RETURN p.key AS person_key, post, x.name AS at, min(h.date) AS first_seen, max(h.date) AS last_seen,
       count(DISTINCT h.article) AS n_articles, collect(DISTINCT h.article) AS articles,
       [u IN collect(DISTINCT a.url) WHERE u IS NOT NULL] AS urls
ORDER BY person_key, first_seen, post"""

HOLDERS_OF = """\
MATCH (p:Person)-[h:HOLDS_TITLE]->(x)
WHERE coalesce(h.title_canonical, h.title) = $post
OPTIONAL MATCH (a:Article {key: 'article:' + h.article})
WITH p, h, a ORDER BY h.date
RETURN p.name AS person, p.key AS person_key, min(h.date) AS first_seen, max(h.date) AS last_seen,
       collect(DISTINCT h.article) AS articles, collect(DISTINCT a.title) AS titles,
       [u IN collect(DISTINCT a.url) WHERE u IS NOT NULL] AS urls
ORDER BY first_seen, person"""

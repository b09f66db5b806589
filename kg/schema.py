"""The closed vocabulary of `kg`, in one place: entity labels, relation types, the graph's
node labels and relationship types, which (type, start, end) triples the graph may hold,
and how each node label and relationship type is drawn.

Everything else derives from here: `kg.records` (the label sets of the records),
`kg.cypher` (one MERGE statement per triple, one constraint per node label),
`kg.neo4j_writer` (what it accepts), `kg.graph_html` (colours) and the Neo4j Browser
style (`grass()`, printed by ``kg style``).

A new relationship type is one entry in `RELATIONSHIPS` (plus its style), and a new node
label one entry in `NODES`; the rest follows. An extracted relation type is also named in
`RelationType`; its rule is in `kg.relations` (`MENTION_RULES`) or, with a resolved end, `kg.link`.

>>> NODE_LABELS
('Person', 'Organization', 'Place', 'Article')
>>> [t for t in TRIPLES if t[0] == "HOLDS_TITLE"]
[('HOLDS_TITLE', 'Person', 'Organization'), ('HOLDS_TITLE', 'Person', 'Place')]
>>> NODE_LABEL_OF["GPE"], NODE_LABEL_OF["LOC"]
('Place', 'Place')
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

# --- extraction records (kg.records) ------------------------------------------------

EntityLabel = Literal["PERSON", "TITLE", "ORG", "GPE", "LOC"]
ENTITY_LABELS: tuple[str, ...] = get_args(EntityLabel)

RelationType = Literal["HOLDS_TITLE", "PART_OF", "MEMBER_OF", "LOCATED_IN"]
RELATION_TYPES: tuple[str, ...] = get_args(RelationType)


# --- graph (kg.graph, kg.cypher, kg.neo4j_writer, kg.graph_html, kg style) -----------

@dataclass(frozen=True)
class NodeKind:
    """A node label: the entity labels it holds, and its look in Browser and graph.html."""

    label: str
    entities: tuple[str, ...]  # the entity labels whose mentions become such a node
    color: str
    border: str
    text_color: str
    diameter: int
    caption: str = "name"      # the property Browser shows on the node
    font_size: int | None = None


@dataclass(frozen=True)
class RelKind:
    """A relationship type: the (start, end) node labels it may join, and its look in Browser."""

    type: str
    ends: tuple[tuple[str, str], ...]
    color: str
    shaft_width: int
    caption: str | None = None  # a property to show; None shows the type


NODES: tuple[NodeKind, ...] = (
    NodeKind("Person", ("PERSON",), "#F16667", "#EB2728", "#FFFFFF", 55),
    NodeKind("Organization", ("ORG",), "#4C8EDA", "#2870C2", "#FFFFFF", 60),
    NodeKind("Place", ("GPE", "LOC"), "#57C7E3", "#23B3D7", "#2A2C34", 50),
    NodeKind("Article", (), "#FFC454", "#D7A013", "#2A2C34", 40, caption="title", font_size=8),
)

RELATIONSHIPS: tuple[RelKind, ...] = (
    # to the organization the title implies, else to the place of the title (kg.graph)
    RelKind("HOLDS_TITLE", (("Person", "Organization"), ("Person", "Place")), "#F16667", 3, caption="title"),
    RelKind("MEMBER_OF", (("Person", "Organization"),), "#4C8EDA", 2),
    RelKind("PART_OF", (("Place", "Place"),), "#23B3D7", 2),
    RelKind("LOCATED_IN", (("Organization", "Place"),), "#8DCC93", 2),
    RelKind("MENTIONED_IN", (("Person", "Article"), ("Organization", "Article"), ("Place", "Article")),
            "#C7C9CE", 1),
)

NODE_LABELS: tuple[str, ...] = tuple(n.label for n in NODES)
REL_TYPES: tuple[str, ...] = tuple(r.type for r in RELATIONSHIPS)
#: every (relationship type, start label, end label) the graph may hold
TRIPLES: tuple[tuple[str, str, str], ...] = tuple((r.type, a, b) for r in RELATIONSHIPS for a, b in r.ends)
#: entity label -> node label (TITLE has none: titles live on HOLDS_TITLE edges)
NODE_LABEL_OF: dict[str, str] = {e: n.label for n in NODES for e in n.entities}
#: node label -> colour, for views other than Browser (graph.html)
COLORS: dict[str, str] = {n.label: n.color for n in NODES}


def grass() -> str:
    """The Neo4j Browser style: a .grass file's content (``kg style > kg.grass``)."""
    out = [
        "node {", "  diameter: 50px;", "  color: #A5ABB6;", "  border-color: #9AA1AC;", "  border-width: 2px;",
        "  text-color-internal: #FFFFFF;", "  font-size: 10px;", "  caption: '{name}';", "}",
        "relationship {", "  color: #A5ABB6;", "  shaft-width: 1px;", "  font-size: 8px;", "  padding: 3px;",
        "  text-color-external: #000000;", "  text-color-internal: #FFFFFF;", "  caption: '<type>';", "}",
    ]
    for n in NODES:
        out += [f"node.{n.label} {{", f"  color: {n.color};", f"  border-color: {n.border};",
                f"  text-color-internal: {n.text_color};", f"  diameter: {n.diameter}px;"]
        if n.font_size is not None:
            out.append(f"  font-size: {n.font_size}px;")
        out += [f"  caption: '{{{n.caption}}}';", "}"]
    for r in RELATIONSHIPS:
        caption = f"{{{r.caption}}}" if r.caption else "<type>"
        out += [f"relationship.{r.type} {{", f"  color: {r.color};", f"  shaft-width: {r.shaft_width}px;",
                f"  caption: '{caption}';", "}"]
    return "\n".join(out) + "\n"

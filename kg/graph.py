"""Extractions to a networkx `MultiDiGraph`, and the graph files (JSON, GraphML, offline HTML).

The graph is the in-memory contract that `kg.neo4j_writer` consumes.

The graph only reads the records: node ids are the keys `kg.link` put on entities and
relations, HOLDS_TITLE's resolved title is `Relation.canonical`.

Nodes (id = ``key`` attribute = the stable keys of `kg.link`):
  Person        ``person:<name>@<jurisdiction>``; attrs name, jurisdiction (a division
                code or 中国), jurisdiction_name, titles (titles as written, "|"-joined)
  Organization  ``org:<canonical>``; attrs name
  Place         ``place:<code>`` or ``place:<name>[@<city code>]``; attrs name, code and
                level (province/city/county/town, country for 中国) when known, kind (GPE/LOC)
  Article       ``article:<id>``; attrs name (the title), title, date (YYYY-MM-DD),
                source, url, path, site, place
  Every node has ``label`` (one of the four above), ``name`` and ``key``;
  entities also ``aliases``: the surface forms seen, "|"-joined. Only scalars
  (str, int, float, bool); None is omitted.

Edges (attr ``type``; key unique per (u, v), so adding again replaces, never duplicates):
  HOLDS_TITLE   Person → Organization implied by the title (市委书记 in a 巴中 article →
                巴中市委), else → the Place of the title (the place written before it, else
                the article's place; 中国 for national titles such as 总书记); key
                ``HOLDS_TITLE:<title as written>:<article id>``; attrs title (as written),
                title_canonical (巴中市委书记), article, date, sentence.
  MEMBER_OF     Person → Organization; key ``MEMBER_OF:<article id>``.
  PART_OF       Place → Place; from the text: key ``PART_OF:<article id>``, origin "text";
                from the division table (every coded place up to its province): key
                ``PART_OF:gazetteer``, origin "gazetteer", no article. (The attribute is
                ``origin``, not ``source``: node-link JSON uses ``source`` for the edge's start
                node, so an edge attribute of that name would not survive the round trip.)
  LOCATED_IN    Organization → Place; key ``LOCATED_IN:<article id>``.
  MENTIONED_IN  Person/Organization/Place → Article; key ``MENTIONED_IN``; attrs article,
                date, sentence (of the first mention), surface, count (mentions).
  Relation edges carry provenance: article, date, sentence (and head/tail as written).
  A relation with an end that has no key is left out of the graph (it stays in the
  extraction).

>>> from kg.records import Article, ArticleMeta, Entity
>>> from kg.link import link_article
>>> text = "市委书记罗增斌到巴州区枣林镇调研。"
>>> ents = [Entity("市委书记", "TITLE", 0, 4), Entity("罗增斌", "PERSON", 4, 7),
...         Entity("巴州区", "GPE", 8, 11), Entity("枣林镇", "GPE", 11, 14)]
>>> art = Article("a1", "a1.txt", ArticleMeta(title="调研", date="2020-06-12"), text, site="巴中市妇女联合会")
>>> G = build_graph([link_article(art, ents)])
>>> G.nodes["org:巴中市委"]["label"], G.nodes["place:511902122"]["code"]
('Organization', '511902122')
>>> [(v, d["title"], d["date"]) for _, v, d in G.out_edges("person:罗增斌@5119", data=True)
...  if d["type"] == "HOLDS_TITLE"]
[('org:巴中市委', '市委书记', '2020-06-12')]
>>> G2 = build_graph([link_article(art, ents)], graph=G)
>>> G2.number_of_edges() == G.number_of_edges()
True
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable

import networkx as nx

from kg.gazetteer import Gazetteer, load_gazetteer
from kg.files import atomic_open, atomic_write_text
from kg.records import Entity, Extraction
from kg.relations import sentences
from kg.keys import COUNTRY_KEY, article_key, code_key, parse_key
from kg.lexicon.tables import COUNTRY
from kg.schema import NODE_LABEL_OF

_MULTI = ("aliases", "titles")  # "|"-joined sets, merged on re-adding


def _scalars(attrs: dict) -> dict:
    return {k: v for k, v in attrs.items() if v is not None and isinstance(v, (str, int, float, bool))}


def _add_node(G: nx.MultiDiGraph, key: str, label: str, name: str, **attrs) -> None:
    """Add or merge a node: first values win, "|"-joined sets are unioned."""
    new = _scalars({"label": label, "name": name, "key": key, **attrs})
    if key not in G:
        G.add_node(key, **new)
        return
    node = G.nodes[key]
    for k, v in new.items():
        if k in _MULTI and node.get(k):
            node[k] = "|".join(sorted(set(str(node[k]).split("|")) | set(str(v).split("|"))))
        elif k not in node:
            node[k] = v


def _add_edge(G: nx.MultiDiGraph, u: str, v: str, key: str, **attrs) -> None:
    G.add_edge(u, v, key=key, **_scalars(attrs))


def _add_place(G: nx.MultiDiGraph, key: str, g: Gazetteer, name: str | None = None,
               alias: str | None = None, kind: str = "GPE") -> None:
    """A place node; a coded one brings its division-table chain up to the province."""
    parsed = parse_key(key)
    d = g.by_code.get(parsed.name) if parsed.kind == "place" and parsed.scope is None else None
    if d is None:
        level = "country" if key == COUNTRY_KEY else None
        nm = COUNTRY if key == COUNTRY_KEY else (name or parsed.name)
        _add_node(G, key, "Place", nm, level=level, kind=kind, aliases=alias)
        return
    _add_node(G, key, "Place", d.name, code=d.code, level=d.level, kind="GPE", aliases=alias or d.name)
    child = d
    for parent in g.ancestors(d.code):
        pkey = code_key(parent.code)
        if not G.has_edge(code_key(child.code), pkey, key="PART_OF:gazetteer"):
            _add_node(G, pkey, "Place", parent.name, code=parent.code, level=parent.level, kind="GPE",
                      aliases=parent.name)
            _add_edge(G, code_key(child.code), pkey, "PART_OF:gazetteer", type="PART_OF", origin="gazetteer")
        child = parent


def _add_keyed(G: nx.MultiDiGraph, key: str, g: Gazetteer, name: str | None = None) -> None:
    """A node known only by its key (an organization implied by a title, a place of a title)."""
    if key in G:
        return
    parsed = parse_key(key)
    if parsed.kind == "place":
        _add_place(G, key, g, name)
    elif parsed.kind == "org":
        _add_node(G, key, "Organization", parsed.name, aliases=name)
    elif parsed.kind == "person":
        _add_node(G, key, "Person", parsed.name)


def _add_extraction(G: nx.MultiDiGraph, ex: Extraction, g: Gazetteer) -> None:
    a = ex.article
    akey = article_key(a.id)
    date = a.meta.date
    _add_node(G, akey, "Article", a.meta.title or a.id, title=a.meta.title, date=date, source=a.meta.source,
              url=a.url, path=a.path, site=a.site, place=ex.place)
    spans = sentences(a.text)

    def sentence_at(pos: int) -> str:
        for s, e in spans:
            if s <= pos < e:
                return a.text[s:e].strip()
        return ""

    titles: dict[str, set[str]] = {}
    mentions: dict[str, tuple[Entity, int]] = {}
    for e in ex.entities:
        key = e.key
        if key is None:
            continue
        label = NODE_LABEL_OF[e.label]
        if label == "Place":
            _add_place(G, key, g, e.canonical or e.text, alias=e.text, kind=e.label)
        elif label == "Person":
            jur = parse_key(key).scope
            jd = g.by_code.get(jur or "")
            _add_node(G, key, "Person", e.canonical or e.text, jurisdiction=jur,
                      jurisdiction_name=jd.name if jd else jur, aliases=e.text)
        else:
            _add_node(G, key, label, e.canonical or e.text, aliases=e.text)
        first, n = mentions.get(key, (e, 0))
        mentions[key] = (first, n + 1)
    for key, (first, n) in mentions.items():
        _add_edge(G, key, akey, "MENTIONED_IN", type="MENTIONED_IN", article=a.id, date=date,
                  sentence=sentence_at(first.start), surface=first.text, count=n)
    for r in ex.relations:
        if not r.head_key or not r.tail_key:
            continue
        _add_keyed(G, r.head_key, g, r.head)
        _add_keyed(G, r.tail_key, g, r.tail)
        prov = dict(type=r.type, article=a.id, date=date, sentence=r.sentence, head=r.head, tail=r.tail)
        if r.type == "HOLDS_TITLE":
            _add_edge(G, r.head_key, r.tail_key, f"HOLDS_TITLE:{r.tail}:{a.id}", title=r.tail,
                      title_canonical=r.canonical or r.tail, **prov)
            titles.setdefault(r.head_key, set()).add(r.tail)
        elif r.type == "PART_OF":
            _add_edge(G, r.head_key, r.tail_key, f"PART_OF:{a.id}", origin="text", **prov)
        else:
            _add_edge(G, r.head_key, r.tail_key, f"{r.type}:{a.id}", **prov)
    for key, ts in titles.items():
        _add_node(G, key, "Person", G.nodes[key]["name"] if key in G else key, titles="|".join(sorted(ts)))


def build_graph(extractions: Iterable[Extraction], graph: nx.MultiDiGraph | None = None, *,
                gazetteer: Gazetteer | None = None) -> nx.MultiDiGraph:
    """Add `extractions` to `graph` (a new `MultiDiGraph` when None) and return it.

    Idempotent: the same article (same `Article.id`) or the same extraction added
    again changes nothing, because node ids and edge keys are stable.

    >>> import kg
    >>> G = kg.build_graph([])
    >>> G.number_of_nodes(), type(G).__name__
    (0, 'MultiDiGraph')

    Typical use: ``build_graph(kg.extract(["pages/"]))``, then ``save_graph(G, "out")``;
    ``build_graph(new, graph=load_graph("out"))`` adds pages without duplicating anything.
    """
    G = nx.MultiDiGraph() if graph is None else graph
    g = gazetteer or load_gazetteer()
    for ex in extractions:
        _add_extraction(G, ex, g)
    return G


def graph_to_json(G: nx.MultiDiGraph) -> str:
    return json.dumps(nx.node_link_data(G, edges="edges"), ensure_ascii=False, indent=1, sort_keys=True)


# Characters XML 1.0 forbids even as references (C0 controls but tab/newline/CR, lone surrogates,
# U+FFFE/U+FFFF): networkx writes them raw and no XML parser reads the file back.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value):
    return _XML_INVALID.sub("\ufffd", value) if isinstance(value, str) else value


def _xml_safe(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """`G` itself, or a copy with every character XML cannot hold replaced by U+FFFD (graph.json keeps them)."""
    def bad(value) -> bool:
        return isinstance(value, str) and _XML_INVALID.search(value) is not None

    def bad_attrs(d: dict) -> bool:
        return any(bad(k) or bad(v) for k, v in d.items())

    if not (bad_attrs(G.graph) or any(bad(n) or bad_attrs(d) for n, d in G.nodes(data=True))
            or any(bad(k) or bad_attrs(d) for _, _, k, d in G.edges(keys=True, data=True))):
        return G

    def clean(d: dict) -> dict:
        return {_xml_text(k): _xml_text(v) for k, v in d.items()}

    H = nx.MultiDiGraph(**clean(G.graph))
    H.add_nodes_from((_xml_text(n), clean(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((_xml_text(u), _xml_text(v), _xml_text(k), clean(d))
                     for u, v, k, d in G.edges(keys=True, data=True))
    return H


def save_graph(G: nx.MultiDiGraph, out_dir: str | Path) -> dict[str, Path]:
    """Write graph.json, graph.graphml and graph.html into `out_dir`, each atomically; return their paths."""
    from kg.graph_html import render_html

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "graph.json", "graphml": out / "graph.graphml", "html": out / "graph.html"}
    atomic_write_text(paths["json"], graph_to_json(G))
    with atomic_open(paths["graphml"], "wb") as f:
        nx.write_graphml(_xml_safe(G), f, encoding="utf-8")
    atomic_write_text(paths["html"], render_html(G))
    return paths


def load_graph(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph.json (or the folder holding one) written by `save_graph`."""
    from kg.errors import InputError

    p = Path(path)
    if p.is_dir():
        p = p / "graph.json"
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise InputError(str(p), f"cannot read the graph: {err}", hint="build one with `kg build PATH --out DIR`") from err
    G = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    return G if isinstance(G, nx.MultiDiGraph) else nx.MultiDiGraph(G)

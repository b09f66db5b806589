"""graph.html: a self-contained, offline view of the graph (no script or style from the network).

The page inlines sigma.js and graphology (WebGL; vendored in ``kg/static/vendor`` with their
licences) and ``kg/static/graph_view.js``, which lays the graph out with ForceAtlas2 in the
browser and adds fit-to-view, labels by degree at every zoom, a search that centres the node,
filters by node label and by place, and a panel with a node's attributes and edges. Colours
come from `kg.schema`.

A browser draws a few thousand nodes well, not 100,000: past `MAX_NODES` the page keeps the
nodes with the most neighbours (and the edges among them) and says so at the top; graph.json
keeps everything.
"""
from __future__ import annotations

import html
import json
import math
import random
import re
from importlib import resources

import networkx as nx

from kg.schema import COLORS  # the colours of the Browser style, so both views agree

#: the most nodes the page draws; at 5,000 the page stays under 5 MB and opens in about 2 s
MAX_NODES = 5000
#: the most edges it keeps among them (the panel lists them; the drawing merges parallel edges)
MAX_EDGES = 40000
_VENDOR = ("graphology.umd.min.js", "graphology-layout-forceatlas2.min.js", "sigma.min.js")
_SKIP_ATTRS = {"label", "name"}

_TEMPLATE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>
body{margin:0;font:13px sans-serif;display:flex;height:100vh;overflow:hidden}
#side{width:300px;padding:8px;box-sizing:border-box;border-right:1px solid #ccc;overflow:auto;flex:none}
#graph{flex:1;position:relative;background:#fff}
input,select,button{box-sizing:border-box;margin:3px 0;font:inherit}
#q,#place{width:100%;padding:3px}
.sw{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:4px}
label{display:block}#info{margin-top:8px;word-break:break-all}
.rel div,.hit{cursor:pointer;padding:1px 0}.rel div:hover,.hit:hover{background:#eee}
.rel{margin-top:6px;border-top:1px solid #ddd;padding-top:4px}
.muted,#count{color:#666}#count{display:block;margin:4px 0}
</style>
</head>
<body>
<div id="side">
<b>__TITLE__</b>
<span id="count"></span>
<input id="q" placeholder="搜索名称 / search (Enter: go to)">
<div id="hits"></div>
<button id="fit">Fit to view</button>
<div id="legend"></div>
<select id="place"><option value="">All places / 全部地区</option></select>
<div id="info">Click a node.</div>
</div>
<div id="graph"></div>
<script type="application/json" id="graph-data">__DATA__</script>
__SCRIPTS__
</body>
</html>
"""


def _static(name: str) -> str:
    text = resources.files("kg").joinpath("static", name).read_text(encoding="utf-8")
    # a source map is a file beside the bundle that devtools would go and fetch: not shipped, not named
    return re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)


def _scalar(v):
    return v if isinstance(v, (int, float, bool)) or v is None else str(v)


def _node_place(G: nx.MultiDiGraph, key: str, d: dict) -> str:
    """The division code a node belongs to, for the place filter ("" if none)."""
    code = {"Place": d.get("code"), "Person": d.get("jurisdiction"), "Article": d.get("place")}.get(d.get("label"))
    if d.get("label") == "Organization":
        code = next((G.nodes[v].get("code") for _, v, e in G.out_edges(key, data=True)
                     if e.get("type") == "LOCATED_IN" and G.nodes[v].get("code")), None)
    code = str(code or "")
    return code if code.isdigit() else ""


def select_nodes(G: nx.MultiDiGraph, max_nodes: int = MAX_NODES) -> list:
    """The nodes the page draws, most neighbours first (ties by key): all of them, or the first `max_nodes`."""
    degree = {n: len(set(G.successors(n)) | set(G.predecessors(n))) for n in G.nodes}
    return sorted(G.nodes, key=lambda n: (-degree[n], str(n)))[:max_nodes]


def seed_layout(G: nx.MultiDiGraph, keep: list, core: int = 300, seed: int = 17) -> list[tuple[float, float]]:
    """Start positions for the browser's ForceAtlas2, so a few iterations there settle the picture.

    The `core` best-connected nodes (`keep` is in that order) get a spring layout; every other
    node goes beside the mean of its placed neighbours, breadth first; nodes no path reaches go
    on a ring outside. Linear past the core, where a full force layout in Python is quadratic.
    """
    rng = random.Random(seed)
    H = nx.Graph()
    H.add_nodes_from(keep)
    H.add_edges_from((u, v) for u, v in G.subgraph(keep).edges() if u != v)
    pos = {k: (float(x), float(y)) for k, (x, y) in
           nx.spring_layout(H.subgraph(keep[:core]), seed=seed, iterations=50).items()}
    frontier = [n for k in keep[:core] for n in H[k] if n not in pos]
    while frontier:
        nxt = []
        for n in frontier:
            if n in pos:
                continue
            placed = [pos[m] for m in H[n] if m in pos]
            r, a = 0.04 + 0.04 * rng.random(), math.tau * rng.random()
            pos[n] = (sum(p[0] for p in placed) / len(placed) + r * math.cos(a),
                      sum(p[1] for p in placed) / len(placed) + r * math.sin(a))
            nxt.extend(m for m in H[n] if m not in pos)
        frontier = nxt
    rest = [k for k in keep if k not in pos]
    for i, k in enumerate(rest):
        a = math.tau * i / max(1, len(rest))
        pos[k] = (1.3 * math.cos(a), 1.3 * math.sin(a))
    return [(round(pos[k][0] * 100, 2), round(pos[k][1] * 100, 2)) for k in keep]


def graph_payload(G: nx.MultiDiGraph, max_nodes: int = MAX_NODES) -> dict:
    """The data the page embeds: compact rows for the nodes it draws and the edges among them."""
    keep = select_nodes(G, max_nodes)
    index = {k: i for i, k in enumerate(keep)}
    nodes = []
    for k in keep:
        d = G.nodes[k]
        deg = len(set(G.successors(k)) | set(G.predecessors(k)))
        attrs = {a: _scalar(v) for a, v in sorted(d.items()) if a not in _SKIP_ATTRS and v not in (None, "")}
        nodes.append([str(k), str(d.get("label", "")), str(d.get("name", k)), deg, _node_place(G, k, d), attrs])
    edges = [[index[u], index[v], str(e.get("type", "")), _scalar(e.get("title")) or "", _scalar(e.get("date")) or ""]
             for u, v, e in G.edges(data=True) if u in index and v in index]
    for row, (x, y) in zip(nodes, seed_layout(G, keep)):
        row.extend((x, y))
    n_edges_between = len(edges)
    if len(edges) > MAX_EDGES:  # keep the edges of the most important nodes (lowest indices)
        edges = sorted(edges, key=lambda e: max(e[0], e[1]))[:MAX_EDGES]
    under: dict[str, int] = {}
    for n in nodes:
        code = n[4]
        for cut in (2, 4, 6, 9, 12):
            if len(code) >= cut:
                under[code[:cut]] = under.get(code[:cut], 0) + 1
    names = {str(G.nodes[k].get("code")): str(G.nodes[k].get("name")) for k in G.nodes
             if G.nodes[k].get("label") == "Place" and G.nodes[k].get("code")}
    places = sorted((c, names.get(c, c), n) for c, n in under.items() if n >= 2 or len(under) <= 300)
    if len(places) > 500:  # the biggest places, still in code order (so a city sits under its province)
        big = {p[0] for p in sorted(places, key=lambda p: -p[2])[:500]}
        places = [p for p in places if p[0] in big]
    shown = f"{len(nodes):,} nodes, {len(edges):,} edges"
    if len(nodes) < len(G) or len(edges) < G.number_of_edges():
        why = f"the {len(nodes):,} with the most neighbours" if len(nodes) < len(G) else "all nodes"
        if len(edges) < n_edges_between:
            why += f", {len(edges):,} of the {n_edges_between:,} edges among them"
        note = (f"Showing {shown} of {len(G):,} nodes and {G.number_of_edges():,} edges ({why}); "
                f"the full graph is in graph.json.")
    else:
        note = shown
    return {"colors": COLORS, "note": note, "total_nodes": len(G), "total_edges": G.number_of_edges(),
            "nodes": nodes, "edges": edges, "places": places}


def render_html(G: nx.MultiDiGraph, title: str = "kg graph", max_nodes: int = MAX_NODES) -> str:
    """The whole page as a string; the JSON is escaped so that no "</script>" ends it early."""
    data = json.dumps(graph_payload(G, max_nodes), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    scripts = "\n".join(f"<script>\n{_static('vendor/' + f)}\n</script>" for f in _VENDOR)
    scripts += f"\n<script>\n{_static('graph_view.js')}\n</script>"
    # one pass over the template, so no name or script text is ever read as a marker
    parts = {"__TITLE__": html.escape(title), "__SCRIPTS__": scripts, "__DATA__": data}
    return re.sub("__(?:TITLE|SCRIPTS|DATA)__", lambda m: parts[m.group(0)], _TEMPLATE)

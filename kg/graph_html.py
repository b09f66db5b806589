"""graph.html: a self-contained, offline view of the graph (no script or style from the network).

The page embeds the graph as JSON and draws it on a canvas with a small force
layout written here: nodes colored by label (`kg.schema`), a search box over names and
aliases, a label filter, click to see a node's attributes and edges, drag to
pan, wheel to zoom.
"""
from __future__ import annotations

import html
import json

import networkx as nx

from kg.schema import COLORS  # the colours of the Browser style, so both views agree

_TEMPLATE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>__TITLE__</title>
<style>
body{margin:0;font:13px sans-serif;display:flex;height:100vh;overflow:hidden}
#side{width:320px;padding:8px;box-sizing:border-box;border-right:1px solid #ccc;overflow:auto}
#main{flex:1;position:relative}canvas{display:block;width:100%;height:100%;cursor:grab}
input{width:100%;box-sizing:border-box;padding:4px;margin:4px 0}
.sw{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:4px}
label{display:block}#info{margin-top:8px;white-space:pre-wrap;word-break:break-all}
#hits div{cursor:pointer;padding:1px 0}#hits div:hover{background:#eee}
</style>
</head>
<body>
<div id="side">
<b>__TITLE__</b> <span id="count"></span>
<input id="q" placeholder="搜索名称 / search by name">
<div id="legend"></div>
<div id="hits"></div>
<div id="info">Click a node.</div>
</div>
<div id="main"><canvas id="c"></canvas></div>
<script type="application/json" id="graph-data">__DATA__</script>
<script>
"use strict";
const DATA = JSON.parse(document.getElementById("graph-data").textContent);
const COLORS = __COLORS__;
const nodes = DATA.nodes, edges = DATA.edges;
const byId = new Map(nodes.map((n, i) => [n.id, i]));
const shown = new Set(Object.keys(COLORS));
const links = edges.filter(e => byId.has(e.source) && byId.has(e.target))
  .map(e => ({s: byId.get(e.source), t: byId.get(e.target), d: e}));
const adj = nodes.map(() => []);
links.forEach(l => { adj[l.s].push(l); adj[l.t].push(l); });
nodes.forEach((n, i) => { const a = 2 * Math.PI * i / nodes.length, r = 30 * Math.sqrt(nodes.length);
  n.x = r * Math.cos(a) + Math.random(); n.y = r * Math.sin(a) + Math.random(); n.vx = 0; n.vy = 0; });
document.getElementById("count").textContent = nodes.length + " nodes, " + edges.length + " edges";
const legend = document.getElementById("legend");
Object.entries(COLORS).forEach(([lab, col]) => {
  const l = document.createElement("label"), cb = document.createElement("input");
  cb.type = "checkbox"; cb.checked = true; cb.style.width = "auto";
  cb.onchange = () => { cb.checked ? shown.add(lab) : shown.delete(lab); draw(); };
  const n = nodes.filter(x => x.label === lab).length;
  l.append(cb); l.insertAdjacentHTML("beforeend", '<span class="sw" style="background:' + col + '"></span>' + lab + " (" + n + ")");
  legend.append(l);
});
const canvas = document.getElementById("c"), ctx = canvas.getContext("2d");
let view = {x: 0, y: 0, k: 1}, selected = -1, matches = new Set();
function resize() { canvas.width = canvas.clientWidth; canvas.height = canvas.clientHeight; draw(); }
function visible(i) { return shown.has(nodes[i].label); }
function step(alpha) {
  const n = nodes.length, cell = 60, grid = new Map();
  nodes.forEach((p, i) => { const k = Math.floor(p.x / cell) + "," + Math.floor(p.y / cell);
    (grid.get(k) || grid.set(k, []).get(k)).push(i); });
  nodes.forEach((p, i) => { const gx = Math.floor(p.x / cell), gy = Math.floor(p.y / cell);
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
      for (const j of grid.get((gx + dx) + "," + (gy + dy)) || []) { if (j <= i) continue;
        const q = nodes[j]; let x = p.x - q.x, y = p.y - q.y, d2 = x * x + y * y + 0.01;
        if (d2 > cell * cell) continue; const f = alpha * 400 / d2;
        p.vx += x * f; p.vy += y * f; q.vx -= x * f; q.vy -= y * f; } } });
  links.forEach(l => { const a = nodes[l.s], b = nodes[l.t]; const x = b.x - a.x, y = b.y - a.y;
    const d = Math.sqrt(x * x + y * y) || 1, f = alpha * (d - 40) / d * 0.05;
    a.vx += x * f; a.vy += y * f; b.vx -= x * f; b.vy -= y * f; });
  nodes.forEach(p => { p.vx -= p.x * 0.002 * alpha; p.vy -= p.y * 0.002 * alpha;
    p.x += p.vx; p.y += p.vy; p.vx *= 0.6; p.vy *= 0.6; });
}
function toScreen(p) { return [(p.x - view.x) * view.k + canvas.width / 2, (p.y - view.y) * view.k + canvas.height / 2]; }
function draw() {
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.lineWidth = 0.6;
  links.forEach(l => { if (!visible(l.s) || !visible(l.t)) return;
    const [x1, y1] = toScreen(nodes[l.s]), [x2, y2] = toScreen(nodes[l.t]);
    const hot = l.s === selected || l.t === selected;
    ctx.strokeStyle = hot ? "#222" : "rgba(0,0,0,0.15)";
    ctx.beginPath(); ctx.moveTo(x1, y1); ctx.lineTo(x2, y2); ctx.stroke();
    if (hot && view.k > 0.5) { ctx.fillStyle = "#555"; ctx.fillText(l.d.type, (x1 + x2) / 2, (y1 + y2) / 2); } });
  nodes.forEach((p, i) => { if (!visible(i)) return; const [x, y] = toScreen(p);
    const r = (p.label === "Article" ? 4 : 6) * Math.max(0.5, Math.min(view.k, 2));
    ctx.fillStyle = COLORS[p.label] || "#000"; ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.fill();
    if (i === selected || matches.has(i)) { ctx.strokeStyle = "#000"; ctx.lineWidth = 2; ctx.stroke(); ctx.lineWidth = 0.6; }
    if (view.k > 0.8 || i === selected || matches.has(i)) { ctx.fillStyle = "#111";
      ctx.fillText(p.label === "Article" ? "" : String(p.name), x + r + 2, y + 4); } });
}
function esc(s) { return String(s).replace(/[&<>"]/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c])); }
function select(i) {
  selected = i; const n = nodes[i];
  const attrs = Object.entries(n).filter(([k]) => !["x", "y", "vx", "vy"].includes(k))
    .map(([k, v]) => k + ": " + v).join("\\n");
  const rel = adj[i].slice(0, 200).map(l => { const o = l.s === i ? nodes[l.t] : nodes[l.s];
    const arrow = l.s === i ? " → " : " ← ";
    return l.d.type + (l.d.title ? " [" + l.d.title + "]" : "") + arrow + o.name + (l.d.date ? " (" + l.d.date + ")" : ""); }).join("\\n");
  document.getElementById("info").innerHTML = "<b>" + esc(n.name) + "</b>\\n" + esc(attrs) + "\\n\\n" + esc(rel);
  view.x = n.x; view.y = n.y; draw();
}
document.getElementById("q").addEventListener("input", ev => {
  const q = ev.target.value.trim().toLowerCase(); matches = new Set(); const hits = document.getElementById("hits");
  hits.innerHTML = "";
  if (q) nodes.forEach((n, i) => { if ((String(n.name) + "|" + (n.aliases || "")).toLowerCase().includes(q)) matches.add(i); });
  [...matches].slice(0, 50).forEach(i => { const d = document.createElement("div");
    d.innerHTML = '<span class="sw" style="background:' + COLORS[nodes[i].label] + '"></span>' + esc(nodes[i].name);
    d.onclick = () => select(i); hits.append(d); });
  draw();
});
let drag = null;
canvas.addEventListener("mousedown", ev => { drag = {x: ev.offsetX, y: ev.offsetY, vx: view.x, vy: view.y, moved: false}; });
canvas.addEventListener("mousemove", ev => { if (!drag) return; const dx = ev.offsetX - drag.x, dy = ev.offsetY - drag.y;
  if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
  view.x = drag.vx - dx / view.k; view.y = drag.vy - dy / view.k; draw(); });
canvas.addEventListener("mouseup", ev => { if (drag && !drag.moved) { let best = -1, bd = 100;
    nodes.forEach((p, i) => { if (!visible(i)) return; const [x, y] = toScreen(p);
      const d = (x - ev.offsetX) ** 2 + (y - ev.offsetY) ** 2; if (d < bd) { bd = d; best = i; } });
    if (best >= 0) select(best); } drag = null; });
canvas.addEventListener("wheel", ev => { ev.preventDefault(); view.k *= ev.deltaY < 0 ? 1.15 : 1 / 1.15; draw(); }, {passive: false});
window.addEventListener("resize", resize);
let alpha = 1, ticks = 0;
function tick() { step(alpha); alpha *= 0.985; ticks++; draw(); if (alpha > 0.01 && ticks < 400) requestAnimationFrame(tick); }
resize(); tick();
</script>
</body>
</html>
"""


def graph_payload(G: nx.MultiDiGraph) -> dict:
    """The data the page embeds: node-link JSON with edges under "edges"."""
    return nx.node_link_data(G, edges="edges")


def render_html(G: nx.MultiDiGraph, title: str = "kg graph") -> str:
    """The whole page as a string; the JSON is escaped so that no "</script>" ends it early."""
    data = json.dumps(graph_payload(G), ensure_ascii=False)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (_TEMPLATE.replace("__TITLE__", html.escape(title))
            .replace("__COLORS__", json.dumps(COLORS))
            .replace("__DATA__", data))

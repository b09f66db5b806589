// graph.html's view: sigma.js (WebGL) over a graphology graph, laid out with ForceAtlas2.
// The data comes from the JSON script element "graph-data" written by kg/graph_html.py:
//   nodes: [id, label, name, degree, place, attrs, x, y], edges: [source index, target index, type, title, date].
// Every name reaches the DOM through textContent only (never as markup) and sigma draws labels on a
// canvas, so a hostile name stays text.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  document.body.dataset.startMs = Math.round(performance.now());  // the page and the libraries parsed
  const DATA = JSON.parse($("graph-data").textContent);
  const COLORS = DATA.colors;
  const NODES = DATA.nodes, EDGES = DATA.edges;
  const status = document.body.dataset;  // read by tests and scripts (chromium --dump-dom)
  const params = new URLSearchParams(location.hash.slice(1));

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function swatch(label) {
    const s = el("span", undefined, "sw");
    s.style.background = COLORS[label] || "#999";
    return s;
  }
  const short = (s) => (s.length > 18 ? s.slice(0, 17) + "…" : s);

  $("count").textContent = DATA.note;

  // --- graph and layout -------------------------------------------------------------------
  const graph = new graphology.Graph({type: "undirected", multi: false});
  const maxDeg = NODES.reduce((m, n) => Math.max(m, n[3]), 1);
  NODES.forEach((n, i) => {
    graph.addNode(String(i), {
      x: n[6], y: n[7],  // start positions from kg/graph_html.py (seed_layout)
      size: 2 + 10 * Math.sqrt(n[3] / maxDeg),  // importance = degree: bigger nodes win the label grid
      color: COLORS[n[1]] || "#999", label: short(String(n[2])), kind: n[1], place: n[4] || "",
    });
  });
  const adj = NODES.map(() => []);
  EDGES.forEach((e, k) => {
    adj[e[0]].push(k);
    if (e[1] !== e[0]) adj[e[1]].push(k);
    if (e[0] !== e[1]) graph.mergeEdge(String(e[0]), String(e[1]));
  });
  const t0 = performance.now();
  document.body.dataset.graphMs = Math.round(t0);
  let iterations = 0;
  if (graph.order > 1) {
    const settings = forceAtlas2.inferSettings(graph);
    settings.barnesHutOptimize = graph.order > 400;
    // polish the Python start: a fixed count (one graph, one picture), cut short only on a very slow machine
    const want = Number(params.get("fa2") || (graph.order > 2500 ? 10 : 20));
    while (iterations < want && performance.now() - t0 < 4000) {
      forceAtlas2.assign(graph, {iterations: 10, settings});
      iterations += 10;
    }
  }
  status.layoutMs = Math.round(performance.now() - t0);
  status.iterations = iterations;

  // --- state: filters, search hits, selection ---------------------------------------------
  const shownLabels = new Set(Object.keys(COLORS));
  let placeFilter = "", selected = null, hits = new Set();
  let neighbours = new Set();
  function visible(id) {
    const a = graph.getNodeAttributes(id);
    return shownLabels.has(a.kind) && (!placeFilter || a.place.startsWith(placeFilter));
  }
  function nodeReducer(id, d) {
    const r = Object.assign({}, d);
    if (!visible(id)) { r.hidden = true; return r; }
    if (id === selected || hits.has(id)) { r.highlighted = true; r.forceLabel = true; r.zIndex = 2; }
    else if (selected !== null && !neighbours.has(id)) { r.color = "#e4e4e4"; r.label = ""; r.zIndex = 0; }
    else if (selected !== null) { r.forceLabel = true; r.zIndex = 1; }
    return r;
  }
  function edgeReducer(id, d) {
    const r = Object.assign({}, d);
    const [s, t] = graph.extremities(id);
    if (!visible(s) || !visible(t)) r.hidden = true;
    else if (selected !== null && (s === selected || t === selected)) { r.color = "#333"; r.size = 1.5; r.zIndex = 1; }
    return r;
  }

  let renderer;
  try {
    renderer = new Sigma(graph, $("graph"), {
      renderLabels: params.get("labels") !== "0",
      labelRenderedSizeThreshold: 0,  // labels at every zoom; the label grid keeps the biggest per cell
      labelDensity: 0.6, labelGridCellSize: 90, labelSize: 12, labelWeight: "normal",
      labelFont: '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif',
      labelColor: {color: "#111"}, defaultEdgeColor: "#cfcfcf", zIndex: true,
      minCameraRatio: 0.005, maxCameraRatio: 4, nodeReducer, edgeReducer,
    });
  } catch (err) {
    $("graph").textContent = "This browser cannot draw the graph (WebGL): " + err;
    status.error = String(err);
    return;
  }
  const camera = renderer.getCamera();
  status.sigmaMs = Math.round(performance.now());

  function fit(ids) {
    // the camera works in sigma's normalised frame, where the whole graph spans [0, 1]
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const id of ids) {
      const d = renderer.getNodeDisplayData(id);
      if (!d) continue;
      x0 = Math.min(x0, d.x); x1 = Math.max(x1, d.x); y0 = Math.min(y0, d.y); y1 = Math.max(y1, d.y);
    }
    if (x0 === Infinity) return;
    const ratio = Math.max(0.02, 1.15 * Math.max(x1 - x0, y1 - y0));
    camera.animate({x: (x0 + x1) / 2, y: (y0 + y1) / 2, ratio, angle: 0}, {duration: 300});
  }
  const fitVisible = () => fit(graph.filterNodes((id) => visible(id)));
  $("fit").onclick = fitVisible;

  // --- legend: one checkbox per label ---------------------------------------------------------
  const counts = {};
  NODES.forEach((n) => { counts[n[1]] = (counts[n[1]] || 0) + 1; });
  Object.keys(COLORS).forEach((label) => {
    const row = el("label"), cb = el("input");
    cb.type = "checkbox"; cb.checked = true;
    cb.onchange = () => { cb.checked ? shownLabels.add(label) : shownLabels.delete(label); changed(); };
    row.append(cb, swatch(label), el("span", label + " (" + (counts[label] || 0) + ")"));
    $("legend").append(row);
  });

  // --- place filter -----------------------------------------------------------------------------
  DATA.places.forEach(([code, name, n]) => {
    const o = el("option", "\u00a0".repeat(Math.max(0, code.length - 2)) + name + " " + code + " (" + n + ")");
    o.value = code;
    $("place").append(o);
  });
  $("place").onchange = (ev) => { placeFilter = ev.target.value; changed(); fitVisible(); };

  function changed() {
    if (selected !== null && !visible(selected)) select(null);
    renderer.refresh();
    search($("q").value);
  }

  // --- selection and the info panel ---------------------------------------------------------
  function select(id) {
    selected = id;
    neighbours = new Set(id === null ? [] : graph.neighbors(id));
    const info = $("info");
    info.replaceChildren();
    if (id === null) { info.append(el("span", "Click a node.")); renderer.refresh(); return; }
    const i = Number(id), n = NODES[i];
    const head = el("div"); head.append(swatch(n[1]), el("b", String(n[2])));
    info.append(head, el("div", n[1] + " · " + n[0] + " · degree " + n[3]));
    Object.entries(n[5]).forEach(([k, v]) => info.append(el("div", k + ": " + v)));
    const rel = el("div", undefined, "rel");
    adj[i].slice(0, 300).forEach((k) => {
      const [s, t, type, title, date] = EDGES[k];
      const other = NODES[s === i ? t : s];
      const row = el("div", type + (title ? " [" + title + "]" : "") + (s === i ? " → " : " ← ")
        + other[2] + (date ? " (" + date + ")" : ""));
      row.onclick = () => focus(String(s === i ? t : s));
      rel.append(row);
    });
    if (adj[i].length > 300) rel.append(el("div", "… " + (adj[i].length - 300) + " more in graph.json"));
    info.append(rel);
    renderer.refresh();
  }
  function focus(id) {
    select(id);
    const d = renderer.getNodeDisplayData(id);
    if (d) camera.animate({x: d.x, y: d.y, ratio: Math.min(camera.ratio, 0.12)}, {duration: 400});
  }
  renderer.on("clickNode", ({node}) => select(node));
  renderer.on("clickStage", () => select(null));

  // --- search: names and aliases; a hit list by degree; Enter or a click centres the node ----
  const haystack = NODES.map((n) => (String(n[2]) + "|" + (n[5].aliases || "")).toLowerCase());
  function search(q) {
    q = q.trim().toLowerCase();
    const found = [];
    if (q) NODES.forEach((n, i) => { if (haystack[i].includes(q) && visible(String(i))) found.push(i); });
    found.sort((a, b) => NODES[b][3] - NODES[a][3]);
    hits = new Set(found.slice(0, 200).map(String));
    const list = $("hits");
    list.replaceChildren();
    if (q) list.append(el("div", found.length + " found", "muted"));
    found.slice(0, 40).forEach((i) => {
      const row = el("div", undefined, "hit");
      row.append(swatch(NODES[i][1]), el("span", String(NODES[i][2])));
      row.onclick = () => focus(String(i));
      list.append(row);
    });
    renderer.refresh();
    return found;
  }
  $("q").addEventListener("input", (ev) => search(ev.target.value));
  $("q").addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    const found = search(ev.target.value);
    if (found.length) focus(String(found[0]));
  });

  // --- start: fit, then a search from the address (graph.html#q=name) --------------------------
  function report() {
    status.labels = renderer.displayedNodeLabels ? renderer.displayedNodeLabels.size : -1;
    if (params.get("probe") === "1") {  // graph.html#probe=1: opaque pixels on the label layer (text really drawn)
      const c = renderer.getCanvases().labels;
      const px = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let k = 3; k < px.length; k += 4) if (px[k] > 128) ink++;
      status.labelInk = ink;
    }
    const cam = camera.getState();
    status.camera = [cam.x, cam.y, cam.ratio].map((v) => v.toFixed(4)).join(",");
    status.selected = selected === null ? "" : NODES[Number(selected)][0];
    status.nodes = graph.order; status.edges = graph.size;
    status.loadMs = Math.round(performance.now());  // since navigation start
    status.ready = "1";
  }
  const q0 = params.get("q");
  if (q0) {
    $("q").value = q0;
    const found = search(q0);
    if (found.length) {
      select(String(found[0]));
      const d = renderer.getNodeDisplayData(String(found[0]));
      if (d) { camera.setState({x: d.x, y: d.y, ratio: 0.12}); status.focus = d.x.toFixed(4) + "," + d.y.toFixed(4); }
    }
  }
  report();  // the constructor has drawn the page (and a search from the address has redrawn it)
  renderer.on("afterRender", () => { if (status.ready) { status.labels = renderer.displayedNodeLabels.size; } });
})();

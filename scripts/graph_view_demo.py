"""A generated kg-shaped graph of N nodes, its graph.html, and a headless-Chromium screenshot of it.

    python scripts/graph_view_demo.py --nodes 2000 --out /tmp/gv --png docs/graph-2000.png

The graph has kg's labels, keys and edge types, places from the division table of Sichuan
(kg's gazetteer), Chinese names and a few hubs (new nodes attach to popular ones), so the
page meets what a real build gives it. Prints the page size and what the page reports after
loading (labels drawn, load time), read with `chromium --dump-dom`. Needs Debian's
`chromium` (or $KG_CHROMIUM) for the screenshot and the report; `pngquant`, when there is one,
makes the PNG smaller.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import networkx as nx  # noqa: E402

from kg.graph_html import render_html  # noqa: E402

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
_GIVEN = "国建华明伟志军平强文海春林红云东军勇杰峰涛斌辉丽芳敏静雪兰英玉霞刚德成永庆新光宏"
_BODIES = ("委", "人民政府", "人大常委会", "政协", "发展和改革委员会", "教育局", "卫生健康委员会", "公安局",
           "财政局", "交通运输局", "纪委监委", "组织部", "宣传部")
_TITLES = ("书记", "副书记", "市长", "副市长", "县长", "副县长", "局长", "主任", "部长", "主席")
_EVENTS = ("召开常委会会议", "调研乡村振兴工作", "部署安全生产工作", "召开经济工作会议", "开展防汛检查",
           "推进重大项目建设", "召开民生实事推进会", "督导环境保护工作")


def demo_graph(n_nodes: int = 2000, seed: int = 7, province: str = "51") -> nx.MultiDiGraph:
    """A MultiDiGraph shaped like `kg.graph`'s with `n_nodes` nodes."""
    from kg.gazetteer import load_gazetteer

    rng = random.Random(seed)
    g = load_gazetteer()
    divs = sorted((d for d in g.by_code.values() if d.code.startswith(province) and d.level != "town"
                   and len(d.code) <= 6), key=lambda d: d.code)
    G = nx.MultiDiGraph()
    places, orgs, persons = [], [], []
    weight: list[str] = []  # a node once per edge it has: drawing from it favours hubs

    def add_edge(u, v, type_, **attrs):
        G.add_edge(u, v, key=f"{type_}:{len(weight)}", type=type_, **attrs)
        weight.extend((u, v))

    def place(d):
        key = f"place:{d.code}"
        if key not in G:
            G.add_node(key, label="Place", name=d.name, key=key, code=d.code, level=d.level, kind="GPE",
                       aliases=d.short_name)
            places.append(key)
            if d.parent and d.parent in g.by_code:
                add_edge(key, place(g.by_code[d.parent]), "PART_OF", source="gazetteer")
        return key

    i = 0
    while len(G) < n_nodes:
        d = rng.choice(divs[: 1 + i // 3])  # the province and its cities first, counties later
        where = place(d)
        date = f"20{18 + i % 7}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        art = f"article:{i:06x}"
        title = f"{d.short_name}{rng.choice(_EVENTS)}"
        G.add_node(art, label="Article", name=title, key=art, title=title, date=date, place=d.code,
                   source=f"{d.name}人民政府网", url=f"http://www.example.gov.cn/{i:06x}.html")
        if rng.random() < 0.5 or not orgs:
            org_name = d.short_name + ("市" if d.level == "city" else "县" if d.level == "county" else "省") \
                + rng.choice(_BODIES)
            org = f"org:{org_name}"
            if org not in G:
                G.add_node(org, label="Organization", name=org_name, key=org, aliases=org_name)
                add_edge(org, where, "LOCATED_IN", article=art, date=date)
                orgs.append(org)
        else:
            org = rng.choice(orgs)
        name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
        person = f"person:{name}@{d.code}"
        if person not in G:
            G.add_node(person, label="Person", name=name, key=person, jurisdiction=d.code,
                       jurisdiction_name=d.name, aliases=name)
            persons.append(person)
        t = rng.choice(_TITLES)
        add_edge(person, org, "HOLDS_TITLE", title=t, article=art, date=date)
        for node in {person, org, where, *(rng.choice(weight) for _ in range(2))}:
            if not node.startswith("article:"):
                add_edge(node, art, "MENTIONED_IN", article=art, date=date)
        i += 1
    G.remove_nodes_from(list(G)[n_nodes:])  # the last article may bring a node or two too many
    return G


def chromium() -> str | None:
    """The Chromium to drive: $KG_CHROMIUM, else chromium / chromium-browser / google-chrome on PATH."""
    if os.environ.get("KG_CHROMIUM"):
        return os.environ["KG_CHROMIUM"]
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)


def _browser(args: list[str], timeout: float) -> subprocess.CompletedProcess:
    exe = chromium()
    if exe is None:
        raise FileNotFoundError("no chromium on PATH (apt-get install chromium, or set KG_CHROMIUM)")
    # WebGL without a GPU: SwiftShader; no network at all, so the page must be whole by itself
    base = [exe, "--headless", "--no-sandbox", "--disable-gpu-sandbox", "--use-angle=swiftshader",
            "--enable-unsafe-swiftshader", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9"]
    return subprocess.run(base + args, capture_output=True, text=True, timeout=timeout)


def page_state(page: Path, fragment: str = "", timeout: float = 60) -> dict:
    """What the page reports after loading (its <body data-*>), plus the wall time of the browser call."""
    t0 = time.perf_counter()
    r = _browser(["--virtual-time-budget=3000", "--dump-dom", page.resolve().as_uri() + fragment], timeout)
    wall = time.perf_counter() - t0
    body = re.search(r"<body([^>]*)>", r.stdout)
    state = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', body.group(1))) if body else {}
    return {"state": state, "dom": r.stdout, "wall_s": wall, "stderr": r.stderr}


def screenshot(page: Path, png: Path, size: str = "1280,800", fragment: str = "", timeout: float = 60) -> None:
    png.parent.mkdir(parents=True, exist_ok=True)
    _browser([f"--window-size={size}", "--virtual-time-budget=3000", f"--screenshot={png.resolve()}",
              page.resolve().as_uri() + fragment], timeout)
    if not png.exists():
        raise RuntimeError(f"chromium wrote no screenshot {png}")
    if shutil.which("pngquant"):  # 256 colours: a third of the size, the same picture to the eye
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--output", str(png), "--", str(png)], check=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=Path("/tmp/kg-graph-view"), help="folder for graph.html")
    ap.add_argument("--png", type=Path, help="write a screenshot here (e.g. docs/graph-2000.png)")
    ap.add_argument("--size", default="1280,800", help="screenshot size in pixels, W,H")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    G = demo_graph(args.nodes, args.seed)
    t1 = time.perf_counter()
    page = args.out / "graph.html"
    args.out.mkdir(parents=True, exist_ok=True)
    page.write_text(render_html(G, title=f"kg demo graph ({len(G):,} nodes)"), encoding="utf-8")
    t2 = time.perf_counter()
    print(f"graph: {len(G):,} nodes, {G.number_of_edges():,} edges ({t1 - t0:.1f} s); "
          f"page: {page} {page.stat().st_size / 1e6:.2f} MB ({t2 - t1:.1f} s to render)")
    if chromium() is None:
        print("no chromium: no screenshot, no browser report")
        return 0
    s = page_state(page)
    st = s["state"]
    print(f"browser: ready={st.get('ready')} load {st.get('load-ms')} ms (layout {st.get('layout-ms')} ms, "
          f"{st.get('iterations')} iterations), labels drawn {st.get('labels')}, label pixels {st.get('label-ink')}, "
          f"chromium call {s['wall_s']:.1f} s")
    if args.png:
        screenshot(page, args.png, args.size)
        print(f"screenshot: {args.png} {args.png.stat().st_size / 1e3:.0f} KB")
    return 0 if st.get("ready") == "1" else 1


if __name__ == "__main__":
    sys.exit(main())

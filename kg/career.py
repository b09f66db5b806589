"""Career spells: the graph's HOLDS_TITLE facts as one row per person and post held, in time.

`careers(graph)` turns a graph built by `kg build` (a networkx `MultiDiGraph`, or the path of
its graph.json) into `CareerSpell` rows in the shape researchers code by hand (CPED: person,
post, organization, place, start, end); `candidates(graph)` offers the homonym links a human
should look at; `to_dataframe(rows)` needs pandas (``pip install 'kg[careers]'``).

Rules:
  - One spell per (person node, canonical post, organization, place): the HOLDS_TITLE
    edges of that person and post, first_seen/last_seen the earliest/latest article date.
  - The same post seen again after a gap stays one spell, unless another person node is
    seen holding that same (post, organization, place) on a date strictly between the two:
    then the person's sightings are cut there into two spells. A post the graph shows held
    by two people in one article (副市长, 市委常委, 市领导) is shared, and another holder says
    nothing about a break; the gap rule does not cut it.
  - Sightings without a date cannot be placed in time: they join the person's one dated
    spell of that post, or, where the gap rule made several, make an undated spell of their
    own.
  - Homonyms stay apart exactly as the graph keeps them (one node per name@jurisdiction).
    Two nodes of one name whose places nest (平昌县 511923 within 巴中市 5119; 中国 holds
    every place) and whose dates do not overlap (one's last sighting before the other's
    first) are offered by `candidates` as a `CareerCandidate` with the evidence; nothing
    is ever merged.
  - Rows are ordered by person (name, then node key), then first_seen (undated last), then post.

What this module reads from the graph (node-link attributes written by `kg.graph`), and
nothing else: no NLP runs here.
  Person node        name, jurisdiction (else the part of the node id after "@")
  Organization node  label, name
  Place node         label, name, aliases ("|"-joined), code, level
  Article node       url (when the page had one); looked up as ``article:<id>``
  HOLDS_TITLE edge   type, title (as written), title_canonical, article (id), date, sentence
  MEMBER_OF edge     type, article, sentence: the organization of a title whose edge ends
                     at a Place (市领导 → 巴中市) when exactly one MEMBER_OF of the same
                     sentence names an organization none of the person's titles there reach
  LOCATED_IN edge    type: an organization's place (the one most of its edges give, one
                     place per organization node); an organization without one takes the
                     coded Place node of the graph whose name, alias or short name its own
                     name begins with (巴中市委宣传部 → 巴中市), the longest, and among
                     namesakes the one inside the person's jurisdiction (none if still several).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("person:罗增斌@5119", label="Person", name="罗增斌")
>>> G.add_node("org:巴中市委", label="Organization", name="巴中市委")
>>> G.add_node("place:5119", label="Place", name="巴中市", code="5119", level="city")
>>> for art, date in [("a1", "2020-06-12"), ("a2", "2021-03-05")]:
...     _ = G.add_edge("person:罗增斌@5119", "org:巴中市委", key=f"HOLDS_TITLE:市委书记:{art}",
...                    type="HOLDS_TITLE", title="市委书记", title_canonical="巴中市委书记",
...                    article=art, date=date, sentence="市委书记罗增斌出席。")
>>> [(s.person, s.post, s.organization, s.place_code, s.first_seen, s.last_seen, s.n_articles)
...  for s in careers(G)]
[('罗增斌', '巴中市委书记', '巴中市委', '5119', '2020-06-12', '2021-03-05', 2)]
"""
from __future__ import annotations

import bisect
import csv
import importlib.util
import io
import json
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import IO, Iterable, Sequence

import networkx as nx

from kg.errors import InputError, KgError, OutputError
from kg.gazetteer import short_name

COUNTRY_LEVEL = "country"
OUTPUT_FORMATS = (".csv", ".jsonl", ".parquet")
_PANDAS_HINT = "parquet and data frames need pandas and pyarrow: pip install 'kg[careers]'"


@dataclass(frozen=True)
class CareerSpell:
    """One person holding one post over a stretch of time, as the articles show it.

    ``articles`` are article ids in date order; ``urls[i]`` is the address of ``articles[i]``
    ("" where the page had none). Dates are the articles' (YYYY-MM-DD), None when unknown.
    """

    person: str
    person_key: str
    post: str
    post_as_written: tuple[str, ...]
    organization: str | None
    place: str | None
    place_code: str | None
    place_level: str | None
    first_seen: str | None
    last_seen: str | None
    n_articles: int
    articles: tuple[str, ...]
    urls: tuple[str, ...]
    sentence: str

    def to_dict(self) -> dict:
        d = asdict(self)
        for k in ("post_as_written", "articles", "urls"):
            d[k] = list(d[k])
        return d


@dataclass(frozen=True)
class CareerCandidate:
    """Two person nodes of one name that may be one career: offered, never merged.

    ``earlier`` was last seen before ``later`` was first seen; ``earlier_place`` and
    ``later_place`` (codes; "中国" for the country) are the nested places of their spells
    closest in time; ``evidence`` says it in one line.
    """

    name: str
    earlier: str
    later: str
    earlier_post: str
    later_post: str
    earlier_place: str
    later_place: str
    earlier_last_seen: str
    later_first_seen: str
    evidence: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class _Sighting:
    person: str            # node id
    key: tuple             # (post, organization, place node id)
    title: str
    article: str
    date: str | None
    sentence: str


def read_graph(graph: nx.MultiDiGraph | str | Path) -> nx.MultiDiGraph:
    """`graph` itself, or the graph.json (or folder holding one) read by `kg.graph.load_graph`."""
    if isinstance(graph, nx.MultiDiGraph):
        return graph
    from kg.graph import load_graph

    try:
        return load_graph(graph)
    except KgError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, nx.NetworkXError) as err:
        # valid JSON that is not node-link data (a list, a dict without "nodes")
        raise InputError(str(graph), f"not a kg graph: {type(err).__name__}: {err}",
                         hint="give the graph.json written by `kg build`") from err


def _place_index(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Name/alias/short name -> coded Place node ids (for organizations without LOCATED_IN)."""
    index: dict[str, list[str]] = defaultdict(list)
    for n, d in G.nodes(data=True):
        if d.get("label") != "Place" or not d.get("code"):
            continue
        names = {d.get("name") or ""} | set(str(d.get("aliases") or "").split("|"))
        names |= {short_name(x) for x in names if x}
        for x in names:
            if len(x) >= 2:
                index[x].append(n)
    return index


class _Places:
    """Where an organization is, from LOCATED_IN, else from the graph's place names."""

    def __init__(self, G: nx.MultiDiGraph):
        self.G = G
        self._index: dict[str, list[str]] | None = None
        self._located: dict[str, str | None] = {}

    def located(self, org: str) -> str | None:
        # one place per organization node, so that one post never splits into rows by article
        if org not in self._located:
            counts = Counter(v for _, v, d in self.G.out_edges(org, data=True) if d.get("type") == "LOCATED_IN")
            self._located[org] = min(counts, key=lambda v: (-counts[v], v)) if counts else None
        return self._located[org]

    def of_org(self, org: str, jurisdiction: str | None) -> str | None:
        return self.located(org) or self._by_name(str(self.G.nodes[org].get("name") or ""), jurisdiction)

    def _by_name(self, name: str, jurisdiction: str | None) -> str | None:
        if self._index is None:
            self._index = _place_index(self.G)
        for end in range(len(name), 1, -1):
            found = self._index.get(name[:end])
            if not found:
                continue
            found = sorted(set(found))
            if len(found) > 1 and jurisdiction:
                inside = [n for n in found if _code(self.G, n).startswith(jurisdiction)
                          or jurisdiction.startswith(_code(self.G, n))]
                found = inside or found
            return found[0] if len(found) == 1 else None
        return None


def _code(G: nx.MultiDiGraph, node: str | None) -> str:
    return str(G.nodes[node].get("code") or "") if node in G else ""


def _jurisdiction(G: nx.MultiDiGraph, person: str) -> str | None:
    found = G.nodes[person].get("jurisdiction")
    return str(found) if found else (person.split("@", 1)[1] if "@" in person else None)


def _sightings(G: nx.MultiDiGraph) -> list[_Sighting]:
    places = _Places(G)
    out: list[_Sighting] = []
    for u, v, d in G.edges(data=True):
        if d.get("type") != "HOLDS_TITLE" or G.nodes[u].get("label") != "Person":
            continue
        article = str(d.get("article") or "")
        sentence = str(d.get("sentence") or "")
        label = G.nodes[v].get("label")
        org = place = None
        if label == "Organization":
            org = v
            place = places.of_org(v, _jurisdiction(G, u))
        elif label == "Place":
            place = v
            org = _member_org(G, u, article, sentence)
        title = str(d.get("title") or "")
        post = str(d.get("title_canonical") or title)
        out.append(_Sighting(u, (post, org, place), title, article, d.get("date") or None, sentence))
    return out


def _member_org(G: nx.MultiDiGraph, person: str, article: str, sentence: str) -> str | None:
    """The one organization the person is a member of in that sentence that no title of theirs there reaches."""
    members, reached = set(), set()
    for _, w, e in G.out_edges(person, data=True):
        if str(e.get("article") or "") != article or str(e.get("sentence") or "") != sentence:
            continue
        if e.get("type") == "MEMBER_OF":
            members.add(w)
        elif e.get("type") == "HOLDS_TITLE":
            reached.add(w)
    left = members - reached
    return left.pop() if len(left) == 1 else None


def _split(dated: list[_Sighting], others: list[str]) -> list[list[_Sighting]]:
    """Cut a person's dated sightings (in date order) where another holder's date lies strictly between."""
    runs = [[dated[0]]]
    for prev, s in zip(dated, dated[1:]):
        lo = bisect.bisect_right(others, prev.date)
        if prev.date != s.date and lo < len(others) and others[lo] < s.date:
            runs.append([])
        runs[-1].append(s)
    return runs


def _spell(G: nx.MultiDiGraph, group: list[_Sighting]) -> CareerSpell:
    first = group[0]
    post, org, place = first.key
    person = G.nodes[first.person]
    articles: list[str] = []
    for s in group:
        if s.article not in articles:
            articles.append(s.article)
    dates = sorted(s.date for s in group if s.date)
    pnode = G.nodes[place] if place in G else {}
    return CareerSpell(
        person=str(person.get("name") or first.person),
        person_key=first.person,
        post=post,
        post_as_written=tuple(sorted({s.title for s in group})),
        organization=str(G.nodes[org].get("name") or org) if org else None,
        place=str(pnode.get("name")) if pnode.get("name") else None,
        place_code=str(pnode["code"]) if pnode.get("code") else None,
        place_level=str(pnode["level"]) if pnode.get("level") else None,
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
        n_articles=len(articles),
        articles=tuple(articles),
        urls=tuple(str(G.nodes.get(f"article:{a}", {}).get("url") or "") for a in articles),
        sentence=first.sentence,
    )


def careers(graph: nx.MultiDiGraph | str | Path, *, person: str | None = None,
            place: str | None = None) -> list[CareerSpell]:
    """The career spells of every person in `graph` (see the module docstring for the rules).

    `person` keeps the spells of that name (or node key); `place` those whose place code
    starts with it (5119: 巴中市 and everything under it).
    """
    G = read_graph(graph)
    sightings = _sightings(G)
    by_post: dict[tuple, list[_Sighting]] = defaultdict(list)
    for s in sightings:
        by_post[s.key].append(s)
    spells: list[CareerSpell] = []
    for key, group in by_post.items():
        per_article: dict[str, set[str]] = defaultdict(set)
        for s in group:
            per_article[s.article].add(s.person)
        shared = any(len(p) > 1 for p in per_article.values())
        holders: dict[str, list[_Sighting]] = defaultdict(list)
        for s in group:
            holders[s.person].append(s)
        for who, own in holders.items():
            dated = sorted((s for s in own if s.date), key=lambda s: (s.date, s.article))
            undated = sorted((s for s in own if not s.date), key=lambda s: s.article)
            others = [] if shared else sorted(s.date for s in group if s.person != who and s.date)
            runs = _split(dated, others) if dated else []
            if len(runs) == 1:
                runs[0].extend(undated)
            elif undated:
                runs.append(undated)
            spells.extend(_spell(G, run) for run in runs)
    if person is not None:
        spells = [s for s in spells if person in (s.person, s.person_key)]
    if place is not None:
        spells = [s for s in spells if (s.place_code or "").startswith(place)]
    return sorted(spells, key=lambda s: (s.person, s.person_key, s.first_seen is None, s.first_seen or "",
                                         s.post, s.organization or "", s.place_code or "", s.articles))


def _nested(a: CareerSpell, b: CareerSpell) -> bool:
    if COUNTRY_LEVEL in (a.place_level, b.place_level):
        return a.place is not None and b.place is not None
    return bool(a.place_code and b.place_code
                and (a.place_code.startswith(b.place_code) or b.place_code.startswith(a.place_code)))


def _place_id(s: CareerSpell) -> str:
    return s.place_code or (s.place or "")


def _place_text(s: CareerSpell) -> str:
    return f"{s.place} ({s.place_code})" if s.place_code else str(s.place)


def candidates(graph: nx.MultiDiGraph | str | Path,
               spells: Sequence[CareerSpell] | None = None) -> list[CareerCandidate]:
    """Pairs of person nodes of one name that may be one career (see the module docstring).

    `spells` defaults to ``careers(graph)``; pass them when you have them already.
    """
    G = read_graph(graph)
    rows = list(careers(G) if spells is None else spells)
    by_person: dict[str, list[CareerSpell]] = defaultdict(list)
    for s in rows:
        if s.first_seen:
            by_person[s.person_key].append(s)
    by_name: dict[str, list[str]] = defaultdict(list)
    for key, ss in by_person.items():
        by_name[ss[0].person].append(key)
    out: list[CareerCandidate] = []
    for name, keys in sorted(by_name.items()):
        keys.sort(key=lambda k: (min(s.first_seen for s in by_person[k]), k))
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                sa, sb = by_person[a], by_person[b]
                a_last = max(s.last_seen for s in sa)
                b_first = min(s.first_seen for s in sb)
                if not a_last < b_first:
                    continue  # seen at the same time in two places: two people
                pairs = [(x, y) for x in sa for y in sb if _nested(x, y)]
                if not pairs:
                    continue
                # the pair closest in time: the earlier node's latest spell, the later one's first
                latest = max(x.last_seen for x, _ in pairs)
                x, y = min(((x, y) for x, y in pairs if x.last_seen == latest), key=lambda p: p[1].first_seen)
                evidence = (f"same name {name}; {_place_text(x)} and {_place_text(y)} nest; "
                            f"{x.post} last seen {x.last_seen}, {y.post} first seen {y.first_seen}; "
                            f"no overlap ({a} {min(s.first_seen for s in sa)}..{a_last}, "
                            f"{b} {b_first}..{max(s.last_seen for s in sb)})")
                out.append(CareerCandidate(name, a, b, x.post, y.post, _place_id(x), _place_id(y),
                                           x.last_seen or "", y.first_seen or "", evidence))
    return out


def to_dataframe(rows: Iterable[CareerSpell | CareerCandidate], kind: type = CareerSpell):
    """The rows (records of type `kind`) as a pandas DataFrame, one column per field; needs pandas."""
    try:
        import pandas as pd
    except ImportError as err:
        raise KgError(_PANDAS_HINT) from err
    return pd.DataFrame([r.to_dict() for r in rows], columns=[f.name for f in fields(kind)])


def check_output(path: str | Path) -> str:
    """The format of an output path from its suffix.

    Raises `OutputError` for an unknown suffix and `KgError` for .parquet without pandas and
    pyarrow, so a caller can check before any work.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise OutputError(f"{path}: unknown output format {suffix or '(no suffix)'!r}; "
                          f"use {', '.join(OUTPUT_FORMATS)}")
    if suffix == ".parquet" and not all(_importable(m) for m in ("pandas", "pyarrow")):
        raise KgError(f"{path}: {_PANDAS_HINT}")
    return suffix


def _importable(module: str) -> bool:
    if sys.modules.get(module, "") is None:  # blocked on purpose (tests set None)
        return False
    return module in sys.modules or importlib.util.find_spec(module) is not None


def _flat(row: dict) -> dict:
    def cell(v):
        if isinstance(v, list):
            return "|".join(v) if any(v) else ""  # urls of pages that had none: "", not "|"
        return "" if v is None else v
    return {k: cell(v) for k, v in row.items()}


def write_csv(rows: Sequence[CareerSpell | CareerCandidate], f: IO[str], columns: Sequence[str]) -> None:
    """CSV with a header; lists "|"-joined (as the graph joins its sets; a list of empty strings is ""), None as ""."""
    w = csv.DictWriter(f, fieldnames=list(columns), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(_flat(r.to_dict()))


def write_rows(rows: Sequence[CareerSpell | CareerCandidate], path: str | Path, kind: type) -> Path:
    """Write `rows` (records of type `kind`) to `path`, atomically, in the format of its suffix."""
    from kg.files import atomic_open

    suffix = check_output(path)
    columns = [f.name for f in fields(kind)]
    if suffix == ".parquet":
        df = to_dataframe(rows, kind)  # pandas writes parquet through pyarrow (checked above)
        try:
            with atomic_open(path, "wb") as f:
                df.to_parquet(f, index=False)
        except OSError as err:
            raise OutputError(f"{path}: cannot write: {err}") from err
        return Path(path)
    try:
        with atomic_open(path, "w") as f:
            if suffix == ".csv":
                write_csv(rows, f, columns)
            else:
                for r in rows:
                    f.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err}") from err
    return Path(path)


def to_csv(rows: Sequence[CareerSpell | CareerCandidate], kind: type = CareerSpell) -> str:
    """The rows as CSV text (what `kg careers` prints without --out)."""
    buf = io.StringIO()
    write_csv(rows, buf, [f.name for f in fields(kind)])
    return buf.getvalue()

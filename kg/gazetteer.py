"""The national administrative-division table, indexed by name, short name, code and parent.

Codes are as in the source table: 2-digit province, 4-digit city, 6-digit county,
9-digit town. The table ships inside the package (`kg/data/gazetteer/`, copied
from `shared/data/gazetteer/`, WTFPL), so nothing outside the package is read at
run time.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from kg.lexicon.tables import AUTONOMOUS_SUFFIXES, ETHNIC_GROUPS, PLACE_SUFFIXES

LEVELS = ("province", "city", "county", "town")
_LEVEL_BY_LEN = {2: "province", 4: "city", 6: "county", 9: "town"}

# Placeholder rows of the table (市辖区 under a municipality) are not places.
_PLACEHOLDER_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# Short names are only derived where news uses them (四川, 巴中, 南江); a town's
# short form (枣林) is too ambiguous to match on its own.
_SHORT_NAME_LEVELS = frozenset({"province", "city", "county"})


@dataclass(frozen=True)
class Division:
    """One row of the table."""

    code: str
    name: str
    level: str
    parent: str | None

    @property
    def short_name(self) -> str:
        return short_name(self.name)


_ETHNIC = "|".join(sorted(ETHNIC_GROUPS, key=len, reverse=True))
# An autonomous unit's name is the place name, then the peoples, then the suffix (ANNOTATION.md: 马边彝族自治县 → 马边).
_AUTONOMOUS = re.compile(rf"^(?P<name>.{{2,}}?)(?:(?:{_ETHNIC})族?)+(?:{'|'.join(AUTONOMOUS_SUFFIXES)})$")


def short_name(name: str) -> str:
    """The name without its level suffix, kept whole where one character would remain;
    autonomous units lose their peoples with the suffix.

    >>> short_name("巴中市"), short_name("四川省"), short_name("单县"), short_name("广西壮族自治区")
    ('巴中', '四川', '单县', '广西')
    >>> short_name("马边彝族自治县"), short_name("凉山彝族自治州"), short_name("长白朝鲜族自治县")
    ('马边', '凉山', '长白')
    """
    m = _AUTONOMOUS.match(name)
    if m:
        return m.group("name")
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def autonomous_written(name: str) -> tuple[str, ...]:
    """An autonomous prefecture, county or banner as news writes it: its place name and level, also with 自治
    (ANNOTATION.md 4: 马边县委 for 马边彝族自治县); none for other units.

    >>> autonomous_written("黔西南布依族苗族自治州"), autonomous_written("镇宁布依族苗族自治县"), autonomous_written("巴中市")
    (('黔西南州', '黔西南自治州'), ('镇宁县', '镇宁自治县'), ())
    """
    m = _AUTONOMOUS.match(name)
    return (m.group("name") + name[-1], m.group("name") + "自治" + name[-1]) if m else ()


class Gazetteer:
    """Lookup over divisions: by code, by full or short name, and up the parent chain."""

    def __init__(self, divisions: Iterable[Division]):
        self.by_code: dict[str, Division] = {}
        self.by_name: dict[str, list[Division]] = {}
        for d in divisions:
            self.by_code[d.code] = d
        for d in self.by_code.values():
            self.by_name.setdefault(d.name, []).append(d)
            if d.level in _SHORT_NAME_LEVELS:
                short = d.short_name
                if short != d.name:
                    self.by_name.setdefault(short, []).append(d)
        # An autonomous unit as pages write it, its name and the level of its suffix (黔西南州, 马边县, 凉山州委's
        # 凉山州, 镇宁自治县), where no division has that name of its own
        for d in list(self.by_code.values()):
            for written in autonomous_written(d.name):
                if written not in self.by_name:
                    self.by_name[written] = [d]

    def __len__(self) -> int:
        return len(self.by_code)

    def lookup(self, name: str) -> list[Division]:
        """Every division that `name` can mean (full or short name), higher levels first."""
        return sorted(self.by_name.get(name, ()), key=lambda d: (len(d.code), d.code))

    def ancestors(self, code: str) -> list[Division]:
        """The parents of `code`, nearest first, up to the province."""
        out = []
        d = self.by_code.get(code)
        while d is not None and d.parent:
            d = self.by_code.get(d.parent)
            if d is not None:
                out.append(d)
        return out

    def is_within(self, code: str, ancestor: str) -> bool:
        """True when `ancestor` is `code` itself or one of its parents."""
        return code == ancestor or any(a.code == ancestor for a in self.ancestors(code))

    def names(self) -> set[str]:
        """Every name and short name in the table (for pattern building and user dictionaries)."""
        return set(self.by_name)


def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _parent_code(code: str, row: dict) -> str | None:
    level = _LEVEL_BY_LEN[len(code)]
    if level == "province":
        return None
    if level == "city":
        return row["provinceCode"]
    if level == "county":
        return row["cityCode"]
    return row["areaCode"]


def read_divisions(directory: str | Path) -> list[Division]:
    """Read provinces/cities/areas/streets CSVs (the layout of shared/data/gazetteer)."""
    directory = Path(directory)
    divisions = []
    for fname in ("provinces.csv", "cities.csv", "areas.csv", "streets.csv"):
        for row in _read_csv(directory / fname):
            code = row["code"].strip()
            name = row["name"].strip()
            level = _LEVEL_BY_LEN.get(len(code))
            if level is None or not name:
                continue
            parent = _parent_code(code, row)
            divisions.append(Division(code=code, name=name, level=level, parent=parent))
    # Counties of a 市辖区/省直辖 placeholder city hang directly under the province.
    placeholders = {d.code for d in divisions if d.name in _PLACEHOLDER_NAMES}
    by_code = {d.code: d for d in divisions}
    # A county row named as its city (儋州市 460400 under 儋州市 4604, a city without
    # districts; 东莞, 中山, 嘉峪关 alike) is that city: one place, one code, its towns under it.
    same_as = {d.code: d.parent for d in divisions
               if d.level == "county" and d.parent in by_code and by_code[d.parent].name == d.name}
    fixed = []
    for d in divisions:
        if d.code in placeholders or d.code in same_as:
            continue
        parent = d.parent
        while parent in placeholders:
            parent = by_code[parent].parent
        parent = same_as.get(parent, parent)
        fixed.append(Division(code=d.code, name=d.name, level=d.level, parent=parent))
    return fixed


def default_table_dir() -> Path:
    return Path(str(resources.files("kg") / "data" / "gazetteer"))


@lru_cache(maxsize=4)
def load_gazetteer(directory: str | None = None) -> Gazetteer:
    """The table shipped with the package (or the one in `directory`), read once per process."""
    return Gazetteer(read_divisions(directory or default_table_dir()))

"""A leftmost-longest scanner over characters for the lexicon's titles, bodies and places."""
from __future__ import annotations

import re
from typing import Iterable, Iterator


class LongestMatcher:
    """Leftmost-longest dictionary matching over characters (no overlaps)."""

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(w for w in words if w)
        lengths: dict[str, set[int]] = {}
        for w in self.words:
            lengths.setdefault(w[0], set()).add(len(w))
        self._lengths = {c: sorted(ls, reverse=True) for c, ls in lengths.items()}

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def find_all(self, text: str) -> Iterator[tuple[int, int]]:
        """Every (start, end) where some word matches, longest first at each start, overlaps allowed."""
        words, lengths, n_text = self.words, self._lengths, len(text)
        for i, ch in enumerate(text):
            for n in lengths.get(ch, ()):
                # a slice past the end is shorter than n and could equal another word
                if i + n <= n_text and text[i : i + n] in words:
                    yield i, i + n


def _word_from(text: str, start: int, words: frozenset[str]) -> int:
    """Length of the longest word of 2-4 characters in `words` starting at `start`, or 0."""
    for n in (4, 3, 2):
        if start + n <= len(text) and text[start : start + n] in words:
            return n
    return 0


def _word_into(text: str, start: int, end: int, words: frozenset[str]) -> bool:
    """Whether a word of 2-4 characters in `words` begins before `start` and ends inside text[start:end]."""
    for j in range(max(0, start - 3), start):
        for k in range(start + 1, min(end, j + 5)):
            if k - j >= 2 and text[j:k] in words:
                return True
    return False


# The level characters a party committee is named with (县委, 市委书记, 区委常委, 州委副书记).
_COMMITTEE_LEVELS = frozenset("省市州县区旗盟")
# What follows the level character in a title that takes it from the place before it: a party committee's
# (天镇 + 县委书记) and the collective leaders (泌阳 + 县领导, ANNOTATION.md section 2: 县领导 is a title).
_LEVEL_TITLE_STARTS = ("委", "领导")


def _party_title_after(text: str, i: int, k: int, pe: int, inner: tuple[int, str]) -> bool:
    """Whether the place text[i:pe] gives its level character to a party-committee title starting at k:
    天镇县委书记 is GPE 天镇 + TITLE 县委书记 even where the short name 天镇 is no entry of the lexicon
    (ANNOTATION.md section 2). Autonomous units keep their name whole (马边彝族自治县 + 县委书记)."""
    return (inner[1] == "TITLE" and k == pe - 1 and text[k] in _COMMITTEE_LEVELS
            and text.startswith(_LEVEL_TITLE_STARTS, k + 1) and not text[i:k].endswith("自治"))


# The county-level units whose short names count even where they are words of the segmenter (平江县 → 平江).
_COUNTY_UNITS = "县区旗"
# The level characters a relative body is written with (区委, 镇政府): a place's own level character may open it.
_BODY_LEVELS = frozenset("省市州县区旗盟镇乡")


def _body_before_post(text: str, k: int, end: int) -> int:
    """Where the body ends in the title text[k:end] written after a proper place, when the title is a body that is
    no party committee and a whole post ([level] + 政协 + 主席, 州 + 政府 + 副州长); 0 otherwise. A deputy's title
    (人大代表, 政协委员) names no post of the body and stays whole."""
    from kg.lexicon.generate import is_whole_title
    from kg.lexicon.tables import DEPUTY_TITLES, PLACE_BODIES

    title = text[k:end]
    lv = 1 if title[:1] in _BODY_LEVELS else 0
    body = next((b for b in PLACE_BODIES if title.startswith(b, lv)), None)
    if body is None:
        return 0
    rest = title[lv + len(body):]
    if not rest or any(title[lv:] == d for d, _ in DEPUTY_TITLES) or not is_whole_title(rest):
        return 0
    return k + lv + len(body)


def _body_after_place(text: str, pe: int) -> int:
    """Where a body written right after a proper place ends (洛川县 + 人大常委会, 北臧村镇 + 党委): 0 if none."""
    from kg.lexicon.tables import PLACE_BODIES, PLACE_PARTY_BODIES

    body = next((b for b in (*PLACE_BODIES, *PLACE_PARTY_BODIES) if text.startswith(b, pe)), None)
    return pe + len(body) if body else 0


def _word_out_of(text: str, start: int, end: int, words: frozenset[str]) -> bool:
    """Whether a word of 2-4 characters in `words` begins inside text[start:end] and ends after `end`."""
    for j in range(max(start + 1, end - 3), end):
        for k in range(end + 1, min(len(text), j + 4) + 1):
            if text[j:k] in words:
                return True
    return False


def find_short_names(text: str, spans: list[tuple[int, int, str]], known_words: frozenset[str] = frozenset()
                     ) -> list[tuple[int, int, str]]:
    """GPE spans for the short names of the places `spans` found written in full (ANNOTATION.md section 2:
    short place names count as written): a page that names 行唐县 writes 行唐 for it elsewhere.

    Only the short name of a place the text itself writes in full, never a word of the segmenter's
    vocabulary below the county level (和平 of 和平乡 stays a word; 平江 of 平江县, 西湖 of 西湖区 are
    the county and the district a page names, as the real pages' gold reads them), never where a word
    runs across either end of it (the city 子长 inside 谢子长 is no place), never inside another span.
    """
    from kg.gazetteer import short_name

    taken = bytearray(len(text))
    shorts = set()
    for s, e, label in spans:
        taken[s:e] = b"\x01" * (e - s)
        if label == "GPE":
            short = short_name(text[s:e])
            if short != text[s:e] and len(short) >= 2 and (short not in known_words or text[e - 1] in _COUNTY_UNITS):
                shorts.add(short)
    found = []
    for short in sorted(shorts):
        for m in re.finditer(re.escape(short), text):
            s, e = m.span()
            if any(taken[s:e]) or _word_into(text, s, e, known_words) or _word_out_of(text, s, e, known_words):
                continue
            taken[s:e] = b"\x01" * (e - s)
            found.append((s, e, "GPE"))
    return sorted(found)


# What follows a street, not a street office: a house number, or the street's own parts (石井街298号).
_STREET_AFTER = re.compile(r"[0-9０-９一二三四五六七八九十百]+号|[号路巷口段]")


def find_street_offices(text: str, spans: list[tuple[int, int, str]], places: LongestMatcher
                        ) -> list[tuple[int, int, str]]:
    """`spans` with the 街道 written short (北京街 for 北京街道) as GPE spans (ANNOTATION.md section 6),
    where the division table has the 街道; a street with a house number after it (石井街298号) is a street.
    A place span inside the short name (北京 of 北京街) gives way to it."""
    found = []
    for m in re.finditer("街(?!道)", text):
        end = m.end()
        if _STREET_AFTER.match(text, end):
            continue
        for n in (4, 3, 2):
            start = m.start() - n
            if start >= 0 and text[start:m.start()] + "街道" in places:
                found.append((start, end))
                break
    if not found:
        return spans

    def inside(sp) -> bool:
        return sp[2] == "GPE" and any(s <= sp[0] and sp[1] <= e for s, e in found)

    out = [sp for sp in spans if not inside(sp)]
    out += [(s, e, "GPE") for s, e in found if not any(s < oe and os < e for os, oe, _ in out)]
    return sorted(out)


def find_lexicon_spans(
    text: str,
    titles: LongestMatcher,
    places: LongestMatcher,
    boundaries: set[int] | None = None,
    orgs: LongestMatcher | None = None,
    known_words: frozenset[str] | None = None,
    drop_crossed_places: bool = False,
    bodies_after_places: bool = False,
) -> list[tuple[int, int, str]]:
    """Title, body and place spans in `text`, leftmost-longest, as (start, end, "TITLE"|"ORG"|"GPE"|"WORD").

    A place glued before a title is split off when what remains is a whole title
    (巴中市委书记 -> 巴中 + 市委书记; 枣林镇党委书记 -> 枣林镇 + 党委书记), per
    ANNOTATION.md; a place glued to a body is one ORG (巴中市委). With
    `boundaries` (token boundary offsets of a segmentation), a title or body that
    cuts into a word on both sides (城市长期 has 市长) is ignored. With `known_words`
    (the segmenter's vocabulary), a place whose last character begins a common word
    gives that character up when the rest is a place: 北京市民 is GPE 北京 and the
    word 市民 (a "WORD" span, kept whole by the tokenizer), not 北京市 + 民. With
    `drop_crossed_places` (the rulers; not the tokenizer, which must cut as it cut the
    training data), a place that a known word runs into from the left is dropped: pkuseg's
    user dictionary glues 扩|大同|中国, and 扩大 shows 大同 is not meant. With `bodies_after_places`
    (the rulers again), a proper place and the body written after it are one ORG, the post after
    that body a TITLE of its own (ANNOTATION.md section 2: 乐山市政府 + 副市长, 北碚区政协 + 主席,
    红寺堡区委, 迎春镇政府, 洛川县人大常委会), where only a party committee's title or a bare
    post splits the place off.
    """
    spans: list[tuple[int, int, str]] = []

    def longest(matcher) -> dict[int, int]:
        ends: dict[int, int] = {}
        if matcher is not None:
            for s, e in matcher.find_all(text):
                if e > ends.get(s, 0):
                    ends[s] = e
        return ends

    place_ends, title_ends, org_ends = longest(places), longest(titles), longest(orgs)

    def named(k: int) -> tuple[int, str] | None:
        """The longest title or body starting at k."""
        te, oe = title_ends.get(k, 0), org_ends.get(k, 0)
        if not te and not oe:
            return None
        return (te, "TITLE") if te >= oe else (oe, "ORG")

    i, n = 0, len(text)
    after_place = -1
    while i < n:
        pe = place_ends.get(i)
        here = named(i)
        if pe is not None and (here is None or pe >= here[0]):
            # A title or body starting inside the place and running past it: the
            # place's front part, when itself a place name, is split off (巴中|市委书记)
            # or joins the body (巴中市委); not where the whole place leaves a title
            # (枣庄镇|党委书记, not the city 枣庄 + 镇党委书记: the longest place that leaves one).
            after = named(pe)
            for k in range(i + 2, pe) if after is None or after[1] != "TITLE" else ():
                inner = named(k)
                # the place's own level character opening a body (红寺堡区|区委, 迎春镇|镇政府): one ORG, as 巴中市委
                own_level = bodies_after_places and inner is not None and inner[1] == "ORG" and k == pe - 1 \
                    and text[k] in _BODY_LEVELS
                if inner is not None and inner[0] > pe and (text[i:k] in places or own_level
                                                            or _party_title_after(text, i, k, pe, inner)):
                    cut = _body_before_post(text, k, inner[0]) if bodies_after_places and inner[1] == "TITLE" else 0
                    if cut:   # 佛山|市政协副主席: ORG 佛山市政协 + TITLE 副主席
                        spans += [(i, cut, "ORG"), (cut, inner[0], "TITLE")]
                        i = inner[0]
                    elif inner[1] == "TITLE":
                        spans.append((i, k, "GPE"))
                        after_place = i = k
                    else:
                        spans.append((i, inner[0], "ORG"))
                        i = inner[0]
                    break
            else:
                if drop_crossed_places and known_words and _word_into(text, i, pe, known_words):
                    i += 1
                    continue
                word_after = _word_from(text, pe - 1, known_words) if known_words and pe - i >= 3 else 0
                cut = 0
                if bodies_after_places and after is None:
                    cut = _body_after_place(text, pe)
                elif bodies_after_places and after[1] == "TITLE":
                    cut = _body_before_post(text, pe, after[0])
                elif bodies_after_places and text[pe] in _BODY_LEVELS:
                    cut = after[0]   # 甘南 + 州政府: one ORG, as 乐山市政府
                if cut:   # 北碚区 + 政协 (+ 主席), 洛川县 + 人大常委会
                    spans.append((i, cut, "ORG"))
                    if after is not None and after[0] > cut:
                        spans.append((cut, after[0], "TITLE"))
                        i = after[0]
                    else:
                        i = cut
                elif word_after and text[i : pe - 1] in places:
                    spans.append((i, pe - 1, "GPE"))
                    spans.append((pe - 1, pe - 1 + word_after, "WORD"))
                    i = pe - 1 + word_after
                else:
                    spans.append((i, pe, "GPE"))
                    after_place = i = pe
            continue
        if here is not None:
            end, label = here
            if boundaries is None or i == after_place or i in boundaries or end in boundaries or end - i >= 4:
                spans.append((i, end, label))
                i = end
                continue
        i += 1
    return spans

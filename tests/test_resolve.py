"""kg.resolve: place codes, the article's place, relative organizations, node keys (ANNOTATION.md)."""
from __future__ import annotations

import pytest

from kg.records import Article, ArticleMeta, Entity
from kg.link import link_article
from kg.resolve import resolve

# Seed 000's gold entities, in text order, typed by hand ("X" = skip that occurrence).
SEED000 = [
    ("乡镇党委书记", "TITLE"), ("市委党校", "ORG"), ("市委书记", "TITLE"), ("罗增斌", "PERSON"),
    ("习近平", "PERSON"), ("总书记", "TITLE"), ("党中央", "ORG"), ("省委", "ORG"), ("市委", "ORG"),
    ("市委副书记", "TITLE"), ("李映", "PERSON"), ("罗增斌", "PERSON"), ("乡镇党委书记", "TITLE"),
    ("巴中", "GPE"), ("省委", "ORG"), ("省政府", "ORG"), ("中国共产党", "ORG"), ("罗增斌", "PERSON"),
    ("市委", "ORG"), ("市政府", "ORG"), ("罗增斌", "PERSON"), ("党中央", "ORG"), ("习近平", "PERSON"),
    ("总书记", "TITLE"), ("乡镇党委书记", "TITLE"), ("罗增斌", "PERSON"), ("巴中", "GPE"), ("罗增斌", "PERSON"),
    ("党委书记", "TITLE"), ("省委", "ORG"), ("乡镇党委书记", "TITLE"), ("罗增斌", "PERSON"), ("市委", "ORG"),
    ("巴州区", "GPE"), ("枣林镇", "GPE"), ("恩阳区", "GPE"), ("渔溪镇", "GPE"), ("南江县", "GPE"), ("兴马镇", "GPE"),
    ("通江县", "GPE"), ("广纳镇", "GPE"), ("平昌县", "GPE"), ("白衣镇", "GPE"), ("党委书记", "TITLE"),
    ("市领导", "TITLE"), ("张鹏飞", "PERSON"), ("陶斌", "PERSON"), ("王毅", "PERSON"), ("乡镇党委书记", "TITLE"),
]


def locate(text: str, spec) -> list[Entity]:
    """Entities for (surface, label) pairs found one after another in `text`."""
    out, pos = [], 0
    for surface, label in spec:
        i = text.index(surface, pos)
        pos = i + len(surface)
        if label != "X":
            out.append(Entity(surface, label, i, pos))
    return out


def make(text: str, spec, site: str | None = None, source: str | None = None, aid: str = "t1",
         url: str | None = None) -> tuple:
    art = Article(aid, f"{aid}.txt", ArticleMeta(title=text.split("\n")[0], date="2021-01-02", source=source),
                  text, url=url, site=site)
    return art, locate(text, spec)


@pytest.fixture(scope="module")
def seed000():
    from kg.article import extract_article
    from kg.sources import read_pages

    from conftest import SEEDS

    page = next(iter(read_pages([SEEDS / "000_5875c8a5bb91bb6f.txt"])))
    art = extract_article(page)
    return link_article(art, locate(art.text, SEED000))


def test_seed000_place_and_codes(seed000):
    assert seed000.place == "5119"
    codes = {e.text: e.code for e in seed000.entities if e.label == "GPE"}
    assert codes == {"巴中": "5119", "巴州区": "511902", "枣林镇": "511902122", "恩阳区": "511903",
                     "渔溪镇": "511903102", "南江县": "511922", "兴马镇": "511922125", "通江县": "511921",
                     "广纳镇": "511921103", "平昌县": "511923", "白衣镇": "511923104"}


def test_seed000_canonical_names(seed000):
    canon = {(e.text, e.label): e.canonical for e in seed000.entities}
    assert canon[("巴中", "GPE")] == "巴中市"
    assert canon[("市委", "ORG")] == "巴中市委"
    assert canon[("市政府", "ORG")] == "巴中市政府"
    assert canon[("省委", "ORG")] == "四川省委"
    assert canon[("市委党校", "ORG")] == "巴中市委党校"
    assert canon[("党中央", "ORG")] == "党中央"
    assert canon[("市委书记", "TITLE")] == "巴中市委书记"
    assert canon[("罗增斌", "PERSON")] == "罗增斌"


# (site, text, entities, surface of the ORG, expected canonical) -- ANNOTATION.md's naming convention
ORG_CASES = [
    ("巴中市妇女联合会", "市委召开会议。", [("市委", "ORG")], "巴中市委"),
    ("巴中市人民政府", "市政府召开会议。", [("市政府", "ORG")], "巴中市政府"),
    ("阜阳市颍东区人民政府", "颍东区区政府召开会议。", [("颍东区", "GPE"), ("区政府", "ORG")], "颍东区政府"),
    ("单县人民政府", "县委召开会议。", [("县委", "ORG")], "单县县委"),
    ("南县人民政府", "南县县政府召开会议。", [("南县", "GPE"), ("县政府", "ORG")], "南县县政府"),
    ("巴州区人民政府", "巴州区枣林镇镇党委召开会议。", [("巴州区", "GPE"), ("枣林镇", "GPE"), ("镇党委", "ORG")], "枣林镇党委"),
    ("巴中市妇女联合会", "省委召开会议。", [("省委", "ORG")], "四川省委"),
    (None, "党中央召开会议。", [("党中央", "ORG")], "党中央"),
    (None, "市委召开会议。", [("市委", "ORG")], "市委"),  # no place known: left as written
    # autonomous units drop the peoples with the suffix (section 4)
    ("马边彝族自治县人民政府", "县委召开会议。", [("县委", "ORG")], "马边县委"),
    (None, "马边县委召开会议。", [("马边", "GPE"), ("县委", "ORG")], "马边县委"),
]


@pytest.mark.parametrize("site,text,spec,expected", ORG_CASES)
def test_relative_organizations(site, text, spec, expected):
    art, ents = make(text, spec, site=site)
    ex = link_article(art, ents)
    assert [e.canonical for e in ex.entities if e.label == "ORG"] == [expected]


# (site, text, entities, GPE surface, expected code)
PLACE_CASES = [
    ("巴中市妇女联合会", "巴中召开会议。", [("巴中", "GPE")], "巴中", "5119"),
    (None, "四川召开会议。", [("四川", "GPE")], "四川", "51"),
    (None, "巴州区枣林镇召开会议。", [("巴州区", "GPE"), ("枣林镇", "GPE")], "枣林镇", "511902122"),
    ("巴中市妇女联合会", "枣林镇召开会议。", [("枣林镇", "GPE")], "枣林镇", "511902122"),
    (None, "宝鸡市岐山县枣林镇召开会议。", [("宝鸡市", "GPE"), ("岐山县", "GPE"), ("枣林镇", "GPE")], "枣林镇", "610323107"),
    ("福州市鼓楼区人民政府", "鼓楼区召开会议。", [("鼓楼区", "GPE")], "鼓楼区", "350102"),
    (None, "枣林镇召开会议。", [("枣林镇", "GPE")], "枣林镇", None),  # four namesakes, nothing decides
    ("巴中市巴州区人民政府", "江北街道莲花社区召开会议。", [("江北街道", "GPE"), ("莲花社区", "GPE")], "莲花社区", None),
    ("巴中市巴州区人民政府", "江北街道莲花社区召开会议。", [("江北街道", "GPE"), ("莲花社区", "GPE")], "江北街道", "511902004"),
    (None, "巴中经开区召开会议。", [("巴中经开区", "GPE")], "巴中经开区", None),
    (None, "北京街召开会议。", [("北京街", "GPE")], "北京街", None),  # nothing points to the 街道 of 越秀区
    ("广州市越秀区人民政府", "北京街召开会议。", [("北京街", "GPE")], "北京街", "440104003"),
    (None, "马边召开会议。", [("马边", "GPE")], "马边", "511133"),  # a short name of an autonomous unit
    ("巴中市人民政府", "全市召开会议。", [("全市", "GPE")], "全市", "5119"),
]


@pytest.mark.parametrize("site,text,spec,surface,code", PLACE_CASES)
def test_place_codes(site, text, spec, surface, code):
    art, ents = make(text, spec, site=site)
    ex = link_article(art, ents)
    got = {e.text: e for e in ex.entities}[surface]
    assert got.code == code
    if code is None and surface not in ("枣林镇", "莲花社区"):
        assert got.canonical == surface


@pytest.mark.parametrize("site,source,text,spec,place", [
    ("巴中市妇女联合会", "巴中日报", "会议召开。", [], "5119"),
    (None, "巴中日报", "会议召开。", [], "5119"),
    ("平昌县人民政府", None, "白衣镇召开会议。", [("白衣镇", "GPE")], "511923"),
    ("巴中市恩阳区人民政府", None, "会议召开。", [], "511903"),
    ("中国巴中", None, "会议召开。", [], "5119"),
    ("镇江新闻", None, "会议召开。", [], "3211"),  # 镇江 + 新闻, not 镇江新(区) + 闻
    ("中国共产党巴中市委员会", None, "会议召开。", [], "5119"),
    (None, None, "会议召开。", [], None),
    (None, None, "四川、贵州、云南三省在成都和北京开会。",
     [("四川", "GPE"), ("贵州", "GPE"), ("云南", "GPE"), ("成都", "GPE"), ("北京", "GPE")], None),
])
def test_article_place(site, source, text, spec, place):
    art, ents = make(text, spec, site=site, source=source)
    assert link_article(art, ents).place == place


# The page's address is its site too (ANNOTATION.md section 4): a host spelling a city's or a
# county's name in pinyin, with a few letters around it at most.
@pytest.mark.parametrize("url,codes", [
    ("http://www.pingchang.gov.cn/xwzx/1.html", ["511923"]),
    ("http://scbazhong.gov.cn/a.html", ["5119"]),             # a province's letters in front
    ("http://www.nanjiangxw.cn/news/2.html", ["511922"]),     # a site's letters behind
    ("http://www.shanxian.gov.cn/a.html", ["371722"]),        # 单县 read shan, not dan
    ("http://www.xinhuanet.com/a.html", []),                   # national media, not 新化县
    ("http://heilongjiang.example.cn/a.html", []),             # a province, not 龙江县 inside its letters
    ("http://lysrd.henanrd.gov.cn/a.html", []),                # 河南人大: a province and a body's letters, not 河南县
    ("http://www.wushannews.com/a.html", ["500237", "620524"]),  # namesakes: the page's other places choose
    ("http://www.news.cn/a.html", []),
    ("http://1.2.3.4:8080/a.html", []),
    (None, []),
])
def test_places_a_web_address_spells(url, codes):
    from kg.gazetteer import load_gazetteer
    from kg.place import url_places

    assert [d.code for d in url_places(url, load_gazetteer())] == codes


@pytest.mark.parametrize("url,text,spec,place", [
    # a county page that names no place at all: the address decides
    ("http://www.pingchang.gov.cn/a.html", "会议召开,县委书记张三讲话。", [("县委书记", "TITLE"), ("张三", "PERSON")],
     "511923"),
    (None, "会议召开,县委书记张三讲话。", [("县委书记", "TITLE"), ("张三", "PERSON")], None),
    # namesakes the address spells (巫山县, 武山县): the one the page's other places lie near
    ("http://www.wushannews.com/a.html", "重庆日报讯 县委书记张三讲话。", [("重庆日报", "ORG"), ("县委书记", "TITLE"),
                                                                   ("张三", "PERSON")], "500237"),
    ("http://www.wushannews.com/a.html", "会议召开,县委书记张三讲话。", [("县委书记", "TITLE"), ("张三", "PERSON")], None),
    # a prefecture and its namesake seat (恩施州, 恩施市): the prefecture's site
    ("http://enshinews.example.org/a.html", "会议召开,州委书记张三讲话。", [("州委书记", "TITLE"), ("张三", "PERSON")],
     "4228"),
])
def test_article_place_from_the_address(url, text, spec, place):
    art, ents = make(text, spec, url=url)
    assert link_article(art, ents).place == place


# The article's place at the level the page speaks from (ANNOTATION.md section 4).
@pytest.mark.parametrize("source,text,spec,place", [
    # a county article visiting a town: the county, not the town it names
    (None, "县委书记张三到兴马镇调研。", [("县委书记", "TITLE"), ("张三", "PERSON"), ("兴马镇", "GPE")], "511922"),
    # ... but a page whose every relative body or post is a town's speaks as that town
    (None, "兴马镇召开会议,镇长张三参加。", [("兴马镇", "GPE"), ("镇长", "TITLE"), ("张三", "PERSON")], "511922125"),
    (None, "四川省、巴中市的记者来到兴马镇,镇党委书记张三介绍情况。",
     [("四川省", "GPE"), ("巴中市", "GPE"), ("兴马镇", "GPE"), ("镇党委书记", "TITLE"), ("张三", "PERSON")], "511922125"),
    (None, "南江县兴马镇和长赤镇召开会议,镇长张三参加。",  # two towns, none named more: the county
     [("南江县", "GPE"), ("兴马镇", "GPE"), ("长赤镇", "GPE"), ("镇长", "TITLE"), ("张三", "PERSON")], "511922"),
    (None, "兴马镇召开会议。", [("兴马镇", "GPE")], "511922125"),  # nothing relative: nothing says "the county"
    # the town only where the page says so: 我镇, or its source line
    (None, "兴马镇召开会议,我镇干部参加。", [("兴马镇", "GPE")], "511922125"),
    ("南江县兴马镇", "会议召开。", [], "511922125"),
    ("南江县融媒体中心", "巴中市召开会议。", [("巴中市", "GPE")], "511922"),
    # ... its first person (我镇) whatever level its visitors' posts are written at
    (None, "市委副秘书长张三到南江县兴马镇调研。调研组到我镇产业园查看,南江县县长李四陪同。",
     [("市委副秘书长", "TITLE"), ("张三", "PERSON"), ("南江县", "GPE"), ("兴马镇", "GPE"), ("南江县", "GPE"), ("县长", "TITLE"),
      ("李四", "PERSON")], "511922125"),
    # a city's places and one county: relative 县 bodies name the county
    (None, "巴中市和巴中的干部到南江县调研,县长张三陪同。",
     [("巴中市", "GPE"), ("巴中", "GPE"), ("南江县", "GPE"), ("县长", "TITLE"), ("张三", "PERSON")], "511922"),
    # a city article visiting a county: its own 市委 and 市长 speak for the city
    (None, "市委书记张三、市长李四到巴州区调研。",
     [("市委书记", "TITLE"), ("张三", "PERSON"), ("市长", "TITLE"), ("李四", "PERSON"), ("巴州区", "GPE")], "5119"),
    # a province's newspaper or company says nothing of which county (湖南日报)
    (None, "怀化市、怀化市的干部到麻阳苗族自治县兰里镇调研。湖南日报报道。",
     [("怀化市", "GPE"), ("怀化市", "GPE"), ("麻阳苗族自治县", "GPE"), ("兰里镇", "GPE"), ("湖南日报", "ORG")], "431226"),
    # one visiting city official does not make a county article the city's
    (None, "市委常委张三到南江县调研。", [("市委常委", "TITLE"), ("张三", "PERSON"), ("南江县", "GPE")], "511922"),
    # a city article visiting a town: the town's county, then the city its 市委 and 市长 speak for
    (None, "市委书记张三、市长李四到兴马镇调研。",
     [("市委书记", "TITLE"), ("张三", "PERSON"), ("市长", "TITLE"), ("李四", "PERSON"), ("兴马镇", "GPE")], "5119"),
    # a county-level 市 the county's own bodies visit: the 县 of the page's own level
    (None, "岳池县委、县政府对口支援华蓥市。县委书记张三在华蓥市与华蓥市有关负责人座谈。",
     [("岳池县委", "ORG"), ("县政府", "ORG"), ("华蓥市", "GPE"), ("县委书记", "TITLE"), ("张三", "PERSON"),
      ("华蓥市", "GPE"), ("华蓥市", "GPE")], "511621"),
    # ... but not one only a town of the page lies in: a 县 the table now calls a 市 keeps its towns
    (None, "县委书记张三到禄市镇、阳和镇调研,又到坪滩镇。",
     [("县委书记", "TITLE"), ("张三", "PERSON"), ("禄市镇", "GPE"), ("阳和镇", "GPE"), ("坪滩镇", "GPE")], "511681"),
    # a zone written short (高新区) is the one zone of that kind in the page's city, and where the page's own
    # bodies are a 区's, it is the page's place rather than the 县 it visits
    (None, "高新区党工委书记张三到盘山县调研,盘山县、盘山县有关负责人陪同,区行政审批局参加。高新区是盘锦的主战场。",
     [("高新区", "GPE"), ("党工委书记", "TITLE"), ("张三", "PERSON"), ("盘山县", "GPE"), ("盘山县", "GPE"),
      ("盘山县", "GPE"), ("区行政审批局", "ORG"), ("高新区", "GPE"), ("盘锦", "GPE")], "211103400"),
    # a prefecture's paper writing from its seat (本报合作讯): the prefecture's own 州委 and 州长 speak for it
    (None, "本报合作讯 州委书记张三出席会议,州长李四讲话。",
     [("合作", "GPE"), ("州委书记", "TITLE"), ("张三", "PERSON"), ("州长", "TITLE"), ("李四", "PERSON")], "6230"),
    # a 街道 written short (北京街) is that 街道 where the page's source points to its city
    ("广州日报", "区委书记张三到北京街调研。", [("区委书记", "TITLE"), ("张三", "PERSON"), ("北京街", "GPE")], "440104"),
])
def test_article_place_level(source, text, spec, place):
    art, ents = make(text, spec, source=source)
    assert link_article(art, ents).place == place


# A place the page travels to, or is visited from, is not its own (ANNOTATION.md 4: two contexts).
@pytest.mark.parametrize("text,spec,place", [
    # the traveller is a place of the level the page's own bodies are written at (区, not 县)
    ("安塞区代表团赴洛川县开展视察。区人大常委会主任张三参加。",
     [("安塞区", "GPE"), ("洛川县", "GPE"), ("区人大常委会主任", "TITLE"), ("张三", "PERSON")], "610603"),
    # the traveller is the page's own body or post of the destination's level
    ("市委书记张三率队赴嘉兴市考察,杭州市有关部门参加。",
     [("市委书记", "TITLE"), ("张三", "PERSON"), ("嘉兴市", "GPE"), ("杭州市", "GPE")], "3301"),
    # the visitors of 我县 come from elsewhere
    ("通江县考察团来我县考察,南江县县长张三陪同。",
     [("通江县", "GPE"), ("南江县", "GPE"), ("县长", "TITLE"), ("张三", "PERSON")], "511922"),
    # ... but where the peers' level is the page's own, who travels is open (南江县考察团到平昌县: TWO_CONTEXTS)
    ("杭州市代表团考察了嘉兴市。市委书记张三讲话。",
     [("杭州市", "GPE"), ("嘉兴市", "GPE"), ("市委书记", "TITLE"), ("张三", "PERSON")], "3304"),
    # a city visiting its county is no journey away (the page may be the county's)
    ("市委统战部调研组赴南江县兴马镇调研。", [("市委统战部", "ORG"), ("南江县", "GPE"), ("兴马镇", "GPE")], "511922"),
    # ... but the page's own 市 going to a county-level 市 is the city above it
    ("市长张三到华蓥市调研,广安市有关部门参加。",
     [("市长", "TITLE"), ("张三", "PERSON"), ("华蓥市", "GPE"), ("广安市", "GPE")], "5116"),
    ("市委统战部调研组赴华蓥市某镇调研。", [("市委统战部", "ORG"), ("华蓥市", "GPE")], "5116"),
    # every place listed after the verb, or glued to its destination, is a stop of the journey
    ("县委书记张三率南江县代表团赴岳池县、邻水县考察。代表团在岳池县、邻水县参观。",
     [("县委书记", "TITLE"), ("张三", "PERSON"), ("南江县", "GPE"), ("岳池县", "GPE"), ("邻水县", "GPE"),
      ("岳池县", "GPE"), ("邻水县", "GPE")], "511922"),
    ("县委书记张三带队前往广安市岳池县考察,南江县有关部门参加。",
     [("县委书记", "TITLE"), ("张三", "PERSON"), ("广安市", "GPE"), ("岳池县", "GPE"), ("南江县", "GPE")], "511922"),
    # visitors to 我县 from the county's own city are no elsewhere
    ("巴中市委副书记张三来我县调研。县委书记李四陪同张三到兴马镇调研。",
     [("巴中", "GPE"), ("市委副书记", "TITLE"), ("张三", "PERSON"), ("县委书记", "TITLE"), ("李四", "PERSON"),
      ("张三", "PERSON"), ("兴马镇", "GPE")], "511922"),
    # a named host after 来 and before a purpose (来岳池县参观考察): the visitors' places are theirs
    ("南江县委书记张三率南江县考察团来岳池县参观考察。南江县、南江县有关部门参加,县长李四陪同。",
     [("南江县委书记", "X"), ("南江县", "GPE"), ("岳池县", "GPE"), ("南江县", "GPE"), ("南江县", "GPE"),
      ("县长", "TITLE"), ("李四", "PERSON")], "511621"),
    # ... the host's own city written before it is no visitor's
    ("南江县考察团来广安市岳池县考察调研。南江县有关部门参加,县长李四陪同。",
     [("南江县", "GPE"), ("广安市", "GPE"), ("岳池县", "GPE"), ("南江县", "GPE"), ("县长", "TITLE"), ("李四", "PERSON")],
     "511621"),
    # 近年来 is no host
    ("近年来岳池县考察团多次到南江县,县长李四介绍南江县情况。",
     [("岳池县", "GPE"), ("南江县", "GPE"), ("县长", "TITLE"), ("李四", "PERSON"), ("南江县", "GPE")], "511922"),
    # the visitors' own province says nothing of the host: no place rather than theirs
    ("河北省深泽县县委书记张三率团来我县考察,县长李四陪同。",
     [("河北省", "GPE"), ("深泽县", "GPE"), ("县委书记", "TITLE"), ("张三", "PERSON"), ("县长", "TITLE"), ("李四", "PERSON")],
     None),
    # the page's own committee named before its officials go into its own city (real page E203) ...
    ("七台河市委召开会议。市委书记张三深入到七台河市最偏远的宏伟镇调研。",
     [("七台河市委", "ORG"), ("市委书记", "TITLE"), ("张三", "PERSON"), ("七台河市", "GPE"), ("宏伟镇", "GPE")], "2309"),
    # ... not the hosts' committee, named after the journey
    ("市委书记张三赴衡水市考察。衡水市委书记李四参加,代表衡水市委欢迎。",
     [("市委书记", "TITLE"), ("张三", "PERSON"), ("衡水市", "GPE"), ("衡水", "GPE"), ("市委书记", "TITLE"),
      ("李四", "PERSON"), ("衡水市委", "ORG")], None),
])
def test_article_place_not_where_it_travels(text, spec, place):
    art, ents = make(text, spec)
    assert link_article(art, ents).place == place


# The headline's subject says the page's place (ANNOTATION.md 4: its title), below what the rest of the evidence says
# (real pages I204, H201, H204, H104); not a delegation, a post or a village opening the line.
@pytest.mark.parametrize("text,spec,place", [
    ("兴马镇召开县派第一书记对接会\n县委组织部、县工作专班到会指导。",
     [("兴马镇", "GPE"), ("县委组织部", "ORG")], "511922125"),
    ("3月20日上午,南江县兴马镇组织召开动员会。县水务局局长张三出席会议,镇党委书记李四讲话。",
     [("南江县", "GPE"), ("兴马镇", "GPE"), ("县水务局局长", "TITLE"), ("张三", "PERSON"), ("镇党委书记", "TITLE"),
      ("李四", "PERSON")], "511922125"),
    ("标题: 兴马镇 | 一周工作播报\n市领导张三到兴马镇观摩,区委政法委相关同志陪同。",
     [("兴马镇", "GPE"), ("市领导", "TITLE"), ("张三", "PERSON"), ("兴马镇", "GPE"), ("区委政法委", "ORG")], "511922125"),
    ("南江县委组织部组团到兴马镇观摩学习\n县委常委张三参加。",
     [("南江县委组织部", "ORG"), ("兴马镇", "GPE"), ("县委常委", "TITLE"), ("张三", "PERSON")], "511922"),
    ("兴马镇党委书记张三到兴马镇白村调研\n县委常委李四参加。",
     [("兴马镇", "GPE"), ("党委书记", "TITLE"), ("张三", "PERSON"), ("兴马镇", "GPE"), ("白村", "GPE"),
      ("县委常委", "TITLE"), ("李四", "PERSON")], "511922"),
    ("兴马镇:扎实抓好两会精神学习\n兴马镇召开会议。区委常委张三参加。",
     [("兴马镇", "GPE"), ("兴马镇", "GPE"), ("区委常委", "TITLE"), ("张三", "PERSON")], "511922125"),
])
def test_article_place_from_the_headline(text, spec, place):
    art, ents = make(text, spec)
    assert link_article(art, ents).place == place


# The page's first person above a county (我市, 我州): the city or prefecture it names, not a county it visits
# (real pages H206, I306), and its visitors from the province are no elsewhere.
@pytest.mark.parametrize("text,spec,place", [
    ("上海市徐汇区代表团来盐考察。区委副书记、区长王五率队。对我市的工作表示肯定。代表团到盐城亭湖区、大丰区、大丰区考察,"
     "区委书记赵六陪同。",
     [("上海市", "GPE"), ("徐汇区", "GPE"), ("区委副书记", "TITLE"), ("区长", "TITLE"), ("王五", "PERSON"), ("盐城", "GPE"),
      ("亭湖区", "GPE"), ("大丰区", "GPE"), ("大丰区", "GPE"), ("区委书记", "TITLE"), ("赵六", "PERSON")], "3209"),
    ("甘肃日报社社长张三来我州调研。州委副书记李四参加。调研组到临夏县土桥镇、临夏县县融媒体中心。",
     [("甘肃日报社", "ORG"), ("张三", "PERSON"), ("州委副书记", "TITLE"), ("李四", "PERSON"), ("临夏县", "GPE"),
      ("土桥镇", "GPE"), ("临夏县", "GPE"), ("县融媒体中心", "ORG")], "6229"),
])
def test_article_place_of_its_first_person(text, spec, place):
    art, ents = make(text, spec)
    assert link_article(art, ents).place == place


# Visitors to 我县 (ANNOTATION.md 4: two contexts), real pages J306, J307: not a place the visit is about or goes to, not
# one clauses before the visit; a visiting city above the host only where the page's other places lie in it.
@pytest.mark.parametrize("text,spec,place", [
    ("为让代表们了解南江县发展情况,为代表们建言创造条件, 12月10日,州人大常委会主任张三率代表来我县视察,县长李四陪同。",
     [("南江县", "GPE"), ("张三", "PERSON"), ("县长", "TITLE"), ("李四", "PERSON")], "511922"),
    ("贵州省六盘水市人大常委会考察南江县人大工作 6月6日,贵州省六盘水市人大常委会副主任张三来我县考察,县人大常委会主任李四陪同。"
     "考察组来到兴马镇、长赤镇。",
     [("贵州省", "GPE"), ("六盘水市人大常委会", "ORG"), ("南江县人大", "ORG"), ("贵州省", "GPE"),
      ("六盘水市人大常委会", "ORG"), ("县人大常委会主任", "TITLE"), ("李四", "PERSON"), ("兴马镇", "GPE"),
      ("长赤镇", "GPE")], "511922"),
])
def test_article_place_of_the_visited(text, spec, place):
    art, ents = make(text, spec)
    assert link_article(art, ents).place == place


# The site's own place is home even where its medium is written in the visitors' sentence (real page L207: the source
# line runs into the dateline before 来我市): a place the site names is never the page's elsewhere.
@pytest.mark.parametrize("site,text,spec,place", [
    ("中国巴中网", "巴中市融媒体中心讯 青海省海北州党政考察团来我市考察,考察团到黑河、黑河调研。",
     [("巴中市融媒体中心", "ORG"), ("青海省", "GPE"), ("海北州", "GPE"), ("黑河", "GPE"), ("黑河", "GPE")], "5119"),
])
def test_the_sites_place_is_never_away(site, text, spec, place):
    art, ents = make(text, spec, site=site)
    assert link_article(art, ents).place == place


def test_article_place_from_a_dateline():
    """武义新闻网讯 names the page's own county (ANNOTATION.md 4: its dateline), real page J107."""
    text = "记者 项玲慧\n武义新闻网讯 7月15日,省委政研室调研组来我县调研。县委副书记张三参加。"
    art, ents = make(text, [("县委副书记", "TITLE"), ("张三", "PERSON")])
    assert link_article(art, ents).place == "330723"


def test_a_body_the_table_codes_as_a_town_is_no_place_evidence():
    """林业局 is the county's forestry bureau, not 鸡东县's state forestry unit 林业局 (real page J307)."""
    text = "南江县召开会议,县委书记张三讲话,县林业局、林业局负责人参加。"
    art, ents = make(text, [("南江县", "GPE"), ("县委书记", "TITLE"), ("张三", "PERSON"), ("县林业局", "ORG"), ("林业局", "ORG")])
    assert link_article(art, ents).place == "511922"


def test_autonomous_units_as_pages_write_them():
    """黔西南州, 马边县 (ANNOTATION.md 4: 凉山州委's 凉山州) are the autonomous prefecture and county (real page H202)."""
    from kg.gazetteer import load_gazetteer

    g = load_gazetteer()
    assert [d.code for d in g.lookup("黔西南州")] == ["5223"]
    assert [d.code for d in g.lookup("马边县")] == ["511133"]
    assert [d.code for d in g.lookup("马边自治县")] == ["511133"]  # 自治 kept, the people dropped (real page L304)
    assert [d.code for d in g.lookup("临夏县")] == ["622921"]  # a county of that name of its own stays itself


def test_an_organization_named_like_a_village_of_the_page_is_no_county_evidence():
    """双桥小学 beside 双桥村 is the village's school, not 双桥区's (real page I208)."""
    text = "市人大常委会主任张三到古劳镇调研。调研组来到双桥村,察看双桥小学、双桥幼儿园,又到双桥村和麦水村。"
    art, ents = make(text, [("市人大常委会主任", "TITLE"), ("张三", "PERSON"), ("古劳镇", "GPE"), ("双桥村", "GPE"),
                            ("双桥小学", "ORG"), ("双桥幼儿园", "ORG"), ("双桥村", "GPE"), ("麦水村", "GPE")])
    assert link_article(art, ents).place == "440784"



@pytest.mark.parametrize("text,spec,place", [
    # four namesakes and nothing that chooses: the name, never a guessed code
    ("枣林镇党委书记张三到枣林镇白村调研。", [("枣林镇", "GPE"), ("党委书记", "TITLE"), ("张三", "PERSON"),
                                       ("枣林镇", "GPE"), ("白村", "GPE")], "枣林镇"),
    ("张三到白村和黑村调研。", [("张三", "PERSON"), ("白村", "GPE"), ("黑村", "GPE")], None),  # villages are visited
    # a zone the table lacks, named more often than the coded places: the page is the zone's
    ("省委常委张三到龙湖示范区调研。龙湖示范区党工委书记李四介绍了龙湖示范区和兴马镇的情况。",
     [("省委常委", "TITLE"), ("张三", "PERSON"), ("龙湖示范区", "GPE"), ("龙湖示范区", "GPE"), ("党工委书记", "TITLE"),
      ("李四", "PERSON"), ("龙湖示范区", "GPE"), ("兴马镇", "GPE")], "龙湖示范区"),
    # ... not where the page's own bodies are a county's
    ("县委书记张三到龙湖示范区调研。龙湖示范区党工委书记李四介绍了龙湖示范区和兴马镇的情况。",
     [("县委书记", "TITLE"), ("张三", "PERSON"), ("龙湖示范区", "GPE"), ("龙湖示范区", "GPE"), ("党工委书记", "TITLE"),
      ("李四", "PERSON"), ("龙湖示范区", "GPE"), ("兴马镇", "GPE")], "511922"),
    # a community is visited, never the page's place; nor a town where the page calls itself 我区
    ("市长张三到冬梅社区调研,区委常委李四参加。冬梅社区书记介绍情况。",
     [("市长", "TITLE"), ("张三", "PERSON"), ("冬梅社区", "GPE"), ("区委常委", "TITLE"), ("李四", "PERSON"),
      ("冬梅社区", "GPE")], None),
    ("市民政局局长张三来到我区,察看了南站街道邻里中心,副区长李四参加。",
     [("市民政局局长", "TITLE"), ("张三", "PERSON"), ("南站街道", "GPE"), ("副区长", "TITLE"), ("李四", "PERSON")], None),
    ("县委书记张三到枣林镇调研,察看了我镇的产业园。", [("县委书记", "TITLE"), ("张三", "PERSON"), ("枣林镇", "GPE")], "枣林镇"),
])
def test_article_place_without_a_code(text, spec, place):
    art, ents = make(text, spec)
    ex = link_article(art, ents)
    assert ex.place == place
    if "党工委书记" in text:  # a post glued after the zone names the zone's body, coded or not
        assert [r.tail for r in ex.relations if r.type == "MEMBER_OF" and r.head == "李四"] == ["龙湖示范区党工委"]


# two towns with namesakes each, and one county that has both: the other places decide (ANNOTATION.md 5)
@pytest.mark.parametrize("text,spec,place,town_codes_in", [
    ("县委书记张三到永安镇、太平乡调研。", [("县委书记", "TITLE"), ("张三", "PERSON"), ("永安镇", "GPE"), ("太平乡", "GPE")],
     "152224", "152224"),
    # no county has both: nothing is guessed
    ("县委书记张三到永安镇、红旗乡调研。", [("县委书记", "TITLE"), ("张三", "PERSON"), ("永安镇", "GPE"), ("红旗乡", "GPE")],
     None, None),
    # the one namesake whose county the page names, if only inside another name (灌云港)
    ("县委书记张三到同兴镇调研,察看灌云港工程。", [("县委书记", "TITLE"), ("张三", "PERSON"), ("同兴镇", "GPE")],
     "320723", "320723"),
    ("县委书记张三到同兴镇调研。", [("县委书记", "TITLE"), ("张三", "PERSON"), ("同兴镇", "GPE")], "同兴镇", None),
    # the one namesake in a 旗, where the page's own bodies are a 旗's
    ("旗委书记张三到大板镇调研。", [("旗委书记", "TITLE"), ("张三", "PERSON"), ("大板镇", "GPE")], "150423", "150423"),
])
def test_towns_with_namesakes_decide_each_other(text, spec, place, town_codes_in):
    art, ents = make(text, spec)
    ex = link_article(art, ents)
    codes = [e.code for e in ex.entities if e.label == "GPE"]
    assert ex.place == place
    assert all((c or "").startswith(town_codes_in) for c in codes) if town_codes_in else set(codes) == {None}


# LOCATED_IN of bodies written bare and of businesses (ANNOTATION.md sections 3 and 4)
@pytest.mark.parametrize("site,text,spec,org,tail,canonical", [
    ("巴中市人民政府", "市场局、消防大队参加会议。", [("市场局", "ORG"), ("消防大队", "ORG")],
     "市场局", "巴中市", "巴中市市场局"),
    ("巴中市人民政府", "市场局、消防大队参加会议。", [("市场局", "ORG"), ("消防大队", "ORG")],
     "消防大队", "巴中市", "巴中市消防大队"),
    ("平昌县人民政府", "政府召开会议。", [("政府", "ORG")], "政府", "平昌县", "平昌县政府"),
    # a business is where the article visits it, not the province its name starts with
    ("平昌县人民政府", "在白衣镇四川某某有限公司调研。", [("白衣镇", "GPE"), ("四川某某有限公司", "ORG")],
     "四川某某有限公司", "白衣镇", "四川某某有限公司"),
    # any proper name: the place written right before it, before the place its name opens with
    ("平昌县人民政府", "在白衣镇四川某某农业服务中心调研。", [("白衣镇", "GPE"), ("四川某某农业服务中心", "ORG")],
     "四川某某农业服务中心", "白衣镇", "四川某某农业服务中心"),
    ("平昌县人民政府", "张三到四川某某有限公司调研。", [("张三", "PERSON"), ("四川某某有限公司", "ORG")],
     "四川某某有限公司", "平昌县", "四川某某有限公司"),
    # a business or school takes the place its sentence visits, else the one town the page visited before
    ("平昌县人民政府", "张三走访了白衣镇某水库和某某有限公司。", [("张三", "PERSON"), ("白衣镇", "GPE"), ("某某有限公司", "ORG")],
     "某某有限公司", "白衣镇", "某某有限公司"),
    ("平昌县人民政府", "张三到白衣镇调研。一行先后到白村、某某家庭农场。",
     [("张三", "PERSON"), ("白衣镇", "GPE"), ("白村", "GPE"), ("某某家庭农场", "ORG")], "某某家庭农场", "白衣镇", "某某家庭农场"),
    ("平昌县人民政府", "张三到白衣镇、土兴镇调研。一行先后到某某有限公司。",
     [("张三", "PERSON"), ("白衣镇", "GPE"), ("土兴镇", "GPE"), ("某某有限公司", "ORG")], "某某有限公司", "平昌县",
     "某某有限公司"),
    # one name, one place: the mention whose sentence names it
    ("杭州市人民政府", "张三考察了嘉兴市和某某集团。在某某集团,张三听取汇报。",
     [("张三", "PERSON"), ("嘉兴市", "GPE"), ("某某集团", "ORG"), ("某某集团", "ORG"), ("张三", "PERSON")],
     "某某集团", "嘉兴市", "某某集团"),
    # a place's short name leaving only a body's ending is no place (公安局 is no 公安县)
    ("平昌县人民政府", "公安局召开会议。", [("公安局", "ORG")], "公安局", "平昌县", "平昌县公安局"),
    # a place written before a name that opens with a narrower one: the narrower
    ("平昌县人民政府", "四川省巴中市关工委召开会议。", [("四川省", "GPE"), ("巴中市关工委", "ORG")],
     "巴中市关工委", "巴中市", "巴中市关工委"),
    # a body written bare after the body it is listed with is that body's place's (旗委政府, 镇党委、政府)
    ("平昌县人民政府", "白衣镇党委、政府召开会议。", [("白衣镇党委", "ORG"), ("政府", "ORG")], "政府", "白衣镇", "白衣镇政府"),
    ("平昌县人民政府", "白衣镇党委政府召开会议。", [("白衣镇党委", "ORG"), ("政府", "ORG")], "政府", "白衣镇", "白衣镇政府"),
    # a town of the article's county written without its level
    ("平昌县人民政府", "白衣党委召开会议。", [("白衣党委", "ORG")], "白衣党委", "白衣镇", "白衣党委"),
    # a national medium's branch is where its name says; the medium itself nowhere
    ("平昌县人民政府", "新华社江西分社报道。", [("新华社江西分社", "ORG")], "新华社江西分社", "江西省", "新华社江西分社"),
    ("平昌县人民政府", "人民网报道。", [("人民网", "ORG")], "人民网", None, "人民网"),
    # national and village bodies take no local place
    ("平昌县人民政府", "国务院办公厅发文。", [("国务院办公厅", "ORG")], "国务院办公厅", None, "国务院办公厅"),
    ("平昌县人民政府", "村委召开会议。", [("村委", "ORG")], "村委", None, "村委"),
    (None, "市场局召开会议。", [("市场局", "ORG")], "市场局", None, "市场局"),  # no place known
])
def test_bare_bodies_and_businesses(site, text, spec, org, tail, canonical):
    art, ents = make(text, spec, site=site)
    ex = link_article(art, ents)
    tails = [r.tail for r in ex.relations if r.type == "LOCATED_IN" and r.head == org]
    assert tails == ([tail] if tail else [])
    assert {e.text: e.canonical for e in ex.entities}[org] == canonical


TWO_CONTEXTS = ("南江县考察团一行由县长张三带队到平昌县考察。平昌县县委书记李四陪同。县委副书记王五介绍情况。",
                [("南江县考察团", "ORG"), ("县长", "TITLE"), ("张三", "PERSON"), ("平昌县", "GPE"), ("平昌县", "GPE"),
                 ("县委书记", "TITLE"), ("李四", "PERSON"), ("县委副书记", "TITLE"), ("王五", "PERSON")])


@pytest.mark.parametrize("person,org", [
    ("张三", "南江县政府"),   # the visitors' sentence names their county before the relative title
    ("李四", "平昌县委"),     # written with its place
    ("王五", "平昌县委"),     # nothing in the sentence: the article's place
])
def test_two_contexts_each_sentence_its_own(person, org):
    art, ents = make(*TWO_CONTEXTS)
    ex = link_article(art, ents)
    assert ex.place == "511923"
    assert [r.tail for r in ex.relations if r.type == "MEMBER_OF" and r.head == person] == [org]


def test_person_identity_by_jurisdiction():
    text = "市领导王毅出席。外交部长王毅会见外宾。"
    art, ents = make(text, [("市领导", "TITLE"), ("王毅", "PERSON"), ("外交部长", "TITLE"), ("王毅", "PERSON")],
                     site="巴中市妇女联合会")
    ex = link_article(art, ents)
    keys = {r.tail: r.head_key for r in ex.relations if r.type == "HOLDS_TITLE"}
    assert keys == {"市领导": "person:王毅@5119", "外交部长": "person:王毅@中国"}


def test_same_person_in_two_articles_has_one_key():
    a1, e1 = make("市委书记罗增斌出席。", [("市委书记", "TITLE"), ("罗增斌", "PERSON")], site="巴中市妇女联合会", aid="a")
    a2, e2 = make("罗增斌到平昌县调研。", [("罗增斌", "PERSON"), ("平昌县", "GPE")], source="巴中日报", aid="b")
    k1 = {r.head_key for r in link_article(a1, e1).relations}
    ex2 = link_article(a2, e2)
    assert k1 == {"person:罗增斌@5119"}
    assert ex2.entities[0].key == "person:罗增斌@5119"


ODD = [
    ("", []),
    ("某某镇召开会议。", [("某某镇", "GPE")]),
    ("张三出席会议。", [("张三", "PERSON")]),
    ("党委书记、镇长参加会议。", [("党委书记", "TITLE"), ("镇长", "TITLE")]),
    ("四川、山东、福建三省。", [("四川", "GPE"), ("山东", "GPE"), ("福建", "GPE")]),
    ("市委书记", [("市委书记", "TITLE")]),
    ("火星市市委书记张三。", [("火星市", "GPE"), ("市委书记", "TITLE"), ("张三", "PERSON")]),
]


@pytest.mark.parametrize("text,spec", ODD)
def test_odd_text_never_crashes(text, spec):
    art, ents = make(text, spec)
    ex = link_article(art, ents)
    assert len(ex.entities) == len(ents)
    assert all(e.canonical for e in ex.entities)


def test_entities_with_offsets_outside_the_text_do_not_crash():
    art = Article("t", "t.txt", ArticleMeta(), "短文。")
    ex = link_article(art, [Entity("巴中", "GPE", 10, 12), Entity("", "PERSON", 0, 0)])
    assert len(ex.entities) == 2


def test_resolution_exposes_the_chain():
    art, ents = make("枣林镇召开会议。", [("枣林镇", "GPE")], site="巴州区人民政府")
    res = resolve(art, ents)
    assert [d.code for d in res.chain] == ["511902", "5119", "51"]  # the site outweighs one town mention
    assert res.level_place("镇").code == "511902122"  # 镇 names the article's one town


@pytest.mark.parametrize("text,span,expected", [
    ("县长吴静作工作部署。", "吴静作", "吴静"),
    ("市长苏明检查防汛。", "苏明检查", "苏明"),
    ("镇长冯晓汇报了情况。", "冯晓汇", "冯晓"),
    ("区长张伟到枣庄镇调研。", "张伟到", "张伟"),
    ("市委书记罗增斌出席。", "罗增斌", "罗增斌"),
    ("记者王小到场。", "王小到", "王小"),
    ("李到说了话。", "李到", "李到"),  # two characters stay
])
def test_person_span_cut_before_a_swallowed_verb(text, span, expected):
    art, ents = make(text, [(span, "PERSON")])
    (e,) = link_article(art, ents).entities
    assert e.text == expected and text[e.start:e.end] == expected


# One place, one node (issue 17): the same place named short, long or again in one article is one key.
@pytest.mark.parametrize("site, text, spec, same", [
    # a LOC that is the short name of the article's own county (the NER's label on 通江 in a title)
    ("通江县人民政府", "罗增斌到通江调研\n7月21日,市委书记罗增斌到通江县广纳镇调研。",
     [("通江", "LOC"), ("通江县", "GPE"), ("广纳镇", "GPE")], ("通江", "通江县")),
    # a mention left open beside a resolved one of the same name (the table has 龙圩镇 under 龙圩区)
    (None, "市委副书记全桂寿深入苍梧县龙圩镇调研。在龙圩镇听取汇报。",
     [("苍梧县", "GPE"), ("龙圩镇", "GPE"), ("龙圩镇", "GPE")], ("龙圩镇", "龙圩镇")),
])
def test_a_place_named_twice_in_an_article_is_one_node(site, text, spec, same):
    ex = link_article(*make(text, spec, site=site))
    keys = {e.text: {x.key for x in ex.entities if x.text == e.text} for e in ex.entities}
    first, second = same
    assert len(keys[first]) == 1 and keys[first] == keys[second]
    assert next(iter(keys[first])).split(":")[1].isdigit()  # the code's node, not a name


def test_a_mountain_keeps_its_own_node_beside_the_town_named_after_it():
    # ANNOTATION.md: 光雾山 is a LOC; 光雾山镇 a GPE
    text = "南江县委副书记王涛带队到光雾山景区检查工作,光雾山镇相关负责人陪同。"
    ex = link_article(*make(text, [("南江县", "GPE"), ("光雾山", "LOC"), ("光雾山镇", "GPE")], site="南江县人民政府"))
    keys = {e.text: e.key for e in ex.entities}
    assert keys["光雾山镇"] == "place:511922106"
    assert keys["光雾山"] == "place:光雾山@5119"


def test_a_loc_is_keyed_within_its_nearest_coded_place_in_two_articles():
    # one article placed at the county, one at the province naming the city in the sentence: one 光雾山
    county = link_article(*make("近日,南江县委副书记王涛带队到光雾山景区检查旅游安全工作。",
                                [("南江县", "GPE"), ("光雾山", "LOC")], site="南江县人民政府", aid="a1"))
    province = link_article(*make("四川省召开会议。会后,与会代表前往巴中经开区和光雾山考察。",
                                  [("四川省", "GPE"), ("巴中经开区", "GPE"), ("光雾山", "LOC")], aid="a2"))
    assert province.place == "51"
    key = {e.key for ex in (county, province) for e in ex.entities if e.text == "光雾山"}
    assert key == {"place:光雾山@5119"}


def test_a_city_without_districts_is_one_place_in_the_table():
    from kg.gazetteer import load_gazetteer

    g = load_gazetteer()
    # the table lists 儋州市 as city 4604 and as county 460400; its towns are coded under the second
    assert [d.code for d in g.lookup("儋州市")] == ["4604"]
    assert [d.code for d in g.ancestors("460400100")] == ["4604", "46"]
    ex = link_article(*make("儋州市那大镇召开座谈会。", [("儋州市", "GPE"), ("那大镇", "GPE")]))
    assert [e.key for e in ex.entities] == ["place:4604", "place:460400100"]


def test_towns_written_in_their_former_county_say_nothing_of_the_article_place():
    # 明阳镇, 花丛镇, 茶坝镇 lie in 恩阳区 now, cut from 巴州区: a page that writes them in 巴州区 is 巴州区's
    text = "区委书记张三深入巴州区明阳镇、花丛镇、茶坝镇调研。在明阳镇、花丛镇、茶坝镇听取汇报,巴州区有关负责人陪同。"
    spec = [("区委书记", "TITLE"), ("张三", "PERSON"), ("巴州区", "GPE"), ("明阳镇", "GPE"), ("花丛镇", "GPE"),
            ("茶坝镇", "GPE"), ("明阳镇", "GPE"), ("花丛镇", "GPE"), ("茶坝镇", "GPE"), ("巴州区", "GPE")]
    ex = link_article(*make(text, spec))
    assert ex.place == "511902"
    assert {e.code for e in ex.entities if e.text == "明阳镇"} == {"511903100"}  # the town keeps its code


def test_a_town_written_beside_its_former_county_keeps_that_part_of():
    # the text's statement (ANNOTATION.md PART_OF by adjacency), though the table has 龙圩镇 under 龙圩区 now
    ex = link_article(*make("市委副书记全桂寿深入苍梧县龙圩镇调研。在龙圩镇听取汇报。",
                            [("苍梧县", "GPE"), ("龙圩镇", "GPE"), ("龙圩镇", "GPE")]))
    assert ("龙圩镇", "PART_OF", "苍梧县") in {(r.head, r.type, r.tail) for r in ex.relations}


@pytest.mark.parametrize("text,spec,kept", [
    # a one-character "place" is an abbreviation or a cut name (ANNOTATION.md 2: 来璧, 返杨 are not annotated)
    ("来璧两地在巴中签约。", [("来", "GPE"), ("璧", "GPE"), ("巴中", "GPE")], ["巴中"]),
    ("青台子村召开会议。", [("青", "GPE"), ("台子村", "GPE")], ["台子村"]),
])
def test_one_character_places_are_no_gpe(text, spec, kept):
    art, ents = make(text, spec)
    assert [e.text for e in link_article(art, ents).entities if e.label == "GPE"] == kept


@pytest.mark.parametrize("text,spec,person,org", [
    # a town nothing on the page codes (枣林镇: four namesakes) still names the body of a post glued to it
    ("枣林镇党委书记张三讲话。", [("枣林镇", "GPE"), ("党委书记", "TITLE"), ("张三", "PERSON")], "张三", "枣林镇党委"),
    ("枣林镇副镇长李四讲话。", [("枣林镇", "GPE"), ("副镇长", "TITLE"), ("李四", "PERSON")], "李四", "枣林镇政府"),
])
def test_a_post_glued_to_an_uncoded_town(text, spec, person, org):
    art, ents = make(text, spec)
    ex = link_article(art, ents)
    assert [r.tail for r in ex.relations if r.type == "MEMBER_OF" and r.head == person] == [org]
    assert all(r.head_key and not r.head_key.endswith("@") for r in ex.relations if r.head == person)


@pytest.mark.parametrize("org, title, expected", [
    # only a party committee splits from a proper place (ANNOTATION.md 2): 南江县委 + 副书记 → 县委副书记;
    # any other body stays one ORG with its place and the post is the title (杜集区人大常委会 + 主任)
    ("南江县委", "副书记", "县委副书记"),
    ("杜集区人大常委会", "主任", None),
    ("巴中市人民政府", "秘书长", None),
])
def test_a_proper_place_splits_only_from_a_party_committee(org, title, expected):
    from kg.gazetteer import load_gazetteer
    from kg.resolve import title_with_body

    assert title_with_body(load_gazetteer(), org, title) == expected


def test_a_name_opening_with_a_city_and_its_namesake_county_is_the_city():
    # 南昌 is 南昌市 and 南昌县 (inside it); nothing on a 赣州 page chooses: the city
    art, ents = make("南昌某某学院召开会议。", [("南昌某某学院", "ORG")], site="赣州市章贡区人民政府")
    ex = link_article(art, ents)
    assert [r.tail for r in ex.relations if r.type == "LOCATED_IN"] == ["南昌市"]


# A county the table has as a 市 or 区 since, written by the page as the 县 it was (ANNOTATION.md 4: names as
# of the article): that unit, same code, under the page's name; nothing where the table has no unit of the stem.
@pytest.mark.parametrize("text,spec,surface,code,canonical", [
    ("宁河县召开会议,县委书记张三讲话。", [("宁河县", "GPE"), ("县委书记", "TITLE"), ("张三", "PERSON")],
     "宁河县", "120117", "宁河县"),
    ("旬阳县召开会议。", [("旬阳县", "GPE")], "旬阳县", "610981", "旬阳县"),
    ("宜宾县召开会议。", [("宜宾县", "GPE")], "宜宾县", None, "宜宾县"),  # 宜宾 is a city, never a 县 renamed
])
def test_a_county_renamed_since_the_page(text, spec, surface, code, canonical):
    art, ents = make(text, spec)
    ex = link_article(art, ents)
    got = {e.text: e for e in ex.entities}[surface]
    assert (got.code, got.canonical) == (code, canonical)
    assert ex.place == (code or surface)  # a 县 the table lacks altogether stays a name

"""The lexicon tables: every body they generate resolves, every post they imply has its body."""
from __future__ import annotations

import pytest

from kg.gazetteer import load_gazetteer
from kg.lexicon import body_prefix, government_bodies, government_titles, implied_titles, relative_bodies
from kg.lexicon.generate import is_job_role
from kg.lexicon.tables import BYLINE_ROLES, GENERIC_BODIES, NATIONAL_BODIES
from kg.records import Article, ArticleMeta


def placed_at(name: str, within: str | None = None):
    """Resolution of an empty article placed at the division `name` (inside `within`)."""
    from kg.resolve import Resolution

    g = load_gazetteer()
    found = [d for d in g.by_name[name] if within is None or any(a.name == within for a in g.ancestors(d.code))]
    return Resolution(Article("a", "-", ArticleMeta(), "x"), [], g, place=found[0])


@pytest.fixture(scope="module")
def articles():
    """An article per level unit, placed where every level of the table is on its chain of places."""
    town = placed_at("枣林镇", "巴州区")          # 枣林镇, 巴州区, 巴中市, 四川省
    township = placed_at("鸡冠乡", "汪清县")      # 鸡冠乡, 汪清县, 延边朝鲜族自治州, 吉林省
    street = placed_at("江北街道", "巴州区")
    banner = placed_at("洪格尔苏木", "苏尼特左旗")  # 洪格尔苏木, 苏尼特左旗, 锡林郭勒盟, 内蒙古自治区
    return {"省": town, "市": town, "区": town, "镇": town, "县": township, "州": township, "乡": township,
            "街道": street, "旗": banner}


def test_every_relative_body_resolves_to_a_place_of_its_level(articles):
    unresolved = []
    for level, _, name in relative_bodies():
        if not level:
            continue
        canonical, place = articles[level].resolve_org(name)
        if place is None or not place.name.endswith(level) or canonical != body_prefix(place.name) + name:
            unresolved.append((name, canonical))
    assert unresolved == []
    assert articles["区"].resolve_org("区公安局")[0] == "巴州区公安局"
    assert articles["州"].resolve_org("州委")[0] == "延边州委"  # autonomous units drop the ethnic names too


def test_every_body_the_rulers_match_is_relative_national_or_below_the_table():
    relative = {name for level, _, name in relative_bodies() if level}
    alone = {name for level, _, name in relative_bodies() if not level}
    assert government_bodies() == relative | set(NATIONAL_BODIES) | (alone - GENERIC_BODIES)
    assert "乡委党校" not in government_bodies() and "镇政协" not in government_bodies()
    assert {"县人民政府", "县政府", "区人大常委会", "镇党委", "街道党工委", "县公安局", "市委党校"} <= government_bodies()


def test_every_title_the_table_implies_has_its_body(articles):
    titles = government_titles()
    missing = []
    for title, level, body in implied_titles():
        assert title in titles
        found = articles[level or "镇"].title_body(title)
        group = "党组" if title[len(level + body):].startswith("党组") else ""  # 县政府党组书记: 县政府党组
        if found is None or not found[0].endswith(level + body + group):
            missing.append((title, found))
    assert missing == []


@pytest.mark.parametrize("org, title, expected", [
    ("县委", "副书记", "县委副书记"),
    ("县人民政府", "秘书长", "县人民政府秘书长"),
    ("市教育局", "局长", "市教育局局长"),
    ("南江县委", "副书记", "县委副书记"),
    ("杜集区人大常委会", "主任", None),
    ("乐山市政府", "副市长", None),
    ("巴中日报", "主任", None),
])
def test_a_relative_body_split_off_a_bare_post_joins_it(org, title, expected):
    from kg.resolve import title_with_body

    assert title_with_body(load_gazetteer(), org, title) == expected


@pytest.mark.parametrize("title, body", [
    ("县公安局局长", ("县", "公安局")),
    ("区妇联主席", ("区", "妇联")),
    ("县委党校校长", ("县", "委党校")),
    ("县委办常务副主任", ("县", "委办")),
    ("县人武部政委", ("县", "人武部")),
    ("县政协党组副书记", ("县", "政协")),
    ("县农业农村局党组书记", ("县", "农业农村局")),
    ("区政府副区长", ("区", "政府")),
    # a head written after its government, without the level (ANNOTATION.md 6: 政府县长 kept as written)
    ("政府县长", ("县", "政府")),
    ("人民政府副镇长", ("镇", "政府")),
    ("市人大常委会副主任", ("市", "人大常委会")),
    ("县委书记", ("县", "委")),
    # a procuratorate's head; a division's or a section's inside a department
    ("区检察院检察长", ("区", "检察院")),
    ("省委宣传部某处处长", ("省", "委宣传部某处")),
    ("市委组织部干部科科长", ("市", "委组织部干部科")),
    # a 街道's party and congress working committees
    ("街道工委副书记", ("街道", "工委")),
    ("街道人大工委主任", ("街道", "人大工委")),
    # departments by the full names of the 2018-2019 reform, 和 inside (section 4: 县公安局局长 → 县公安局)
    ("县林业和草原局局长", ("县", "林业和草原局")),
    ("区住房和城乡建设局副局长", ("区", "住房和城乡建设局")),
    ("人大工委主任", ("", "人大工委")),
    # deputies of the level's congress or conference (section 1: 人大代表), written with 级 or not
    ("县人大代表", ("县", "人大")),
    ("旗政协委员", ("旗", "政协")),
    ("人大代表", None),
    ("记者", None),
])
def test_a_relative_body_and_its_post_imply_that_body(title, body):
    """ANNOTATION.md section 4: 县公安局局长 → 县公安局, for any relative body written before a post."""
    from kg.lexicon import implied_body

    assert implied_body(title) == body


@pytest.mark.parametrize("title, dept", [
    ("宣传部部长", "宣传部"),
    ("统战部常务副部长", "统战部"),
    # the armed forces' own department: 县委常委、人武部部长 is in 县人武部, no 县委人武部 (ANNOTATION.md 4)
    ("人武部部长", None),
    ("武装部副部长", None),
])
def test_a_department_post_is_a_committee_department_unless_the_armed_forces(title, dept):
    from kg.lexicon.generate import DEPT_TITLE

    m = DEPT_TITLE.match(title)
    assert (m.group("dept") if m else None) == dept


@pytest.mark.parametrize("title, unit", [
    ("人武部部长", "人武部"),
    ("武装部长", "武装部"),          # the post shares the body's last character
    ("公安局政委", "公安局"),
    ("动防站站长", "动防站"),
    ("农业农村局副局长", "农业农村局"),
    ("副局长", None),               # a modifier, no body
    ("驻镇工作队队长", None),        # a team sent from elsewhere
    ("国家统计局局长", None),        # a national body
])
def test_a_placeless_body_and_its_post_in_one_title(title, unit):
    """ANNOTATION.md 4: a body written without a level prefix takes the article's place (公安局政委 → 陇县公安局)."""
    from kg.lexicon.generate import PLACELESS_TITLE

    m = PLACELESS_TITLE.match(title)
    assert (m.group("unit") if m else None) == unit


def test_job_roles_are_no_titles_and_collective_leaders_are():
    titles = government_titles()
    assert not {"记者", "通讯员", "编辑"} & titles
    assert {"县领导", "区领导", "县级领导", "州领导"} <= titles


@pytest.mark.parametrize("role", BYLINE_ROLES)
def test_a_byline_role_is_a_job_wherever_it_is_read(role):
    """One table (tables.BYLINE_ROLES): the merger and relations take it for a job, the person ruler reads the name after it."""
    from kg.pipeline.persons import _ROLE_NAMES

    assert is_job_role(role) and is_job_role("见习" + role) and role not in government_titles()
    assert is_job_role(" ".join(role))  # 记 者, laid out by hand
    m = _ROLE_NAMES.search(f"（{role}：王明 李芳）")
    assert m is not None and m.group(1) == "王明 李芳"
    assert not is_job_role(role + "长") and not is_job_role("县委书记")


@pytest.mark.parametrize("title", [
    "人大代表", "政协委员", "县级人大代表", "二级巡视员", "乡镇书记", "党(工)委书记",  # section 1, 2 and 6 examples
    "代县长", "代秘书长", "常务主任", "常务副院长", "副政委", "副师长",  # titles with modifiers, as written (section 6)
    "街道工委书记", "县林业和草原局局长",  # a 街道's party working committee; a department's full name + post
])
def test_titles_the_guideline_names_are_in_the_lexicon(title):
    assert title in government_titles()


@pytest.mark.parametrize("body", ["县林业和草原局", "市人力资源和社会保障局", "县委常委会", "街道人大工委"])
def test_relative_bodies_by_their_full_names_are_bodies(body):
    """Section 1: 县委, 区政府, 县公安局 are ORG; so are the departments' full names and a committee's standing
    committee, which the NER cuts at 和 or reads as the post 县委常委 when the lexicon lacks them."""
    from kg.lexicon import government_bodies

    assert body in government_bodies()


@pytest.mark.parametrize("text", ["相关负责人", "企业负责人", "主要负责同志"])
def test_who_is_in_charge_is_no_title(text):
    from kg.lexicon.generate import is_job_role

    assert is_job_role(text)

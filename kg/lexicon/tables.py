"""The domain vocabulary of `kg`, as tables: place levels, bodies, posts and titles.

Every convention of ANNOTATION.md about how a body, a post or a place is written
lives here and nowhere else; `kg.lexicon` generates from these tables the rulers'
patterns, the tokenizer's protected words, and the patterns relative-name
resolution uses. Changing a convention means changing a row of this file.
"""
from __future__ import annotations

from dataclasses import dataclass

# ---- place levels ------------------------------------------------------------

# The level units a relative name is written with (市委, 区政府, 镇党委, 街道党工委, 全市, 本县).
UPPER_LEVELS = ("省", "市", "州", "县", "区", "旗")
TOWN_LEVELS = ("镇", "乡")
STREET_LEVEL = "街道"
STREET_OFFICE = "办事处"                        # a 街道's government, headed by its 主任
RELATIVE_LEVELS = (*UPPER_LEVELS, *TOWN_LEVELS)   # one character each
# Words that refer to the article's own place at a level (全市, 本县, 我区, 该镇).
RELATIVE_PLACE_PREFIXES = ("全", "本", "我", "该")

# Level suffixes of division names, longest first, so 维吾尔自治区 is stripped before
# 自治区 and 区 (short names: 巴中市 → 巴中, 广西壮族自治区 → 广西).
PLACE_SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "自治旗",
    "地区", "街道", "省", "市", "区", "县", "盟", "旗", "镇", "乡",
)
# Relative bodies are named after the place without its level suffix (巴中市 + 市委 → 巴中市委);
# autonomous units drop the ethnic names with the suffix (凉山彝族自治州 → 凉山州委, 马边彝族自治县 →
# 马边县委), and these units keep their full name (西湖管理区党委).
AUTONOMOUS_SUFFIXES = ("自治州", "自治县", "自治旗")
ETHNIC_GROUPS = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克",
    "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬",
    "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克",
    "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各",
)
FULL_NAME_UNITS = ("管理区",)

# Units below the table's level (villages) and other level words that mark a place
# when a corpus writes them at the end of a name (MSRA's LOC → GPE).
ADMIN_SUFFIXES = ("省", "市", "县", "区", "镇", "乡", "村", "州", "国", "旗", "盟", "自治区", "街道", "社区", "特区")
# MSRA and People's Daily have one LOC for places of every kind; the guideline
# splits administrative places (GPE) from the rest (LOC).
NATURAL_SUFFIXES = (
    "山", "河", "江", "湖", "海", "洋", "路", "街", "桥", "岛", "峡", "湾", "港", "站", "场", "馆", "宫", "寺",
    "园", "楼", "门", "塔", "陵", "洲", "原", "漠", "峰", "岭", "谷", "泉", "池", "沟", "坝", "口岸", "广场",
    "大道", "胡同", "公园", "机场", "车站", "码头", "半岛", "盆地", "高原", "平原", "草原", "沙漠", "运河",
    "水库", "大桥", "大街", "巷", "线", "渠", "堤", "滩", "礁", "群岛", "海峡", "景区", "故居",
)
# Division names that are also generic words: the table has towns named 街道, and the
# guideline counts 乡镇(街道) as a generic reference, not a place. Two-character district
# names that are ordinary words (城区, 郊区, 新区 ...) too.
GENERIC_PLACE_NAMES = frozenset(
    {"城区", "郊区", "矿区", "新区", "东区", "西区", "南区", "北区", "中区", "市区", "市中区", "街道", "社区", "乡镇", "办事处"}
)
# Town-level units the table names with a bare common noun (a farm, a development zone):
# the town-level names without a 镇/乡/街道/苏木 ending that People's Daily 1998 uses as
# ordinary words, and compounds of them. "开发区" alone is generic; "巴中经济开发区" is a place.
GENERIC_TOWN_NAMES = frozenset(
    {
        "农场", "林场", "盐场", "良种场", "种畜场", "种羊场", "苗圃", "农科所", "林业局",
        "开发区", "高新区", "保税区", "工业园区", "高校园区", "经济开发区", "经济技术开发区",
        "高新技术产业开发区", "农业技术服务中心", "城南", "城区街道", "小城镇",
    }
)
# Units below the table's level that are administrative places (GPE), whatever the NER calls them:
# villages, communities, 嘎查, 居委会 (ANNOTATION.md section 6); a town glued before one is two GPEs
# (西合营镇南大坪村 → 西合营镇 + 南大坪村).
VILLAGE_SUFFIXES = ("村", "社区", "嘎查", "居委会", "村民小组")
TOWN_SUFFIXES = ("镇", "乡", "街道", "苏木")
# The bodies a village, community or 嘎查 names after its own name (西山村委, 建北社区党委, 某村党总支, 某社区居委会):
# they are that village's (ANNOTATION.md 3), not a county's whose short name the village shares.
VILLAGE_BODY_ENDINGS = ("委", "委会", "党委", "党支部", "党总支", "居委会", "两委")
COUNTY_SUFFIXES = ("县", "区", "旗")
# Words that a place's unit character begins (发展|乡村, 鼓励|村两委, 聚焦|村集体): an ordinary word before
# one of them is no village or town (ANNOTATION.md section 1), 团结村、 and 白云村第一书记 stay places.
UNIT_WORDS = ("乡村", "村民", "村两委", "村集体", "村级", "村干部")   # the county level's units (a 区 may be a city's district)
# Words the NER takes for a place or an organization that are generic references, seasons or
# slogans: never an entity on their own (ANNOTATION.md section 1, "not entities").
GENERIC_WORDS = frozenset(
    "秋冬季 春夏季 夏秋 秋冬 冬春 荣耀 民生 中心 村 镇村 村委 村双委 相关部门 有关部门 驻村工作队 "
    "中心村 重点村 乡镇 街镇 全市 全县 全区 居委会 村委会 老旧小区".split()
)
# Ad-hoc groups are no organization (ANNOTATION.md section 1): the place named in one still counts
# (清涧县党政考察团 → GPE 清涧县).
# The party's standing slogans (ANNOTATION.md section 1: slogans contribute no place): 中国 in
# 习近平新时代中国特色社会主义思想 or 中国式现代化 is no GPE of the page.
# A set phrase that only contains a place's name (长治久安: lasting stability, not the city 长治) is dropped the same way
# (section 4: a word that merely contains a place name is no place).
SLOGANS = ("中国特色社会主义", "中国式现代化", "中国梦", "长治久安")
AD_HOC_GROUP_SUFFIXES = ("考察团", "考察组", "调研组", "调研团", "督查组", "检查组", "观摩团", "宣讲团", "党政代表团")
# What names a visiting party after its home place (某县党政代表团先后来到…, 某市考察组一行): the place is where they
# come from, not where what they visit is (ANNOTATION.md 4: visitors from one county, hosts in another).
VISITOR_GROUP_WORDS = (*AD_HOC_GROUP_SUFFIXES, "代表团", "视察组", "督导组", "一行")
# Bodies written alone that name one specific body (ANNOTATION.md sections 1 and 6: 政府 used alone for a specific
# local body, 中央): 政府 after a party committee (旗委政府, 镇党委、政府), 中央 after the verb that carries out its
# decisions (落实中央决策部署), and a committee's 常委会 written alone (开完常委会, 代表常委会报告工作), not a part of
# a longer name (人大常委会, 政治局常委会) or of a word (中央媒体, 中央财政).
GOVERNMENT_AFTER_COMMITTEE = "政府"
CENTRAL = "中央"
CENTRAL_VERBS = ("落实", "贯彻", "按照", "根据", "遵照", "执行", "响应")
NOT_CENTRAL_AFTER = ("媒体", "电视", "企业", "财政", "预算", "资金", "投资", "补助", "专项", "空调", "厨房")
STANDING_COMMITTEE = "常委会"

# Endings that make a long name the NER read as a PERSON (transliterated characters) a place or a body
# (巴达赫尚省, 苏里南共和国; 乔治·梅森大学: kg_char_entities' suffix_labels); bodies also end as ORG_NAME_SUFFIXES.
FOREIGN_PLACE_ENDINGS = ("共和国", "王国", "联邦", "省", "州", "市", "县", "镇", "乡", "村", "区")
FOREIGN_BODY_ENDINGS = ("领事馆", "大使馆", "委员会", "协会", "银行", "研究所", "研究院", "研究中心")

# Local bodies written with neither a level nor a place (市场局, 消防大队, 政府): they are the
# article's place's, or that of the body listed before them (县应急局、市场局 → the county's).
BARE_BODY_SUFFIXES = ("局", "办", "办公室", "委", "委员会", "政府", "大队", "中心", "馆", "所", "常委会")
# How a body named by its function alone ends (人武部, 老干部局, 党员教育中心, 驻镇工作队, “两新”组织): written with
# no place and no name of its own before a post, it is the page's own body and one TITLE with the post
# (kg.pipeline.merge; ANNOTATION.md sections 2 and 4: 公安局政委 → 陇县公安局). A 部 is a ministry as often as a
# local department (外交部副部长, 中联部部长 stay ORG + TITLE, as the news corpora write them): only the local
# departments written so count (PLACELESS_DEPARTMENTS); a 委员会, a 处 or a 所 is as often a national body's.
PLACELESS_BODY_ENDINGS = ("局", "办", "办公室", "中心", "办事处", "科", "室", "站", "队", "组织")
PLACELESS_DEPARTMENTS = ("人武部", "武装部", "组织部", "宣传部", "统战部", "社工部", "群工部")
# What a national or foreign body's name opens with (中国科学院…研究所, 国家…中心): never the page's own body.
NATIONAL_NAME_PREFIXES = ("中国", "中华", "中央", "中共", "国家", "国务院", "全国")
# Words that open with a level unit but are no level (市场局 is a market bureau, not 市 + 场局).
NOT_LEVEL_WORDS = ("市场", "区域")
# Businesses and shops: LOCATED_IN the place the article visits them in (X镇众诚牧业 → X镇), not the
# province their name may start with.
BUSINESS_SUFFIXES = ("公司", "集团", "厂", "店", "超市", "煤矿", "农场", "牧场", "合作社", "车间", "酒店", "影城",
                     "宾馆", "饭店", "工厂", "养殖场")
# What a name ends with when it names an organization or a non-administrative place of its own
# (ANNOTATION.md section 6: businesses, shops, schools, clinics, media are ORG; roads, rivers, bridges,
# parks, named facilities are LOC). A place or name the NER found, then a few more characters and one
# of these, is that one name (麻河口 + 龙虾店, 龙虎山 + 山体休闲公园); a span ending in one has its kind.
ORG_NAME_SUFFIXES = (
    "有限公司", "有限责任公司", "公司", "集团", "工厂", "厂", "商店", "店", "超市", "影城", "酒店", "宾馆", "饭店",
    "合作社", "车间", "家庭农场", "家庭牧场", "牧场", "养殖场", "农场", "林场", "小学", "中学", "学校", "大学", "学院", "幼儿园",
    "医院", "卫生院", "诊所", "日报", "晚报", "报社", "电视台", "广播电视台", "新闻网", "客户端", "融媒体中心",
    # institutions with staff of their own (the annotated real pages: 23 of 25 such names are ORG)
    "博物馆", "纪念馆", "美术馆", "陈列馆", "图书馆", "档案馆", "文化馆", "科技馆", "展示馆", "敬老院", "养老院", "初中",
)
LOC_NAME_SUFFIXES = (
    "公园", "广场", "水库", "大桥", "立交桥", "大道", "高速公路", "高速", "互通", "步行街", "街区", "小区", "景区",
    "遗址", "古墓", "故居", "展览馆", "产业园", "示范园", "小镇", "屋场", "综合体", "湿地",
)
# Characters that end a name's run: a verb or a function word between a place and a facility means two things
# (到巴中 | 参观纪念馆), not one name.
NAME_BREAKS = frozenset("的在到及与和等是了对把将为从向于被让使由并或且也都就还又再很最更已曾正将各每个些赴")
NAME_BREAK_WORDS = ("部分", "相关", "有关", "所有", "参观", "考察", "察看", "查看", "走访", "视察", "调研", "看望", "慰问", "深入", "来到", "前往",
                    "走进", "建设", "发展", "打造", "推进", "开展", "举办", "召开", "实施", "提升", "检查", "督导")
# Kinds that the suffix rule (kg.pipeline.merge) finds with no span at all, extending left from the suffix over the
# name: the name suffixes above and these, which end too many ordinary words to relabel a span by, but which
# end a name when one is written before them (某某家庭农场, 某某商会, 某某卡点, 某某幸福屋场).
ORG_FOUND_SUFFIXES = ("协会", "商会", "银行", "信用社", "农商行", "家庭农场", "专业合作社",
                      "牧业", "果业", "禽业", "药业", "茶业", "实业", "饲料", "光电", "农业", "指挥中心")
LOC_FOUND_SUFFIXES = ("卡点", "检查站", "收费站", "服务区", "隧道", "互通", "屋场", "步道", "花园", "古镇", "遗址",
                      "都市圈", "经济圈", "城市群", "经济带", "平原", "旧址", "家园", "名邸", "乐园",
                      "保护区", "观景台", "试验区", "大市场")
# (旧址, 家园, 名邸, 乐园, 保护区, 观景台, 试验区, 大市场: sites, housing estates, parks and markets, ANNOTATION.md
# section 1; not 基地 or 示范点, whose names are mostly generic: 草果种植基地 is nothing.)
# Words before a name that end its run leftwards: the verbs of a visit and the words that open a list
# (来到 | 某某超市, 利用 | 某某高速公路); NAME_BREAK_WORDS too.
NAME_LEFT_BREAKS = ("利用", "进入", "了解", "实地", "途经", "位于", "来自", "依托", "围绕", "深化", "包括", "以及",
                    "先后", "首先", "随后", "还", "辖区", "一行", "聚焦", "堵点", "形成", "构建", "融入", "对接",
                    "加快", "推动", "带动", "联合", "听取", "紧邻", "毗邻", "靠近", "临近")
# Words of a visit or a list that a place's name is written after (来到 | 朝晖社区, 先后 | 某某社区): where a
# community's name is no span of its own, one of these before it tells the name from a generic 社区 (统领 | 社区治理).
VISIT_WORDS = ("来到", "前往", "走进", "深入", "走访", "看望", "慰问", "调研", "视察", "考察", "察看", "查看", "参观",
               "先后", "途经", "位于", "包括", "以及", "到", "在", "赴", "至", "、")
# Function characters that pkuseg writes alone and that no name of a business or facility is built from: written
# alone, each ends a name's run leftwards as NAME_BREAKS do (而 | 当兵上大学, 刚出 | 医院, 第一条 | 高速).
FUNCTION_CHARS = frozenset("一两而但以即因上去做出入所其皆刚买拿靠要考不能办附设许多数几此这那第条过座")
# Media as a page's dateline and source line write them (驻马店网讯, 来源：长江日报-长江网, 湖南日报·新湖南客户端):
# each name in the line ending so is an ORG (ANNOTATION.md section 2: a source that is a newspaper,
# broadcaster or website is an ORG); 本报 and 本台 are none.
MEDIA_SUFFIXES = ("广播电视台", "电视台", "融媒体中心", "融媒体", "新闻中心", "新闻网", "客户端", "日报", "晚报",
                  "报社", "报", "网")
# The medium every county runs (县级融媒体中心): written alone (我县融媒体中心, 对融媒体中心的工作) it is the page's own
# county's, as 政府 alone is (ANNOTATION.md section 6: media are ORG; section 4: relative names take the article's place),
# written after a place it is that place's (某某县 + 融媒体中心); written after a level word (县级, 市级) or before
# these words it names the kind or the campaign (推进县级融媒体中心建设), no one body.
# A government's own account (WeChat, app) is named by its place and one of these (某某发布): written where a page
# names its medium, at the start of a line before a date or a credit (某市某县发布 2020-05-22, 某某发布出品), it is
# an ORG of that place (ANNOTATION.md section 6: websites and media are ORG).
ACCOUNT_SUFFIXES = ("发布",)
ACCOUNT_CREDITS = ("出品", "讯")
# A medium's local station is named by the medium, the place and one of these (某某网某县站, 某某日报某市记者站):
# LOCATED_IN the place it names (ANNOTATION.md 3: 新华社江西分社 → 江西省).
MEDIA_BRANCH_ENDINGS = ("记者站", "分社", "站", "在线", "频道")
LOCAL_MEDIA_BODIES = ("融媒体中心",)
LOCAL_MEDIA_NOT_BEFORE = ("级", "各")
LOCAL_MEDIA_NOT_AFTER = ("建设", "改革")
# Generic facilities (ANNOTATION.md section 1: 扶贫车间, 卫生室, 产业园 are nothing): a span of places + one of
# these is the places alone (某街道某社区党群服务中心 → GPE 某街道 + GPE 某社区), one of a bare unit + one of these nothing.
GENERIC_FACILITIES = ("党群服务中心", "便民服务中心", "综合服务中心", "服务中心", "党群服务工作站", "服务工作站", "服务站",
                      "卫生室", "图书室", "活动室", "扶贫车间", "产业园", "种植基地", "养殖基地", "文化广场", "农家书屋")
# A facility's kind that no administrative place ends with (爱国主义教育基地, 笋竹两用林基地): a span ending so is no GPE
# (ANNOTATION.md section 1: named facilities are LOC, generic ones nothing; most 基地 are generic).
FACILITY_NOT_PLACE = ("基地",)
# Words that make a generic reference of 社区 (城乡社区治理, 和谐社区, 老旧社区): never a community's name
# (ANNOTATION.md section 1: generic or plural references are no place).
GENERIC_COMMUNITY_WORDS = frozenset(
    "城乡 城市 城镇 农村 乡村 街道 乡镇 镇村 村居 智慧 和谐 文明 示范 美丽 平安 安全 绿色 健康 完整 老旧 无疫 基层 "
    "全国 全省 全市 全县 全区 所在 周边 辖区 居民 新型 现代 特色 宜居 模范 先进 星级 数字 服务 引领 涉农 城区 "
    "相关 各个 部分 重点 试点 网格 小区 有关 其他 其它 多个 所有".split()
)
# The same for 村: what the village is to the page (帮扶村, 重点推进村, 移民安置村), and words ending in 村 that are
# no village (乡村, 农村, 驻村 of 驻村帮扶): never a village's name.
GENERIC_VILLAGE_WORDS = frozenset(
    "帮扶 包扶 结对 联系 挂钩 对口 安置 移民 典型 重点 推进 示范 试点 贫困 脱贫 出列 后进 所在 行政 自然 搬迁 扶贫 中心".split()
)
NOT_VILLAGE_WORDS = ("乡村", "农村", "農村", "驻村", "治村", "包村", "进村", "入村")
BARE_UNITS = ("村委会", "村委", "村", "社区", "镇", "乡", "街道")
# Verbs of a visit or a campaign: a span the NER read as an ORG across one is no organization (某镇调研指导产业
#发展, 全市推进城乡社区); the places in it stay.
VERBS_IN_NO_ORG = ("调研", "推进", "视察", "督导", "慰问", "看望", "走访", "召开", "举办", "开展", "实施")
SOURCE_LINE_OPENERS = ("来源", "稿源", "图源", "信息来源", "消息来源", "文章来源", "转载自")
# The fields a page writes on after a source line's value with no space (区委办公室浏览次数:), and values that name no
# source (来源：本站, 来源：原创).
SOURCE_LINE_FIELDS = ("浏览", "点击", "作者", "编辑", "发布时间", "阅读", "字体", "日期")
SOURCE_NOT_NAMES = frozenset("本站 本网 原创 本站原创 本网原创 网络 互联网 转载 综合 未知 佚名 无 本报 本台 投稿 网友 作者 编辑".split())

# A relative body as a list writes it (县应急局、市场局, 召集县水务局、县委编办、县档案馆): a level unit, a name of up
# to seven characters and one of these endings, between a list's separators; an ORG whatever the NER made of it
# (ANNOTATION.md section 1: party and government bodies named relative to the article's place are ORG).
LISTED_BODY_ENDINGS = ("委员会", "局", "办", "馆")
LIST_SEPARATORS = "、，,。；;：:和及与"
# A body written bare (林业局, 政法委, 农办) as an item of a list of bodies ends so (kg.pipeline.merge): an ORG there.
BARE_LISTED_ENDINGS = ("委员会", "办公室", "局", "办", "委", "部")
# Where a place lies from another, written glued before the neighbour's name (东临蜀河, 北依羊山, 西连构元): a bearing
# and one of these verbs are no part of the name (ANNOTATION.md section 2: the span is the name as written).
BEARINGS = "东南西北"
BEARING_VERBS = "临依靠邻傍连接濒枕"
# Roads: a "place" ending so is a road (ANNOTATION.md section 1: roads are LOC), 东六环路, 109国道.
ROAD_SUFFIXES = ("国道", "省道", "公路", "环路", "大道", "路")

# Zones: an ORG mention ending so is a place, not an organization (巴中经开区).
ZONE_SUFFIXES = ("开发区", "经开区", "高新区", "新区", "园区", "示范区")
# A zone written short, bare (高新区 for 某市高新技术产业开发区): the endings of the full names it stands for.
ZONE_SHORT_FORMS = {"高新区": ("高新技术产业开发区",), "经开区": ("经济技术开发区", "经济开发区")}

COUNTRY = "中国"
COUNTRY_NAMES = frozenset({"中国", "中华人民共和国", "我国", "全国", "祖国"})
PARTY_PREFIXES = ("中国共产党", "中共", "中国")  # stripped before a place name is looked for (中共巴中市委)

# ---- bodies and the posts they imply -----------------------------------------

PARTY_ROLES = ("书记", "副书记", "常委", "委员", "第一书记", "专职副书记")
DEPARTMENT_ROLES = ("部长", "副部长", "常务副部长")
OFFICE_ROLES = ("主任", "副主任", "常务副主任")
CONGRESS_ROLES = ("主任", "副主任", "秘书长", "副秘书长", "党组书记", "委员")
CPPCC_ROLES = ("主席", "副主席", "秘书长", "副秘书长", "党组书记", "委员", "常委")
BUREAU_ROLES = ("局长", "副局长")
FEDERATION_ROLES = ("主席", "副主席")


@dataclass(frozen=True)
class Body:
    """A kind of party or government body: its name after the level unit, the levels it
    exists at ("" = written alone, as in 党委书记), and the posts written after it."""

    name: str
    levels: tuple[str, ...]
    posts: tuple[str, ...] = ()


BODIES: tuple[Body, ...] = (
    Body("委", UPPER_LEVELS, (*PARTY_ROLES, "秘书长", "副秘书长")),          # 市委, 市委书记, 市委常委, 州委副秘书长
    Body("党委", (*TOWN_LEVELS, ""), PARTY_ROLES),                           # 镇党委书记, 党委书记
    Body("党工委", (STREET_LEVEL, ""), PARTY_ROLES),                         # 街道党工委书记
    Body("纪委", (*UPPER_LEVELS, *TOWN_LEVELS, ""), PARTY_ROLES),
    Body("纪工委", (STREET_LEVEL, ""), PARTY_ROLES),
    Body("监委", (*UPPER_LEVELS, ""), ("主任", "副主任", "委员")),
    Body("政府", (*UPPER_LEVELS, *TOWN_LEVELS), ("党组书记",)),               # heads (市长) below
    Body("人民政府", (*UPPER_LEVELS, *TOWN_LEVELS), ("秘书长", "副秘书长")),
    Body("人大", UPPER_LEVELS),
    Body("人大", TOWN_LEVELS, ("主席", "副主席")),                            # 镇人大主席
    Body("人大常委会", UPPER_LEVELS, CONGRESS_ROLES),                         # 市人大常委会副主任
    Body("政协", UPPER_LEVELS, CPPCC_ROLES),
    Body("委办", UPPER_LEVELS, OFFICE_ROLES),
    Body("委办公室", UPPER_LEVELS, OFFICE_ROLES),                             # 县委办公室主任
    Body("政府办", (*UPPER_LEVELS, *TOWN_LEVELS), OFFICE_ROLES),
    Body("政府办公室", (*UPPER_LEVELS, *TOWN_LEVELS), OFFICE_ROLES),
    Body("人民政府办公室", (*UPPER_LEVELS, *TOWN_LEVELS), OFFICE_ROLES),
    Body("人大常委会办公室", UPPER_LEVELS, OFFICE_ROLES),
    Body("委组织部", UPPER_LEVELS, DEPARTMENT_ROLES),
    Body("委宣传部", UPPER_LEVELS, DEPARTMENT_ROLES),
    Body("委统战部", UPPER_LEVELS, DEPARTMENT_ROLES),
    Body("委政法委", UPPER_LEVELS, ("书记", "副书记")),
    Body("委党校", UPPER_LEVELS, ("校长", "副校长", "常务副校长")),           # 省委党校副校长
    Body("委常委会", UPPER_LEVELS),                                          # 县委常委会 (its members: 县委常委)
    Body("人大工委", (STREET_LEVEL,), OFFICE_ROLES),                         # 街道人大工委主任
    # government departments, named relative to a place as bodies are (区民政局, 县公安局局长)
    *(Body(name, UPPER_LEVELS, BUREAU_ROLES) for name in (
        "教育局", "科技局", "经信局", "公安局", "民政局", "司法局", "财政局", "人社局", "自然资源局", "生态环境局",
        "住建局", "交通运输局", "水利局", "农业农村局", "商务局", "文化广电旅游局", "文旅局", "退役军人事务局",
        "应急管理局", "审计局", "统计局", "市场监管局", "医保局", "林业局", "信访局", "乡村振兴局", "税务局",
        "投促局", "民宗局",
        # the full names the 2018-2019 reform gave county and city departments, several with 和 inside
        # (县林业和草原局, 区住房和城乡建设局): without them the NER cuts the name at 和
        "发展和改革局", "发展改革局", "教育和体育局", "教育体育局", "教育科技局", "科学技术局", "工业和信息化局",
        "工业信息化局", "人力资源和社会保障局", "人力资源社会保障局", "自然资源和规划局", "住房和城乡建设局",
        "住房城乡建设局", "城市管理局", "城市管理综合行政执法局", "文化和旅游局", "文化旅游局", "文化广电和旅游局",
        "文化体育和旅游局", "文化广电体育和旅游局", "卫生健康局", "市场监督管理局", "林业和草原局", "医疗保障局",
        "行政审批服务局", "民族宗教事务局", "民族和宗教事务局", "粮食和物资储备局", "水务局", "体育局",
        "环保局", "环境保护局", "国土资源局", "农业局", "农牧局", "畜牧兽医局", "交通局", "建设局", "规划局")),
    *(Body(name, UPPER_LEVELS, OFFICE_ROLES) for name in ("发展改革委", "发改委", "卫生健康委", "卫健委", "国资委")),
    *(Body(name, UPPER_LEVELS, FEDERATION_ROLES) for name in ("妇联", "总工会", "科协", "工商联")),  # 区妇联主席
    Body("残联", UPPER_LEVELS, ("理事长", "副理事长")),
    Body("红十字会", UPPER_LEVELS, ("会长", "副会长")),
    Body("团委", UPPER_LEVELS, ("书记", "副书记")),
    # below the table's levels: named without a place
    Body("乡镇党委", ("",)),                                            # 乡镇党委书记: a generic post (standalone)
    Body("党支部", ("",), PARTY_ROLES),
    Body("党总支", ("",), PARTY_ROLES),
    Body("党组", ("",), ("书记", "副书记", "成员")),
    Body("村党支部", ("",), PARTY_ROLES),
    Body("社区党支部", ("",), PARTY_ROLES),
    Body("村委会", ("",), ("主任", "副主任")),
    Body("居委会", ("",)),
    Body("社区党委", ("",)),
)

# Bodies that are no party committee: written right after a proper place they make one ORG with it, and the
# post after them is the TITLE (ANNOTATION.md section 2: 乐山市政府 + 副市长, 杜集区人大常委会 + 主任; only a
# party committee's title or a bare post splits off the place: 枣林镇 + 党委书记, 乐山市 + 副市长). Longest first.
PLACE_BODIES = ("人大常委会", "人民政府", "政府", "人大", "政协")
# A town's party committee written after its proper name with no post after it is one ORG (北臧村镇党委, as
# 巴中市委 is); before a post it is the title's (枣林镇 + 党委书记).
PLACE_PARTY_BODIES = ("党工委", "党委")

# Bodies named with their term (届) written in front: the ordinal is part of the name, with the place or level unit
# glued before it (宁东镇第五届人民代表大会, 县十八届人大, 中共某镇第十一届委员会); an ordinal written
# after a body is the meeting's, not the body's (市委六届二次全会 → 市委). Longest first; 委员会 only after a
# party's or a consultative conference's name (TERM_COMMITTEE_OWNERS). A level's committee after a term (十二届市委) is
# left to the model: the pages annotate it both ways (with its term, and as the bare 市委 of 四届区委第十轮巡察).
TERM_ORDINAL = "届"
TERM_BODIES = ("人民代表大会常务委员会", "人民代表大会主席团", "人民代表大会", "人大常委会", "人大主席团", "人大")
TERM_COMMITTEE = "委员会"
TERM_COMMITTEE_OWNERS = ("中国人民政治协商会议", "中国共产党", "政协", "中共")
# What makes a number before 届 no ordinal (新一届, 本届, 历届, 上一届 班子: a term, not a name's).
NOT_ORDINAL_BEFORE = "新上下本历每这该同首"
# Posts after a termed body: the title drops the ordinal (ANNOTATION.md section 6: 十三届全国人大代表 → 全国人大代表),
# so the termed body before them is no ORG (某州第十四届人大代表 → TITLE 人大代表, 镇第八届人大主席团成员 → TITLE
# 人大主席团成员).
TERM_BODY_POSTS = ("代表", "成员")
# A congress named by its term alone is the place's that convenes it (某镇召开第五届人民代表大会第一次会议 → LOCATED_IN
# 某镇, ANNOTATION.md section 3: the organization belongs to that place): the verb between them, with its adverb.
CONVENE_VERBS = ("召开", "举行")
CONVENE_ADVERBS = ("隆重", "顺利", "胜利", "正式")
# A party congress named with its session (次): a meeting, no ORG; the party and the place in its name stay
# (中国共产党某镇第十一次代表大会 → ORG 中国共产党 + GPE 某镇; ANNOTATION.md section 1, section 6).
SESSION_ORDINAL = "次"
PARTY_CONGRESSES = ("全国代表大会", "党员代表大会", "代表大会", "党代会")
# The congress's short name is a meeting wherever it stands (县党代会, 市第五次党代会).
MEETING_NAMES = ("党代会",)

# Bodies that, written alone, are a generic reference and no ORG (党委书记 is a TITLE, 党委 alone no ORG).
GENERIC_BODIES = frozenset({"党委", "党工委", "纪委", "纪工委", "监委", "党支部", "党总支", "党组"})

# National bodies: organizations of their own, never relative (全国政协副主席 is ORG + TITLE).
NATIONAL_BODIES = (
    "党中央", "中共中央", "国务院", "全国人大", "全国人大常委会", "全国政协", "中央军委", "中央纪委",
    "国家监委", "中国共产党", "中央政治局", "中央办公厅", "国务院办公厅", "中央组织部", "中央宣传部",
)

# A government's head, written with the level unit: 市长, 副县长, 常务副区长, 代县长 (acting
# heads too: without them 代县长 reads as the county 代县 + 长). Body: <level>政府.
HEAD_MODIFIERS = ("", "副", "常务副", "代", "代理")
HEAD_BODY = "政府"

# A committee department written without its level (宣传部部长 after a stacked 市委常委).
COMMITTEE_DEPARTMENTS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("组织部", "宣传部", "统战部", "社工部"), DEPARTMENT_ROLES),
    (("政法委",), ("书记", "副书记")),
    (("办公室", "编办", "网信办", "巡察办", "农办", "政研室"), OFFICE_ROLES),
)

# Departments of their own, not of a party committee, though written with 部 (人武部: the armed forces'): a post of
# one stacked after a committee's title is not in that committee (县委常委、人武部部长 → 县人武部).
NOT_COMMITTEE_DEPARTMENTS = ("人武部", "武装部")

# ---- titles ------------------------------------------------------------------

# Heads of any agency: a post on its own (局长 after ORG 县公安局).
AGENCY_HEADS = (
    "局长", "副局长", "厅长", "副厅长", "处长", "副处长", "科长", "副科长", "主任", "副主任", "所长",
    "站长", "院长", "副院长", "校长", "副校长", "社长", "总编辑", "台长", "馆长", "会长", "副会长",
    "理事长", "秘书长", "检察长", "副检察长", "庭长", "审判长", "司令员", "政委", "政治委员", "参谋长",
)
# What a post is written with in front (ANNOTATION.md section 6, titles with modifiers: 代理县长): each
# agency head also stands with these (副政委, 常务主任, 代秘书长, 常务副院长), as written.
HEAD_POST_MODIFIERS = ("副", "常务", "常务副", "代", "代理")
# Deputies of a congress or a political consultative conference, written with the level (市人大代表)
# or the level and 级 (旗级人大代表); their body is the level's 人大 or 政协 (ANNOTATION.md section 1).
DEPUTY_TITLES = (("人大代表", "人大"), ("政协委员", "政协"))
# Titles that stand alone (collective leader terms, national posts, village posts).
STANDALONE_TITLES = (
    "总书记", "国家主席", "国家副主席", "总理", "副总理", "国务委员", "委员长", "副委员长", "外交部长",
    "部长", "副部长", "省领导", "市领导", "州领导", "县领导", "区领导", "镇领导", "乡领导", "党和国家领导人",
    "中央领导", "村支书", "支部书记", "村主任", "村委会主任", "村党支部书记", "社区书记", "社区主任",
    "第一书记", "驻村第一书记", "驻村工作队队长", "人大主席", "人大副主席", "政协主席", "纪委书记",
    "监委主任", "纪委监委主任", "组织部长", "宣传部长", "统战部长", "政法委书记", "常务副市长",
    "常务副县长", "常务副区长", "常务副省长", "市长助理", "县长助理", "党委书记", "党委副书记",
    "党组书记", "党组副书记", "党组成员", "党委委员", "巡视员", "副巡视员", "调研员", "书记", "副书记",
    "秘书长", "副秘书长", "董事长", "总经理", "副总经理", "乡镇党委书记", "乡镇党委副书记",
    "乡镇长", "乡镇党政主要负责人", "县级领导", "市级领导", "区级领导", "县委领导", "市委领导", "区委领导",
    "人大代表", "政协委员", "全国人大代表", "全国政协委员", "乡镇书记", "乡(镇)长", "乡（镇）长", "县(市)委书记",
    "县（市）委书记", "党(工)委书记", "党（工）委书记", "一级巡视员", "二级巡视员", "一级调研员", "二级调研员",
    "三级调研员", "四级调研员", "自治区党委书记", "自治区党委副书记", "自治区党委常委", "自治区主席",
    # a 街道's party working committee: its posts only, as 人大街道工委 is the congress's committee, no 街道工委
    "街道工委书记", "街道工委副书记",
    "自治区副主席", "管委会主任", "管委会副主任", "管委会常务副主任", "工委书记", "工委副书记",
    # military deputies (师长 alone is as often a teacher, 团长 a delegation's head), and the party
    # committees of the 兵团's divisions and regiments (师党委常委)
    "副军长", "副师长", "副旅长", "副团长",
    # the members of a town's or a village's party committee by their charge, and the head of its armed-forces
    # department (镇宣传委员, 村党支部组织委员, 镇武装部长): posts, never bodies. Not 人武部部长: 县人武部 is a
    # body of its own before its post (ANNOTATION.md section 2: 县人武部部长 is one TITLE with its body)
    "组织委员", "宣传委员", "政法委员", "纪检委员", "统战委员", "武装部长",
    "师党委书记", "师党委副书记", "师党委常委", "团党委书记", "团党委副书记", "团党委常委",
)
# Posts of a village written after a bare 村 (12个村支部书记, 本村支部书记): one TITLE with it. Not in the
# lexicon, where 村 would be cut off a village's name (望山村 + 支部书记); `kg_entity_merger` joins them.
VILLAGE_TITLES = frozenset({"村支部书记", "村书记", "村党支部书记", "村主任", "村委会主任", "村第一书记"})
# Roles of a byline or credit line (ANNOTATION.md sections 1, 2, 6): jobs, not posts. Each name after one
# is a PERSON (记者 杨晓, 编辑/周瑞, 实习记者郝学文); the role itself is never a TITLE, nor the title of a
# HOLDS_TITLE. `kg.lexicon.generate` makes the pattern (BYLINE_ROLE) and `is_job_role` from these rows.
BYLINE_ROLES = (
    "记者", "编辑", "责任编辑", "责编", "作者", "撰稿", "通讯员", "通迅员", "审核", "初审", "复审", "终审", "一审",
    "二审", "三审", "校对", "摄影", "摄像", "供稿", "文字", "图片", "视频", "监制", "制作",
)
# What a byline role may open with (实习记者, 本报通讯员, 融媒体记者).
BYLINE_ROLE_PREFIXES = ("实习", "见习", "特约", "首席", "本报", "本台", "融媒体", "融媒", "新媒体")
# Other roles that are jobs, not posts: never a TITLE, even where the NER says so.
OTHER_JOBS = frozenset({"志愿者"})
# Who is in charge, said of no post (相关负责人, 企业负责人, 主要负责同志): a generic reference, never a TITLE.
IN_CHARGE_SUFFIXES = ("负责人", "负责同志")
# Bare posts: a title that names no body (书记 after ORG 县委 → the guideline's 县委书记).
BARE_TITLES = frozenset({"书记", "副书记", "主席", "副主席", "主任", "副主任", "局长", "副局长", "部长", "副部长",
                         "领导", "党委书记", "党工委书记", "常委", "委员", "秘书长", "副秘书长", "院长", "副院长"})
# Institutions whose bare name before the work it does (人大工作, 政协协商民主) names their kind, not one body.
INSTITUTION_KINDS = ("人大", "政协")
WORK_WORDS = ("工作", "各项工作", "协商", "事业", "制度", "履职")
# What makes a collective leader term (镇领导, 党政领导) the leadership team, a body, rather than a title: 领导班子.
LEADERSHIP_TEAM = "班子"
# Titles whose holder is a national official (jurisdiction 中国), and the prefixes that make one.
NATIONAL_TITLES = frozenset({
    "总书记", "国家主席", "国家副主席", "总理", "国务院总理", "副总理", "国务院副总理", "国务委员",
    "外交部长", "外交部部长", "外长", "中央军委主席", "全国人大常委会委员长", "全国政协主席",
})
NATIONAL_TITLE_PREFIXES = ("国家", "国务院", "中央", "中共中央", "全国")
# Verbs that follow a name in news prose; a PERSON span that swallowed the start of one
# (吴静作工作部署, 苏明检查, 冯晓汇报) is cut back to the name.
VERBS_AFTER_NAME = ("主持", "汇报", "检查", "表示", "强调", "指出", "要求", "出席", "陪同", "参加", "带队",
                     "调研", "介绍", "宣读", "讲话", "发言", "会见", "看望", "慰问", "到", "在", "作", "说")
# Posts after a name that are verbs there (罗增斌代表市委...).
VERB_TITLES = frozenset({"代表"})
# Suffixes that make a corpus "position" an official's title rather than an occupation
# (学生, 选手, 投资者 are positions in CLUENER but not titles in ANNOTATION.md).
OFFICIAL_SUFFIXES = (
    "书记", "长", "主任", "主席", "委员", "常委", "领导", "秘书", "干部", "代表", "总理", "部长", "巡视员",
    "调研员", "总监", "经理", "董事", "理事", "记者", "通讯员", "政委", "发言人", "负责人", "专员", "参事",
)
# Words that qualify the title after them rather than naming a body (常务副主任 is one title).
TITLE_MODIFIERS = frozenset(
    "副 常务 常务副 代 代理 名誉 名誉副 原 前 总 执行 执行副 专职 专职副 首席 高级 助理 候补 第一 第一副 驻会 兼职 主管 分管".split()
)

# The modifier of a former post written alone before it (原 | 第一书记, 市委原 | 常委): one TITLE with the post
# (kg.pipeline.merge), as the tokenizer writes it apart from the titles of its lexicon.
FORMER_MODIFIERS = ("原",)

# Generic roles that the official-title filter leaves out of the lexicon but that end
# many corpus titles (人力资源部经理 is a department + 经理).
ROLE_WORDS = frozenset(
    "经理 总经理 副经理 总监 副总监 负责人 主席 代表 人大代表 干部 秘书 委员 常委 董事 董事长 主任 部长 局长 会长 理事 专员 领导 书记 班长 矿长 股长 室长".split()
)

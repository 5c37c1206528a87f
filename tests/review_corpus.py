"""Synthetic folders of units' reports for the reviewer's desk: tests, benchmarks and the
screenshots. Every sentence is recombined from word lists written here, so two reports
share text only where it is planted — copies with the names, years and figures changed, a
pair sharing exactly some paragraphs, last year's report recycled — and where every
report shares it (the usual opening, standard formulations): the boilerplate.

    folder = build_folder(tmp_path, count=12, chars=2500, seed=1)
    folder.copied, folder.three, folder.recycled  # the planted pairs (paths)
"""

from __future__ import annotations

import random
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

PLACE_FIRST = "红青东西南北柳桃杏桂枫松石金银清明安平宁和兴华新长永富丰双白黄龙凤"
PLACE_SECOND = "河山湖溪坪岭源泉桥湾田林园庄塘屯营台店港"
BUREAUS = ["教育", "卫健", "文旅", "交通运输", "水利", "农业农村", "民政", "财政", "自然资源",
           "市场监管", "住建", "人社", "司法", "统计", "林业", "应急管理", "生态环境", "商务",
           "审计", "医保", "体育", "科技", "工信", "信访"]
ADVERBS = ["扎实", "深入", "持续", "全面", "认真", "积极", "切实", "着力", "不断", "大力", "稳步",
           "精心", "及时", "主动", "广泛", "常态化", "有序", "统筹", "重点", "分层分类", "高标准"]
VERBS = ["推进", "开展", "组织", "落实", "加强", "完善", "健全", "规范", "深化", "抓好", "强化",
         "创新", "建立", "实施", "推动", "部署", "举办", "督促", "指导", "排查", "整治", "宣讲",
         "培训", "走访", "召开", "研究", "制定", "修订", "优化", "打造", "组建", "编印"]
OBJECTS = ["理论宣讲", "专题学习", "集中研讨", "舆情监测", "阵地排查", "网评员队伍建设",
           "新媒体平台管理", "宣传栏更新", "文化广场活动", "道德讲堂", "志愿服务活动", "主题党日",
           "警示教育", "读书班", "微党课比赛", "红色教育基地参观", "入户走访", "政策解读",
           "典型选树", "家风家训宣传", "移风易俗", "网络文明建设", "信息发布审核", "公众号巡查",
           "意见建议征集", "谈心谈话", "问题清单", "责任清单", "考核办法", "工作台账",
           "联席会议制度", "风险隐患排查", "应急处置预案", "培训课程", "宣传册", "展板",
           "文艺汇演", "乡村大舞台", "百姓宣讲团", "青年理论小组", "老干部座谈会", "农家书屋管理",
           "校园文化建设", "居民议事会", "文明实践活动", "法治讲座", "廉政谈话", "网格化服务"]
AUDIENCES = ["党员干部", "机关干部", "村组干部", "青年职工", "离退休党员", "中小学生", "新就业群体",
             "网格员", "志愿者", "群众代表", "农村党员", "流动党员", "企业职工", "一线干部",
             "窗口人员", "妇女代表", "致富带头人", "返乡青年"]
TIMES = ["上半年", "今年以来", "年初", "一季度", "二季度", "围绕重要节点", "结合工作实际", "在此基础上",
         "与此同时", "针对薄弱环节", "按照年度计划", "对照上级要求", "根据职责分工", "利用农闲时节"]
THEMES = ["学思想、强党性", "文明新风进万家", "理论润心", "书香机关", "清风廉韵", "网络净化",
          "我们的节日", "奋进新征程", "好家风好家训", "青春心向党", "法治进万家", "强国复兴有我",
          "红色故事会", "邻里守望", "小手拉大手", "文化惠民"]
MEASURES = ["次", "场", "期", "篇", "条", "份", "人次", "个", "项", "名"]
EFFECTS = ["干部群众的思想认识明显提高", "营造了风清气正的良好氛围", "各项工作取得明显成效",
           "工作的针对性和实效性进一步增强", "形成了齐抓共管的工作格局", "凝聚了干事创业的共识",
           "群众满意度明显提升", "筑牢了意识形态安全防线", "为中心工作提供了有力保障",
           "推动各项任务落地见效", "基层阵地作用得到充分发挥", "正面声音更加响亮"]
# Standard formulations: each report uses a few, so they are in many units' reports.
FORMULATIONS = [
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神",
    "增强“四个意识”、坚定“四个自信”、做到“两个维护”",
    "牢牢掌握意识形态工作领导权、管理权、话语权",
    "把意识形态工作纳入党建工作责任制，纳入领导班子、领导干部目标管理的重要内容",
    "做到与业务工作同部署、同落实、同检查、同考核",
    "坚持团结稳定鼓劲、正面宣传为主，唱响主旋律、弘扬正能量",
    "培育和践行社会主义核心价值观，推动形成向上向善的社会风尚",
    "严守政治纪律和政治规矩，严守组织纪律和宣传纪律",
]
OPENING = ("{year}年上半年，{unit}坚持以习近平新时代中国特色社会主义思想为指导，认真落实意识形态"
           "工作责任制，牢牢掌握意识形态工作领导权，现将有关情况报告如下。")
HEADINGS = {
    "leadership": ["加强组织领导，压实主体责任", "强化领导责任，健全工作机制",
                   "落实领导责任制，强化责任担当"],
    "study": ["强化理论武装，抓好学习教育", "深化理论学习，筑牢思想根基", "抓实中心组学习，提升理论水平"],
    "positions": ["加强阵地建设和管理", "规范宣传文化阵地管理", "抓好基层阵地建设"],
    "network": ["维护网络意识形态安全", "加强网络舆情管理", "做好网络宣传和舆情处置"],
    "guidance": ["做好新闻宣传和舆论引导", "加强对外宣传，讲好本地故事", "强化正面宣传和舆论引导"],
}
PROBLEMS = ["理论学习的深度还不够，学用结合不够紧密", "网络舆情应对能力有待提升，专业人才不足",
            "基层阵地管理还存在薄弱环节", "宣传形式比较单一，吸引力不强", "个别干部对意识形态工作重视不够",
            "工作台账不够规范，资料归档不及时", "分析研判的频次和深度不够", "典型宣传挖掘不深、推广不够"]
NEXT = ["持续深化理论武装", "加强网络阵地管理", "压紧压实工作责任", "创新宣传方式方法",
        "加强队伍建设", "健全分析研判机制", "抓好问题整改落实"]
NUMERALS = "一二三四五六七八九十"


def place_name(rng: random.Random) -> str:
    return rng.choice(PLACE_FIRST) + rng.choice(PLACE_SECOND)


def unit_name(rng: random.Random, number: int) -> str:
    """A unit whose name is unique among the first 3,360 numbers (and varied from one
    number to the next): a mixed-radix reading of ``number``, shuffled."""
    first = number % len(PLACE_FIRST)
    second = (number // len(PLACE_FIRST) + first) % len(PLACE_SECOND)
    cycle = number // (len(PLACE_FIRST) * len(PLACE_SECOND))
    place = PLACE_FIRST[first] + PLACE_SECOND[second]
    forms = [f"{place}镇党委", f"{place}乡党委", f"{place}街道党工委",
             f"{place}县{BUREAUS[number % len(BUREAUS)]}局党组", f"{place}社区党委"]
    if cycle >= len(forms):
        return f"{place}{cycle}村党支部"
    return forms[(cycle + number) % len(forms)]


def clause(rng: random.Random) -> str:
    shape = rng.randrange(6)
    if shape == 0:
        return f"{rng.choice(ADVERBS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
    if shape == 1:
        return (f"{rng.choice(TIMES)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
                f"{rng.randint(2, 60)}{rng.choice(MEASURES)}")
    if shape == 2:
        return (f"组织{rng.choice(AUDIENCES)}参加“{rng.choice(THEMES)}”{rng.choice(OBJECTS)}，"
                f"覆盖{rng.randint(30, 3000)}人次")
    if shape == 3:
        return f"到{place_name(rng)}村{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
    if shape == 4:
        return f"{rng.choice(VERBS)}{rng.choice(AUDIENCES)}{rng.choice(OBJECTS)}{rng.choice(OBJECTS)}"
    return rng.choice(EFFECTS)


def sentence(rng: random.Random) -> str:
    parts = [clause(rng) for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.12:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(FORMULATIONS))
    return "，".join(parts) + "。"


def body_paragraph(rng: random.Random, size: int) -> str:
    text = ""
    while len(text) < size:
        text += sentence(rng)
    return text


@dataclass
class Report:
    unit: str
    year: int
    paragraphs: list[str]


def make_report(rng: random.Random, unit: str, year: int, chars: int = 6000, *,
                placeholders: bool = False, drop_problems: bool = False, junk: bool = False
                ) -> Report:
    """A half-year 意识形态工作总结 of about ``chars`` characters: title, the usual opening,
    five numbered parts with body paragraphs, problems, next steps, 落款 and date."""
    paragraphs = [f"{unit}{year}年上半年意识形态工作总结"]
    if junk:
        paragraphs.insert(0, "仅供学习交流 禁止外传 更多范文请加会员群")
    paragraphs.append(OPENING.format(year=year, unit=unit))
    paragraphs.append("一、工作开展情况")
    parts = list(HEADINGS)
    per_part = max(1, (chars - 600) // (len(parts) * 260))
    for number, part in enumerate(parts):
        paragraphs.append(f"（{NUMERALS[number]}）{rng.choice(HEADINGS[part])}")
        for _ in range(per_part):
            paragraphs.append(body_paragraph(rng, rng.randint(180, 320)))
    if placeholders:
        paragraphs[4] = paragraphs[4].replace("。", "，全年开展XX次。", 1)
    if not drop_problems:
        paragraphs.append("二、存在问题")
        picked = rng.sample(PROBLEMS, 3)
        paragraphs.append("；".join(f"{NUMERALS[i]}是{p}" for i, p in enumerate(picked)) + "。")
    paragraphs.append("三、下一步工作打算")
    for number, step in enumerate(rng.sample(NEXT, 3)):
        paragraphs.append(f"（{NUMERALS[number]}）{step}。{body_paragraph(rng, 90)}")
    paragraphs += ["", unit, f"{year}年7月{rng.randint(1, 20)}日"]
    return Report(unit, year, paragraphs)


def changed(text: str, rng: random.Random, old_unit: str, new_unit: str, years: int) -> str:
    """A paragraph as a copier leaves it: the unit replaced, years moved, every figure
    changed, village names swapped."""
    text = text.replace(old_unit, new_unit)
    text = re.sub(r"(?:19|20)\d\d(?=年)", lambda m: str(int(m.group(0)) + years), text)
    text = re.sub(r"(?<![\d年])\d{1,4}(?![\d年])", lambda m: str(rng.randint(2, 3000)), text)
    return re.sub(r"到..村", lambda m: f"到{place_name(rng)}村", text)


def recycle(source: Report, rng: random.Random, unit: str | None = None, years: int = 0,
            keep: float = 0.85) -> Report:
    """A copy of ``source`` with names, years and figures changed; ``1 - keep`` of its body
    paragraphs rewritten with new text."""
    unit = unit or source.unit
    paragraphs = []
    for number, text in enumerate(source.paragraphs):
        long_body = len(text) > 120 and number > 1
        if long_body and rng.random() > keep:
            paragraphs.append(body_paragraph(rng, len(text)))
        else:
            paragraphs.append(changed(text, rng, source.unit, unit, years))
    return Report(unit, source.year + years, paragraphs)


def share_paragraphs(source: Report, target: Report, numbers: list[int], rng: random.Random
                     ) -> tuple[Report, list[int]]:
    """``target`` with its body paragraphs at the same places replaced by copies (names and
    figures changed) of ``source``'s paragraphs ``numbers``; the target's paragraph numbers."""
    paragraphs = list(target.paragraphs)
    bodies = [i for i, t in enumerate(paragraphs) if len(t) > 120 and i > 1]
    places = sorted(rng.sample(bodies, len(numbers)))
    for place, number in zip(places, numbers):
        paragraphs[place] = changed(source.paragraphs[number], rng, source.unit, target.unit, 0)
    return Report(target.unit, target.year, paragraphs), places


# ---------------------------------------------------------------- files


def write_txt(path: Path, paragraphs: list[str]) -> Path:
    path.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 'relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    """A minimal WordprocessingML package (what Word needs to open it): one w:p a paragraph."""
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(t)}</w:t></w:r></w:p>"
                   if t else "<w:p/>" for t in paragraphs)
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"<w:body>{body}<w:sectPr/></w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", RELS)
        package.writestr("word/document.xml", document)
    return path


def write_report(path: Path, report: Report) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = write_docx if path.suffix == ".docx" else write_txt
    return writer(path, report.paragraphs)


# ---------------------------------------------------------------- folders


@dataclass
class Folder:
    current: Path
    earlier: Path
    reports: dict[Path, Report] = field(default_factory=dict)
    copied: list[tuple[Path, Path]] = field(default_factory=list)  # (original, copy)
    three: tuple[Path, Path, list[int], list[int]] | None = None  # a, b, a's and b's paragraphs
    recycled: list[tuple[Path, Path]] = field(default_factory=list)  # (current, earlier)

    @property
    def planted(self) -> set[frozenset[str]]:
        pairs = [*self.copied, *self.recycled]
        if self.three:
            pairs.append(self.three[:2])
        return {frozenset(map(str, p)) for p in pairs}


def build_folder(root: Path, count: int = 12, chars: int = 2500, seed: int = 1, *,
                 copies: int = 1, recycles: int = 1, earlier_extra: int = 1,
                 docx_every: int = 3, defects: bool = True) -> Folder:
    """``count`` current reports under root/本期 (every ``docx_every``-th a .docx) and
    their predecessors under root/往年: ``copies`` reports copied from another unit with
    names/years/figures changed, one pair sharing exactly three paragraphs (when count ≥ 6),
    ``recycles`` units that recycled last year's report, ``earlier_extra`` unrelated old ones."""
    rng = random.Random(seed)
    folder = Folder(root / "本期", root / "往年")
    reports: list[tuple[Path, Report]] = []
    for number in range(count):
        unit = unit_name(rng, number + seed * 7)
        suffix = ".docx" if docx_every and number % docx_every == docx_every - 1 else ".txt"
        report = make_report(rng, unit, 2024, chars, placeholders=defects and number % 5 == 3,
                             drop_problems=defects and number % 7 == 5, junk=defects and number % 9 == 4)
        reports.append((folder.current / f"{number + 1:04d}-{unit}{suffix}", report))
    for number in range(copies):
        original_path, original = reports[number]
        copy_path, copy = reports[count - 1 - number]
        reports[count - 1 - number] = (copy_path, recycle(original, rng, copy.unit, 0, 0.8))
        folder.copied.append((original_path, copy_path))
    if count >= 6:
        a_path, a = reports[copies]
        b_path, b = reports[copies + 1]
        bodies = [i for i, t in enumerate(a.paragraphs) if len(t) > 120 and i > 1]
        numbers = sorted(rng.sample(bodies, 3))
        b, places = share_paragraphs(a, b, numbers, rng)
        reports[copies + 1] = (b_path, b)
        folder.three = (a_path, b_path, numbers, places)
    for number in range(recycles):
        path, report = reports[copies + 2 + number]
        old = make_report(rng, report.unit, 2023, chars)
        reports[copies + 2 + number] = (path, recycle(old, rng, report.unit, 1, 0.75))
        old_path = folder.earlier / f"{report.unit}-2023{path.suffix}"
        write_report(old_path, old)
        folder.reports[old_path] = old
        folder.recycled.append((path, old_path))
    for number in range(earlier_extra):
        unit = unit_name(rng, 5000 + number)
        old_path = folder.earlier / f"{unit}-2023.txt"
        folder.reports[old_path] = make_report(rng, unit, 2023, chars)
        write_report(old_path, folder.reports[old_path])
    for path, report in reports:
        write_report(path, report)
        folder.reports[path] = report
    return folder

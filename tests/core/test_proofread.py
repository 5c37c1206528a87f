"""The proofreader: its data files (parsed, validated, examples checked), its engine on
real sentences, and the families built on it."""

from pathlib import Path

import pytest

from gongwen.core.checklist import ChecklistError
from gongwen.core.ignores import Ignores
from gongwen.core.profile import Profile
from gongwen.core.proof.data import ProofData, parse_lexicon, parse_proof_toml, parse_shapes
from gongwen.core.proof.engine import proofread
from gongwen.core.proof.examples import check_examples
from gongwen.core.proof.index import build_index
from gongwen.proof_cache import data_files, load_proofreader

from support import REPO

HEAD = "某县文旅局2024年意识形态工作总结\n"


def proof(report):
    from gongwen.core.rules.typo import proof_index  # noqa: F401  (the family's own import)

    rules = {"wording.core-title", "wording.theory-name", "wording.theory-title", "wording.book-title",
             "wording.book-excerpts", "wording.doubled", "wording.doubled-de", "date.anachronism"}
    return [(f.rule, f.text, f.fix) for f in report.findings
            if f.category == "typo" or f.rule in rules or f.rule.startswith("wording.set-")]


# ---------------------------------------------------------------- the data


def test_builtin_data_examples_hold_with_jieba(segmenter):
    data = ProofData()
    for path in data_files(REPO / "checklists"):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            data = data.merge(parse_proof_toml(text, str(path)))
        elif path.name == "shapes.txt":
            data.shapes += parse_shapes(text, str(path))
        else:
            data.entries += parse_lexicon(text, str(path))
    assert len(data.pairs) >= 300 and len(data.entries) >= 3000
    assert check_examples(build_index(data), data, segmenter) == []


def test_every_pair_names_its_source():
    data = parse_proof_toml((REPO / "checklists/proof/typo.toml").read_text(encoding="utf-8"), "typo.toml")
    assert all(p.source for p in data.pairs)
    assert all(p.bad and p.good for p in data.pairs)


PAIRS = '''category = "typo"
[[check]]
id = "typo.pair"
severity = "error"
message = "“{text}”应为“{fix}”"
[[group]]
source = "测试"
pairs = [
  { wrong = "布署", right = "部署", eg = "认真～" },
  { wrong = "截止", right = "截至", after = "[0-9]", eg = "～目前" },
  { wrong = "好", right = "好" },
  { wrong = "按步", right = "按部", after = "(" },
]
'''


def test_pair_problems_name_file_and_line():
    with pytest.raises(ChecklistError) as caught:
        parse_proof_toml(PAIRS, "typo.toml")
    problems = "\n".join(caught.value.problems)
    assert "typo.toml:11: 词对“好”→“好”应有不同的 wrong 和 right" in problems
    assert "typo.toml:12: 正则表达式“(”无效" in problems


def test_an_example_that_fails_is_reported_at_its_line():
    text = PAIRS.replace('  { wrong = "好", right = "好" },\n', "").replace(
        'after = "(" }', 'after = "X", eg = "～就班" }')
    data = parse_proof_toml(text, "typo.toml")
    problems = check_examples(build_index(data), data)
    # 截止目前: its context says a digit must follow, so its own bad example is not flagged
    assert any(p.startswith("typo.toml:10:") and "截止" in p for p in problems)
    assert any(p.startswith("typo.toml:11:") and "按步" in p for p in problems)


def test_lexicon_and_shape_lines_are_checked():
    entries = parse_lexicon("# comment\n[term]\n新质生产力  2023-09\n中国式现代化\n", "terms.txt")
    assert [(e.text, e.since, e.where) for e in entries] == [
        ("新质生产力", (2023, 9), "terms.txt:3"), ("中国式现代化", None, "terms.txt:4")]
    with pytest.raises(ChecklistError) as caught:
        parse_lexicon("[term]\n新质生产力 2023年9月\nabc\n[slogan]\n", "terms.txt")
    assert caught.value.problems == ["terms.txt:2: 日期“2023年9月”应写作 YYYY-MM",
                                     "terms.txt:3: “abc”应只含汉字（和顿号）",
                                     "terms.txt:4: 未知的类别 [slogan]（应为 term / idiom / fixed / set）"]
    with pytest.raises(ChecklistError):
        parse_shapes("己\n", "shapes.txt")


# ---------------------------------------------------------------- the engine on sentences


@pytest.mark.parametrize("sentence, flagged", [
    ("按照计划按步就班推进", ("typo.pair", "按步就班", "按部就班")),
    ("认真贯切落实中央精神", ("typo.pair", "贯切", "贯彻")),
    ("笫一议题制度己经落实", ("typo.pair", "笫", "第")),
    ("截止2024年6月底，共开展活动12次", ("typo.pair-context", "截止", "截至")),
    ("党委做出重大决策部署", ("typo.pair-context", "做出", "作出")),
    ("培育和践行社会主义核心价直观", ("typo.term", "社会主义核心价直观", "社会主义核心价值观")),
    ("扎实推进乡村振新", ("typo.term", "乡村振新", "乡村振兴")),
    ("工作一丝不芶", ("typo.idiom", "一丝不芶", "一丝不苟")),
    ("要末雨绸缪，防范风险", ("typo.idiom", "末雨绸缪", "未雨绸缪")),  # look-alike, not sound-alike
    ("深刻领悟“两个确力”的决定性意义", ("wording.set-misspelt", "两个确力", "两个确立")),
    ("各项工作开展的很扎实。", ("typo.de-complement", "的", "得")),
    ("全体党员认真的学习了党章。", ("typo.de-adverbial", "的", "地")),
])
def test_flagged(audit_text, sentence, flagged):
    assert flagged in proof(audit_text(HEAD + sentence))


@pytest.mark.parametrize("sentence", [
    "自己经常深入基层调研，知己知彼。",  # 己经 inside 自己经常
    "这句话有四个意思，大家要准确理解。",  # 四个意思 is not 四个意识
    "这是在人为制造矛盾。",  # not 事在人为
    "报名截止时间为6月30日，截止到目前已有20人报名。",
    "我们做的很多工作还不够细。",  # 的 of a noun phrase
    "要进行认真的学习。",
    "对于以上问题，由于以往重视不够，关于以后的工作另行部署。",  # 于以 inside 对于以上
    "刘教授于2020年退休，甚至使用了新方法，研究竞争力。",  # 授于 / 至使 / 究竞
    "预防犯罪，筚路蓝缕，不能自已。",
    "坚持和发展新时代中国特色社会主义。",
    "以毛泽东同志为核心的党的第一代中央领导集体。",
    "学习贯彻习近平总书记重要讲话和重要指示批示精神。",
    "的的确确达到了目的的要求。",
    # wrong forms that a sentence can spell across two words
    "推行阳光采购，发展特色采摘，记录相关情况，立刻划拨资金，一笔划拨到位。",
    "交通迅速发展，通讯速度提高，一座落成的纪念馆，一份内容翔实的报告。",
    "大冶安全生产形势平稳，面对严峻工作形势，一贯切实履行职责，良好象征意义。",
    "数据来自已有统计，各自已经完成，同时侯书记指出，慰问侯大爷，向上级汇报导致延误，以白衣著称。",
])
def test_not_flagged(audit_text, sentence):
    assert proof(audit_text(HEAD + sentence)) == []


def test_formulations(audit_text):
    text = HEAD + ("紧密团结在以总书记同志为核心的党中央周围，深入学习贯彻新时代中国特色社会主义思想，"
                   "研读《谈治国理政》第四卷，学习习近平总书记总书记重要讲话。\n"
                   "增强“四个意识”（政治意识、大局意识、核心意思、看齐意识），坚定“三个自信”。")
    found = proof(audit_text(text))
    assert ("wording.core-title", "以总书记同志为核心的党中央", "以习近平同志为核心的党中央") in found
    assert ("wording.theory-name", "新时代中国特色社会主义思想", "习近平新时代中国特色社会主义思想") in found
    assert ("wording.book-title", "《谈治国理政", "《习近平谈治国理政") in found
    assert ("wording.doubled", "总书记总书记", "总书记") in found
    assert ("wording.set-misspelt", "核心意思", "核心意识") in found
    assert ("wording.set-number", "三个自信", "四个自信") in found


def test_titles_and_profile_names_are_never_flagged(audit_text):
    text = HEAD + "学习《关于按步就班的若干意见》，到贯切村调研。"
    assert proof(audit_text(text, profile=Profile(region=("贯切村",)))) == []
    # the one exception: a book title with 习近平 stripped
    assert proof(audit_text(HEAD + "研读《谈治国理政》。"))[0][0] == "wording.book-title"


def test_allow_listed_word_is_hidden(catalog, segmenter):
    from gongwen.core.audit import Auditor
    from gongwen.core.parse import parse_text

    auditor = Auditor(catalog.get("ideology-summary"), catalog.pack, None, segmenter)
    document = parse_text(HEAD + "按照计划按步就班推进。")
    assert proof(auditor.audit(document))
    assert proof(auditor.audit(document, Ignores(words={"按步就班"}))) == []


def test_a_wording_swap_is_not_reported_twice(audit_text):
    found = [(r, t) for r, t, _ in proof(audit_text(HEAD + "坚持党管意识型态原则。"))]
    assert found == []  # wording.formulation (wording.toml) reports it


@pytest.mark.parametrize("title, text, flagged", [
    ("某局2023年上半年意识形态工作总结", "深入学习贯彻习近平文化思想。", True),
    ("某局2022年意识形态工作总结", "发展新质生产力。", True),
    ("某局2023年意识形态工作总结", "深入学习贯彻习近平文化思想。", False),
    ("某局2024年上半年意识形态工作总结", "学习进一步全面深化改革的部署。", False),  # July, before August
])
def test_dated_terms(audit_text, title, text, flagged):
    found = [f for f in audit_text(f"{title}\n{text}").findings if f.rule == "date.anachronism"]
    assert bool(found) is flagged


def test_engine_without_jieba_finds_pairs_and_term_near_misses(catalog):
    index = catalog.pack.proof
    hits = proofread(index, "加强意识形态阵第建设，按步就班推进")
    assert [(h.check, h.fix) for h in hits] == [("typo.term", "阵地建设"), ("typo.pair", "按部就班")]


# ---------------------------------------------------------------- the cache


def test_index_is_built_once_then_read(tmp_path):
    builtin = REPO / "checklists"
    first = load_proofreader(builtin, None, tmp_path)
    second = load_proofreader(builtin, None, tmp_path)
    assert first.built and not second.built
    assert second.index.key == first.index.key


def test_user_lexicon_extends_and_a_broken_user_file_is_reported(tmp_path):
    user = tmp_path / "user"
    (user / "proof" / "lexicon").mkdir(parents=True)
    (user / "proof" / "lexicon" / "ours.txt").write_text("[term]\n清风廉韵工程\n", encoding="utf-8")
    loaded = load_proofreader(REPO / "checklists", user, tmp_path / "cache")
    assert loaded.problems == []
    assert [h.fix for h in proofread(loaded.index, "推进清风廉运工程")] == ["清风廉韵工程"]
    (user / "proof" / "lexicon" / "broken.txt").write_text("[term]\n清风 2023年\n", encoding="utf-8")
    loaded = load_proofreader(REPO / "checklists", user, tmp_path / "cache")
    assert loaded.built and any("broken.txt:2:" in p for p in loaded.problems)
    assert proofread(loaded.index, "按步就班")  # the built-ins still work


def test_a_damaged_cache_is_rebuilt(tmp_path):
    load_proofreader(REPO / "checklists", None, tmp_path)
    (tmp_path / "proofreader.pickle").write_bytes(b"not a pickle")
    assert load_proofreader(REPO / "checklists", None, tmp_path).built


def test_data_files_are_shipped():
    names = {p.name for p in data_files(REPO / "checklists")}
    assert {"typo.toml", "formulation.toml", "terms.txt", "idioms.txt", "shapes.txt"} <= names
    assert Path(REPO / "checklists" / "proof" / "lexicon").is_dir()


def test_a_bundled_index_is_used_read_only(tmp_path):
    from gongwen.proof_cache import write_index

    bundled = write_index(tmp_path / "bundle" / "proofreader.pickle")
    loaded = load_proofreader(REPO / "checklists", None, tmp_path / "cache", bundled)
    assert not loaded.built and not (tmp_path / "cache").exists()

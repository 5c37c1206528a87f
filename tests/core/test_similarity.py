"""Recycled text across reports (gongwen.core.similarity): copies with names, years and
figures changed are found with their share and passages; boilerplate shared by many units
and the lexicon's set phrases never pair reports; the normalised text leads back to the
original offsets; review.toml is validated with file:line problems."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from gongwen.catalog import load_review_settings
from gongwen.core.checklist import ChecklistError
from gongwen.core.review_settings import parse_review_settings
from gongwen.core.similarity import (
    Normaliser,
    SimilarityIndex,
    SimilaritySettings,
    compare,
    find_similar,
)
from review_corpus import FORMULATIONS, make_report, recycle, share_paragraphs, unit_name


@pytest.fixture(scope="module")
def settings():
    loaded, problems = load_review_settings(Path("/nonexistent"))
    assert problems == []
    return loaded.similarity


def reports(count: int, seed: int = 3, chars: int = 2500):
    rng = random.Random(seed)
    return rng, [make_report(rng, unit_name(rng, n + 40), 2024, chars) for n in range(count)]


# ---------------------------------------------------------------- normalisation


def test_names_years_figures_and_punctuation_normalise_away(settings):
    normaliser = Normaliser(settings)
    first = normaliser.paragraph("2023年，红旗镇党委开展理论宣讲12场，覆盖群众3,000余人次。")[0]
    second = normaliser.paragraph("二〇二四年 青山镇党委开展理论宣讲十五场、覆盖群众4200余人次")[0]
    assert first == second
    assert normaliser.paragraph("开展理论宣讲12场")[0] != normaliser.paragraph("开展政策宣讲12场")[0]


def test_normalised_offsets_lead_back_to_the_original_text(settings):
    paragraphs = ["标题", "", "2023年，红旗镇开展理论宣讲12场，切实把党的创新理论送到田间地头。"]
    norm = Normaliser(settings).normalise(paragraphs, body=[2])
    assert list(norm.paragraphs) == [2]
    start = norm.text.index("开展理论宣讲")
    paragraph, begin, end = norm.original(start, start + len("开展理论宣讲"))
    assert paragraph == 2 and paragraphs[2][begin:end] == "开展理论宣讲"
    # a placeholder covers the whole token it stands for
    paragraph, begin, end = norm.original(0, 2)
    assert paragraphs[2][begin:end] == "2023年，红旗镇"


# ---------------------------------------------------------------- pairs


def test_copies_with_names_years_and_figures_changed_are_found_with_their_share(settings):
    rng, items = reports(10)
    full = recycle(items[0], rng, unit_name(rng, 900), years=0, keep=1.0)
    partial = recycle(items[1], rng, unit_name(rng, 901), years=0, keep=0.5)
    keyed = [(f"r{n}", r.paragraphs) for n, r in enumerate(items)]
    keyed += [("full-copy", full.paragraphs), ("half-copy", partial.paragraphs)]
    pairs = {frozenset((p.a, p.b)): p for p in find_similar(keyed, settings=settings)}
    assert set(pairs) == {frozenset(("r0", "full-copy")), frozenset(("r1", "half-copy"))}
    assert pairs[frozenset(("r0", "full-copy"))].share > 0.9
    rewritten = sum(1 for a, b in zip(items[1].paragraphs, partial.paragraphs)
                    if len(a) > 120 and a[:8] != b[:8])
    body = sum(1 for t in items[1].paragraphs if len(t) > 120)
    expected = 1 - rewritten / body
    assert abs(pairs[frozenset(("r1", "half-copy"))].share - expected) < 0.2


def test_a_pair_sharing_three_paragraphs_is_found_with_those_three(settings):
    rng, items = reports(8, seed=5)
    bodies = [i for i, t in enumerate(items[0].paragraphs) if len(t) > 120 and i > 1]
    numbers = sorted(rng.sample(bodies, 3))
    items[1], places = share_paragraphs(items[0], items[1], numbers, rng)
    pairs = find_similar([(n, r.paragraphs) for n, r in enumerate(items)], settings=settings)
    assert [(p.a, p.b) for p in pairs] == [(0, 1)]
    passages = pairs[0].passages
    assert sorted({p.a_paragraph for p in passages}) == numbers
    assert sorted({p.b_paragraph for p in passages}) == places
    for passage in passages:  # the spans are the copied text on both sides
        a_text = items[0].paragraphs[passage.a_paragraph]
        span = passage.spans[0]
        assert len(a_text[span.a_start:passage.spans[-1].a_end]) > 0.8 * len(a_text)


def boilerplate_reports(count: int, seed: int = 9):
    """Unrelated reports that all carry the same opening, the same standard formulations
    and the same closing paragraph: about a quarter of each report."""
    _rng, items = reports(count, seed=seed)
    shared = ["，".join(FORMULATIONS[:4]) + "。", "，".join(FORMULATIONS[4:]) + "。",
              "坚持问题导向，对照年初工作要点逐项梳理，认真查找工作中的短板弱项，"
              "以钉钉子精神抓好各项任务落实，推动意识形态工作责任制落地落实。"]
    for report in items:
        report.paragraphs[4:4] = shared
    return items


def test_unrelated_reports_sharing_only_boilerplate_are_not_paired(settings):
    items = boilerplate_reports(8)
    keyed = [(n, r.paragraphs) for n, r in enumerate(items)]
    assert find_similar(keyed, settings=settings) == []
    # the shared text is large enough to pair them when it is not learnt as boilerplate
    blind = replace(settings, boilerplate_min_reports=100, phrases=())
    assert len(find_similar(keyed, settings=blind)) == 8 * 7 // 2


def test_boilerplate_counts_units_not_reports(settings):
    """Four reports of one unit share text; that does not make it boilerplate."""
    rng, items = reports(6, seed=12)
    copies = [recycle(items[0], rng, items[0].unit, years=-n, keep=1.0) for n in range(1, 4)]
    keyed = [(n, r.paragraphs) for n, r in enumerate([*items, *copies])]
    owners = {n: r.unit for n, r in enumerate([*items, *copies])}
    pairs = find_similar(keyed, settings=settings, owners=owners)
    assert {frozenset((p.a, p.b)) for p in pairs} >= {frozenset((0, 6)), frozenset((0, 7))}
    assert find_similar(keyed, settings=settings) == []  # as six distinct units it is boilerplate


def test_a_template_many_units_used_pairs_each_with_one_of_them(settings):
    """21 of 80 units sent the same template (more than common_reports = 20, fewer than
    the 30 % of boilerplate): each copy is paired with one hub, not all 210 pairs."""
    rng, items = reports(59, seed=14, chars=1500)
    template = make_report(rng, "模板镇党委", 2024, 1500)
    copies = [(f"t{n:02d}", recycle(template, rng, unit_name(rng, 700 + n), keep=1.0).paragraphs)
              for n in range(21)]
    keyed = [(f"r{n:02d}", r.paragraphs) for n, r in enumerate(items)] + copies
    assert settings.common_reports == 20
    pairs = find_similar(keyed, settings=settings)
    assert sorted((p.a, p.b) for p in pairs) == [("t00", f"t{n:02d}") for n in range(1, 21)]
    assert all(p.share > 0.9 for p in pairs)


def test_set_phrases_of_a_lexicon_never_count(settings):
    phrase = ("坚持以人民为中心的发展思想，统筹推进各项工作任务，以钉钉子精神推动工作落实，"
              "不断增强人民群众的获得感、幸福感、安全感")
    _rng, items = reports(2, seed=21)
    for report in items:
        report.paragraphs[4:4] = [phrase + "。"] * 6
    keyed = [(n, r.paragraphs) for n, r in enumerate(items)]
    assert len(find_similar(keyed, settings=settings)) == 1
    assert find_similar(keyed, settings=settings, phrases=[phrase]) == []


def test_earlier_reports_are_b_and_never_paired_with_each_other(settings):
    rng, items = reports(5, seed=4)
    old = make_report(rng, items[2].unit, 2023, 2500)
    current = recycle(old, rng, items[2].unit, years=1, keep=0.9)
    keyed = [(f"c{n}", r.paragraphs) for n, r in enumerate(items[:2])] + [("c2", current.paragraphs)]
    earlier = [("old", old.paragraphs), ("old-twin", list(old.paragraphs))]
    pairs = find_similar(keyed, earlier, settings=settings)
    assert sorted((p.a, p.b, p.earlier) for p in pairs) == [("c2", "old", True), ("c2", "old-twin", True)]
    assert all(p.share > 0.7 for p in pairs)


def test_result_does_not_depend_on_the_order_reports_are_added(settings):
    rng, items = reports(8, seed=6)
    items[7] = recycle(items[0], rng, items[7].unit, keep=0.7)
    keyed = [(f"r{n}", r.paragraphs) for n, r in enumerate(items)]
    forward = find_similar(keyed, settings=settings)
    backward = find_similar(list(reversed(keyed)), settings=settings)
    assert forward == backward and len(forward) == 1


def test_index_accepts_normalised_text(settings):
    rng, items = reports(2, seed=8)
    items[1] = recycle(items[0], rng, items[1].unit, keep=1.0)
    index = SimilarityIndex(settings)
    index.add("a", index.normalise(items[0].paragraphs))
    index.add("b", items[1].paragraphs)
    assert [(p.a, p.b) for p in index.pairs()] == [("a", "b")]


# ---------------------------------------------------------------- one against one


def test_compare_gives_the_current_reports_recycled_share_and_passages(settings):
    rng = random.Random(31)
    old = make_report(rng, "红旗镇党委", 2023, 3000)
    current = recycle(old, rng, "红旗镇党委", years=1, keep=0.6)
    current.paragraphs += [make_report(rng, "红旗镇党委", 2024, 1500).paragraphs[5]]
    share, passages = compare(current.paragraphs, old.paragraphs, settings)
    assert 0.3 < share < 0.9
    normaliser = Normaliser(settings)
    for passage in passages:
        span = passage.spans[0]
        mine = current.paragraphs[passage.a_paragraph][span.a_start:span.a_end]
        theirs = old.paragraphs[passage.b_paragraph][span.b_start:span.b_end]
        assert normaliser.paragraph(mine)[0] == normaliser.paragraph(theirs)[0]
    assert compare(current.paragraphs, make_report(rng, "青山镇党委", 2023, 3000).paragraphs,
                   settings)[0] < 0.05


def test_a_kept_comparison_follows_edits_like_a_fresh_one(settings):
    from gongwen.core.similarity import Comparison

    rng = random.Random(32)
    old = make_report(rng, "红旗镇党委", 2023, 2500)
    current = recycle(old, rng, "红旗镇党委", years=1, keep=0.8).paragraphs
    kept = Comparison(old.paragraphs, settings)
    assert kept.compare(current) == compare(current, old.paragraphs, settings)
    for number in (4, 6, 8):  # rewrite paragraphs one by one, as a clerk would
        current[number] = make_report(rng, "红旗镇党委", 2024, 800).paragraphs[5]
        assert kept.compare(current) == compare(current, old.paragraphs, settings)


def test_compare_of_empty_texts_is_zero():
    assert compare([], ["一段文字"]) == (0.0, [])
    assert compare([""], [""]) == (0.0, [])


# ---------------------------------------------------------------- review.toml


def test_review_settings_report_file_and_line():
    text = '[similarity]\nshingle = 2\nbogus = 1\n\n[unit]\ntitle_cuts = ["("]\n'
    with pytest.raises(ChecklistError) as error:
        parse_review_settings(text, "review.toml")
    problems = error.value.problems
    assert any(p.startswith("review.toml:2: similarity.shingle") for p in problems)
    assert any(p.startswith("review.toml:3: ") and "bogus" in p for p in problems)
    assert any(p.startswith("review.toml:6: ") and "正则" in p for p in problems)


def test_review_settings_examples_are_checked():
    text = ('[normalise]\nsame = [["开展理论宣讲", "开展政策宣讲"]]\n'
            '[unit]\nexamples = [["县教育局意识形态工作专题报告", "县文旅局"]]\n')
    with pytest.raises(ChecklistError) as error:
        parse_review_settings(text, "review.toml")
    assert any(p.startswith("review.toml:2: normalise.same") for p in error.value.problems)
    assert any(p.startswith("review.toml:4: unit.examples") for p in error.value.problems)


def test_user_review_settings_override_only_their_keys(tmp_path):
    (tmp_path / "review.toml").write_text("[similarity]\nmin_share = 0.2\n", encoding="utf-8")
    loaded, problems = load_review_settings(tmp_path)
    builtin, _ = load_review_settings(Path("/nonexistent"))
    assert problems == []
    assert loaded.similarity.min_share == 0.2
    assert loaded.similarity.phrases == builtin.similarity.phrases
    (tmp_path / "review.toml").write_text("[similarity]\nmin_share = 5\n", encoding="utf-8")
    loaded, problems = load_review_settings(tmp_path)
    assert loaded.similarity.min_share == builtin.similarity.min_share
    assert problems and problems[0].startswith(f"{tmp_path / 'review.toml'}:2: ")


def test_review_toml_is_not_read_as_a_checklist(tmp_path, catalog):
    from gongwen.catalog import load_catalog

    (tmp_path / "review.toml").write_text("[similarity]\nmin_share = 0.2\n", encoding="utf-8")
    user = load_catalog(user_folder=tmp_path)
    assert user.problems == [] and set(user.checklists) == set(catalog.checklists)


def test_default_settings_work_without_the_file():
    assert SimilaritySettings().shingle == 10

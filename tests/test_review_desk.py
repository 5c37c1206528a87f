"""The reviewer's desk pipeline on a folder of real files (.txt and .docx written here):
parallel audits in worker processes, the rows, the recycled text against the earlier
reports, the JSON of issue 17, and the HTML and CSV read back."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gongwen.catalog import load_review_settings
from gongwen.core.audit import paragraph_chars
from gongwen.core.parse import parse_paragraphs
from gongwen.core.review import detect_unit, unit_from_signature, unit_from_title
from gongwen.formats.review_csv import pairs_path, write_review_csv
from gongwen.formats.review_html import render_review_html, write_review_html
from gongwen.review_desk import CatalogAudit, collect_inputs, compare_with_file, review_folder
from review_corpus import build_folder, make_report, write_report

AUDIT = CatalogAudit(user_folder="/nonexistent", jieba=False)


@pytest.fixture(scope="module")
def settings():
    return load_review_settings(Path("/nonexistent"))[0]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return build_folder(tmp_path_factory.mktemp("desk"), count=12, chars=2500, seed=2, copies=2,
                        recycles=2, earlier_extra=2)


@pytest.fixture(scope="module")
def result(folder, settings):
    return review_folder([folder.current], AUDIT, earlier=[folder.earlier], workers=2,
                         settings=settings)


def found(result) -> set[frozenset[str]]:
    return {frozenset((str(p.a), str(p.b))) for p in result.pairs}


def test_planted_pairs_and_only_those_are_found(folder, result):
    assert found(result) == folder.planted
    assert len(result.rows) == 12 and result.table.unreadable == []
    shares = {frozenset((str(p.a), str(p.b))): p.share for p in result.pairs}
    for original, copy in folder.copied:
        assert shares[frozenset((str(original), str(copy)))] > 0.6


def test_earlier_reports_are_b_and_marked(folder, result):
    recycled = {(str(p.a), str(p.b)) for p in result.pairs if p.earlier}
    assert recycled == {(str(a), str(b)) for a, b in folder.recycled}
    row = result.table.row(str(folder.recycled[0][0]))
    assert row.recycled > 0.5 and row.recycled_earlier
    assert row.recycled_with == str(folder.recycled[0][1])


def test_three_paragraph_pair_has_those_three(folder, result):
    a, b, numbers, places = folder.three
    pair = next(p for p in result.pairs if {str(p.a), str(p.b)} == {str(a), str(b)})
    sides = ((pair.a, "a_paragraph"), (pair.b, "b_paragraph"))
    got = {str(key): sorted({getattr(p, name) for p in pair.passages}) for key, name in sides}
    assert got == {str(a): numbers, str(b): places}


def test_rows_read_units_sections_and_defects(folder, result):
    for path, report in folder.reports.items():
        row = result.table.row(str(path))
        if row is None:
            continue  # an earlier report
        assert row.unit == report.unit
        assert row.title == report.paragraphs[0] or row.title == report.paragraphs[1]
        assert ("problems" in row.missing) == ("二、存在问题" not in report.paragraphs)
        has_placeholder = any("XX次" in t for t in report.paragraphs)
        assert (row.placeholders > 0) == has_placeholder
        assert row.junk == sum("禁止外传" in t for t in report.paragraphs)
        assert row.errors >= len(row.missing) + row.placeholders + row.junk
        assert row.chars == sum(paragraph_chars(t) for t in report.paragraphs)
        assert row.figures > 5


def test_processes_and_one_process_agree(folder, result, settings):
    alone = review_folder([folder.current], AUDIT, earlier=[folder.earlier], workers=0,
                          settings=settings)
    assert alone.to_json() == result.to_json()


def test_spawned_workers_as_on_windows_agree(folder, result, settings):
    """Windows cannot fork: workers start afresh, with another str hash seed."""
    import multiprocessing

    spawned = review_folder([folder.current], AUDIT, earlier=[folder.earlier], workers=2,
                            settings=settings, context=multiprocessing.get_context("spawn"))
    assert spawned.to_json() == result.to_json()


def test_json_has_the_keys_of_issue_17(result, folder):
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert set(data) >= {"reports", "similar"}
    for report in data["reports"]:
        assert set(report) >= {"path", "title", "checklist", "errors", "warnings", "missing"}
        assert isinstance(report["missing"], list) and isinstance(report["errors"], int)
    assert len(data["similar"]) == len(folder.planted)
    for pair in data["similar"]:
        assert set(pair) >= {"a", "b", "share", "passages"}
        assert 0 < pair["share"] <= 1
        for passage in pair["passages"]:
            assert isinstance(passage["a_paragraph"], int) and isinstance(passage["b_paragraph"], int)
            assert passage["a_text"] and passage["b_text"]
    earlier = [p for p in data["similar"] if p["earlier"]]
    assert {p["b"] for p in earlier} == {str(b) for _, b in folder.recycled}


def test_progress_is_reported_and_cancel_stops(folder, settings):
    seen = []
    review_folder([folder.current], AUDIT, workers=0, settings=settings, progress=seen.append)
    audits = [p for p in seen if p.stage == "audit"]
    assert [p.done for p in audits] == list(range(1, 13)) and audits[-1].total == 12
    assert seen[-1].stage == "compare"
    stopped = review_folder([folder.current], AUDIT, workers=2, settings=settings,
                            cancelled=lambda: True)
    assert stopped.cancelled and len(stopped.rows) < 12 and stopped.pairs == []


def test_unreadable_files_are_listed_and_the_rest_reviewed(tmp_path, settings):
    import random

    rng = random.Random(1)
    write_report(tmp_path / "a.txt", make_report(rng, "红旗镇党委", 2024, 1500))
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "~$a.docx").write_bytes(b"lock file")
    result = review_folder([tmp_path], AUDIT, workers=2, settings=settings)
    assert [r.name for r in result.rows] == ["a.txt"]
    assert [Path(u.path).name for u in result.table.unreadable] == ["broken.docx"]
    assert "无法打开" in result.table.unreadable[0].message


def test_collect_inputs_skips_lock_and_hidden_files(tmp_path):
    for name in ("b.docx", "a.txt", "~$b.docx", ".hidden.txt", "notes.pdf", "sub/c.TXT"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in collect_inputs([tmp_path])] == ["a.txt", "b.docx", "c.TXT"]


def test_compare_with_a_docx_file(folder, settings):
    current, old = folder.recycled[0]
    share, passages = compare_with_file(folder.reports[current].paragraphs, old, settings)
    assert share > 0.5 and passages
    assert compare_with_file(folder.reports[current].paragraphs, folder.copied[0][0], settings)[0] < 0.05


# ---------------------------------------------------------------- units


def test_units_from_the_title_and_the_signature(settings):
    unit = settings.unit
    assert unit_from_title("红旗镇党委2024年上半年意识形态工作总结", unit) == "红旗镇党委"
    assert unit_from_title("2024年青山街道党工委意识形态工作总结", unit) == "青山街道党工委"
    assert unit_from_title("关于2024年意识形态工作的报告", unit) == ""
    document = parse_paragraphs(["2024年上半年意识形态工作总结", "一、工作开展情况", "正文。",
                                 "", "中共柳河乡委员会", "2024年7月5日"])
    assert unit_from_signature(document.paragraphs, unit) == "中共柳河乡委员会"
    assert detect_unit(document, unit) == "中共柳河乡委员会"
    unsigned = parse_paragraphs(["2024年上半年意识形态工作总结", "一、工作开展情况", "正文写完了。"])
    assert detect_unit(unsigned, unit) == ""


# ---------------------------------------------------------------- outputs


class _Rows(HTMLParser):
    """Rows of each table by its class, and every tag seen."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.tags: list[tuple[str, dict]] = []
        self._table = self._row = self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("class") or "", [])
        elif tag == "tr" and self._table is not None:
            self._row = []
            self._table.append(self._row)
        elif tag == "td" and self._row is not None:
            self._cell = []
            self._row.append(self._cell)

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_html_is_self_contained_and_has_a_row_per_report(result, folder, tmp_path):
    path = write_review_html(tmp_path / "审阅.html", result.table, str(folder.current), "2024年7月20日")
    page = path.read_text(encoding="utf-8")
    parser = _Rows()
    parser.feed(page)
    rows = [r for r in parser.tables["reports"] if r]
    assert len(rows) == len(result.rows)
    by_file = {"".join(r[2]).split(".")[0]: r for r in rows}
    for row in result.rows:
        cells = by_file[Path(row.name).stem]
        assert "".join(cells[1]) == row.unit and int("".join(cells[6])) == row.errors
    assert len([r for r in parser.tables["pairs"] if r]) == len(result.pairs)
    tags = {tag for tag, _ in parser.tags}
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not re.search(r"@import|url\(|src=|href=", page)
    bars = [a for tag, a in parser.tags if tag == "rect" and a.get("fill") == "#d93025"]
    assert len(bars) == sum(1 for r in result.rows if r.errors)


def test_html_of_an_empty_folder():
    from gongwen.core.review import ReviewTable

    page = render_review_html(ReviewTable([]), "空文件夹", "今天")
    assert "所有报告均无错误" in page and "没有发现" in page


def test_csv_opens_in_excel_and_reads_back(result, tmp_path):
    reports_path, pairs = write_review_csv(tmp_path / "审阅.csv", result.table)
    assert pairs == pairs_path(reports_path)
    assert reports_path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(reports_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(result.rows)
    for row, record in zip(result.rows, rows):
        assert record["文件"] == row.name and record["单位"] == row.unit
        assert int(record["错误"]) == row.errors and record["路径"] == row.path
        assert record["缺失必备章节"] == "、".join(row.missing_titles)
        assert float(record["重复比例"].rstrip("%")) == pytest.approx(row.recycled * 100, abs=0.06)
    with open(pairs, encoding="utf-8-sig", newline="") as f:
        pair_rows = list(csv.DictReader(f))
    assert {frozenset((r["路径甲"], r["路径乙"])) for r in pair_rows} == found(result)
    assert all(r["重复内容示例"] for r in pair_rows)


def test_csv_cells_cannot_run_as_formulas(tmp_path):
    from gongwen.core.review import ReviewRow, ReviewTable

    row = ReviewRow("=HYPERLINK(1).txt", "=1+2", "-标题", "ideology-summary", "清单", (), (),
                    0, 0, 0, 0, 0, 0, 0, 0)
    path, _ = write_review_csv(tmp_path / "x.csv", ReviewTable([row]))
    with open(path, encoding="utf-8-sig", newline="") as f:
        record = next(csv.DictReader(f))
    assert record["单位"] == "'=1+2" and record["标题"] == "'-标题"


# ---------------------------------------------------------------- gongwen review


def review_command(*argv: str) -> int:
    """Run ``gongwen review ARGV`` as the command line does."""
    from gongwen.cli import main

    return main(["review", *argv])


def test_review_command_text_and_exit_code(folder, capsys, segmenter):
    """jieba is loaded here first: the forked workers inherit it, as from the GUI."""
    status = review_command("--earlier", str(folder.earlier), "--workers", "2", str(folder.current))
    out = capsys.readouterr().out
    assert status == 1  # reports fail and text is recycled
    assert out.startswith(f"━━ 审阅汇总：{folder.current}（共 12 份报告，往年报告 ")
    for path in folder.reports:
        if folder.current in path.parents:
            assert path.name in out
    assert f"━━ 疑似重复（{len(folder.planted)} 对）" in out and "［往年］" in out


def test_review_command_writes_json_html_and_csv(folder, tmp_path, capsys, segmenter):
    out = tmp_path / "review.json"
    assert review_command("--format", "json", "--out", str(out), "--workers", "0",
                          str(folder.current)) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["reports"]) == 12 and {"reports", "similar"} <= set(data)
    page = tmp_path / "review.html"
    review_command("--format", "html", "--out", str(page), "--workers", "0", str(folder.current))
    assert page.read_text(encoding="utf-8").count('<tr class="') == 12
    table = tmp_path / "review.csv"
    review_command("--format", "csv", "--out", str(table), "--workers", "0", str(folder.current))
    assert table.read_bytes().startswith(b"\xef\xbb\xbf") and pairs_path(table).is_file()
    review_command("--format", "csv", "--workers", "0", str(folder.current))
    rows = list(csv.reader(capsys.readouterr().out.splitlines()))
    assert len(rows) == 13 and rows[0][0] == "文件"


def test_review_command_refuses_bad_input(tmp_path, capsys):
    assert review_command(str(tmp_path / "nowhere")) == 2
    assert "找不到" in capsys.readouterr().err
    assert review_command(str(tmp_path)) == 2
    assert "没有找到可检查的" in capsys.readouterr().err
    assert review_command("--checklist", "no-such-list", str(tmp_path)) == 2
    assert "no-such-list" in capsys.readouterr().err


def test_review_command_clean_folder_exits_zero(tmp_path, capsys, segmenter):
    import random

    rng = random.Random(7)
    for number in range(3):
        write_report(tmp_path / f"{number}.txt", make_report(rng, f"{'红青东'[number]}山镇党委", 2024, 2000))
    assert review_command("--workers", "0", str(tmp_path)) == 0
    assert "不合格 0 份" in capsys.readouterr().out


def test_terminal_progress_only_on_a_terminal():
    import io

    from gongwen.cli.review import TerminalProgress
    from gongwen.review_desk import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    progress = TerminalProgress(stream)
    progress(Progress("audit", 3, 10, "/x/报告.docx"))
    progress(Progress("compare", 10, 10))
    progress.done()
    assert "正在检查 3/10：报告.docx" in stream.getvalue() and "正在比对" in stream.getvalue()
    piped = io.StringIO()
    TerminalProgress(piped)(Progress("audit", 1, 2, "a.txt"))
    assert piped.getvalue() == ""

"""The `gongwen audit` contract: JSON shape, exit codes, encodings, folders, bad input."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gongwen.cli import main

from support import FIXTURES, fixture_text

FINDING_KEYS = {"rule", "category", "severity", "message", "paragraph", "start", "end", "text",
                "section", "fix"}


def run_json(capsys, *args):
    code = main(["audit", "--format", "json", *map(str, args)])
    captured = capsys.readouterr()
    run_json.stderr = captured.err
    return code, json.loads(captured.out)


def test_json_contract(capsys):
    code, data = run_json(capsys, FIXTURES / "defects-report.txt")
    assert code == 1
    [report] = data
    assert set(report) == {"path", "checklist", "title", "stats", "sections", "findings"}
    assert set(report["stats"]) == {"chars", "paragraphs", "figures"}
    assert report["checklist"] == "ideology-summary"
    for section in report["sections"]:
        assert set(section) == {"id", "title", "required", "status", "paragraph"}
    for finding in report["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] in ("error", "warning", "info")
    junk = next(f for f in report["findings"] if f["rule"] == "junk.paywall")
    assert junk["fix"] == "" and junk["text"] == "##paidbegin##"


def test_exit_codes_follow_fail_on(capsys, tmp_path):
    clean = FIXTURES / "clean-report.txt"
    profile = FIXTURES / "clean-profile.toml"
    assert main(["audit", "--profile", str(profile), str(clean)]) == 0
    assert main(["audit", "--fail-on", "warning", "--profile", str(profile), str(clean)]) == 0
    defects = FIXTURES / "defects-report.txt"
    assert main(["audit", "--fail-on", "never", str(defects)]) == 0
    assert main(["audit", str(defects)]) == 1
    assert main(["audit", "--checklist", "no-such-list", str(clean)]) == 2
    assert main(["audit", "--format", "xml", str(clean)]) == 2
    capsys.readouterr()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_are_detected(capsys, tmp_path, encoding):
    path = tmp_path / f"报告 {encoding}.txt"
    path.write_bytes(fixture_text("defects-report.txt").encode(encoding))
    _, [report] = run_json(capsys, path)
    assert report["title"] == "市XX局2023年上半年意识形态工作总结"


def test_folder_with_a_bad_file_still_audits_the_others(capsys, tmp_path):
    shutil.copy(FIXTURES / "defects-report.txt", tmp_path / "a.txt")
    shutil.copy(FIXTURES / "clean-report.txt", tmp_path / "b.txt")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    (tmp_path / "old.doc").write_bytes(b"not a Word file, whatever its name says")
    code, data = run_json(capsys, tmp_path)
    assert code == 2
    assert [Path(r["path"]).name for r in data] == ["a.txt", "b.txt"]
    assert "“c.txt”：这不是文本文件" in run_json.stderr
    assert "“old.doc”：无法识别的文件格式" in run_json.stderr
    assert main(["audit", str(tmp_path / "old.doc")]) == 2
    err = capsys.readouterr().err
    assert "无法识别的文件格式" in err and "另存为” .docx" in err


def test_folder_audit_includes_doc_and_wps(capsys, tmp_path):
    legacy = FIXTURES / "legacy" / "numbered-report.doc"
    shutil.copy(legacy, tmp_path / "报告.doc")
    shutil.copy(legacy, tmp_path / "报告副本.WPS")
    shutil.copy(FIXTURES / "clean-report.txt", tmp_path / "b.txt")
    _, data = run_json(capsys, tmp_path)
    assert sorted(Path(r["path"]).name for r in data) == ["b.txt", "报告.doc", "报告副本.WPS"]
    report = next(r for r in data if r["path"].endswith("报告.doc"))
    assert report["title"] == "某某县文化和旅游局2024年上半年意识形态工作总结"
    assert report["stats"]["paragraphs"] > 10


def test_text_format_summary_for_several_files(capsys):
    main(["audit", "--fail-on", "never", str(FIXTURES / "defects-report.txt"),
          str(FIXTURES / "clean-report.txt")])
    out = capsys.readouterr().out
    assert "占位符" in out and "━━ 汇总" in out and "存在问题" in out


def test_broken_user_checklist_warns_but_builtins_still_work(capsys, tmp_path, monkeypatch):
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "bad.toml").write_text("id = \n", encoding="utf-8")
    monkeypatch.setenv("GONGWEN_CONFIG_DIR", str(tmp_path))
    code, [report] = run_json(capsys, FIXTURES / "defects-report.txt")
    assert code == 1 and report["findings"]
    monkeypatch.undo()


def test_module_entry_point_runs():
    result = subprocess.run([sys.executable, "-m", "gongwen", "--version"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("gongwen ")


def test_text_report_lists_each_missing_section(capsys, tmp_path):
    path = tmp_path / "述职.txt"
    path.write_text("2023年度述职报告\n本人工作认真。", encoding="utf-8")
    main(["audit", "--fail-on", "never", "--checklist", "duty-report", str(path)])
    out = capsys.readouterr().out
    for title in ("履职情况", "网络意识形态与舆情", "存在问题", "下步打算"):
        assert f"缺少必备章节“{title}”" in out


def test_text_report_says_which_checklist_why_and_how_to_switch(capsys, tmp_path):
    path = tmp_path / "责任制.txt"
    path.write_text("关于2024年度落实意识形态工作责任制情况的报告\n2024年，本人认真履行第一责任人职责。"
                    "本人主持研究意识形态工作4次。", encoding="utf-8")
    main(["audit", "--fail-on", "never", str(path)])
    out = capsys.readouterr().out
    assert "清单：落实意识形态工作责任制述职报告" in out
    assert "清单依据：按标题和口吻识别" in out and "“本人”口吻" in out
    assert "--checklist ID" in out and "responsibility-report" in out


def test_text_report_lists_a_documents_halfwidth_marks_once_per_mark(capsys, tmp_path):
    path = tmp_path / "标点.txt"
    path.write_text("县文化馆2024年意识形态工作总结\n一、加强组织领导\n召开会议4次,签订责任书6份,开展督查2次。\n"
                    "二、强化理论学习\n集中学习12次,专题研讨4次;撰写心得28篇。", encoding="utf-8")
    main(["audit", "--fail-on", "never", str(path)])
    out = capsys.readouterr().out
    assert "全文 3 处半角逗号“,” → 全部改为全角“，”（第 3、5 段）" in out
    assert "第 5 段 “;” → “；”" in out  # a mark found once keeps its own line
    _code, [report] = run_json(capsys, path)
    assert sum(1 for f in report["findings"] if f["rule"] == "punctuation.halfwidth") == 4


def test_export_refusal_names_the_checklist_and_how_to_switch(capsys, tmp_path):
    path = tmp_path / "缺章节.txt"
    path.write_text("县文化馆2024年意识形态工作总结\n一、加强组织领导\n召开会议4次。", encoding="utf-8")
    assert main(["export", str(path), str(tmp_path / "定稿.docx")]) == 1
    err = capsys.readouterr().err
    assert "缺少必备章节“理论学习”" in err
    assert "当前按“意识形态工作总结”检查（按标题识别为“意识形态工作总结”" in err
    assert "--checklist ID" in err and "duty-report" in err and "--force" in err


def test_json_text_is_the_same_value_with_one_finding_per_line():
    import json

    from gongwen.cli.common import json_text

    value = [{"path": "甲.txt", "stats": {"chars": 3}, "empty": [], "none": None,
              "findings": [{"rule": "a.b", "text": "“X”\n", "fix": None}, {"rule": "c", "n": 1.5}]}]
    text = json_text(value)
    assert json.loads(text) == value
    lines = text.splitlines()
    assert '   {"rule": "a.b", "text": "“X”\\n", "fix": null},' in lines
    assert '   {"rule": "c", "n": 1.5}' in lines
    assert json_text([]) == "[]" and json.loads(json_text({"a": {}})) == {"a": {}}

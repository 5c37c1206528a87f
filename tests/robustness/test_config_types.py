"""User checklists, rule packs and the unit profile with values of the wrong type (issue 14,
item 10): each is reported as ``file:line: what``, the file is skipped and the built-ins
keep working — in the CLI and in the editor. Never a traceback."""

from __future__ import annotations

import pytest

from .hostile import REPORT_TEXT

CHECKLIST = 'id = "mine"\nname = "我的"\n'
SECTION = '[[section]]\nid = "a"\ntitle = "甲"\nkeywords = ["甲"]\n'
PACK = 'category = "wording"\n'
RULE = '[[rule]]\nid = "wording.mine"\nmessage = "m"\n'
# name: (file under the config folder, text, line, words of the message)
WRONG_TYPES = {
    "section = \"abc\"": ("checklists/类型.toml", CHECKLIST + 'section = "abc"\n', 3, "[[section]]"),
    "keywords = 5": ("checklists/类型.toml", CHECKLIST + SECTION.replace('["甲"]', "5"), 4, "keywords"),
    "severity = \"high\"": ("checklists/类型.toml", CHECKLIST + SECTION +
                            '[severity]\n"punctuation.halfwidth" = "high"\n', 8, "high"),
    "rule = [1]": ("checklists/rules/类型.toml", PACK + "rule = [1]\n", 2, "[[rule]]"),
    "swap = \"abc\"": ("checklists/rules/类型.toml", PACK + RULE + 'swap = "abc"\n', 3, "swap"),
    "bad = 5": ("checklists/rules/类型.toml", PACK + RULE + 'regex = "甲"\nbad = 5\n', 3, "bad"),
    "fix = 5": ("checklists/rules/类型.toml", PACK + RULE + 'regex = "甲"\nfix = 5\n', 3, "fix"),
    "fix = \"\\\\9\"": ("checklists/rules/类型.toml", PACK + RULE + 'regex = "(甲)"\nfix = "\\\\9"\n', 3,
                        "不存在的分组"),
    "people = 5": ("profile.toml", 'unit = "某局"\npeople = 5\n', 2, "people"),
    "unit = 5": ("profile.toml", "unit = 5\n", 1, "unit"),
    "region = [1, 2]": ("profile.toml", "region = [1, 2]\n", 1, "region"),
    "measure_words = [5]": ("checklists/rules/类型.toml",
                            'category = "quantity"\n[lists]\nmeasure_words = [5]\n', 3, "measure_words"),
    "meetings = [{name = 5}]": ("checklists/rules/类型.toml",
                                'category = "date"\n[lists]\nmeetings = [{name = 5}]\n', 3, "meetings"),
    "target_years = [\"x\"]": ("checklists/rules/类型.toml",
                               'category = "date"\n[lists]\ntarget_years = ["x"]\n', 3, "target_years"),
    "title_first_lines = 2.5": ("checklists/rules/类型.toml",
                                'category = "structure"\n[thresholds]\ntitle_first_lines = 2.5\n', 3,
                                "非负整数"),
}


def _place(config, name):
    where, text, _line, _words = WRONG_TYPES[name]
    path = config / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", list(WRONG_TYPES))
def test_the_cli_reports_the_file_and_line_and_keeps_the_built_ins(name, tmp_path, user_dirs, capsys):
    from gongwen.cli import main

    config, _ = user_dirs
    path = _place(config, name)
    report = tmp_path / "总结.txt"
    report.write_text(REPORT_TEXT, encoding="utf-8")
    status = main(["audit", "--fail-on", "never", str(report)])
    out, err = capsys.readouterr()
    assert status == 0 and "Traceback" not in out + err
    _where, _text, line, words = WRONG_TYPES[name]
    assert f"警告：{path}:{line}:" in err and words in err, err
    assert "清单：意识形态工作总结" in out


def test_the_same_profile_given_with_profile_stops_the_run(tmp_path, user_dirs, capsys):
    from gongwen.cli import main

    profile = tmp_path / "单位信息.toml"
    profile.write_text("people = 5\n", encoding="utf-8")
    report = tmp_path / "总结.txt"
    report.write_text(REPORT_TEXT, encoding="utf-8")
    assert main(["audit", "--profile", str(profile), str(report)]) == 2
    err = capsys.readouterr().err
    assert f"错误：{profile}:1:" in err and "people" in err and "Traceback" not in err


@pytest.mark.parametrize("name", ["people = 5", "measure_words = [5]", "keywords = 5"])
def test_the_editor_starts_and_shows_the_problem(name, user_dirs):
    from gongwen.ui.app import create_window, make_application

    config, _ = user_dirs
    path = _place(config, name)
    make_application()
    window = create_window(persist=False)
    try:
        assert str(path) in window.panel.problems.toolTip()
        assert window.live.catalog.pack.words("measure_words")[0] == "人次"
    finally:
        window.editor.document().setModified(False)
        window.close()

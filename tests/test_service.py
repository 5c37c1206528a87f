"""The audit service decides once which set-up problems stop a run and which are warnings;
every front end (audit, export, the editor) gets the same answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongwen.cli import main
from gongwen.core.parse import parse_text
from gongwen.service import AuditService, SetupError

REPORT = "某县文化馆2024年上半年意识形态工作总结\n一、加强组织领导\n召开会议3次。\n"


def test_the_checklist_and_why(tmp_path):
    service, _ = AuditService.load(user_folder=tmp_path)
    duty = service.checklist_for(parse_text("2024年度落实意识形态工作责任制述职报告\n一、履职情况"))
    assert duty.checklist.id == "duty-report" and duty.detected and "按标题识别" in duty.reason
    unknown = service.checklist_for(parse_text("关于某事\n一、情况"))
    assert unknown.checklist.id == "ideology-summary" and "未识别文种" in unknown.reason
    chosen = service.checklist_for(parse_text(REPORT), "special-report")
    assert chosen.checklist.id == "special-report" and not chosen.detected


def test_one_auditor_per_checklist_is_kept(tmp_path):
    service, _ = AuditService.load(user_folder=tmp_path)
    first = service.audit(parse_text(REPORT))
    assert service.auditor(first.checklist) is service.auditor(first.checklist)
    assert first.document.title == "某县文化馆2024年上半年意识形态工作总结"


def test_a_long_audit_reports_its_progress_and_the_same_findings(tmp_path):
    service, _ = AuditService.load(user_folder=tmp_path)
    long_text = REPORT + "".join(f"（{i % 9 + 1}）开展学习{i}次，覆盖干部{i * 3}人。\n" for i in range(900))
    heard: list[float] = []
    with_progress = service.audit(parse_text(long_text), progress=heard.append)
    plain = service.audit(parse_text(long_text))
    assert len(heard) >= 4 and heard == sorted(heard) and heard[0] >= 0 and heard[-1] < 1
    assert with_progress.report.findings == plain.report.findings


def test_a_named_profile_that_is_missing_stops_the_run(tmp_path):
    with pytest.raises(SetupError, match="找不到单位信息文件"):
        AuditService.load(profile=tmp_path / "没有.toml", user_folder=tmp_path)


def test_a_broken_named_profile_stops_but_a_broken_saved_one_warns(tmp_path, monkeypatch):
    broken = tmp_path / "profile.toml"
    broken.write_text("unit = [", encoding="utf-8")
    with pytest.raises(SetupError, match="TOML 语法错误"):
        AuditService.load(profile=broken, user_folder=tmp_path)
    monkeypatch.setenv("GONGWEN_CONFIG_DIR", str(tmp_path))
    service, _ = AuditService.load(user_folder=tmp_path)
    assert any("已忽略单位信息" in w for w in service.warnings)
    assert not service.profile.given


def test_cli_audit_and_export_agree_on_a_broken_saved_profile(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GONGWEN_CONFIG_DIR", str(tmp_path / "config"))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "profile.toml").write_text("unit = [", encoding="utf-8")
    draft = tmp_path / "稿.txt"
    draft.write_text(REPORT, encoding="utf-8")
    main(["audit", "--fail-on", "never", str(draft)])
    audit_err = capsys.readouterr().err
    main(["export", "--force", str(draft), str(tmp_path / "定稿.docx")])
    export_err = capsys.readouterr().err
    for err in (audit_err, export_err):
        lines = err.splitlines()
        assert any(line.startswith("警告：") and "已忽略单位信息" in line for line in lines), err
        assert not any(line.startswith("错误：") for line in lines), err
    assert (tmp_path / "定稿.docx").is_file()


@pytest.mark.parametrize("command", ["audit", "export"])
def test_unknown_checklist_and_missing_profile_are_exit_2(tmp_path, capsys, command):
    draft = tmp_path / "稿.txt"
    draft.write_text(REPORT, encoding="utf-8")
    out = [] if command == "audit" else [str(tmp_path / "定稿.docx")]
    assert main([command, "--checklist", "nonsense", str(draft), *out]) == 2
    assert "没有 id 为“nonsense”的检查清单" in capsys.readouterr().err
    assert main([command, "--profile", str(tmp_path / "没有.toml"), str(draft), *out]) == 2
    assert "找不到单位信息文件" in capsys.readouterr().err


def test_a_broken_checklist_named_on_the_command_line_stops(tmp_path, capsys):
    mine = tmp_path / "mine.toml"
    mine.write_text('id = "mine"\nname = "我的"\n', encoding="utf-8")
    draft = tmp_path / "稿.txt"
    draft.write_text(REPORT, encoding="utf-8")
    assert main(["audit", "--checklist", str(mine), str(draft)]) == 2
    assert "至少需要一个 [[section]]" in capsys.readouterr().err


def test_gongwen_rules_lists_every_rule(capsys):
    import json

    assert main(["rules", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    ids = {r["id"] for r in rows}
    assert {"punctuation.halfwidth", "placeholder.x", "structure.missing", "residue.place"} <= ids
    assert all(r["message"] and r["severity"] in ("error", "warning", "info") for r in rows)
    assert main(["rules"]) == 0
    text = capsys.readouterr().out
    assert "punctuation.halfwidth" in text and f"共 {len(rows)} 条规则" in text


def test_the_builtin_checklists_broken_is_a_clear_exit_2(tmp_path, monkeypatch, capsys):
    from gongwen import paths

    broken = tmp_path / "checklists"
    (broken / "rules").mkdir(parents=True)
    (broken / "rules" / "x.toml").write_text("category = [", encoding="utf-8")
    monkeypatch.setattr(paths, "builtin_checklists", lambda: Path(broken))
    draft = tmp_path / "稿.txt"
    draft.write_text(REPORT, encoding="utf-8")
    assert main(["audit", str(draft)]) == 2
    err = capsys.readouterr().err
    assert "内置检查清单有误，请重新安装" in err and "Traceback" not in err


def test_the_collector_rests_while_an_audit_runs_and_wakes_after(tmp_path):
    import gc

    service, _ = AuditService.load(user_folder=tmp_path)
    seen: list[bool] = []
    text = "\n".join(["某县2024年意识形态工作总结"] + ["我局召开会议研究意识形态工作4次。"] * 600)
    service.audit(parse_text(text), progress=lambda _share: seen.append(gc.isenabled()))
    assert seen and not any(seen)  # off all through the audit
    assert gc.isenabled()  # and on again


def test_the_collector_stays_as_it_was_when_paused_by_another(tmp_path):
    import gc
    import threading

    from gongwen.service import collector_paused

    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # someone else turned it off: left off
    finally:
        gc.enable()
    entered, inner_ended = threading.Event(), threading.Event()
    during: list[bool] = []

    def outer() -> None:  # an audit on another thread, outlasting the one below
        with collector_paused():
            entered.set()
            inner_ended.wait(5)
            during.append(gc.isenabled())

    thread = threading.Thread(target=outer)
    thread.start()
    assert entered.wait(5)
    with collector_paused():
        assert not gc.isenabled()
    inner_ended.set()
    thread.join(5)
    assert during == [False]  # still off: the other audit was running
    assert gc.isenabled()  # on once the last one ended


def test_an_audit_that_leaves_a_great_many_objects_freezes_them(monkeypatch):
    import gc

    import gongwen.service as service_module

    frozen, collected = [], []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    monkeypatch.setattr(service_module, "FREEZE_AFTER", 1000)
    with service_module.collector_paused():
        kept = [[i] for i in range(5000)]  # young tracked objects, as a long audit leaves
    assert frozen == [1] and collected == []  # frozen, not walked
    with service_module.collector_paused():
        pass
    assert collected == [1]  # a small audit: the young generations collected
    assert gc.isenabled() and len(kept) == 5000

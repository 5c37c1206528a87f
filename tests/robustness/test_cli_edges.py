"""The command line at its edges (issue 14: items 6, 11, 12, 13, 14): review copies that
never overwrite anything of the user's, folders that cannot be entered, FIFOs, a full
stdout, Ctrl+C — a Chinese message, exit 2 or 130, never a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .hostile import REPORT_LINES, REPORT_TEXT, digest, write_docx

POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions, FIFOs and signals")


def _audit(*args):
    from gongwen.cli import main

    return main(["audit", "--fail-on", "never", *map(str, args)])


# ------------------------------------------------------------------ review copies (item 6)
def test_two_files_of_one_name_keep_their_folders(tmp_path, user_dirs, capsys):
    inbox = tmp_path / "下级报送"
    (inbox / "甲").mkdir(parents=True)
    (inbox / "乙").mkdir()
    write_docx(inbox / "甲" / "报告.docx")
    write_docx(inbox / "乙" / "报告.docx", [*REPORT_LINES, "乙的补充。"])
    out = tmp_path / "审阅"
    assert _audit("--annotate", out, inbox) == 0
    assert (out / "甲" / "报告-审阅稿.docx").is_file() and (out / "乙" / "报告-审阅稿.docx").is_file()
    from gongwen.formats import read_document

    assert read_document(out / "乙" / "报告-审阅稿.docx").paragraphs[-1].text == "乙的补充。"


def test_files_named_directly_with_one_name_get_numbers(tmp_path, user_dirs, capsys):
    (tmp_path / "甲").mkdir()
    (tmp_path / "乙").mkdir()
    first = write_docx(tmp_path / "甲" / "报告.docx")
    second = write_docx(tmp_path / "乙" / "报告.docx")
    out = tmp_path / "审阅"
    assert _audit("--annotate", out, first, second) == 0
    assert sorted(p.name for p in out.iterdir()) == ["报告-审阅稿-2.docx", "报告-审阅稿.docx"]


def test_a_rerun_replaces_its_own_copy_but_never_one_the_user_edited(tmp_path, user_dirs, capsys):
    source = write_docx(tmp_path / "报告.docx")
    out = tmp_path / "审阅"
    assert _audit("--annotate", out, source) == 0
    copy = out / "报告-审阅稿.docx"
    assert _audit("--annotate", out, source) == 0
    assert sorted(p.name for p in out.iterdir()) == ["报告-审阅稿.docx"]  # unchanged: replaced
    write_docx(copy, ["审阅人的修改意见"])  # the reviewer worked in it
    edited = digest(copy)
    assert _audit("--annotate", out, source) == 0
    assert digest(copy) == edited
    assert (out / "报告-审阅稿-2.docx").is_file()
    assert "已写出审阅稿：" in capsys.readouterr().err


def test_a_file_that_happens_to_have_the_name_is_not_overwritten(tmp_path, user_dirs, capsys):
    source = write_docx(tmp_path / "报告.docx")
    out = tmp_path / "审阅"
    out.mkdir()
    theirs = write_docx(out / "报告-审阅稿.docx", ["别人的文件"])
    before = digest(theirs)
    assert _audit("--annotate", out, source) == 0
    assert digest(theirs) == before and (out / "报告-审阅稿-2.docx").is_file()


@POSIX
@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_a_review_path_linked_to_the_source_never_writes_onto_it(tmp_path, user_dirs, capsys, link):
    source = write_docx(tmp_path / "报告.docx")
    before = digest(source)
    out = tmp_path / "审阅"
    out.mkdir()
    (os.symlink if link == "symlink" else os.link)(source, out / "报告-审阅稿.docx")
    assert _audit("--annotate", out, source) == 0
    assert digest(source) == before
    assert (out / "报告-审阅稿-2.docx").is_file()


@POSIX
def test_the_library_guard_resolves_hard_links(tmp_path, user_dirs):
    from gongwen.core.model import Report, Stats
    from gongwen.formats import WriteError
    from gongwen.formats.docx_annotate import annotate_docx

    source = write_docx(tmp_path / "报告.docx")
    before = digest(source)
    os.link(source, tmp_path / "硬链接.docx")
    report = Report("c", "c", "", Stats(0, 0, 0), [], [])
    with pytest.raises(WriteError, match="不能覆盖原文件"):
        annotate_docx(source, tmp_path / "硬链接.docx", report, None)
    assert digest(source) == before


def test_a_second_run_into_the_source_folder_skips_the_review_copies(tmp_path, user_dirs, capsys):
    inbox = tmp_path / "下级报送"
    inbox.mkdir()
    write_docx(inbox / "报告.docx")
    assert _audit("--annotate", inbox, inbox) == 0
    capsys.readouterr()
    assert _audit("--annotate", inbox, inbox) == 0
    out, err = capsys.readouterr()
    assert sorted(p.name for p in inbox.iterdir()) == ["报告-审阅稿.docx", "报告.docx"]
    assert "审阅稿-审阅稿" not in out + err and "跳过了 1 份" in err
    assert str(inbox / "报告-审阅稿.docx") not in out  # not audited


def test_a_moved_review_copy_is_still_recognised(tmp_path, user_dirs, capsys):
    source = write_docx(tmp_path / "报告.docx")
    assert _audit("--annotate", tmp_path / "审阅", source) == 0
    moved = tmp_path / "别处"
    moved.mkdir()
    os.replace(tmp_path / "审阅" / "报告-审阅稿.docx", moved / "报告-审阅稿.docx")
    write_docx(moved / "来稿-审阅稿.docx")  # named like one, but the user's own file
    capsys.readouterr()
    assert _audit(moved) == 0
    out = capsys.readouterr().out
    assert "来稿-审阅稿.docx" in out and "报告-审阅稿.docx" not in out


# ------------------------------------------------------------------ progress (item 14)
def test_progress_goes_to_a_terminal_only(tmp_path):
    import io

    from gongwen.cli.common import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    pipe, terminal = io.StringIO(), Terminal()
    for stream in (pipe, terminal):
        progress = Progress(stream)
        progress.show("正在检查 1/2：甲.txt")
        progress.clear()
    assert pipe.getvalue() == "" and "正在检查 1/2" in terminal.getvalue()


def test_annotate_reports_progress_as_comments_are_written(tmp_path, user_dirs):
    from gongwen.formats.docx_annotate import PROGRESS_EVERY, annotate_docx
    from gongwen.service import AuditService

    line = "开展学习,组织讨论,撰写心得,交流体会,查摆问题。"
    source = write_docx(tmp_path / "多.docx", [REPORT_LINES[0], *[line] * (PROGRESS_EVERY // 4 + 5)])
    service, _ = AuditService.load(user_folder=Path("/nonexistent"))
    from gongwen.formats import read_document

    audit = service.audit(read_document(source))
    seen = []
    annotate_docx(source, tmp_path / "多-审阅稿.docx", audit.report, audit.document,
                  progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[0] == (PROGRESS_EVERY, len(audit.report.findings))
    import docx

    comments = docx.Document(str(tmp_path / "多-审阅稿.docx")).comments
    ids = [c.comment_id for c in comments]
    assert len(ids) == len(set(ids)) == len([f for f in audit.report.findings if f.end > f.start]) + 1


# ------------------------------------------------------------------ folders (item 11)
@POSIX
def test_a_folder_that_cannot_be_entered_is_named_exit_2(tmp_path, user_dirs, capsys, monkeypatch):
    inbox = tmp_path / "来件"
    (inbox / "锁住的").mkdir(parents=True)
    (inbox / "甲.txt").write_text(REPORT_TEXT, encoding="utf-8")
    (inbox / "锁住的" / "乙.txt").write_text(REPORT_TEXT, encoding="utf-8")
    _refuse_listing(monkeypatch, inbox / "锁住的")
    status = _audit(inbox)
    out, err = capsys.readouterr()
    assert status == 2 and "Traceback" not in out + err
    assert f"错误：无法进入文件夹“{inbox / '锁住的'}”：没有权限" in err and "甲.txt" in out


@POSIX
def test_a_folder_given_directly_that_cannot_be_entered(tmp_path, user_dirs, capsys, monkeypatch):
    locked = tmp_path / "锁住的"
    locked.mkdir()
    _refuse_listing(monkeypatch, locked)
    status = _audit(locked)
    err = capsys.readouterr().err
    assert status == 2 and "没有权限" in err and "没有找到可检查的" not in err


def _refuse_listing(monkeypatch, folder: Path) -> None:
    """The folder refuses to be listed as chmod 000 makes it (root reads anything, so the
    refusal is os.scandir's, as the system gives it)."""
    import errno

    scandir = os.scandir

    def refuse(path="."):
        if Path(path) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(folder))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)


@POSIX
def test_a_symlink_loop_is_said_in_chinese(tmp_path, user_dirs, capsys):
    loop = tmp_path / "循环.txt"
    os.symlink(loop, loop)
    inbox = tmp_path / "来件"
    inbox.mkdir()
    (inbox / "甲.txt").write_text(REPORT_TEXT, encoding="utf-8")
    os.symlink(inbox, inbox / "回到上级")  # a folder loop: walked once
    status = _audit(loop, inbox)
    out, err = capsys.readouterr()
    assert status == 2 and "符号链接构成了循环" in err and "Too many" not in err
    assert out.count("甲.txt") >= 1 and "Traceback" not in out + err


# ------------------------------------------------------------------ FIFOs (item 13)
@POSIX
@pytest.mark.parametrize("name", ["管道.txt", "管道.docx"])
def test_a_fifo_is_refused_not_waited_for(tmp_path, user_dirs, capsys, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    began = time.monotonic()
    status = _audit(fifo)
    err = capsys.readouterr().err
    assert status == 2 and time.monotonic() - began < 30
    assert f"无法打开“{name}”：这不是普通文件" in err


# ------------------------------------------------------------------ stdout and Ctrl+C (item 12)
def _run(args, **kwargs):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "gongwen", *args], env=env, capture_output=True,
                          timeout=120, **kwargs)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_stdout_is_a_message_and_exit_2(tmp_path, user_dirs):
    report = tmp_path / "总结.txt"
    report.write_text(REPORT_TEXT, encoding="utf-8")
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "gongwen", "audit", "--fail-on", "never", str(report)],
                              stdout=full, stderr=subprocess.PIPE, timeout=120, env=os.environ.copy())
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2 and "Traceback" not in err and "Exception ignored" not in err
    assert "无法写出检查结果：磁盘空间不足" in err


READY = ("import sys\nfrom gongwen.cli import main\nprint('ready', file=sys.stderr, flush=True)\n"
         "sys.exit(main(sys.argv[1:]))")


@POSIX
@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2, 0.5, 1.0])
def test_ctrl_c_at_any_moment_is_exit_130_without_a_traceback(tmp_path, user_dirs, delay):
    """From the moment main() runs (importing the command line itself is the interpreter's
    start-up): loading the rules, jieba, reading, auditing."""
    inbox = tmp_path / "来件"
    inbox.mkdir()
    # enough that the audit is still running a second in (it is quicker than it was, and
    # a run ending as the signal comes is killed in the interpreter's teardown, exit -2)
    for number in range(120):
        (inbox / f"{number}.txt").write_text(REPORT_TEXT * 20, encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", READY, "audit", str(inbox)], env=os.environ.copy(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert child.stderr.readline().strip() == b"ready"
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    _out, err = child.communicate(timeout=120)
    err = err.decode("utf-8")
    if child.returncode in (0, 1):
        return  # finished before the signal: nothing to see
    assert child.returncode == 130 and "Traceback" not in err and "已中断" in err, err

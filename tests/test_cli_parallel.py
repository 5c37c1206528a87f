"""`gongwen audit` of a folder in forked workers says exactly what one process says: the
same reports in the same order, the same messages for unreadable files."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from gongwen.cli import audit_pool, main

from support import FIXTURES, fixture_text

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux")


def _folder(tmp_path: Path) -> Path:
    """Seven inputs: reports of both kinds, a .docx, an unreadable file, in name order."""
    from gongwen.formats.docx_draft import save_draft_docx

    folder = tmp_path / "下级报送"
    folder.mkdir()
    defects, clean = fixture_text("defects-report.txt"), fixture_text("clean-report.txt")
    (folder / "a.txt").write_text(defects, encoding="utf-8")
    (folder / "b.txt").write_text(clean, encoding="utf-8")
    (folder / "c.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    save_draft_docx(defects.split("\n"), folder / "d.docx")
    (folder / "e.txt").write_text(clean.replace("2023", "2024"), encoding="gb18030")
    (folder / "f.txt").write_text(defects.replace("上半年", "全年"), encoding="utf-8")
    shutil.copy(FIXTURES / "legacy" / "numbered-report.doc", folder / "g.doc")
    return folder


def _run(capsys, folder: Path, *options: str) -> tuple[int, str, str]:
    code = main(["audit", *options, str(folder)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_workers_report_what_one_process_reports(capsys, tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    monkeypatch.setattr(audit_pool, "workers_for", lambda files, idle=None: 0)
    alone = _run(capsys, folder, "--format", "json")
    alone_text = _run(capsys, folder)
    pids = tmp_path / "pids"
    pids.mkdir()
    portable = audit_pool._portable

    def noted(outcome):  # runs in the workers: each leaves its process id behind
        (pids / str(os.getpid())).touch()
        return portable(outcome)

    monkeypatch.setattr(audit_pool, "_portable", noted)
    monkeypatch.setattr(audit_pool, "workers_for", lambda files, idle=None: 2)
    together = _run(capsys, folder, "--format", "json")
    assert together == alone
    assert {p.name for p in pids.iterdir()} - {str(os.getpid())}  # others did audit
    assert _run(capsys, folder) == alone_text
    code, out, err = together
    assert code == 2  # c.txt is unreadable; the others are reported
    names = [Path(r["path"]).name for r in json.loads(out)]
    assert names == ["a.txt", "b.txt", "d.docx", "e.txt", "f.txt", "g.doc"]
    assert "“c.txt”：这不是文本文件" in err


def test_a_few_files_or_no_idle_core_stay_in_this_process(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3})
    assert audit_pool.workers_for(audit_pool.PARALLEL_MIN_FILES - 1) == 0
    assert audit_pool.workers_for(audit_pool.PARALLEL_MIN_FILES) == audit_pool.PARALLEL_MIN_FILES
    assert audit_pool.workers_for(50) == 4  # idle unknown: every core
    assert audit_pool.workers_for(50, idle=1.1) == 2  # this one and an idle one
    assert audit_pool.workers_for(50, idle=0.2) == 0  # the others are busy
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert audit_pool.workers_for(50, idle=3.0) == 0


def test_idle_cores_are_read_from_the_kernel():
    meter = audit_pool.IdleCores()
    sum(range(200_000))  # a moment of this process's own work
    idle = meter.now()
    cores = len(os.sched_getaffinity(0))
    assert idle is None or 0.0 <= idle <= cores


def test_review_copies_are_written_in_this_process(capsys, tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    monkeypatch.setattr(audit_pool, "workers_for", lambda files, idle=None: 2)

    def forbidden(*_args):
        raise AssertionError("an --annotate run forked workers")

    monkeypatch.setattr(audit_pool, "_in_workers", forbidden)
    code, _, err = _run(capsys, folder, "--fail-on", "never", "--annotate", str(tmp_path / "审阅稿"))
    assert code == 2 and "已写出审阅稿" in err
    assert (tmp_path / "审阅稿" / "d-审阅稿.docx").is_file()

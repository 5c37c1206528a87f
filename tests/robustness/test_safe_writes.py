"""Safe writes: temp file + replace, backups of the previous version, and a clear Chinese
WriteError (old file intact, no stray temporary file) when the disk is full, the target is
read-only or a folder, or the folder vanished."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from doc_builders import cfb
from gongwen import paths
from gongwen.fileio import atomic
from gongwen.fileio.atomic import Backups, write_atomic, write_bytes_atomic
from gongwen.fileio.atomic import write_text_atomic as _write_text_atomic
from gongwen.fileio.errors import WriteError

from .hostile import REPORT_TEXT, digest, write_docx

OLD, NEW = "旧的内容\n", "新的内容\n"


def list_backups(path: Path) -> list[Path]:
    return paths.backups().of(path)


def write_text_atomic(path: Path, text: str) -> None:
    """A save of one of the user's files: the previous version goes to the app's backups."""
    _write_text_atomic(path, text, backups=paths.backups())


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _full_disk(tmp: Path) -> None:
    with open(tmp, "wb") as handle:
        handle.write(b"half a file")
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture()
def draft(tmp_path, user_dirs) -> Path:
    path = tmp_path / "我的 文件夹" / "工作 总结.txt"
    path.parent.mkdir()
    path.write_text(OLD, encoding="utf-8")
    return path


def test_new_file_is_written_with_ordinary_permissions(tmp_path, user_dirs):
    path = tmp_path / "新建.txt"
    write_text_atomic(path, NEW)
    assert path.read_text(encoding="utf-8") == NEW
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~atomic._current_umask()  # not mkstemp's 0600
    assert list_backups(path) == [] and _leftovers(tmp_path) == []


def test_overwrite_keeps_the_previous_version_as_a_backup(draft):
    os.chmod(draft, 0o640)
    write_text_atomic(draft, NEW)
    assert draft.read_text(encoding="utf-8") == NEW
    assert stat.S_IMODE(draft.stat().st_mode) == 0o640
    (backup,) = list_backups(draft)
    assert backup.read_text(encoding="utf-8") == OLD
    assert backup.parent == paths.backups().folder
    assert backup.name.endswith("-工作 总结.txt")


def test_only_the_last_five_backups_are_kept(draft):
    for number in range(1, 9):
        write_text_atomic(draft, f"第{number}版\n")
    backups = list_backups(draft)
    assert len(backups) == atomic.MAX_BACKUPS
    # newest first: the version before the last save, and so on
    assert [b.read_text(encoding="utf-8") for b in backups] == [f"第{n}版\n" for n in (7, 6, 5, 4, 3)]


def test_same_name_in_two_folders_never_collides(tmp_path, user_dirs):
    first, second = tmp_path / "甲" / "总结.txt", tmp_path / "乙" / "总结.txt"
    for path, text in ((first, "甲"), (second, "乙")):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        write_text_atomic(path, "改")
    assert [b.read_text(encoding="utf-8") for b in list_backups(first)] == ["甲"]
    assert [b.read_text(encoding="utf-8") for b in list_backups(second)] == ["乙"]


def test_app_files_get_no_backup(user_dirs):
    from gongwen.ui.settings import Settings, save_settings, settings_path

    for size in (12, 13, 14):
        save_settings(Settings(font_size=size))
    assert list_backups(settings_path()) == []


def test_a_failed_backup_never_blocks_the_save(draft, monkeypatch, tmp_path):
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("x", encoding="utf-8")
    _write_text_atomic(draft, NEW, backups=Backups(blocker / "backups"))
    assert draft.read_text(encoding="utf-8") == NEW


def _refused(path: Path, write, *words: str) -> str:
    before = digest(path) if path.is_file() else None
    backups = list_backups(path)
    with pytest.raises(WriteError) as caught:
        write_atomic(path, write, paths.backups())
    message = str(caught.value)
    assert message.startswith(f"无法保存“{path.name}”："), message
    for word in words:
        assert word in message, message
    assert isinstance(caught.value, OSError)  # callers written as `except OSError` still catch it
    if before is not None:
        assert digest(path) == before
    if path.parent.is_dir():
        assert _leftovers(path.parent) == []
    assert list_backups(path) == backups
    return message


def test_full_disk(draft):
    message = _refused(draft, _full_disk, "磁盘空间不足", "原文件没有改动", "另存为")
    assert "Errno" not in message


def test_full_disk_on_a_new_file_leaves_nothing(tmp_path, user_dirs):
    path = tmp_path / "新的.txt"
    _refused(path, _full_disk, "磁盘空间不足")
    assert not path.exists()


def test_read_only_target(draft):
    os.chmod(draft, 0o444)
    _refused(draft, lambda tmp: tmp.write_text(NEW, encoding="utf-8"), "只读", "另存为")


def test_read_only_folder(draft, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    _refused(draft, lambda tmp: None, "没有权限", "另存为")


def test_locked_target_cannot_be_replaced(draft, monkeypatch):
    """Windows: another program holds the file open, os.replace fails."""
    def locked(source, target):
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(atomic.os, "replace", locked)
    _refused(draft, lambda tmp: tmp.write_text(NEW, encoding="utf-8"), "没有权限", "关闭占用")


def test_folder_vanished(tmp_path, user_dirs):
    path = tmp_path / "已删除的文件夹" / "总结.txt"
    _refused(path, lambda tmp: tmp.write_text(NEW, encoding="utf-8"), "不存在", "另存为")


def test_target_is_a_folder(tmp_path, user_dirs):
    folder = tmp_path / "总结.docx"
    folder.mkdir()
    _refused(folder, lambda tmp: tmp.write_text(NEW, encoding="utf-8"), "文件夹", "另选")
    assert folder.is_dir()


def test_interrupted_write_leaves_nothing(draft):
    def interrupted(tmp: Path) -> None:
        tmp.write_text("半", encoding="utf-8")
        raise KeyboardInterrupt

    before = digest(draft)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(draft, interrupted)
    assert digest(draft) == before and _leftovers(draft.parent) == []


def test_a_symbolic_link_stays_a_link(draft):
    link = draft.parent / "链接.txt"
    link.symlink_to(draft.name)
    write_text_atomic(link, NEW)
    assert link.is_symlink() and draft.read_text(encoding="utf-8") == NEW


def test_text_save_never_refuses_a_lone_surrogate(draft):
    write_text_atomic(draft, "甲\ud800乙")
    assert draft.read_text(encoding="utf-8") == "甲\ufffd乙"


def test_text_save_in_gbk_names_the_character_it_cannot_hold(draft):
    before = digest(draft)
    with pytest.raises(WriteError, match=r"𠮷.*UTF-8"):
        _write_text_atomic(draft, "𠮷", encoding="gbk")
    assert digest(draft) == before


def test_bytes_save(draft):
    write_bytes_atomic(draft, NEW.encode())
    assert draft.read_bytes() == NEW.encode()


# ------------------------------------------------------------------ export and annotate
@pytest.fixture()
def audited(catalog):
    from gongwen.core.audit import Auditor
    from gongwen.core.parse import parse_text

    report = Auditor(catalog.get("ideology-summary"), catalog.pack, None, None).audit(
        parse_text(REPORT_TEXT))
    return report.document, report


def _docx_full_disk(monkeypatch) -> None:
    """The disk fills up while the temporary file is written (the package is built in
    memory first, then written: ``docx_ooxml.save_word``)."""
    write_bytes = Path.write_bytes

    def full(self, data):
        if self.name.endswith(".tmp"):
            write_bytes(self, data[:100])
            raise OSError(errno.ENOSPC, "No space left on device")
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)


def test_a_docx_is_never_zipped_straight_onto_the_disk(tmp_path, audited, monkeypatch):
    """A ZipFile writing to a full disk fails, and fails again in ZipFile.__del__ (a second
    traceback after the message): the package is built in memory."""
    import io
    import zipfile

    from gongwen.formats.docx_annotate import annotate_docx
    from gongwen.formats.docx_draft import save_draft_docx
    from gongwen.formats.docx_export import ExportOptions, export_docx

    targets = []
    init = zipfile.ZipFile.__init__

    def record(self, file, mode="r", *args, **kwargs):
        if mode != "r":
            targets.append(file)
        init(self, file, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "__init__", record)
    source = write_docx(tmp_path / "原稿.docx")
    export_docx(*audited, tmp_path / "定稿.docx", ExportOptions(force=True))
    save_draft_docx(["甲", "乙"], tmp_path / "草稿.docx")
    annotate_docx(source, tmp_path / "审阅稿.docx", audited[1], None)
    assert len(targets) >= 3 and all(isinstance(t, io.BytesIO) for t in targets), targets


def test_export_on_a_full_disk(tmp_path, user_dirs, audited, monkeypatch):
    from gongwen.formats.docx_export import ExportOptions, export_docx

    out = write_docx(tmp_path / "定稿.docx", ["旧定稿"])
    before = digest(out)
    _docx_full_disk(monkeypatch)
    with pytest.raises(WriteError, match=r"定稿\.docx.*磁盘空间不足"):
        export_docx(*audited, out, ExportOptions(force=True), backups=paths.backups())
    assert digest(out) == before and _leftovers(tmp_path) == [] and list_backups(out) == []


def test_export_twice_keeps_a_backup(tmp_path, user_dirs, audited):
    from gongwen.formats.docx_export import ExportOptions, export_docx

    out = tmp_path / "定稿.docx"
    export_docx(*audited, out, ExportOptions(force=True), backups=paths.backups())
    first = digest(out)
    export_docx(*audited, out, ExportOptions(force=True, unit="某某局"), backups=paths.backups())
    (backup,) = list_backups(out)
    assert digest(backup) == first != digest(out)


def test_annotate_into_a_read_only_file(tmp_path, user_dirs, audited):
    from gongwen.formats import read_document
    from gongwen.formats.docx_annotate import annotate_docx

    source = write_docx(tmp_path / "原稿.docx")
    out = write_docx(tmp_path / "审阅稿.docx", ["旧审阅稿"])
    os.chmod(out, 0o444)
    before = digest(source), digest(out)
    with pytest.raises(WriteError, match=r"审阅稿\.docx.*只读"):
        annotate_docx(source, out, audited[1], read_document(source))
    assert (digest(source), digest(out)) == before and _leftovers(tmp_path) == []


def test_cli_export_full_disk_exit_2_without_traceback(tmp_path, user_dirs, monkeypatch, capsys):
    from gongwen.cli import main

    source = tmp_path / "总结.txt"
    source.write_text(REPORT_TEXT, encoding="utf-8")
    _docx_full_disk(monkeypatch)
    assert main(["export", "--force", str(source), str(tmp_path / "定稿.docx")]) == 2
    err = capsys.readouterr().err
    assert "无法保存“定稿.docx”：磁盘空间不足" in err and "Traceback" not in err
    assert not (tmp_path / "定稿.docx").exists() and _leftovers(tmp_path) == []


def test_cli_export_into_a_vanished_folder(tmp_path, user_dirs, capsys):
    from gongwen.cli import main

    source = tmp_path / "总结.txt"
    source.write_text(REPORT_TEXT, encoding="utf-8")
    assert main(["export", "--force", str(source), str(tmp_path / "没有" / "定稿.docx")]) == 2
    err = capsys.readouterr().err
    assert "无法保存“定稿.docx”：文件或文件夹不存在" in err and "Traceback" not in err


def test_cli_annotate_into_a_file_that_is_not_a_folder(tmp_path, user_dirs, capsys):
    from gongwen.cli import main

    source = write_docx(tmp_path / "原稿.docx")
    blocker = tmp_path / "输出"
    blocker.write_text("", encoding="utf-8")
    status = main(["audit", "--fail-on", "never", "--annotate", str(blocker), str(source)])
    captured = capsys.readouterr()
    assert status == 2 and "Traceback" not in captured.err
    assert f"无法创建文件夹“{blocker}”：已有同名的文件。请另选" in captured.err
    assert "原稿" in captured.out  # the audit itself still printed


def test_cli_annotate_into_a_read_only_review_copy(tmp_path, user_dirs, capsys):
    """A review copy gongwen wrote, unchanged since, made read-only: the re-run replaces
    it (a copy the user edited, or any other file, gets a new name instead)."""
    from gongwen.cli import main
    from gongwen.cli.audit import review_path

    source = write_docx(tmp_path / "原稿.docx")
    outdir = tmp_path / "审阅"
    assert main(["audit", "--fail-on", "never", "--annotate", str(outdir), str(source)]) == 0
    target = review_path(outdir, source)
    capsys.readouterr()
    os.chmod(target, 0o444)
    status = main(["audit", "--fail-on", "never", "--annotate", str(outdir), str(source)])
    err = capsys.readouterr().err
    assert status == 2 and f"无法保存“{target.name}”：文件是只读的" in err and "Traceback" not in err


@pytest.mark.parametrize("target,words", [
    ("总结.txt", "定稿应保存为 .docx"),  # not a .docx
    ("same", "不能覆盖原文件"),  # the input itself
    ("文件夹.docx", "这是一个文件夹"),
], ids=["不是docx", "覆盖原文件", "文件夹"])
def test_cli_export_refuses_bad_targets(tmp_path, user_dirs, capsys, target, words):
    from gongwen.cli import main

    source = write_docx(tmp_path / "原稿.docx")
    before = digest(source)
    out = source if target == "same" else tmp_path / target
    if target == "文件夹.docx":
        out.mkdir()
    assert main(["export", "--force", str(source), str(out)]) == 2
    err = capsys.readouterr().err
    assert f"错误：无法保存“{out.name}”：" in err and words in err and "Traceback" not in err
    assert digest(source) == before


def test_cli_export_of_a_hostile_input(tmp_path, user_dirs, capsys):
    from gongwen.cli import main

    source = tmp_path / "加密.docx"  # what Office writes for a .docx with an open password
    source.write_bytes(cfb({"EncryptionInfo": bytes(64), "EncryptedPackage": bytes(256)}))
    assert main(["export", "--force", str(source), str(tmp_path / "定稿.docx")]) == 2
    err = capsys.readouterr().err
    assert "错误：无法打开“加密.docx”：文档设置了打开密码" in err and "Traceback" not in err
    assert not (tmp_path / "定稿.docx").exists()

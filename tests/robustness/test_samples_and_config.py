"""Real .docx (and .doc/.wps) files written by other tools (../shared/docx-samples, when present), and broken
user configuration: checklists and the unit profile in the user config folder. The CLI warns
with file:line and still audits with the built-ins."""

from __future__ import annotations

import pytest

from gongwen.formats import FormatError, WriteError, read_document

from .hostile import REPORT_TEXT, digest
from support import REPO, titled

SAMPLES = REPO.parent / "shared" / "docx-samples"
SAMPLE_FILES = sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix.lower() == ".docx") \
    if SAMPLES.is_dir() else []
LEGACY_FILES = sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix.lower() in (".doc", ".wps")) \
    if SAMPLES.is_dir() else []
# The legacy samples its README says can only be refused: password-protected, Microsoft Works.
LEGACY_REFUSED = {p.name for p in LEGACY_FILES if "password" in p.name or "WORKS" in p.name}


@pytest.mark.skipif(not SAMPLE_FILES, reason="../shared/docx-samples is not here")
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=[p.name for p in SAMPLE_FILES])
def test_real_sample_reads_annotates_and_exports(sample, tmp_path, user_dirs, catalog, segmenter):
    from gongwen.core.audit import Auditor
    from gongwen.formats.docx_annotate import annotate_docx
    from gongwen.formats.docx_export import ExportOptions, export_docx

    before = digest(sample)
    try:
        document = read_document(sample)
    except FormatError as error:  # a refusal is fine when it is a clear one
        assert str(error).startswith(f"无法打开“{sample.name}”") and "请" in str(error)
        return
    auditor = Auditor(catalog.detect(titled(document).title), catalog.pack, None, segmenter)
    report = auditor.audit(document)
    review = annotate_docx(sample, tmp_path / "审阅稿.docx", report, document)
    assert read_document(review).paragraphs
    final = export_docx(report.document, report, tmp_path / "定稿.docx", ExportOptions(force=True),
                        source_path=sample)
    assert read_document(final).paragraphs
    assert digest(sample) == before


@pytest.mark.skipif(not SAMPLE_FILES, reason="../shared/docx-samples is not here")
def test_cli_over_the_whole_sample_folder(tmp_path, user_dirs, capsys):
    from gongwen.cli import main

    before = {p: digest(p) for p in SAMPLE_FILES + LEGACY_FILES}
    status = main(["audit", "--fail-on", "never", "--annotate", str(tmp_path), str(SAMPLES)])
    out, err = capsys.readouterr()
    errors = [line for line in err.splitlines() if line.startswith("错误：")]
    assert sorted(errors) == sorted(e for e in errors if any(f"“{n}”" in e for n in LEGACY_REFUSED)), err
    assert len(errors) == len(LEGACY_REFUSED)
    assert status == (2 if LEGACY_REFUSED else 0), err
    assert "Traceback" not in out + err
    for path in SAMPLE_FILES + [p for p in LEGACY_FILES if p.name not in LEGACY_REFUSED]:
        assert str(path) in out
    assert {p: digest(p) for p in SAMPLE_FILES + LEGACY_FILES} == before


# ------------------------------------------------------------------ broken configuration
BROKEN_CHECKLISTS = {
    "checklists/语法错误.toml": ('id = "mine"\nname = \n', 2, "TOML 语法错误"),
    "checklists/未知字段.toml": ('id = "mine2"\nname = "我的"\ncolour = "red"\n[[section]]\n'
                             'id = "a"\ntitle = "甲"\nkeywords = ["甲"]\n', 3, "未知字段 colour"),
    "checklists/rules/未知规则字段.toml": ('category = "wording"\n\n[[rule]]\nid = "wording.x"\n'
                                     'message = "m"\nregex = "甲"\ncolour = "red"\n', 7, "未知字段 colour"),
    "checklists/rules/坏正则.toml": ('category = "wording"\n\n[[rule]]\nid = "wording.y"\n'
                                  'message = "m"\nregex = "(甲"\n', 6, "正则表达式"),
    "checklists/rules/示例不符.toml": ('category = "wording"\n\n[[rule]]\nid = "wording.z"\n'
                                   'message = "m"\nregex = "甲"\nbad = ["乙"]\n', 7, "反例“乙”没有被识别"),
    "checklists/rules/未知类别.toml": ('category = "colour"\n', 1, "category"),
}


def _good_report(tmp_path):
    good = tmp_path / "总结.txt"
    good.write_text(REPORT_TEXT, encoding="utf-8")
    return good


@pytest.mark.parametrize("name", list(BROKEN_CHECKLISTS), ids=lambda n: n.rsplit("/", 1)[-1])
def test_broken_user_checklist(name, tmp_path, user_dirs, capsys):
    from gongwen.cli import main

    config, _ = user_dirs
    text, line, words = BROKEN_CHECKLISTS[name]
    path = config / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    good = _good_report(tmp_path)
    status = main(["audit", "--fail-on", "never", str(good)])
    out, err = capsys.readouterr()
    assert status == 0 and "Traceback" not in out + err
    assert f"警告：{path}:{line}:" in err and words in err, err
    assert "清单：意识形态工作总结" in out  # audited with the built-ins


def test_checklist_not_in_utf8_and_a_folder_named_toml(tmp_path, user_dirs, capsys):
    from gongwen.cli import main

    config, _ = user_dirs
    folder = config / "checklists"
    folder.mkdir(parents=True)
    (folder / "国标码.toml").write_bytes('id = "gbk"\n# 中文注释\n'.encode("gbk"))
    (folder / "其实是文件夹.toml").mkdir()
    status = main(["audit", "--fail-on", "never", str(_good_report(tmp_path))])
    out, err = capsys.readouterr()
    assert status == 0 and "Traceback" not in out + err
    assert f"{folder / '国标码.toml'}:1: 文件不是 UTF-8 编码" in err
    assert f"{folder / '其实是文件夹.toml'}:1:" in err
    assert "清单：意识形态工作总结" in out


@pytest.mark.parametrize("text,line,words", [
    ('unit = "某局"\nregion = [\n', 2, "TOML 语法错误"),
    ('unit = "某局"\nshoe = 42\n', 2, "shoe"),
], ids=["语法错误", "未知字段"])
def test_broken_profile_in_the_user_folder(text, line, words, tmp_path, user_dirs, capsys):
    from gongwen.cli import main

    config, _ = user_dirs
    config.mkdir(parents=True)
    profile = config / "profile.toml"
    profile.write_text(text, encoding="utf-8")
    before = digest(profile)
    status = main(["audit", "--fail-on", "never", str(_good_report(tmp_path))])
    out, err = capsys.readouterr()
    assert status == 0 and "Traceback" not in out + err
    assert f"{profile}:{line}:" in err and words in err, err
    assert "清单：意识形态工作总结" in out
    assert digest(profile) == before


def test_export_cli_with_a_broken_user_profile(tmp_path, user_dirs, capsys):
    from gongwen.cli import main

    config, _ = user_dirs
    config.mkdir(parents=True)
    (config / "profile.toml").write_text("unit = \n", encoding="utf-8")
    out_path = tmp_path / "定稿.docx"
    status = main(["export", "--force", str(_good_report(tmp_path)), str(out_path)])
    out, err = capsys.readouterr()
    assert status == 0 and "Traceback" not in out + err and "profile.toml:1:" in err
    assert out_path.is_file()


def test_write_error_is_what_the_editor_catches():
    """The editor catches (OSError, WriteError): both hold for a failed save."""
    assert issubclass(WriteError, OSError)

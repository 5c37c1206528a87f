"""The export gate (issue 14, item 7): an error cannot vanish because of the paragraph it is
anchored on. A junk title (…总结十篇1, removed by the clean copy) used to take every
missing-section error with it, and the 定稿 was written."""

from __future__ import annotations

import pytest

from gongwen.core.fixes import blocking
from gongwen.formats.docx_export import ExportOptions, ExportRefused, export_docx

BODY = ["一、工作开展情况", "开展学习12次。"]
TITLES = {
    "标题是广告": "某某局2024年上半年意识形态工作总结十篇1",
    "标题带水印": "某某局2024年上半年意识形态工作总结（仅供学习 禁止外传）",
    "正常标题": "某某局2024年上半年意识形态工作总结",
    "没有标题": "",
}


@pytest.mark.parametrize("name", list(TITLES))
def test_missing_required_sections_always_block_the_export(name, tmp_path, catalog, segmenter):
    from gongwen.core.audit import Auditor
    from gongwen.core.parse import parse_text

    lines = [TITLES[name], *BODY] if TITLES[name] else BODY
    checklist = catalog.get("ideology-summary")
    report = Auditor(checklist, catalog.pack, None, segmenter).audit(parse_text("\n".join(lines)))
    missing = [s.title for s in report.sections if s.required and s.status == "missing"]
    assert missing  # the draft lacks most required sections
    blocked = " ".join(f.message for f in blocking(report))
    assert all(f"“{title}”" in blocked for title in missing), blocked
    with pytest.raises(ExportRefused):
        export_docx(report.document, report, tmp_path / "定稿.docx", ExportOptions())
    assert not (tmp_path / "定稿.docx").exists()


def test_the_cli_refuses_a_draft_whose_title_is_junk(tmp_path, user_dirs, capsys):
    from gongwen.cli import main

    draft = tmp_path / "稿.txt"
    draft.write_text("\n".join([TITLES["标题是广告"], *BODY]), encoding="utf-8")
    status = main(["export", str(draft), str(tmp_path / "定稿.docx")])
    err = capsys.readouterr().err
    assert status == 1 and "缺少必备章节“理论学习”" in err
    assert not (tmp_path / "定稿.docx").exists()

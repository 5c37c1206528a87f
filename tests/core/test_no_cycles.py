"""An audit makes no reference cycles: the audit service freezes what a long audit leaves
for the garbage collector instead of walking it (service.collector_paused), which is only
free of leaks while nothing the audit makes needs the collector to be freed."""

from __future__ import annotations

import gc

from gongwen.core.audit import Auditor
from gongwen.core.parse import parse_paragraphs, parse_text

from support import fixture_text

REPORTS = ("defects-report.txt", "defects-duty-report.txt", "defects-special-report.txt",
           "clean-report.txt")


def _cyclic_garbage(run) -> int:
    """Objects only the collector could free, left by ``run()``."""
    gc.collect()
    gc.disable()
    try:
        run()
        return gc.collect()
    finally:
        gc.enable()


def test_audits_of_new_and_edited_drafts_leave_no_cycles(catalog, segmenter):
    def audits() -> None:
        for name in REPORTS:
            auditor = Auditor(catalog.get("ideology-summary"), catalog.pack, segmenter=segmenter)
            texts = fixture_text(name).split("\n")
            auditor.audit(parse_paragraphs(texts))
            middle = len(texts) // 2
            for typed in ("进一步", "（三）加强", "\n"):  # typing, a heading, Enter
                texts[middle] += typed
                auditor.audit(parse_paragraphs("\n".join(texts).split("\n")))

    assert _cyclic_garbage(audits) == 0


def test_the_check_sees_a_cycle():
    def cycle() -> None:
        document = parse_text("一、总体情况\n正文。")
        document.sources.append(document)  # a document that holds itself

    assert _cyclic_garbage(cycle) > 0


def test_the_live_models_work_leaves_no_cycles(catalog, segmenter):
    """The editor's worker (audit, marks, panel rows) between keystrokes: it freezes too."""
    from gongwen.core.ignores import Ignores
    from gongwen.service import AuditService
    from gongwen.ui.view_model import LiveModel, Request

    service = AuditService(catalog)
    service.set_segmenter(segmenter)
    texts = fixture_text("defects-report.txt").split("\n")

    def typing() -> None:
        model, shown = LiveModel(), None
        for generation, typed in enumerate(("", "进一步", "X次", "（三）加强")):
            texts[len(texts) // 2] += typed
            result = model.compute(Request(generation, list(texts), "", Ignores(), shown,
                                           service))
            shown = result.shown

    assert _cyclic_garbage(typing) == 0

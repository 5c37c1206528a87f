"""Every colour the editor uses, in one place (hex strings; no Qt here): severities, section
statuses, headings and the greys of secondary text."""

from __future__ import annotations

from ..core.model import Severity

SEVERITY = {Severity.ERROR: "#d93025", Severity.WARNING: "#e37400", Severity.INFO: "#1a73e8"}
SEVERITY_BACKGROUND = {Severity.ERROR: "#fdecea", Severity.WARNING: "#fff4e0", Severity.INFO: ""}
GOOD = "#188038"
MUTED = "#80868b"  # counts, paragraph numbers, "……另有"
SECONDARY = "#5f6368"  # hints and notes
# section status: its mark and colour
STATUS = {"ok": ("✓", GOOD), "thin": ("△", SEVERITY[Severity.WARNING]),
          "missing": ("✗", SEVERITY[Severity.ERROR])}
UNKNOWN_STATUS = ("?", SECONDARY)
# categories drawn in a colour of their own whatever their severity: 错别字 and 规范提法
# violet (a proofreader's mark), passages recycled from last year's report grey
CATEGORY = {"typo": "#9334e6", "recycled": "#5f6368"}
CATEGORY_BACKGROUND = {"typo": "#f3e8fd", "recycled": "#f1f3f4"}
# headings by level (0 = the title)
HEADING = {0: "#1b2a41", 1: "#1b2a41", 2: "#22406b", 3: "#2f4f7f", 4: "#2f4f7f"}
# the page preview: the desk around the pages and their shadow
PREVIEW_BACKGROUND = "#e4e6ea"
PREVIEW_SHADOW = "#c4c7cc"
PAGE = "#ffffff"  # the paper
PAGE_INK = "#111111"  # text and table borders on the page (printed too)
PAGE_GUIDE = "#e8eaed"  # the type area's corner marks in the preview (not printed)
GUTTER_BACKGROUND = "#f7f8fa"  # the paragraph numbers beside the editor

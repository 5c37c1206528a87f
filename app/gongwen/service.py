"""The one way to audit a document: the command line, the editor's live checking, the review
copy and the reviewer's folder all go through an ``AuditService``.

It holds the catalog (checklists and rule packs), the unit profile and the segmenter, and
decides once which set-up problems stop a run and which are only warnings — each with one
Chinese message — so every front end treats a broken file the same way:

- a broken built-in checklist or rule pack: fatal (the install is damaged);
- a checklist or profile the user named explicitly (``--checklist x.toml``, ``--profile``)
  that is missing or broken, or an unknown checklist id: fatal (the run would not be
  what was asked for);
- a broken file in the user's config folder (their own checklists, rules, the saved
  profile): a warning; it is skipped and the built-ins (or no profile) are used.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog import DEFAULT_CHECKLIST, Catalog, load_catalog, load_layout_standard, load_profile
from .core.audit import Auditor, pack_title_rules
from .core.checklist import Checklist, ChecklistError, parse_checklist
from .core.ignores import Ignores
from .core.model import Document, Report
from .core.profile import Profile
from .core.rules.junk import junk_findings
from .core.shape import Shape, Shaper, speaker, voice_pattern

BROKEN_INSTALL = "内置检查清单有误，请重新安装 gongwen"
PROFILE_IGNORED = "（已忽略单位信息，按未填写处理）"


class SetupError(Exception):
    """A problem that stops the run; ``str()`` is the Chinese message (lines)."""


@dataclass(frozen=True, slots=True)
class Choice:
    """The checklist an audit uses and why (shown to the user)."""

    checklist: Checklist
    reason: str
    detected: bool  # chosen from the title rather than by the user


@dataclass(frozen=True, slots=True)
class Audit:
    document: Document  # as audited: the title decided
    report: Report
    choice: Choice

    @property
    def checklist(self) -> Checklist:
        return self.choice.checklist


@dataclass(slots=True)
class AuditService:
    catalog: Catalog
    profile: Profile = field(default_factory=Profile)
    warnings: list[str] = field(default_factory=list)  # shown once; the run goes on
    segmenter: Any = None
    _auditors: dict[str, Auditor] = field(default_factory=dict, repr=False)
    _shaper: Shaper | None = field(default=None, repr=False)

    # ------------------------------------------------------------ set-up
    @classmethod
    def load(cls, checklist: str | None = None, profile: str | Path | None = None,
             user_folder: Path | None = None, layout: str | None = None
             ) -> tuple[AuditService, str]:
        """The service for a run, and the checklist id the user asked for ("" = detect);
        ``layout``: the 版式 standard's id or file (default GB/T 9704).

        Raises SetupError for what must stop the run (see the module docstring)."""
        extra = [Path(checklist)] if checklist and Path(checklist).suffix == ".toml" else []
        try:
            catalog = load_catalog(user_folder, extra=extra)
        except ChecklistError as error:
            raise SetupError(f"{BROKEN_INSTALL}：\n{error}") from None
        if layout:
            try:
                catalog.layout = load_layout_standard(layout, user_folder)
            except ChecklistError as error:
                raise SetupError(str(error)) from None
        wanted = _wanted_checklist(checklist, catalog)
        saved_profile, problems = load_profile(Path(profile) if profile else None)
        if profile and not Path(profile).is_file():
            raise SetupError(f"找不到单位信息文件“{profile}”")
        if problems and profile:
            raise SetupError("\n".join(problems))
        warnings = list(catalog.problems) + [f"{p}{PROFILE_IGNORED}" for p in problems]
        return cls(catalog, saved_profile, warnings), wanted

    def with_profile(self, profile: Profile) -> AuditService:
        """A service like this one for another profile (the old one's auditors stay with
        whoever still uses it: a worker thread may be auditing with it)."""
        return AuditService(self.catalog, profile, list(self.warnings), self.segmenter)

    def load_segmenter(self) -> Any:
        """jieba (about a second the first time; then from the user cache)."""
        from .bundle import app_segmenter

        endings = tuple(self.catalog.pack.words("plain_noun_place_suffixes"))
        self.set_segmenter(app_segmenter(endings))
        return self.segmenter

    def set_segmenter(self, segmenter: Any) -> None:
        self.segmenter = segmenter
        for auditor in self._auditors.values():
            auditor.set_segmenter(segmenter)

    # ------------------------------------------------------------ auditing
    @property
    def shaper(self) -> Shaper:
        """One per service: its caches (junk scans, voice counts) serve every auditor."""
        if self._shaper is None:
            pack = self.catalog.pack
            self._shaper = Shaper(pack_title_rules(pack), lambda p: junk_findings(p, pack),
                                  voice_pattern(pack.words("person_voice")))
        return self._shaper

    def shape(self, document: Document) -> Shape:
        """The document's shape (site furniture, title, opening, year): decided once per
        audit, for the checklist choice and the audit itself."""
        return self.shaper.shape(document)

    def titled(self, document: Document) -> Document:
        return self.shape(document).document

    def checklist_for(self, document: Document, wanted: str = "",
                      shape: Shape | None = None) -> Choice:
        """The checklist asked for; else the one the title names, checked against who
        speaks (a 述职报告 says 本人; a 党委/党组's 责任制 report is the unit's); else, with no
        title naming a kind, the one the voice fits; else the default. The reason says
        which and why."""
        if wanted and wanted in self.catalog.checklists:
            checklist = self.catalog.checklists[wanted]
            return Choice(checklist, f"按所选清单“{checklist.name}”检查", False)
        shape = shape or self.shape(document)
        pack = self.catalog.pack
        voice = speaker(shape, int(pack.threshold("person_voice_min")))
        found = self.catalog.choose(shape.title, voice)
        if found is not None:
            checklist, by_voice, named = found
            return Choice(checklist, _reason(checklist, named, voice, by_voice), True)
        default = self.catalog.get(DEFAULT_CHECKLIST)
        where = "标题未写明文种" if shape.title else "未识别到标题"
        return Choice(default, f"未识别文种（{where}），按“{default.name}”检查", True)

    def auditor(self, checklist: Checklist) -> Auditor:
        """One auditor per checklist, kept: it caches per-paragraph work between audits."""
        auditor = self._auditors.get(checklist.id)
        if auditor is None or auditor.env.checklist is not checklist:
            auditor = Auditor(checklist, self.catalog.pack, self.profile, self.segmenter,
                              layout=self.catalog.layout, shaper=self.shaper)
            self._auditors[checklist.id] = auditor
        return auditor

    def audit(self, document: Document, wanted: str = "", ignores: Ignores | None = None,
              progress: Callable[[float], None] | None = None) -> Audit:
        """``progress``: told the share done now and then (``Auditor.audit``)."""
        with collector_paused():
            shape = self.shape(document)
            choice = self.checklist_for(document, wanted, shape)
            report = self.auditor(choice.checklist).audit(document, ignores, shape, progress)
        return Audit(report.document or document, report, choice)


# young objects an audit may leave to be collected (a keystroke in a 200k draft leaves about
# 5,000; its first audit 130,000, a merged compilation millions)
FREEZE_AFTER = 10_000
_paused = 0  # audits running with the collector paused (the editor runs two workers)
_paused_lock = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while an audit runs, on again after. An audit
    makes almost no cycles, only long-lived findings and cache entries, and the collector walking
    them again and again cost a sixth of a long audit (holding the GIL: the window waits).
    The young objects are collected once at the end, here on the auditing thread rather
    than at the next allocation of whichever thread comes first — unless the audit made
    more than ``FREEZE_AFTER`` of them (the first audit of a long draft): walking those
    holds the GIL (half a second for a merged compilation: the window stalls), and once
    they are old, each full collection walks them again (60 ms every tenth keystroke in a
    200,000-character draft), so they are frozen instead, never to be walked. An audit
    makes no cycles (tests/core/test_no_cycles.py), so freezing leaks nothing."""
    global _paused
    with _paused_lock:
        owned = _paused > 0 or gc.isenabled()
        if owned:
            _paused += 1
            gc.disable()
    if not owned:  # the collector was off for another reason: leave it so
        yield
        return
    try:
        yield
    finally:
        with _paused_lock:
            _paused -= 1
            last = _paused == 0
            if last:
                gc.enable()
        if last:
            if gc.get_count()[0] > FREEZE_AFTER:
                gc.freeze()  # O(1): the objects move to the permanent generation
            else:
                gc.collect(1)


VOICES = {"person": "正文以“本人”口吻陈述", "unit": "正文以单位（党委、党组等）名义陈述"}


def _reason(checklist: Checklist, named: str, voice: str, by_voice: bool) -> str:
    """Why ``checklist`` was chosen, in the user's words: the title's words that name it,
    and who speaks when that decided."""
    name = f"“{checklist.name}”"
    if not named:
        return f"未识别到标题，{VOICES[voice]}，按{name}检查"
    if by_voice:
        return f"按标题和口吻识别为{name}（标题含“{_short(named)}”，{VOICES[voice]}）"
    return f"按标题识别为{name}（标题含“{_short(named)}”）"


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wanted_checklist(checklist: str | None, catalog: Catalog) -> str:
    if not checklist:
        return ""
    if Path(checklist).suffix == ".toml":
        return _checklist_file_id(Path(checklist), catalog)
    if checklist not in catalog.checklists:
        raise SetupError(f"没有 id 为“{checklist}”的检查清单（可用：{'、'.join(catalog.checklists)}）")
    return checklist


def _checklist_file_id(path: Path, catalog: Catalog) -> str:
    """The id of a checklist file named on the command line; its problems stop the run."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        from .fileio.errors import describe_os_error

        raise SetupError(f"无法读取检查清单“{path}”：{describe_os_error(error)}") from None
    except UnicodeDecodeError:
        raise SetupError(f"{path}:1: 文件不是 UTF-8 编码") from None
    try:
        return parse_checklist(text, str(path), catalog.known_rules(), users=True).id
    except ChecklistError as error:
        raise SetupError(str(error)) from None


__all__ = ["Audit", "AuditService", "Choice", "SetupError"]

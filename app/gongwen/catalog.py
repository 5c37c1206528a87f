"""The checklists and rule packs in force: the built-ins, then the user's own files
(platformdirs config folder) overriding or extending them by id. A broken user file is
reported and skipped; it never stops the built-ins."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .core.checklist import Checklist, ChecklistError, RulePack, parse_checklist, parse_rulepack
from .core.profile import Profile, parse_profile
from .core.review_settings import ReviewSettings, parse_review_settings

DEFAULT_CHECKLIST = "ideology-summary"
# auto-detection tries the specific kinds first, the default last
DETECTION_ORDER = ("duty-report", DEFAULT_CHECKLIST, "special-report")
# data files beside the checklists that are not checklists
REVIEW_FILE = "review.toml"


@dataclass(slots=True)
class Catalog:
    checklists: dict[str, Checklist]
    pack: RulePack
    problems: list[str] = field(default_factory=list)

    def get(self, checklist_id: str) -> Checklist:
        return self.checklists.get(checklist_id) or self.checklists[DEFAULT_CHECKLIST]

    def detect(self, title: str) -> Checklist:
        order = [*DETECTION_ORDER, *(i for i in self.checklists if i not in DETECTION_ORDER)]
        for checklist_id in order:
            checklist = self.checklists.get(checklist_id)
            if checklist and title and checklist.matches_title(title):
                return checklist
        return self.get(DEFAULT_CHECKLIST)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def _load_folder(folder: Path, catalog: Catalog, strict: bool) -> None:
    for path in sorted(folder.glob("*.toml")):
        if path.name == REVIEW_FILE:
            continue
        try:
            checklist = parse_checklist(_read(path), str(path))
            catalog.checklists[checklist.id] = checklist
        except (ChecklistError, OSError, UnicodeDecodeError) as error:
            if strict:
                raise
            catalog.problems += _problems(error, path)
    for path in sorted((folder / "rules").glob("*.toml")):
        try:
            catalog.pack = catalog.pack.merge(parse_rulepack(_read(path), str(path)))
        except (ChecklistError, OSError, UnicodeDecodeError) as error:
            if strict:
                raise
            catalog.problems += _problems(error, path)


def _problems(error: Exception, path: Path) -> list[str]:
    if isinstance(error, ChecklistError):
        return error.problems
    if isinstance(error, UnicodeDecodeError):
        return [f"{path}:1: 文件不是 UTF-8 编码，已跳过"]
    return [f"{path}:1: 无法读取：{_os_problem(error)}"]


def _os_problem(error: Exception) -> str:
    from .formats.errors import describe_os_error

    return describe_os_error(error) if isinstance(error, OSError) else str(error)


def load_catalog(user_folder: Path | None = None, extra: list[Path] | None = None) -> Catalog:
    """Built-ins (errors raise: they are ours), then the user folder and any extra
    checklist files (errors are collected in ``problems``)."""
    catalog = Catalog({}, RulePack())
    _load_folder(paths.builtin_checklists(), catalog, strict=True)
    folder = paths.user_checklists() if user_folder is None else user_folder
    if folder.is_dir():
        _load_folder(folder, catalog, strict=False)
    for path in extra or ():
        try:
            checklist = parse_checklist(_read(path), str(path))
            catalog.checklists[checklist.id] = checklist
        except (ChecklistError, OSError, UnicodeDecodeError) as error:
            catalog.problems += _problems(error, path)
    return catalog


def load_review_settings(user_folder: Path | None = None) -> tuple[ReviewSettings, list[str]]:
    """The reviewer's desk settings: the built-in review.toml (errors raise: it is ours),
    then the user's review.toml over it (its problems are returned and it is ignored)."""
    builtin = paths.builtin_checklists() / REVIEW_FILE
    settings = parse_review_settings(_read(builtin), str(builtin))
    folder = paths.user_checklists() if user_folder is None else user_folder
    path = folder / REVIEW_FILE
    if not path.is_file():
        return settings, []
    try:
        return parse_review_settings(_read(path), str(path), base=settings), []
    except (ChecklistError, OSError, UnicodeDecodeError) as error:
        return settings, _problems(error, path)


def load_profile(path: Path | None = None) -> tuple[Profile, list[str]]:
    path = paths.profile_path() if path is None else path
    if not path.is_file():
        return Profile(), []
    try:
        return parse_profile(_read(path), str(path)), []
    except ChecklistError as error:
        return Profile(), error.problems
    except (OSError, UnicodeDecodeError) as error:
        return Profile(), [f"{path}:1: 无法读取单位信息：{_os_problem(error)}"]

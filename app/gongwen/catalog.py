"""The checklists and rule packs in force: the built-ins, then the user's own files
(platformdirs config folder) overriding or extending them by id. A broken user file is
reported and skipped; it never stops the built-ins. A broken built-in raises
ChecklistError: it is ours, and the install is damaged.

Rule packs load first, so the checklists' ``[severity]`` and ``disabled_rules`` are
checked against the rule ids in force; then the registry is checked (every rule declared
and implemented, every list and threshold present) and the code rules' examples audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .core.checklist import Checklist, ChecklistError, parse_checklist
from .core.examples import example_problems, registry_problems
from .core.model import CATEGORIES
from .core.profile import Profile, parse_profile
from .core.rulepack import RulePack, parse_rulepack

DEFAULT_CHECKLIST = "ideology-summary"
# auto-detection tries the specific kinds first, the default last
DETECTION_ORDER = ("duty-report", DEFAULT_CHECKLIST, "special-report")


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

    def known_rules(self) -> set[str]:
        """What a checklist's [severity] and disabled_rules may name."""
        return set(self.pack.specs) | set(CATEGORIES)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def _load_packs(folder: Path, catalog: Catalog, strict: bool) -> None:
    for path in sorted((folder / "rules").glob("*.toml")):
        try:
            reference = None if strict else catalog.pack  # user lists must keep the built-ins' shape
            catalog.pack = catalog.pack.merge(parse_rulepack(_read(path), str(path), trusted=strict,
                                                             reference=reference))
        except (ChecklistError, OSError, UnicodeDecodeError) as error:
            if strict:
                raise
            catalog.problems += _problems(error, path)


def _load_checklists(paths_: list[Path], catalog: Catalog, strict: bool) -> None:
    known = catalog.known_rules()
    for path in paths_:
        try:
            checklist = parse_checklist(_read(path), str(path), known)
            catalog.checklists[checklist.id] = checklist
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
    from .fileio.errors import describe_os_error

    return describe_os_error(error) if isinstance(error, OSError) else str(error)


def load_catalog(user_folder: Path | None = None, extra: list[Path] | None = None) -> Catalog:
    """Built-ins (errors raise: they are ours), then the user folder and any extra
    checklist files (errors are collected in ``problems``)."""
    catalog = Catalog({}, RulePack())
    builtin = paths.builtin_checklists()
    folder = paths.user_checklists() if user_folder is None else user_folder
    _load_packs(builtin, catalog, strict=True)
    builtin_pack = catalog.pack
    if folder.is_dir():
        _load_packs(folder, catalog, strict=False)
    _load_checklists(sorted(builtin.glob("*.toml")), catalog, strict=True)
    _check_registry(catalog, builtin_pack)
    if folder.is_dir():
        _load_checklists(sorted(folder.glob("*.toml")), catalog, strict=False)
    _load_checklists(list(extra or ()), catalog, strict=False)
    return catalog


def _check_registry(catalog: Catalog, builtin_pack: RulePack) -> None:
    """The built-in rules must be complete and their examples hold (else raise); a user
    pack that breaks an example is reported and the built-in pack is used instead."""
    problems = registry_problems(builtin_pack) + example_problems(builtin_pack, catalog.checklists)
    if problems:
        raise ChecklistError(problems)
    if catalog.pack is builtin_pack:
        return
    problems = registry_problems(catalog.pack) + example_problems(catalog.pack, catalog.checklists)
    if problems:
        catalog.problems += [*problems, "自定义规则有误，已改用内置规则"]
        catalog.pack = builtin_pack


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

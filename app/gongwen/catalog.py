"""The checklists and rule packs in force: the built-ins, then the user's own files
(platformdirs config folder) overriding or extending them by id. A broken user file is
reported and skipped; it never stops the built-ins. A broken built-in raises
ChecklistError: it is ours, and the install is damaged.

Rule packs load first, so the checklists' ``[severity]`` and ``disabled_rules`` are
checked against the rule ids in force; then the registry is checked (every rule declared
and implemented, every list and threshold present) and the code rules' examples audited.
"""

from __future__ import annotations

import marshal
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import paths
from .core.checklist import Checklist, ChecklistError, parse_checklist
from .core.data import ParsedCache, set_parsed_cache
from .core.examples import example_problems, registry_problems
from .core.layout_standard import RULE_IDS, LayoutStandard
from .core.model import CATEGORIES
from .core.profile import Profile, parse_profile
from .core.rulepack import RulePack, RuleSpec, parse_rulepack
from .core.rules.layout import parse_layout_standard

if TYPE_CHECKING:
    from .core.review_settings import ReviewSettings

DEFAULT_CHECKLIST = "ideology-summary"
DEFAULT_LAYOUT = "gbt9704"  # checklists/layout/gbt9704.toml
# auto-detection tries the specific kinds first, the default last
DETECTION_ORDER = ("duty-report", "responsibility-report", DEFAULT_CHECKLIST, "special-report")
# data files beside the checklists that are not checklists
REVIEW_FILE = "review.toml"


@dataclass(slots=True)
class Catalog:
    checklists: dict[str, Checklist]
    pack: RulePack
    problems: list[str] = field(default_factory=list)
    layouts: dict[str, LayoutStandard] = field(default_factory=dict)  # 版式 standards by id
    layout: LayoutStandard | None = None  # the one a .docx is judged by

    def get(self, checklist_id: str) -> Checklist:
        return self.checklists.get(checklist_id) or self.checklists[DEFAULT_CHECKLIST]

    def detect(self, title: str, voice: str = "") -> Checklist:
        found = self.choose(title, voice)
        return found[0] if found else self.get(DEFAULT_CHECKLIST)

    def choose(self, title: str, voice: str = "") -> tuple[Checklist, bool, str] | None:
        """The checklist for a report with this title and voice ("person" when it speaks as
        本人, "unit" otherwise), whether the voice decided it and the title's words that
        named it; or None.

        In detection order: a title pattern names the kind (述职); a voice title pattern
        (责任制…报告) names it only when the text speaks with the checklist's voice — so a
        党委's 责任制 report falls through to the unit's checklist. Without a title, the
        first checklist whose speaker is "person" when the text speaks as 本人."""
        order = [*DETECTION_ORDER, *(i for i in self.checklists if i not in DETECTION_ORDER)]
        checklists = [self.checklists[i] for i in order if i in self.checklists]
        if not title:
            return next(((c, True, "") for c in checklists
                         if voice == "person" and c.speaker == voice), None)
        for checklist in checklists:
            named = _first_match(checklist.title_patterns, title)
            if named:
                return checklist, False, named
            named = _first_match(checklist.speaker_title_patterns, title)
            if named and checklist.speaker == voice:
                return checklist, True, named
        return None

    def known_rules(self) -> set[str]:
        """What a checklist's [severity] and disabled_rules may name."""
        return set(self.pack.specs) | set(CATEGORIES) | set(RULE_IDS)


def _first_match(patterns, title: str) -> str:
    return next((m.group(0) for m in (p.search(title) for p in patterns) if m), "")


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


def _checklist_files(folder: Path) -> list[Path]:
    """The checklists of a folder: its .toml files but the reviewer's desk settings."""
    return sorted(p for p in folder.glob("*.toml") if p.name != REVIEW_FILE)


def _load_checklists(paths_: list[Path], catalog: Catalog, strict: bool) -> None:
    known = catalog.known_rules()
    for path in paths_:
        try:
            checklist = parse_checklist(_read(path), str(path), known, users=not strict)
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
    cache = KeptToml(paths.cache_dir() / KeptToml.NAME)
    before = set_parsed_cache(cache)
    try:
        return _load_catalog(user_folder, extra)
    finally:
        set_parsed_cache(before)
        cache.save()


class KeptToml(ParsedCache):
    """The TOML parsed at the last start, by content (length and two checksums), in one
    marshal file of the user cache: parsing the built-in files took about 0.1 s of every
    start. Each hand-out is a fresh copy (a caller may change what it gets); a file that
    cannot be read or written only costs the parse."""

    NAME = "parsed-toml"

    def __init__(self, path: Path):
        self.path = path
        self.used: dict[tuple[int, int, int], bytes] = {}
        self.changed = False
        try:
            kept = marshal.loads(path.read_bytes())
            self.kept = kept if isinstance(kept, dict) else {}
        except (OSError, EOFError, ValueError, TypeError):
            self.kept = {}

    @staticmethod
    def _key(text: str) -> tuple[int, int, int]:
        data = text.encode("utf-8", "surrogatepass")
        return len(data), zlib.crc32(data), zlib.adler32(data)

    def get(self, text: str) -> dict[str, Any] | None:
        key = self._key(text)
        blob = self.kept.get(key)
        if not isinstance(blob, bytes):
            return None
        try:
            data = marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            return None
        self.used[key] = blob
        return data if isinstance(data, dict) else None

    def put(self, text: str, data: dict[str, Any]) -> None:
        try:
            self.used[self._key(text)] = marshal.dumps(data)
        except ValueError:  # a TOML date or time: not kept
            return
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        from .fileio.atomic import write_bytes_atomic

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(self.path, marshal.dumps(self.used))
        except OSError:
            pass


def _load_catalog(user_folder: Path | None, extra: list[Path] | None) -> Catalog:
    catalog = Catalog({}, RulePack())
    builtin = paths.builtin_checklists()
    folder = paths.user_checklists() if user_folder is None else user_folder
    verified = BuiltinsVerified(builtin)
    catalog.layouts, problems = load_layout_standards(folder, check_builtins=not verified.ok)
    catalog.layout = catalog.layouts.get(DEFAULT_LAYOUT)
    catalog.problems += problems
    _attach_proofreader(catalog, folder)
    _load_packs(builtin, catalog, strict=True)
    builtin_pack = catalog.pack
    if folder.is_dir():
        _load_packs(folder, catalog, strict=False)
    _load_checklists(_checklist_files(builtin), catalog, strict=True)
    _check_registry(catalog, builtin_pack, verified)
    if folder.is_dir():
        _load_checklists(_checklist_files(folder), catalog, strict=False)
    _load_checklists(list(extra or ()), catalog, strict=False)
    return catalog


def _check_registry(catalog: Catalog, builtin_pack: RulePack, verified: BuiltinsVerified) -> None:
    """The built-in rules must be complete and their examples hold (else raise; the
    examples are audited once per version of the data and the code, ``verified``); a user
    pack that breaks an example is reported and the built-in pack is used instead."""
    problems = registry_problems(builtin_pack)
    if not verified.ok:
        problems += example_problems(builtin_pack, catalog.checklists)
    if problems:
        raise ChecklistError(problems)
    verified.record()
    if catalog.pack is builtin_pack:
        return
    problems = registry_problems(catalog.pack) + example_problems(catalog.pack, catalog.checklists)
    if problems:
        catalog.problems += [*problems, "自定义规则有误，已改用内置规则"]
        catalog.pack = builtin_pack


class BuiltinsVerified:
    """Whether the built-in examples were audited with this very data and code: they are
    ours and cannot change between starts, so a start whose data files (by content) and
    program files (by size and time) are those of the last verified one skips auditing
    them again (about 0.15 s); user files are always checked. The stamp lives in the user
    cache folder; one that cannot be read or written only costs that time."""

    NAME = "builtins-verified"

    def __init__(self, builtin: Path):
        self.key = _builtin_key(builtin)
        self.path = paths.cache_dir() / self.NAME
        try:
            self.ok = self.path.read_text(encoding="utf-8") == self.key
        except (OSError, UnicodeDecodeError):
            self.ok = False

    def record(self) -> None:
        if self.ok:
            return
        from .fileio.atomic import write_text_atomic

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.path, self.key)
        except OSError:
            pass


def _builtin_key(builtin: Path) -> str:
    import hashlib
    import sys

    from . import __version__

    digest = hashlib.sha256(f"{__version__}|{sys.version}".encode())
    for path in sorted(p for p in builtin.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(builtin)).encode() + b"\0" + path.read_bytes())
    code = Path(__file__).resolve().parent
    for path in sorted(code.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(code)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _attach_proofreader(catalog: Catalog, user_folder: Path) -> None:
    """The typo/formulation index (built once into the user cache, then unpickled), and its
    [[check]] declarations as the first rules of the registry (known to checklists'
    [severity], listed by ``gongwen rules``; their examples are checked when the index is
    built, so the registry takes them as checked)."""
    from .proof_cache import bundled_index, load_proofreader

    loaded = load_proofreader(paths.builtin_checklists(), user_folder, paths.cache_dir(),
                              bundled_index())
    catalog.problems += loaded.problems
    checks = loaded.index.checks.values() if loaded.index is not None else ()
    catalog.pack = RulePack(specs={c.id: RuleSpec(
        c.id, c.category, c.severity, c.message, bad=tuple(c.bad), good=tuple(c.good),
        pattern=True, source=c.source) for c in checks}, proof=loaded.index)


def load_review_settings(user_folder: Path | None = None) -> tuple[ReviewSettings, list[str]]:
    """The reviewer's desk settings: the built-in review.toml (errors raise: it is ours),
    then the user's review.toml over it (its problems are returned and it is ignored)."""
    from .core.review_settings import parse_review_settings  # the desk's only: not an audit's

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


# ---------------------------------------------------------------- layout standards


def load_layout_standards(user_folder: Path | None = None, check_builtins: bool = True
                          ) -> tuple[dict[str, LayoutStandard], list[str]]:
    """The layout standards by id: checklists/layout/*.toml built in (errors raise: they are
    ours; ``check_builtins``: their examples too), then the user's own
    (``<config>/checklists/layout/``; same id replaces, problems are collected and the file
    skipped)."""
    standards: dict[str, LayoutStandard] = {}
    for path in sorted((paths.builtin_checklists() / "layout").glob("*.toml")):
        standard = parse_layout_standard(_read(path), str(path), examples=check_builtins)
        standards[standard.id] = standard
    problems: list[str] = []
    folder = (paths.user_checklists() if user_folder is None else user_folder) / "layout"
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
        try:
            standard = parse_layout_standard(_read(path), str(path))
            standards[standard.id] = standard
        except (ChecklistError, OSError, UnicodeDecodeError) as error:
            problems += _problems(error, path)
    return standards, problems


def load_layout_standard(choice: str | Path | None = None,
                         user_folder: Path | None = None) -> LayoutStandard:
    """The standard ``--layout ID|PATH`` names (the default GB/T 9704 for None). A path (an
    existing file, or anything ending in .toml) is read as given; raises ChecklistError
    with ``file:line:`` problems, or with the known ids when the id is unknown."""
    text = str(choice) if choice is not None else DEFAULT_LAYOUT
    path = Path(text)
    if text.lower().endswith(".toml") or path.is_file():
        try:
            return parse_layout_standard(_read(path), str(path))
        except (OSError, UnicodeDecodeError) as error:
            raise ChecklistError(_problems(error, path)) from None
    standards, _ = load_layout_standards(user_folder)
    if text not in standards:
        known = "、".join(sorted(standards))
        raise ChecklistError([f"{text}:1: 没有这个版式标准（可用：{known}，或给出 .toml 文件路径）"])
    return standards[text]

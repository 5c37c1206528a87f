"""What the window remembers between sessions (a JSON file in the user config folder) and
what each document remembers (its chosen checklist and ignores: a sidecar JSON in the user
data folder, keyed by the file's path)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import paths
from ..core.ignores import Ignores
from ..fileio.atomic import write_text_atomic
from ..formats.gbt9704 import FONT_SCHEMES

AUTO = ""  # checklist choice: detect from the title
RECENT_LIMIT = 10
DEFAULT_FONT_SIZE = 14


@dataclass(slots=True)
class Settings:
    geometry: str = ""  # QMainWindow.saveGeometry() as hex
    splitter: list[int] = field(default_factory=list)
    font_size: int = DEFAULT_FONT_SIZE
    recent: list[str] = field(default_factory=list)
    checklist: str = AUTO
    last_file: str = ""
    show_outline: bool = True
    show_preview: bool = False  # 版面预览 beside the editor
    preview_width: int = 0  # the preview's width in the splitter (0: a default)
    show_numbers: bool = True  # paragraph numbers beside the editor
    official_view: bool = False  # the editor in 仿宋 with first-line indents
    reviewer: str = ""  # the author of tracked changes (保存为修订稿)
    # the window's geometry per screen ("name@WxH" of the available area → saveGeometry hex)
    geometries: dict[str, str] = field(default_factory=dict)
    show_panel: bool = True  # the checklist panel (视图 ▸ 显示检查清单)
    show_toolbar: bool = True
    # the 导出定稿 dialog's last choices
    export_fonts: str = "gb2312"  # a key of formats.gbt9704.FONT_SCHEMES
    export_seal: bool = False
    export_punctuation: bool = True
    export_chinese_date: bool = False
    export_signature: bool = True  # the 落款 unit line
    export_date: bool = True  # the 成文日期 line

    def add_recent(self, path: str) -> None:
        self.recent = [path, *(p for p in self.recent if p != path)][:RECENT_LIMIT]


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


FONT_RANGE = (8, 48)
MAX_TEXT = 4096  # a setting string longer than this is not one the app wrote
_HEX = re.compile(r"[0-9a-fA-F]*")


def load_settings() -> Settings:
    return load_settings_checked()[0]


def load_settings_checked() -> tuple[Settings, list[str]]:
    """The settings, every value checked against ``SCHEMA``; a value of the wrong type or
    out of range is replaced by its default, with a Chinese notice for each (a missing
    file is no problem: first start)."""
    path = settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), []
    except (OSError, ValueError) as error:
        why = "不是有效的 JSON" if isinstance(error, ValueError) else "无法读取"
        return Settings(), [f"设置文件 {path} {why}，已全部改用默认设置"]
    if not isinstance(data, dict):
        return Settings(), [f"设置文件 {path} 的内容不是一个对象，已全部改用默认设置"]
    settings, notices = Settings(), []
    for name, check in SCHEMA.items():
        if name not in data:
            continue
        value, ok = check(data[name])
        if not ok:
            default = getattr(settings, name)
            notices.append(f"设置 {name} 的值 {_short(data[name])} 无效，已改用默认值 {_short(default)}")
            if value is None:
                continue
        setattr(settings, name, value)
    return settings, notices


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _text(value: object) -> tuple[str | None, bool]:
    ok = isinstance(value, str) and len(value) <= MAX_TEXT and "\x00" not in value
    return (value, True) if ok else (None, False)


def _geometry(value: object) -> tuple[str | None, bool]:
    ok = isinstance(value, str) and len(value) <= MAX_TEXT and bool(_HEX.fullmatch(value))
    return (value, True) if ok else (None, False)


def _font_size(value: object) -> tuple[int | None, bool]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None, False
    clamped = max(FONT_RANGE[0], min(FONT_RANGE[1], value))
    return clamped, clamped == value  # out of range: the nearest size, said so


def _splitter(value: object) -> tuple[list[int] | None, bool]:
    ok = isinstance(value, list) and len(value) == 3 and all(
        isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 100_000 for v in value)
    return (list(value), True) if ok else (None, False)


def _recent(value: object) -> tuple[list[str] | None, bool]:
    """The good entries are kept; dropping a bad one is said."""
    if not isinstance(value, list):
        return None, False
    good = [v for v in value if _text(v)[1] and v]
    return good[:RECENT_LIMIT], len(good) == len(value)


def _boolean(value: object) -> tuple[bool | None, bool]:
    return (value, True) if isinstance(value, bool) else (None, False)


def _geometries(value: object) -> tuple[dict[str, str] | None, bool]:
    """The good entries are kept (at most GEOMETRY_LIMIT screens)."""
    if not isinstance(value, dict):
        return None, False
    good = {k: v for k, v in value.items() if _text(k)[1] and _geometry(v)[1]}
    return dict(list(good.items())[-GEOMETRY_LIMIT:]), len(good) == len(value)


def _font_scheme(value: object) -> tuple[str | None, bool]:
    return (value, True) if value in FONT_SCHEMES else (None, False)


def _preview_width(value: object) -> tuple[int | None, bool]:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100_000
    return (value, True) if ok else (None, False)


GEOMETRY_LIMIT = 8
SCHEMA = {"geometry": _geometry, "splitter": _splitter, "font_size": _font_size, "recent": _recent,
          "checklist": _text, "last_file": _text, "show_outline": _boolean, "reviewer": _text,
          "show_preview": _boolean, "preview_width": _preview_width, "show_numbers": _boolean,
          "official_view": _boolean,
          "geometries": _geometries, "show_panel": _boolean, "show_toolbar": _boolean,
          "export_fonts": _font_scheme, "export_seal": _boolean, "export_punctuation": _boolean,
          "export_chinese_date": _boolean, "export_signature": _boolean,
          "export_date": _boolean}


def save_settings(settings: Settings) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(asdict(settings), ensure_ascii=False, indent=1))


@dataclass(slots=True)
class DocumentSettings:
    checklist: str = AUTO
    ignores: Ignores = field(default_factory=Ignores)
    draft_docx: bool = False  # a .docx this app saved as a plain draft: 保存 may overwrite it


def _sidecar(document_path: str) -> Path:
    key = hashlib.sha1(str(Path(document_path).resolve()).encode("utf-8")).hexdigest()[:20]
    return paths.data_dir() / "documents" / f"{key}.json"


def load_document_settings(document_path: str | None) -> DocumentSettings:
    """A document's checklist and ignores; whatever in the sidecar is not what the app
    wrote (wrong types) is left out, so a later save cannot fail on it."""
    if not document_path:
        return DocumentSettings()
    try:
        data = json.loads(_sidecar(document_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return DocumentSettings()
    if not isinstance(data, dict):
        return DocumentSettings()
    checklist = data.get("checklist")
    return DocumentSettings(checklist if _text(checklist)[1] else AUTO,
                            _ignores(data.get("ignores")), data.get("draft_docx") is True)


def _ignores(value: object) -> Ignores:
    if not isinstance(value, dict):
        return Ignores()

    def strings(key: str) -> list:
        items = value.get(key)
        return items if isinstance(items, list) else []

    return Ignores({r for r in strings("rules") if isinstance(r, str)},
                   {tuple(s) for s in strings("spots")
                    if isinstance(s, list) and len(s) == 3 and all(isinstance(x, str) for x in s)},
                   {w for w in strings("words") if isinstance(w, str)})


def save_document_settings(document_path: str, settings: DocumentSettings) -> None:
    path = _sidecar(document_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"path": str(Path(document_path).resolve()), "checklist": settings.checklist,
            "ignores": settings.ignores.to_json(), "draft_docx": settings.draft_docx}
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=1))

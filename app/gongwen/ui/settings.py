"""What the window remembers between sessions (a JSON file in the user config folder) and
what each document remembers (its chosen checklist and ignores: a sidecar JSON in the user
data folder, keyed by the file's path)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from .. import paths
from ..core.ignores import Ignores
from ..fileio.atomic import write_text_atomic

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
    reviewer: str = ""  # the author of tracked changes (保存为修订稿)

    def add_recent(self, path: str) -> None:
        self.recent = [path, *(p for p in self.recent if p != path)][:RECENT_LIMIT]


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


def load_settings() -> Settings:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    known = {f.name for f in fields(Settings)}
    settings = Settings(**{k: v for k, v in data.items() if k in known})
    settings.font_size = max(8, min(48, int(settings.font_size or DEFAULT_FONT_SIZE)))
    return settings


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
    if not document_path:
        return DocumentSettings()
    try:
        data = json.loads(_sidecar(document_path).read_text(encoding="utf-8"))
        return DocumentSettings(str(data.get("checklist", AUTO)),
                                Ignores.from_json(data.get("ignores", {})),
                                data.get("draft_docx") is True)
    except (OSError, ValueError, TypeError, AttributeError):
        return DocumentSettings()


def save_document_settings(document_path: str, settings: DocumentSettings) -> None:
    path = _sidecar(document_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"path": str(Path(document_path).resolve()), "checklist": settings.checklist,
            "ignores": settings.ignores.to_json(), "draft_docx": settings.draft_docx}
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=1))

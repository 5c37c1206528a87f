"""Where things live: the built-in data (inside the package or the source tree) and the
user's folders (platformdirs). The app writes only to the user folders and to files the
user chooses."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

APP = "gongwen"
_dirs = PlatformDirs(APP, appauthor=False)
_HERE = Path(__file__).resolve().parent


def _builtin(name: str) -> Path:
    """gongwen/_<name> in a wheel or bundle; <repo>/<name> in a source checkout."""
    for candidate in (_HERE / f"_{name}", _HERE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"找不到内置数据目录 {name}")


def builtin_checklists() -> Path:
    return _builtin("checklists")


def builtin_resources() -> Path:
    return _builtin("resources")


def _override(variable: str, default: str) -> Path:
    path = Path(os.environ.get(variable) or default)
    return path


def config_dir() -> Path:
    """Settings, user checklists (checklists/), the unit profile (profile.toml)."""
    return _override("GONGWEN_CONFIG_DIR", _dirs.user_config_dir)


def data_dir() -> Path:
    """Autosaves and backups."""
    return _override("GONGWEN_DATA_DIR", _dirs.user_data_dir)


def cache_dir() -> Path:
    """jieba's dictionary cache."""
    return _override("GONGWEN_CACHE_DIR", _dirs.user_cache_dir)


def user_checklists() -> Path:
    return config_dir() / "checklists"


def profile_path() -> Path:
    return config_dir() / "profile.toml"


BACKUP_FOLDER = "backups"


def backups():
    """Where the previous versions of the user's own files go (文件 ▸ 历史版本…)."""
    from .fileio.atomic import Backups

    return Backups(data_dir() / BACKUP_FOLDER)

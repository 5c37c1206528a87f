"""Each robustness test gets its own user folders (config, data with backups, cache)."""

from __future__ import annotations

import pytest


@pytest.fixture()
def user_dirs(tmp_path, monkeypatch):
    """Fresh GONGWEN_CONFIG_DIR / GONGWEN_DATA_DIR for one test; returns (config, data)."""
    config, data = tmp_path / "用户配置", tmp_path / "用户数据"
    monkeypatch.setenv("GONGWEN_CONFIG_DIR", str(config))
    monkeypatch.setenv("GONGWEN_DATA_DIR", str(data))
    return config, data

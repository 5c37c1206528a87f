"""Shared fixtures: the built-in catalog, jieba (loaded once per session), an audit helper,
and user folders redirected to a temporary place so tests never touch the real ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")



@pytest.fixture(scope="session", autouse=True)
def _user_dirs(tmp_path_factory):
    base = tmp_path_factory.mktemp("userdirs")
    for name in ("CONFIG", "DATA", "CACHE"):
        os.environ[f"GONGWEN_{name}_DIR"] = str(base / name.lower())
    yield


@pytest.fixture(scope="session")
def catalog():
    from gongwen.catalog import load_catalog

    return load_catalog(user_folder=Path("/nonexistent"))


@pytest.fixture(scope="session")
def segmenter(tmp_path_factory, catalog):
    from gongwen.core.segment import load_segmenter

    endings = tuple(catalog.pack.words("plain_noun_place_suffixes"))
    return load_segmenter(str(tmp_path_factory.mktemp("jieba")), noun_place_endings=endings)


@pytest.fixture()
def audit_text(catalog, segmenter):
    """audit_text(text, checklist="ideology-summary", profile=None) -> Report"""
    from gongwen.core.audit import Auditor
    from gongwen.core.parse import parse_text

    def run(text: str, checklist: str = "ideology-summary", profile=None, use_jieba: bool = True):
        auditor = Auditor(catalog.get(checklist), catalog.pack, profile,
                          segmenter if use_jieba else None)
        return auditor.audit(parse_text(text))

    return run

"""The built-in examples are audited once per version of the data and code: a second start
with the same files skips them; a changed data file is audited again (and a broken
example then fails the load, as always)."""

from __future__ import annotations

import shutil

import pytest

from gongwen import catalog as catalog_module
from gongwen import paths
from gongwen.core.checklist import ChecklistError


@pytest.fixture()
def builtins(tmp_path, monkeypatch):
    copy = tmp_path / "checklists"
    shutil.copytree(paths.builtin_checklists(), copy)
    monkeypatch.setattr(paths, "builtin_checklists", lambda: copy)
    monkeypatch.setenv("GONGWEN_CACHE_DIR", str(tmp_path / "cache"))
    audited = []
    real = catalog_module.example_problems

    def counted(*args, **kwargs):
        audited.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(catalog_module, "example_problems", counted)
    return copy, audited


def test_a_second_start_skips_the_audit_and_a_changed_file_is_audited_again(builtins, tmp_path):
    copy, audited = builtins
    nobody = tmp_path / "no-user-folder"
    first = catalog_module.load_catalog(user_folder=nobody)
    assert audited == [1] and (tmp_path / "cache" / "builtins-verified").is_file()
    second = catalog_module.load_catalog(user_folder=nobody)
    assert audited == [1]
    assert sorted(second.checklists) == sorted(first.checklists)
    assert second.pack.specs.keys() == first.pack.specs.keys()

    numbering = copy / "rules" / "numbering.toml"
    text = numbering.read_text(encoding="utf-8")
    numbering.write_text(text.replace('bad = ["一、加强领导\\n三、强化学习"]',
                                      'bad = ["一、加强领导\\n二、强化学习"]'), encoding="utf-8")
    with pytest.raises(ChecklistError) as error:
        catalog_module.load_catalog(user_folder=nobody)
    assert audited == [1, 1]
    assert any("numbering.gap" in p for p in error.value.problems)


def test_an_unreadable_stamp_only_costs_the_audit(builtins, tmp_path):
    _copy, audited = builtins
    stamp = tmp_path / "cache" / "builtins-verified"
    stamp.parent.mkdir(parents=True)
    stamp.write_bytes(b"\xff\xfe not utf-8")
    catalog_module.load_catalog(user_folder=tmp_path / "none")
    assert audited == [1] and stamp.read_text(encoding="utf-8") != ""

"""The built-in examples are audited once per version of the data and code: a second start
with the same files skips them; a changed data file is audited again (and a broken
example then fails the load, as always)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gongwen import catalog as catalog_module
from gongwen import paths
from gongwen.core import data as data_module
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


def test_parsed_toml_is_kept_by_content_and_a_changed_file_is_parsed_again(builtins, tmp_path,
                                                                           monkeypatch):
    copy, _audited = builtins
    nobody = tmp_path / "no-user-folder"
    parsed = []
    real = data_module._parse_toml
    monkeypatch.setattr(data_module, "_parse_toml", lambda text, source: parsed.append(source)
                        or real(text, source))
    first = catalog_module.load_catalog(user_folder=nobody)
    assert len(parsed) > 10 and (tmp_path / "cache" / "parsed-toml").is_file()
    parsed.clear()
    second = catalog_module.load_catalog(user_folder=nobody)
    assert parsed == [] and sorted(second.checklists) == sorted(first.checklists)
    assert [r.id for r in second.pack.rules] == [r.id for r in first.pack.rules]
    toml = copy / "ideology-summary.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('name = "意识形态工作总结"',
                                                             'name = "意识形态工作总结（改）"', 1),
                    encoding="utf-8")
    third = catalog_module.load_catalog(user_folder=nobody)
    assert [Path(s).name for s in parsed] == ["ideology-summary.toml"]
    assert third.get("ideology-summary").name == "意识形态工作总结（改）"


def test_a_damaged_parsed_toml_cache_only_costs_the_parse(builtins, tmp_path):
    nobody = tmp_path / "no-user-folder"
    (tmp_path / "cache").mkdir(parents=True, exist_ok=True)
    (tmp_path / "cache" / "parsed-toml").write_bytes(b"\x00garbage\xff" * 10)
    assert catalog_module.load_catalog(user_folder=nobody).get("ideology-summary") is not None
    assert catalog_module.load_catalog(user_folder=nobody).get("ideology-summary") is not None

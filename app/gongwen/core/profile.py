"""The unit profile: who is writing (unit name, region, people), from a small TOML text.

Names in the draft that belong to the profile are the writer's own; other place and unit
names are reported as residue from someone else's template.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .data import ChecklistError, Problems, line_of, load_toml

PROFILE_KEYS = {"unit", "region", "people", "aliases", "signer", "date"}


@dataclass(frozen=True, slots=True)
class Profile:
    unit: str = ""  # 落款 unit name, e.g. 中共某某县文化和旅游局党组
    region: tuple[str, ...] = ()  # e.g. ("河南省", "新乡市", "卫辉市")
    people: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other names of the unit, e.g. 县文旅局

    @property
    def given(self) -> bool:
        return bool(self.unit or self.region or self.people or self.aliases)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.unit, *self.region, *self.people, *self.aliases) if n)

    def owns(self, name: str, suffixes: tuple[str, ...] = ()) -> bool:
        """True when ``name`` is one of the profile's names or part of one (卫辉 ⊂ 卫辉市);
        ``suffixes`` (市, 街道…) are taken off its end first: 卫辉县 is 卫辉's too."""
        core = strip_suffixes(name, suffixes)
        return any(name in own or own in name or (len(core) >= 2 and core in own)
                   for own in self.names)


def strip_suffixes(name: str, suffixes: tuple[str, ...]) -> str:
    """``name`` without the administrative suffixes at its end (卫辉市太公镇 → 卫辉市太公 → …
    as long as one fits)."""
    while suffixes and name.endswith(suffixes):
        name = name[: -len(next(s for s in suffixes if name.endswith(s)))]
    return name


def parse_profile(text: str, source: str) -> Profile:
    """The profile; ChecklistError (``source:line: what``) for bad TOML, an unknown key or
    a value of the wrong type (``people = 5``) — every problem at once."""
    data = load_toml(text, source)
    unknown = set(data) - PROFILE_KEYS
    if unknown:
        names = sorted(unknown)
        line = line_of(text, *(f"{n} =" for n in names), *(f"{n}=" for n in names), *names)
        raise ChecklistError([f"{source}:{line}: 单位信息有未知字段：{'、'.join(names)}"])
    problems = Problems(text, source)

    def strings(key: str) -> tuple[str, ...]:
        return problems.strings(data.get(key), f"单位信息的 {key}", f"{key} =", f"{key}=", key)

    unit = problems.string(data.get("unit"), "单位信息的 unit", "unit =", "unit=", "unit")
    for key in ("signer", "date"):
        problems.string(data.get(key), f"单位信息的 {key}", f"{key} =", f"{key}=", key)
    profile = Profile(unit, strings("region"), strings("people"), strings("aliases"))
    problems.raise_if_any()
    return profile


def dump_profile(profile: Profile) -> str:
    def quoted(values: tuple[str, ...]) -> str:
        return "[" + ", ".join(map(_toml_string, values)) + "]"

    return (f"unit = {_toml_string(profile.unit)}\nregion = {quoted(profile.region)}\n"
            f"people = {quoted(profile.people)}\naliases = {quoted(profile.aliases)}\n")


def _toml_string(value: str) -> str:
    """A TOML basic string: JSON's escapes are all valid TOML; TOML also wants DEL escaped."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")

"""The proofreader's index, built once from the data files and kept in the user cache
folder (like the jieba tables of gongwen.bundle): a start whose data is unchanged only
unpickles it (about 10 ms), a changed or first start builds it (a few seconds, once).

The data: built-in ``checklists/proof/typo.toml``, ``proof/formulation.toml`` and
``checklists/proof/lexicon/*.txt`` (``shapes.txt`` is the table of look-alike characters), then
the same files in the user's checklists folder, which extend or replace them. The cache
file is named by nothing but its content: it records the hash of every input (the data
texts, the index format, pypinyin's and pyahocorasick's versions) and is rebuilt when any
of them changes. The examples inside the data are checked whenever the index is built.
"""

from __future__ import annotations

import pickle
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .core.data import ChecklistError
from .core.proof.index import INDEX_FORMAT, ProofIndex

if TYPE_CHECKING:
    from .core.proof.model import ProofData

CACHE_NAME = "proofreader.pickle"
TOML_FILES = ("proof/typo.toml", "proof/formulation.toml")
SHAPES = "shapes.txt"


@dataclass(slots=True)
class Loaded:
    index: ProofIndex | None
    problems: list[str] = field(default_factory=list)
    built: bool = False  # False: read from the cache


def data_files(folder: Path) -> list[Path]:
    files = [folder / name for name in TOML_FILES if (folder / name).is_file()]
    lexicon = folder / "proof" / "lexicon"
    return files + (sorted(lexicon.glob("*.txt")) if lexicon.is_dir() else [])


def _parse(path: Path, text: str) -> ProofData:
    from .core.proof.data import ProofData, parse_lexicon, parse_proof_toml, parse_shapes

    if path.suffix == ".toml":
        return parse_proof_toml(text, str(path))
    if path.name == SHAPES:
        return ProofData(shapes=parse_shapes(text, str(path)))
    return ProofData(entries=parse_lexicon(text, str(path)))


def _versions() -> str:
    """What else the index depends on: its format, the app's version (pypinyin and
    pyahocorasick are pinned by a release; reading their versions would cost an import of
    pypinyin, 0.2 s, that a cached start does not need) and Python's."""
    from . import __version__

    return f"{INDEX_FORMAT}/{__version__}/{sys.version_info[:2]}"


def _key(texts: list[tuple[Path, str]]) -> str:
    """A checksum of the inputs (CRC-32 and length: enough to tell one version of our own
    data from the next; hashlib would pull in OpenSSL at start-up)."""
    data = "\0".join([_versions(), *(f"{path.name}\0{text}" for path, text in texts)]).encode()
    return f"{zlib.crc32(data):08x}-{len(data)}"


def _read_cache(path: Path, key: str) -> ProofIndex | None:
    try:
        with open(path, "rb") as f:  # our own file in the user cache folder
            index = pickle.load(f)
    except Exception:  # missing, damaged or from another version: rebuild
        return None
    return index if isinstance(index, ProofIndex) and index.key == key else None


def _write_cache(path: Path, index: ProofIndex) -> None:
    from .fileio.atomic import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, lambda tmp: tmp.write_bytes(pickle.dumps(index, protocol=5)))
    except Exception:  # a cache that cannot be written only costs time at the next start
        pass


def load_proofreader(builtin: Path, user: Path | None, cache: Path | None,
                     bundled: Path | None = None) -> Loaded:
    """The index for the built-in data plus the user's files. Built-in problems raise
    (they are ours); a broken user file is reported in ``problems`` and skipped.
    ``bundled``: an index pre-built into the packaged app (read-only; used when it was
    made from the same data, i.e. the user has no files of their own)."""
    texts = [(p, p.read_text(encoding="utf-8-sig")) for p in data_files(builtin)]
    user_texts, problems = [], []
    for path in data_files(user) if user is not None and user.is_dir() else []:
        try:
            user_texts.append((path, path.read_text(encoding="utf-8-sig")))
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{path}:1: 无法读取：{error}")
    key = _key(texts + user_texts)
    cache_path = cache / CACHE_NAME if cache is not None else None
    for path in (bundled, cache_path):
        index = _read_cache(path, key) if path is not None and path.is_file() else None
        if index is not None:
            return Loaded(index, problems)
    from .core.proof.examples import check_examples  # only when building
    from .core.proof.index import build_index
    from .core.proof.model import ProofData

    data = ProofData()
    for path, text in texts:
        data = data.merge(_parse(path, text))
    for path, text in user_texts:
        try:
            data = data.merge(_parse(path, text))
        except ChecklistError as error:
            problems += error.problems
    index = build_index(data, key=key)
    examples = check_examples(index, data)
    ours = [p for p in examples if user is None or not p.startswith(str(user))]
    if ours:
        raise ChecklistError(ours)
    problems += examples  # a user's examples that fail: reported, the index still works
    if cache_path is not None:
        _write_cache(cache_path, index)
    return Loaded(index, problems, built=True)


def bundled_index() -> Path | None:
    """The index pre-built into the packaged app (packaging/gongwen.spec), if any."""
    from .paths import builtin_resources

    try:
        path = builtin_resources() / CACHE_NAME
    except FileNotFoundError:
        return None
    return path if path.is_file() else None


def write_index(out: Path) -> Path:
    """Build the index of the built-in data into ``out`` (for the packaged app)."""
    from .paths import builtin_checklists

    loaded = load_proofreader(builtin_checklists(), None, None)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pickle.dumps(loaded.index, protocol=5))
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m gongwen.proof_cache OUT.pickle")
    print(write_index(Path(sys.argv[1])))

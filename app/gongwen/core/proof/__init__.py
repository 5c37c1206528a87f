"""The offline proofreader: 错别字 and 规范提法, as data + a pure engine.

- ``data``: typo.toml / formulation.toml / lexicon line files → ProofData (validated)
- ``index``: ProofData → ProofIndex (Aho-Corasick automata, sound and shape tables), picklable
- ``engine``: pairs, near misses, dated terms, 的/地/得 → Hit
- ``sets``: numbered formulations (四个意识…) → Hit
- ``examples``: every bad/good example and every lexicon entry checked against the engine
"""

from .data import Check, Entry, NumberedSet, Pair, ProofData, parse_lexicon, parse_proof_toml, parse_shapes
from .engine import Hit, find_dated, find_de, find_near_misses, find_pairs, proofread, protected_spans
from .examples import check_examples
from .index import ProofIndex, build_index
from .sets import find_set_errors

__all__ = [
    "Check", "Entry", "Hit", "NumberedSet", "Pair", "ProofData", "ProofIndex", "build_index",
    "check_examples", "find_dated", "find_de", "find_near_misses", "find_pairs", "find_set_errors",
    "parse_lexicon", "parse_proof_toml", "parse_shapes", "proofread", "protected_spans",
]

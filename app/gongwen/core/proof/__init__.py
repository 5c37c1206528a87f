"""The offline proofreader: 错别字 and 规范提法, as data + a pure engine.

- ``data``: typo.toml / formulation.toml / lexicon line files → ProofData (validated)
- ``index``: ProofData → ProofIndex (one Aho-Corasick automaton, sound and shape tables),
  picklable
- ``engine``: pairs, near misses, dated terms, 的/地/得 → Hit
- ``sets``: numbered formulations (四个意识…) → Hit
- ``examples``: every bad/good example and every lexicon entry checked against the engine

Import the modules themselves: this package imports nothing, so that a start whose index
is cached loads only ``index``, ``engine`` and ``sets``.
"""

"""Documents of different series that share text, found by MinHash/LSH over clause shingles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SHINGLE = 6
"""Characters per shingle of a clause's comparison key (short clauses count as one shingle)."""
PERMUTATIONS = 64
"""MinHash permutations: a Jaccard estimate to about ±0.06, 512 bytes per document."""
SCHEME = "affine32"
"""datasketch's hashing scheme (named, so stored signatures stay comparable across versions)."""
RELATED_JACCARD = 0.2
"""Least estimated Jaccard similarity of two documents' shingle sets to compare them: a fifth
of their wording in common (versions of one series share well over half, unrelated policies
of the same region a few percent: see docs/corpus.md)."""


@dataclass(frozen=True)
class Signed:
    """A document's identity, place and MinHash signature (as `minhash_bytes` stored it)."""

    id: int
    series: str
    date: str
    signature: bytes


def shingles(keys: Iterable[str]) -> set[bytes]:
    """The set of SHINGLE-character pieces of the clause keys, UTF-8 encoded."""
    found: set[bytes] = set()
    for key in keys:
        if len(key) <= SHINGLE:
            found.add(key.encode())
            continue
        found.update(key[i : i + SHINGLE].encode() for i in range(len(key) - SHINGLE + 1))
    return found


def minhash_bytes(keys: Iterable[str]) -> bytes:
    """The MinHash signature of a document's clause shingles, as bytes to store."""
    import numpy as np
    from datasketch import MinHash

    m = MinHash(num_perm=PERMUTATIONS, seed=1, scheme=SCHEME)
    m.update_batch(list(shingles(keys)))
    return m.hashvalues.astype(np.uint64).tobytes()


def related_pairs(
    docs: Sequence[Signed], threshold: float = RELATED_JACCARD
) -> list[tuple[int, int]]:
    """(older id, newer id) of documents in different series whose shingle sets are at least
    `threshold` alike: LSH buckets propose candidates (no comparison of every pair), the
    signatures' estimate confirms them."""
    import numpy as np
    from datasketch import LeanMinHash, MinHashLSH

    sigs = {
        d.id: LeanMinHash(
            seed=1, scheme=SCHEME, hashvalues=np.frombuffer(d.signature, dtype=np.uint64)
        )
        for d in docs
    }
    lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    for d in docs:
        lsh.insert(d.id, sigs[d.id])
    by_id = {d.id: d for d in docs}
    found = set()
    for d in docs:
        for other in lsh.query(sigs[d.id]):
            o = by_id[other]
            if o.series != d.series and sigs[d.id].jaccard(sigs[other]) >= threshold:
                found.add(tuple(sorted((d, o), key=lambda x: (x.date, x.id))))
    return sorted((a.id, b.id) for a, b in found)

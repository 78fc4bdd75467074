"""A pair's evidence found in one pass over the features both clauses share equals the
evidence found through a dictionary of those features by name (seeds' real text)."""

from __future__ import annotations

from aligntools import S2013, S2019, S2020, seed

from compare.align import evidence as ev
from compare.model import Evidence


def plain_evidence(sp: ev.Space, i: int, j: int, same_section: bool = False) -> Evidence:
    """`evidence` as first written: the shared features by name, then each part from them."""
    o, n = sp.old[i], sp.new[j]
    shared = {sp.names[f]: sp.weights[f] for f in sp.common(i, j)}
    objects = ev.longest(f[1:] for f in shared if f.startswith("◆"))
    objects = sorted(objects, key=lambda x: (-shared[f"◆{x}"], x))
    gone, came = sorted(o.words - n.words), sorted(n.words - o.words)
    senses = sp.named(n) if gone and came else {}
    pairs = [
        f"{a}/{b}" for a in gone for b in came if f"≈{a}/{b}" in senses or f"≈{b}/{a}" in senses
    ]
    return Evidence(
        terms=ev.shared_runs(o.key, shared if o.whole else sp.named(n))[:5],
        objects=tuple(objects[:5]),
        thesaurus=tuple(pairs[:5]),
        same_section=same_section,
    )


def test_evidence_of_seed_pairs_equals_the_evidence_by_name():
    seen = {"terms": 0, "objects": 0, "thesaurus": 0, "partial": 0}
    for a, b in ((S2019, S2020), (S2013, S2019)):
        old, new = seed(a).clauses, seed(b).clauses
        sp = ev.space(old, new, range(len(old)), range(len(new)))
        for i in range(0, len(old), 3):
            for j in range(i % 5, len(new), 5):
                flag = (i + j) % 2 == 0
                got = ev.evidence(sp, i, j, flag)
                assert got == plain_evidence(sp, i, j, flag)
                seen["terms"] += bool(got.terms)
                seen["objects"] += bool(got.objects)
                seen["thesaurus"] += bool(got.thesaurus)
                seen["partial"] += not sp.old[i].whole and bool(got.terms)
    assert all(seen.values()), seen  # every part of the evidence, and partial keys, were met


def test_heaviest_objects_keep_the_longest_names_heaviest_first():
    objects = {"包头稀土": 1.0, "稀土高新区": 2.0, "高新区": 3.0, "呼包鄂": 2.0, "包鄂": 0.5}
    assert ev.heaviest(objects) == ("呼包鄂", "稀土高新区", "包头稀土")  # ties by name
    assert ev.heaviest({}) == ()

"""The pause of the cycle collector: what is built in it skips the young collections, the
collector comes back as it was, cycles are still freed and nothing frozen by others thaws;
and freed memory handed back between stages."""

from __future__ import annotations

import gc
import weakref

import pytest
from clitools import S2019

from compare import memory
from compare.memory import without_cycle_collection


class Node:
    """A container object the collector tracks (and can be put in a cycle)."""

    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture(autouse=True)
def collector_on():
    """Each test starts with the collector enabled and nothing frozen; left as found."""
    was = gc.isenabled()
    gc.enable()
    assert gc.get_freeze_count() == 0
    yield
    gc.unfreeze()
    if not was:
        gc.disable()


def young_ids() -> set[int]:
    """Ids of the objects in the two young generations."""
    return {id(o) for o in gc.get_objects(generation=0) + gc.get_objects(generation=1)}


def test_objects_built_in_the_pause_go_to_the_oldest_generation_unscanned() -> None:
    with without_cycle_collection():
        assert not gc.isenabled()
        nodes = [Node() for _ in range(10_000)]
    assert gc.isenabled()
    assert gc.get_count()[0] < 100  # the young collection over 10,000 objects is not due
    young = young_ids()
    assert not any(id(n) in young for n in nodes)
    assert id(nodes[0]) in {id(o) for o in gc.get_objects(generation=2)}


def test_a_cycle_built_in_the_pause_is_still_freed() -> None:
    with without_cycle_collection():
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
    del a, b
    assert gone() is not None  # a cycle: reference counting alone keeps it
    gc.collect()
    assert gone() is None


def test_the_collector_stays_off_when_it_was_off() -> None:
    gc.disable()
    with without_cycle_collection():
        Node()
    assert not gc.isenabled()
    gc.enable()


def test_objects_frozen_by_others_stay_frozen() -> None:
    kept = [Node()]
    gc.freeze()
    frozen = gc.get_freeze_count()
    with without_cycle_collection():
        Node()
    # not unfrozen: the count may fall by the few frozen objects another thread of the test
    # process (the runner's) frees meanwhile, never to what unfreezing all would leave
    assert gc.get_freeze_count() > frozen // 2 and id(kept[0]) not in young_ids()
    assert id(kept[0]) not in {id(o) for o in gc.get_objects(generation=2)}


def test_release_free_memory_trims_where_glibc_is_and_does_nothing_elsewhere(monkeypatch) -> None:
    calls: list[int] = []
    memory.release_free_memory()  # the real one, whatever the C library: no error
    monkeypatch.setattr(memory, "_malloc_trim", lambda: calls.append)
    memory.release_free_memory()
    assert calls == [0]  # pad 0: keep no slack at the heap's top
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)
    memory.release_free_memory()
    assert calls == [0]


def test_comparing_releases_what_aligning_freed_before_classifying(monkeypatch) -> None:
    from compare import pipeline

    order: list[str] = []
    real_align, real_classify = pipeline.align, pipeline.classify
    monkeypatch.setattr(
        pipeline, "align", lambda *a, **k: (order.append("align"), real_align(*a, **k))[1]
    )
    monkeypatch.setattr(pipeline, "release_free_memory", lambda: order.append("release"))
    doc = pipeline.load_document(str(S2019))
    pipeline.compare_documents(doc, doc)
    assert "release" not in order  # a small pair: nothing worth trimming
    order.clear()
    monkeypatch.setattr(pipeline, "TRIM_FROM", 2 * len(doc.clean.text))
    monkeypatch.setattr(
        pipeline, "classify", lambda *a, **k: (order.append("classify"), real_classify(*a, **k))[1]
    )
    doc = pipeline.load_document(str(S2019))
    pipeline.compare_documents(doc, doc)
    assert order == ["align", "release", "classify"]


def test_equal_values_become_one_object_and_records_stay_equal_and_frozen() -> None:
    from dataclasses import FrozenInstanceError

    from compare.model import Link

    a, b = (Link(tuple(["c1"]), tuple(["c2"]), 0.5, "".join(["fu", "zzy"])) for _ in "ab")
    assert a.how is not b.how and a.old is not b.old
    before = (a, b)
    memory.share_equal_values([a, b], ("old", "new", "how"), {})
    assert a.how is b.how and a.old is b.old and a.new is b.new
    assert (a, b) == before and a == b and hash(a) == hash(b)
    with pytest.raises(FrozenInstanceError):
        a.how = "exact"  # type: ignore[misc]


def test_two_documents_share_their_equal_clause_parts_and_read_as_parsed() -> None:
    from compare import pipeline

    doc = pipeline.load_document(str(S2019))
    again = [pipeline.load_document(str(S2019)) for _ in range(2)]  # parsed apart
    assert again[0].clauses[0].text is not again[1].clauses[0].text
    pipeline.share_equal_parts(again)
    for parsed in again:
        assert parsed.clauses == doc.clauses and parsed.sections == doc.sections
    for a, b in zip(*(d.clauses for d in again), strict=True):
        assert a.text is b.text and a.key is b.key and a.id is b.id and a.span is b.span
    for a, b in zip(*(d.sections for d in again), strict=True):
        assert a.path is b.path and a.title is b.title


def test_large_loads_share_parts_and_small_ones_do_not(monkeypatch) -> None:
    from compare import pipeline

    calls: list[int] = []
    monkeypatch.setattr(pipeline, "share_equal_parts", lambda docs: calls.append(len(docs)))
    pipeline.forget_documents()
    pipeline.load_documents([str(S2019), str(S2019)], jobs=1)
    assert calls == []
    monkeypatch.setattr(pipeline, "SHARED_FROM", 1)
    pipeline.forget_documents()
    pipeline.load_documents([str(S2019), str(S2019)], jobs=1)
    assert calls == [2]
    pipeline.forget_documents()


def test_classifying_forgets_the_context_and_on_large_pairs_the_feature_memos(
    monkeypatch,
) -> None:
    from clitools import S2020

    from compare import pipeline
    from compare.align import decide, evidence
    from compare.classify import changes

    old, new = (pipeline.load_document(str(p)) for p in (S2019, S2020))
    pipeline.compare_documents(old, new)
    assert decide._LAST == []
    assert evidence.held_features.cache_info().currsize > 0  # a small pair keeps them
    monkeypatch.setattr(changes, "FORGET_MEMOS", 1)
    pipeline.compare_documents(old, new)
    assert decide._LAST == []
    assert evidence.held_features.cache_info().currsize == 0
    assert evidence.features.cache_info().currsize == 0


def test_the_word_cutter_loads_while_workers_parse_unless_the_texts_are_large(
    monkeypatch,
) -> None:
    from compare import pipeline

    given: list[object] = []

    def fork_map(func, items, workers, cost=None, meanwhile=None, here=None, spare=()):
        given.append(meanwhile and meanwhile.func)
        return [func(x) for x in items]

    monkeypatch.setattr(pipeline, "fork_map", fork_map)
    pipeline.forget_documents()
    pipeline.load_documents([str(S2019), str(S2019)], jobs=1)
    monkeypatch.setattr(pipeline, "PRELOAD_BELOW", 1)
    pipeline.forget_documents()
    pipeline.load_documents([str(S2019), str(S2019)], jobs=1)
    pipeline.forget_documents()
    assert given == [pipeline.prepare, None]

"""The model's compact layout: slotted dataclasses that pickle, copy and replace as before."""

from __future__ import annotations

import copy
import dataclasses
import pickle

from clitools import S2019

from compare import model
from compare.pipeline import load_document

WITH_CACHES = {model.Document, model.Timeline}
"""Classes that keep a lazily built index in their `__dict__`."""


def model_dataclasses() -> list[type]:
    return [
        cls
        for cls in vars(model).values()
        if isinstance(cls, type)
        and dataclasses.is_dataclass(cls)
        and cls.__module__ == model.__name__
    ]


def test_every_model_dataclass_but_the_cached_ones_is_slotted() -> None:
    for cls in model_dataclasses():
        assert ("__slots__" in vars(cls)) is (cls not in WITH_CACHES), cls.__name__


def test_a_parsed_document_round_trips_through_pickle_field_for_field() -> None:
    doc = load_document(str(S2019))
    back = pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.clauses == doc.clauses
    assert back.sections == doc.sections
    assert back.source == doc.source
    assert back.clean.text == doc.clean.text and back.clean.origin == doc.clean.origin
    assert back.clean.repairs == doc.clean.repairs
    assert [type(c.facts.strength) for c in back.clauses] == [model.Strength] * len(doc.clauses)


def test_slotted_values_copy_replace_and_hash_as_before() -> None:
    clause = load_document(str(S2019)).clauses[3]
    assert copy.copy(clause) == clause == copy.deepcopy(clause)
    assert dataclasses.replace(clause, id="c99").id == "c99"
    assert hash(clause) == hash(pickle.loads(pickle.dumps(clause)))
    assert dataclasses.asdict(clause)["facts"] == dataclasses.asdict(clause.facts)
    change = model.Change(model.ChangeKind.NEW, (), ("c1",))
    assert pickle.loads(pickle.dumps(change)) == change
    assert not hasattr(clause, "__dict__")


def test_a_key_equal_to_the_text_arrives_as_the_same_string() -> None:
    clauses = load_document(str(S2019)).clauses
    back = pickle.loads(pickle.dumps(clauses))
    assert back == clauses
    assert any(c.key == c.text for c in clauses) and any(c.key != c.text for c in clauses)
    assert all((c.key is c.text) is (c.key == c.text) for c in back)

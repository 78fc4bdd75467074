"""Corpus work on top of the pipeline: evaluation against gold files, and the corpus store
(an SQLite file of document versions, their clauses and stored change sets).

Entry point: `compare_corpus` (compare what a corpus store has not compared yet);
also `evaluate_pairs`.
"""

from compare.corpus.evaluate import evaluate_pairs
from compare.corpus.ingest import add_paths
from compare.corpus.runs import compare_corpus
from compare.corpus.schema import open_store
from compare.corpus.search import Query, search
from compare.corpus.status import corpus_status

__all__ = [
    "Query",
    "add_paths",
    "compare_corpus",
    "corpus_status",
    "evaluate_pairs",
    "open_store",
    "search",
]

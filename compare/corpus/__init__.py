"""Corpus work on top of the pipeline: evaluation against gold files.

Entry point: `evaluate_pairs`.
"""

from compare.corpus.evaluate import evaluate_pairs

__all__ = ["evaluate_pairs"]

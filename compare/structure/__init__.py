"""Stage 3, structure: CleanText to a Document of sections and clauses with facts.

Entry point: `structure`.
"""

from compare.structure.parse import structure

__all__ = ["structure"]

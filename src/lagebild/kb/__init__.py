"""The knowledge base: who held which office when, with sources.

    from lagebild.kb import KnowledgeBase
    kb = KnowledgeBase.in_memory()            # the starter pack only
    kb.who("secretary_general", org="NATO", on=date(2024, 10, 28))
"""

from lagebild.kb.base import KnowledgeBase
from lagebild.kb.model import ORGANISATIONS, ROLES, Person, Term

__all__ = ["ORGANISATIONS", "ROLES", "KnowledgeBase", "Person", "Term"]

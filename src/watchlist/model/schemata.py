"""The schemata a list entry or a query may have, and how screening groups them into kinds."""

from __future__ import annotations

from watchlist.model.entity import SCHEMATA

__all__ = ["ORG_SCHEMATA", "SCHEMATA", "SCHEMA_KINDS", "SCHEMA_WORDS", "THING_SCHEMATA"]

#: The schemata of organisations: their names get legal forms canonicalised.
ORG_SCHEMATA = frozenset({"Organization", "Company", "LegalEntity"})
#: Whose names are spelt as organisations' (legal forms, generic words, numbers).
THING_SCHEMATA = ORG_SCHEMATA | {"Vessel", "Airplane"}

#: The kind each schema is screened as; LegalEntity may be a person or an organisation.
SCHEMA_KINDS = {
    "Person": "person",
    "Organization": "org",
    "Company": "org",
    "LegalEntity": "any",
    "Vessel": "vessel",
    "Airplane": "airplane",
}

#: Words people write for a schema in a portfolio file, folded to the schema.
SCHEMA_WORDS = {
    "person": "Person",
    "individual": "Person",
    "company": "Company",
    "organization": "Organization",
    "organisation": "Organization",
    "entity": "Organization",
    "legalentity": "LegalEntity",
    "legal_entity": "LegalEntity",
    "vessel": "Vessel",
    "ship": "Vessel",
    "airplane": "Airplane",
    "aircraft": "Airplane",
}

"""The append-only, hash-chained audit log: every import, run, alert and decision, verifiable."""

from watchlist.audit.events import export_store, record, record_import, verify_store
from watchlist.audit.log import GENESIS, AuditRecord, AuditTrail, append, lock
from watchlist.audit.verify import Anchor, Verdict, check_chain, verify, verify_lines

__all__ = [
    "GENESIS",
    "Anchor",
    "AuditRecord",
    "AuditTrail",
    "Verdict",
    "append",
    "check_chain",
    "export_store",
    "lock",
    "record",
    "record_import",
    "verify",
    "verify_lines",
    "verify_store",
]

"""What an audit record says happened: one name per kind of event."""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    """The `action` of an audit record."""

    LIST_IMPORT = "list.import"
    LIST_CREATE = "list.create"
    LIST_FETCH_UNCHANGED = "list.fetch_unchanged"
    LIST_FETCH_FAILED = "list.fetch_failed"
    CUSTOMERS_IMPORT = "customers.import"
    SETTINGS_CHANGE = "settings.change"
    RUN_FINISH = "run.finish"
    ALERT_OPEN = "alert.open"
    ALERT_CLOSE = "alert.close"
    ALERT_DECIDE = "alert.decide"
    ALERT_ASSIGN = "alert.assign"
    AUDIT_EXPORT = "audit.export"
    USER_ADD = "user.add"
    KEY_CREATE = "key.create"
    KEY_REVOKE = "key.revoke"
    USER_PASSWORD = "user.password"
    USER_SIGNIN = "user.signin"
    USER_SIGNIN_FAILED = "user.signin_failed"
    USER_SIGNIN_REFUSED = "user.signin_refused"
    USER_LOCKED = "user.locked"
    USER_SIGNOUT = "user.signout"
    SCREENING_SCREEN = "screening.screen"
    SCREENING_BATCH = "screening.batch"
    SCREENING_MATCH = "screening.match"
    SCREENING_SEARCH = "screening.search"

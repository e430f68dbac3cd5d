"""What a compliance team does all day: portfolio, screening runs, alerts and decisions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from watchlist.model.access import Actor
from watchlist.registry import Registry
from watchlist.store.db import Store
from watchlist.store.releases import ReleaseInfo
from watchlist.workflow import alerts as _alerts
from watchlist.workflow.alerts import AlertView, Decision, Status
from watchlist.workflow.customers import PortfolioImport, import_customers, import_portfolio
from watchlist.workflow.matching import Matchers
from watchlist.workflow.runs import RunReport, rescreen

__all__ = ["AlertView", "Decision", "PortfolioImport", "RunReport", "Status", "Workflow"]


class Workflow:
    """The workflow as one actor (an analyst, the CLI operator) works it."""

    def __init__(
        self,
        store: Store,
        actor: Actor,
        matchers: Matchers | None = None,
        alert_threshold: float | None = None,
    ) -> None:
        self.store = store
        self.actor = actor
        self.matchers = matchers
        self.alert_threshold = alert_threshold  # the settings' (else the library's default)

    def import_customers(self, path: Path) -> PortfolioImport:
        return import_portfolio(self.store, self.actor, path)

    def import_customer_records(
        self, rows: Iterable[Mapping[str, Any]], origin: str = "records"
    ) -> PortfolioImport:
        """Customers given as records (as a portfolio file's rows), not a file."""
        return import_customers(self.store, self.actor, rows, origin)

    def import_lists(
        self, paths: Sequence[Path], source: str | None = None, published: date | None = None
    ) -> list[ReleaseInfo]:
        """Import list files, each release audited (the registry's import)."""
        return Registry(self.store, self.actor).import_files(paths, source, published)

    def rescreen(self, full: bool = False) -> RunReport:
        return rescreen(self.store, self.actor, full, self.matchers, self.alert_threshold)

    def alerts(
        self, status: Status | None = None, customer_id: str | None = None
    ) -> list[AlertView]:
        with self.store.read() as conn:
            return _alerts.list_alerts(conn, self.actor, status, customer_id)

    def alert(self, alert_id: int) -> AlertView:
        with self.store.read() as conn:
            return _alerts.get_alert(conn, self.actor, alert_id)

    def decide(self, alert_id: int, decision: Decision, reason: str) -> AlertView:
        return _alerts.decide(self.store, self.actor, alert_id, decision, reason)

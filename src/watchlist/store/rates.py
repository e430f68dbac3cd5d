"""Requests counted per API key and minute in the store, so a key's rate limit holds across
every worker and every server on one store.

`take` adds to a key's count of one minute and says how many of the requests asked for fit
under the limit, in one atomic statement (an UPSERT ... RETURNING on SQLite and PostgreSQL
alike): two workers taking at once never both get the last places.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete
from sqlalchemy.dialects import postgresql, sqlite

from watchlist.store.tables import rate_windows


def take(conn: Connection, key_id: str, minute: int, wanted: int, limit: int) -> int:
    """Count `wanted` more requests of `key_id` in `minute`; how many of them are within
    `limit` (0 when the minute's count had reached it already)."""
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    row = insert(rate_windows).values(key_id=key_id, minute=minute, used=wanted)
    counted = row.on_conflict_do_update(
        index_elements=[rate_windows.c.key_id, rate_windows.c.minute],
        set_={"used": rate_windows.c.used + row.excluded.used},
    ).returning(rate_windows.c.used)
    used = int(conn.execute(counted).scalar_one())
    before = used - wanted
    return max(0, min(wanted, limit - before))


def forget_before(conn: Connection, minute: int) -> int:
    """Delete the counts of minutes before `minute`; how many rows went."""
    return conn.execute(delete(rate_windows).where(rate_windows.c.minute < minute)).rowcount

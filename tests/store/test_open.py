"""Opening a store: the newest migration read from the migration files agrees with Alembic's,
and a store already there opens without loading Alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from watchlist.store.db import MIGRATIONS, Store


def test_the_head_read_from_the_files_is_alembics() -> None:
    heads = ScriptDirectory(str(MIGRATIONS)).get_heads()
    assert Store.head_revision() == ",".join(sorted(heads))


def test_a_store_at_the_head_opens_without_alembic(db_url: str) -> None:
    Store.open(db_url).close()  # created and migrated here
    code = (
        "import sys\n"
        "from watchlist.store.db import Store\n"
        f"store = Store.open({db_url!r})\n"
        "assert store.revision() == Store.head_revision()\n"
        "print('alembic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_a_new_store_is_migrated_to_the_head(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path}/new.db")
    try:
        assert store.revision() == Store.head_revision()
    finally:
        store.close()

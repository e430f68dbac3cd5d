"""Screening on Apache Spark: the same matcher, run in Spark's Python workers (the `[spark]` extra).

`screen_dataframe` takes a DataFrame of queries and gives one of hits, with the columns of local
`batch`; `screen_file` is `watchlist batch --engine spark`. Importing this package without
pyspark installed raises a `WatchlistError` naming the extra; the rest of watchlist never imports
it.
"""

from __future__ import annotations

from watchlist.errors import WatchlistError

try:
    import pyarrow  # noqa: F401
    import pyspark  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised in a venv without the extra
    raise WatchlistError(
        f"the Spark engine needs the [spark] extra ({exc.name} is not installed): "
        "pip install 'watchlist[spark]'"
    ) from None

from watchlist.engines.spark.frames import screen_dataframe, screen_file  # noqa: E402
from watchlist.engines.spark.session import SparkUnavailable, spark_session  # noqa: E402

__all__ = ["SparkUnavailable", "screen_dataframe", "screen_file", "spark_session"]

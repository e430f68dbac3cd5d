"""A Spark session for screening: Java and the master checked first, Spark's logs kept in a file.

Spark's JVM and its Python workers write their logs to the standard error they were started
with; the session is started with that pointed at a log file, so the user's terminal shows only
watchlist's own progress lines.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_cache_dir
from pyspark.sql import SparkSession

from watchlist.errors import WatchlistError

#: The Java release Spark 4 needs at least.
JAVA_MIN = 17
#: Seconds to wait for a standalone or Kubernetes master to accept a connection.
CONNECT_TIMEOUT = 5.0

Progress = Callable[[str], None]


class SparkUnavailable(WatchlistError):
    """Spark cannot run here: no Java, or the master does not answer."""

    status = 503


def log_path() -> Path:
    """Where Spark's own log lines go (the JVM's and its Python workers' standard error)."""
    return Path(user_cache_dir("watchlist", appauthor=False)) / "spark.log"


def java_version(java: str | None = None) -> int:
    """The major version of the Java Spark will run, or SparkUnavailable saying what to install."""
    if java is None:
        home = os.environ.get("JAVA_HOME")
        java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    hint = (
        f"Spark needs Java {JAVA_MIN} or newer: install Debian's openjdk-17-jre-headless "
        "(scripts/sysdeps.sh does it as root) or set JAVA_HOME"
    )
    if not java or not Path(java).is_file():
        raise SparkUnavailable(f"no Java found; {hint}")
    try:
        done = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SparkUnavailable(f"{java} does not run ({exc}); {hint}") from None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if not found:
        raise SparkUnavailable(f"{java} does not say its version; {hint}")
    major = int(found.group(1))
    if major == 1 and found.group(2):  # "1.8" is Java 8
        major = int(found.group(2))
    if major < JAVA_MIN:
        raise SparkUnavailable(f"{java} is Java {major}; {hint}")
    return major


def check_master(master: str) -> None:
    """A standalone (spark://) or Kubernetes (k8s://) master must accept a connection now:
    Spark itself would retry for a minute before failing with a page of stack traces."""
    if master.startswith("spark://"):
        hosts = master[len("spark://") :].split(",")
        default_port = 7077
    elif master.startswith("k8s://"):
        url = urlsplit(master[len("k8s://") :])
        hosts = [url.netloc or url.path]
        default_port = 443
    else:
        return  # local[...], yarn: nothing to dial here
    for host in hosts:
        name, sep, port = host.strip().rpartition(":")
        if not sep:
            name, port = host.strip(), ""
        try:
            with socket.create_connection(
                (name, int(port) if port else default_port), timeout=CONNECT_TIMEOUT
            ):
                return
        except (OSError, ValueError):
            continue
    raise SparkUnavailable(
        f"the Spark master {master} does not answer (nothing accepts a connection at "
        f"{', '.join(hosts)} within {CONNECT_TIMEOUT:.0f}s)"
    )


@contextmanager
def _stderr_to(path: Path) -> Iterator[None]:
    """Point this process's standard output and error at `path` while a child is started."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for f in (fd, *saved):
            os.close(f)


def start(master: str | None = None, progress: Progress | None = None) -> SparkSession:
    """A new Spark session on `master` (default: local mode on every core)."""
    master = master or "local[*]"
    java_version()
    check_master(master)
    log = log_path()
    if progress:
        progress(f"spark: starting a session on {master} (Spark's log: {log})")
    builder = (
        SparkSession.builder.master(master)
        .appName("watchlist")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.python.worker.reuse", "true")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    if master.startswith("local"):
        # The Python workers run PYSPARK_PYTHON, by default the first python3 on the PATH: make
        # it this Python, which has watchlist installed. A cluster's executors set their own.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.ui.enabled", "false")
    try:
        with _stderr_to(log):
            spark = builder.getOrCreate()
    except Exception as exc:
        raise SparkUnavailable(
            f"Spark did not start on {master}: {first_line(exc)} (details in {log})"
        ) from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


@contextmanager
def spark_session(
    master: str | None = None, progress: Progress | None = None
) -> Iterator[SparkSession]:
    """The active session if this process has one (a notebook's, a test's), else a new one,
    stopped at the end."""
    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    spark = start(master, progress)
    try:
        yield spark
    finally:
        with _stderr_to(log_path()):
            spark.stop()


def first_line(exc: BaseException) -> str:
    """The first meaningful line of a Spark or Py4J error, without the JVM stack."""
    text = str(exc).strip()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("at ", "Traceback", "File ", "JVM stacktrace")):
            return line[:300]
    return type(exc).__name__

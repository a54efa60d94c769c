"""Starting (or joining) a Spark session for the batch commands.

pyspark is an optional extra: nothing here imports it at module level, and a missing
pyspark or Java is bad usage (exit 2) with the command that fixes it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import Any

from lagebild.errors import InputError

INSTALL_HINT = "pip install 'lagebild[spark]'"
DEFAULT_MASTER = "local[*]"


def pyspark_available() -> bool:
    return importlib.util.find_spec("pyspark") is not None


def java_available() -> bool:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.path.exists(os.path.join(java_home, "bin", "java")):
        return True
    return shutil.which("java") is not None


def require_spark() -> None:
    """Refuse early, in one line, when pyspark or Java is missing."""
    if not pyspark_available():
        raise InputError(f"the batch commands need PySpark, which is not installed; {INSTALL_HINT}")
    if not java_available():
        raise InputError("the batch commands need Java 17 or later for Spark (set JAVA_HOME or put java on PATH);"
                         " on Debian: apt-get install openjdk-17-jre-headless")


def _under_spark_submit() -> bool:
    # spark-submit starts the JVM first and hands its port to Python: its --master and
    # --conf settings are already in force and must not be overridden here.
    return "PYSPARK_GATEWAY_PORT" in os.environ


def _log_config() -> str:
    return str(files("lagebild.batch") / "log4j2.properties")


@contextmanager
def spark_session(master: str | None = None, *, app_name: str = "lagebild") -> Iterator[Any]:
    """The active session if there is one (a test's, a notebook's), else a new one that
    is stopped on the way out."""
    require_spark()
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    if SparkContext._active_spark_context is not None:  # one context per process: join it
        yield SparkSession.builder.getOrCreate()
        return
    builder = SparkSession.builder.appName(app_name)
    if not _under_spark_submit():
        master = master or DEFAULT_MASTER
        builder = builder.master(master)
        for key, value in local_defaults(master).items():
            builder = builder.config(key, value)
        if master.startswith("local"):
            # Spark's workers otherwise start whatever `python3` is on PATH, which need
            # not be the environment lagebild is installed in.
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    elif master:
        builder = builder.master(master)
    spark = builder.getOrCreate()
    try:
        yield spark
    finally:
        spark.stop()


def local_defaults(master: str) -> dict[str, str]:
    """Settings for a session lagebild starts itself: quiet logs, no console progress bar
    (lagebild draws its own), no web UI on a laptop."""
    java_options = f"-Dlog4j2.configurationFile=file:{_log_config()}"
    conf = {
        "spark.ui.showConsoleProgress": "false",
        "spark.driver.extraJavaOptions": java_options,
        "spark.sql.session.timeZone": "UTC",
    }
    if master.startswith("local"):
        conf["spark.ui.enabled"] = "false"
        # In local mode the JVM mostly coordinates while Python analyses; its optimising
        # JIT compiler (C2) then costs more CPU than it saves: half the JVM's CPU time on
        # a 40-document run, taken from the cores the analysis needs.
        conf["spark.driver.extraJavaOptions"] = f"{java_options} -XX:TieredStopAtLevel=1"
        # Spark's 200 shuffle partitions suit a cluster; on one machine they are mostly
        # empty tasks (the joins of `batch load` and `batch dedupe`).
        conf["spark.sql.shuffle.partitions"] = str(4 * local_cores(master))
    return conf


def local_cores(master: str) -> int:
    """The worker threads of a local master: local, local[4], local[*], local[4,2]."""
    inside = master[master.find("[") + 1 : master.find("]")] if "[" in master else "1"
    first = inside.split(",")[0].strip()
    if first == "*":
        return os.cpu_count() or 1
    return max(1, int(first)) if first.isdigit() else 1


class StageProgress:
    """Polls Spark's status tracker and reports (tasks done, tasks in all) over the
    running stages, for a progress bar on the driver."""

    def __init__(self, spark: Any, report: Callable[[int, int], None], every: float = 0.5) -> None:
        self._tracker = spark.sparkContext.statusTracker()
        self._report = report
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lagebild-spark-progress", daemon=True)

    def _poll(self) -> None:
        done = total = 0
        for stage_id in self._tracker.getActiveStageIds():
            info = self._tracker.getStageInfo(stage_id)
            if info is not None:
                done += info.numCompletedTasks
                total += info.numTasks
        if total:
            self._report(done, total)

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self._poll()
            except Exception:  # the tracker can vanish while the session stops
                return

    def __enter__(self) -> StageProgress:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

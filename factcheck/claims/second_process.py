"""A second process for long transcripts, so that extraction uses a machine's second core.

``SecondProcess(steps)`` forks a child that runs the generator ``steps``: each value it yields is
sent to the parent (`receive`), and each value the parent sends (`send`) is what its ``yield``
returns. The parent works on its own share meanwhile. Anything that goes wrong on the child's side
(it raises, dies, or takes longer than ``TIMEOUT_SECONDS``) makes `receive` return None, and the
caller does that share itself: a second process only ever changes how fast the work is done.

Forking is used only where it is safe and pays (`worth_forking`): on a platform with the "fork"
start method, with a second CPU to run on (allowed by the CPU affinity and any cgroup quota), from a
process running one thread (a child forked from a multi-threaded process can deadlock on a lock
that another thread held) that is no daemon process itself, and for inputs of at least
``MIN_CHARACTERS``, below which forking costs more than it saves.

The child only computes. It inherits the parent's memory, including any open database connection,
which it must never touch: it freezes the garbage collector, so that no inherited object is
finalised in it (a pooled connection found in old garbage would roll back the parent's
transaction), ignores Ctrl-C and drops the parent's signal handlers (a server's among them), and
leaves with ``os._exit``, as every multiprocessing child does, so nothing of the parent's is closed.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Generator
from pathlib import Path
from typing import Any

__all__ = ["MIN_CHARACTERS", "SecondProcess", "can_fork", "worth_forking"]

logger = logging.getLogger(__name__)

# Below about 75,000 characters the fork and the transfers cost more than the second core saves
# (benchmarks/extraction.py measures both); a debate of three hours is about 150,000.
MIN_CHARACTERS = 100_000
# The child's share of the largest transcript accepted (5 MB) takes a second or two; the wait stays
# well under a server's own request timeout (gunicorn's is 30 s), so that the fallback can finish.
TIMEOUT_SECONDS = 10.0
# Signals whose handlers the child must not run as the parent's (a server's reload or shutdown).
_RESET_SIGNALS = ("SIGTERM", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH", "SIGCHLD")


def can_fork() -> bool:
    """Whether this platform can fork a child that shares the parent's memory."""
    return "fork" in multiprocessing.get_all_start_methods()


def worth_forking(size: int) -> bool:
    """Whether work on ``size`` characters should be shared with a forked second process now."""
    return (
        size >= MIN_CHARACTERS
        and can_fork()
        and _spare_cpus() > 0
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon  # which may not have children
    )


def _spare_cpus() -> int:
    """The CPUs this process may use besides the one it runs on."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    quota = _cgroup_cpu_quota()
    if quota is not None:  # a container limited to, say, one CPU on a large host
        cpus = min(cpus, int(quota))
    return cpus - 1


def _cgroup_cpu_quota(root: Path = Path("/sys/fs/cgroup")) -> float | None:
    """The CPUs a Linux cgroup (v2, else v1) allows this process, or None without a limit."""
    try:
        quota, period = (root / "cpu.max").read_text().split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    try:
        quota = (root / "cpu" / "cpu.cfs_quota_us").read_text()
        period = (root / "cpu" / "cpu.cfs_period_us").read_text()
        return None if int(quota) <= 0 else int(quota) / int(period)
    except (OSError, ValueError):
        return None


class SecondProcess:
    """A forked child running the generator ``steps``, talking to the parent through a pipe."""

    def __init__(self, steps: Generator[Any, Any, None], timeout: float = TIMEOUT_SECONDS) -> None:
        context = multiprocessing.get_context("fork")
        self._timeout = timeout
        self._connection, child_end = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child_end, self._connection, steps), daemon=True
        )
        self._failed = False
        self.exitcode: int | None = None  # the child's, once closed
        try:
            self._process.start()
        except (OSError, AssertionError) as error:  # no memory or slots; a daemon's child
            self._fail(f"could not fork: {error!r}")
        finally:
            child_end.close()

    def receive(self) -> Any | None:
        """The next value the child yields, or None if it failed (then always None)."""
        if self._failed:
            return None
        try:
            if self._connection.poll(self._timeout):
                return self._connection.recv()
            problem = f"no answer in {self._timeout:g} s"
        except (EOFError, OSError):
            problem = f"it stopped (exit code {self._process.exitcode})"
        self._fail(problem)
        return None

    def send(self, value: Any) -> None:
        """Give the child ``value`` as what its ``yield`` returns (nothing if it failed)."""
        if self._failed:
            return
        try:
            self._connection.send(value)
        except OSError as error:  # the child is gone: the pipe is broken
            self._fail(f"it stopped ({error})")

    def close(self, *, at_once: bool = False) -> None:
        """End the child and release the pipe: a child that is done ends as the pipe closes; one
        still working is stopped after a second, or ``at_once`` (the parent gave up on it)."""
        self._connection.close()
        if self._process.pid is None:  # never started
            return
        self._process.join(timeout=0 if at_once else 1)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self.exitcode = self._process.exitcode
        self._process.close()

    def __enter__(self) -> SecondProcess:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        self.close(at_once=exc_type is not None)

    def _fail(self, problem: str) -> None:
        self._failed = True
        logger.warning("The second process failed (%s); its share is done in this one.", problem)
        if self._process.pid is not None and self._process.is_alive():
            self._process.kill()


def _serve(connection: Any, parent_end: Any, steps: Generator[Any, Any, None]) -> None:
    """The child's side: send what ``steps`` yields, feed it what the parent sends."""
    gc.freeze()  # nothing inherited is ever collected, and so finalised, here
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which ends us
    for name in _RESET_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    # The child holds a copy of the parent's end too; closed, the pipe ends when the parent closes
    # its end, which is how a child waiting after its last step learns that it is done.
    parent_end.close()
    try:
        value = next(steps)
        while True:
            connection.send(value)
            value = steps.send(connection.recv())
    except (StopIteration, EOFError, OSError):  # done, or the parent went on without us
        pass
    finally:
        connection.close()

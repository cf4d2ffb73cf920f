"""A second process for long transcripts, so that extraction uses a machine's second core.

``SecondProcess(steps)`` forks a child that runs the generator ``steps``: each value it yields is
sent to the parent (`result`), and each value the parent sends (`send`) is what its ``yield``
returns. The parent works on its own share meanwhile. Anything that goes wrong on the child's side
(it raises, dies, or takes longer than ``TIMEOUT_SECONDS``) makes `result` return None, and the
caller does that share itself: a second process only ever changes how fast the work is done.

Forking is used only where it is safe and pays (`worth_forking`): on a platform with the "fork"
start method, with a second CPU to run on, from a process running one thread (a child forked from
a multi-threaded process can deadlock on a lock that another thread held) that is no daemon
process itself, and for inputs of at least ``MIN_CHARACTERS``, below which forking costs more than it saves. The child only computes: it
inherits the parent's memory (and any open database connection, which it never touches) and leaves
with ``os._exit``, as every multiprocessing child does, so nothing of the parent's is closed.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Generator
from typing import Any

__all__ = ["MIN_CHARACTERS", "SecondProcess", "can_fork", "worth_forking"]

logger = logging.getLogger(__name__)

# Below about 75,000 characters the fork and the transfers cost more than the second core saves
# (benchmarks/extraction.py measures both); a debate of three hours is about 150,000.
MIN_CHARACTERS = 100_000
# The child's share of the largest transcript accepted (5 MB) takes a few seconds.
TIMEOUT_SECONDS = 30.0


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
    try:
        return len(os.sched_getaffinity(0)) - 1
    except AttributeError:  # not on Linux
        return (os.cpu_count() or 1) - 1


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

    def result(self) -> Any | None:
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

    def close(self) -> None:
        """End the child (it ends by itself once its steps are done) and release the pipe."""
        self._connection.close()
        if self._process.pid is None:  # never started
            return
        # A child that is done waits for the parent's next value and ends as the pipe closes; one
        # still working is only there because the parent gave up on it.
        self._process.join(timeout=1)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self.exitcode = self._process.exitcode
        self._process.close()

    def __enter__(self) -> SecondProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _fail(self, problem: str) -> None:
        self._failed = True
        logger.warning("The second process failed (%s); its share is done in this one.", problem)
        if self._process.pid is not None and self._process.is_alive():
            self._process.kill()


def _serve(connection: Any, parent_end: Any, steps: Generator[Any, Any, None]) -> None:
    """The child's side: send what ``steps`` yields, feed it what the parent sends."""
    # The child holds a copy of the parent's end too; closed, the pipe ends when the parent closes
    # its end, which is how a child waiting after its last step learns that it is done.
    parent_end.close()
    try:
        value = next(steps)
        while True:
            connection.send(value)
            value = steps.send(connection.recv())
    except (StopIteration, EOFError, BrokenPipeError):  # done, or the parent went on without us
        pass
    finally:
        connection.close()

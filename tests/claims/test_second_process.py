"""A second process only changes how fast extraction runs: same spans, same scores, and a child that
fails, dies or hangs leaves its share to the parent. The processes here are real forks."""

import gc
import logging
import multiprocessing
import os
import signal
import textwrap
import threading
import time
from types import SimpleNamespace

import pytest

from factcheck.claims import second_process
from factcheck.claims.extract import extract
from factcheck.claims.second_process import MIN_CHARACTERS, SecondProcess, can_fork, worth_forking
from tests.shared import shared_file

pytestmark = [
    pytest.mark.skipif(not can_fork(), reason="this platform cannot fork"),
    # These tests fork on purpose; the browser tests' servers may have left threads running.
    pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning"),
]


@pytest.fixture
def forks(monkeypatch):
    """Counts the forks made while the test runs."""
    made = []
    real_fork = os.fork

    def counting_fork():
        made.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counting_fork)
    return made


def steps_doubling():
    received = yield "ready"
    yield received * 2


def test_the_child_runs_the_steps_and_answers():
    with SecondProcess(steps_doubling()) as child:
        assert child.receive() == "ready"
        child.send(21)
        assert child.receive() == 42
    assert child.exitcode == 0  # it ended by itself once the parent closed the pipe


def steps_reporting_the_childs_state():
    yield {
        "sigint ignored": signal.getsignal(signal.SIGINT) is signal.SIG_IGN,
        "sigterm default": signal.getsignal(signal.SIGTERM) is signal.SIG_DFL,
        "garbage frozen": gc.get_freeze_count() > 0,
        "pid": os.getpid(),
    }


def test_the_child_leaves_the_parents_signals_and_objects_alone():
    previous = signal.signal(signal.SIGTERM, lambda *_: None)  # a server's handler, say
    try:
        with SecondProcess(steps_reporting_the_childs_state()) as child:
            state = child.receive()
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert state == {
        "sigint ignored": True,
        "sigterm default": True,
        "garbage frozen": True,
        "pid": state["pid"],
    }
    assert state["pid"] != os.getpid()
    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN  # the parent's is untouched


@pytest.mark.parametrize(
    ("files", "cpus"),
    [
        ({"cpu.max": "max 100000\n"}, None),
        ({"cpu.max": "150000 100000\n"}, 1.5),
        ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
        ({"cpu/cpu.cfs_quota_us": "50000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 0.5),
        ({}, None),
    ],
)
def test_a_cgroup_cpu_quota_is_read(tmp_path, files, cpus):
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(content)
    assert second_process._cgroup_cpu_quota(tmp_path) == cpus


def failing_steps():
    raise ValueError("the child's share went wrong")
    yield  # pragma: no cover - makes this a generator


def hanging_steps():
    time.sleep(60)
    yield "too late"


def test_a_child_that_fails_answers_none_and_is_reported(caplog):
    caplog.set_level(logging.WARNING, logger=second_process.__name__)
    with SecondProcess(failing_steps()) as child:
        assert child.receive() is None
        child.send("ignored")  # nothing happens once it failed
        assert child.receive() is None
    assert "second process failed" in caplog.text


def test_a_child_that_hangs_is_given_up_and_stopped(caplog):
    caplog.set_level(logging.WARNING, logger=second_process.__name__)
    started = time.monotonic()
    child = SecondProcess(hanging_steps(), timeout=0.5)
    assert child.receive() is None
    child.close()
    assert time.monotonic() - started < 30
    assert "no answer in 0.5 s" in caplog.text
    assert child.exitcode == -9  # killed


def long_transcripts() -> dict[str, str]:
    speech = shared_file("data/speeches/tmtpost-ai-misconceptions.txt").read_text(encoding="utf-8")
    lines = []
    for path in sorted(shared_file("data/clef2019-task1/train").glob("*.tsv"))[:4]:
        for row in path.read_text(encoding="utf-8").splitlines():
            parts = row.split("\t")
            if len(parts) >= 3:
                lines.append(f"{parts[1]}: {parts[2]}")
    captions = "\n\n".join(
        f"{n}\n00:{n // 60 % 60:02d}:{n % 60:02d},000 --> 00:{n // 60 % 60:02d}:{n % 60:02d},900\n"
        f"{line.split(': ', 1)[1]}"
        for n, line in enumerate(lines[:1500], start=1)
    )
    # Hard-wrapped at 72 characters, as text copied from e-mail: the cut must not split a sentence.
    wrapped = "\n".join(textwrap.fill(paragraph, 72) for paragraph in speech.splitlines())
    return {"plain": speech, "wrapped": wrapped, "speakers": "\n".join(lines), "srt": captions}


@pytest.mark.parametrize("kind", ["plain", "wrapped", "speakers", "srt"])
def test_two_processes_extract_exactly_what_one_does(kind, forks):
    text = long_transcripts()[kind]
    one = extract(text, second_process=False)
    assert not forks
    two = extract(text, second_process=True)
    assert forks  # the second process really ran
    assert two == one
    assert len(one.spans) > 50
    assert any(span.score > 0 for span in one.spans)


def test_a_failed_child_leaves_its_share_to_the_parent(monkeypatch, forks, caplog):
    def broken(connection, parent_end, steps):
        raise RuntimeError("no share done")

    monkeypatch.setattr(second_process, "_serve", broken)
    text = long_transcripts()["speakers"]
    with caplog.at_level(logging.WARNING, logger=second_process.__name__):
        two = extract(text, second_process=True)
    assert forks
    assert "its share is done in this one" in caplog.text
    assert two == extract(text, second_process=False)


def test_forking_is_only_worth_it_for_long_text_a_spare_cpu_and_one_thread(monkeypatch):
    monkeypatch.setattr(second_process, "_spare_cpus", lambda: 1)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert worth_forking(MIN_CHARACTERS)
    assert not worth_forking(MIN_CHARACTERS - 1)
    monkeypatch.setattr(second_process, "_spare_cpus", lambda: 0)
    assert not worth_forking(MIN_CHARACTERS)
    monkeypatch.setattr(second_process, "_spare_cpus", lambda: 1)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert not worth_forking(MIN_CHARACTERS)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(multiprocessing, "current_process", lambda: SimpleNamespace(daemon=True))
    assert not worth_forking(MIN_CHARACTERS)  # a daemon process may not have children


def test_a_long_import_in_a_threaded_process_stays_in_one(forks, monkeypatch):
    monkeypatch.setattr(second_process, "_spare_cpus", lambda: 1)  # so only the thread stops it
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        text = long_transcripts()["speakers"]
        assert len(text) >= MIN_CHARACTERS
        extract(text)
    finally:
        stop.set()
        thread.join()
    assert not forks

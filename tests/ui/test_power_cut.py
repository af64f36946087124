"""A crash or power cut loses at most the last second of a draft."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from cspr_desktop.core.records.store import Store

CHILD = Path(__file__).with_name("kill_child.py")


def test_sigkill_mid_draft_keeps_every_answer_older_than_a_second(tmp_path: Path) -> None:
    """Kill the app with SIGKILL while typing; every answer made >1 s before is on disk."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, str(CHILD), str(tmp_path)], stdout=subprocess.PIPE,
                             text=True, env=env)
    assert child.stdout is not None
    record_id = ""
    answers: list[tuple[str, str, float]] = []
    typed_words = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        parts = line.rstrip("\n").split("\t")
        if parts[0].startswith("RECORD "):
            record_id = parts[0].split()[1]
        elif parts[0] == "ANSWERED":
            answers.append((parts[1], parts[2], float(parts[3])))
            typed_words += parts[1] == "family_plan_text"
            if typed_words >= 25:
                break
    killed_at = time.monotonic()
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert record_id and len(answers) > 20, "the child did not get far enough to test"

    record = Store(tmp_path / "records.sqlite").get(record_id)
    old_enough = [a for a in answers if a[2] < killed_at - 1.0]
    assert old_enough
    for qid, value, _ in old_enough:
        stored = record.answers.get(qid)
        if qid == "family_plan_text":
            assert isinstance(stored, str) and stored.startswith(value.rstrip()), (qid, value)
        else:
            assert stored == value, (qid, value, stored)

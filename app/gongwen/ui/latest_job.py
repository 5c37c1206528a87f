"""One thread that runs the latest job handed to it (the live audit, the page preview).

Handing a job over only wakes the thread: the UI thread keeps the GIL until its slot
returns. (``QThreadPool.start`` lets go of the GIL, the new job takes it, and the UI thread
then waits a switch interval or more to get it back: 2–3 ms a keystroke.) A job handed over
while another waits replaces it; the thread ends on ``stop`` and starts again with the next
job. ``idle`` is work for the moments without a job, done a step at a time (each step
returns whether more is left), before the thread sleeps; a job waits one step at most.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class LatestJobThread:
    def __init__(self, name: str, run: Callable[[Any], None],
                 idle: Callable[[], bool] | None = None):
        self._name, self._run, self._idle = name, run, idle
        self._ready = threading.Condition()
        self._job: Any = None
        self._stopping = False
        self._thread: threading.Thread | None = None

    def submit(self, job: Any) -> None:
        with self._ready:
            self._job, self._stopping = job, False
            self._ready.notify()
            if self._thread is None:  # the first job, or the first after stop()
                self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        idle = self._idle is not None  # tried again after every job
        while True:
            with self._ready:
                if idle and self._job is None and not self._stopping:
                    job = None
                else:
                    self._ready.wait_for(lambda: self._job is not None or self._stopping)
                    if self._job is None:
                        self._thread = None
                        return
                    job, self._job = self._job, None
            if job is None:
                idle = bool(self._idle())
            else:
                self._run(job)
                idle = self._idle is not None

    def running(self) -> bool:
        return self._thread is not None

    def stop(self, timeout_s: float, drop_waiting: bool = False) -> None:
        """Let the job in hand finish (up to ``timeout_s``) and end the thread; a job still
        waiting runs first unless ``drop_waiting``."""
        with self._ready:
            self._stopping = True
            if drop_waiting:
                self._job = None
            self._ready.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout_s)

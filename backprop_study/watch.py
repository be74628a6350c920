"""Notice when the learner saves a file, quickly, whatever their editor does.

Editors save in different ways (write in place, or write a new file and
rename it over the old one), so we watch the folder and pick out the file by
name. watchfiles uses the OS's file events and decides for itself when to poll
instead (it does on WSL, and when WATCHFILES_FORCE_POLLING is set); where file
events do not arrive and it cannot tell (some network or container file
systems), STUDY_WATCH_POLL=1 makes it poll.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

# watchfiles waits this long for a burst of events to settle: short enough to
# feel instant, long enough that one save is one re-grade.
DEBOUNCE_MS = 40
STEP_MS = 20


def polling_choice() -> bool | None:
    """True when STUDY_WATCH_POLL asks for polling; otherwise None, which leaves it to watchfiles (False
    would turn off its WSL detection and WATCHFILES_FORCE_POLLING)."""
    return True if os.environ.get("STUDY_WATCH_POLL", "").strip() not in ("", "0") else None


def watch_file(path: Path, on_save: Callable[[], None], stop: threading.Event) -> None:
    """Call `on_save` after each save of `path`, until `stop` is set. Blocks: run it in a thread."""
    from watchfiles import watch

    path = Path(path).resolve()
    name = path.name
    force_polling = polling_choice()

    def only_this_file(_change: object, changed: str) -> bool:
        return Path(changed).name == name

    for changes in watch(
        path.parent,
        watch_filter=only_this_file,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=stop,
        recursive=False,
        force_polling=force_polling,
        poll_delay_ms=100,
        rust_timeout=200,
        yield_on_timeout=False,
    ):
        if stop.is_set():
            return
        if changes and path.exists():
            on_save()

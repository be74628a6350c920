"""`study worker status|stop`: the shared warm grading worker that `study check` leaves running for a while."""

from __future__ import annotations

import argparse

from backprop_study.commands import Context

NAME = "worker"
HELP = "show (status) or end (stop) the warm grading worker that `study check` keeps for a while"
ORDER = 95
STALE_NOTICE = False  # about grading processes, not a workspace


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from backprop_study.grading.runner import SHARED_ENV, SHARED_IDLE

    parser.epilog = (
        "`study check` starts one warm grading worker per user and installed version, so the next check "
        f"only pays for a fork. It leaves by itself after {SHARED_IDLE / 60:g} minutes unused; "
        f"{SHARED_ENV}=0 grades without one."
    )
    parser.add_argument("action", choices=("status", "stop"), help="status: list them; stop: end them now")


def run(args: argparse.Namespace, context: Context) -> int:
    from backprop_study.grading import runner

    if args.action == "stop":
        count = runner.stop_shared_workers()
        if count:
            print(f"Stopped {count} grading worker{'s' if count != 1 else ''}.")
        else:
            print("No grading worker was running.")
        return 0
    workers = runner.shared_workers()
    live = [w for w in workers if w.pid is not None]
    if not live:
        print("No grading worker is running; the next `study check` starts one.")
    for worker in live:
        which = "this installation's" if worker.current else "an older installation's (unused now)"
        print(
            f"Worker {worker.pid}: {which} code; leaves after {worker.idle_limit / 60:g} minutes unused. "
            f"Socket: {worker.socket}"
        )
    stale = [w for w in workers if w.pid is None]
    if stale:
        print(f"{len(stale)} socket file{'s' if len(stale) != 1 else ''} left by a worker that ended; harmless.")
    return 0

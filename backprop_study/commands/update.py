"""`study update [--check]`: bring a workspace's graders and course file up to date with the installed package."""

from __future__ import annotations

import argparse

from backprop_study.commands import Context

NAME = "update"
HELP = "bring this workspace's graders and course file up to date (your exercise files are never touched)"
ORDER = 75
STALE_NOTICE = False  # this is the command the notice asks for


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "After upgrading backprop-study, a workspace still has the graders it was laid out with; "
        "this copies the installed ones over them (keeping the old ones under .study/backups/), adds the "
        "starting files of new exercises, and records the version."
    )
    parser.add_argument("--check", action="store_true", help="change nothing: exit 1 when an update is due, 0 when not")


def run(args: argparse.Namespace, context: Context) -> int:
    from backprop_study import __version__
    from backprop_study.store.upgrade import course_status, update_workspace

    workspace = context.workspace()
    status = course_status(workspace.root)
    if status.state == "source":
        print(f"{workspace.root} is the course's own source (a checkout): its graders are the installed ones.")
        return 0
    if args.check:
        if not status.stale:
            print(f"Up to date with backprop-study {__version__}.")
            return 0
        print(f"An update is due: {len(status.outdated) + len(status.new_exercises)} files differ.")
        for name in (*status.outdated, *status.new_exercises):
            print(f"  exercises/{name}")
        print("Run: study update")
        return 1
    report = update_workspace(workspace.root)
    if not report.changed:
        print(f"Already up to date with backprop-study {__version__}; nothing was changed.")
    else:
        print(f"Updated {workspace.root} to backprop-study {__version__}'s course:")
        for name in report.replaced:
            print(f"  replaced  exercises/{name}")
        for name in report.added:
            print(f"  added     exercises/{name}")
        if report.backup is not None:
            print(f"The files it replaced are kept in {report.backup}.")
    for name in report.kept:
        print(f"  kept      exercises/{name} (yours: not part of the installed course)")
    print("Your exercise files were not touched.")
    return 0

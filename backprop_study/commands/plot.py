"""`study plot NAME`: one of the app's plots, printed in the plain terminal."""

from __future__ import annotations

import argparse
import shutil
import sys
import threading

from backprop_study.commands import CommandError, Context
from backprop_study.plots.parameters import NAMES, PLOTS, Parameter, plot_named

NAME = "plot"
HELP = "print a plot of a network learning (" + ", ".join(NAMES) + ")"
ORDER = 80


def _flags() -> dict[str, list[tuple[str, Parameter]]]:
    """Each option with the plots that take it: (plot name, its parameter)."""
    flags: dict[str, list[tuple[str, Parameter]]] = {}
    for plot in PLOTS:
        for parameter in plot.parameters:
            flags.setdefault(parameter.flag, []).append((plot.name, parameter))
    return flags


def _option_help(uses: list[tuple[str, Parameter]]) -> str:
    """ "loss, xor: the learning rate (default 0.1); learning-rate: ...", grouped where the words agree."""
    groups: dict[str, list[str]] = {}
    for plot_name, parameter in uses:
        default = "" if parameter.default is None else f" (default {parameter.shown(parameter.default)})"
        groups.setdefault(parameter.help + default, []).append(plot_name)
    return "; ".join(f"{', '.join(names)}: {text}" for text, names in groups.items()).replace("%", "%%")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Print one of the plots of the app's 'See it learn' section. Each plot uses your own code "
        "for an exercise once it has passed, and the reference before that; the plot says which."
    )
    parser.add_argument("name", metavar="NAME", help="which plot: " + ", ".join(NAMES))
    for flag, uses in _flags().items():
        kinds = {parameter.kind for _, parameter in uses}
        choices = sorted({c for _, parameter in uses for c in parameter.choices}) or None
        options: dict[str, object] = {"dest": flag.removeprefix("--").replace("-", "_"), "help": _option_help(uses)}
        if choices:
            options["choices"] = choices
        elif kinds & {"float", "floats"}:
            options["type"] = float
            options["metavar"] = "X"
        else:
            options["type"] = int
            options["metavar"] = "N"
        if "floats" in kinds:
            options["action"] = "append"  # a list for the plots that compare several values
        aliases = ["--lr"] if flag == "--learning-rate" else []
        parser.add_argument(flag, *aliases, **options)  # type: ignore[arg-type]
    parser.add_argument("--size", metavar="WxH", help="the plot's size in characters (default: the terminal's)")
    parser.add_argument("--no-color", action="store_true", help="plain characters, no colours (also NO_COLOR)")


def _params(args: argparse.Namespace) -> dict[str, object]:
    """The experiment's keyword arguments from the options given; one that does not apply is an error."""
    plot = plot_named(args.name)
    by_flag = {parameter.flag: parameter for parameter in plot.parameters}
    params: dict[str, object] = {}
    for flag in _flags():
        value = getattr(args, flag.removeprefix("--").replace("-", "_"))
        if value is None:
            continue
        parameter = by_flag.get(flag)
        if parameter is None:
            raise CommandError(f"{flag} does not apply to the {args.name} plot.", code=2)
        if isinstance(value, list) and parameter.kind != "floats":
            if len(value) > 1:
                raise CommandError(f"the {args.name} plot takes one {flag}.", code=2)
            value = value[0]
        params[parameter.key] = value
    return params


def _size(args: argparse.Namespace) -> tuple[int, int]:
    if args.size:
        try:
            width, height = (int(part) for part in args.size.lower().split("x"))
        except ValueError:
            raise CommandError(f"--size must look like 100x30, got {args.size!r}.", code=2) from None
        if width < 40 or height < 12:
            raise CommandError("--size must be at least 40x12 to leave room for the axes.", code=2)
        return width, height
    columns, lines = shutil.get_terminal_size((100, 30))
    return max(40, columns), max(12, lines - 8)  # room for the lines of text under the plot


def run(args: argparse.Namespace, context: Context) -> int:
    if args.name not in NAMES:
        raise CommandError(
            f"There is no plot {args.name!r}. The plots are:\n" + "\n".join(f"  {name}" for name in NAMES),
            code=2,
        )
    params = _params(args)
    width, height = _size(args)
    workspace = context.workspace()

    from backprop_study.plots.charts import render_text, summary_lines
    from backprop_study.plots.experiments import Cancelled, run_experiment

    print(f"{args.name}: {plot_named(args.name).description}", file=sys.stderr)
    interactive = sys.stderr.isatty()
    last = [-1]

    def progress(fraction: float, message: str) -> None:
        percent = int(fraction * 100)
        if interactive and percent != last[0]:
            last[0] = percent
            print(f"\r{message} {percent:3d}%", end="", file=sys.stderr, flush=True)

    try:
        result = run_experiment(args.name, workspace, progress=progress, cancel=threading.Event(), **params)
    except ValueError as exc:
        raise CommandError(f"{exc}.", code=2) from None
    except Cancelled:
        raise CommandError("stopped.", code=130) from None
    finally:
        if interactive:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
    from backprop_study.commands._shared import use_colour

    color = not args.no_color and use_colour(sys.stdout)
    print(render_text(result, width, height, color=color))
    print()
    for line in summary_lines(result):
        print(line)
    return 0

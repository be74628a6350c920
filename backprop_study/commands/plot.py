"""`study plot NAME`: one of the app's plots, printed in the plain terminal."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import threading

from backprop_study.commands import CommandError, Context

NAME = "plot"
HELP = "print a plot of a network learning (loss, learning-rate, gradients, xor, overfitting)"
ORDER = 80

# Kept here rather than imported, so `study --help` does not import numpy.
PLOTS = ("loss", "learning-rate", "gradients", "xor", "overfitting")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Print one of the plots of the app's 'See it learn' section. Each plot uses your own code "
        "for an exercise once it has passed, and the reference before that; the plot says which."
    )
    parser.add_argument("name", metavar="NAME", help="which plot: " + ", ".join(PLOTS))
    parser.add_argument(
        "--learning-rate",
        "--lr",
        dest="learning_rate",
        type=float,
        metavar="RATE",
        help="loss, xor: the learning rate (default 0.1); learning-rate: one rate to compare "
        "(repeat for more; default: 1%%, 40%%, 97%% and 105%% of the largest stable rate)",
        action="append",
    )
    parser.add_argument("--epochs", type=int, metavar="N", help="how many epochs (steps) to train")
    parser.add_argument("--layers", type=int, metavar="N", help="gradients: layers of weights (default 10)")
    parser.add_argument("--width", type=int, metavar="N", help="gradients: units per hidden layer (default 30)")
    parser.add_argument(
        "--activation",
        choices=("sigmoid", "tanh", "relu"),
        help="gradients: the activation of the large-scale net (default relu)",
    )
    parser.add_argument("--scale", type=float, metavar="S", help="gradients: the large initial scale (default 1.0)")
    parser.add_argument("--hidden", type=int, metavar="H", help="xor: hidden units of the net with biases (default 2)")
    parser.add_argument(
        "--biases",
        choices=("both", "without", "with"),
        default="both",
        help="xor: show the net without biases, with biases, or both (default)",
    )
    parser.add_argument(
        "--weight-decay", type=float, metavar="L", help="overfitting: L2 weight decay λ (default 0, none)"
    )
    parser.add_argument("--size", metavar="WxH", help="the plot's size in characters (default: the terminal's)")
    parser.add_argument("--no-color", action="store_true", help="plain characters, no colours (also NO_COLOR)")


def _params(args: argparse.Namespace) -> dict[str, object]:
    """The experiment's keyword arguments from the options that apply to it; others are an error."""
    given = {
        "learning_rate": args.learning_rate,
        "epochs": args.epochs,
        "layers": args.layers,
        "width": args.width,
        "activation": args.activation,
        "scale": args.scale,
        "hidden": args.hidden,
        "weight_decay": args.weight_decay,
    }
    accepted = {
        "loss": {"learning_rate": "learning_rate", "epochs": "epochs"},
        "learning-rate": {"learning_rate": "rates", "epochs": "epochs"},
        "gradients": {"layers": "depth", "width": "width", "activation": "activation", "scale": "scale"},
        "xor": {"learning_rate": "learning_rate", "epochs": "epochs", "hidden": "hidden"},
        "overfitting": {"epochs": "epochs", "weight_decay": "weight_decay", "hidden": "hidden"},
    }[args.name]
    params: dict[str, object] = {}
    for option, value in given.items():
        if value is None:
            continue
        if option not in accepted:
            flag = "--" + option.replace("_", "-")
            raise CommandError(f"{flag} does not apply to the {args.name} plot.", code=2)
        if option == "learning_rate" and args.name != "learning-rate":
            if len(value) > 1:
                raise CommandError(f"the {args.name} plot takes one --learning-rate.", code=2)
            value = value[0]
        params[accepted[option]] = value
    if args.name == "xor":
        params["show"] = args.biases
    elif args.biases != "both":
        raise CommandError(f"--biases does not apply to the {args.name} plot.", code=2)
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
    if args.name not in PLOTS:
        raise CommandError(
            f"There is no plot {args.name!r}. The plots are:\n" + "\n".join(f"  {name}" for name in PLOTS),
            code=2,
        )
    params = _params(args)
    width, height = _size(args)
    workspace = context.workspace()

    from backprop_study.experiments import EXPERIMENTS, Cancelled, run_experiment
    from backprop_study.experiments_charts import render_text, summary_lines

    print(f"{args.name}: {EXPERIMENTS[args.name]}", file=sys.stderr)
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
    color = not args.no_color and not os.environ.get("NO_COLOR") and sys.stdout.isatty()
    print(render_text(result, width, height, color=color))
    print()
    for line in summary_lines(result):
        print(line)
    return 0

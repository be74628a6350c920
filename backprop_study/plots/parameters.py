"""The plots and their parameters: the one table that `study plot`'s options, the plots screen's
controls and the experiments' defaults are all built from.

No NumPy here: `study --help` builds its options from this table and must stay quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Parameter:
    """One knob of an experiment."""

    key: str  # the experiment's keyword argument
    label: str  # the control's label on the plots screen
    flag: str  # the `study plot` option
    kind: str  # "float", "int", "floats" (a list; empty = the experiment's own choice) or "choice"
    default: Any  # for "floats": None, the experiment chooses
    help: str  # what it does, for `study plot --help` and the control's tooltip
    choices: tuple[str, ...] = ()
    width: int = 8  # characters of its input on screen

    def parse(self, text: str) -> Any:
        """The value typed into a control; ValueError names the control and what it wants."""
        text = text.strip()
        try:
            if self.kind == "int":
                return int(text.replace("_", "").replace(",", ""))
            if self.kind == "float":
                return float(text)
            if self.kind == "floats":
                return [float(part) for part in text.replace(";", ",").split(",") if part.strip()] or None
            if text in self.choices:
                return text
        except ValueError:
            pass
        wanted = {
            "int": "whole number",
            "float": "number",
            "floats": "list of numbers separated by commas",
            "choice": "one of " + ", ".join(self.choices),
        }[self.kind]
        raise ValueError(f"{self.label} must be a {wanted}, not {text!r}")

    def shown(self, value: Any) -> str:
        """A value as the control shows it."""
        if value is None:
            return ""
        if isinstance(value, list | tuple):
            return ", ".join(f"{v:g}" for v in value)
        return str(value)


@dataclass(frozen=True)
class Plot:
    name: str  # `study plot NAME`
    title: str  # its tab on the plots screen
    description: str  # one line: what it shows, and from which exercise
    parameters: tuple[Parameter, ...]

    def parameter(self, key: str) -> Parameter:
        return next(p for p in self.parameters if p.key == key)

    def defaults(self) -> dict[str, Any]:
        return {p.key: p.default for p in self.parameters}


_EPOCHS_HELP = "how many epochs (passes over the data) to train"

PLOTS: tuple[Plot, ...] = (
    Plot(
        "loss",
        "Loss",
        "your training loop's loss per epoch beside the reference's (exercise 07)",
        (
            Parameter("learning_rate", "learning rate", "--learning-rate", "float", 0.1, "the learning rate"),
            Parameter("epochs", "epochs", "--epochs", "int", 10_000, _EPOCHS_HELP),
        ),
    ),
    Plot(
        "learning-rate",
        "Learning rate",
        "gradient descent at several learning rates: too small, good, too large (exercise 10)",
        (
            Parameter(
                "rates",
                "rates",
                "--learning-rate",
                "floats",
                None,
                "the rates to compare (none given: 1%, 40%, 97% and 105% of the largest stable rate 2/λmax)",
                width=22,
            ),
            Parameter("epochs", "steps", "--epochs", "int", 200, "how many steps of gradient descent"),
        ),
    ),
    Plot(
        "gradients",
        "Gradients",
        "gradient norm per layer: deep sigmoid vs ReLU vs a large initial scale (exercise 11)",
        (
            Parameter("depth", "layers", "--layers", "int", 10, "layers of weights", width=5),
            Parameter("width", "width", "--width", "int", 30, "units per hidden layer", width=5),
            Parameter(
                "activation",
                "large-scale net",
                "--activation",
                "choice",
                "relu",
                "the activation of the net drawn at a large scale",
                choices=("relu", "tanh", "sigmoid"),
                width=11,
            ),
            Parameter("scale", "scale", "--scale", "float", 1.0, "the large initial scale", width=6),
        ),
    ),
    Plot(
        "xor",
        "XOR boundary",
        "the XOR decision boundary over [0,1]², without biases and with biases (exercises 07 and 08)",
        (
            Parameter("learning_rate", "lr", "--learning-rate", "float", 0.1, "the learning rate", width=6),
            Parameter("epochs", "epochs", "--epochs", "int", 10_000, _EPOCHS_HELP, width=7),
            Parameter("hidden", "hidden", "--hidden", "int", 2, "hidden units of the net with biases", width=4),
            Parameter(
                "show",
                "biases",
                "--biases",
                "choice",
                "both",
                "show the net without biases, with biases, or both",
                choices=("both", "without", "with"),
                width=11,
            ),
        ),
    ),
    Plot(
        "overfitting",
        "Overfitting",
        "training and validation loss, and the early-stopping point (exercise 13)",
        (
            Parameter("epochs", "epochs", "--epochs", "int", 10_000, _EPOCHS_HELP),
            Parameter("weight_decay", "weight decay", "--weight-decay", "float", 0.0, "L2 weight decay λ"),
            Parameter("hidden", "hidden", "--hidden", "int", 50, "hidden units", width=5),
        ),
    ),
)

NAMES: tuple[str, ...] = tuple(plot.name for plot in PLOTS)


def plot_named(name: str) -> Plot:
    for plot in PLOTS:
        if plot.name == name:
            return plot
    raise KeyError(name)


def default(name: str, key: str) -> Any:
    """A parameter's default (the experiments' keyword defaults come from here)."""
    return plot_named(name).parameter(key).default

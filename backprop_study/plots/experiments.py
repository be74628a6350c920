"""The numbers behind the plots: five small experiments that show backpropagation working.

Each experiment is one function returning a plain dataclass; `study plot` and
the TUI's plots screen draw them (`charts.py`); their names, parameters and
defaults are one table (`parameters.py`). Every result says
whose code computed it (`Source`): the learner's exercise file once that
exercise has passed (run in a child process with a time limit, see
`sandbox.py`), otherwise the exercise's reference solution. When
the learner's code fails on the way (it raises, hangs, returns the wrong
shape) the reference takes over and the source says why.

Long computations call `progress(fraction, message)` and stop with
`Cancelled` soon after `cancel` (a threading.Event) is set.
"""

from __future__ import annotations

import importlib.util
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from backprop_study.plots.parameters import default
from backprop_study.plots.sandbox import (
    DEFAULT_TIME_LIMIT,
    Cancelled,
    Job,
    LearnerCodeFailed,
    run_learner,
)
from backprop_study.store import paths
from backprop_study.store.workspace import Workspace

__all__ = [
    "Cancelled",
    "GradientNorms",
    "LearningRates",
    "LossCurve",
    "Overfitting",
    "Source",
    "XorBoundary",
    "gradient_norms",
    "learning_rates",
    "loss_curve",
    "overfitting",
    "run_experiment",
    "xor_boundary",
]

ProgressFn = Callable[[float, str], None]

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_Y = np.array([0.0, 1.0, 1.0, 0.0])


@dataclass(frozen=True)
class Source:
    """Whose code computed a result, and why that code."""

    exercise: str  # "10_learning_rate"
    learner: bool
    reason: str  # "exercise 10 has passed", "exercise 10 has not passed yet", "your code ... hung"

    @property
    def label(self) -> str:
        """One line for the plot: whose code, which file, and why."""
        if self.learner:
            return f"Computed with your code (exercises/{self.exercise}.py): {self.reason}."
        return f"Computed with the reference: {self.reason}."


# ------------------------------------------------------------------ results


@dataclass
class LossCurve:
    reference: np.ndarray  # ½Σ(y−o)² per epoch, the reference training loop
    learner: np.ndarray | None  # the same from the learner's loop, when it ran
    learning_rate: float
    epochs: int
    source: Source


@dataclass
class LearningRateRun:
    learning_rate: float
    losses: np.ndarray  # loss after t steps, t = 0..epochs (NaN/inf once a run diverges)
    epochs_to_target: int | None  # first t with loss <= target, None when never
    diagnosis: str  # "good", "too small", "oscillates", "diverges"


@dataclass
class LearningRates:
    runs: list[LearningRateRun]
    epochs: int
    target: float  # converged = loss within 1% of the best possible (least squares)
    largest_stable_rate: float  # 2/λ_max: larger rates diverge
    source: Source


@dataclass
class GradientSeries:
    label: str
    activation: str
    scale: float | None  # None: the exercise's own per-activation scale (Xavier / He)
    norms: np.ndarray  # ‖dW‖ per layer, first layer first


@dataclass
class GradientNorms:
    series: list[GradientSeries]
    depth: int
    width: int
    source: Source


@dataclass
class BoundaryPanel:
    title: str
    biases: bool
    grid: np.ndarray  # (R, R) network output; row i is x2 = i/(R−1), column j is x1 = j/(R−1)
    outputs: np.ndarray  # (4,) the outputs at the XOR points (0,0), (0,1), (1,0), (1,1)
    losses: np.ndarray
    learning_rate: float
    epochs: int
    source: Source

    def within(self, tolerance: float = 0.1) -> bool:
        return bool(np.all(np.abs(self.outputs - XOR_Y) < tolerance))


@dataclass
class XorBoundary:
    panels: list[BoundaryPanel]


@dataclass
class Overfitting:
    train_losses: np.ndarray  # index t: after t epochs (0 = before training)
    validation_losses: np.ndarray
    best_epoch: int  # the early-stopping point: where the validation loss is lowest
    stopped_at: int  # where early stopping with `patience` stops training
    patience: int
    epochs: int
    weight_decay: float
    hidden: int
    source: Source


# ------------------------------------------------------------------ whose code


def _noop_progress(fraction: float, message: str) -> None:
    pass


@dataclass
class _Step:
    """One call of a recipe inside a larger experiment: where its progress goes and its cancel flag."""

    progress: ProgressFn
    cancel: threading.Event | None
    start: float = 0.0
    end: float = 1.0

    def part(self, start: float, end: float) -> _Step:
        span = self.end - self.start
        return _Step(self.progress, self.cancel, self.start + span * start, self.start + span * end)

    def report(self, fraction: float, message: str) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()
        self.progress(self.start + (self.end - self.start) * min(max(fraction, 0.0), 1.0), message)


def _find_exercise(workspace: Workspace | None, number: int) -> tuple[str, Path | None, bool]:
    """(exercise name, the learner's file or None, has it passed) for the exercise numbered `number`."""
    name = None
    if workspace is not None:
        try:
            from backprop_study.course import load_course

            name = load_course(workspace.course_file).find(str(number)).name
        except Exception:  # a course problem is the course screen's to report: fall back to the files
            name = None
        if name is None:
            found = sorted(workspace.exercises_dir.glob(f"{number:02d}_*.py"))
            name = found[0].stem if found else None
    if name is None:
        found = sorted(paths.shipped_solutions_dir().glob(f"{number:02d}_*.py"))
        if not found:
            raise FileNotFoundError(f"No solution for exercise {number:02d} is installed; reinstall backprop-study.")
        return found[0].stem, None, False
    if workspace is None:
        return name, None, False
    learner_file = workspace.exercise_file(name)
    passed = workspace.progress().load().exercise(name).passed_at is not None
    return name, learner_file if learner_file.is_file() else None, passed


_SOLUTIONS: dict[Path, ModuleType] = {}
_SOLUTIONS_LOCK = threading.Lock()


def _solution_module(workspace: Workspace | None, name: str) -> ModuleType:
    """The exercise's reference solution, imported once (it is our own code: it runs in-process)."""
    folder = workspace.solutions_dir if workspace is not None else paths.shipped_solutions_dir()
    path = folder / f"{name}.py"
    if not path.is_file():
        path = paths.shipped_solutions_dir() / f"{name}.py"
    with _SOLUTIONS_LOCK:
        if path not in _SOLUTIONS:
            spec = importlib.util.spec_from_file_location(f"backprop_study_solution_{name}", path)
            if spec is None or spec.loader is None:
                raise FileNotFoundError(f"The reference solution {path} is missing; reinstall backprop-study.")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            _SOLUTIONS[path] = module
        return _SOLUTIONS[path]


def _compute(
    workspace: Workspace | None,
    number: int,
    recipe: str,
    params: dict[str, Any],
    step: _Step,
    check: Callable[[dict[str, Any]], None],
    time_limit: float,
) -> tuple[dict[str, Any], Source]:
    """Run `recipe` with the learner's exercise when it has passed, else (or when that fails) the reference."""

    name, learner_file, passed = _find_exercise(workspace, number)
    if passed and learner_file is not None:
        step.report(0.0, f"Running your exercises/{name}.py…")
        try:
            result = run_learner(
                Job(recipe, learner_file, params),
                time_limit=time_limit,
                progress=lambda f: step.report(f, f"Running your exercises/{name}.py…"),
                cancel=step.cancel,
            )
            check(result)
            return result, Source(name, True, f"exercise {number:02d} has passed")
        except LearnerCodeFailed as problem:
            reason = f"your code could not be used ({problem})"
    elif learner_file is None and workspace is not None:
        reason = f"exercises/{name}.py is missing"
    else:
        reason = f"exercise {number:02d} has not passed yet"
    return _reference(workspace, name, recipe, params, step), Source(name, False, reason)


_REFERENCE_CACHE: dict[tuple[str, str, str], dict[str, Any]] = {}
_REFERENCE_CACHE_SIZE = 32


def _reference(
    workspace: Workspace | None, name: str, recipe: str, params: dict[str, Any], step: _Step
) -> dict[str, Any]:
    """The recipe run on the exercise's solution. The reference is deterministic, so a result is kept
    and coming back to a plot (or re-running it unchanged) costs nothing."""
    from backprop_study.plots.recipes import RECIPES

    module = _solution_module(workspace, name)
    key = (str(module.__file__), recipe, json.dumps(params, sort_keys=True))
    if key not in _REFERENCE_CACHE:
        step.report(0.0, "Computing with the reference…")
        result = RECIPES[recipe](module, params, lambda f: step.report(f, "Computing with the reference…"))
        if len(_REFERENCE_CACHE) >= _REFERENCE_CACHE_SIZE:
            _REFERENCE_CACHE.pop(next(iter(_REFERENCE_CACHE)))
        _REFERENCE_CACHE[key] = {k: None if v is None else np.asarray(v) for k, v in result.items()}
    step.report(1.0, "Done")
    return {k: None if v is None else v.copy() for k, v in _REFERENCE_CACHE[key].items()}


def _expect(result: dict[str, Any], key: str, shape: tuple[int, ...], *, finite: bool = True) -> np.ndarray:
    """The learner's `key`, or LearnerCodeFailed saying what came back instead."""
    value = result.get(key)
    if value is None:
        raise LearnerCodeFailed(f"no {key} came back")
    value = np.asarray(value, dtype=float)
    if value.shape != shape:
        raise LearnerCodeFailed(f"{key} came back with shape {value.shape}, expected {shape}")
    if finite and not np.all(np.isfinite(value)):
        raise LearnerCodeFailed(f"{key} holds NaN or infinite values")
    return value


# ------------------------------------------------------------------ the experiments


def loss_curve(
    workspace: Workspace | None = None,
    *,
    learning_rate: float = default("loss", "learning_rate"),
    epochs: int = default("loss", "epochs"),
    progress: ProgressFn = _noop_progress,
    cancel: threading.Event | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> LossCurve:
    """The lesson's run (2-2-1 sigmoid, no biases, seed 42): the reference's loss per epoch, and the learner's
    from their exercise 07 `train` once it has passed."""
    if epochs < 1:
        raise ValueError("epochs must be at least 1")
    if not np.isfinite(learning_rate) or learning_rate <= 0:
        raise ValueError("the learning rate must be a positive number")
    params = {"learning_rate": learning_rate, "epochs": epochs, "seed": 42}
    step = _Step(progress, cancel)
    name, learner_file, passed = _find_exercise(workspace, 7)

    reference = _reference(workspace, name, "lesson_losses", params, step.part(0.0, 0.5 if passed else 1.0))["losses"]

    def check(result: dict[str, Any]) -> None:
        _expect(result, "losses", (epochs,))

    learner = None
    if passed:
        result, source = _compute(workspace, 7, "lesson_losses", params, step.part(0.5, 1.0), check, time_limit)
        learner = np.asarray(result["losses"], dtype=float) if source.learner else None
    else:
        reason = f"exercises/{name}.py is missing" if learner_file is None and workspace else ""
        source = Source(name, False, reason or "exercise 07 has not passed yet, so only the reference's curve")
    return LossCurve(
        reference=np.asarray(reference, dtype=float),
        learner=learner,
        learning_rate=learning_rate,
        epochs=epochs,
        source=source,
    )


def learning_rates(
    workspace: Workspace | None = None,
    *,
    rates: list[float] | None = None,  # None: the experiment picks them (see the parameter table)
    epochs: int = default("learning-rate", "epochs"),
    progress: ProgressFn = _noop_progress,
    cancel: threading.Event | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> LearningRates:
    """Gradient descent on exercise 10's bowl at several rates.

    With `rates` None: 1%, 40%, 97% and 105% of the largest stable rate 2/λ_max,
    which come out too small, good, oscillating and diverging. Converged means
    the loss came within 1% of the best possible loss (least squares).
    """
    if epochs < 1:
        raise ValueError("epochs must be at least 1")
    if rates is not None and (not rates or any(not np.isfinite(r) or r <= 0 for r in rates)):
        raise ValueError("learning rates must be positive numbers")
    params = {"rates": rates, "fractions": [0.01, 0.4, 0.97, 1.05], "epochs": epochs}
    count = len(rates) if rates else 4

    def check(result: dict[str, Any]) -> None:
        _expect(result, "losses", (count, epochs + 1), finite=False)
        _expect(result, "reached", (count,))

    result, source = _compute(workspace, 10, "learning_rates", params, _Step(progress, cancel), check, time_limit)
    runs = [
        LearningRateRun(
            learning_rate=float(rate),
            losses=np.asarray(losses, dtype=float),
            epochs_to_target=None if int(reached) < 0 else int(reached),
            diagnosis=str(diagnosis),
        )
        for rate, losses, reached, diagnosis in zip(
            result["rates"], result["losses"], result["reached"], result["diagnoses"], strict=True
        )
    ]
    return LearningRates(
        runs=runs,
        epochs=epochs,
        target=float(result["target"]),
        largest_stable_rate=float(result["limit"]),
        source=source,
    )


def gradient_norms(
    workspace: Workspace | None = None,
    *,
    depth: int = default("gradients", "depth"),
    width: int = default("gradients", "width"),
    activation: str = default("gradients", "activation"),
    scale: float = default("gradients", "scale"),
    progress: ProgressFn = _noop_progress,
    cancel: threading.Event | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> GradientNorms:
    """‖dW‖ per layer at the start of training, for a deep sigmoid net (Xavier scale), ReLU (He scale),
    and `activation` with every weight drawn at a large `scale`."""
    if depth < 2:
        raise ValueError("depth must be at least 2 layers")
    if width < 1:
        raise ValueError("width must be at least 1")
    if activation not in ("sigmoid", "tanh", "relu"):
        raise ValueError(f"activation must be sigmoid, tanh or relu, got {activation!r}")
    if not np.isfinite(scale) or scale <= 0:
        raise ValueError("scale must be a positive number")
    configurations = [("sigmoid", None), ("relu", None), (activation, float(scale))]
    params = {
        "configurations": configurations,
        "depth": depth,
        "width": width,
        "inputs": 10,
        "batch": 32,
        "seed": 0,
    }

    def check(result: dict[str, Any]) -> None:
        _expect(result, "norms", (len(configurations), depth), finite=False)

    result, source = _compute(workspace, 11, "gradient_norms", params, _Step(progress, cancel), check, time_limit)
    labels = ["sigmoid, Xavier scale", "ReLU, He scale", f"{activation}, scale {scale:g}"]
    series = [
        GradientSeries(label, act, scl, np.asarray(norms, dtype=float))
        for label, (act, scl), norms in zip(labels, configurations, result["norms"], strict=True)
    ]
    return GradientNorms(series=series, depth=depth, width=width, source=source)


def xor_boundary(
    workspace: Workspace | None = None,
    *,
    learning_rate: float = default("xor", "learning_rate"),
    epochs: int = default("xor", "epochs"),
    hidden: int = default("xor", "hidden"),
    show: str = default("xor", "show"),
    resolution: int = 41,
    progress: ProgressFn = _noop_progress,
    cancel: threading.Event | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> XorBoundary:
    """The net's output over [0, 1]²: the lesson's 2-2-1 net without biases, and a 2-H-1 net with biases,
    both trained `epochs` times at `learning_rate` (the lesson's 0.1 and 10,000 by default).

    `show` is "both", "without" or "with" (biases)."""
    if show not in ("both", "without", "with"):
        raise ValueError(f"show must be both, without or with, got {show!r}")
    if epochs < 1 or hidden < 1 or resolution < 2:
        raise ValueError("epochs and hidden units must be at least 1, resolution at least 2")
    if not np.isfinite(learning_rate) or learning_rate <= 0:
        raise ValueError("the learning rate must be a positive number")
    wanted = ["without", "with"] if show == "both" else [show]
    step = _Step(progress, cancel)
    panels = []
    for index, kind in enumerate(wanted):
        part = step.part(index / len(wanted), (index + 1) / len(wanted))
        params = {
            "learning_rate": learning_rate,
            "epochs": epochs,
            "hidden": 2 if kind == "without" else hidden,
            "seed": 42,
            "resolution": resolution,
        }

        def check(result: dict[str, Any]) -> None:
            _expect(result, "losses", (epochs,))
            _expect(result, "grid", (resolution, resolution))
            _expect(result, "outputs", (4,))

        if kind == "without":
            result, source = _compute(workspace, 7, "xor_without_biases", params, part, check, time_limit)
            title = "without biases"
        else:
            result, source = _compute(workspace, 8, "xor_with_biases", params, part, check, time_limit)
            title = "with biases" if hidden == 2 else f"with biases, {hidden} hidden"
        panels.append(
            BoundaryPanel(
                title=title,
                biases=kind == "with",
                grid=np.asarray(result["grid"], dtype=float),
                outputs=np.asarray(result["outputs"], dtype=float),
                losses=np.asarray(result["losses"], dtype=float),
                learning_rate=learning_rate,
                epochs=epochs,
                source=source,
            )
        )
    return XorBoundary(panels=panels)


def overfitting(
    workspace: Workspace | None = None,
    *,
    epochs: int = default("overfitting", "epochs"),
    weight_decay: float = default("overfitting", "weight_decay"),
    hidden: int = default("overfitting", "hidden"),
    patience: int = 300,
    progress: ProgressFn = _noop_progress,
    cancel: threading.Event | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Overfitting:
    """Exercise 13's set-up: 20 noisy points of sin(3x), half kept for validation, a 1-H-1 tanh net trained
    by gradient descent (learning rate 0.05) with L2 `weight_decay`; both losses per epoch and the
    early-stopping point (the lowest validation loss)."""
    if epochs < 1 or hidden < 1 or patience < 1:
        raise ValueError("epochs, hidden units and patience must be at least 1")
    if not np.isfinite(weight_decay) or weight_decay < 0:
        raise ValueError("weight decay must be zero or a positive number")
    params = {
        "points": 20,
        "data_seed": 1,
        "validation_fraction": 0.5,
        "learning_rate": 0.05,
        "epochs": epochs,
        "hidden": hidden,
        "weight_decay": weight_decay,
        "patience": patience,
    }

    def check(result: dict[str, Any]) -> None:
        _expect(result, "train_losses", (epochs + 1,))
        validation = _expect(result, "validation_losses", (epochs + 1,))
        best = int(np.asarray(result.get("best_epoch", -1)))
        if not 0 <= best <= epochs or validation[best] > validation.min():
            raise LearnerCodeFailed(f"its best epoch {best} is not where the validation loss is lowest")

    result, source = _compute(workspace, 13, "overfitting", params, _Step(progress, cancel), check, time_limit)
    return Overfitting(
        train_losses=np.asarray(result["train_losses"], dtype=float),
        validation_losses=np.asarray(result["validation_losses"], dtype=float),
        best_epoch=int(result["best_epoch"]),
        stopped_at=int(result["stopped_at"]),
        patience=patience,
        epochs=epochs,
        weight_decay=weight_decay,
        hidden=hidden,
        source=source,
    )


def run_experiment(name: str, workspace: Workspace | None = None, **params: Any) -> Any:
    """Run the experiment called `name` (see `parameters.PLOTS`) with its keyword parameters."""
    functions: dict[str, Callable[..., Any]] = {
        "loss": loss_curve,
        "learning-rate": learning_rates,
        "gradients": gradient_norms,
        "xor": xor_boundary,
        "overfitting": overfitting,
    }
    if name not in functions:
        raise KeyError(name)
    return functions[name](workspace, **params)

"""Drawing the experiments' results with plotext, for `study plot` and the TUI alike.

Every function draws on a plotext figure (`plotext._figure._figure_class`,
which is also what `textual_plotext.PlotextPlot.plt` is), so the terminal and
the app show the same picture. Series differ by marker character as well as
colour, so a plot still reads with NO_COLOR; the heatmap's levels are shade
characters for the same reason.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from backprop_study.experiments import (
    XOR_X,
    XOR_Y,
    BoundaryPanel,
    GradientNorms,
    LearningRates,
    LossCurve,
    Overfitting,
    XorBoundary,
)

COLORS = ["blue", "red", "green", "magenta", "cyan", "orange"]
MARKERS = ["•", "x", "o", "+", "*", "#"]
SHADES = " ░▒▓█"  # output 0 ... 1 in five bands
SHADE_COLORS = [(60, 90, 200), (110, 140, 210), (150, 150, 150), (215, 120, 90), (215, 60, 50)]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def new_figure() -> Any:
    """A fresh plotext figure, independent of plotext's global one."""
    from plotext._figure import _figure_class

    return _figure_class()


def _log_ticks(fig: Any, low: float, high: float) -> None:
    """y ticks at whole powers of ten, labelled 1e-3 and so on (the data are log10 values)."""
    lo, hi = math.floor(low), math.ceil(high)
    step = max(1, math.ceil((hi - lo) / 6))
    positions = list(range(lo, hi + 1, step))
    fig.yticks(positions, [f"1e{p}" if p not in (0, 1) else ("1" if p == 0 else "10") for p in positions])
    fig.ylim(lo, hi)


def _x_ticks(fig: Any, low: float, high: float, count: int = 5) -> None:
    """x ticks at round numbers (1, 2 or 5 times a power of ten apart), whole numbers only."""
    raw = max((high - low) / count, 1.0)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    fig.xticks([int(t) for t in np.arange(first, high + step / 2, step) if t <= high])


# ------------------------------------------------------------------ one function per plot


def draw_loss(fig: Any, result: LossCurve) -> None:
    epochs = np.arange(1, len(result.reference) + 1)
    fig.title(f"Loss per epoch: the lesson's XOR net, learning rate {result.learning_rate:g}")
    fig.plot(epochs.tolist(), result.reference.tolist(), label="reference", color=COLORS[0], marker=MARKERS[0])
    if result.learner is not None:
        fig.plot(
            epochs.tolist(), result.learner.tolist(), label="your training loop", color=COLORS[1], marker=MARKERS[1]
        )
    _x_ticks(fig, 1, len(result.reference))
    fig.xlabel("epoch")
    fig.ylabel("loss ½Σ(y−o)²")


def draw_learning_rates(fig: Any, result: LearningRates) -> None:
    fig.title(f"Loss per step at {len(result.runs)} learning rates (2/λmax = {result.largest_stable_rate:.3g})")
    first = min(float(run.losses[0]) for run in result.runs if np.isfinite(run.losses[0]))
    ceiling = math.log10(first) + 1.0  # a diverging run is cut at 10x the starting loss, else it flattens the rest
    floor = math.log10(result.target) - 0.5
    for index, run in enumerate(result.runs):
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.log10(run.losses)
        # Draw a diverging run until it leaves the top of the plot, and its exit point at the edge.
        outside = ~(np.isfinite(values) & (values <= ceiling))
        stop = int(np.argmax(outside)) + 1 if outside.any() else len(values)
        steps = np.arange(min(stop, len(values)))
        shown = np.clip(np.nan_to_num(values[steps], nan=ceiling, posinf=ceiling), floor, ceiling)
        reached = "never" if run.epochs_to_target is None else f"{run.epochs_to_target} steps"
        fig.plot(
            steps.tolist(),
            shown.tolist(),
            label=f"lr {run.learning_rate:.3g}: {run.diagnosis}, {reached}",
            color=COLORS[index % len(COLORS)],
            marker=MARKERS[index % len(MARKERS)],
        )
    fig.hline(math.log10(result.target), "gray")
    _log_ticks(fig, floor, ceiling)
    _x_ticks(fig, 0, result.epochs)
    fig.xlabel("step (epoch)")
    fig.ylabel("loss (log)")


def draw_gradients(fig: Any, result: GradientNorms) -> None:
    fig.title(f"Gradient norm ‖dW‖ per layer: {result.depth} layers, {result.width} units each")
    layers = list(range(1, result.depth + 1))
    all_values = []
    for index, series in enumerate(result.series):
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.log10(series.norms)
        values = np.where(np.isfinite(values), values, np.nan)
        finite = ~np.isnan(values)
        all_values.extend(values[finite].tolist())
        fig.plot(
            [layer for layer, ok in zip(layers, finite, strict=True) if ok],
            values[finite].tolist(),
            label=series.label,
            color=COLORS[index % len(COLORS)],
            marker=MARKERS[index % len(MARKERS)],
        )
    if all_values:
        _log_ticks(fig, min(all_values), max(all_values))
    _x_ticks(fig, 1, result.depth, count=min(result.depth - 1, 9))
    fig.xlabel("layer (1 = next to the input)")
    fig.ylabel("‖dW‖ (log)")


def draw_boundary(fig: Any, panel: BoundaryPanel, columns: int, rows: int) -> None:
    """The output over [0, 1]² as shade characters, one per canvas cell, with the four XOR points marked.

    `columns` x `rows` is about the size of the plot's canvas; sampling the grid at twice that leaves no
    cell empty.
    """
    resolution = panel.grid.shape[0]
    nx, ny = max(2, 2 * columns), max(2, 2 * rows)
    xs, ys = np.linspace(0, 1, nx), np.linspace(0, 1, ny)
    gx, gy = np.meshgrid(xs, ys)
    values = panel.grid[
        np.rint(gy * (resolution - 1)).astype(int),
        np.rint(gx * (resolution - 1)).astype(int),
    ]
    bands = np.minimum((values * len(SHADES)).astype(int), len(SHADES) - 1)
    for band, (shade, color) in enumerate(zip(SHADES, SHADE_COLORS, strict=True)):
        mask = bands == band
        if mask.any():
            fig.scatter(gx[mask].tolist(), gy[mask].tolist(), marker=shade, color=color)
    for (x1, x2), target, output in zip(XOR_X, XOR_Y, panel.outputs, strict=True):
        fig.text(
            f"{output:.2f}",
            x=float(x1),
            y=float(x2),
            alignment="left" if x1 == 0 else "right",
            color="black" if target else "white",
            background="white" if target else "black",
        )
    state = "all within 0.1" if panel.within() else "not within 0.1"
    fig.title(f"{panel.title}: {state}")
    fig.xlim(0, 1)
    fig.ylim(0, 1)
    fig.xticks([0, 0.5, 1])
    fig.yticks([0, 0.5, 1])
    fig.xlabel("x1")
    fig.ylabel("x2")


def draw_overfitting(fig: Any, result: Overfitting) -> None:
    fig.title(f"Training vs validation loss (weight decay {result.weight_decay:g})")
    epochs = np.arange(len(result.train_losses))  # index t: after t epochs
    for index, (label, losses) in enumerate(
        (("training", result.train_losses), ("validation", result.validation_losses))
    ):
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.log10(losses)
        ok = np.isfinite(values)
        fig.plot(
            epochs[ok].tolist(),
            values[ok].tolist(),
            label=label,
            color=COLORS[index],
            marker=MARKERS[index],
        )
    fig.vline(result.best_epoch, "green")
    low = np.log10(np.min(result.train_losses[np.isfinite(result.train_losses)]))
    high = np.log10(np.max(np.concatenate([result.train_losses, result.validation_losses])))
    _log_ticks(fig, low, high)
    fig.text(f" lowest validation: epoch {result.best_epoch}", x=result.best_epoch, y=high, alignment="left")
    _x_ticks(fig, 0, result.epochs)
    fig.xlabel("epoch")
    fig.ylabel("loss (log)")


# ------------------------------------------------------------------ the words beside each plot


def summary_lines(result: Any) -> list[str]:
    """What a learner should read off the plot, in a few lines, ending with whose code computed it."""
    lines: list[str] = []
    if isinstance(result, LossCurve):
        lines.append(
            f"{result.epochs} epochs at learning rate {result.learning_rate:g}: "
            f"loss {result.reference[0]:.3f} → {result.reference[-1]:.3f} (reference)"
        )
        if result.learner is not None:
            gap = float(np.max(np.abs(result.learner - result.reference)))
            same = "the same curve" if gap < 1e-9 else f"largest gap {gap:.3g}"
            lines.append(f"Your loop: {result.learner[0]:.3f} → {result.learner[-1]:.3f} ({same}).")
        sources = [result.source]
    elif isinstance(result, LearningRates):
        lines.append(
            f"Converged = loss within 1% of the best possible ({result.target:.4g}); "
            f"rates above 2/λmax = {result.largest_stable_rate:.3g} diverge."
        )
        for run in result.runs:
            reached = "never converged" if run.epochs_to_target is None else f"converged in {run.epochs_to_target}"
            lines.append(f"  lr {run.learning_rate:<8.3g} {run.diagnosis:<11} {reached} (of {result.epochs} steps)")
        sources = [result.source]
    elif isinstance(result, GradientNorms):
        for series in result.series:
            first, last = series.norms[0], series.norms[-1]
            ratio = last / first if first > 0 and np.isfinite(first) else float("inf")
            lines.append(
                f"  {series.label:<22} layer 1: {first:9.2e}   layer {result.depth}: {last:9.2e}   x{ratio:.2g}"
            )
        sources = [result.source]
    elif isinstance(result, XorBoundary):
        for panel in result.panels:
            outputs = ", ".join(f"{o:.3f}" for o in panel.outputs)
            lines.append(f"{panel.title}: outputs [{outputs}] for targets [0, 1, 1, 0]")
        lines.append("Shades: ' ' below 0.2, ░ 0.2–0.4, ▒ 0.4–0.6, ▓ 0.6–0.8, █ above 0.8; numbers mark the outputs.")
        sources = [panel.source for panel in result.panels]
    elif isinstance(result, Overfitting):
        best = result.best_epoch
        lines.append(
            f"Validation loss is lowest after epoch {best} ({result.validation_losses[best]:.4f}); "
            f"after {result.epochs} it is {result.validation_losses[-1]:.4f} "
            f"while the training loss fell to {result.train_losses[-1]:.4f}."
        )
        if result.stopped_at < result.epochs:
            lines.append(
                f"Early stopping with patience {result.patience} stops at epoch {result.stopped_at} "
                f"and keeps the weights of epoch {best}."
            )
        sources = [result.source]
    else:
        raise TypeError(f"no summary for {type(result).__name__}")
    seen: list[str] = []
    for source in sources:
        if source.label not in seen:
            seen.append(source.label)
    return lines + seen


def draw(fig: Any, result: Any, *, panel: int = 0, columns: int = 60, rows: int = 16) -> None:
    """Draw `result` on `fig` (for XorBoundary, the panel numbered `panel`)."""
    if isinstance(result, LossCurve):
        draw_loss(fig, result)
    elif isinstance(result, LearningRates):
        draw_learning_rates(fig, result)
    elif isinstance(result, GradientNorms):
        draw_gradients(fig, result)
    elif isinstance(result, XorBoundary):
        draw_boundary(fig, result.panels[panel], columns, rows)
    elif isinstance(result, Overfitting):
        draw_overfitting(fig, result)
    else:
        raise TypeError(f"cannot draw {type(result).__name__}")


def render_text(result: Any, width: int, height: int, *, color: bool = True) -> str:
    """The whole plot as terminal text, `width` x `height` (the XOR panels side by side, or stacked when narrow)."""
    if isinstance(result, XorBoundary) and len(result.panels) > 1:
        side_by_side = width >= 2 * 40
        panel_width = width // 2 if side_by_side else width
        panel_height = height if side_by_side else max(8, height // 2)
        blocks = [
            _build(result, panel_width, panel_height, color=color, panel=index).splitlines()
            for index in range(len(result.panels))
        ]
        if not side_by_side:
            return "\n".join(line for block in blocks for line in block)
        left, right = blocks
        widths = max(len(strip_ansi(line)) for line in left)
        return "\n".join(a + " " * (widths - len(strip_ansi(a))) + b for a, b in zip(left, right, strict=False))
    return _build(result, width, height, color=color)


def _build(result: Any, width: int, height: int, *, color: bool, panel: int = 0) -> str:
    fig = new_figure()
    fig.plotsize(width, height)
    fig.theme("clear")
    draw(fig, result, panel=panel, columns=width - 8, rows=height - 5)
    text = fig.build()
    return text if color else strip_ansi(text)

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

from backprop_study.plots.experiments import (
    XOR_X,
    XOR_Y,
    BoundaryPanel,
    GradientNorms,
    LearningRates,
    LossCurve,
    Overfitting,
    XorBoundary,
)

COLORS = ["blue", "red", "green", "magenta", "cyan", "yellow"]  # names plotext and Rich both know
MARKERS = ["braille", "x", "o", "+", "*", "#"]  # the first series as a fine braille line, the others by letter
SYMBOLS = ["⣿", "x", "o", "+", "*", "#"]  # how the legend shows each marker
SHADES = " ░▒▓█"  # output 0 ... 1 in five bands
SHADE_COLORS = [(60, 90, 200), (110, 140, 210), (150, 150, 150), (215, 120, 90), (215, 60, 50)]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def new_figure() -> Any:
    """A fresh plotext figure, independent of plotext's global one."""
    from plotext._figure import _figure_class

    return _figure_class()


def _log_ticks(fig: Any, low: float, high: float, rows: int = 16) -> None:
    """y ticks at whole powers of ten, labelled 1e-3 and so on (the data are log10 values); no more of them
    than the plot has room for, or plotext drops some and keeps a different few on each draw."""
    lo, hi = math.floor(low), math.ceil(high)
    most = max(2, min(6, (rows - 4) // 2))
    step = max(1, math.ceil((hi - lo) / most))
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
    fig.plot(epochs.tolist(), result.reference.tolist(), color=COLORS[0], marker=MARKERS[0])
    if result.learner is not None:
        fig.plot(epochs.tolist(), result.learner.tolist(), color=COLORS[1], marker=MARKERS[1])
    _x_ticks(fig, 1, len(result.reference))
    fig.xlabel("epoch")
    fig.ylabel("loss ½Σ(y−o)²")


def draw_learning_rates(fig: Any, result: LearningRates, rows: int = 16) -> None:
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
        fig.plot(
            steps.tolist(),
            shown.tolist(),
            color=COLORS[index % len(COLORS)],
            marker=MARKERS[index % len(MARKERS)],
        )
    fig.hline(math.log10(result.target), "gray")
    _log_ticks(fig, floor, ceiling, rows)
    _x_ticks(fig, 0, result.epochs)
    fig.xlabel("step (epoch)")
    fig.ylabel("loss (log)")


def draw_gradients(fig: Any, result: GradientNorms, rows: int = 16) -> None:
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
            color=COLORS[index % len(COLORS)],
            marker=MARKERS[index % len(MARKERS)],
        )
    if all_values:
        _log_ticks(fig, min(all_values), max(all_values), rows)
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
    validation = result.validation_losses
    # A linear axis from 0, topped just above the validation curve after its lowest point: the first
    # epochs' big losses are cut off so the rise after the early-stopping point is plain to see.
    tail = validation[result.best_epoch :]
    top = 1.25 * float(np.max(tail[np.isfinite(tail)])) if np.isfinite(tail).any() else 1.0
    for index, losses in enumerate((result.train_losses, validation)):
        ok = np.isfinite(losses)
        fig.plot(
            epochs[ok].tolist(),
            np.minimum(losses[ok], top).tolist(),
            color=COLORS[index],
            marker=MARKERS[index],
        )
    fig.vline(result.best_epoch, "green")
    fig.ylim(0, top)
    fig.text(f" lowest validation: epoch {result.best_epoch}", x=result.best_epoch, y=0.95 * top, alignment="left")
    _x_ticks(fig, 0, result.epochs)
    fig.xlabel("epoch")
    fig.ylabel("loss ½·mean (y−o)²")


# ------------------------------------------------------------------ the words beside each plot


def legend(result: Any) -> list[tuple[str, str, str]]:
    """(marker, colour, what it stands for) for each series of the plot, drawn beside it rather than over it."""
    if isinstance(result, LossCurve):
        entries = ["reference"]
        if result.learner is not None:
            same = float(np.max(np.abs(result.learner - result.reference))) < 1e-9
            # Drawn second, exactly over the reference when they agree: say so, or it looks missing.
            entries.append("your training loop (the same curve, drawn over it)" if same else "your training loop")
    elif isinstance(result, LearningRates):
        entries = [
            f"lr {run.learning_rate:.3g} {run.diagnosis}"
            + (f", converged in {run.epochs_to_target} steps" if run.epochs_to_target is not None else "")
            for run in result.runs
        ]
    elif isinstance(result, GradientNorms):
        entries = [series.label for series in result.series]
    elif isinstance(result, Overfitting):
        return [(SYMBOLS[0], COLORS[0], "training"), (SYMBOLS[1], COLORS[1], "validation"), ("│", "green", "lowest")]
    elif isinstance(result, XorBoundary):
        bands = ["<0.2", "0.2-0.4", "0.4-0.6", "0.6-0.8", ">0.8"]
        return [
            (f"'{shade}'" if shade == " " else shade, "default", band)
            for shade, band in zip(SHADES, bands, strict=True)
        ]
    else:
        raise TypeError(f"no legend for {type(result).__name__}")
    keyed = [(SYMBOLS[i % len(SYMBOLS)], COLORS[i % len(COLORS)], label) for i, label in enumerate(entries)]
    if isinstance(result, LearningRates):
        keyed.append(("─", "default", "converged"))
    return keyed


def legend_text(result: Any, width: int = 10_000) -> str:
    """The legend as lines of at most `width` characters, entries never split."""
    lines: list[str] = []
    for marker, _, label in legend(result):
        entry = f"{marker} {label}"
        if lines and len(lines[-1]) + 3 + len(entry) <= width:
            lines[-1] += "   " + entry
        else:
            lines.append(entry)
    return "\n".join(lines)


def summary_lines(result: Any, *, brief: bool = False) -> list[str]:
    """What a learner should read off the plot, ending with whose code computed it.

    `brief` keeps to two or three short lines, for a small terminal; the full version adds the details.
    """
    lines: list[str] = []
    if isinstance(result, LossCurve):
        lines.append(
            f"Loss {result.reference[0]:.3f} → {result.reference[-1]:.3f} over {result.epochs} epochs "
            f"at learning rate {result.learning_rate:g} (the reference)."
        )
        if result.learner is not None:
            gap = float(np.max(np.abs(result.learner - result.reference)))
            same = "the same curve" if gap < 1e-9 else f"at most {gap:.3g} away"
            lines.append(f"Your loop: {result.learner[0]:.3f} → {result.learner[-1]:.3f}, {same}.")
        sources = [result.source]
    elif isinstance(result, LearningRates):
        lines.append(
            f"Converged: within 1% of the best loss ({result.target:.3g}). "
            f"Unstable above 2/λmax = {result.largest_stable_rate:.3g}."
        )
        if not brief:
            for run in result.runs:
                reached = "never converged" if run.epochs_to_target is None else f"converged in {run.epochs_to_target}"
                lines.append(f"  lr {run.learning_rate:<8.3g} {run.diagnosis:<11} {reached} (of {result.epochs} steps)")
        sources = [result.source]
    elif isinstance(result, GradientNorms):
        first = result.series[0].norms
        if first[0] > 0 and np.isfinite(first[0]):
            lines.append(
                f"Sigmoid: layer 1 gets {first[-1] / first[0]:.2g} times less gradient than layer {result.depth}; "
                f"ReLU with He's scale keeps it steady."
            )
        if not brief:
            for series in result.series:
                first_norm, last_norm = series.norms[0], series.norms[-1]
                lines.append(
                    f"  {series.label:<22} layer 1: {first_norm:9.2e}   layer {result.depth}: {last_norm:9.2e}"
                )
        sources = [result.source]
    elif isinstance(result, XorBoundary):
        for panel in result.panels:
            outputs = " ".join(f"{o:.2f}" for o in panel.outputs)
            lines.append(f"{panel.title}: outputs [{outputs}], targets [0 1 1 0]")
        if not brief:
            lines.append("Each corner is an XOR input; the number there is the net's output for it.")
        sources = [panel.source for panel in result.panels]
    elif isinstance(result, Overfitting):
        best = result.best_epoch
        lines.append(
            f"Validation loss is lowest after epoch {best} ({result.validation_losses[best]:.3f}), "
            f"{result.validation_losses[-1]:.3f} by {result.epochs}; training fell to {result.train_losses[-1]:.3f}."
        )
        if result.stopped_at < result.epochs and not brief:
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
        draw_learning_rates(fig, result, rows)
    elif isinstance(result, GradientNorms):
        draw_gradients(fig, result, rows)
    elif isinstance(result, XorBoundary):
        draw_boundary(fig, result.panels[panel], columns, rows)
    elif isinstance(result, Overfitting):
        draw_overfitting(fig, result)
    else:
        raise TypeError(f"cannot draw {type(result).__name__}")


def render_text(result: Any, width: int, height: int, *, color: bool = True) -> str:
    """The plot as terminal text, about `width` x `height`, with its legend on the line below.

    The XOR panels go side by side, or one above the other when the terminal is narrow.
    """
    return _render_plot(result, width, height, color=color) + "\n" + legend_text(result, width)


def _render_plot(result: Any, width: int, height: int, *, color: bool) -> str:
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

"""Training runs compared with the reference's, epoch by epoch.

A training function returns a history (one loss per epoch) and the parameters it ends with. A wrong run is
named when it matches a catalogued wrong run (the reference's run with one step done wrong, or the losses
recorded at another moment or with another formula); otherwise the message says what is true of it: how
many values it holds, and the first epoch at which its numbers part from the reference's.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from backprop_study.checks.core import RTOL, Variant, Variants, as_array, fail, matching_variant


def _agree(a: np.ndarray, b: np.ndarray, rtol: float = RTOL) -> np.ndarray:
    return np.isclose(a, b, rtol=rtol, atol=1e-12)


def first_parting(got: np.ndarray, expected: np.ndarray, rtol: float = RTOL) -> int | None:
    """The first epoch at which two histories of the same length differ, or None when they agree."""
    differs = ~_agree(np.asarray(got, dtype=float), np.asarray(expected, dtype=float), rtol)
    return int(np.argmax(differs)) if differs.any() else None


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def check_history(
    quantity: str,
    got: Any,
    expected: np.ndarray,
    variants: Variants = (),
    *,
    function: str,
    per: str = "epoch",
    recorded: str = "",
    rtol: float = RTOL,
) -> np.ndarray:
    """Check a per-epoch history (`expected` holds one value per epoch): its length, then its values.

    A wrong length says which part still matches (the first epochs, or all but the first); wrong values
    are named by a matching variant (pass a function to compute them only then), else located at the first
    epoch where they part from the reference.
    `recorded` says when each value is taken ("before that epoch's update"), for the messages. A long run
    is compared with a looser `rtol`: single precision drifts over hundreds of epochs, a wrong step does not
    stay within it.
    """
    history = as_array(quantity, got, function)
    epochs = len(expected)
    if history.ndim != 1:
        fail(f"{quantity} should be a flat list of {epochs} numbers, one per {per}; got shape {history.shape}.")
    if len(history) != epochs:
        fail(_length_message(quantity, history, expected, per))
    if bool(np.all(_agree(history, expected, rtol))):
        return history
    variant = matching_variant(history, expected, variants() if callable(variants) else variants)
    if variant is not None:
        fail(f"{quantity}: {variant.message}")
    if not np.all(np.isfinite(history)):
        epoch = int(np.argmax(~np.isfinite(history)))
        fail(f"{quantity} becomes NaN or infinite at {per} {epoch} (the reference's is {_fmt(expected[epoch])}).")
    epoch = first_parting(history, expected, rtol)
    assert epoch is not None
    when = f" ({recorded})" if recorded else ""
    if epoch == 0:
        fail(
            f"{quantity} differs from the first {per} on{when}: {quantity}[0] should be {_fmt(expected[0])}, "
            f"got {_fmt(history[0])}."
        )
    agreeing = f"{per} 0" if epoch == 1 else f"{per}s 0 to {epoch - 1}"
    fail(
        f"{quantity} agrees with the reference's for {agreeing} and parts at {per} {epoch}{when}: "
        f"expected {_fmt(expected[epoch])}, got {_fmt(history[epoch])}. So the step taken in {per} {epoch - 1} "
        "is the first that differs."
    )


def _length_message(quantity: str, history: np.ndarray, expected: np.ndarray, per: str) -> str:
    epochs, count = len(expected), len(history)
    lines = [f"{quantity} should hold one value per {per}, {epochs} in all; it has {count}."]
    shorter = min(epochs, count)
    if count < epochs and np.all(_agree(history, expected[:count])):
        lines.append(f"They are the first {count}: the loop stops {epochs - count} {per}(s) early.")
    elif count < epochs and np.all(_agree(history, expected[epochs - count :])):
        lines.append(f"They are the last {count}: the first {per}(s) are missing.")
    elif count > epochs and np.all(_agree(history[:epochs], expected)):
        lines.append(f"The first {epochs} are right; the other {count - epochs} come after the last {per}.")
    elif count > epochs and np.all(_agree(history[count - epochs :], expected)):
        lines.append(f"The last {epochs} are right; the first {count - epochs} come before the first {per}.")
    elif shorter and not np.all(_agree(history[:shorter], expected[:shorter])):
        epoch = first_parting(history[:shorter], expected[:shorter])
        lines.append(f"They also part from the reference's at {per} {epoch}.")
    return "\n".join(lines)


def loss_variants(losses: np.ndarray, losses_after: np.ndarray, batch: int, messages: dict[str, str]) -> list[Variant]:
    """The ways a right run's losses get recorded wrong: another formula (a mean, without the ½, a root)
    or another moment (after the update instead of before it). `losses_after[e]` is the loss after epoch e."""
    forms = {
        "recorded_after_update": losses_after,
        "mean": losses / batch,
        "no_half": 2 * losses,
        "mean_no_half": 2 * losses / batch,
        "root": np.sqrt(2 * losses),
    }
    return [Variant(key, messages[key], value) for key, value in forms.items() if key in messages]

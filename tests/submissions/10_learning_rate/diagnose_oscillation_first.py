"""Oscillation tested before divergence.

expect: fail
says: a diverging run zigzags too, so test "diverges" first
"""

import numpy as np


def diagnose(losses, weights, target):
    if zigzags(weights) >= (len(weights) - 1) / 4:
        return "oscillates"
    if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:
        return "diverges"
    if epochs_to_converge(losses, target) is None:
        return "too small"
    return "good"

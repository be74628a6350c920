"""len(weights) / 4: a quarter of the rows, not of the steps.

expect: fail
mistake: DIAGNOSE:quarter
"""

import numpy as np


def diagnose(losses, weights, target):
    if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:
        return "diverges"
    if zigzags(weights) >= len(weights) / 4:
        return "oscillates"
    if epochs_to_converge(losses, target) is None:
        return "too small"
    return "good"

""">= in the diverges rule.

expect: fail
mistake: DIAGNOSE:equal_ends
"""

import numpy as np


def diagnose(losses, weights, target):
    if not np.isfinite(losses[-1]) or losses[-1] >= losses[0]:
        return "diverges"
    if zigzags(weights) >= (len(weights) - 1) / 4:
        return "oscillates"
    if epochs_to_converge(losses, target) is None:
        return "too small"
    return "good"

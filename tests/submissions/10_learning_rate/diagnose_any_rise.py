"""Any rise counts as diverging.

expect: fail
mistake: DIAGNOSE:rose_and_fell
"""

import numpy as np


def diagnose(losses, weights, target):
    if not np.isfinite(losses[-1]) or np.max(losses) > losses[0]:
        return "diverges"
    if zigzags(weights) >= (len(weights) - 1) / 4:
        return "oscillates"
    if epochs_to_converge(losses, target) is None:
        return "too small"
    return "good"

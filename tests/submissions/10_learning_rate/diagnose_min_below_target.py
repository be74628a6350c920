"""min(losses) < target: a loss equal to the target does not count.

expect: fail
mistake: DIAGNOSE:target_met
"""

import numpy as np


def diagnose(losses, weights, target):
    if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:
        return "diverges"
    if zigzags(weights) >= (len(weights) - 1) / 4:
        return "oscillates"
    if not np.nanmin(losses) < target:
        return "too small"
    return "good"

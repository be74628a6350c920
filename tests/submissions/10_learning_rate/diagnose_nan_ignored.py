"""No NaN test: NaN > x is False.

expect: fail
mistake: DIAGNOSE:nan
"""


def diagnose(losses, weights, target):
    if losses[-1] > losses[0]:
        return "diverges"
    if zigzags(weights) >= (len(weights) - 1) / 4:
        return "oscillates"
    if epochs_to_converge(losses, target) is None:
        return "too small"
    return "good"

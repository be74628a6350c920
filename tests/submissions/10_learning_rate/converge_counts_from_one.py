"""Epochs counted from 1.

expect: fail
mistake: LEARNING_RATE:converge off_by_one
"""


def epochs_to_converge(losses, target):
    for t, loss in enumerate(losses, start=1):
        if loss <= target:
            return t
    return None

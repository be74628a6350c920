"""< where <= is meant.

expect: fail
mistake: LEARNING_RATE:converge strict
"""


def epochs_to_converge(losses, target):
    for t, loss in enumerate(losses):
        if loss < target:
            return t
    return None

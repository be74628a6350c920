"""np.argmax of the mask: 0 when the target is never reached.

expect: fail
mistake: LEARNING_RATE:converge not_none
"""

import numpy as np


def epochs_to_converge(losses, target):
    return int(np.argmax(np.asarray(losses) <= target))

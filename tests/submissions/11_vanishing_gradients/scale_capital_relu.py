"""Compares with "ReLU": relu never matches, so it gets Xavier's rule.

expect: fail
says: that is Xavier's sqrt(2 / (n_in + n_out)), the rule for sigmoid and tanh; relu takes He's sqrt(2 / n_in).
"""

import numpy as np


def init_scale(n_in, n_out, activation):
    if activation == "ReLU":
        return float(np.sqrt(2.0 / n_in))
    return float(np.sqrt(2.0 / (n_in + n_out)))

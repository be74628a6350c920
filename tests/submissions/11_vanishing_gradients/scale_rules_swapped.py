"""He for sigmoid and tanh, Xavier for relu.

expect: fail
says: that is Xavier's sqrt(2 / (n_in + n_out)), the rule for sigmoid and tanh; relu takes He's sqrt(2 / n_in).
"""

import numpy as np


def init_scale(n_in, n_out, activation):
    if activation == "relu":
        return float(np.sqrt(2.0 / (n_in + n_out)))
    return float(np.sqrt(2.0 / n_in))

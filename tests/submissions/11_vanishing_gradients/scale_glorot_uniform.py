"""The uniform draw's limit, sqrt(6 / (n_in + n_out)).

expect: fail
says: the limit of Glorot's *uniform* draw
"""

import numpy as np


def init_scale(n_in, n_out, activation):
    if activation == "relu":
        return float(np.sqrt(2.0 / n_in))
    return float(np.sqrt(6.0 / (n_in + n_out)))

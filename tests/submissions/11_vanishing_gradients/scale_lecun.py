"""sqrt(1 / n_in) for sigmoid and tanh.

expect: fail
says: that is sqrt(1 / n_in) (LeCun's), which counts only the inputs; sigmoid takes Xavier's
"""

import numpy as np


def init_scale(n_in, n_out, activation):
    if activation == "relu":
        return float(np.sqrt(2.0 / n_in))
    return float(np.sqrt(1.0 / n_in))

"""The norm of the error.

expect: fail
mistake: LESSON:squared_error:root
"""

import numpy as np


def squared_error(y, output):
    return float(np.linalg.norm(output_error(y, output)))

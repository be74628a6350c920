"""reshape(1, -1): a row, not a column.

expect: fail
says: Its diagonal is the right answer: a column (N, 1) met a row (1, N)
says: line
"""

import numpy as np


def output_error(y, output):
    y = np.asarray(y, dtype=float)
    return y.reshape(1, -1) - output

"""Both flattened: the right numbers, without the column axis.

expect: fail
says: The numbers are right but an axis was lost
"""

import numpy as np


def output_error(y, output):
    return np.ravel(y) - np.ravel(output)

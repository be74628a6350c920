"""y.shape = ... changes the caller's array.

expect: fail
says: output_error() changed its input `y` in place (`y` changed shape from (7,) to (7, 1))
"""


def output_error(y, output):
    if y.ndim == 1:
        y.shape = (-1, 1)
    return y - output

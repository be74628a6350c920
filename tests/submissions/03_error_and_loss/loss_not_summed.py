"""Half the squares, never added up.

expect: fail
says: should be one number, got an array of shape (7, 1)
"""


def squared_error(y, output):
    return 0.5 * output_error(y, output) ** 2

"""No reshape: right for a column y, an (N, N) table for a flat one.

expect: fail
says: `y` came in flat, shape (N,): make it a column first
says: Its diagonal is the right answer
"""


def output_error(y, output):
    return y - output

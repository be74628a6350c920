"""output - y with a flat y.

expect: fail
says: `y` came in flat, shape (N,): make it a column first
"""


def loss_gradient(y, output):
    return output - y

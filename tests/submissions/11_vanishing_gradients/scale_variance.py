"""The variances, not the standard deviations.

expect: fail
says: that is 2 / n_in, He's variance
"""


def init_scale(n_in, n_out, activation):
    if activation == "relu":
        return 2.0 / n_in
    return 2.0 / (n_in + n_out)

"""The last rows, never shuffled.

expect: fail
mistake: OVERFITTING:split not_shuffled
"""


def split(X, y, validation_fraction, seed):
    n = len(X)
    n_val = min(max(1, round(n * validation_fraction)), n - 1)
    return X[: n - n_val], y[: n - n_val], X[n - n_val :], y[n - n_val :]

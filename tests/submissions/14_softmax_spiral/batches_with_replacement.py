"""rng.integers: repeats.

expect: fail
mistake: SOFTMAX:batches repeats
"""


def minibatches(n, batch_size, rng):
    order = rng.integers(0, n, size=n)
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]

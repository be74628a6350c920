"""range(0, n - batch_size + 1, batch_size): the remainder is lost.

expect: fail
mistake: SOFTMAX:batches drop_last
"""


def minibatches(n, batch_size, rng):
    order = rng.permutation(n)
    for start in range(0, n - batch_size + 1, batch_size):
        yield order[start : start + batch_size]

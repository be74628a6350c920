"""rng.choice without replacement.

expect: pass
"""


def minibatches(n, batch_size, rng):
    order = rng.choice(n, size=n, replace=False)
    start = 0
    while start < n:
        yield order[start : start + batch_size]
        start += batch_size

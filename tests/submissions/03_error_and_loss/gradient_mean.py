"""Divided by N.

expect: fail
mistake: LESSON:loss_gradient:divided_by_batch
"""


def loss_gradient(y, output):
    return -output_error(y, output) / len(output)

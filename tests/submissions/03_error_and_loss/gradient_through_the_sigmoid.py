"""Went one step too far down the chain.

expect: fail
mistake: LESSON:loss_gradient:through_sigmoid
"""


def loss_gradient(y, output):
    return -output_error(y, output) * output * (1 - output)

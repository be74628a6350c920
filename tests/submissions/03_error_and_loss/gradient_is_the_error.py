"""The error itself.

expect: fail
mistake: LESSON:loss_gradient:flipped_sign
"""


def loss_gradient(y, output):
    return output_error(y, output)

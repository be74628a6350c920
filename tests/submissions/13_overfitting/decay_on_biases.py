"""The biases decayed too.

expect: fail
mistake: OVERFITTING:decay biases
"""


def add_weight_decay(grads, params, weight_decay):
    return [(dW + weight_decay * W, db + weight_decay * b) for (dW, db), (W, b) in zip(grads, params)]

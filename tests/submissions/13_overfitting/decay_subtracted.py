"""dW - λW.

expect: fail
mistake: OVERFITTING:decay sign
"""


def add_weight_decay(grads, params, weight_decay):
    return [(dW - weight_decay * W, db) for (dW, db), (W, _) in zip(grads, params)]

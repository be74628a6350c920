"""λW instead of dW + λW.

expect: fail
mistake: OVERFITTING:decay replaced
"""


def add_weight_decay(grads, params, weight_decay):
    return [(weight_decay * W, db) for (dW, db), (W, _) in zip(grads, params)]

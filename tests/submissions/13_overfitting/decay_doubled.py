"""The derivative of λ Σ W², not λ/2 Σ W².

expect: fail
mistake: OVERFITTING:decay doubled
"""


def add_weight_decay(grads, params, weight_decay):
    return [(dW + 2 * weight_decay * W, db) for (dW, db), (W, _) in zip(grads, params)]

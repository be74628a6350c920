"""dW += λW: the caller's gradients change.

expect: fail
says: add_weight_decay() changed its input `grads` in place
"""


def add_weight_decay(grads, params, weight_decay):
    for (dW, _), (W, _) in zip(grads, params):
        dW += weight_decay * W
    return grads

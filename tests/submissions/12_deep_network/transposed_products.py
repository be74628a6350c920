"""(delta.T @ a).T for dW, a flat db, insert(0, ...).

expect: pass
"""

import numpy as np


def network_gradients(params, activations, y, activation="sigmoid"):
    derivative = ACTIVATIONS[activation][1]
    output = activations[-1]
    delta = (output - y) * output * (1.0 - output) / len(output)
    grads = []
    for layer in reversed(range(len(params))):
        W, _ = params[layer]
        grads.insert(0, ((delta.T @ activations[layer]).T, np.sum(delta, axis=0)))
        if layer:
            delta = (delta @ W.T) * derivative(activations[layer])
    return grads

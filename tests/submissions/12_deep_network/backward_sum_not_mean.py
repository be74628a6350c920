"""No 1/N at the top.

expect: fail
mistake: DEEP:not_divided
"""


def network_gradients(params, activations, y, activation="sigmoid"):
    derivative = ACTIVATIONS[activation][1]
    output = activations[-1]
    delta = (output - y) * output * (1.0 - output)
    grads = []
    for layer in range(len(params) - 1, -1, -1):
        W, _ = params[layer]
        grads.append((activations[layer].T @ delta, delta.sum(axis=0, keepdims=True)))
        if layer > 0:
            delta = delta @ W.T * derivative(activations[layer])
    return grads[::-1]

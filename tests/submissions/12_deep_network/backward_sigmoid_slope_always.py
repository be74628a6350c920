"""a * (1 - a) whatever the activation.

expect: fail
mistake: DEEP:sigmoid_slope_everywhere
"""


def network_gradients(params, activations, y, activation="sigmoid"):
    output = activations[-1]
    delta = (output - y) / len(y) * output * (1.0 - output)
    grads = []
    for layer in range(len(params) - 1, -1, -1):
        W, _ = params[layer]
        a = activations[layer]
        grads.append((a.T @ delta, delta.sum(axis=0, keepdims=True)))
        if layer > 0:
            delta = delta @ W.T * a * (1 - a)
    return grads[::-1]

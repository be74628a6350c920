"""/ N again at every layer.

expect: fail
mistake: DEEP:divided_each_layer
"""


def network_gradients(params, activations, y, activation="sigmoid"):
    derivative = ACTIVATIONS[activation][1]
    n = len(y)
    output = activations[-1]
    delta = (output - y) / n * output * (1.0 - output)
    grads = []
    for layer in range(len(params) - 1, -1, -1):
        W, _ = params[layer]
        grads.append((activations[layer].T @ delta, delta.sum(axis=0, keepdims=True)))
        if layer > 0:
            delta = delta @ W.T * derivative(activations[layer]) / n
    return grads[::-1]

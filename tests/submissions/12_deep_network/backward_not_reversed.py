"""Built top down, returned top down.

expect: fail
mistake: DEEP_REVERSED
"""


def network_gradients(params, activations, y, activation="sigmoid"):
    derivative = ACTIVATIONS[activation][1]
    output = activations[-1]
    delta = (output - y) / len(y) * output * (1.0 - output)
    grads = []
    for layer in range(len(params) - 1, -1, -1):
        W, _ = params[layer]
        grads.append((activations[layer].T @ delta, delta.sum(axis=0, keepdims=True)))
        if layer > 0:
            delta = delta @ W.T * derivative(activations[layer])
    return grads

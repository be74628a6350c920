"""The derivative of the recomputed pre-activation.

expect: fail
mistake: DEEP:derivative_of_pre_activation
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
            W_below, b_below = params[layer - 1]
            z_below = activations[layer - 1] @ W_below + b_below
            delta = delta @ W.T * derivative(z_below)
    return grads[::-1]

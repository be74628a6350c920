"""The weights of the layer below, with the .T in place.

expect: fail
says: No transpose and no change of order makes these two fit
"""


def network_gradients(params, activations, y, activation="sigmoid"):
    derivative = ACTIVATIONS[activation][1]
    output = activations[-1]
    delta = (output - y) / len(y) * output * (1.0 - output)
    grads = []
    for layer in range(len(params) - 1, -1, -1):
        grads.append((activations[layer].T @ delta, delta.sum(axis=0, keepdims=True)))
        if layer > 0:
            W_below, _ = params[layer - 1]
            delta = delta @ W_below.T * derivative(activations[layer])
    return grads[::-1]

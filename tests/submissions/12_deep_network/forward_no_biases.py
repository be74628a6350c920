"""The biases unpacked and never used.

expect: fail
mistake: DEEP_FORWARD:no_bias
"""


def network_forward(params, X, activation="sigmoid"):
    f = ACTIVATIONS[activation][0]
    activations = [X]
    for index, (W, b) in enumerate(params):
        z = activations[-1] @ W
        activations.append(sigmoid(z) if index == len(params) - 1 else f(z))
    return activations

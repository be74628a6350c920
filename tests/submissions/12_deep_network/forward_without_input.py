"""The list starts with a_1.

expect: fail
mistake: DEEP_FORWARD:missing_input
"""


def network_forward(params, X, activation="sigmoid"):
    f = ACTIVATIONS[activation][0]
    activations = []
    a = X
    for index, (W, b) in enumerate(params):
        z = a @ W + b
        a = sigmoid(z) if index == len(params) - 1 else f(z)
        activations.append(a)
    return activations

"""The pre-activations kept instead of the activations.

expect: fail
mistake: DEEP_FORWARD:pre_activations
"""


def network_forward(params, X, activation="sigmoid"):
    f = ACTIVATIONS[activation][0]
    activations = [X]
    a = X
    for index, (W, b) in enumerate(params):
        z = a @ W + b
        a = sigmoid(z) if index == len(params) - 1 else f(z)
        activations.append(z if index < len(params) - 1 else a)
    return activations

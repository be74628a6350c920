"""activation ignored: sigmoid everywhere.

expect: fail
mistake: DEEP_FORWARD:activation_ignored
"""


def network_forward(params, X, activation="sigmoid"):
    activations = [X]
    for W, b in params:
        activations.append(sigmoid(activations[-1] @ W + b))
    return activations

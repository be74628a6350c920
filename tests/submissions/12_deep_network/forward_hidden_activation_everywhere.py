"""The hidden activation on the output layer too.

expect: fail
mistake: DEEP_FORWARD:hidden_activation_on_output
"""


def network_forward(params, X, activation="sigmoid"):
    f = ACTIVATIONS[activation][0]
    activations = [X]
    for W, b in params:
        activations.append(f(activations[-1] @ W + b))
    return activations

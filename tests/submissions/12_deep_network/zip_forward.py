"""Hidden layers in one loop, the output after it.

expect: pass
"""


def network_forward(params, X, activation="sigmoid"):
    f = ACTIVATIONS[activation][0]
    activations = [X]
    for W, b in params[:-1]:
        activations.append(f(activations[-1] @ W + b))
    W_out, b_out = params[-1]
    activations.append(sigmoid(activations[-1] @ W_out + b_out))
    return activations

"""Recursion instead of loops, both ways.

expect: pass
"""


def network_forward(params, X, activation="sigmoid"):
    f = ACTIVATIONS[activation][0]
    if not params:
        return [X]
    *hidden, (W, b) = params
    below = network_forward(hidden, X, activation) if hidden else [X]
    if hidden:
        # the layers below were built as if the last of them were the output: redo it with f
        W_h, b_h = hidden[-1]
        below[-1] = f(below[-2] @ W_h + b_h)
    return below + [sigmoid(below[-1] @ W + b)]


def network_gradients(params, activations, y, activation="sigmoid"):
    derivative = ACTIVATIONS[activation][1]
    output = activations[-1]

    def down(layer, delta):
        W, _ = params[layer]
        here = (activations[layer].T @ delta, delta.sum(axis=0, keepdims=True))
        if layer == 0:
            return [here]
        return down(layer - 1, delta @ W.T * derivative(activations[layer])) + [here]

    return down(len(params) - 1, (output - y) * output * (1 - output) / output.shape[0])

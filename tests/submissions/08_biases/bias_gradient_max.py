"""The largest delta per unit instead of the sum.

expect: fail
unnamed: db2 is wrong: expected
"""


def gradients(X, y, W1, b1, W2, b2):
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    delta_output = (output - y) * sigmoid_derivative(output)
    delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_output)
    return (
        X.T @ delta_hidden,
        delta_hidden.max(axis=0, keepdims=True),
        hidden_output.T @ delta_output,
        delta_output.max(axis=0, keepdims=True),
    )

"""The raw error sent back.

expect: fail
mistake: BIASES:08 dW1:raw_error
"""


def gradients(X, y, W1, b1, W2, b2):
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    delta_output = (output - y) * sigmoid_derivative(output)
    delta_hidden = (output - y) @ W2.T * sigmoid_derivative(hidden_output)
    return (
        X.T @ delta_hidden,
        delta_hidden.sum(axis=0, keepdims=True),
        hidden_output.T @ delta_output,
        delta_output.sum(axis=0, keepdims=True),
    )

"""The lesson's y - output kept in a gradient meant to be subtracted.

expect: fail
mistake: BIASES:08 dW2:flipped_sign
"""


def gradients(X, y, W1, b1, W2, b2):
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    delta_output = (y - output) * sigmoid_derivative(output)
    delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_output)
    return (
        X.T @ delta_hidden,
        delta_hidden.sum(axis=0, keepdims=True),
        hidden_output.T @ delta_output,
        delta_output.sum(axis=0, keepdims=True),
    )

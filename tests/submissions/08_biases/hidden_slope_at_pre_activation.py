"""The hidden slope taken at X @ W1 + b1.

expect: fail
mistake: BIASES:08 dW1:derivative_of_pre_activation
"""


def gradients(X, y, W1, b1, W2, b2):
    z1 = X @ W1 + b1
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    delta_output = (output - y) * sigmoid_derivative(output)
    delta_hidden = delta_output @ W2.T * sigmoid_derivative(z1)
    return (
        X.T @ delta_hidden,
        delta_hidden.sum(axis=0, keepdims=True),
        hidden_output.T @ delta_output,
        delta_output.sum(axis=0, keepdims=True),
    )

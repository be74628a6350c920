"""X @ delta_hidden.

expect: fail
says: These would fit: `X.T @ delta_hidden`
"""


def gradients(X, y, W1, b1, W2, b2):
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    delta_output = (output - y) * sigmoid_derivative(output)
    delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_output)
    dW2 = hidden_output.T @ delta_output
    dW1 = X @ delta_hidden
    return dW1, delta_hidden.sum(axis=0, keepdims=True), dW2, delta_output.sum(axis=0, keepdims=True)

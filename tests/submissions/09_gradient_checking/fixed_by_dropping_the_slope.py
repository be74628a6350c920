"""The bad factor removed, and nothing put in its place.

expect: fail
mistake: BIASES:08 dW1:no_hidden_derivative
"""


def backward(X, y, W1, b1, W2, b2):
    _, hidden_output, output = forward(X, W1, b1, W2, b2)
    delta_output = (output - y) * sigmoid_derivative(output)
    delta_hidden = delta_output @ W2.T
    dW2 = hidden_output.T @ delta_output
    db2 = delta_output.sum(axis=0, keepdims=True)
    dW1 = X.T @ delta_hidden
    db1 = delta_hidden.sum(axis=0, keepdims=True)
    return dW1, db1, dW2, db2

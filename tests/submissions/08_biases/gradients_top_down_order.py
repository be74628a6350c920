"""Returned in the order they were computed.

expect: fail
says: gradients() returned its values in another order: (dW2, db2, dW1, db1)
"""


def gradients(X, y, W1, b1, W2, b2):
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    delta_output = (output - y) * sigmoid_derivative(output)
    dW2 = hidden_output.T @ delta_output
    db2 = delta_output.sum(axis=0, keepdims=True)
    delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_output)
    dW1 = X.T @ delta_hidden
    db1 = delta_hidden.sum(axis=0, keepdims=True)
    return dW2, db2, dW1, db1

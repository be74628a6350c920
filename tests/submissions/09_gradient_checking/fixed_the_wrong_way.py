"""The bug "fixed" with the slope at the pre-activation: another mistake, which must not be called the planted one.

expect: fail
mistake: BIASES:08 dW1:derivative_of_pre_activation
"""


def backward(X, y, W1, b1, W2, b2):
    hidden_input, hidden_output, output = forward(X, W1, b1, W2, b2)
    delta_output = (output - y) * sigmoid_derivative(output)
    delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_input)
    dW2 = hidden_output.T @ delta_output
    db2 = delta_output.sum(axis=0, keepdims=True)
    dW1 = X.T @ delta_hidden
    db1 = delta_hidden.sum(axis=0, keepdims=True)
    return dW1, db1, dW2, db2

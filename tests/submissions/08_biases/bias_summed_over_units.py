"""db1 summed over axis 1 (keepdims): one number per sample.

expect: fail
mistake: BIASES:08 db1:bias_wrong_axis_keepdims
"""


def gradients(X, y, W1, b1, W2, b2):
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    delta_output = (output - y) * sigmoid_derivative(output)
    delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_output)
    db2 = delta_output.sum(axis=0, keepdims=True)
    db1 = delta_hidden.sum(axis=1, keepdims=True)
    return X.T @ delta_hidden, db1, hidden_output.T @ delta_output, db2

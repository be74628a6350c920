"""db1 summed from the wrong delta.

expect: fail
mistake: BIASES:08 db1:bias_from_other_delta
"""


def gradients(X, y, W1, b1, W2, b2):
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    delta_output = (output - y) * sigmoid_derivative(output)
    delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_output)
    db = delta_output.sum(axis=0, keepdims=True)
    return X.T @ delta_hidden, db, hidden_output.T @ delta_output, db

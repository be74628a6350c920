"""Divided by the batch size.

expect: fail
mistake: LESSON:d_output:divided_by_batch
"""


def compute_d_output(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    error = y - output
    d_output = error * sigmoid_derivative(output)
    return d_output / X.shape[0]

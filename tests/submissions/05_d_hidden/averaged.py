"""Divided by N.

expect: fail
mistake: LESSON:d_hidden:divided_by_batch
"""


def compute_d_hidden(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    return d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output) / len(X)

"""A factor of 1.5 from nowhere: no catalogued mistake, so the message says what differs.

expect: fail
unnamed: Every element is exactly 1.5 times the right one.
unnamed: elements differ; the first is [0, 0]
"""


def compute_d_hidden(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    return 1.5 * d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output)

"""The error sent back instead of d_output.

expect: fail
mistake: LESSON:d_hidden:raw_error
"""


def compute_d_hidden(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    error = y - output
    return error.dot(weights_hidden_output.T) * sigmoid_derivative(hidden_output)

"""The slope of sigmoid(hidden_output).

expect: fail
mistake: LESSON:d_hidden:sigmoid_twice
"""


def compute_d_hidden(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    s = sigmoid(hidden_output)
    return d_output @ weights_hidden_output.T * s * (1 - s)

"""A .T on the slope: a column times a row.

expect: fail
says: Its diagonal is the right answer
says: line
"""


def compute_d_output(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    error = y - output
    slope = sigmoid_derivative(output)
    d_output = error * slope.T
    return d_output

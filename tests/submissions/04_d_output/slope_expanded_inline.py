"""output - output ** 2 for the slope.

expect: pass
"""


def compute_d_output(X, y, weights_input_hidden, weights_hidden_output):
    output = sigmoid(sigmoid(X @ weights_input_hidden) @ weights_hidden_output)
    error = y - output
    return error * (output - output**2)

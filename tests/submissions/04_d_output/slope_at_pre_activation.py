"""The slope taken at output_input.

expect: fail
mistake: LESSON:d_output:derivative_of_pre_activation
"""


def compute_d_output(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output_input = hidden_output @ weights_hidden_output
    output = sigmoid(output_input)
    error = y - output
    return error * sigmoid_derivative(output_input)

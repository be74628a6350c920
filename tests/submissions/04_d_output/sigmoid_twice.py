"""sigmoid_derivative(sigmoid(output)).

expect: fail
mistake: LESSON:d_output:sigmoid_twice
"""


def compute_d_output(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    error = y - output
    return error * sigmoid_derivative(sigmoid(output))

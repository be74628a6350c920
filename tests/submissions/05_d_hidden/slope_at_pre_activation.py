"""sigmoid_derivative(hidden_input).

expect: fail
mistake: LESSON:d_hidden:derivative_of_pre_activation
"""


def compute_d_hidden(X, y, weights_input_hidden, weights_hidden_output):
    hidden_input = X @ weights_input_hidden
    hidden_output = sigmoid(hidden_input)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    return d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_input)

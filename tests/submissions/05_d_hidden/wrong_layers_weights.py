"""The first layer's weights: no transpose makes them fit.

expect: fail
says: No transpose and no change of order makes these two fit
"""


def compute_d_hidden(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    return d_output @ weights_input_hidden.T * sigmoid_derivative(hidden_output)

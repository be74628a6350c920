"""The weights without their .T.

expect: fail
says: These would fit: `d_output @ weights_hidden_output.T`
"""


def compute_d_hidden(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    return d_output @ weights_hidden_output * sigmoid_derivative(hidden_output)

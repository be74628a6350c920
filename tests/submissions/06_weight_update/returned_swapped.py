"""W2 first in the return.

expect: fail
says: train_step() returned its values in another order: (weights_hidden_output, weights_input_hidden)
"""


def train_step(X, y, weights_input_hidden, weights_hidden_output, learning_rate):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    d_hidden = d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output)
    weights_hidden_output = weights_hidden_output + hidden_output.T @ d_output * learning_rate
    weights_input_hidden = weights_input_hidden + X.T @ d_hidden * learning_rate
    return weights_hidden_output, weights_input_hidden

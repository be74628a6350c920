"""The output weights updated before d_hidden is computed.

expect: fail
mistake: LESSON:weights_input_hidden:w2_updated_first
"""


def train_step(X, y, weights_input_hidden, weights_hidden_output, learning_rate):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    weights_hidden_output = weights_hidden_output + hidden_output.T @ d_output * learning_rate
    d_hidden = d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output)
    weights_input_hidden = weights_input_hidden + X.T @ d_hidden * learning_rate
    return weights_input_hidden, weights_hidden_output

"""X.T @ d_output broadcasts into W1's shape and runs.

expect: fail
mistake: LESSON:weights_input_hidden:used_d_output
"""


def train_step(X, y, weights_input_hidden, weights_hidden_output, learning_rate):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    weights_input_hidden = weights_input_hidden + X.T @ d_output * learning_rate
    weights_hidden_output = weights_hidden_output + hidden_output.T @ d_output * learning_rate
    return weights_input_hidden, weights_hidden_output

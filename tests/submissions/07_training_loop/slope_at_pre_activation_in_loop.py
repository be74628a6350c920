"""The loop writes its own deltas, with the hidden slope at hidden_input.

expect: fail
mistake: TRAINING:d_hidden derivative_of_pre_activation
"""


def train(X, y, weights_input_hidden, weights_hidden_output, learning_rate=0.1, epochs=10_000):
    losses = []
    for _ in range(epochs):
        hidden_input = X @ weights_input_hidden
        hidden_output = sigmoid(hidden_input)
        output = sigmoid(hidden_output @ weights_hidden_output)
        losses.append(squared_error(y, output))
        d_output = (y - output) * sigmoid_derivative(output)
        d_hidden = d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_input)
        weights_hidden_output = weights_hidden_output + hidden_output.T @ d_output * learning_rate
        weights_input_hidden = weights_input_hidden + X.T @ d_hidden * learning_rate
    return weights_input_hidden, weights_hidden_output, output, losses

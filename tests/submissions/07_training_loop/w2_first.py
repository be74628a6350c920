"""weights_hidden_output updated before d_hidden, every epoch.

expect: fail
mistake: TRAINING:w2_updated_first
"""


def train(X, y, weights_input_hidden, weights_hidden_output, learning_rate=0.1, epochs=10_000):
    losses = []
    for _ in range(epochs):
        hidden_output, output = forward(X, weights_input_hidden, weights_hidden_output)
        losses.append(squared_error(y, output))
        d_output = output_delta(y - output, output)
        weights_hidden_output = weights_hidden_output + hidden_output.T @ d_output * learning_rate
        d_hidden = hidden_delta(d_output, weights_hidden_output, hidden_output)
        weights_input_hidden = weights_input_hidden + X.T @ d_hidden * learning_rate
    return weights_input_hidden, weights_hidden_output, output, losses

"""Steps divided by N.

expect: fail
mistake: TRAINING:divided_by_batch
"""


def train(X, y, weights_input_hidden, weights_hidden_output, learning_rate=0.1, epochs=10_000):
    n = len(X)
    losses = []
    for _ in range(epochs):
        hidden_output, output = forward(X, weights_input_hidden, weights_hidden_output)
        losses.append(squared_error(y, output))
        d_output = output_delta(y - output, output)
        d_hidden = hidden_delta(d_output, weights_hidden_output, hidden_output)
        weights_hidden_output = weights_hidden_output + hidden_output.T @ d_output * learning_rate / n
        weights_input_hidden = weights_input_hidden + X.T @ d_hidden * learning_rate / n
    return weights_input_hidden, weights_hidden_output, output, losses

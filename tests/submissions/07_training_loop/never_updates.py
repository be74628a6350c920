"""New names for the new weights, never used again.

expect: fail
mistake: TRAINING:never_updated
"""


def train(X, y, weights_input_hidden, weights_hidden_output, learning_rate=0.1, epochs=10_000):
    losses = []
    for _ in range(epochs):
        hidden_output, output = forward(X, weights_input_hidden, weights_hidden_output)
        losses.append(squared_error(y, output))
        d_output = output_delta(y - output, output)
        d_hidden = hidden_delta(d_output, weights_hidden_output, hidden_output)
        new_w2 = weights_hidden_output + hidden_output.T @ d_output * learning_rate
        new_w1 = weights_input_hidden + X.T @ d_hidden * learning_rate
    return new_w1, new_w2, output, losses

"""The first layer's step halved: not a known mistake, so the run is located, not named.

expect: fail
unnamed: agrees with the reference's for epoch 0 and parts at epoch 1
"""


def train(X, y, weights_input_hidden, weights_hidden_output, learning_rate=0.1, epochs=10_000):
    losses = []
    for _ in range(epochs):
        hidden_output, output = forward(X, weights_input_hidden, weights_hidden_output)
        losses.append(squared_error(y, output))
        d_output = output_delta(y - output, output)
        d_hidden = hidden_delta(d_output, weights_hidden_output, hidden_output)
        weights_hidden_output = weights_hidden_output + hidden_output.T @ d_output * learning_rate
        weights_input_hidden = weights_input_hidden + 0.5 * X.T @ d_hidden * learning_rate
    return weights_input_hidden, weights_hidden_output, output, losses

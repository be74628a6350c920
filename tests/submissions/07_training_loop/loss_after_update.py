"""The loss of the new weights recorded.

expect: fail
mistake: SUM_LOSS_RECORDED:recorded_after_update
"""


def train(X, y, weights_input_hidden, weights_hidden_output, learning_rate=0.1, epochs=10_000):
    losses = []
    for _ in range(epochs):
        hidden_output, output = forward(X, weights_input_hidden, weights_hidden_output)
        d_output = output_delta(y - output, output)
        d_hidden = hidden_delta(d_output, weights_hidden_output, hidden_output)
        weights_hidden_output = weights_hidden_output + hidden_output.T @ d_output * learning_rate
        weights_input_hidden = weights_input_hidden + X.T @ d_hidden * learning_rate
        losses.append(squared_error(y, forward(X, weights_input_hidden, weights_hidden_output)[1]))
    return weights_input_hidden, weights_hidden_output, output, losses

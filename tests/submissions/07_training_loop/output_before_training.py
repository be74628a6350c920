"""The output computed once, before the loop, is what comes back.

expect: fail
mistake: TRAINING_OUTPUT_AT_START
"""


def train(X, y, weights_input_hidden, weights_hidden_output, learning_rate=0.1, epochs=10_000):
    losses = []
    hidden_output, output = forward(X, weights_input_hidden, weights_hidden_output)
    for _ in range(epochs):
        hidden, out = forward(X, weights_input_hidden, weights_hidden_output)
        losses.append(squared_error(y, out))
        d_output = output_delta(y - out, out)
        d_hidden = hidden_delta(d_output, weights_hidden_output, hidden)
        weights_hidden_output = weights_hidden_output + hidden.T @ d_output * learning_rate
        weights_input_hidden = weights_input_hidden + X.T @ d_hidden * learning_rate
    return weights_input_hidden, weights_hidden_output, output, losses

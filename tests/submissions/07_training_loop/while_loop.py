"""A while loop and a counter; losses as plain floats.

expect: pass
"""


def train(X, y, weights_input_hidden, weights_hidden_output, learning_rate=0.1, epochs=10_000):
    losses = []
    epoch = 0
    output = None
    while epoch < epochs:
        hidden_output, output = forward(X, weights_input_hidden, weights_hidden_output)
        losses.append(float(squared_error(y, output)))
        d_output = output_delta(y - output, output)
        d_hidden = hidden_delta(d_output, weights_hidden_output, hidden_output)
        weights_input_hidden = weights_input_hidden + learning_rate * (X.T @ d_hidden)
        weights_hidden_output = weights_hidden_output + learning_rate * (hidden_output.T @ d_output)
        epoch += 1
    return weights_input_hidden, weights_hidden_output, output, losses

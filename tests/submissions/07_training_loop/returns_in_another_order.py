"""Output and losses first.

expect: fail
says: train() returned its values in another order: (output, losses, weights_input_hidden, weights_hidden_output)
"""


def train(X, y, weights_input_hidden, weights_hidden_output, learning_rate=0.1, epochs=10_000):
    losses = []
    for _ in range(epochs):
        hidden_output, output = forward(X, weights_input_hidden, weights_hidden_output)
        losses.append(squared_error(y, output))
        d_output = output_delta(y - output, output)
        d_hidden = hidden_delta(d_output, weights_hidden_output, hidden_output)
        weights_hidden_output = weights_hidden_output + hidden_output.T @ d_output * learning_rate
        weights_input_hidden = weights_input_hidden + X.T @ d_hidden * learning_rate
    return output, losses, weights_input_hidden, weights_hidden_output

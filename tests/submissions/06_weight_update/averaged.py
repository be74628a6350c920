"""Both steps divided by N.

expect: fail
mistake: LESSON:weights_hidden_output:divided_by_batch
"""


def train_step(X, y, weights_input_hidden, weights_hidden_output, learning_rate):
    n = X.shape[0]
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    d_hidden = d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output)
    return (
        weights_input_hidden + learning_rate * X.T @ d_hidden / n,
        weights_hidden_output + learning_rate * hidden_output.T @ d_output / n,
    )

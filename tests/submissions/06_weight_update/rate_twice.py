"""The rate folded into the deltas and applied again in the update.

expect: fail
mistake: LESSON:weights_hidden_output:learning_rate_twice
"""


def train_step(X, y, weights_input_hidden, weights_hidden_output, learning_rate):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = learning_rate * (y - output) * sigmoid_derivative(output)
    d_hidden = d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output)
    return (
        weights_input_hidden + learning_rate * X.T @ d_hidden,
        weights_hidden_output + learning_rate * hidden_output.T @ d_output,
    )

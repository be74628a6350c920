"""d_output.T @ hidden_output: a row added to a column.

expect: fail
says: Its diagonal is the right answer: a column (H, 1) met a row (1, H)
"""


def train_step(X, y, weights_input_hidden, weights_hidden_output, learning_rate):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    d_hidden = d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output)
    weights_hidden_output = weights_hidden_output + d_output.T @ hidden_output * learning_rate
    weights_input_hidden = weights_input_hidden + X.T @ d_hidden * learning_rate
    return weights_input_hidden, weights_hidden_output

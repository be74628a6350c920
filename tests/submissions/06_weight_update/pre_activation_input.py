"""hidden_input used as the output layer's input.

expect: fail
mistake: LESSON:weights_hidden_output:used_pre_activation
"""


def train_step(X, y, weights_input_hidden, weights_hidden_output, learning_rate):
    hidden_input = X @ weights_input_hidden
    hidden_output = sigmoid(hidden_input)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    d_hidden = d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output)
    weights_hidden_output = weights_hidden_output + hidden_input.T @ d_output * learning_rate
    weights_input_hidden = weights_input_hidden + X.T @ d_hidden * learning_rate
    return weights_input_hidden, weights_hidden_output

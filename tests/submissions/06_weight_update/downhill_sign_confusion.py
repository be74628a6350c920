"""-= with the lesson's error: both steps go uphill.

expect: fail
mistake: LESSON:weights_hidden_output:flipped_sign
"""


def train_step(X, y, weights_input_hidden, weights_hidden_output, learning_rate):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    d_hidden = d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output)
    new_w2 = weights_hidden_output - learning_rate * hidden_output.T @ d_output
    new_w1 = weights_input_hidden - learning_rate * X.T @ d_hidden
    return new_w1, new_w2

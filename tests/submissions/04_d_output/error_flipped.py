"""output - y.

expect: fail
mistake: LESSON:d_output:flipped_sign
"""


def compute_d_output(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    return (output - y) * output * (1 - output)

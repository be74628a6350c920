"""@ where * is meant, with a transpose to make it run.

expect: fail
says: Its diagonal is the right answer
says: d_output = error @ sigmoid_derivative(output).T
"""


def compute_d_output(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    error = y - output
    d_output = error @ sigmoid_derivative(output).T
    return d_output

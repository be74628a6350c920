"""db2 and db1 left as the deltas themselves.

expect: fail
mistake: BIASES:08 db2:bias_not_summed
"""


def gradients(X, y, W1, b1, W2, b2):
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    delta_output = (output - y) * sigmoid_derivative(output)
    delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_output)
    return X.T @ delta_hidden, delta_hidden, hidden_output.T @ delta_output, delta_output

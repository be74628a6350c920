"""With one output unit, d_output * W2.T is the same outer product as d_output @ W2.T.

expect: pass
"""


def compute_d_hidden(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    return d_output * weights_hidden_output.T * hidden_output * (1 - hidden_output)

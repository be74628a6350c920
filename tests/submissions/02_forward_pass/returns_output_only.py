"""Only the output returned.

expect: fail
says: forward() must return (hidden_output, output); it returned one array of shape (7, 1)
"""


def forward(X, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    return sigmoid(hidden_output @ weights_hidden_output)

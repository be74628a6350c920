"""* where @ is meant.

expect: fail
says: `X` is (7, 3) and `weights_input_hidden` is (3, 5): * works element by element
"""


def forward(X, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X * weights_input_hidden)
    output = sigmoid(hidden_output * weights_hidden_output)
    return hidden_output, output

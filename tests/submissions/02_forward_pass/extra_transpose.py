"""A transpose where none is needed.

expect: fail
says: These would fit: `X @ weights_input_hidden` (without the .T)
"""


def forward(X, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden.T)
    output = sigmoid(hidden_output @ weights_hidden_output)
    return hidden_output, output

"""Both values, the other way round.

expect: fail
says: forward() returned its values in another order: (output, hidden_output)
"""


def forward(X, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    return output, hidden_output

"""The second layer's weights used in the first layer.

expect: fail
says: No transpose and no change of order makes these two fit
"""


def forward(X, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_hidden_output)
    output = sigmoid(hidden_output @ weights_input_hidden)
    return hidden_output, output

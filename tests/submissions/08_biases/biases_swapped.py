"""b2 in the hidden layer (it broadcasts, so it runs).

expect: fail
mistake: BIASES:08 hidden_output:other_layers_bias
"""


def forward_with_biases(X, W1, b1, W2, b2):
    hidden_output = sigmoid(X @ W1 + b2)
    output = sigmoid(hidden_output @ W2 + b2)
    return hidden_output, output

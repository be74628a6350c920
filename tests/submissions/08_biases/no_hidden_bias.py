"""b1 forgotten.

expect: fail
mistake: BIASES:08 hidden_output:no_bias
"""


def forward_with_biases(X, W1, b1, W2, b2):
    hidden_output = sigmoid(X @ W1)
    output = sigmoid(hidden_output @ W2 + b2)
    return hidden_output, output

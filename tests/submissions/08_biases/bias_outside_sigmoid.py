"""The output's bias added after the sigmoid.

expect: fail
mistake: BIASES:08 output:bias_after_sigmoid
"""


def forward_with_biases(X, W1, b1, W2, b2):
    hidden_output = sigmoid(X @ W1 + b1)
    output = sigmoid(hidden_output @ W2) + b2
    return hidden_output, output

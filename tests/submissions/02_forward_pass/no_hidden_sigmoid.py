"""The hidden layer's sigmoid forgotten.

expect: fail
mistake: LESSON:hidden_output:no_hidden_sigmoid
"""


def forward(X, weights_input_hidden, weights_hidden_output):
    hidden_output = X @ weights_input_hidden
    output = sigmoid(hidden_output @ weights_hidden_output)
    return hidden_output, output

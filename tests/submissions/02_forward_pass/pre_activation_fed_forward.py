"""hidden_input, not hidden_output, feeds the output layer.

expect: fail
mistake: LESSON:output:fed_pre_activation
"""


def forward(X, weights_input_hidden, weights_hidden_output):
    hidden_input = X @ weights_input_hidden
    hidden_output = sigmoid(hidden_input)
    output = sigmoid(hidden_input @ weights_hidden_output)
    return hidden_output, output

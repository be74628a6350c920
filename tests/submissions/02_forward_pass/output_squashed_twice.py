"""sigmoid(sigmoid(...)) at the output.

expect: fail
mistake: LESSON:output:sigmoid_twice
"""


def forward(X, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output_input = sigmoid(hidden_output @ weights_hidden_output)
    output = sigmoid(output_input)
    return hidden_output, output

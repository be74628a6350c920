"""Every gradient divided by N, as a mean loss would give.

expect: fail
mistake: BIASES:08 dW2:divided_by_batch
"""


def gradients(X, y, W1, b1, W2, b2):
    n = len(X)
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    delta_output = (output - y) * sigmoid_derivative(output) / n
    delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_output)
    return (
        X.T @ delta_hidden,
        delta_hidden.sum(axis=0, keepdims=True),
        hidden_output.T @ delta_output,
        delta_output.sum(axis=0, keepdims=True),
    )

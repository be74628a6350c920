"""dL/dW computed and subtracted: the same step with the sign in the gradient.

expect: pass
"""


def train_step(X, y, weights_input_hidden, weights_hidden_output, learning_rate):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    delta_out = (output - y) * output * (1 - output)
    delta_hid = delta_out @ weights_hidden_output.T * hidden_output * (1 - hidden_output)
    dW2 = hidden_output.T @ delta_out
    dW1 = X.T @ delta_hid
    return weights_input_hidden - learning_rate * dW1, weights_hidden_output - learning_rate * dW2

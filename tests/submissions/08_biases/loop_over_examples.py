"""The four gradients summed example by example.

expect: pass
"""

import numpy as np


def gradients(X, y, W1, b1, W2, b2):
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    dW1, db1 = np.zeros_like(W1), np.zeros_like(b1)
    dW2, db2 = np.zeros_like(W2), np.zeros_like(b2)
    for n in range(len(X)):
        delta_out = (output[n] - y[n]) * output[n] * (1 - output[n])
        delta_hid = (W2 @ delta_out) * hidden_output[n] * (1 - hidden_output[n])
        dW2 += np.outer(hidden_output[n], delta_out)
        db2 += delta_out
        dW1 += np.outer(X[n], delta_hid)
        db1 += delta_hid
    return dW1, db1, dW2, db2

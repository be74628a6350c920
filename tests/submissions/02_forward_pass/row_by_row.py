"""One example at a time, as on paper.

expect: pass
"""

import numpy as np


def forward(X, weights_input_hidden, weights_hidden_output):
    hidden_rows, output_rows = [], []
    for x in X:
        h = sigmoid(x @ weights_input_hidden)
        hidden_rows.append(h)
        output_rows.append(sigmoid(h @ weights_hidden_output))
    return np.array(hidden_rows), np.array(output_rows)

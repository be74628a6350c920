"""np.mean over the whole one-hot product: divided by N·K.

expect: fail
mistake: SOFTMAX:ce every_entry_mean
"""

import numpy as np


def cross_entropy(probs, labels):
    one_hot = np.eye(probs.shape[1])[labels]
    return float(-np.mean(one_hot * np.log(probs)))

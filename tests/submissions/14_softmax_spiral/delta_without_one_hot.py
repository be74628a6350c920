"""probs / N.

expect: fail
mistake: SOFTMAX:delta no_one_hot
"""


def softmax_cross_entropy_delta(probs, labels):
    return probs / len(labels)

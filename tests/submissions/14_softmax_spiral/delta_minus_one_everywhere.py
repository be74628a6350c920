"""probs - 1.

expect: fail
mistake: SOFTMAX:delta minus_one_everywhere
"""


def softmax_cross_entropy_delta(probs, labels):
    return (probs - 1) / len(labels)

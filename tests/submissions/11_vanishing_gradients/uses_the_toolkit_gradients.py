"""The toolkit's deep_gradients imported: allowed, the given code uses it too; the norms are the learner's.

expect: pass
"""

import numpy as np

from backprop_study.toolkit import deep_gradients  # noqa: F401


def gradient_norms(grads):
    return [float(np.sqrt((dW**2).sum())) for dW, _ in grads]

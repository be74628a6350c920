"""A counter of epochs without improvement, np.argmin for the best.

expect: pass
"""

import numpy as np


def train_with_early_stopping(params, train_step, validation_loss, max_epochs, patience):
    val_losses = [validation_loss(params)]
    history = [params]
    waited = 0
    for _ in range(max_epochs):
        params = train_step(params)
        history.append(params)
        val_losses.append(validation_loss(params))
        if val_losses[-1] < min(val_losses[:-1]):
            waited = 0
        else:
            waited += 1
            if waited == patience:
                break
    best_epoch = int(np.argmin(val_losses))
    return history[best_epoch], best_epoch, val_losses

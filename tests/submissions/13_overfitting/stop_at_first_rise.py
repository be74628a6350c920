"""Stops at the first epoch that is not a new low.

expect: fail
mistake: OVERFITTING:stop no_patience
"""


def train_with_early_stopping(params, train_step, validation_loss, max_epochs, patience):
    val_losses = [validation_loss(params)]
    best_params, best_epoch = params, 0
    for epoch in range(1, max_epochs + 1):
        params = train_step(params)
        val_losses.append(validation_loss(params))
        if val_losses[-1] < val_losses[best_epoch]:
            best_params, best_epoch = params, epoch
        else:
            break
    return best_params, best_epoch, val_losses

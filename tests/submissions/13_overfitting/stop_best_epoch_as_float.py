"""best_epoch taken from a float counter.

expect: fail
says: best_epoch should be an int, the index in val_losses of the lowest value; got 4.0 (float)
"""


def train_with_early_stopping(params, train_step, validation_loss, max_epochs, patience):
    val_losses = [validation_loss(params)]
    best_params, best_epoch = params, 0.0
    epoch = 0.0
    while epoch < max_epochs:
        epoch += 1.0
        params = train_step(params)
        val_losses.append(validation_loss(params))
        if val_losses[-1] < val_losses[int(best_epoch)]:
            best_params, best_epoch = params, epoch
        elif epoch - best_epoch >= patience:
            break
    return best_params, best_epoch, val_losses

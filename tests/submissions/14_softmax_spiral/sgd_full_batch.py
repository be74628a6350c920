"""One step per epoch, on all of X.

expect: fail
mistake: SOFTMAX:sgd steps
"""


def train_sgd(params, X, labels, learning_rate, epochs, batch_size, seed=0):
    losses = []
    for _ in range(epochs):
        grads = backward(params, forward(params, X), labels)
        params = [(W - learning_rate * dW, b - learning_rate * db) for (W, b), (dW, db) in zip(params, grads)]
        losses.append(cross_entropy(forward(params, X)[-1], labels))
    return params, losses

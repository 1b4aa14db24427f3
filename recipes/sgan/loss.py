"""The SGAN objective (Salimans et al., 2016): a supervised term, the GAN's term, and feature matching."""

from keras import ops

from common.template import Loss


class SGANLoss(Loss):
    """D minimises  L = L_supervised + w L_unsupervised:

        L_supervised   = -E_{x,y ~ labelled} log p(y | x, y < K+1)          (``classification``)
        L_unsupervised = -E_{x ~ data} log P(real | x) - E_{z} log P(fake | G(z))

    L_unsupervised is the template's binary cross-entropy on the ``source`` logit log Z(x),
    and w is ``unlabelled_weight``. G either fools D in the template's non-saturating form or,
    with ``feature_matching``, matches the batch means of D's last hidden features,

        L_G = || E_x f(x) - E_z f(G(z)) ||^2   (mean over the features, as in the paper's code).
    """

    def __init__(self, config) -> None:
        super().__init__(config)
        self.unlabelled_weight = config.unlabelled_weight

    def feature_matching(self, y_true, y_pred):
        """``y_pred`` is f(G(z)) - mean_x f(x), one row per fake; ``y_true`` is unused."""
        return ops.mean(ops.square(ops.mean(y_pred, axis=0)))

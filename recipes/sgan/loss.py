"""The SGAN objective (Salimans et al., 2016): a supervised term, the GAN's term, and feature matching."""

from keras import ops

from gan_cookbook.common.template import Loss, class_accuracy, cross_entropy


class SGANLoss(Loss):
    """D minimises  L = L_supervised + w L_unsupervised:

        L_supervised   = -E_{x,y ~ labelled} log p(y | x, y < K+1)
        L_unsupervised = -E_{x ~ data} log P(real | x) - E_{z} log P(fake | G(z))

    L_unsupervised is the template's binary cross-entropy on the ``source`` logit log Z(x) (its
    mean over the real and the fake batch), and w is ``unlabelled_weight``. G either fools D in the
    template's non-saturating form or, with ``feature_matching``, matches the batch means of D's
    last hidden features,

        L_G = || E_x f(x) - E_z f(G(z)) ||^2   (mean over the features, as in the paper's code).
    """

    def __init__(self, config) -> None:
        super().__init__(config)
        self.unlabelled_weight, self.feature_matching = config.unlabelled_weight, config.feature_matching

    def classifier(self, classes, class_logits):
        return cross_entropy(classes, class_logits)

    def classifier_logs(self, classes, class_logits) -> dict:
        return {"class_acc": class_accuracy(classes, class_logits)}

    def discriminator(self, classes, class_logits, real, fake):
        return self.classifier(classes, class_logits) + self.unlabelled_weight * super().discriminator(real, fake)

    def discriminator_logs(self, classes, class_logits, real, fake) -> dict:
        return {**super().discriminator_logs(real, fake), **self.classifier_logs(classes, class_logits)}

    def generator(self, fake, fake_features, real_features):
        if self.feature_matching:
            return ops.mean(ops.square(ops.mean(fake_features, axis=0) - ops.mean(real_features, axis=0)))
        return super().generator(fake)

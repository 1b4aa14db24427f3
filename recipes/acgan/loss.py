"""The ACGAN objective (Odena, Olah and Shlens, 2017): a source term and a class term."""

from gan_cookbook.common.template import Loss, binary_crossentropy, class_accuracy, cross_entropy


class ACGANLoss(Loss):
    """L_S = E[log P(real | x_real)] + E[log P(fake | x_fake)],  L_C = E[log P(c | x_real)] + E[log P(c | x_fake)].

    D maximises L_S + w L_C; G maximises w L_C - L_S, in the non-saturating form: it fits its
    fakes to "real" and to the class they were made for. Each term is a mean over its images;
    w is ``class_weight`` (the paper weighs both terms equally). With ``classify_fakes`` off,
    D's class head learns from real images only.
    """

    def __init__(self, config) -> None:
        super().__init__(config)
        self.class_weight, self.classify_fakes = config.class_weight, float(config.classify_fakes)

    def discriminator(self, real, fake, real_class, fake_class, classes, fake_classes):
        source = super().discriminator(real, fake)
        return source + self.class_weight * 0.5 * (
            cross_entropy(classes, real_class) + self.classify_fakes * cross_entropy(fake_classes, fake_class)
        )

    def generator(self, fake, fake_class, fake_classes):
        return binary_crossentropy(1.0, fake) + self.class_weight * cross_entropy(fake_classes, fake_class)

    def discriminator_logs(self, real, fake, real_class, fake_class, classes, fake_classes) -> dict:
        """The template's accuracies, and how often D's class head names the class of real and of fake images."""
        return {
            **super().discriminator_logs(real, fake),
            "class_acc_real": class_accuracy(classes, real_class),
            "class_acc_fake": class_accuracy(fake_classes, fake_class),
        }

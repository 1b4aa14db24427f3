"""The ACGAN objective (Odena, Olah and Shlens, 2017): a source term and a class term."""

from common.template import Loss


class ACGANLoss(Loss):
    """L_S = E[log P(real | x_real)] + E[log P(fake | x_fake)],  L_C = E[log P(c | x_real)] + E[log P(c | x_fake)].

    D maximises L_S + w L_C; G maximises w L_C - L_S, in the non-saturating form: it fits its
    fakes to "real" and to the class they were made for. The source term is the template's
    binary cross-entropy on logits, the class term its ``classification`` (sparse cross-entropy on
    logits); w is ``class_weight`` (the paper weighs both terms equally).
    """

    def __init__(self, config) -> None:
        super().__init__(config)
        self.class_weight = config.class_weight

"""The ACGAN objective (Odena, Olah and Shlens, 2017): a source term and a class term."""

import keras
from keras import ops

from common.template import Loss


class ACGANLoss(Loss):
    """L_S = E[log P(real | x_real)] + E[log P(fake | x_fake)],  L_C = E[log P(c | x_real)] + E[log P(c | x_fake)].

    D maximises L_S + w L_C; G maximises w L_C - L_S, in the non-saturating form: it fits its
    fakes to "real" and to the class they were made for. The source term is the template's
    binary cross-entropy on logits; w is ``class_weight`` (the paper weighs both terms equally).
    """

    def __init__(self, config) -> None:
        super().__init__(config)
        self.class_weight = config.class_weight

    def classification(self, y_true, y_pred):
        """Cross-entropy of the class logits against integer classes."""
        return keras.losses.sparse_categorical_crossentropy(y_true, y_pred, from_logits=True)

    def class_accuracy(self, y_true, y_pred):
        return ops.mean(ops.cast(ops.equal(ops.cast(ops.reshape(y_true, (-1,)), "int32"), ops.argmax(y_pred, axis=-1)), "float32"))

"""The hinge objective (Lim and Ye 2017; Miyato et al. 2018, eq. 16-17)."""

from keras import ops

from gan_cookbook.common.template import Loss, mean


class HingeLoss(Loss):
    """discriminator:  E_x[max(0, 1 - D(x))] + E_z[max(0, 1 + D(G(z)))]
    generator:      -E_z[D(G(z))]
    """

    def discriminator(self, real, fake):
        return mean(ops.relu(1.0 - real)) + mean(ops.relu(1.0 + fake))

    def generator(self, fake):
        return -mean(fake)

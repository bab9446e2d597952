"""Random colour transforms: brightness, contrast, saturation, hue, colour jitter and PCA lighting."""
from ._basic import _Transform

__all__ = ["RandomBrightness", "RandomContrast", "RandomSaturation", "RandomHue", "RandomColorJitter",
           "RandomLighting"]


class _FactorJitter(_Transform):
    """Scale by a factor drawn from U(max(0, 1 - amount), 1 + amount) with operator `_op`."""

    _op = None

    def __init__(self, amount):
        super().__init__()
        self._args = (max(0, 1 - amount), 1 + amount)

    def hybrid_forward(self, F, x):
        return getattr(F.image, self._op)(x, *self._args)


class RandomBrightness(_FactorJitter):
    """Multiply HWC pixels by a factor from U(max(0, 1 - brightness), 1 + brightness)."""

    _op = "random_brightness"

    def __init__(self, brightness):
        super().__init__(brightness)


class RandomContrast(_FactorJitter):
    """Blend an HWC image with its mean grey level by a factor from U(max(0, 1 - contrast), 1 + contrast)."""

    _op = "random_contrast"

    def __init__(self, contrast):
        super().__init__(contrast)


class RandomSaturation(_FactorJitter):
    """Blend HWC pixels with their grey value by a factor from U(max(0, 1 - saturation), 1 + saturation)."""

    _op = "random_saturation"

    def __init__(self, saturation):
        super().__init__(saturation)


class RandomHue(_FactorJitter):
    """Rotate the hue of an HWC RGB image by a * 360 degrees, a ~ U(max(0, 1 - hue), 1 + hue)."""

    _op = "random_hue"

    def __init__(self, hue):
        super().__init__(hue)


class RandomColorJitter(_Transform):
    """Jitter brightness, contrast, saturation and hue (each amount > 0 is applied) in a random order."""

    def __init__(self, brightness=0, contrast=0, saturation=0, hue=0):
        super().__init__()
        self._args = (brightness, contrast, saturation, hue)

    def hybrid_forward(self, F, x):
        return F.image.random_color_jitter(x, *self._args)


class RandomLighting(_Transform):
    """AlexNet-style PCA lighting noise with alphas from N(0, alpha)."""

    def __init__(self, alpha):
        super().__init__()
        self._alpha = alpha

    def hybrid_forward(self, F, x):
        return F.image.random_lighting(x, self._alpha)

"""`sym.contrib.rand_zipfian`: log-uniform (Zipfian) candidate sampling as a graph of symbol operators."""
import math


def rand_zipfian(true_classes, num_sampled, range_max):
    """Sample `num_sampled` classes from the log-uniform distribution over [0, range_max); returns the
    symbols (sampled classes int64, expected count of true_classes, expected count of sampled) float64."""
    from . import random as sym_random
    log_range = math.log(range_max + 1)
    draw = sym_random.uniform(0, log_range, shape=(num_sampled,), dtype="float64")
    sampled = (draw.exp() - 1).astype("int64") % range_max

    def expected_count(classes):
        c = classes.astype("float64")
        return ((c + 2.0) / (c + 1.0)).log() / log_range * num_sampled
    return sampled, expected_count(true_classes), expected_count(sampled)

"""`mx.random`: seeding and the samplers of `nd.random`."""
import torch

from .ndarray import _mx_rng, _mx_rng_global

from .ndarray.random import uniform, normal, randn, randint, shuffle  # noqa: F401
from .ndarray.random import (exponential, gamma, poisson, negative_binomial,  # noqa: F401
                                generalized_negative_binomial, multinomial)


def seed(seed_state, ctx="all"):
    """Seed the random generators: MXNet's CPU streams (nd uniform/normal/Dropout, np uniform/normal) and torch's
    CPU and CUDA generators (the other samplers); `ctx` limits it to one device."""
    s = int(seed_state)
    if ctx == "all":
        torch.manual_seed(s)
        _mx_rng.seed(s)
        _mx_rng_global.seed(s)
    else:
        from .context import Context
        if not isinstance(ctx, Context):
            raise TypeError("seed: ctx must be 'all' or a Context")
        if ctx.device_typeid == 2:
            with torch.cuda.device(ctx.device_id):
                torch.cuda.manual_seed(s)
        else:
            torch.default_generator.manual_seed(s)
            _mx_rng.seed(s)   # MXNet has one CPU random resource of each kind, whichever cpu(i)
            _mx_rng_global.seed(s)

"""Initializers built from others: Mixed (by name pattern) and Load (from a saved file or dict)."""
import logging
import re

__all__ = ["Mixed", "Load"]


class Mixed:
    """Initialize each array with the first initializer whose regex (re.match) matches its name."""

    def __init__(self, patterns, initializers):
        assert len(patterns) == len(initializers)
        self.map = list(zip([re.compile(p) for p in patterns], initializers))

    def __call__(self, name, arr):
        """Initialize `arr` with the initializer of the first pattern matching `name`."""
        for prog, init in self.map:
            if prog.match(name):
                init(name, arr)
                return
        raise ValueError(f"Parameter name {name} did not match any pattern. Consider add a \".*\" pattern at "
                         "the end with default Initializer.")


class Load:
    """Initialize from a `.params` file or a name->NDArray dict (`arg:`/`aux:` dropped), else by `default_init`."""

    def __init__(self, param, default_init=None, verbose=False):
        if isinstance(param, str):
            from ..ndarray.utils import load
            param = load(param)
        assert isinstance(param, dict)
        self.param = {}
        for name, arr in param.items():
            if name.startswith("arg:") or name.startswith("aux:"):
                self.param[name[4:]] = arr
            else:
                self.param[name] = arr
        self.default_init = default_init
        self.verbose = verbose

    def __call__(self, name, arr):
        """Copy the loaded array called `name` into `arr` (shapes must agree), else use `default_init`."""
        if name in self.param:
            assert arr.shape == self.param[name].shape, \
                f"Parameter {name} cannot be initialized from loading. Shape mismatch, target {arr.shape} " \
                f"vs loaded {self.param[name].shape}"
            arr[:] = self.param[name]
            if self.verbose:
                logging.info("Initialized %s by loading", name)
        else:
            assert self.default_init is not None, \
                f"Cannot Initialize {name}. Not found in loaded param and no default Initializer is provided."
            self.default_init(name, arr)
            if self.verbose:
                logging.info("Initialized %s by default", name)

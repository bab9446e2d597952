"""`_SVRGOptimizer`: the wrapped optimizer updates the weights; keys named `*_full` (the full gradients an
SVRGModule keeps in its kvstore) are assigned by `_AssignmentOptimizer`."""
from ... import optimizer as _opt

__all__ = ["_AssignmentOptimizer", "_SVRGOptimizer"]

_BASE_PARAMS = ('rescale_grad', 'param_idx2name', 'wd', 'clip_gradient', 'learning_rate', 'lr_scheduler', 'sym',
                'begin_num_update', 'multi_precision', 'param_dict')


@_opt.register
class _AssignmentOptimizer(_opt.Optimizer):
    """`weight[:] = grad` (stores what is pushed)."""

    def update(self, index, weight, grad, state):
        """Assign `grad` to `weight`."""
        weight[:] = grad


@_opt.register
class _SVRGOptimizer(_opt.Optimizer):
    """Delegates updates of ordinary keys to `default_optimizer` (a name or an Optimizer) and of `*_full` keys
    to `_AssignmentOptimizer`; the Optimizer base arguments among `kwargs` configure this wrapper too."""

    def __init__(self, default_optimizer, **kwargs):
        super(_SVRGOptimizer, self).__init__(**self._check_params(**kwargs))
        if isinstance(default_optimizer, str):
            self.default_opt = _opt.create(default_optimizer, **kwargs)
        else:
            self.default_opt = default_optimizer
        self.aux_opt = _opt.create(_AssignmentOptimizer.__name__)

    @staticmethod
    def _check_params(**kwargs):
        """The Optimizer base arguments among `kwargs`."""
        return {k: v for k, v in kwargs.items() if k in _BASE_PARAMS}

    def update(self, index, weight, grad, state):
        """Assign `*_full` keys, let the default optimizer update the others."""
        target = self.aux_opt if 'full' in self._check_index(index) else self.default_opt
        target.update(index, weight, grad, state)

    def create_state(self, index, weight):
        """State of the optimizer in charge of `index`."""
        target = self.aux_opt if 'full' in self._check_index(index) else self.default_opt
        return target.create_state(index, weight)

    def _check_index(self, index):
        """The parameter name of `index` (an index known to idx2name, or already a name)."""
        if index in self.idx2name.values():
            return index
        return self.idx2name[index]

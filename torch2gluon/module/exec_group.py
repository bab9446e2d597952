"""`Module._exec_group`: a live view of a bound Module's executors shaped like MXNet's DataParallelExecutorGroup."""


class ExecGroupView:
    """The per-device arrays third-party code reaches through `mod._exec_group` (GAN examples copy or clip
    `grad_arrays`; gradient-norm clipping edits them in place before `update`). Every list holds the
    executors' own buffers, so in-place edits reach the next `update`."""

    def __init__(self, module):
        self._mod = module

    @property
    def execs(self):
        """The executors, one per device."""
        return list(self._mod._execs)

    @property
    def contexts(self):
        """The devices, in executor order."""
        return list(self._mod._context)

    @property
    def slices(self):
        """The batch slice each device computes."""
        return list(self._mod._slices)

    @property
    def batch_size(self):
        """The bound batch size."""
        return self._mod._batch_size

    @property
    def param_names(self):
        """Parameter names (arguments that are neither data nor labels), in argument order."""
        return list(self._mod._param_names)

    @property
    def aux_names(self):
        """Auxiliary state names."""
        return list(self._mod._aux_names)

    @property
    def data_names(self):
        """Data input names."""
        return list(self._mod.data_names)

    @property
    def label_names(self):
        """Label input names."""
        return list(self._mod.label_names)

    @property
    def param_arrays(self):
        """For each parameter, its array on every device."""
        return [[ex.arg_dict[n] for ex in self._mod._execs] for n in self._mod._param_names]

    @property
    def grad_arrays(self):
        """For each parameter, its gradient buffer on every device (None where grad_req is 'null')."""
        return [[ex.grad_dict.get(n) for ex in self._mod._execs] for n in self._mod._param_names]

    @property
    def aux_arrays(self):
        """For each auxiliary state, its array on every device."""
        return [[ex.aux_dict[n] for ex in self._mod._execs] for n in self._mod._aux_names]

    @property
    def input_grad_arrays(self):
        """For each data input, its gradient on every device (bound with inputs_need_grad=True), else []."""
        if not self._mod.inputs_need_grad:
            return []
        return [[ex.grad_dict[d.name] for ex in self._mod._execs] for d in self._mod._data_shapes]

    def _inputs(self, descs):
        return [[(sl, ex.arg_dict[d.name]) for sl, ex in zip(self._mod._slices, self._mod._execs)]
                for d in descs]

    @property
    def data_arrays(self):
        """For each data input, (batch slice, bound array) on every device."""
        return self._inputs(self._mod._data_shapes)

    @property
    def label_arrays(self):
        """For each label input, (batch slice, bound array) on every device; None when bound without labels."""
        if self._mod._label_shapes is None:
            return None
        return self._inputs(self._mod._label_shapes)

    def get_outputs(self, merge_multi_context=True):
        """The module's outputs (see Module.get_outputs)."""
        return self._mod.get_outputs(merge_multi_context=merge_multi_context)

    def get_input_grads(self, merge_multi_context=True):
        """The module's data-input gradients (see Module.get_input_grads)."""
        return self._mod.get_input_grads(merge_multi_context=merge_multi_context)

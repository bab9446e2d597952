"""`mx.operator.PythonOp` / `NumpyOp` / `NDArrayOp`: MXNet's deprecated python operators (before CustomOp).

`op.get_symbol(*inputs, name=...)` (or `op(...)`) gives a graph node whose forward calls the op's
`forward(in_data, out_data)` and whose backward calls `backward(out_grad, in_data, out_data, in_grad)`,
writing the outputs in place: numpy arrays for NumpyOp, NDArrays for NDArrayOp. Shapes come from the op's
`infer_shape`, names from `list_arguments` / `list_outputs`. torch2gluon builds the node on its custom operator
machinery (a `Custom` node of a private op_type) where MXNet writes a `_Native` / `_NDArray` node holding a
C callback pointer; neither graph can be reloaded from JSON in another process.
"""
import itertools
import warnings

import numpy as np

from . import operator as _operator

_IDS = itertools.count()


class PythonOp:
    """Base class of MXNet's deprecated python operators; subclasses override forward/backward/infer_shape."""

    _ref_holder = []

    def __init__(self, need_top_grad=True):
        self.info_ = None
        self.need_top_grad_ = need_top_grad
        warnings.warn("PythonOp has been deprecated. Please use CustomOp")

    def __call__(self, *args, **kwargs):
        """Same as `get_symbol`."""
        return self.get_symbol(*args, **kwargs)

    def get_symbol(self, *args, **kwargs):
        """The symbol of this operator applied to the input symbols."""
        raise NotImplementedError("Must override this")

    def forward(self, in_data, out_data):
        """Write the outputs (default: a copy of the first input)."""
        out_data[0][:] = in_data[0]

    def backward(self, out_grad, in_data, out_data, in_grad):
        """Write the input gradients (default: ones, as MXNet's)."""
        in_grad[0][:] = 1.0

    def infer_shape(self, in_shape):
        """(input shapes, output shapes) from the input shapes (default: the first input's)."""
        return in_shape, [in_shape[0]]

    def list_outputs(self):
        """Output names."""
        return ["output"]

    def list_arguments(self):
        """Input names."""
        return ["data"]

    def need_top_grad(self):
        """Whether the backward reads the output gradients."""
        return self.need_top_grad_

    def _convert(self, arrays, writable):
        return arrays

    def _write_back(self, views, arrays):
        pass

    def _as_symbol(self, args, kwargs):
        pyop = self
        op_type = f"_t2g_{type(self).__name__}_{next(_IDS)}"

        class _Op(_operator.CustomOp):
            def forward(self, is_train, req, in_data, out_data, aux):
                ins, outs = pyop._convert(in_data, False), pyop._convert(out_data, True)
                pyop.forward(in_data=ins, out_data=outs)
                pyop._write_back(outs, out_data)

            def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
                grads = pyop._convert(in_grad, True)
                pyop.backward(out_grad=pyop._convert(out_grad, False), in_data=pyop._convert(in_data, False),
                              out_data=pyop._convert(out_data, False), in_grad=grads)
                pyop._write_back(grads, in_grad)

        class _Prop(_operator.CustomOpProp):
            def __init__(self, **_):
                super().__init__(need_top_grad=pyop.need_top_grad())

            def list_arguments(self):
                return pyop.list_arguments()

            def list_outputs(self):
                return pyop.list_outputs()

            def infer_shape(self, in_shape):
                ishape, oshape = pyop.infer_shape([list(s) for s in in_shape])
                return [tuple(s) for s in ishape], [tuple(s) for s in oshape], []

            def create_operator(self, ctx, in_shapes, in_dtypes):
                return _Op()

        _operator.register(op_type)(_Prop)
        PythonOp._ref_holder.append(self)
        from . import symbol
        return symbol.Custom(*args, op_type=op_type, **kwargs)


class NumpyOp(PythonOp):
    """A python operator computing on numpy arrays (deprecated in MXNet: use CustomOp)."""

    def __init__(self, need_top_grad=True):
        super().__init__(need_top_grad)
        warnings.warn("NumpyOp has been deprecated. Please use CustomOp")

    def get_symbol(self, *args, **kwargs):
        """The symbol of this operator applied to the input symbols."""
        return self._as_symbol(args, kwargs)

    def _convert(self, arrays, writable):
        return [np.array(a.asnumpy(), dtype=np.float32) for a in arrays]  # MXNet hands float32 buffers

    def _write_back(self, views, arrays):
        for v, a in zip(views, arrays):
            a[:] = v


class NDArrayOp(PythonOp):
    """A python operator computing on NDArrays (deprecated in MXNet: use CustomOp)."""

    def __init__(self, need_top_grad=True):
        super().__init__(need_top_grad)
        warnings.warn("NDArrayOp has been deprecated. Please use CustomOp")

    def get_symbol(self, *args, **kwargs):
        """The symbol of this operator applied to the input symbols."""
        return self._as_symbol(args, kwargs)

    def declare_backward_dependency(self, out_grad, in_data, out_data):
        """The inputs the backward needs (all of them by default)."""
        deps = []
        if self.need_top_grad():
            deps.extend(out_grad)
        deps.extend(in_data)
        deps.extend(out_data)
        return deps

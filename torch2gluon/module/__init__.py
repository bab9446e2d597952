"""`mx.mod` / `mx.module`: MXNet 1.9.1's symbolic Module API (BaseModule, Module) over torch2gluon graphs.

BucketingModule, SequentialModule, PythonModule and PythonLossModule are not provided: they raise
NotImplementedError when constructed.
"""
from .base_module import BaseModule
from .module import Module
from ._refused import BucketingModule, SequentialModule, PythonModule, PythonLossModule

__all__ = ["BaseModule", "Module", "BucketingModule", "SequentialModule", "PythonModule", "PythonLossModule"]

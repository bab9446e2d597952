"""`mx.mod` / `mx.module`: MXNet 1.9.1's symbolic Module API (BaseModule, Module, BucketingModule,
SequentialModule) over torch2gluon graphs.

PythonModule and PythonLossModule are not provided: they raise NotImplementedError when constructed.
"""
from .base_module import BaseModule
from .module import Module
from .bucketing_module import BucketingModule
from .sequential_module import SequentialModule
from ._refused import PythonModule, PythonLossModule

__all__ = ["BaseModule", "Module", "BucketingModule", "SequentialModule", "PythonModule", "PythonLossModule"]

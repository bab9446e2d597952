"""`mx.mod` / `mx.module`: MXNet 1.9.1's symbolic Module API (BaseModule, Module, BucketingModule) over
torch2gluon graphs.

SequentialModule, PythonModule and PythonLossModule are not provided: they raise NotImplementedError when
constructed.
"""
from .base_module import BaseModule
from .module import Module
from .bucketing_module import BucketingModule
from ._refused import SequentialModule, PythonModule, PythonLossModule

__all__ = ["BaseModule", "Module", "BucketingModule", "SequentialModule", "PythonModule", "PythonLossModule"]

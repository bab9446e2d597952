"""`mx.np` creation functions (array, zeros, ones, arange, linspace, eye, *_like ...)."""

__all__ = []

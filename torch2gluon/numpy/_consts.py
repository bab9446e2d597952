"""`mx.np` constants and dtype names (pi, e, inf, nan, newaxis, float32 ...)."""

__all__ = []

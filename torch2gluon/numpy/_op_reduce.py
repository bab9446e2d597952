"""`mx.np` reductions, statistics, sorting and searching."""

__all__ = []

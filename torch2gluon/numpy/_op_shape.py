"""`mx.np` shape manipulation, joining, splitting, indexing helpers."""

__all__ = []

"""`mx.npx` operators: the neural-network and extension ops over the shared operator implementations."""

__all__ = []

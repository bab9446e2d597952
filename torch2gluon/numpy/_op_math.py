"""`mx.np` elementwise math, comparison, logical and bitwise functions, products (dot, matmul, einsum ...)."""

__all__ = []

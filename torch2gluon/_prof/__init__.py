"""Internals of `mx.profiler`: recording state, operator hooks, torch event conversion, trace and statistics
output (see torch2gluon/profiler.py for the public API)."""

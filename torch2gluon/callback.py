"""`mx.callback`: training-loop callbacks that log speed, progress and metrics (MXNet 1.9.1 log lines)."""

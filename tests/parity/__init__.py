"""Parity checks found by running MXNet 1.x unit tests against torch2gluon."""

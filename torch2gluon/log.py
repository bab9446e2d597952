"""`mxnet.log`: loggers whose lines look like MXNet's (`W1128 22:30:01 1234 file.py:func:12] message`)."""
import logging
import warnings

CRITICAL = logging.CRITICAL
ERROR = logging.ERROR
WARNING = logging.WARNING
INFO = logging.INFO
DEBUG = logging.DEBUG
NOTSET = logging.NOTSET

_LABELS = {CRITICAL: "C", ERROR: "E", WARNING: "W", INFO: "I", DEBUG: "D"}


class _Formatter(logging.Formatter):
    """MXNet's console format: a coloured one-letter level, the date, the process and the call site."""

    def __init__(self):
        super().__init__(datefmt="%m%d %H:%M:%S")

    def format(self, record):
        level = record.levelno
        color = "\x1b[31m" if level >= logging.WARNING else "\x1b[32m" if level >= logging.INFO else "\x1b[34m"
        self._style._fmt = (color + _LABELS.get(level, "U")
                            + "%(asctime)s %(process)d %(pathname)s:%(funcName)s:%(lineno)d]\x1b[0m %(message)s")
        return super().format(record)


def get_logger(name=None, filename=None, filemode=None, level=WARNING):
    """A logger named `name`; on first use it gets a file handler (`filename`, mode `filemode` or 'a') or a
    console handler with MXNet's format, and `level`. The root logger (name None) is returned unchanged."""
    logger = logging.getLogger(name)
    if name is not None and not getattr(logger, "_init_done", None):
        logger._init_done = True
        if filename:
            handler = logging.FileHandler(filename, filemode if filemode else "a")
        else:
            handler = logging.StreamHandler()
            handler.setFormatter(_Formatter())
        logger.addHandler(handler)
        logger.setLevel(level)
    return logger


def getLogger(name=None, filename=None, filemode=None, level=WARNING):  # pylint: disable=invalid-name
    """Deprecated spelling of `get_logger` (warns, as MXNet)."""
    warnings.warn("getLogger is deprecated, Use get_logger instead.", DeprecationWarning, stacklevel=2)
    return get_logger(name, filename, filemode, level)

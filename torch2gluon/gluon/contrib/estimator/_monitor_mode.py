"""The min/max comparison CheckpointHandler(save_best) and EarlyStoppingHandler use for a monitored metric."""
import warnings

import numpy as np


def monitor_op_for(mode, monitor, who):
    """np.less / np.greater for mode 'min' / 'max'; 'auto' (and unknown modes, with a RuntimeWarning) give
    np.greater, as MXNet 1.9.1's always-true `'acc' or ...` test does, with its UserWarning."""
    if mode not in ['auto', 'min', 'max']:
        warnings.warn('%s mode %s is unknown, fallback to auto mode. CheckpointHandler will use'
                      'max mode for f1 and accuracy metric comparison and use min mode other wise'
                      % (who, mode), RuntimeWarning)
        mode = 'auto'
    if mode == 'min':
        return np.less
    if mode == 'max':
        return np.greater
    warnings.warn("`greater` operator will be used to determine if {} has improved. Please specify "
                  "`mode='min'` to use the `less` operator. Specify `mode='max' to disable this warning.`"
                  .format(monitor.get()[0]))
    return np.greater

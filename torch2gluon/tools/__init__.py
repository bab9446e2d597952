"""`mx.tools`: command-line tools (`python -m torch2gluon.tools.im2rec`)."""

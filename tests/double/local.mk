# local.mk: the probe double and its test application (included by the
# top-level Makefile.am; paths are relative to the top of the tree).

# local.mk: the probe double and its test application (included by the
# top-level Makefile.am; paths are relative to the top of the tree).
#
# libqtmcp-probe.so is built as a program linked -shared: it is preloaded
# into qtmcp-test-app by the real qtmcp-launch, so it gets no sanitizer
# flags (an instrumented library cannot be preloaded into an
# uninstrumented program).  Neither is ever installed.

check_PROGRAMS += tests/double/libqtmcp-probe.so tests/double/qtmcp-test-app

tests_double_libqtmcp_probe_so_SOURCES = \
	tests/double/double.h \
	tests/double/classes.c \
	tests/double/model.c \
	tests/double/app.c \
	tests/double/json.c \
	tests/double/console.c \
	tests/double/rpc.c \
	tests/double/legacy.c \
	tests/double/native.c \
	tests/double/cu.c \
	tests/double/chr.c \
	tests/double/shot.c \
	tests/double/fault.c \
	tests/double/ws.c \
	tests/double/probe.c
tests_double_libqtmcp_probe_so_CFLAGS = $(WARN_CFLAGS) -fPIC -pthread
tests_double_libqtmcp_probe_so_LDFLAGS = -shared -pthread
tests_double_libqtmcp_probe_so_LDADD = $(LWS_LIBS) $(CJSON_LIBS) $(PNG_LIBS) -lm

tests_double_qtmcp_test_app_SOURCES = tests/double/qtmcp-test-app.c
tests_double_qtmcp_test_app_CFLAGS = $(WARN_CFLAGS)
tests_double_qtmcp_test_app_LDFLAGS =
tests_double_qtmcp_test_app_LDADD = -ldl

e2e_tests += \
	tests/double/transport.mjs \
	tests/double/jsonrpc.mjs \
	tests/double/native.mjs \
	tests/double/cu.mjs \
	tests/double/chrome.mjs \
	tests/double/faults.mjs \
	tests/double/launch.mjs

EXTRA_DIST += \
	tests/double/README.md \
	tests/double/lib.mjs

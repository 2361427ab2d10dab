# local.mk: the robustness tests (included by the top-level Makefile.am;
# paths are relative to the top of the tree): a hostile host, a hostile
# probe, every way qtmcp ends in every supervisor state, stdout under a
# flood of application output.  The soak (tests/robust/soak.mjs) is not in
# make check: make check TESTS=tests/robust/soak.mjs SOAK_CYCLES=50
# SOAK_CALLS=5000 runs it reduced, as CI does.

e2e_tests += \
	tests/robust/hostile-host.mjs \
	tests/robust/hostile-probe.mjs \
	tests/robust/exit-paths.mjs \
	tests/robust/stdout.mjs

EXTRA_DIST += tests/robust/lib.mjs tests/robust/soak.mjs

# With --enable-sanitizers: leaks are errors, except in qtmcp-launch, which
# execs or exits at once (tests/robust/lsan.supp); the launcher, itself
# instrumented, runs with the probe in LD_PRELOAD, which ASan would refuse
# to come after; and ASan's quarantine of freed memory is kept small and
# memory goes back to the system, so that the tests' memory bounds (RSS)
# still mean something.
if SANITIZERS
AM_TESTS_ENVIRONMENT += \
	ASAN_OPTIONS="$${ASAN_OPTIONS:+$$ASAN_OPTIONS:}detect_leaks=1:verify_asan_link_order=0:quarantine_size_mb=4:allocator_release_to_os_interval_ms=100"; \
	LSAN_OPTIONS="$${LSAN_OPTIONS:+$$LSAN_OPTIONS:}suppressions=$(abs_top_srcdir)/tests/robust/lsan.supp:print_suppressions=0"; \
	UBSAN_OPTIONS="$${UBSAN_OPTIONS:+$$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1"; \
	export ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS;
endif
EXTRA_DIST += tests/robust/lsan.supp

# local.mk: the fuzz targets (included by the top-level Makefile.am; paths
# are relative to the top of the tree).
#
# Each fuzz/fuzz-NAME.c defines LLVMFuzzerTestOneInput.  make check builds
# it with the ordinary compiler into fuzz/replay-NAME, a TAP test that feeds
# it every file of its seed corpus fuzz/corpus/NAME.  make fuzz builds the
# real libFuzzer binaries fuzz/fuzz-NAME with $(FUZZ_CC) (clang, with ASan
# and UBSan; the whole library is compiled again with coverage) and runs
# each for $(FUZZ_SECONDS) seconds; new inputs go to fuzz/work/NAME, crashes
# to fuzz/artifacts/.

FUZZ_CC = clang
FUZZ_SECONDS = 60
FUZZ_FLAGS =
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_LIBS = $(LWS_LIBS) $(CJSON_LIBS) $(INIH_LIBS) $(PNG_LIBS) $(EV_LIBS) \
	-pthread

fuzz_names = mcp config probe-msg tool-args
fuzz_replays = \
	fuzz/replay-mcp \
	fuzz/replay-config \
	fuzz/replay-probe-msg \
	fuzz/replay-tool-args
fuzz_binaries = $(fuzz_names:%=fuzz/fuzz-%)
fuzz_objects = $(patsubst src/%.c,fuzz/obj/%.o,\
	$(filter %.c,$(libqtmcp_a_SOURCES)))

unit_tests += $(fuzz_replays)

fuzz_replay_mcp_SOURCES = fuzz/replay.c fuzz/fuzz-mcp.c fuzz/fuzz.h
fuzz_replay_mcp_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"mcp"'
fuzz_replay_mcp_LDADD = $(TEST_LIBS)
fuzz_replay_config_SOURCES = fuzz/replay.c fuzz/fuzz-config.c fuzz/fuzz.h
fuzz_replay_config_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"config"'
fuzz_replay_config_LDADD = $(TEST_LIBS)
fuzz_replay_probe_msg_SOURCES = fuzz/replay.c fuzz/fuzz-probe-msg.c \
	fuzz/fuzz.h
fuzz_replay_probe_msg_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"probe-msg"'
fuzz_replay_probe_msg_LDADD = $(TEST_LIBS)
fuzz_replay_tool_args_SOURCES = fuzz/replay.c fuzz/fuzz-tool-args.c \
	fuzz/fuzz.h tests/helper/standin.c tests/helper/standin.h
fuzz_replay_tool_args_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"tool-args"'
fuzz_replay_tool_args_LDADD = $(TEST_LIBS)

# The library again, with coverage for libFuzzer, in an archive so that
# fuzz-tool-args' stand-ins for tools.c keep tools.o out.
fuzz/obj/%.o: src/%.c src/qtmcp.h config.h
	@$(MKDIR_P) fuzz/obj
	$(AM_V_CC)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(DEFS) \
	    $(DEFAULT_INCLUDES) $(INCLUDES) $(AM_CPPFLAGS) $(CPPFLAGS) \
	    -c -o $@ $<
fuzz/obj/libqtmcp-fuzz.a: $(fuzz_objects)
	$(AM_V_AR)rm -f $@ && $(AR) cr $@ $(fuzz_objects) && $(RANLIB) $@
# fuzz-tool-args runs the tool hooks with the stand-ins for tools.c.
fuzz/fuzz-tool-args: tests/helper/standin.c
$(fuzz_binaries): fuzz/fuzz-%: fuzz/fuzz-%.c fuzz/fuzz.h \
	    fuzz/obj/libqtmcp-fuzz.a
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(DEFS) \
	    $(DEFAULT_INCLUDES) $(INCLUDES) $(AM_CPPFLAGS) $(CPPFLAGS) \
	    -o $@ $(filter %.c,$^) fuzz/obj/libqtmcp-fuzz.a $(FUZZ_LIBS)

fuzz: $(fuzz_binaries)
	@rc=0; for n in $(fuzz_names); do \
	    $(MKDIR_P) fuzz/work/$$n fuzz/artifacts; \
	    ./fuzz/fuzz-$$n -max_total_time=$(FUZZ_SECONDS) -timeout=60 \
	        -print_final_stats=1 -artifact_prefix=fuzz/artifacts/$$n- \
	        $(FUZZ_FLAGS) fuzz/work/$$n $(srcdir)/fuzz/corpus/$$n \
	        >fuzz/fuzz-$$n.log 2>&1; \
	    st=$$?; \
	    runs=`sed -n 's/^stat::number_of_executed_units: *//p' \
	        fuzz/fuzz-$$n.log`; \
	    rss=`sed -n 's/^stat::peak_rss_mb: *//p' fuzz/fuzz-$$n.log`; \
	    if test $$st -eq 0; then \
	        echo "PASS: fuzz-$$n: $${runs:-0} executions in" \
	            "$(FUZZ_SECONDS) s, peak RSS $${rss:-?} MB"; \
	    else \
	        tail -n 40 fuzz/fuzz-$$n.log; \
	        echo "FAIL: fuzz-$$n (status $$st): see fuzz/fuzz-$$n.log" \
	            "and fuzz/artifacts/"; \
	        rc=1; \
	    fi; \
	done; exit $$rc

clean-fuzz:
	rm -rf fuzz/obj fuzz/work fuzz/artifacts $(fuzz_binaries) \
	    $(fuzz_names:%=fuzz/fuzz-%.log)

clean-local: clean-fuzz

.PHONY: fuzz clean-fuzz

EXTRA_DIST += fuzz/corpus

/*
 * fuzz.h: what the fuzz targets share.  Each fuzz-*.c defines
 * LLVMFuzzerTestOneInput; linked with -fsanitize=fuzzer it is a libFuzzer
 * binary (make fuzz), linked with replay.c it is a test that feeds it every
 * file of its seed corpus (make check).
 */

#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Log at debug level, so the formatting of every log line runs, into
 * /dev/null; with QTMCP_FUZZ_LOG set, to stderr.
 */
static inline void
fuzz_log_quiet(void)
{
	char	*cause = NULL;

	log_set_level(LOG_DEBUG);
	if (getenv("QTMCP_FUZZ_LOG") == NULL &&
	    log_open("/dev/null", &cause) == -1)
		fatalx("%s", cause);
}

/* An input as a C string (a copy, to free). */
static inline char *
fuzz_string(const uint8_t *data, size_t size)
{
	char	*s = xmalloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return (s);
}

#endif /* FUZZ_H */

/*
 * fuzz-config.c: libFuzzer target for the INI loader and the validator.
 * One input is the text of a configuration file.  It is loaded and
 * validated as qtmcp -n does; a configuration that passes is printed
 * (qtmcp -n -v), and the printed form must load, validate and print back
 * to the same text, since config_print promises exactly that.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qtmcp.h"
#include "fuzz.h"

/* Load and validate text; 0 with the printed form in *out, or -1. */
static int
fuzz_load(const char *text, char **out)
{
	struct config	*cfg;
	char		*cause = NULL;
	size_t		 len;
	FILE		*f;
	int		 rc = -1;

	*out = NULL;
	cfg = config_create();
	if (config_load_string(cfg, text, "fuzz.ini", &cause) == 0 &&
	    config_validate(cfg, &cause) == 0) {
		if ((f = open_memstream(out, &len)) == NULL)
			fatal("open_memstream");
		config_print(cfg, f);
		fclose(f);
		rc = 0;
	} else if (cause == NULL || *cause == '\0') {
		fprintf(stderr, "a configuration was refused without a "
		    "cause\n");
		abort();
	}
	free(cause);
	config_free(cfg);
	return (rc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 init;
	char		*text, *printed, *again;

	if (!init) {
		fuzz_log_quiet();
		init = 1;
	}
	text = fuzz_string(data, size);
	if (fuzz_load(text, &printed) == 0) {
		if (fuzz_load(printed, &again) == -1) {
			fprintf(stderr, "config_print wrote a configuration "
			    "that does not load:\n%s", printed);
			abort();
		}
		if (strcmp(printed, again) != 0) {
			fprintf(stderr, "config_print is not stable:\n%s\n---\n"
			    "%s", printed, again);
			abort();
		}
		free(again);
	}
	free(printed);
	free(text);
	return (0);
}

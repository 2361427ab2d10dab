/*
 * replay.c: the seed corpus of a fuzz target as a TAP test, built with
 * the ordinary compiler so make check needs no clang: every file of the
 * corpus directory (argv[1], else $top_srcdir/fuzz/corpus/NAME) goes
 * through LLVMFuzzerTestOneInput once, in name order.  A crash, a
 * sanitizer report or a broken invariant (abort) fails the test.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qtmcp.h"
#include "fuzz.h"

#ifndef FUZZ_NAME
#error FUZZ_NAME must name the corpus
#endif

static int
name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE		*f;
	unsigned char	*buf = NULL;
	size_t		 size = 0, n;

	*len = 0;
	if ((f = fopen(path, "rb")) == NULL)
		return (NULL);
	for (;;) {
		if (*len == size) {
			size = size == 0 ? 65536 : size * 2;
			buf = xrealloc(buf, size);
		}
		n = fread(buf + *len, 1, size - *len, f);
		if (n == 0)
			break;
		*len += n;
	}
	fclose(f);
	return (buf);
}

int
main(int argc, char **argv)
{
	const char	*top = getenv("top_srcdir");
	char		*dir, **names = NULL, *path;
	struct dirent	*de;
	struct stat	 sb;
	unsigned char	*buf;
	size_t		 len, n = 0, i;
	DIR		*d;

	if (argc > 1)
		dir = xstrdup(argv[1]);
	else
		dir = xasprintf("%s/fuzz/corpus/%s", top != NULL ? top : ".",
		    FUZZ_NAME);
	if ((d = opendir(dir)) == NULL) {
		printf("Bail out! %s: %s\n", dir, strerror(errno));
		return (1);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, name_cmp);
	printf("1..%zu\n", n);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode) ||
		    (buf = slurp(path, &len)) == NULL) {
			printf("not ok %zu - %s: cannot read it\n", i + 1,
			    names[i]);
			free(path);
			free(names[i]);
			continue;
		}
		fflush(stdout);
		LLVMFuzzerTestOneInput(buf, len);
		printf("ok %zu - %s %s (%zu bytes)\n", i + 1, FUZZ_NAME,
		    names[i], len);
		free(buf);
		free(path);
		free(names[i]);
	}
	free(names);
	free(dir);
	return (0);
}

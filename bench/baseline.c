/*
 * baseline: a program that does nothing but links the libraries qtmcp
 * links (libwebsockets and what it pulls in: OpenSSL, libcap, zlib; libev,
 * cJSON, inih, libpng).  Its resident size is the limit qtmcp's is
 * compared with.  It prints "ready" and waits to be killed.
 */

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <cJSON.h>
#include <ev.h>
#include <ini.h>
#include <libwebsockets.h>
#include <png.h>

/* One symbol of each library, so that none is dropped at link time. */
static void *const volatile baseline_keep[] = {
	(void *)lws_get_library_version,
	(void *)cJSON_Version,
	(void *)ev_version_major,
	(void *)ini_parse_string,
	(void *)png_access_version_number,
};

int
main(void)
{
	size_t	i, n = 0;

	for (i = 0; i < sizeof baseline_keep / sizeof baseline_keep[0]; i++)
		n += baseline_keep[i] != NULL;
	printf("ready %zu\n", n);
	fflush(stdout);
	for (;;)
		pause();
}

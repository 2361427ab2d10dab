/*
 * t-launch.c: unit tests of launch.c: argument parsing, port resolution,
 * probe search order and LD_PRELOAD building.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qtmcp.h"
#include "../tap.h"

static int
parse(struct launch_opts *lo, char **cause, ...)
{
	char	*argv[32];
	int	 argc = 0;
	va_list	 ap;

	va_start(ap, cause);
	argv[argc++] = "qtmcp-launch";
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	*cause = NULL;
	return (launch_parse_args(argc, argv, lo, cause));
}

static void
test_args(void)
{
	struct launch_opts	 lo;
	char			*cause;

	ok(parse(&lo, &cause, "-p", "1234", "app", "a", "b", NULL) == 0,
	    "-p 1234 app a b parses");
	is_str(lo.port, "1234", "port value");
	is_str(lo.program, "app", "program");
	is_int(lo.nargs, 2, "two program arguments");
	is_str(lo.args[0], "a", "first argument");
	launch_opts_free(&lo);

	ok(parse(&lo, &cause, "app", "--port", "5555", NULL) == 0,
	    "the Python server's order: app --port N");
	is_str(lo.port, "5555", "--port after the program is the launcher's");
	is_int(lo.nargs, 0, "and not passed to the program");
	launch_opts_free(&lo);

	ok(parse(&lo, &cause, "--port=7", "-dq", "--probe", "/x.so", "app",
	    NULL) == 0, "--port=7 -dq --probe /x.so");
	is_str(lo.port, "7", "--port=7");
	ok(lo.detach && lo.quiet, "-dq sets detach and quiet");
	is_str(lo.probe, "/x.so", "--probe value");
	launch_opts_free(&lo);

	ok(parse(&lo, &cause, "-p9", "app", NULL) == 0, "-p9 attached value");
	is_str(lo.port, "9", "-p9 gives 9");
	launch_opts_free(&lo);

	ok(parse(&lo, &cause, "app", "--", "--port", "1", "-d", NULL) == 0,
	    "app -- --port 1 -d");
	ok(lo.port == NULL && !lo.detach, "options after -- are not ours");
	is_int(lo.nargs, 3, "three arguments after --");
	is_str(lo.args[0], "--port", "passed untouched");
	launch_opts_free(&lo);

	ok(parse(&lo, &cause, "--", "app", "-q", NULL) == 0, "-- app -q");
	is_str(lo.program, "app", "program after --");
	ok(!lo.quiet, "-q after -- belongs to the program");
	is_int(lo.nargs, 1, "one argument");
	launch_opts_free(&lo);

	ok(parse(&lo, &cause, "ls", "-la", "--color=never", "file", NULL) == 0,
	    "program options that are not ours pass through");
	is_int(lo.nargs, 3, "-la --color=never file go to the program");
	is_str(lo.args[0], "-la", "-la untouched");
	is_str(lo.args[1], "--color=never", "--color=never untouched");
	launch_opts_free(&lo);

	ok(parse(&lo, &cause, "--bogus", "app", NULL) == -1,
	    "unknown option before the program is an error");
	like(cause, "--bogus", "error names the option");
	free(cause);
	ok(parse(&lo, &cause, "-x", "app", NULL) == -1, "unknown -x refused");
	like(cause, "-x", "error names -x");
	free(cause);
	ok(parse(&lo, &cause, "-p", NULL) == -1, "-p without value");
	like(cause, "needs a value", "error says a value is needed");
	free(cause);
	ok(parse(&lo, &cause, "--detach=yes", "app", NULL) == -1,
	    "--detach=yes refused");
	free(cause);
	ok(parse(&lo, &cause, NULL) == -1, "no program is an error");
	like(cause, "no program", "error says no program");
	free(cause);
	ok(parse(&lo, &cause, "-h", NULL) == 0 && lo.help, "-h alone is fine");
	launch_opts_free(&lo);
	ok(parse(&lo, &cause, "--version", NULL) == 0 && lo.version,
	    "--version");
	launch_opts_free(&lo);
	ok(parse(&lo, &cause, "-v", NULL) == 0 && lo.version,
	    "-v is the original's --version");
	launch_opts_free(&lo);
	ok(parse(&lo, &cause, "-", NULL) == 0 && strcmp(lo.program, "-") == 0,
	    "a lone - is a program name");
	launch_opts_free(&lo);
}

static void
test_port(void)
{
	char	*cause = NULL;
	int	 port = 0;

	ok(launch_resolve_port(NULL, NULL, &port, &cause) == 0 &&
	    port == 9222, "default port 9222");
	ok(launch_resolve_port(NULL, "4000", &port, &cause) == 0 &&
	    port == 4000, "inherited QTMCP_PORT");
	ok(launch_resolve_port("5000", "4000", &port, &cause) == 0 &&
	    port == 5000, "-p wins over QTMCP_PORT");
	ok(launch_resolve_port(NULL, "", &port, &cause) == 0 && port == 9222,
	    "empty QTMCP_PORT means the default");
	ok(launch_resolve_port("0", NULL, &port, &cause) == -1, "-p 0 refused");
	free(cause);
	ok(launch_resolve_port(NULL, "x", &port, &cause) == -1,
	    "bad QTMCP_PORT refused");
	like(cause, "QTMCP_PORT", "error names QTMCP_PORT");
	free(cause);
}

static char	tmp[] = "/tmp/t-launch.XXXXXX";

static void
mkfile(const char *rel)
{
	char	*p = util_path_join(tmp, rel);
	int	 fd;

	fd = open(p, O_CREAT|O_WRONLY, 0644);
	if (fd == -1) {
		diag("cannot create %s: %s", p, strerror(errno));
		exit(99);
	}
	close(fd);
	free(p);
}

static void
mkdirs(const char *rel)
{
	char	*p = util_path_join(tmp, rel);

	mkdir(p, 0755);
	free(p);
}

static void
test_probe_search(void)
{
	struct launch_candidate	 c[8];
	char			*bin, *pkg, *found, *cause = NULL, *want;
	size_t			 n;

	if (mkdtemp(tmp) == NULL) {
		diag("mkdtemp failed");
		exit(99);
	}
	mkdirs("bin");
	mkdirs("lib");
	mkdirs("lib/qtmcp");
	mkdirs("bin/lib");
	mkdirs("pkg");
	bin = util_path_join(tmp, "bin");
	pkg = util_path_join(tmp, "pkg");

	n = launch_probe_candidates("/a.so", "/b.so", bin, pkg, c, nitems(c));
	is_int(n, 7, "seven candidates with --probe and QTMCP_PROBE");
	is_str(c[0].origin, "--probe", "--probe first");
	is_str(c[1].origin, "QTMCP_PROBE", "then QTMCP_PROBE");
	want = xasprintf("%s/libqtmcp-probe.so", bin);
	is_str(c[2].path, want, "then beside the executable");
	free(want);
	want = xasprintf("%s/../lib/libqtmcp-probe.so", bin);
	is_str(c[3].path, want, "then ../lib");
	free(want);
	want = xasprintf("%s/lib/libqtmcp-probe.so", bin);
	is_str(c[4].path, want, "then lib/");
	free(want);
	want = xasprintf("%s/../lib/qtmcp/libqtmcp-probe.so", bin);
	is_str(c[5].path, want, "then ../lib/qtmcp");
	free(want);
	want = xasprintf("%s/libqtmcp-probe.so", pkg);
	is_str(c[6].path, want, "then pkglibdir");
	free(want);
	launch_candidates_free(c, n);

	found = launch_find_probe(NULL, NULL, bin, pkg, &cause);
	ok(found == NULL, "nothing found in an empty tree");
	like(cause, "../lib/qtmcp/libqtmcp-probe.so",
	    "error lists ../lib/qtmcp");
	like(cause, "pkg/libqtmcp-probe.so", "error lists pkglibdir");
	like(cause, "--probe", "error says how to point at the library");
	like(cause, "QTMCP_PROBE", "error mentions QTMCP_PROBE");
	free(cause);

	mkfile("pkg/libqtmcp-probe.so");
	found = launch_find_probe(NULL, NULL, bin, pkg, &cause);
	like(found, "/pkg/libqtmcp-probe.so", "pkglibdir found last");
	free(found);
	mkfile("lib/qtmcp/libqtmcp-probe.so");
	found = launch_find_probe(NULL, NULL, bin, pkg, &cause);
	like(found, "/lib/qtmcp/libqtmcp-probe.so", "../lib/qtmcp wins over "
	    "pkglibdir");
	free(found);
	mkfile("bin/lib/libqtmcp-probe.so");
	found = launch_find_probe(NULL, NULL, bin, pkg, &cause);
	like(found, "/bin/lib/libqtmcp-probe.so", "lib/ wins over ../lib/qtmcp");
	free(found);
	mkfile("lib/libqtmcp-probe.so");
	found = launch_find_probe(NULL, NULL, bin, pkg, &cause);
	want = xasprintf("%s/lib/libqtmcp-probe.so", tmp);
	is_str(found, want, "../lib wins over lib/, made absolute");
	free(want);
	free(found);
	mkfile("bin/libqtmcp-probe.so");
	found = launch_find_probe(NULL, NULL, bin, pkg, &cause);
	like(found, "/bin/libqtmcp-probe.so", "beside the executable wins");
	free(found);

	mkfile("env.so");
	want = util_path_join(tmp, "env.so");
	found = launch_find_probe(NULL, want, bin, pkg, &cause);
	is_str(found, want, "QTMCP_PROBE wins over the search");
	free(found);
	mkfile("arg.so");
	found = launch_find_probe(want, "/nonexistent.so", bin, pkg, &cause);
	is_str(found, want, "--probe wins over QTMCP_PROBE");
	free(found);
	free(want);

	found = launch_find_probe("/nonexistent/x.so", NULL, bin, pkg, &cause);
	ok(found == NULL, "a missing --probe is an error, not skipped");
	like(cause, "/nonexistent/x.so (from --probe) does not exist",
	    "error names the path and where it came from");
	free(cause);
	found = launch_find_probe(NULL, "/nonexistent/y.so", bin, pkg, &cause);
	ok(found == NULL, "a missing QTMCP_PROBE is an error");
	like(cause, "(from QTMCP_PROBE)", "error names QTMCP_PROBE");
	free(cause);
	found = launch_find_probe(bin, NULL, bin, pkg, &cause);
	ok(found == NULL, "a directory is not a probe");
	like(cause, "is not a readable file", "error says not a file");
	free(cause);

	mkfile("has space.so");
	want = util_path_join(tmp, "has space.so");
	found = launch_find_probe(want, NULL, bin, pkg, &cause);
	ok(found == NULL, "a probe path with a space is refused");
	like(cause, "LD_PRELOAD", "error explains LD_PRELOAD");
	free(cause);
	free(want);

	free(bin);
	free(pkg);
}

static void
test_preload(void)
{
	char	*s;

	s = launch_preload("/p/libqtmcp-probe.so", NULL);
	is_str(s, "/p/libqtmcp-probe.so", "probe alone");
	free(s);
	s = launch_preload("/p/libqtmcp-probe.so", "/a.so /b.so");
	is_str(s, "/p/libqtmcp-probe.so:/a.so:/b.so", "probe first, old kept");
	free(s);
	s = launch_preload("/p/libqtmcp-probe.so",
	    "/a.so:/p/libqtmcp-probe.so");
	is_str(s, "/p/libqtmcp-probe.so:/a.so", "probe never listed twice");
	free(s);
	s = launch_preload("/p/libqtmcp-probe.so", "");
	is_str(s, "/p/libqtmcp-probe.so", "empty old value");
	free(s);
}

int
main(void)
{
	char	*s;

	test_args();
	test_port();
	test_probe_search();
	test_preload();
	s = xasprintf("rm -rf '%s'", tmp);
	if (system(s) != 0)
		diag("could not remove %s", tmp);
	free(s);
	return (done_testing());
}

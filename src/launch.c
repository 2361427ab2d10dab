/*
 * launch.c: what qtmcp-launch decides before it replaces itself with the
 * program: its command line, the port, where the probe library is, and the
 * LD_PRELOAD the program gets.  All of it is pure (it reads the file system
 * and the strings it is given, nothing else) so the unit tests cover it.
 */

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qtmcp.h"

/* Options of the launcher, and whether they take a value. */
static const struct {
	char		 shortopt;
	const char	*longopt;
	int		 value;
} launch_options[] = {
	{ 'd', "detach", 0 },
	{ 'h', "help", 0 },
	{ 'p', "port", 1 },
	{ 'q', "quiet", 0 },
	{ 'V', "version", 0 },
	{ 'v', NULL, 0 },		/* the original's short --version */
	{ 0, "probe", 1 },
};

static int
launch_find_short(char c)
{
	size_t	i;

	for (i = 0; i < nitems(launch_options); i++) {
		if (launch_options[i].shortopt == c && c != 0)
			return ((int)i);
	}
	return (-1);
}

static int
launch_find_long(const char *name, size_t len)
{
	size_t	i;

	for (i = 0; i < nitems(launch_options); i++) {
		if (launch_options[i].longopt != NULL &&
		    strlen(launch_options[i].longopt) == len &&
		    strncmp(launch_options[i].longopt, name, len) == 0)
			return ((int)i);
	}
	return (-1);
}

static void
launch_set(struct launch_opts *lo, int idx, const char *value)
{
	switch (launch_options[idx].shortopt) {
	case 'd':
		lo->detach = 1;
		break;
	case 'h':
		lo->help = 1;
		break;
	case 'p':
		lo->port = value;
		break;
	case 'q':
		lo->quiet = 1;
		break;
	case 'V':
	case 'v':
		lo->version = 1;
		break;
	default:
		lo->probe = value;	/* --probe */
		break;
	}
}

/* Is arg, seen after the program name, a cluster of launcher flags? */
static int
launch_is_flag_cluster(const char *arg)
{
	const char	*p;
	int		 idx;

	if (arg[0] != '-' || arg[1] == '-' || arg[1] == '\0')
		return (0);
	for (p = arg + 1; *p != '\0'; p++) {
		if ((idx = launch_find_short(*p)) == -1)
			return (0);
		if (launch_options[idx].value)
			return (1);	/* -p takes the rest or the next arg */
	}
	return (1);
}

/*
 * Parse the launcher's command line.  Options come before the program, and
 * also after it, as the original launcher accepted them (the Python server
 * ran "launcher PROGRAM --port N"); after the program, anything that is not
 * a launcher option goes to the program, and everything after "--" does.
 * lo->args points into argv.
 */
int
launch_parse_args(int argc, char **argv, struct launch_opts *lo, char **cause)
{
	const char	*arg, *eq, *value;
	int		 i, idx, after, rest = 0;
	size_t		 j;

	memset(lo, 0, sizeof *lo);
	lo->args = xcalloc(argc + 1, sizeof *lo->args);

	for (i = 1; i < argc; i++) {
		arg = argv[i];
		after = lo->program != NULL;
		if (rest || arg[0] != '-' || arg[1] == '\0') {
			if (lo->program == NULL)
				lo->program = arg;
			else
				lo->args[lo->nargs++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			rest = 1;
			continue;
		}
		if (arg[1] == '-') {
			eq = strchr(arg + 2, '=');
			idx = launch_find_long(arg + 2,
			    eq != NULL ? (size_t)(eq - arg - 2) : strlen(arg + 2));
			if (idx == -1) {
				if (after) {
					lo->args[lo->nargs++] = arg;
					continue;
				}
				*cause = xasprintf("unknown option %s", arg);
				goto fail;
			}
			value = NULL;
			if (launch_options[idx].value) {
				if (eq != NULL)
					value = eq + 1;
				else if (i + 1 < argc)
					value = argv[++i];
				else {
					*cause = xasprintf("option --%s needs a "
					    "value", launch_options[idx].longopt);
					goto fail;
				}
			} else if (eq != NULL) {
				*cause = xasprintf("option --%s takes no value",
				    launch_options[idx].longopt);
				goto fail;
			}
			launch_set(lo, idx, value);
			continue;
		}
		if (after && !launch_is_flag_cluster(arg)) {
			lo->args[lo->nargs++] = arg;
			continue;
		}
		for (j = 1; arg[j] != '\0'; j++) {
			if ((idx = launch_find_short(arg[j])) == -1) {
				*cause = xasprintf("unknown option -%c", arg[j]);
				goto fail;
			}
			value = NULL;
			if (launch_options[idx].value) {
				if (arg[j + 1] != '\0')
					value = arg + j + 1;
				else if (i + 1 < argc)
					value = argv[++i];
				else {
					*cause = xasprintf("option -%c needs a "
					    "value", arg[j]);
					goto fail;
				}
				launch_set(lo, idx, value);
				break;
			}
			launch_set(lo, idx, NULL);
		}
	}
	if (lo->program == NULL && !lo->help && !lo->version) {
		*cause = xstrdup("no program given");
		goto fail;
	}
	return (0);

fail:
	free(lo->args);
	lo->args = NULL;
	return (-1);
}

void
launch_opts_free(struct launch_opts *lo)
{
	free(lo->args);
	lo->args = NULL;
}

/* The port: -p, else the inherited QTMCP_PORT, else 9222. */
int
launch_resolve_port(const char *port_arg, const char *env_port, int *port,
    char **cause)
{
	char	*why;

	if (port_arg != NULL)
		return (util_parse_port(port_arg, port, cause));
	if (env_port != NULL && *env_port != '\0') {
		if (util_parse_port(env_port, port, &why) == -1) {
			*cause = xasprintf("%s (from QTMCP_PORT)", why);
			free(why);
			return (-1);
		}
		return (0);
	}
	*port = QTMCP_DEFAULT_PORT;
	return (0);
}

/*
 * The places to look for the probe, in order: --probe, $QTMCP_PROBE, then
 * beside the executable, ../lib, lib/ (the original launcher's three), then
 * ../lib/qtmcp and the configured pkglibdir.  Returns how many were filled.
 */
size_t
launch_probe_candidates(const char *probe_arg, const char *env_probe,
    const char *self_dir, const char *pkglibdir, struct launch_candidate *c,
    size_t max)
{
	static const char	*relative[] = {
		QTMCP_PROBE_NAME,
		"../lib/" QTMCP_PROBE_NAME,
		"lib/" QTMCP_PROBE_NAME,
		"../lib/qtmcp/" QTMCP_PROBE_NAME,
	};
	size_t			 n = 0, i;

	if (probe_arg != NULL && n < max) {
		c[n].path = xstrdup(probe_arg);
		c[n].origin = "--probe";
		c[n++].explicit = 1;
	}
	if (env_probe != NULL && *env_probe != '\0' && n < max) {
		c[n].path = xstrdup(env_probe);
		c[n].origin = "QTMCP_PROBE";
		c[n++].explicit = 1;
	}
	if (self_dir != NULL) {
		for (i = 0; i < nitems(relative) && n < max; i++) {
			c[n].path = util_path_join(self_dir, relative[i]);
			c[n].origin = "beside qtmcp-launch";
			c[n++].explicit = 0;
		}
	}
	if (pkglibdir != NULL && n < max) {
		c[n].path = util_path_join(pkglibdir, QTMCP_PROBE_NAME);
		c[n].origin = "installed";
		c[n++].explicit = 0;
	}
	return (n);
}

void
launch_candidates_free(struct launch_candidate *c, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(c[i].path);
}

/*
 * Find the probe: the first candidate that is a readable regular file wins.
 * A path given explicitly (--probe or $QTMCP_PROBE) must exist: silently
 * using another probe than the one asked for would be worse than stopping.
 * Returns the absolute path, or NULL with *cause listing every place tried.
 */
char *
launch_find_probe(const char *probe_arg, const char *env_probe,
    const char *self_dir, const char *pkglibdir, char **cause)
{
	struct launch_candidate	 c[8];
	size_t			 n, i;
	char			*found = NULL, *tried, *t, real[PATH_MAX];

	n = launch_probe_candidates(probe_arg, env_probe, self_dir, pkglibdir,
	    c, nitems(c));
	for (i = 0; i < n; i++) {
		if (util_is_readable_file(c[i].path)) {
			if (realpath(c[i].path, real) == NULL) {
				*cause = xasprintf("cannot resolve probe library "
				    "%s: %s", c[i].path, strerror(errno));
				goto out;
			}
			if (strpbrk(real, " \t:") != NULL) {
				*cause = xasprintf("probe library path %s "
				    "contains a space or a colon, which "
				    "LD_PRELOAD cannot carry: move or link it "
				    "elsewhere", real);
				goto out;
			}
			found = xstrdup(real);
			goto out;
		}
		if (c[i].explicit) {
			*cause = xasprintf("probe library %s (from %s) %s",
			    c[i].path, c[i].origin, access(c[i].path, F_OK) == 0 ?
			    "is not a readable file" : "does not exist");
			goto out;
		}
	}
	tried = xstrdup("");
	for (i = 0; i < n; i++) {
		t = xasprintf("%s\n  %s", tried, c[i].path);
		free(tried);
		tried = t;
	}
	*cause = xasprintf("cannot find the probe library %s; looked in:%s\n"
	    "point at it with --probe PATH or the QTMCP_PROBE environment "
	    "variable", QTMCP_PROBE_NAME, tried);
	free(tried);
out:
	launch_candidates_free(c, n);
	return (found);
}

/*
 * The LD_PRELOAD the program gets: the probe first, then what was already
 * there (ld.so separates entries with spaces or colons), without listing
 * the probe twice.
 */
char *
launch_preload(const char *probe, const char *old)
{
	char		*out, *tok, *copy, *save, real[PATH_MAX];
	size_t		 len, size;

	size = strlen(probe) + (old != NULL ? strlen(old) : 0) + 2;
	out = xmalloc(size);
	len = (size_t)snprintf(out, size, "%s", probe);
	if (old == NULL)
		return (out);
	copy = xstrdup(old);
	for (tok = strtok_r(copy, " \t:", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t:", &save)) {
		if (strcmp(tok, probe) == 0)
			continue;
		if (realpath(tok, real) != NULL && strcmp(real, probe) == 0)
			continue;
		len += snprintf(out + len, size - len, ":%s", tok);
	}
	free(copy);
	return (out);
}

/* The exit status a shell uses when a program cannot be run. */
int
launch_exec_status(int error)
{
	return (error == ENOENT || error == ENOTDIR ? 127 : 126);
}

/*
 * config.c: the configuration of qtmcp.  One key table drives the parsing
 * of qtmcp.ini, the environment and command-line overrides, validation and
 * the normalized print-out of qtmcp -n -v; qtmcp.ini(5) documents the same
 * keys, and a unit test keeps the two in step.
 *
 * Precedence: built-in defaults < file < environment < command line.  Every
 * error is collected, one a line, as "file:line: message".  The where
 * arrays of struct config and struct target_config keep, for each key of
 * the table, where its value comes from ("file:line", or an origin such as
 * "QTMCP_PORT" or "--port"; NULL for a default), so that later checks can
 * point at it too.  In struct config, the slots of the target keys port
 * and launcher say where default_port and default_launcher come from.
 *
 * default_launcher is never NULL: it is what a target whose launcher is
 * NULL runs, QTMCP_LAUNCHER, else qtmcp-launch beside qtmcp, else the name
 * qtmcp-launch for execvp to find in PATH.
 *
 * The file is read by inih through our own line reader, since Debian's inih
 * gives its handler no line number and silently cuts lines longer than its
 * 200-byte buffer.  The reader counts lines, refuses long ones, and
 * classifies every line itself, so that each malformed line is reported
 * rather than only the first one inih notices.
 */

#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "qtmcp.h"

#ifndef QTMCP_SYSCONFDIR
#define QTMCP_SYSCONFDIR "/etc"
#endif

#define CONFIG_FILE_MAX	(1024 * 1024)	/* larger files are refused */
#define CONFIG_NAME_MAX	32		/* target names become MCP enums */
#define CONFIG_LAUNCHER	"qtmcp-launch"

static const struct config_choice config_mode_choices[] = {
	{ "native", MODE_NATIVE },
	{ "cu", MODE_CU },
	{ "chrome", MODE_CHROME },
	{ "all", MODE_ALL },
	{ NULL, 0 }
};

static const struct config_choice config_log_choices[] = {
	{ "error", LOG_ERROR },
	{ "warning", LOG_WARN },
	{ "info", LOG_INFO },
	{ "debug", LOG_DEBUG },
	{ NULL, 0 }
};

static const struct config_choice config_restart_choices[] = {
	{ "on-failure", RESTART_ON_FAILURE },
	{ "always", RESTART_ALWAYS },
	{ "never", RESTART_NEVER },
	{ NULL, 0 }
};

#define Q(f)	offsetof(struct config, f)
#define T(f)	offsetof(struct target_config, f)
#define SEC	1000LL
#define MIN	(60 * SEC)
#define HOUR	(60 * MIN)
#define KIB	1024LL
#define MIB	(1024 * KIB)
#define GIB	(1024 * MIB)

/*
 * The keys.  The default is parsed like a value from the file when a
 * config or a target is created, so the text documented here is the value
 * used.  Bounds are in milliseconds for durations and bytes for sizes.
 */
static const struct config_key config_table[] = {
	{ "qtmcp", "mode", CONFIG_ENUM, "native", 0, 0,
	  config_mode_choices, Q(mode),
	  "the tool set offered to the MCP host" },
	{ "qtmcp", "ws_url", CONFIG_URL, "ws://localhost:9222", 0, 0,
	  NULL, Q(ws_url),
	  "without a target, the probe to attach to" },
	{ "qtmcp", "log_level", CONFIG_ENUM, "info", 0, 0,
	  config_log_choices, Q(log_level),
	  "the least important messages logged" },
	{ "qtmcp", "log_file", CONFIG_PATH, "", 0, 0,
	  NULL, Q(log_file),
	  "file the log is appended to; empty: standard error" },
	{ "qtmcp", "request_timeout", CONFIG_DURATION, "30s", 100, HOUR,
	  NULL, Q(request_timeout),
	  "longest wait for the probe's answer to one call" },
	{ "qtmcp", "ready_timeout", CONFIG_DURATION, "30s", 100, HOUR,
	  NULL, Q(ready_timeout),
	  "longest wait from a start until the probe answers" },
	{ "qtmcp", "allow_remote", CONFIG_BOOL, "no", 0, 1,
	  NULL, Q(allow_remote),
	  "allow a ws_url whose host is not a loopback address" },
	{ "qtmcp", "max_message", CONFIG_SIZE, "64M", MIB, GIB,
	  NULL, Q(max_message),
	  "largest probe message accepted" },
	{ "qtmcp", "max_image_bytes", CONFIG_SIZE, "1M", 64 * KIB, 64 * MIB,
	  NULL, Q(max_image_bytes),
	  "larger images are scaled down" },
	{ "qtmcp", "max_events", CONFIG_INT, "1000", 10, 1000000,
	  NULL, Q(max_events),
	  "probe events kept per target" },

	{ "target", "command", CONFIG_PROGRAM, NULL, 0, 0,
	  NULL, T(command),
	  "the program to run: a path, or a name looked up in PATH" },
	{ "target", "args", CONFIG_ARGS, "", 0, 0,
	  NULL, T(args),
	  "its arguments, quoted as in sh(1)" },
	{ "target", "cwd", CONFIG_PATH, "", 0, 0,
	  NULL, T(cwd),
	  "its working directory; empty: qtmcp's own" },
	{ "target", "env", CONFIG_ENV, "", 0, 0,
	  NULL, T(env),
	  "a variable added to its environment; repeatable" },
	{ "target", "port", CONFIG_PORT, "9222", 0, 65535,
	  NULL, T(port),
	  "the probe's port; auto: a free port at each start" },
	{ "target", "launcher", CONFIG_PATH, CONFIG_LAUNCHER, 0, 0,
	  NULL, T(launcher),
	  "the program that injects the probe and runs command" },
	{ "target", "probe", CONFIG_PATH, "", 0, 0,
	  NULL, T(probe),
	  "the probe library; empty: the launcher searches" },
	{ "target", "restart", CONFIG_ENUM, "on-failure", 0, 0,
	  config_restart_choices, T(restart),
	  "when to start it again after it ends" },
	{ "target", "backoff_min", CONFIG_DURATION, "500ms", 0, 10 * MIN,
	  NULL, T(backoff_min),
	  "the first delay before a restart" },
	{ "target", "backoff_max", CONFIG_DURATION, "30s", 0, HOUR,
	  NULL, T(backoff_max),
	  "the delay doubles up to this" },
	{ "target", "stable_time", CONFIG_DURATION, "10s", 0, HOUR,
	  NULL, T(stable_time),
	  "a run this long resets the delay" },
	{ "target", "max_restarts", CONFIG_INT, "5", 0, 1000,
	  NULL, T(max_restarts),
	  "restarts allowed within restart_window; 0: unlimited" },
	{ "target", "restart_window", CONFIG_DURATION, "60s", SEC, 24 * HOUR,
	  NULL, T(restart_window),
	  "the window max_restarts counts in" },
	{ "target", "stop_signal", CONFIG_SIGNAL, "TERM", 1, 64,
	  NULL, T(stop_signal),
	  "the signal that asks it to stop" },
	{ "target", "stop_timeout", CONFIG_DURATION, "5s", 0, 10 * MIN,
	  NULL, T(stop_timeout),
	  "wait after stop_signal before SIGKILL" },
	{ "target", "output_lines", CONFIG_INT, "500", 0, 100000,
	  NULL, T(output_lines),
	  "lines of its output kept in memory" },
	{ "target", "output_file", CONFIG_PATH, "", 0, 0,
	  NULL, T(output_file),
	  "file its output is appended to; empty: none" },
};
_Static_assert(nitems(config_table) == CONFIG_NKEYS,
    "CONFIG_NKEYS in qtmcp.h must be the number of keys");

/* Errors, collected one a line. */
struct config_errors {
	char	*buf;
	size_t	 len;
	int	 n;
};

/* A section seen in the file being read. */
struct config_section {
	char	*label;			/* "qtmcp", "target", "target NAME" */
	int	 line;
	int	 seen[CONFIG_NKEYS];	/* line each key was first set on */
};

/* The state of one file being read. */
struct config_parse {
	struct config		*cfg;
	const char		*name;
	const char		*next;
	const char		*end;
	int			 lineno;
	struct config_errors	 errors;

	enum {
		SECTION_NONE,		/* before the first section */
		SECTION_QTMCP,
		SECTION_TARGET,
		SECTION_SKIP,		/* a bad header: its keys are ignored */
	}			 kind;
	int			 section;	/* index in sections, or -1 */
	struct target_config	*target;
	int			 nkeys;		/* key lines in this section */
	int			 comment;	/* an inline one on this line */

	struct config_section	*sections;
	int			 nsections;
	int			 unnamed_line;	/* first [target] */
	int			 named_line;	/* first [target NAME] */
	int			 mixed;		/* reported */
};

static void	config_error(struct config_errors *, const char *, ...)
		    printflike(2, 3);

static void
config_error(struct config_errors *e, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	size_t	 n;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	n = strlen(s);
	e->buf = xrealloc(e->buf, e->len + n + 2);
	if (e->len != 0)
		e->buf[e->len++] = '\n';
	memcpy(e->buf + e->len, s, n + 1);
	e->len += n;
	e->n++;
	free(s);
}

static int
config_errors_done(struct config_errors *e, char **cause)
{
	if (e->n == 0)
		return (0);
	*cause = e->buf;
	return (-1);
}

const struct config_key *
config_keys(size_t *n)
{
	*n = nitems(config_table);
	return (config_table);
}

static const struct config_key *
config_find_key(const char *section, const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(config_table); i++) {
		if (strcmp(config_table[i].section, section) == 0 &&
		    strcmp(config_table[i].name, name) == 0)
			return (&config_table[i]);
	}
	return (NULL);
}

/* A key the code itself names: it must exist. */
static const struct config_key *
config_key(const char *section, const char *name)
{
	const struct config_key	*k;

	if ((k = config_find_key(section, name)) == NULL)
		fatalx("no config key %s.%s", section, name);
	return (k);
}

static const char *
config_choice_name(const struct config_choice *c, int value)
{
	for (; c->name != NULL; c++) {
		if (c->value == value)
			return (c->name);
	}
	return (NULL);
}

static int
config_choice_value(const struct config_choice *c, const char *name,
    int *value)
{
	for (; c->name != NULL; c++) {
		if (strcasecmp(c->name, name) == 0) {
			*value = c->value;
			return (0);
		}
	}
	return (-1);
}

const char *
config_mode_name(int mode)
{
	const char	*name;

	if ((name = config_choice_name(config_mode_choices, mode)) == NULL)
		return ("?");
	return (name);
}

int
config_parse_mode(const char *s, int *mode)
{
	return (config_choice_value(config_mode_choices, s, mode));
}

/* What a key accepts, for error messages and documentation. */
char *
config_key_expect(const struct config_key *k)
{
	const struct config_choice	*c;
	char				 a[32], b[32], *s, *t;

	switch (k->type) {
	case CONFIG_ENUM:
		s = xstrdup(k->choices[0].name);
		for (c = k->choices + 1; c->name != NULL; c++) {
			t = xasprintf("%s%s %s", s, c[1].name == NULL ? " or" :
			    ",", c->name);
			free(s);
			s = t;
		}
		return (s);
	case CONFIG_BOOL:
		return (xstrdup("yes or no (or true, false, on, off, 1, 0)"));
	case CONFIG_INT:
		return (xasprintf("a whole number from %lld to %lld", k->min,
		    k->max));
	case CONFIG_DURATION:
		return (xasprintf("a duration from %s to %s (a number with "
		    "the unit ms, s or m)",
		    util_format_duration(k->min, a, sizeof a),
		    util_format_duration(k->max, b, sizeof b)));
	case CONFIG_SIZE:
		return (xasprintf("a size from %s to %s (bytes, or a number "
		    "with the suffix K, M or G)",
		    util_format_size(k->min, a, sizeof a),
		    util_format_size(k->max, b, sizeof b)));
	case CONFIG_PORT:
		return (xstrdup("a port from 1 to 65535, or auto"));
	case CONFIG_SIGNAL:
		return (xstrdup("a signal name or number (for example TERM, "
		    "SIGTERM or 15)"));
	case CONFIG_PROGRAM:
		return (xstrdup("a program path or name"));
	case CONFIG_PATH:
		return (xstrdup("a path"));
	case CONFIG_URL:
		return (xstrdup("ws://HOST[:PORT][/PATH]"));
	case CONFIG_ARGS:
		return (xstrdup("words separated by blanks, quoted as in "
		    "sh(1)"));
	case CONFIG_ENV:
		return (xstrdup("NAME=value, NAME made of letters, digits "
		    "and _ and not starting with a digit"));
	}
	return (xstrdup("?"));
}

static char *
config_invalid(const struct config_key *k, const char *value,
    const char *reason)
{
	char	*expect, *s;

	if (reason != NULL)
		return (xasprintf("%s: invalid value '%s': %s", k->name, value,
		    reason));
	expect = config_key_expect(k);
	s = xasprintf("%s: invalid value '%s': expected %s", k->name, value,
	    expect);
	free(expect);
	return (s);
}

static char *
config_out_of_range(const struct config_key *k, const char *value)
{
	char	*expect, *s;

	expect = config_key_expect(k);
	s = xasprintf("%s: '%s' is out of range: expected %s", k->name, value,
	    expect);
	free(expect);
	return (s);
}

/*
 * Check a ws:// URL; on success *host is its host (without the brackets
 * of an IPv6 address).  *reason is set for the failures that deserve more
 * than the list of what is accepted.
 */
static int
config_parse_url(const char *url, char **host, const char **reason)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;
	const char	*p, *h, *end;
	char		 buf[INET6_ADDRSTRLEN];
	size_t		 hlen, n;
	long		 port;
	int		 v6 = 0;

	*reason = NULL;
	if (strncasecmp(url, "wss://", 6) == 0) {
		*reason = "wss:// is not supported (the probe serves plain "
		    "WebSocket): use ws://";
		return (-1);
	}
	if (strncasecmp(url, "ws://", 5) != 0) {
		if (strstr(url, "://") != NULL)
			*reason = "only ws:// URLs are supported";
		return (-1);
	}
	p = url + 5;
	if (*p == '[') {
		if ((end = strchr(p, ']')) == NULL)
			return (-1);
		h = p + 1;
		hlen = end - h;
		if (hlen == 0 || hlen >= sizeof buf)
			return (-1);
		memcpy(buf, h, hlen);
		buf[hlen] = '\0';
		if (inet_pton(AF_INET6, buf, &a6) != 1)
			return (-1);
		v6 = 1;
		p = end + 1;
	} else {
		h = p;
		hlen = strspn(p, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");
		if (hlen == 0 || hlen >= sizeof buf)
			return (-1);
		memcpy(buf, h, hlen);
		buf[hlen] = '\0';
		p += hlen;
	}
	if (*p == ':') {
		p++;
		n = strspn(p, "0123456789");
		if (n == 0 || n > 5)
			return (-1);
		port = strtol(p, NULL, 10);
		if (port < 1 || port > 65535)
			return (-1);
		p += n;
	}
	if (*p != '\0' && *p != '/')
		return (-1);
	for (; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return (-1);
	}
	/* As probe_parse_url: qtmcp never looks a name up. */
	if (!v6 && strcasecmp(buf, "localhost") != 0 &&
	    inet_pton(AF_INET, buf, &a4) != 1) {
		*reason = "use a numeric address or localhost (qtmcp does not "
		    "look host names up)";
		return (-1);
	}
	if (host != NULL)
		*host = xstrndup(h, hlen);
	return (0);
}

static int
config_valid_env(const char *s)
{
	const char	*p = s;

	if (!isalpha((unsigned char)*p) && *p != '_')
		return (0);
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	return (*p == '=');
}

static int
config_valid_name(const char *s)
{
	size_t	len;

	len = strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
	return (len > 0 && len <= CONFIG_NAME_MAX && s[len] == '\0');
}

static void
config_set_env(struct target_config *t, const char *entry)
{
	size_t	len = strcspn(entry, "=") + 1;
	int	i;

	for (i = 0; i < t->nenv; i++) {
		if (strncmp(t->env[i], entry, len) == 0) {
			free(t->env[i]);
			t->env[i] = xstrdup(entry);
			return;
		}
	}
	t->env = xreallocarray(t->env, t->nenv + 2, sizeof *t->env);
	t->env[t->nenv++] = xstrdup(entry);
	t->env[t->nenv] = NULL;
}

/*
 * Parse value for key k into the config (t NULL) or the target.  On error
 * *why is "key: message" and nothing is changed.
 */
static int
config_set_value(struct config *cfg, struct target_config *t,
    const struct config_key *k, const char *value, char **why)
{
	void		 *field;
	const char	 *errstr, *reason;
	char		**args, *expect, *splitwhy;
	uint64_t	  u;
	long long	  ll;
	int		  i, nargs;

	field = (t != NULL ? (char *)t : (char *)cfg) + k->off;
	if (strpbrk(value, "\r\n") != NULL) {
		*why = xasprintf("%s: invalid value: line breaks are not "
		    "allowed", k->name);
		return (-1);
	}
	if (*value == '\0' && k->type != CONFIG_PATH &&
	    k->type != CONFIG_ARGS && k->type != CONFIG_ENV) {
		expect = config_key_expect(k);
		*why = xasprintf("%s: missing value: expected %s", k->name,
		    expect);
		free(expect);
		return (-1);
	}

	switch (k->type) {
	case CONFIG_ENUM:
		if (config_choice_value(k->choices, value, &i) != 0)
			goto invalid;
		*(int *)field = i;
		break;
	case CONFIG_BOOL:
		if (strcasecmp(value, "yes") == 0 ||
		    strcasecmp(value, "true") == 0 ||
		    strcasecmp(value, "on") == 0 || strcmp(value, "1") == 0)
			*(int *)field = 1;
		else if (strcasecmp(value, "no") == 0 ||
		    strcasecmp(value, "false") == 0 ||
		    strcasecmp(value, "off") == 0 || strcmp(value, "0") == 0)
			*(int *)field = 0;
		else
			goto invalid;
		break;
	case CONFIG_INT:
		ll = util_strtonum(value, LLONG_MIN, LLONG_MAX, &errstr);
		if (errstr != NULL && strcmp(errstr, "is not a number") == 0)
			goto invalid;
		if (errstr != NULL || ll < k->min || ll > k->max)
			goto range;
		*(int *)field = (int)ll;
		break;
	case CONFIG_DURATION:
		if (util_parse_duration(value, &u, why) != 0) {
			free(*why);
			goto invalid;
		}
		if (u < (uint64_t)k->min || u > (uint64_t)k->max)
			goto range;
		*(uint64_t *)field = u;
		break;
	case CONFIG_SIZE:
		if (util_parse_size(value, &u, why) != 0) {
			free(*why);
			goto invalid;
		}
		if (u < (uint64_t)k->min || u > (uint64_t)k->max)
			goto range;
		*(uint64_t *)field = u;
		break;
	case CONFIG_PORT:
		if (strcasecmp(value, "auto") == 0) {
			*(int *)field = 0;
			break;
		}
		ll = util_strtonum(value, 1, 65535, &errstr);
		if (errstr != NULL)
			goto invalid;
		*(int *)field = (int)ll;
		break;
	case CONFIG_SIGNAL:
		if (util_signal_from_name(value, &i) != 0)
			goto invalid;
		*(int *)field = i;
		break;
	case CONFIG_URL:
		if (config_parse_url(value, NULL, &reason) != 0) {
			*why = config_invalid(k, value, reason);
			return (-1);
		}
		/* FALLTHROUGH */
	case CONFIG_PROGRAM:
		free(*(char **)field);
		*(char **)field = xstrdup(value);
		break;
	case CONFIG_PATH:
		free(*(char **)field);
		if (*value == '\0' || strcmp(value, k->deflt) == 0)
			*(char **)field = NULL;
		else
			*(char **)field = xstrdup(value);
		break;
	case CONFIG_ARGS:
		if ((args = util_split_args(value, &nargs, &splitwhy)) ==
		    NULL) {
			*why = config_invalid(k, value, splitwhy);
			free(splitwhy);
			return (-1);
		}
		util_free_args(t->args);
		t->args = args;
		t->nargs = nargs;
		break;
	case CONFIG_ENV:
		if (*value == '\0') {
			util_free_args(t->env);
			t->env = xcalloc(1, sizeof *t->env);
			t->nenv = 0;
			break;
		}
		if (!config_valid_env(value))
			goto invalid;
		config_set_env(t, value);
		break;
	}
	return (0);

invalid:
	*why = config_invalid(k, value, NULL);
	return (-1);
range:
	*why = config_out_of_range(k, value);
	return (-1);
}

/* The value of a key as the file would spell it. */
static char *
config_value_text(struct config *cfg, struct target_config *t,
    const struct config_key *k)
{
	void		*field;
	const char	*s;
	char		 buf[32], *out, *q, *tmp;
	int		 i;

	field = (t != NULL ? (char *)t : (char *)cfg) + k->off;
	switch (k->type) {
	case CONFIG_ENUM:
		s = config_choice_name(k->choices, *(int *)field);
		return (xstrdup(s != NULL ? s : "?"));
	case CONFIG_BOOL:
		return (xstrdup(*(int *)field ? "yes" : "no"));
	case CONFIG_INT:
		return (xasprintf("%d", *(int *)field));
	case CONFIG_DURATION:
		return (xstrdup(util_format_duration(*(uint64_t *)field, buf,
		    sizeof buf)));
	case CONFIG_SIZE:
		return (xstrdup(util_format_size(*(uint64_t *)field, buf,
		    sizeof buf)));
	case CONFIG_PORT:
		if (*(int *)field == 0)
			return (xstrdup("auto"));
		return (xasprintf("%d", *(int *)field));
	case CONFIG_SIGNAL:
		s = util_signal_name(*(int *)field);
		return (xstrdup(strncmp(s, "SIG", 3) == 0 ? s + 3 : s));
	case CONFIG_PROGRAM:
	case CONFIG_PATH:
	case CONFIG_URL:
		s = *(char **)field;
		if (s == NULL)
			s = k->deflt != NULL ? k->deflt : "";
		return (xstrdup(s));
	case CONFIG_ARGS:
		out = xstrdup("");
		for (i = 0; i < t->nargs; i++) {
			q = util_quote_arg(t->args[i]);
			tmp = xasprintf("%s%s%s", out, i == 0 ? "" : " ", q);
			free(q);
			free(out);
			out = tmp;
		}
		return (out);
	case CONFIG_ENV:
		break;
	}
	return (xstrdup(""));
}

static void
config_set_where(struct config *cfg, struct target_config *t,
    const struct config_key *k, char *where)
{
	char	**slot;

	slot = &(t != NULL ? t->where : cfg->where)[k - config_table];
	free(*slot);
	*slot = where;
}

/* Apply every default of a section; the table's texts must parse. */
static void
config_defaults(struct config *cfg, struct target_config *t)
{
	const char	*section = t != NULL ? "target" : "qtmcp";
	char		*why;
	size_t		 i;

	for (i = 0; i < nitems(config_table); i++) {
		if (strcmp(config_table[i].section, section) != 0 ||
		    config_table[i].deflt == NULL)
			continue;
		if (config_set_value(cfg, t, &config_table[i],
		    config_table[i].deflt, &why) != 0)
			fatalx("bad default: %s", why);
	}
}

struct config *
config_create(void)
{
	struct config	*cfg;

	cfg = xcalloc(1, sizeof *cfg);
	cfg->default_port = QTMCP_DEFAULT_PORT;
	if ((cfg->default_launcher = config_find_launcher(NULL)) == NULL)
		cfg->default_launcher = xstrdup(CONFIG_LAUNCHER);
	config_defaults(cfg, NULL);
	return (cfg);
}

static void
config_target_free(struct target_config *t)
{
	int	i;

	free(t->name);
	free(t->command);
	util_free_args(t->args);
	free(t->cwd);
	util_free_args(t->env);
	free(t->launcher);
	free(t->probe);
	free(t->output_file);
	for (i = 0; i < CONFIG_NKEYS; i++)
		free(t->where[i]);
	free(t);
}

void
config_free(struct config *cfg)
{
	int	i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->ntargets; i++)
		config_target_free(cfg->targets[i]);
	free(cfg->targets);
	free(cfg->file);
	free(cfg->ws_url);
	free(cfg->log_file);
	free(cfg->default_launcher);
	for (i = 0; i < CONFIG_NKEYS; i++)
		free(cfg->where[i]);
	free(cfg);
}

/*
 * A new target with the defaults, QTMCP_PORT and QTMCP_LAUNCHER applied:
 * the config's where slots of these target keys say whether the
 * environment set them.
 */
static struct target_config *
config_target_add(struct config *cfg, const char *name, int line)
{
	struct target_config	*t;
	size_t			 port, launcher;

	port = config_key("target", "port") - config_table;
	launcher = config_key("target", "launcher") - config_table;

	t = xcalloc(1, sizeof *t);
	t->name = xstrdup(name);
	t->line = line;
	config_defaults(cfg, t);
	t->port = cfg->default_port;
	if (cfg->where[port] != NULL)
		t->where[port] = xstrdup(cfg->where[port]);
	if (cfg->where[launcher] != NULL) {
		t->launcher = xstrdup(cfg->default_launcher);
		t->where[launcher] = xstrdup(cfg->where[launcher]);
	}
	cfg->targets = xreallocarray(cfg->targets, cfg->ntargets + 1,
	    sizeof *cfg->targets);
	cfg->targets[cfg->ntargets++] = t;
	return (t);
}

static struct target_config *
config_target_find(struct config *cfg, const char *name)
{
	int	i;

	for (i = 0; i < cfg->ntargets; i++) {
		if (strcmp(cfg->targets[i]->name, name) == 0)
			return (cfg->targets[i]);
	}
	return (NULL);
}

/* Edit distance, ignoring case and taking '-' and ' ' for '_'. */
static size_t
config_distance(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b), i, j, d[64], prev, tmp;
	int	ca, cb;

	if (la >= nitems(d) || lb >= nitems(d))
		return (SIZE_MAX);
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			ca = tolower((unsigned char)a[i - 1]);
			cb = tolower((unsigned char)b[j - 1]);
			if (ca == '-' || ca == ' ')
				ca = '_';
			if (cb == '-' || cb == ' ')
				cb = '_';
			tmp = d[j];
			d[j] = prev + (ca != cb);
			if (d[j - 1] + 1 < d[j])
				d[j] = d[j - 1] + 1;
			if (tmp + 1 < d[j])
				d[j] = tmp + 1;
			prev = tmp;
		}
	}
	return (d[lb]);
}

/* The known key name is close to, if exactly one is obviously meant. */
static const char *
config_suggest(const char *section, const char *name)
{
	const char	*best = NULL;
	size_t		 i, d, bestd = SIZE_MAX, limit;
	int		 ties = 0;

	limit = strlen(name) >= 5 ? 2 : 1;
	for (i = 0; i < nitems(config_table); i++) {
		if (strcmp(config_table[i].section, section) != 0)
			continue;
		d = config_distance(name, config_table[i].name);
		if (d < bestd) {
			bestd = d;
			best = config_table[i].name;
			ties = 0;
		} else if (d == bestd)
			ties++;
	}
	if (bestd > limit || ties != 0)
		return (NULL);
	return (best);
}

/* The message for a key that section does not have. */
static char *
config_unknown_key(const char *section, const char *label, const char *name)
{
	const char	*other, *suggestion;

	other = strcmp(section, "qtmcp") == 0 ? "target" : "qtmcp";
	if (config_find_key(other, name) != NULL)
		return (xasprintf("key '%s' belongs in [%s], not [%s]", name,
		    other, label));
	if ((suggestion = config_suggest(section, name)) != NULL)
		return (xasprintf("unknown key '%s' in [%s]: did you mean "
		    "'%s'?", name, label, suggestion));
	return (xasprintf("unknown key '%s' in [%s]", name, label));
}

/* The previous section ends: an empty [target] is an error. */
static void
config_section_end(struct config_parse *p)
{
	struct config_section	*sec;

	if (p->kind == SECTION_TARGET && p->nkeys == 0) {
		sec = &p->sections[p->section];
		config_error(&p->errors, "%s:%d: empty section [%s]: set at "
		    "least command", p->name, sec->line, sec->label);
	}
	p->kind = SECTION_SKIP;
	p->section = -1;
	p->target = NULL;
	p->nkeys = 0;
}

/* Find or add the record of a section; -1 if it was already seen. */
static int
config_section_record(struct config_parse *p, const char *label, int *idx)
{
	struct config_section	*sec;
	int			 i;

	for (i = 0; i < p->nsections; i++) {
		if (strcmp(p->sections[i].label, label) == 0) {
			*idx = i;
			return (-1);
		}
	}
	p->sections = xreallocarray(p->sections, p->nsections + 1,
	    sizeof *p->sections);
	sec = &p->sections[p->nsections];
	memset(sec, 0, sizeof *sec);
	sec->label = xstrdup(label);
	sec->line = p->lineno;
	*idx = p->nsections++;
	return (0);
}

/* A section header: text is what is between the brackets. */
static void
config_section_begin(struct config_parse *p, const char *text, size_t len)
{
	struct config_section	*sec;
	char			*copy, *word, *name, *end, *label;
	int			 idx, first;

	config_section_end(p);

	copy = xstrndup(text, len);
	for (word = copy; isspace((unsigned char)*word); word++)
		/* nothing */;
	for (end = word + strlen(word); end > word &&
	    isspace((unsigned char)end[-1]); end--)
		/* nothing */;
	*end = '\0';
	for (name = word; *name != '\0' && !isspace((unsigned char)*name);
	    name++)
		/* nothing */;
	if (*name != '\0') {
		*name++ = '\0';
		while (isspace((unsigned char)*name))
			name++;
	}

	if (strcmp(word, "qtmcp") == 0) {
		if (*name != '\0') {
			config_error(&p->errors, "%s:%d: invalid section "
			    "[qtmcp %s]: [qtmcp] takes no name", p->name,
			    p->lineno, name);
			goto out;
		}
		if (config_section_record(p, "qtmcp", &idx) != 0) {
			config_error(&p->errors, "%s:%d: duplicate section "
			    "[qtmcp]: already at line %d", p->name, p->lineno,
			    p->sections[idx].line);
		}
		p->kind = SECTION_QTMCP;
		p->section = idx;
		goto out;
	}
	if (strcmp(word, "target") != 0) {
		config_error(&p->errors, "%s:%d: unknown section [%s%s%s]: "
		    "expected [qtmcp], [target] or [target NAME]", p->name,
		    p->lineno, word, *name != '\0' ? " " : "", name);
		goto out;
	}

	if (*name != '\0' && !config_valid_name(name)) {
		config_error(&p->errors, "%s:%d: invalid target name '%s': use "
		    "at most %d letters, digits, '-' and '_'", p->name,
		    p->lineno, name, CONFIG_NAME_MAX);
	}
	if (*name == '\0') {
		if (p->named_line != 0 && !p->mixed) {
			config_error(&p->errors, "%s:%d: [target] cannot be "
			    "mixed with named [target NAME] sections (line "
			    "%d): name every target", p->name, p->lineno,
			    p->named_line);
			p->mixed = 1;
		}
		if (p->unnamed_line == 0)
			p->unnamed_line = p->lineno;
	} else {
		if (p->unnamed_line != 0 && !p->mixed) {
			config_error(&p->errors, "%s:%d: [target %s] cannot be "
			    "mixed with the unnamed [target] at line %d: name "
			    "every target", p->name, p->lineno, name,
			    p->unnamed_line);
			p->mixed = 1;
		}
		if (p->named_line == 0)
			p->named_line = p->lineno;
	}

	label = xasprintf("target%s%s", *name != '\0' ? " " : "", name);
	first = config_section_record(p, label, &idx) == 0;
	sec = &p->sections[idx];
	if (!first) {
		config_error(&p->errors, "%s:%d: duplicate section [%s]: "
		    "already at line %d", p->name, p->lineno, label, sec->line);
	}
	free(label);
	p->kind = SECTION_TARGET;
	p->section = idx;
	if ((p->target = config_target_find(p->cfg, name)) == NULL)
		p->target = config_target_add(p->cfg, name, p->lineno);

out:
	free(copy);
}

/* Up to 40 bytes of a line, for a message. */
static char *
config_excerpt(const char *s, size_t len)
{
	size_t	n = 37;

	if (len <= 40)
		return (xstrndup(s, len));
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return (xasprintf("%.*s...", (int)n, s));
}

/*
 * Classify a line that is neither blank nor a comment, the way inih will
 * read it; s has no blank at either end.  A section header is handled
 * here.  Returns -1 for a line to report and hide from inih.
 */
static int
config_classify(struct config_parse *p, const char *s, size_t len)
{
	const char	*end = s + len, *q, *r;
	char		*ex;

	if (*s == '[') {
		/* As inih: the first ']', unless a comment starts before. */
		for (q = s + 1; q < end && *q != ']'; q++) {
			if (*q == ';' && isspace((unsigned char)q[-1]))
				break;
		}
		if (q == end || *q != ']') {
			ex = config_excerpt(s, len);
			config_error(&p->errors, "%s:%d: syntax error: no ']' "
			    "closes the section header '%s'", p->name,
			    p->lineno, ex);
			free(ex);
			config_section_end(p);
			return (-1);
		}
		for (r = q + 1; r < end && isspace((unsigned char)*r); r++)
			/* nothing */;
		if (r < end && *r != ';' && *r != '#') {
			ex = config_excerpt(r, end - r);
			config_error(&p->errors, "%s:%d: syntax error: '%s' "
			    "after the section header", p->name, p->lineno, ex);
			free(ex);
			config_section_end(p);
			return (-1);
		}
		config_section_begin(p, s + 1, q - (s + 1));
		return (0);
	}

	for (q = s; q < end && *q != '=' && *q != ':'; q++) {
		if (*q == ';' && q > s && isspace((unsigned char)q[-1])) {
			q = end;
			break;
		}
	}
	if (q == end) {
		ex = config_excerpt(s, len);
		config_error(&p->errors, "%s:%d: syntax error: '%s' is not a "
		    "[section], a key = value line or a comment", p->name,
		    p->lineno, ex);
		free(ex);
		return (-1);
	}
	if (q == s) {
		config_error(&p->errors, "%s:%d: syntax error: no key before "
		    "'%c'", p->name, p->lineno, *q);
		return (-1);
	}
	for (p->comment = 0, q++; q < end; q++) {
		if (*q == ';' && isspace((unsigned char)q[-1]))
			p->comment = 1;
	}
	return (0);
}

/*
 * inih's reader: hands inih one line at a time, like fgets.  Lines that
 * are too long or malformed are reported and given to inih as blank lines,
 * and so are comments, which may therefore be of any length; the others
 * lose their leading blanks, since inih would take an indented line for
 * the continuation of the previous value.
 */
static char *
config_reader(char *str, int num, void *stream)
{
	struct config_parse	*p = stream;
	const char		*line, *eol, *s, *e, *key;
	size_t			 len, klen;

	if (p->next >= p->end)
		return (NULL);
	line = p->next;
	if ((eol = memchr(line, '\n', p->end - line)) == NULL) {
		eol = p->end;
		p->next = p->end;
	} else
		p->next = eol + 1;
	p->lineno++;
	if (p->lineno == 1 && eol - line >= 3 &&
	    memcmp(line, "\xef\xbb\xbf", 3) == 0)
		line += 3;
	len = eol - line;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	str[0] = '\n';
	str[1] = '\0';

	if (memchr(line, '\0', len) != NULL) {
		config_error(&p->errors, "%s:%d: the line contains a NUL byte",
		    p->name, p->lineno);
		return (str);
	}
	for (s = line; s < line + len && isspace((unsigned char)*s); s++)
		/* nothing */;
	for (e = line + len; e > s && isspace((unsigned char)e[-1]); e--)
		/* nothing */;
	if (s == e || *s == ';' || *s == '#')
		return (str);
	if (len > (size_t)num - 3) {
		key = s;
		klen = strspn(key, "abcdefghijklmnopqrstuvwxyz_");
		if (klen > 0 && klen < (size_t)(e - s) &&
		    strchr(" \t=:", key[klen]) != NULL)
			config_error(&p->errors, "%s:%d: %.*s: line too long: "
			    "%zu bytes, the limit is %d", p->name, p->lineno,
			    (int)klen, key, len, num - 3);
		else
			config_error(&p->errors, "%s:%d: line too long: %zu "
			    "bytes, the limit is %d", p->name, p->lineno, len,
			    num - 3);
		if (*s == '[')
			config_section_end(p);
		return (str);
	}
	if (config_classify(p, s, e - s) != 0)
		return (str);
	memcpy(str, s, e - s);
	str[e - s] = '\n';
	str[e - s + 1] = '\0';
	return (str);
}

/* inih's handler: one key = value line, the line the reader gave last. */
static int
config_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct config_parse	*p = user;
	struct config_section	*sec;
	const struct config_key	*k;
	const char		*s;
	char			*why;

	p->nkeys++;
	if (p->kind == SECTION_SKIP)
		return (1);
	if (p->kind == SECTION_NONE) {
		config_error(&p->errors, "%s:%d: key '%s' is outside any "
		    "section: put it under [qtmcp] or [target]", p->name,
		    p->lineno, name);
		return (1);
	}
	sec = &p->sections[p->section];
	s = p->kind == SECTION_QTMCP ? "qtmcp" : "target";
	if ((k = config_find_key(s, name)) == NULL) {
		why = config_unknown_key(s, sec->label, name);
		config_error(&p->errors, "%s:%d: %s", p->name, p->lineno, why);
		free(why);
		return (1);
	}
	if (sec->seen[k - config_table] != 0 && k->type != CONFIG_ENV) {
		config_error(&p->errors, "%s:%d: duplicate key '%s' in [%s]: "
		    "already set at line %d", p->name, p->lineno, name,
		    sec->label, sec->seen[k - config_table]);
		return (1);
	}
	if (sec->seen[k - config_table] == 0)
		sec->seen[k - config_table] = p->lineno;
	if (config_set_value(p->cfg, p->target, k, value, &why) != 0) {
		config_error(&p->errors, "%s:%d: %s%s", p->name, p->lineno, why,
		    p->comment ? " (a ';' after a blank starts a comment)" :
		    "");
		free(why);
		return (1);
	}
	config_set_where(p->cfg, p->target, k, xasprintf("%s:%d", p->name,
	    p->lineno));
	return (1);
}

static int
config_load(struct config *cfg, const char *text, size_t len,
    const char *name, char **cause)
{
	struct config_parse	p;
	int			i, r;

	memset(&p, 0, sizeof p);
	p.cfg = cfg;
	p.name = name;
	p.next = text;
	p.end = text + len;
	p.kind = SECTION_NONE;
	p.section = -1;

	free(cfg->file);
	cfg->file = xstrdup(name);

	r = ini_parse_stream(config_reader, &p, config_handler, &p);
	config_section_end(&p);
	if (r == -2)
		config_error(&p.errors, "%s: out of memory", name);
	else if (r > 0) {
		/* Only lines that looked sound went to inih. */
		config_error(&p.errors, "%s:%d: syntax error", name, r);
	}

	for (i = 0; i < p.nsections; i++)
		free(p.sections[i].label);
	free(p.sections);
	return (config_errors_done(&p.errors, cause));
}

int
config_load_string(struct config *cfg, const char *text, const char *name,
    char **cause)
{
	return (config_load(cfg, text, strlen(text), name, cause));
}

int
config_load_file(struct config *cfg, const char *path, char **cause)
{
	FILE	*f;
	char	*buf;
	size_t	 n;
	int	 r;

	if ((f = fopen(path, "r")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return (-1);
	}
	buf = xmalloc(CONFIG_FILE_MAX + 1);
	n = fread(buf, 1, CONFIG_FILE_MAX + 1, f);
	if (ferror(f)) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		r = -1;
	} else if (n > CONFIG_FILE_MAX) {
		*cause = xasprintf("%s: file too large: more than %d bytes",
		    path, CONFIG_FILE_MAX);
		r = -1;
	} else
		r = config_load(cfg, buf, n, path, cause);
	free(buf);
	fclose(f);
	return (r);
}

/*
 * The file to read when none is given: $QTMCP_CONFIG (which must exist),
 * else $XDG_CONFIG_HOME/qtmcp/qtmcp.ini (~/.config by default), else the
 * system one.  NULL with *cause NULL when there is none.
 */
char *
config_find_file(char **cause)
{
	struct stat	 sb;
	const char	*v;
	char		*path = NULL;

	*cause = NULL;
	if ((v = getenv("QTMCP_CONFIG")) != NULL && *v != '\0') {
		if (stat(v, &sb) != 0) {
			*cause = xasprintf("QTMCP_CONFIG: %s: %s", v,
			    strerror(errno));
			return (NULL);
		}
		return (xstrdup(v));
	}
	/* The XDG specification says to ignore a relative path. */
	if ((v = getenv("XDG_CONFIG_HOME")) != NULL && *v == '/')
		path = util_path_join(v, "qtmcp/qtmcp.ini");
	else if ((v = getenv("HOME")) != NULL && *v != '\0')
		path = util_path_join(v, ".config/qtmcp/qtmcp.ini");
	if (path != NULL) {
		if (stat(path, &sb) == 0)
			return (path);
		free(path);
	}
	path = util_path_join(QTMCP_SYSCONFDIR, "qtmcp.ini");
	if (stat(path, &sb) == 0)
		return (path);
	free(path);
	return (NULL);
}

/*
 * Set one key of [qtmcp] (t NULL) or of a target, as the file would; origin
 * ("--port", "QTMCP_PORT") starts the error message and is remembered as
 * where the value comes from.
 */
int
config_set(struct config *cfg, struct target_config *t, const char *key,
    const char *value, const char *origin, char **cause)
{
	const struct config_key	*k;
	const char		*section = t != NULL ? "target" : "qtmcp";
	char			*v, *end, *why;
	int			 r = 0;

	if ((k = config_find_key(section, key)) == NULL) {
		why = config_unknown_key(section, section, key);
		goto fail;
	}
	/* Trimmed like a value from the file. */
	while (isspace((unsigned char)*value))
		value++;
	v = xstrdup(value);
	for (end = v + strlen(v); end > v && isspace((unsigned char)end[-1]);
	    end--)
		/* nothing */;
	*end = '\0';
	if (config_set_value(cfg, t, k, v, &why) == 0)
		config_set_where(cfg, t, k, origin != NULL ? xstrdup(origin) :
		    NULL);
	else
		r = -1;
	free(v);
	if (r == 0)
		return (0);

fail:
	if (origin != NULL) {
		*cause = xasprintf("%s: %s", origin, why);
		free(why);
	} else
		*cause = why;
	return (-1);
}

/*
 * The environment beats the file: QTMCP_WS_URL, QTMCP_PORT (the port of
 * new targets, and of the target when there is exactly one) and
 * QTMCP_LAUNCHER (the launcher of every target).  Empty means unset, as
 * for qtmcp-launch.
 */
int
config_apply_env(struct config *cfg, char **cause)
{
	struct config_errors	 e;
	const char		*v, *errstr;
	char			*why;
	long long		 port;
	int			 i;

	memset(&e, 0, sizeof e);
	if ((v = getenv("QTMCP_WS_URL")) != NULL && *v != '\0') {
		if (config_set(cfg, NULL, "ws_url", v, "QTMCP_WS_URL",
		    &why) != 0) {
			config_error(&e, "%s", why);
			free(why);
		}
	}
	if ((v = getenv("QTMCP_PORT")) != NULL && *v != '\0') {
		port = util_strtonum(v, 1, 65535, &errstr);
		if (errstr != NULL)
			config_error(&e, "QTMCP_PORT: invalid value '%s': "
			    "expected a port from 1 to 65535", v);
		else {
			cfg->default_port = (int)port;
			config_set_where(cfg, NULL, config_key("target",
			    "port"), xstrdup("QTMCP_PORT"));
			if (cfg->ntargets == 1 && config_set(cfg,
			    cfg->targets[0], "port", v, "QTMCP_PORT",
			    &why) != 0) {
				config_error(&e, "%s", why);
				free(why);
			}
		}
	}
	if ((v = getenv("QTMCP_LAUNCHER")) != NULL && *v != '\0') {
		if (strpbrk(v, "\r\n") != NULL)
			config_error(&e, "QTMCP_LAUNCHER: invalid value: line "
			    "breaks are not allowed");
		else {
			/* qtmcp-launch is the default, whatever it finds. */
			if (strcmp(v, CONFIG_LAUNCHER) != 0) {
				free(cfg->default_launcher);
				cfg->default_launcher = xstrdup(v);
				config_set_where(cfg, NULL, config_key("target",
				    "launcher"), xstrdup("QTMCP_LAUNCHER"));
			}
			for (i = 0; i < cfg->ntargets; i++) {
				if (config_set(cfg, cfg->targets[i], "launcher",
				    v, "QTMCP_LAUNCHER", &why) != 0) {
					config_error(&e, "%s", why);
					free(why);
				}
			}
		}
	}
	return (config_errors_done(&e, cause));
}

/*
 * The target --target applies to: the only one, or a new [target] when
 * there is none.
 */
struct target_config *
config_cli_target(struct config *cfg, char **cause)
{
	if (cfg->ntargets == 1)
		return (cfg->targets[0]);
	if (cfg->ntargets == 0)
		return (config_target_add(cfg, "", 0));
	*cause = xasprintf("--target cannot be combined with a configuration "
	    "that defines several targets (%s defines %d)",
	    cfg->file != NULL ? cfg->file : "the configuration",
	    cfg->ntargets);
	return (NULL);
}

/*
 * Where a key's value comes from, as a message prefix: "file:line: " or
 * "origin: "; for a default, the target's section header, if any.
 */
static char *
config_loc(struct config *cfg, struct target_config *t,
    const struct config_key *k)
{
	char	**where = t != NULL ? t->where : cfg->where;

	if (k != NULL && where[k - config_table] != NULL)
		return (xasprintf("%s: ", where[k - config_table]));
	if (t != NULL && t->line > 0 && cfg->file != NULL)
		return (xasprintf("%s:%d: ", cfg->file, t->line));
	return (xstrdup(""));
}

static void	config_key_error(struct config_errors *, struct config *,
		    struct target_config *, const struct config_key *,
		    const char *, ...) printflike(5, 6);

/* An error about a key: "location: key: message". */
static void
config_key_error(struct config_errors *e, struct config *cfg,
    struct target_config *t, const struct config_key *k, const char *fmt, ...)
{
	va_list	 ap;
	char	*loc, *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	loc = config_loc(cfg, t, k);
	config_error(e, "%s%s: %s", loc, k->name, msg);
	free(loc);
	free(msg);
}

/* A stored value still within the table's bounds (set directly, perhaps). */
static void
config_check_value(struct config_errors *e, struct config *cfg,
    struct target_config *t, const struct config_key *k)
{
	void		*field;
	const char	*reason;
	char		*text, *why, *loc;
	long long	 v;
	int		 bad = 0;

	field = (t != NULL ? (char *)t : (char *)cfg) + k->off;
	switch (k->type) {
	case CONFIG_INT:
	case CONFIG_PORT:
	case CONFIG_SIGNAL:
		v = *(int *)field;
		bad = v < k->min || v > k->max;
		break;
	case CONFIG_DURATION:
	case CONFIG_SIZE:
		bad = *(uint64_t *)field < (uint64_t)k->min ||
		    *(uint64_t *)field > (uint64_t)k->max;
		break;
	case CONFIG_ENUM:
		bad = config_choice_name(k->choices, *(int *)field) == NULL;
		break;
	case CONFIG_URL:
		text = *(char **)field;
		reason = NULL;
		if (text == NULL ||
		    config_parse_url(text, NULL, &reason) != 0) {
			why = config_invalid(k, text != NULL ? text : "",
			    reason);
			loc = config_loc(cfg, t, k);
			config_error(e, "%s%s", loc, why);
			free(loc);
			free(why);
		}
		return;
	default:
		return;
	}
	if (bad) {
		text = config_value_text(cfg, t, k);
		why = config_out_of_range(k, text);
		loc = config_loc(cfg, t, k);
		config_error(e, "%s%s", loc, why);
		free(loc);
		free(why);
		free(text);
	}
}

static char *
config_label(struct target_config *t)
{
	return (xasprintf("[target%s%s]", *t->name != '\0' ? " " : "",
	    t->name));
}

/*
 * Checks across keys, once the file, the environment and the command line
 * are merged.
 */
int
config_validate(struct config *cfg, char **cause)
{
	struct config_errors	 e;
	struct target_config	*t, *u;
	const struct config_key	*k, *kmin, *kmax, *kport;
	char			*host, *loc, *label, *other, a[32], b[32];
	const char		*reason;
	size_t			 i;
	int			 j, n;

	memset(&e, 0, sizeof e);
	for (i = 0; i < nitems(config_table); i++) {
		if (strcmp(config_table[i].section, "qtmcp") == 0)
			config_check_value(&e, cfg, NULL, &config_table[i]);
	}
	k = config_key("qtmcp", "ws_url");
	if (!cfg->allow_remote && cfg->ws_url != NULL &&
	    config_parse_url(cfg->ws_url, &host, &reason) == 0) {
		if (!probe_is_loopback(host)) {
			config_key_error(&e, cfg, NULL, k, "host '%s' is not a "
			    "loopback address: the probe has no "
			    "authentication, so qtmcp connects only to "
			    "127.0.0.0/8, ::1 or localhost unless allow_remote "
			    "= yes", host);
		}
		free(host);
	}

	kmin = config_key("target", "backoff_min");
	kmax = config_key("target", "backoff_max");
	kport = config_key("target", "port");
	for (j = 0; j < cfg->ntargets; j++) {
		t = cfg->targets[j];
		label = config_label(t);
		if (t->command == NULL) {
			loc = config_loc(cfg, t, NULL);
			config_error(&e, "%s%s has no command: set command = "
			    "PROGRAM", loc, label);
			free(loc);
		}
		for (i = 0; i < nitems(config_table); i++) {
			k = &config_table[i];
			if (strcmp(k->section, "target") == 0)
				config_check_value(&e, cfg, t, k);
		}
		util_format_duration(t->backoff_min, a, sizeof a);
		util_format_duration(t->backoff_max, b, sizeof b);
		if (t->backoff_min <= t->backoff_max)
			/* nothing */;
		else if (t->where[kmin - config_table] != NULL ||
		    t->where[kmax - config_table] == NULL) {
			config_key_error(&e, cfg, t, kmin, "%s is larger than "
			    "backoff_max (%s)", a, b);
		} else {
			config_key_error(&e, cfg, t, kmax, "%s is smaller than "
			    "backoff_min (%s)", b, a);
		}
		for (n = 0; t->port != 0 && n < j; n++) {
			u = cfg->targets[n];
			if (u->port != t->port)
				continue;
			other = config_label(u);
			if (u->line > 0)
				snprintf(a, sizeof a, " (line %d)", u->line);
			else
				*a = '\0';
			config_key_error(&e, cfg, t, kport, "%s and %s%s both "
			    "use port %d: give each target its own port, or "
			    "port = auto", label, other, a, t->port);
			free(other);
			break;
		}
		free(label);
	}
	return (config_errors_done(&e, cause));
}

static int
config_is_executable(const char *path)
{
	struct stat	sb;

	return (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    access(path, X_OK) == 0);
}

/*
 * The launcher to run: launcher NULL is qtmcp-launch, looked for beside
 * the running qtmcp first, then in PATH; a name is looked for in PATH; a
 * path with a slash is taken as is.  NULL when not found or not executable.
 */
char *
config_find_launcher(const char *launcher)
{
	char	*dir, *path;

	if (launcher == NULL) {
		if ((dir = util_self_dir()) != NULL) {
			path = util_path_join(dir, CONFIG_LAUNCHER);
			free(dir);
			if (config_is_executable(path))
				return (path);
			free(path);
		}
		return (util_find_program(CONFIG_LAUNCHER));
	}
	if (strchr(launcher, '/') == NULL)
		return (util_find_program(launcher));
	if (!config_is_executable(launcher))
		return (NULL);
	return (xstrdup(launcher));
}

/* A relative path with a slash is taken from the target's directory. */
static char *
config_target_path(struct target_config *t, const char *path)
{
	if (*path != '/' && t->cwd != NULL)
		return (util_path_join(t->cwd, path));
	return (xstrdup(path));
}

static void
config_check_program(struct config_errors *e, struct config *cfg,
    struct target_config *t, const struct config_key *k, const char *prog)
{
	struct stat	 sb;
	char		*path;

	if (strchr(prog, '/') == NULL) {
		if ((path = util_find_program(prog)) == NULL)
			config_key_error(e, cfg, t, k, "'%s' not found in "
			    "PATH", prog);
		free(path);
		return;
	}
	path = config_target_path(t, prog);
	if (stat(path, &sb) != 0)
		config_key_error(e, cfg, t, k, "%s: %s", path, strerror(errno));
	else if (S_ISDIR(sb.st_mode))
		config_key_error(e, cfg, t, k, "%s: is a directory", path);
	else if (!S_ISREG(sb.st_mode) || access(path, X_OK) != 0)
		config_key_error(e, cfg, t, k, "%s: not executable", path);
	free(path);
}

static void
config_check_dir(struct config_errors *e, struct config *cfg,
    struct target_config *t, const struct config_key *k, const char *path,
    int parent)
{
	struct stat	 sb;
	char		*dir, *slash;

	dir = xstrdup(path);
	if (parent) {
		if ((slash = strrchr(dir, '/')) == NULL) {
			free(dir);
			return;
		}
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	if (stat(dir, &sb) != 0)
		config_key_error(e, cfg, t, k, "%s%s: %s", parent ?
		    "directory " : "", dir, strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		config_key_error(e, cfg, t, k, "%s: not a directory", dir);
	free(dir);
}

/*
 * For qtmcp -n: the files the configuration names exist and are usable.
 */
int
config_check_files(struct config *cfg, char **cause)
{
	struct config_errors	 e;
	struct target_config	*t;
	const struct config_key	*kcwd, *kcmd, *klauncher, *kprobe, *kout;
	char			*path;
	int			 i;

	memset(&e, 0, sizeof e);
	kcwd = config_key("target", "cwd");
	kcmd = config_key("target", "command");
	klauncher = config_key("target", "launcher");
	kprobe = config_key("target", "probe");
	kout = config_key("target", "output_file");

	if (cfg->log_file != NULL)
		config_check_dir(&e, cfg, NULL, config_key("qtmcp", "log_file"),
		    cfg->log_file, 1);
	for (i = 0; i < cfg->ntargets; i++) {
		t = cfg->targets[i];
		if (t->cwd != NULL)
			config_check_dir(&e, cfg, t, kcwd, t->cwd, 0);
		if (t->command != NULL)
			config_check_program(&e, cfg, t, kcmd, t->command);
		if (t->launcher != NULL)
			config_check_program(&e, cfg, t, klauncher,
			    t->launcher);
		else if ((path = config_find_launcher(NULL)) != NULL)
			free(path);
		else if ((path = util_self_dir()) != NULL) {
			config_key_error(&e, cfg, t, klauncher, "%s not found "
			    "in %s (beside qtmcp) or in PATH", CONFIG_LAUNCHER,
			    path);
			free(path);
		} else {
			config_key_error(&e, cfg, t, klauncher, "%s not found "
			    "in PATH", CONFIG_LAUNCHER);
		}
		if (t->probe != NULL) {
			path = config_target_path(t, t->probe);
			if (!util_is_readable_file(path))
				config_key_error(&e, cfg, t, kprobe, "%s: not "
				    "a readable file", path);
			free(path);
		}
		if (t->output_file != NULL)
			config_check_dir(&e, cfg, t, kout, t->output_file, 1);
	}
	return (config_errors_done(&e, cause));
}

/*
 * What goes between "key =" and the value: a blank, unless the value is
 * empty or starts with ';', which after a blank would start a comment.
 */
static const char *
config_print_sep(const char *v)
{
	return (*v == '\0' || *v == ';' ? "" : " ");
}

static void
config_print_section(struct config *cfg, struct target_config *t, FILE *f)
{
	const struct config_key	*k;
	const char		*section = t != NULL ? "target" : "qtmcp";
	char			*v;
	size_t			 i;
	int			 j;

	for (i = 0; i < nitems(config_table); i++) {
		k = &config_table[i];
		if (strcmp(k->section, section) != 0)
			continue;
		if (k->type == CONFIG_ENV) {
			for (j = 0; j < t->nenv; j++)
				fprintf(f, "%s =%s%s\n", k->name,
				    config_print_sep(t->env[j]), t->env[j]);
			if (t->nenv == 0)
				fprintf(f, "%s =\n", k->name);
			continue;
		}
		if (k->type == CONFIG_PROGRAM && *(char **)((char *)t +
		    k->off) == NULL) {
			fprintf(f, "# %s is not set\n", k->name);
			continue;
		}
		v = config_value_text(cfg, t, k);
		fprintf(f, "%s =%s%s\n", k->name, config_print_sep(v), v);
		free(v);
	}
}

/*
 * For qtmcp -n -v: the effective configuration, every key included, in a
 * form config_load_string reads back to the same configuration.
 */
void
config_print(struct config *cfg, FILE *f)
{
	struct target_config	*t;
	int			 i;

	if (cfg->file != NULL)
		fprintf(f, "# qtmcp configuration: %s, then the environment "
		    "and the command line\n", cfg->file);
	else
		fprintf(f, "# qtmcp configuration: built-in defaults (no "
		    "file), then the environment and the command line\n");
	fprintf(f, "\n[qtmcp]\n");
	config_print_section(cfg, NULL, f);
	for (i = 0; i < cfg->ntargets; i++) {
		t = cfg->targets[i];
		fprintf(f, "\n[target%s%s]\n", *t->name != '\0' ? " " : "",
		    t->name);
		config_print_section(cfg, t, f);
	}
}

/*
 * t-config.c: unit tests of config.c (parsing, every key, every error
 * message, environment and command-line precedence, validation, file
 * checks, printing) and of util.c's size and shell-word helpers.  Also
 * checks that qtmcp.ini(5) and the sample etc/qtmcp.ini name every key.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qtmcp.h"
#include "../tap.h"

static char	tmpdir[] = "/tmp/t-config.XXXXXX";

/* The index of a key in the table, and in the where arrays. */
static int
kidx(const char *name)
{
	const struct config_key	*keys;
	size_t			 n, i;

	keys = config_keys(&n);
	for (i = 0; i < n; i++) {
		if (strcmp(keys[i].name, name) == 0)
			return ((int)i);
	}
	return (0);
}

/* Load text as t.ini into a new config; *cause is NULL on success. */
static struct config *
load(const char *text, char **cause)
{
	struct config	*cfg;

	cfg = config_create();
	*cause = NULL;
	if (config_load_string(cfg, text, "t.ini", cause) == 0)
		*cause = NULL;
	return (cfg);
}

/* The text fails to load with exactly want. */
static void
load_err(const char *text, const char *want, const char *what)
{
	struct config	*cfg;
	char		*cause;

	cfg = load(text, &cause);
	is_str(cause, want, "%s", what);
	free(cause);
	config_free(cfg);
}

/* The text loads. */
static void
load_ok(const char *text, const char *what)
{
	struct config	*cfg;
	char		*cause;

	cfg = load(text, &cause);
	ok(cause == NULL, "%s", what);
	if (cause != NULL)
		diag("  %s", cause);
	free(cause);
	config_free(cfg);
}

/* The text loads and validates, or fails validation with exactly want. */
static void
validate_is(const char *text, const char *want, const char *what)
{
	struct config	*cfg;
	char		*cause;

	cfg = load(text, &cause);
	if (cause != NULL) {
		ok(0, "%s (load)", what);
		diag("  %s", cause);
		free(cause);
		config_free(cfg);
		return;
	}
	if (config_validate(cfg, &cause) == 0)
		cause = NULL;
	is_str(cause, want, "%s", what);
	free(cause);
	config_free(cfg);
}

static char *
print_config(struct config *cfg)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return (xstrdup(""));
	config_print(cfg, f);
	fclose(f);
	return (buf);
}

static int
count_lines(const char *s)
{
	int	n = 1;

	if (s == NULL)
		return (0);
	for (; *s != '\0'; s++)
		n += *s == '\n';
	return (n);
}

static char *
tmp_path(const char *name)
{
	return (util_path_join(tmpdir, name));
}

static void
write_file(const char *path, const char *text, int mode)
{
	int	fd;

	fd = open(path, O_WRONLY|O_CREAT|O_TRUNC, mode);
	if (fd == -1 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		diag("cannot write %s: %s", path, strerror(errno));
	if (fd != -1)
		close(fd);
	chmod(path, mode);
}

static char *
read_file(const char *path)
{
	FILE	*f;
	char	*buf;
	long	 len;

	if ((f = fopen(path, "r")) == NULL)
		return (NULL);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = xmalloc(len + 1);
	buf[fread(buf, 1, len, f)] = '\0';
	fclose(f);
	return (buf);
}

static void
test_size(void)
{
	static const struct {
		const char	*in;
		uint64_t	 want;
	} good[] = {
		{ "0", 0 }, { "512", 512 }, { "1K", 1024 }, { "1k", 1024 },
		{ "2KB", 2048 }, { "3KiB", 3072 }, { "64M", 64ULL << 20 },
		{ "64mib", 64ULL << 20 }, { "1G", 1ULL << 30 },
		{ "5GB", 5ULL << 30 }, { "7B", 7 },
	};
	static const char *bad[] = {
		"", "K", "1.5M", "-1", "1T", "1 K", " 1", "1K ", "0x10",
	};
	uint64_t	 v;
	char		*cause, buf[32];
	size_t		 i;

	for (i = 0; i < nitems(good); i++) {
		v = 0;
		ok(util_parse_size(good[i].in, &v, &cause) == 0 &&
		    v == good[i].want, "size '%s' is %llu", good[i].in,
		    (unsigned long long)good[i].want);
	}
	for (i = 0; i < nitems(bad); i++) {
		cause = NULL;
		ok(util_parse_size(bad[i], &v, &cause) == -1,
		    "size '%s' is refused", bad[i]);
		free(cause);
	}
	util_parse_size("12Q", &v, &cause);
	is_str(cause, "invalid size '12Q': expected a number of bytes with "
	    "an optional K, M or G suffix (for example 512K or 64M)",
	    "size error message");
	free(cause);
	ok(util_parse_size("99999999999999999999", &v, &cause) == -1,
	    "size overflow refused");
	like(cause, "too large", "size overflow says too large");
	free(cause);
	ok(util_parse_size("17179869184G", &v, &cause) == -1,
	    "size overflow with suffix refused");
	free(cause);

	is_str(util_format_size(0, buf, sizeof buf), "0", "format 0");
	is_str(util_format_size(1023, buf, sizeof buf), "1023", "format 1023");
	is_str(util_format_size(1024, buf, sizeof buf), "1K", "format 1K");
	is_str(util_format_size(1536, buf, sizeof buf), "1536", "format 1536");
	is_str(util_format_size(3 << 20, buf, sizeof buf), "3M", "format 3M");
	is_str(util_format_size(1ULL << 30, buf, sizeof buf), "1G",
	    "format 1G");
	is_str(util_format_size(2048ULL << 30, buf, sizeof buf), "2048G",
	    "format 2048G");
}

static void
test_args(void)
{
	static const char *words[] = {
		"", "a", "a b", "it's", "a;b", "a ;b", "$HOME", "\\", "\"",
		"tab\there", "#x", "~", "--opt=v", "x'\"y", " ", ";",
	};
	char	**argv, *q, *cause;
	size_t	  i;
	int	  n;

	argv = util_split_args("  a 'b c'  \"d\\\"e\" f\\ g '' \"\\$\\n\" ",
	    &n, &cause);
	ok(argv != NULL && n == 6, "split: six words");
	if (argv != NULL && n == 6) {
		is_str(argv[0], "a", "split: plain word");
		is_str(argv[1], "b c", "split: single quotes");
		is_str(argv[2], "d\"e", "split: escaped double quote");
		is_str(argv[3], "f g", "split: escaped blank");
		is_str(argv[4], "", "split: empty quotes make an empty word");
		is_str(argv[5], "$\\n", "split: \\$ escaped, \\n kept");
		ok(argv[6] == NULL, "split: NULL-terminated");
	}
	util_free_args(argv);
	argv = util_split_args("a'b'\"c\"d", &n, &cause);
	ok(argv != NULL && n == 1 && strcmp(argv[0], "abcd") == 0,
	    "split: quotes join one word");
	util_free_args(argv);
	argv = util_split_args("   ", &n, &cause);
	ok(argv != NULL && n == 0 && argv[0] == NULL, "split: blanks only");
	util_free_args(argv);
	ok(util_split_args("a 'b", &n, &cause) == NULL, "split: open '");
	is_str(cause, "unterminated single quote", "split: open ' message");
	free(cause);
	ok(util_split_args("a \"b", &n, &cause) == NULL, "split: open \"");
	is_str(cause, "unterminated double quote", "split: open \" message");
	free(cause);
	ok(util_split_args("a\\", &n, &cause) == NULL, "split: final \\");
	is_str(cause, "backslash at the end", "split: final \\ message");
	free(cause);

	for (i = 0; i < nitems(words); i++) {
		q = util_quote_arg(words[i]);
		argv = util_split_args(q, &n, &cause);
		ok(argv != NULL && n == 1 && strcmp(argv[0], words[i]) == 0,
		    "quote/split round trip of '%s' as %s", words[i], q);
		ok(strstr(q, " ;") == NULL && strstr(q, "\t;") == NULL,
		    "quoted '%s' has no blank before a ';'", words[i]);
		util_free_args(argv);
		free(q);
	}
	q = util_quote_arg("plain-word_1.0/x");
	is_str(q, "plain-word_1.0/x", "quote: safe word unchanged");
	free(q);
	q = util_quote_arg("it's");
	is_str(q, "'it'\\''s'", "quote: single quote");
	free(q);
}

static void
test_table(void)
{
	const struct config_key	*keys;
	size_t			 n, i;
	char			*e;
	int			 good;

	keys = config_keys(&n);
	is_int(n, CONFIG_NKEYS, "the table has CONFIG_NKEYS keys");
	for (i = 0; i < n; i++) {
		e = config_key_expect(&keys[i]);
		good = (strcmp(keys[i].section, "qtmcp") == 0 ||
		    strcmp(keys[i].section, "target") == 0) &&
		    keys[i].help != NULL && *keys[i].help != '\0' &&
		    *e != '\0' && (keys[i].deflt != NULL ||
		    strcmp(keys[i].name, "command") == 0);
		ok(good, "key %s.%s: section, help, default, expect",
		    keys[i].section, keys[i].name);
		free(e);
	}
	e = config_key_expect(&keys[0]);
	is_str(e, "native, cu, chrome or all", "expect text of mode");
	free(e);
}

static void
test_mode(void)
{
	int	m = 0;

	is_str(config_mode_name(MODE_NATIVE), "native", "mode name native");
	is_str(config_mode_name(MODE_CU), "cu", "mode name cu");
	is_str(config_mode_name(MODE_CHROME), "chrome", "mode name chrome");
	is_str(config_mode_name(MODE_ALL), "all", "mode name all");
	is_str(config_mode_name(MODE_NATIVE|MODE_CU), "?", "mode name other");
	ok(config_parse_mode("cu", &m) == 0 && m == MODE_CU, "parse cu");
	ok(config_parse_mode("All", &m) == 0 && m == MODE_ALL, "parse All");
	ok(config_parse_mode("chrome", &m) == 0 && m == MODE_CHROME,
	    "parse chrome");
	ok(config_parse_mode("native", &m) == 0 && m == MODE_NATIVE,
	    "parse native");
	ok(config_parse_mode("web", &m) == -1, "parse web refused");
}

static void
test_defaults(void)
{
	struct config		*cfg;
	struct target_config	*t;
	char			*cause = NULL;

	cfg = config_create();
	ok(cfg->file == NULL, "default: no file");
	is_int(cfg->mode, MODE_NATIVE, "default mode native");
	is_str(cfg->ws_url, "ws://localhost:9222", "default ws_url");
	is_int(cfg->log_level, LOG_INFO, "default log_level info");
	ok(cfg->log_file == NULL, "default log_file: stderr");
	is_int(cfg->request_timeout, 30000, "default request_timeout 30s");
	is_int(cfg->ready_timeout, 30000, "default ready_timeout 30s");
	is_int(cfg->allow_remote, 0, "default allow_remote no");
	is_int(cfg->max_message, 64 << 20, "default max_message 64M");
	is_int(cfg->max_image_bytes, 1 << 20, "default max_image_bytes 1M");
	is_int(cfg->max_events, 1000, "default max_events 1000");
	is_int(cfg->ntargets, 0, "default: no target");
	is_int(cfg->default_port, 9222, "default_port 9222");
	ok(cfg->default_launcher != NULL &&
	    (strcmp(cfg->default_launcher, "qtmcp-launch") == 0 ||
	    (strstr(cfg->default_launcher, "/qtmcp-launch") != NULL &&
	    access(cfg->default_launcher, X_OK) == 0)),
	    "default_launcher: qtmcp-launch, found or for PATH");
	ok(config_validate(cfg, &cause) == 0, "the defaults validate");

	t = config_cli_target(cfg, &cause);
	ok(t != NULL && cfg->ntargets == 1, "cli target created");
	is_str(t->name, "", "cli target is unnamed");
	is_int(t->line, 0, "cli target has no line");
	ok(t->command == NULL, "target default: no command");
	ok(t->args != NULL && t->args[0] == NULL && t->nargs == 0,
	    "target default: empty args array");
	ok(t->env != NULL && t->env[0] == NULL && t->nenv == 0,
	    "target default: empty env array");
	ok(t->cwd == NULL, "target default: cwd NULL");
	is_int(t->port, 9222, "target default port 9222");
	ok(t->launcher == NULL, "target default launcher NULL");
	ok(t->probe == NULL, "target default probe NULL");
	is_int(t->restart, RESTART_ON_FAILURE, "target default on-failure");
	is_int(t->backoff_min, 500, "target default backoff_min 500ms");
	is_int(t->backoff_max, 30000, "target default backoff_max 30s");
	is_int(t->stable_time, 10000, "target default stable_time 10s");
	is_int(t->max_restarts, 5, "target default max_restarts 5");
	is_int(t->restart_window, 60000, "target default restart_window");
	is_int(t->stop_signal, SIGTERM, "target default stop_signal TERM");
	is_int(t->stop_timeout, 5000, "target default stop_timeout 5s");
	is_int(t->output_lines, 500, "target default output_lines 500");
	ok(t->output_file == NULL, "target default output_file NULL");
	ok(config_cli_target(cfg, &cause) == t, "cli target: the same one");
	config_free(cfg);
	config_free(NULL);
	ok(1, "config_free(NULL) is a no-op");
}

/* Every key: valid values and their normal form, invalid ones. */
static void
test_keys(void)
{
	static const struct {
		const char	*section;
		const char	*key;
		const char	*value;
		const char	*want;	/* printed line, or the error */
		int		 good;
	} cases[] = {
#define G(s, k, v, w) { s, k, v, w, 1 }
#define B(s, k, v, w) { s, k, v, w, 0 }
	G("qtmcp", "mode", "native", "mode = native"),
	G("qtmcp", "mode", "cu", "mode = cu"),
	G("qtmcp", "mode", "chrome", "mode = chrome"),
	G("qtmcp", "mode", "ALL", "mode = all"),
	B("qtmcp", "mode", "fast", "t.ini:2: mode: invalid value 'fast': "
	    "expected native, cu, chrome or all"),
	B("qtmcp", "mode", "", "t.ini:2: mode: missing value: expected "
	    "native, cu, chrome or all"),

	G("qtmcp", "ws_url", "ws://127.0.0.1:9300/x",
	    "ws_url = ws://127.0.0.1:9300/x"),
	G("qtmcp", "ws_url", "ws://[::1]:9222", "ws_url = ws://[::1]:9222"),
	G("qtmcp", "ws_url", "ws://localhost", "ws_url = ws://localhost"),
	B("qtmcp", "ws_url", "wss://localhost", "t.ini:2: ws_url: invalid "
	    "value 'wss://localhost': wss:// is not supported (the probe "
	    "serves plain WebSocket): use ws://"),
	B("qtmcp", "ws_url", "http://localhost:9222", "t.ini:2: ws_url: "
	    "invalid value 'http://localhost:9222': only ws:// URLs are "
	    "supported"),
	B("qtmcp", "ws_url", "localhost:9222", "t.ini:2: ws_url: invalid "
	    "value 'localhost:9222': expected ws://HOST[:PORT][/PATH]"),
	B("qtmcp", "ws_url", "ws://localhost:0", "t.ini:2: ws_url: invalid "
	    "value 'ws://localhost:0': expected ws://HOST[:PORT][/PATH]"),
	B("qtmcp", "ws_url", "ws://localhost:65536", "t.ini:2: ws_url: "
	    "invalid value 'ws://localhost:65536': expected "
	    "ws://HOST[:PORT][/PATH]"),
	B("qtmcp", "ws_url", "ws://", "t.ini:2: ws_url: invalid value "
	    "'ws://': expected ws://HOST[:PORT][/PATH]"),
	B("qtmcp", "ws_url", "ws://a b", "t.ini:2: ws_url: invalid value "
	    "'ws://a b': expected ws://HOST[:PORT][/PATH]"),
	B("qtmcp", "ws_url", "ws://[::g]:1", "t.ini:2: ws_url: invalid value "
	    "'ws://[::g]:1': expected ws://HOST[:PORT][/PATH]"),
	B("qtmcp", "ws_url", "ws://u@localhost", "t.ini:2: ws_url: invalid "
	    "value 'ws://u@localhost': expected ws://HOST[:PORT][/PATH]"),

	G("qtmcp", "log_level", "debug", "log_level = debug"),
	G("qtmcp", "log_level", "WARNING", "log_level = warning"),
	G("qtmcp", "log_level", "error", "log_level = error"),
	B("qtmcp", "log_level", "verbose", "t.ini:2: log_level: invalid value "
	    "'verbose': expected error, warning, info or debug"),

	G("qtmcp", "log_file", "/tmp/q.log", "log_file = /tmp/q.log"),
	G("qtmcp", "log_file", "", "log_file ="),

	G("qtmcp", "request_timeout", "100ms", "request_timeout = 100ms"),
	G("qtmcp", "request_timeout", "1.5s", "request_timeout = 1500ms"),
	G("qtmcp", "request_timeout", "60m", "request_timeout = 60m"),
	B("qtmcp", "request_timeout", "61m", "t.ini:2: request_timeout: "
	    "'61m' is out of range: expected a duration from 100ms to 60m "
	    "(a number with the unit ms, s or m)"),
	B("qtmcp", "request_timeout", "99ms", "t.ini:2: request_timeout: "
	    "'99ms' is out of range: expected a duration from 100ms to 60m "
	    "(a number with the unit ms, s or m)"),
	B("qtmcp", "request_timeout", "0", "t.ini:2: request_timeout: '0' "
	    "is out of range: expected a duration from 100ms to 60m (a "
	    "number with the unit ms, s or m)"),
	B("qtmcp", "request_timeout", "5", "t.ini:2: request_timeout: "
	    "invalid value '5': expected a duration from 100ms to 60m (a "
	    "number with the unit ms, s or m)"),
	B("qtmcp", "request_timeout", "1h", "t.ini:2: request_timeout: "
	    "invalid value '1h': expected a duration from 100ms to 60m (a "
	    "number with the unit ms, s or m)"),

	G("qtmcp", "ready_timeout", "2m", "ready_timeout = 2m"),
	B("qtmcp", "ready_timeout", "90m", "t.ini:2: ready_timeout: '90m' is "
	    "out of range: expected a duration from 100ms to 60m (a number "
	    "with the unit ms, s or m)"),

	G("qtmcp", "allow_remote", "yes", "allow_remote = yes"),
	G("qtmcp", "allow_remote", "On", "allow_remote = yes"),
	G("qtmcp", "allow_remote", "TRUE", "allow_remote = yes"),
	G("qtmcp", "allow_remote", "1", "allow_remote = yes"),
	G("qtmcp", "allow_remote", "no", "allow_remote = no"),
	G("qtmcp", "allow_remote", "off", "allow_remote = no"),
	G("qtmcp", "allow_remote", "False", "allow_remote = no"),
	G("qtmcp", "allow_remote", "0", "allow_remote = no"),
	B("qtmcp", "allow_remote", "maybe", "t.ini:2: allow_remote: invalid "
	    "value 'maybe': expected yes or no (or true, false, on, off, 1, "
	    "0)"),

	G("qtmcp", "max_message", "1M", "max_message = 1M"),
	G("qtmcp", "max_message", "1048576", "max_message = 1M"),
	G("qtmcp", "max_message", "64MiB", "max_message = 64M"),
	G("qtmcp", "max_message", "1G", "max_message = 1G"),
	B("qtmcp", "max_message", "2G", "t.ini:2: max_message: '2G' is out "
	    "of range: expected a size from 1M to 1G (bytes, or a number "
	    "with the suffix K, M or G)"),
	B("qtmcp", "max_message", "512K", "t.ini:2: max_message: '512K' is "
	    "out of range: expected a size from 1M to 1G (bytes, or a number "
	    "with the suffix K, M or G)"),
	B("qtmcp", "max_message", "12Q", "t.ini:2: max_message: invalid "
	    "value '12Q': expected a size from 1M to 1G (bytes, or a number "
	    "with the suffix K, M or G)"),

	G("qtmcp", "max_image_bytes", "64K", "max_image_bytes = 64K"),
	G("qtmcp", "max_image_bytes", "64M", "max_image_bytes = 64M"),
	B("qtmcp", "max_image_bytes", "65535", "t.ini:2: max_image_bytes: "
	    "'65535' is out of range: expected a size from 64K to 64M (bytes, "
	    "or a number with the suffix K, M or G)"),
	B("qtmcp", "max_image_bytes", "1.5M", "t.ini:2: max_image_bytes: "
	    "invalid value '1.5M': expected a size from 64K to 64M (bytes, "
	    "or a number with the suffix K, M or G)"),

	G("qtmcp", "max_events", "10", "max_events = 10"),
	G("qtmcp", "max_events", "1000000", "max_events = 1000000"),
	B("qtmcp", "max_events", "9", "t.ini:2: max_events: '9' is out of "
	    "range: expected a whole number from 10 to 1000000"),
	B("qtmcp", "max_events", "1000001", "t.ini:2: max_events: '1000001' "
	    "is out of range: expected a whole number from 10 to 1000000"),
	B("qtmcp", "max_events", "-5", "t.ini:2: max_events: '-5' is out of "
	    "range: expected a whole number from 10 to 1000000"),
	B("qtmcp", "max_events", "ten", "t.ini:2: max_events: invalid value "
	    "'ten': expected a whole number from 10 to 1000000"),

	G("target", "command", "/bin/sh", "command = /bin/sh"),
	G("target", "command", "my app", "command = my app"),
	B("target", "command", "", "t.ini:2: command: missing value: "
	    "expected a program path or name"),

	G("target", "args", "a 'b c' \"d\\\"e\" f\\ g ''",
	    "args = a 'b c' 'd\"e' 'f g' ''"),
	G("target", "args", "--x=1 'it'\\''s'", "args = --x=1 'it'\\''s'"),
	G("target", "args", "", "args ="),
	B("target", "args", "a 'b", "t.ini:2: args: invalid value 'a 'b': "
	    "unterminated single quote"),
	B("target", "args", "a \"b", "t.ini:2: args: invalid value 'a \"b': "
	    "unterminated double quote"),
	B("target", "args", "a\\", "t.ini:2: args: invalid value 'a\\': "
	    "backslash at the end"),
	B("target", "args", "'a ;b'", "t.ini:2: args: invalid value ''a': "
	    "unterminated single quote (a ';' after a blank starts a "
	    "comment)"),

	G("target", "cwd", "/tmp", "cwd = /tmp"),
	G("target", "cwd", "", "cwd ="),

	G("target", "env", "A=1", "env = A=1"),
	G("target", "env", "_x9=", "env = _x9="),
	G("target", "env", "B=a=b c", "env = B=a=b c"),
	G("target", "env", "", "env ="),
	B("target", "env", "9A=1", "t.ini:2: env: invalid value '9A=1': "
	    "expected NAME=value, NAME made of letters, digits and _ and not "
	    "starting with a digit"),
	B("target", "env", "A", "t.ini:2: env: invalid value 'A': expected "
	    "NAME=value, NAME made of letters, digits and _ and not starting "
	    "with a digit"),
	B("target", "env", "A-B=1", "t.ini:2: env: invalid value 'A-B=1': "
	    "expected NAME=value, NAME made of letters, digits and _ and not "
	    "starting with a digit"),

	G("target", "port", "1", "port = 1"),
	G("target", "port", "65535", "port = 65535"),
	G("target", "port", "auto", "port = auto"),
	G("target", "port", "AUTO", "port = auto"),
	B("target", "port", "0", "t.ini:2: port: invalid value '0': expected "
	    "a port from 1 to 65535, or auto"),
	B("target", "port", "65536", "t.ini:2: port: invalid value '65536': "
	    "expected a port from 1 to 65535, or auto"),
	B("target", "port", "http", "t.ini:2: port: invalid value 'http': "
	    "expected a port from 1 to 65535, or auto"),
	B("target", "port", "", "t.ini:2: port: missing value: expected a "
	    "port from 1 to 65535, or auto"),

	G("target", "launcher", "/opt/l", "launcher = /opt/l"),
	G("target", "launcher", "qtmcp-launch", "launcher = qtmcp-launch"),
	G("target", "launcher", "", "launcher = qtmcp-launch"),

	G("target", "probe", "/p/libqtmcp-probe.so",
	    "probe = /p/libqtmcp-probe.so"),
	G("target", "probe", "", "probe ="),

	G("target", "restart", "on-failure", "restart = on-failure"),
	G("target", "restart", "ALWAYS", "restart = always"),
	G("target", "restart", "never", "restart = never"),
	B("target", "restart", "sometimes", "t.ini:2: restart: invalid value "
	    "'sometimes': expected on-failure, always or never"),

	G("target", "backoff_min", "0", "backoff_min = 0ms"),
	G("target", "backoff_min", "10m", "backoff_min = 10m"),
	B("target", "backoff_min", "11m", "t.ini:2: backoff_min: '11m' is out "
	    "of range: expected a duration from 0ms to 10m (a number with the "
	    "unit ms, s or m)"),

	G("target", "backoff_max", "60m", "backoff_max = 60m"),
	B("target", "backoff_max", "61m", "t.ini:2: backoff_max: '61m' is out "
	    "of range: expected a duration from 0ms to 60m (a number with the "
	    "unit ms, s or m)"),

	G("target", "stable_time", "0", "stable_time = 0ms"),
	G("target", "stable_time", "45s", "stable_time = 45s"),
	B("target", "stable_time", "61m", "t.ini:2: stable_time: '61m' is out "
	    "of range: expected a duration from 0ms to 60m (a number with the "
	    "unit ms, s or m)"),

	G("target", "max_restarts", "0", "max_restarts = 0"),
	G("target", "max_restarts", "1000", "max_restarts = 1000"),
	B("target", "max_restarts", "1001", "t.ini:2: max_restarts: '1001' is "
	    "out of range: expected a whole number from 0 to 1000"),
	B("target", "max_restarts", "5x", "t.ini:2: max_restarts: invalid "
	    "value '5x': expected a whole number from 0 to 1000"),

	G("target", "restart_window", "1s", "restart_window = 1s"),
	G("target", "restart_window", "1440m", "restart_window = 1440m"),
	B("target", "restart_window", "999ms", "t.ini:2: restart_window: "
	    "'999ms' is out of range: expected a duration from 1s to 1440m "
	    "(a number with the unit ms, s or m)"),
	B("target", "restart_window", "1441m", "t.ini:2: restart_window: "
	    "'1441m' is out of range: expected a duration from 1s to 1440m "
	    "(a number with the unit ms, s or m)"),

	G("target", "stop_signal", "INT", "stop_signal = INT"),
	G("target", "stop_signal", "sigkill", "stop_signal = KILL"),
	G("target", "stop_signal", "15", "stop_signal = TERM"),
	G("target", "stop_signal", "34", "stop_signal = 34"),
	B("target", "stop_signal", "NOPE", "t.ini:2: stop_signal: invalid "
	    "value 'NOPE': expected a signal name or number (for example "
	    "TERM, SIGTERM or 15)"),
	B("target", "stop_signal", "0", "t.ini:2: stop_signal: invalid value "
	    "'0': expected a signal name or number (for example TERM, SIGTERM "
	    "or 15)"),
	B("target", "stop_signal", "65", "t.ini:2: stop_signal: invalid value "
	    "'65': expected a signal name or number (for example TERM, "
	    "SIGTERM or 15)"),

	G("target", "stop_timeout", "0", "stop_timeout = 0ms"),
	G("target", "stop_timeout", "10m", "stop_timeout = 10m"),
	B("target", "stop_timeout", "11m", "t.ini:2: stop_timeout: '11m' is "
	    "out of range: expected a duration from 0ms to 10m (a number with "
	    "the unit ms, s or m)"),

	G("target", "output_lines", "0", "output_lines = 0"),
	G("target", "output_lines", "100000", "output_lines = 100000"),
	B("target", "output_lines", "100001", "t.ini:2: output_lines: "
	    "'100001' is out of range: expected a whole number from 0 to "
	    "100000"),

	G("target", "output_file", "/tmp/o.log", "output_file = /tmp/o.log"),
	G("target", "output_file", "", "output_file ="),
#undef G
#undef B
	};
	const struct config_key	*keys;
	struct config		*cfg;
	char			*text, *cause, *printed, *line;
	size_t			 i, j, n;
	int			 seen;

	for (i = 0; i < nitems(cases); i++) {
		text = xasprintf("[%s]\n%s = %s\n", cases[i].section,
		    cases[i].key, cases[i].value);
		cfg = load(text, &cause);
		if (!cases[i].good) {
			is_str(cause, cases[i].want, "%s = '%s' is refused",
			    cases[i].key, cases[i].value);
		} else if (cause != NULL) {
			ok(0, "%s = '%s' is accepted", cases[i].key,
			    cases[i].value);
			diag("  %s", cause);
		} else {
			printed = print_config(cfg);
			line = xasprintf("\n%s\n", cases[i].want);
			ok(strstr(printed, line) != NULL,
			    "%s = '%s' is accepted and printed as '%s'",
			    cases[i].key, cases[i].value, cases[i].want);
			if (strstr(printed, line) == NULL)
				diag("  printed:\n%s", printed);
			free(line);
			free(printed);
		}
		free(cause);
		free(text);
		config_free(cfg);
	}

	/* Each key of the table has cases here, good and bad. */
	keys = config_keys(&n);
	for (j = 0; j < n; j++) {
		seen = 0;
		for (i = 0; i < nitems(cases); i++) {
			if (strcmp(cases[i].key, keys[j].name) == 0)
				seen |= cases[i].good ? 1 : 2;
		}
		ok(seen == 3 || (seen == 1 && (keys[j].type == CONFIG_PATH)),
		    "key %s has valid and invalid cases", keys[j].name);
	}
}

static void
test_values(void)
{
	struct config		*cfg;
	struct target_config	*t;
	char			*cause;

	cfg = load("[qtmcp]\nmode = all\nrequest_timeout = 2.5s\n"
	    "max_message = 128M\nallow_remote = yes\nlog_level = debug\n"
	    "[target]\ncommand = /bin/app\nargs = -a 'b c'\nenv = A=1\n"
	    "env = B=2\nenv = A=3\nport = auto\nrestart = never\n"
	    "stop_signal = SIGINT\nbackoff_min = 1s\nlauncher = /l\n"
	    "probe = /p.so\ncwd = /w\noutput_file = o.log\n", &cause);
	ok(cause == NULL, "a full file loads");
	free(cause);
	is_int(cfg->mode, MODE_ALL, "mode all");
	is_int(cfg->request_timeout, 2500, "request_timeout 2.5s");
	is_int(cfg->max_message, 128 << 20, "max_message 128M");
	is_int(cfg->allow_remote, 1, "allow_remote yes");
	is_int(cfg->log_level, LOG_DEBUG, "log_level debug");
	is_int(cfg->ntargets, 1, "one target");
	t = cfg->targets[0];
	is_int(t->line, 7, "the target's header line");
	is_str(t->command, "/bin/app", "command");
	is_int(t->nargs, 2, "two args");
	is_str(t->args[1], "b c", "quoted arg");
	is_int(t->nenv, 2, "env: A replaced, B added");
	is_str(t->env[0], "A=3", "env: a later A replaces the earlier one");
	is_str(t->env[1], "B=2", "env: B kept");
	is_int(t->port, 0, "port auto is 0");
	is_int(t->restart, RESTART_NEVER, "restart never");
	is_int(t->stop_signal, SIGINT, "stop_signal SIGINT");
	is_int(t->backoff_min, 1000, "backoff_min 1s");
	is_str(t->launcher, "/l", "launcher");
	is_str(t->probe, "/p.so", "probe");
	is_str(t->cwd, "/w", "cwd");
	is_str(t->output_file, "o.log", "output_file");
	is_str(t->where[kidx("env")], "t.ini:12", "where env was last set");
	is_str(cfg->where[kidx("ws_url")], NULL, "ws_url was not set");
	is_str(cfg->where[kidx("mode")], "t.ini:2", "where mode was set");
	config_free(cfg);

	cfg = load("[target]\ncommand = x\nenv = A=1\nenv =\nenv = B=2\n",
	    &cause);
	ok(cause == NULL && cfg->targets[0]->nenv == 1 &&
	    strcmp(cfg->targets[0]->env[0], "B=2") == 0,
	    "an empty env removes the entries before it");
	free(cause);
	config_free(cfg);
}

static void
test_syntax(void)
{
	struct config	*cfg;
	char		*cause, *text, line[512];

	load_ok("", "an empty file loads");
	load_ok("; comment\n# comment\n\n[qtmcp]\n", "comments only");
	load_ok("[qtmcp]\r\nmode = cu\r\n", "CRLF line ends");
	load_ok("\xef\xbb\xbf[qtmcp]\nmode = cu\n", "a UTF-8 BOM");
	load_ok("[qtmcp]\nmode = cu", "no newline at the end");
	load_ok("[qtmcp]\nmode: cu\n", "key: value");
	load_ok("  [qtmcp]  ; comment\n\tmode = cu ; comment\n",
	    "indentation and inline comments");
	load_ok("[ target  app ]\ncommand = x\n", "blanks in the header");

	cfg = load("[qtmcp]\nmode = cu\n    log_level = debug\n", &cause);
	ok(cause == NULL && cfg->log_level == LOG_DEBUG && cfg->mode == MODE_CU,
	    "an indented line is a key, not a continuation");
	free(cause);
	config_free(cfg);

	cfg = load("[qtmcp]\nmode = chrome ; the chrome tools\n", &cause);
	ok(cause == NULL && cfg->mode == MODE_CHROME,
	    "an inline comment is cut");
	free(cause);
	config_free(cfg);

	load_err("[qtmcp]\nmode native\n", "t.ini:2: syntax error: 'mode "
	    "native' is not a [section], a key = value line or a comment",
	    "a line without '='");
	load_err("[qtmcp]\nthis is a very long line without any equals sign "
	    "in it\n", "t.ini:2: syntax error: 'this is a very long line "
	    "without any...' is not a [section], a key = value line or a "
	    "comment", "a long bad line is cut in the message");
	load_err("[qtmcp]\n= cu\n", "t.ini:2: syntax error: no key before "
	    "'='", "a line without a key");
	load_err("[qtmcp\nmode = cu\n", "t.ini:1: syntax error: no ']' closes "
	    "the section header '[qtmcp'", "a header without ']'");
	load_err("[qtmcp ;]\n", "t.ini:1: syntax error: no ']' closes the "
	    "section header '[qtmcp ;]'", "a comment before ']'");
	load_err("[qtmcp] x\n", "t.ini:1: syntax error: 'x' after the section "
	    "header", "text after the header");
	load_err("mode = cu\n[qtmcp]\n", "t.ini:1: key 'mode' is outside any "
	    "section: put it under [qtmcp] or [target]",
	    "a key before any section");
	load_err("[foo]\nx = 1\n", "t.ini:1: unknown section [foo]: expected "
	    "[qtmcp], [target] or [target NAME]", "an unknown section, its "
	    "keys ignored");
	load_err("[Target]\ncommand = x\n", "t.ini:1: unknown section "
	    "[Target]: expected [qtmcp], [target] or [target NAME]",
	    "section names are case sensitive");
	load_err("[qtmcp x]\nmode = cu\n", "t.ini:1: invalid section [qtmcp "
	    "x]: [qtmcp] takes no name", "[qtmcp] with a name");

	load_err("[qtmcp]\ncomand = x\n", "t.ini:2: unknown key 'comand' in "
	    "[qtmcp]", "an unknown key without a close one");
	load_err("[target]\ncomand = x\n", "t.ini:2: unknown key 'comand' in "
	    "[target]: did you mean 'command'?", "an unknown key with a "
	    "suggestion");
	load_err("[target app]\ncommand = x\nMax_Restarts = 1\n", "t.ini:3: "
	    "unknown key 'Max_Restarts' in [target app]: did you mean "
	    "'max_restarts'?", "keys are case sensitive, with a suggestion");
	load_err("[qtmcp]\nlog level = debug\n", "t.ini:2: unknown key 'log "
	    "level' in [qtmcp]: did you mean 'log_level'?", "a blank for _");
	load_err("[qtmcp]\nxyzzy = 1\n", "t.ini:2: unknown key 'xyzzy' in "
	    "[qtmcp]", "an unknown key");
	load_err("[qtmcp]\nrestart = never\n", "t.ini:2: key 'restart' "
	    "belongs in [target], not [qtmcp]", "a target key in [qtmcp]");
	load_err("[target]\ncommand = x\nmode = cu\n", "t.ini:3: key 'mode' "
	    "belongs in [qtmcp], not [target]", "a [qtmcp] key in [target]");

	load_err("[qtmcp]\nmode = cu\nmode = all\n", "t.ini:3: duplicate key "
	    "'mode' in [qtmcp]: already set at line 2", "a duplicate key");
	load_err("[target a]\ncommand = x\nport = 1\nport = 2\n", "t.ini:4: "
	    "duplicate key 'port' in [target a]: already set at line 3",
	    "a duplicate key in a target");
	load_err("[qtmcp]\nmode = cu\n[qtmcp]\nmode = all\n", "t.ini:3: "
	    "duplicate section [qtmcp]: already at line 1\nt.ini:4: "
	    "duplicate key 'mode' in [qtmcp]: already set at line 2",
	    "a duplicate section, and a key set in both");
	load_err("[target a]\ncommand = x\n[target b]\ncommand = y\n"
	    "[target a]\nport = 1\n", "t.ini:5: duplicate section [target "
	    "a]: already at line 1", "a duplicate target section");
	load_err("[target]\ncommand = x\n[target]\nport = 1\n", "t.ini:3: "
	    "duplicate section [target]: already at line 1",
	    "a duplicate [target]");

	load_err("[target a]\n[target b]\ncommand = x\n", "t.ini:1: empty "
	    "section [target a]: set at least command",
	    "an empty target section");
	load_err("[target b]\ncommand = x\n[target a]\n; nothing\n",
	    "t.ini:3: empty section [target a]: set at least command",
	    "an empty target section at the end");
	load_ok("[qtmcp]\n[target]\ncommand = x\n", "an empty [qtmcp] is fine");

	load_err("[target]\ncommand = x\n[target b]\ncommand = y\n",
	    "t.ini:3: [target b] cannot be mixed with the unnamed [target] "
	    "at line 1: name every target", "[target] then [target NAME]");
	load_err("[target a]\ncommand = x\n[target]\ncommand = y\n"
	    "[target b]\ncommand = z\n", "t.ini:3: [target] cannot be mixed "
	    "with named [target NAME] sections (line 1): name every target",
	    "[target NAME] then [target], reported once");

	load_err("[target a b]\ncommand = x\n", "t.ini:1: invalid target name "
	    "'a b': use at most 32 letters, digits, '-' and '_'",
	    "a target name with a blank");
	load_err("[target x.y]\ncommand = x\n", "t.ini:1: invalid target name "
	    "'x.y': use at most 32 letters, digits, '-' and '_'",
	    "a target name with a dot");
	load_err("[target abcdefghijklmnopqrstuvwxyz0123456]\ncommand = x\n",
	    "t.ini:1: invalid target name 'abcdefghijklmnopqrstuvwxyz0123456'"
	    ": use at most 32 letters, digits, '-' and '_'",
	    "a 33-character target name");
	load_ok("[target abcdefghijklmnopqrstuvwxyz012345]\ncommand = x\n",
	    "a 32-character target name");
	load_ok("[target My_App-2]\ncommand = x\n", "letters, digits, - and _");

	/* Lines of 197 bytes are fine, 198 too long. */
	snprintf(line, sizeof line, "args = %0190d", 0);
	is_int(strlen(line), 197, "a 197-byte line");
	text = xasprintf("[target]\ncommand = x\n%s\n", line);
	load_ok(text, "a 197-byte line loads");
	free(text);
	text = xasprintf("[target]\ncommand = x\n%s\r\n", line);
	load_ok(text, "a 197-byte line with CRLF loads");
	free(text);
	text = xasprintf("[target]\ncommand = x\n%s0\n", line);
	load_err(text, "t.ini:3: args: line too long: 198 bytes, the limit is "
	    "197", "a 198-byte line is refused, naming the key");
	free(text);
	text = xasprintf("[target]\ncommand = x\n  %s\n", line);
	load_err(text, "t.ini:3: args: line too long: 199 bytes, the limit is "
	    "197", "leading blanks count");
	free(text);
	text = xasprintf("[qtmcp]\n%0250d\n", 0);
	load_err(text, "t.ini:2: line too long: 250 bytes, the limit is 197",
	    "a long line without a key");
	free(text);
	text = xasprintf("[qtmcp]\n; %0250d\n# %0300d\n", 0, 0);
	load_ok(text, "long comments are fine");
	free(text);
	text = xasprintf("[target %0200d]\ncommand = x\n", 0);
	load_err(text, "t.ini:1: line too long: 209 bytes, the limit is 197",
	    "a long header: its keys are ignored");
	free(text);

	/* Every error is reported, one a line. */
	cfg = load("mode = x\n[qtmcp]\nmode = fast\nbad\nlog_level = x\n"
	    "[nope]\n[target]\ncomand = 1\nport = 0\n", &cause);
	is_int(count_lines(cause), 7, "seven errors, seven lines");
	is_str(cause, "t.ini:1: key 'mode' is outside any section: put it "
	    "under [qtmcp] or [target]\n"
	    "t.ini:3: mode: invalid value 'fast': expected native, cu, chrome "
	    "or all\n"
	    "t.ini:4: syntax error: 'bad' is not a [section], a key = value "
	    "line or a comment\n"
	    "t.ini:5: log_level: invalid value 'x': expected error, warning, "
	    "info or debug\n"
	    "t.ini:6: unknown section [nope]: expected [qtmcp], [target] or "
	    "[target NAME]\n"
	    "t.ini:8: unknown key 'comand' in [target]: did you mean "
	    "'command'?\n"
	    "t.ini:9: port: invalid value '0': expected a port from 1 to "
	    "65535, or auto", "all the errors, in order");
	free(cause);
	config_free(cfg);
}

static void
test_files(void)
{
	struct config	*cfg;
	char		*path, *cause, *want;
	int		 fd;

	path = tmp_path("a.ini");
	write_file(path, "[qtmcp]\nmode = cu\n", 0644);
	cfg = config_create();
	ok(config_load_file(cfg, path, &cause) == 0 && cfg->mode == MODE_CU,
	    "config_load_file reads a file");
	is_str(cfg->file, path, "config->file is the path");
	config_free(cfg);

	write_file(path, "[qtmcp]\nmode = x\n", 0644);
	cfg = config_create();
	ok(config_load_file(cfg, path, &cause) == -1, "a bad file");
	want = xasprintf("%s:2: mode: invalid value 'x': expected native, cu, "
	    "chrome or all", path);
	is_str(cause, want, "errors name the file's path");
	free(want);
	free(cause);
	config_free(cfg);

	fd = open(path, O_WRONLY|O_TRUNC);
	if (fd != -1) {
		if (write(fd, "[qtmcp]\nmode = c\0u\n", 19) != 19)
			diag("short write");
		close(fd);
	}
	cfg = config_create();
	ok(config_load_file(cfg, path, &cause) == -1, "a NUL byte");
	want = xasprintf("%s:2: the line contains a NUL byte", path);
	is_str(cause, want, "a NUL byte is reported");
	free(want);
	free(cause);
	config_free(cfg);
	free(path);

	cfg = config_create();
	path = tmp_path("none.ini");
	ok(config_load_file(cfg, path, &cause) == -1, "a missing file");
	want = xasprintf("%s: No such file or directory", path);
	is_str(cause, want, "a missing file: path: strerror");
	free(want);
	free(cause);
	free(path);
	ok(config_load_file(cfg, tmpdir, &cause) == -1, "a directory");
	want = xasprintf("%s: Is a directory", tmpdir);
	is_str(cause, want, "a directory: path: strerror");
	free(want);
	free(cause);
	config_free(cfg);
}

static void
test_find_file(void)
{
	struct stat	 sb;
	char		*path, *cause, *xdg, *home, *want, *sys;

	xdg = tmp_path("xdg");
	home = tmp_path("home");
	mkdir(xdg, 0755);
	path = tmp_path("xdg/qtmcp");
	mkdir(path, 0755);
	free(path);
	path = tmp_path("home");
	mkdir(path, 0755);
	free(path);
	path = tmp_path("home/.config");
	mkdir(path, 0755);
	free(path);
	path = tmp_path("home/.config/qtmcp");
	mkdir(path, 0755);
	free(path);
	path = tmp_path("xdg/qtmcp/qtmcp.ini");
	write_file(path, "[qtmcp]\n", 0644);
	free(path);

	unsetenv("QTMCP_CONFIG");
	setenv("XDG_CONFIG_HOME", xdg, 1);
	setenv("HOME", home, 1);
	path = config_find_file(&cause);
	want = tmp_path("xdg/qtmcp/qtmcp.ini");
	is_str(path, want, "$XDG_CONFIG_HOME/qtmcp/qtmcp.ini");
	free(want);
	free(path);

	want = tmp_path("home/.config/qtmcp/qtmcp.ini");
	write_file(want, "[qtmcp]\n", 0644);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	path = config_find_file(&cause);
	is_str(path, want, "a relative XDG_CONFIG_HOME is ignored: ~/.config");
	free(path);
	unsetenv("XDG_CONFIG_HOME");
	path = config_find_file(&cause);
	is_str(path, want, "no XDG_CONFIG_HOME: ~/.config/qtmcp/qtmcp.ini");
	free(path);

	setenv("QTMCP_CONFIG", want, 1);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	path = config_find_file(&cause);
	is_str(path, want, "QTMCP_CONFIG comes first");
	free(path);
	unlink(want);
	free(want);

	path = config_find_file(&cause);
	ok(path == NULL, "QTMCP_CONFIG names a missing file: NULL");
	want = xasprintf("QTMCP_CONFIG: %s/home/.config/qtmcp/qtmcp.ini: No "
	    "such file or directory", tmpdir);
	is_str(cause, want, "and an error");
	free(want);
	free(cause);

	unsetenv("QTMCP_CONFIG");
	setenv("XDG_CONFIG_HOME", home, 1);
	path = config_find_file(&cause);
	sys = xstrdup(QTMCP_SYSCONFDIR "/qtmcp.ini");
	if (stat(sys, &sb) == 0)
		is_str(path, sys, "nothing else: the system file");
	else
		ok(path == NULL && cause == NULL, "no file at all is fine");
	free(sys);
	free(path);

	path = tmp_path("xdg/qtmcp/qtmcp.ini");
	unlink(path);
	free(path);
	free(xdg);
	free(home);
	unsetenv("XDG_CONFIG_HOME");
}

static void
test_env(void)
{
	struct config		*cfg;
	struct target_config	*t;
	char			*cause, *p1;

	unsetenv("QTMCP_WS_URL");
	unsetenv("QTMCP_PORT");
	unsetenv("QTMCP_LAUNCHER");

	/* One target: QTMCP_PORT beats the file. */
	cfg = load("[target]\ncommand = x\nport = 9300\n", &cause);
	setenv("QTMCP_PORT", "9400", 1);
	setenv("QTMCP_WS_URL", "ws://127.0.0.1:9401", 1);
	setenv("QTMCP_LAUNCHER", "/opt/launch", 1);
	ok(config_apply_env(cfg, &cause) == 0, "the environment applies");
	t = cfg->targets[0];
	is_int(t->port, 9400, "QTMCP_PORT beats the file's port");
	is_str(t->where[kidx("port")], "QTMCP_PORT",
	    "the port comes from QTMCP_PORT");
	is_int(cfg->default_port, 9400, "QTMCP_PORT is the default port");
	is_str(cfg->ws_url, "ws://127.0.0.1:9401", "QTMCP_WS_URL");
	is_str(t->launcher, "/opt/launch", "QTMCP_LAUNCHER");
	is_str(cfg->default_launcher, "/opt/launch", "default_launcher");
	ok(config_set(cfg, t, "port", "9500", "--port", &cause) == 0 &&
	    t->port == 9500, "the command line beats the environment");
	is_str(t->where[kidx("port")], "--port", "the port comes from --port");
	ok(config_set(cfg, t, "port", " 9600 ", "--port", &cause) == 0 &&
	    t->port == 9600, "config_set trims the value");
	config_free(cfg);

	/* Several targets: their ports stay, the launcher changes. */
	cfg = load("[target a]\ncommand = x\n[target b]\ncommand = y\n"
	    "port = 9301\n", &cause);
	ok(config_apply_env(cfg, &cause) == 0, "environment, two targets");
	is_int(cfg->targets[0]->port, 9222, "a: the file's (default) port");
	is_int(cfg->targets[1]->port, 9301, "b: the file's port");
	is_str(cfg->targets[1]->launcher, "/opt/launch",
	    "QTMCP_LAUNCHER for every target");
	is_int(cfg->default_port, 9400, "but the default port changes");
	config_free(cfg);

	/* No target: the command line's gets the environment's values. */
	cfg = config_create();
	ok(config_apply_env(cfg, &cause) == 0, "environment, no target");
	t = config_cli_target(cfg, &cause);
	is_int(t->port, 9400, "a new target gets QTMCP_PORT");
	is_str(t->where[kidx("port")], "QTMCP_PORT", "and says so");
	is_str(t->launcher, "/opt/launch", "and QTMCP_LAUNCHER");
	is_str(t->where[kidx("launcher")], "QTMCP_LAUNCHER", "and says so");
	config_free(cfg);

	setenv("QTMCP_LAUNCHER", "qtmcp-launch", 1);
	cfg = load("[target]\ncommand = x\nlauncher = /l\n", &cause);
	p1 = xstrdup(cfg->default_launcher);
	ok(config_apply_env(cfg, &cause) == 0 &&
	    cfg->targets[0]->launcher == NULL &&
	    strcmp(cfg->default_launcher, p1) == 0,
	    "QTMCP_LAUNCHER=qtmcp-launch is the default launcher");
	free(p1);
	config_free(cfg);
	cfg = config_create();
	config_apply_env(cfg, &cause);
	t = config_cli_target(cfg, &cause);
	ok(t->launcher == NULL && t->where[kidx("launcher")] == NULL,
	    "which new targets get too");
	config_free(cfg);

	setenv("QTMCP_PORT", "", 1);
	setenv("QTMCP_WS_URL", "", 1);
	setenv("QTMCP_LAUNCHER", "", 1);
	cfg = load("[target]\ncommand = x\nport = 9300\n", &cause);
	ok(config_apply_env(cfg, &cause) == 0 &&
	    cfg->targets[0]->port == 9300 && cfg->default_port == 9222,
	    "empty variables are unset");
	config_free(cfg);

	setenv("QTMCP_PORT", "0", 1);
	setenv("QTMCP_WS_URL", "wss://x", 1);
	cfg = config_create();
	ok(config_apply_env(cfg, &cause) == -1, "bad variables");
	is_str(cause, "QTMCP_WS_URL: ws_url: invalid value 'wss://x': wss:// "
	    "is not supported (the probe serves plain WebSocket): use ws://\n"
	    "QTMCP_PORT: invalid value '0': expected a port from 1 to 65535",
	    "each bad variable named, one a line");
	free(cause);
	config_free(cfg);
	setenv("QTMCP_PORT", "auto", 1);
	unsetenv("QTMCP_WS_URL");
	cfg = config_create();
	ok(config_apply_env(cfg, &cause) == -1, "QTMCP_PORT=auto is refused");
	free(cause);
	config_free(cfg);
	unsetenv("QTMCP_PORT");
	unsetenv("QTMCP_LAUNCHER");
}

static void
test_set(void)
{
	struct config		*cfg;
	struct target_config	*t;
	char			*cause;

	cfg = config_create();
	ok(config_set(cfg, NULL, "mode", "chrome", "--mode", &cause) == 0 &&
	    cfg->mode == MODE_CHROME, "config_set mode");
	is_str(cfg->where[kidx("mode")], "--mode", "where: the origin");
	ok(config_set(cfg, NULL, "mode", "x", "--mode", &cause) == -1,
	    "config_set refuses a bad value");
	is_str(cause, "--mode: mode: invalid value 'x': expected native, cu, "
	    "chrome or all", "the origin starts the message");
	free(cause);
	is_int(cfg->mode, MODE_CHROME, "a refused value changes nothing");
	ok(config_set(cfg, NULL, "comand", "x", "-o", &cause) == -1,
	    "config_set: unknown key");
	is_str(cause, "-o: unknown key 'comand' in [qtmcp]", "unknown key");
	free(cause);
	ok(config_set(cfg, NULL, "command", "x", "-o", &cause) == -1,
	    "config_set: a target key without a target");
	is_str(cause, "-o: key 'command' belongs in [target], not [qtmcp]",
	    "a target key in [qtmcp]");
	free(cause);
	ok(config_set(cfg, NULL, "log_file", "a\nb", "--log-file",
	    &cause) == -1, "a line break is refused");
	is_str(cause, "--log-file: log_file: invalid value: line breaks are "
	    "not allowed", "line break message");
	free(cause);
	ok(config_set(cfg, NULL, "max_events", "5", NULL, &cause) == -1,
	    "no origin");
	is_str(cause, "max_events: '5' is out of range: expected a whole "
	    "number from 10 to 1000000", "no origin: no prefix");
	free(cause);

	t = config_cli_target(cfg, &cause);
	ok(config_set(cfg, t, "command", "/bin/app", "--target", &cause) == 0,
	    "config_set command");
	ok(config_set(cfg, t, "args", "a 'b c'", "--args", &cause) == 0 &&
	    t->nargs == 2, "config_set args");
	ok(config_set(cfg, t, "env", "X=1", "--env", &cause) == 0 &&
	    config_set(cfg, t, "env", "Y=2", "--env", &cause) == 0 &&
	    t->nenv == 2, "config_set env twice adds");
	ok(config_set(cfg, t, "mode", "cu", "--mode", &cause) == -1,
	    "a [qtmcp] key on a target");
	is_str(cause, "--mode: key 'mode' belongs in [qtmcp], not [target]",
	    "a [qtmcp] key on a target: message");
	free(cause);
	ok(config_validate(cfg, &cause) == 0, "the result validates");
	config_free(cfg);
}

static void
test_cli_target(void)
{
	struct config		*cfg;
	struct target_config	*t;
	char			*cause;

	cfg = load("[target app]\ncommand = x\n", &cause);
	t = config_cli_target(cfg, &cause);
	ok(t == cfg->targets[0] && cfg->ntargets == 1,
	    "--target applies to the only target");
	config_free(cfg);

	cfg = load("[target a]\ncommand = x\n[target b]\ncommand = y\n",
	    &cause);
	ok(config_cli_target(cfg, &cause) == NULL, "several targets: NULL");
	is_str(cause, "--target cannot be combined with a configuration that "
	    "defines several targets (t.ini defines 2)", "and an error");
	free(cause);
	config_free(cfg);
}

static void
test_validate(void)
{
	struct config		*cfg;
	struct target_config	*t;
	char			*cause;

	validate_is("[target]\ncommand = x\n", NULL, "a minimal target");
	validate_is("[target app]\nport = 9300\n", "t.ini:1: [target app] has "
	    "no command: set command = PROGRAM", "a target without command");
	validate_is("[target]\ncommand = x\nbackoff_min = 40s\n", "t.ini:3: "
	    "backoff_min: 40s is larger than backoff_max (30s)",
	    "backoff_min > backoff_max, the min set");
	validate_is("[target]\ncommand = x\nbackoff_max = 100ms\n", "t.ini:3: "
	    "backoff_max: 100ms is smaller than backoff_min (500ms)",
	    "backoff_min > backoff_max, the max set");
	validate_is("[target]\ncommand = x\nbackoff_min = 1s\n"
	    "backoff_max = 1s\n", NULL, "backoff_min = backoff_max");

	validate_is("[target a]\ncommand = x\n[target b]\ncommand = y\n",
	    "t.ini:3: port: [target b] and [target a] (line 1) both use port "
	    "9222: give each target its own port, or port = auto",
	    "two targets on the default port");
	validate_is("[target a]\ncommand = x\nport = 9300\n[target b]\n"
	    "command = y\nport = 9300\n", "t.ini:6: port: [target b] and "
	    "[target a] (line 1) both use port 9300: give each target its own "
	    "port, or port = auto", "two targets on the same port");
	validate_is("[target a]\ncommand = x\nport = auto\n[target b]\n"
	    "command = y\nport = auto\n", NULL, "two targets on auto ports");
	validate_is("[target a]\ncommand = x\nport = 9301\n[target b]\n"
	    "command = y\nport = 9302\n[target c]\ncommand = z\n", NULL,
	    "three targets on their own ports");

	validate_is("[qtmcp]\nws_url = ws://192.0.2.7:9222\n", "t.ini:2: "
	    "ws_url: host '192.0.2.7' is not a loopback address: the probe "
	    "has no authentication, so qtmcp connects only to 127.0.0.0/8, "
	    "::1 or localhost unless allow_remote = yes",
	    "a remote ws_url is refused");
	validate_is("[qtmcp]\nws_url = ws://192.0.2.7:9222\n"
	    "allow_remote = yes\n", NULL, "allowed with allow_remote");
	load_err("[qtmcp]\nws_url = ws://example.com:9222\n"
	    "allow_remote = yes\n", "t.ini:2: ws_url: invalid value "
	    "'ws://example.com:9222': use a numeric address or localhost (qtmcp "
	    "does not look host names up)", "a host name is refused, as at run "
	    "time");
	validate_is("[qtmcp]\nws_url = ws://10.0.0.1\n", "t.ini:2: ws_url: "
	    "host '10.0.0.1' is not a loopback address: the probe has no "
	    "authentication, so qtmcp connects only to 127.0.0.0/8, ::1 or "
	    "localhost unless allow_remote = yes", "10.0.0.1 is remote");
	validate_is("[qtmcp]\nws_url = ws://128.0.0.1\n", "t.ini:2: ws_url: "
	    "host '128.0.0.1' is not a loopback address: the probe has no "
	    "authentication, so qtmcp connects only to 127.0.0.0/8, ::1 or "
	    "localhost unless allow_remote = yes", "128.0.0.1 is remote");
	validate_is("[qtmcp]\nws_url = ws://[::2]:1\n", "t.ini:2: ws_url: "
	    "host '::2' is not a loopback address: the probe has no "
	    "authentication, so qtmcp connects only to 127.0.0.0/8, ::1 or "
	    "localhost unless allow_remote = yes", "::2 is remote");
	validate_is("[qtmcp]\nws_url = ws://127.1.2.3:9222/p\n", NULL,
	    "127.1.2.3 is loopback");
	validate_is("[qtmcp]\nws_url = ws://[::1]:9222\n", NULL,
	    "::1 is loopback");
	validate_is("[qtmcp]\nws_url = ws://[::ffff:127.0.0.1]:9222\n", NULL,
	    "::ffff:127.0.0.1 is loopback");
	validate_is("[qtmcp]\nws_url = ws://LocalHost\n", NULL,
	    "localhost, any case, is loopback");

	cfg = config_create();
	setenv("QTMCP_WS_URL", "ws://192.168.1.2:9222", 1);
	config_apply_env(cfg, &cause);
	unsetenv("QTMCP_WS_URL");
	ok(config_validate(cfg, &cause) == -1, "a remote QTMCP_WS_URL");
	like(cause, "QTMCP_WS_URL: ws_url: host '192.168.1.2' is not a "
	    "loopback address", "the error names the variable");
	free(cause);

	/* Values set directly are checked against the table too. */
	cfg->max_events = 5;
	free(cfg->ws_url);
	cfg->ws_url = xstrdup("ftp://x");
	t = config_cli_target(cfg, &cause);
	t->output_lines = 200000;
	t->command = xstrdup("x");
	ok(config_validate(cfg, &cause) == -1, "bad values set directly");
	is_str(cause, "QTMCP_WS_URL: ws_url: invalid value 'ftp://x': only "
	    "ws:// URLs are supported\n"
	    "max_events: '5' is out of range: expected a whole number from 10 "
	    "to 1000000\n"
	    "output_lines: '200000' is out of range: expected a whole number "
	    "from 0 to 100000", "each reported");
	free(cause);
	config_free(cfg);

	cfg = load("[target a]\nport = 1\n[target b]\ncommand = y\n"
	    "port = 1\nbackoff_min = 1m\n", &cause);
	ok(config_validate(cfg, &cause) == -1, "several problems");
	is_int(count_lines(cause), 3, "all of them, one a line");
	free(cause);
	config_free(cfg);
}

static void
test_check_files(void)
{
	struct config	*cfg;
	char		*cause, *text, *want, *exe, *plain, *bin, *empty;
	char		*oldpath, *launcher, *self;

	oldpath = xstrdup(getenv("PATH") != NULL ? getenv("PATH") :
	    "/usr/bin:/bin");
	exe = tmp_path("app");
	write_file(exe, "#!/bin/sh\nexit 0\n", 0755);
	plain = tmp_path("plain");
	write_file(plain, "data\n", 0644);
	bin = tmp_path("bin");
	mkdir(bin, 0755);
	launcher = tmp_path("bin/qtmcp-launch");
	write_file(launcher, "#!/bin/sh\nexit 0\n", 0755);
	empty = tmp_path("empty");
	mkdir(empty, 0755);

	/* Everything present; the default launcher found in PATH. */
	text = xasprintf("[qtmcp]\nlog_file = %s/q.log\n[target]\n"
	    "command = %s\ncwd = %s\nprobe = plain\noutput_file = o.log\n",
	    tmpdir, exe, tmpdir);
	cfg = load(text, &cause);
	free(text);
	text = xasprintf("%s:%s", bin, oldpath);
	setenv("PATH", text, 1);
	free(text);
	cause = NULL;
	ok(config_check_files(cfg, &cause) == 0, "everything is there");
	if (cause != NULL)
		diag("  %s", cause);
	config_free(cfg);

	cfg = load("[target]\ncommand = sh\nlauncher = /bin/sh\n", &cause);
	ok(config_check_files(cfg, &cause) == 0, "a command found in PATH");
	config_free(cfg);

	text = xasprintf("[target]\ncommand = ./app\ncwd = %s\n", tmpdir);
	cfg = load(text, &cause);
	free(text);
	ok(config_check_files(cfg, &cause) == 0,
	    "a relative command is taken from cwd");
	config_free(cfg);

	/* Everything missing. */
	setenv("PATH", empty, 1);
	text = xasprintf("[qtmcp]\nlog_file = /nonexistent/q.log\n"
	    "[target a]\ncommand = no-such-program-xyz\ncwd = %s\n"
	    "probe = /nonexistent/p.so\noutput_file = /nonexistent/o.log\n"
	    "[target b]\ncommand = %s\nlauncher = %s\nport = 1\n"
	    "[target c]\ncommand = /nonexistent/app\nlauncher = qtmcp-launch\n"
	    "cwd = %s\nport = 2\n", plain, tmpdir, plain, empty);
	cfg = load(text, &cause);
	free(text);
	ok(config_check_files(cfg, &cause) == -1, "everything missing");
	self = util_self_dir();
	want = xasprintf("t.ini:2: log_file: directory /nonexistent: No such "
	    "file or directory\n"
	    "t.ini:5: cwd: %s: not a directory\n"
	    "t.ini:4: command: 'no-such-program-xyz' not found in PATH\n"
	    "t.ini:3: launcher: qtmcp-launch not found in %s (beside qtmcp) "
	    "or in PATH\n"
	    "t.ini:6: probe: /nonexistent/p.so: not a readable file\n"
	    "t.ini:7: output_file: directory /nonexistent: No such file or "
	    "directory\n"
	    "t.ini:9: command: %s: is a directory\n"
	    "t.ini:10: launcher: %s: not executable\n"
	    "t.ini:13: command: /nonexistent/app: No such file or directory\n"
	    "t.ini:14: launcher: qtmcp-launch not found in %s (beside qtmcp) "
	    "or in PATH", plain, self, tmpdir, plain, self);
	free(self);
	is_str(cause, want, "each problem, one a line");
	free(want);
	free(cause);
	config_free(cfg);

	setenv("PATH", oldpath, 1);
	free(oldpath);
	unlink(exe);
	unlink(plain);
	unlink(launcher);
	rmdir(bin);
	rmdir(empty);
	free(exe);
	free(plain);
	free(launcher);
	free(bin);
	free(empty);
}

static void
test_print(void)
{
	static const char *words[] = {
		"plain", "two words", "", "it's", "a ;b", "x;y", "$HOME",
		"back\\slash", "dq\"", "tab\there", "#hash", "~",
	};
	struct config		*cfg, *again;
	struct target_config	*t, *u;
	char			*cause, *p1, *p2, *tmp;
	size_t			 i;
	int			 j, same;

	/* The defaults. */
	cfg = config_create();
	p1 = print_config(cfg);
	ok(strncmp(p1, "# qtmcp configuration: built-in defaults", 40) == 0,
	    "the print-out starts with a comment naming no file");
	again = load(p1, &cause);
	ok(cause == NULL, "the default print-out loads");
	free(cause);
	p2 = print_config(again);
	tmp = strchr(p1, '\n');
	ok(tmp != NULL && strstr(p2, tmp) != NULL,
	    "and prints the same, but for the file name");
	free(p1);
	free(p2);
	config_free(again);
	config_free(cfg);

	/* A full configuration, with tricky arguments from the CLI. */
	cfg = load("[qtmcp]\nmode = cu\nws_url = ws://[::1]:9300/p\n"
	    "log_level = warning\nlog_file = /tmp/q.log\n"
	    "request_timeout = 1500ms\nready_timeout = 2m\nallow_remote = on\n"
	    "max_message = 1536K\nmax_image_bytes = 65536\nmax_events = 77\n"
	    "[target one]\ncommand = /bin/one\ncwd = /tmp\nenv = A=1\n"
	    "env = B=x y=z\nport = auto\nlauncher = /opt/l\nprobe = /p.so\n"
	    "restart = always\nbackoff_min = 0\nbackoff_max = 90s\n"
	    "stable_time = 1m\nmax_restarts = 0\nrestart_window = 24s\n"
	    "stop_signal = 10\nstop_timeout = 250ms\noutput_lines = 0\n"
	    "output_file = /tmp/one.log\n"
	    "[target two]\ncommand = two\nport = 9555\n", &cause);
	ok(cause == NULL, "a full configuration loads");
	free(cause);
	t = cfg->targets[0];
	util_free_args(t->args);
	t->args = xcalloc(nitems(words) + 1, sizeof *t->args);
	for (i = 0; i < nitems(words); i++)
		t->args[i] = xstrdup(words[i]);
	t->nargs = nitems(words);
	p1 = print_config(cfg);
	ok(strncmp(p1, "# qtmcp configuration: t.ini,", 29) == 0,
	    "the print-out names the file");
	again = load(p1, &cause);
	ok(cause == NULL, "the print-out loads");
	if (cause != NULL)
		diag("  %s\n%s", cause, p1);
	free(cause);
	p2 = print_config(again);
	is_str(p2, p1, "print, load, print: the same text");
	ok(config_validate(again, &cause) == 0, "and it validates");
	u = again->targets[0];
	same = u->nargs == t->nargs;
	for (j = 0; same && j < t->nargs; j++)
		same = strcmp(u->args[j], t->args[j]) == 0;
	ok(same, "every tricky argument survives the round trip");
	same = u->nenv == t->nenv;
	for (j = 0; same && j < t->nenv; j++)
		same = strcmp(u->env[j], t->env[j]) == 0;
	ok(same, "every env entry survives the round trip");
	ok(again->mode == cfg->mode && again->max_message == cfg->max_message &&
	    again->max_image_bytes == cfg->max_image_bytes &&
	    again->request_timeout == cfg->request_timeout &&
	    again->allow_remote == cfg->allow_remote && u->port == 0 &&
	    u->stop_signal == t->stop_signal && u->restart == RESTART_ALWAYS &&
	    u->backoff_max == 90000 && u->restart_window == 24000 &&
	    again->ntargets == 2 && again->targets[1]->port == 9555,
	    "the values survive the round trip");
	like(p1, "\nrestart_window = 24s\n", "durations printed normalized");
	like(p1, "\nmax_message = 1536K\n", "sizes printed normalized");
	like(p1, "\nstop_signal = USR1\n", "signals printed by name");
	like(p1, "\n[target two]\ncommand = two\n", "named sections");
	like(p1, "\nenv = A=1\nenv = B=x y=z\n", "one env line an entry");
	free(p1);
	free(p2);
	config_free(again);

	/* An unset command is printed as a comment. */
	config_free(cfg);
	cfg = config_create();
	config_cli_target(cfg, &cause);
	p1 = print_config(cfg);
	like(p1, "\n[target]\n# command is not set\n",
	    "an unset command is a comment");
	free(p1);
	config_free(cfg);
}

/* Every key of the table is in the man page and in the sample. */
static void
test_docs(void)
{
	const struct config_key	*keys;
	struct config		*cfg;
	const char		*top;
	char			*path, *man, *sample, *want, *line, *cause;
	size_t			 n, i;
	int			 found;

	if ((top = getenv("top_srcdir")) == NULL)
		top = ".";
	path = xasprintf("%s/man/qtmcp.ini.5", top);
	man = read_file(path);
	ok(man != NULL, "man/qtmcp.ini.5 is readable");
	free(path);
	path = xasprintf("%s/etc/qtmcp.ini", top);
	sample = read_file(path);
	ok(sample != NULL, "etc/qtmcp.ini is readable");

	keys = config_keys(&n);
	for (i = 0; i < n; i++) {
		want = xasprintf("\n.It Ic %s ", keys[i].name);
		ok(man != NULL && strstr(man, want) != NULL,
		    "qtmcp.ini(5) documents %s", keys[i].name);
		free(want);

		found = 0;
		for (line = sample; line != NULL && *line != '\0';
		    line = strchr(line, '\n')) {
			if (*line == '\n')
				line++;
			if (*line == ';' || *line == '#')
				line++;
			if (strncmp(line, keys[i].name,
			    strlen(keys[i].name)) == 0 &&
			    strncmp(line + strlen(keys[i].name), " =", 2) == 0)
				found = 1;
		}
		ok(found, "etc/qtmcp.ini shows %s", keys[i].name);
	}

	cfg = config_create();
	cause = NULL;
	ok(config_load_file(cfg, path, &cause) == 0, "etc/qtmcp.ini loads");
	if (cause != NULL)
		diag("  %s", cause);
	ok(config_validate(cfg, &cause) == 0 &&
	    config_check_files(cfg, &cause) == 0,
	    "etc/qtmcp.ini validates and names no missing file");
	config_free(cfg);
	free(path);
	free(man);
	free(sample);
}

static void
cleanup(void)
{
	static const char *paths[] = {
		"a.ini", "xdg/qtmcp", "xdg", "home/.config/qtmcp",
		"home/.config", "home",
	};
	char	*p;
	size_t	 i;

	for (i = 0; i < nitems(paths); i++) {
		p = tmp_path(paths[i]);
		if (unlink(p) != 0)
			rmdir(p);
		free(p);
	}
	if (rmdir(tmpdir) != 0)
		diag("%s left behind: %s", tmpdir, strerror(errno));
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return (1);
	}
	unsetenv("QTMCP_CONFIG");
	unsetenv("QTMCP_WS_URL");
	unsetenv("QTMCP_PORT");
	unsetenv("QTMCP_LAUNCHER");

	test_size();
	test_args();
	test_table();
	test_mode();
	test_defaults();
	test_keys();
	test_values();
	test_syntax();
	test_files();
	test_find_file();
	test_env();
	test_set();
	test_cli_target();
	test_validate();
	test_check_files();
	test_print();
	test_docs();
	cleanup();
	return (done_testing());
}

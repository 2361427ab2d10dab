/*
 * util.c: small helpers shared by both programs: bounded number and
 * duration parsing, signal names, descriptor flags, paths, and time.
 */

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "qtmcp.h"

uint64_t
util_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

uint64_t
util_now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000);
}

/* Wall-clock time in milliseconds since the epoch. */
uint64_t
util_wall_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

/*
 * Parse a decimal integer in [min, max].  The whole string must be the
 * number; on error *errstr says "is not a number", "is too small" or "is
 * too large", in the manner of OpenBSD's strtonum.
 */
long long
util_strtonum(const char *s, long long min, long long max, const char **errstr)
{
	long long	 v;
	char		*end;

	*errstr = NULL;
	if (s == NULL || *s == '\0' || isspace((unsigned char)*s)) {
		*errstr = "is not a number";
		return (0);
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0') {
		*errstr = "is not a number";
		return (0);
	}
	if ((errno == ERANGE && v == LLONG_MIN) || v < min) {
		*errstr = "is too small";
		return (0);
	}
	if ((errno == ERANGE && v == LLONG_MAX) || v > max) {
		*errstr = "is too large";
		return (0);
	}
	return (v);
}

/* A TCP port: 1 to 65535. */
int
util_parse_port(const char *s, int *port, char **cause)
{
	const char	*errstr;
	long long	 v;

	v = util_strtonum(s, 1, 65535, &errstr);
	if (errstr != NULL) {
		*cause = xasprintf("invalid port '%s': must be a number from 1 "
		    "to 65535", s);
		return (-1);
	}
	*port = (int)v;
	return (0);
}

/*
 * A duration with a unit: "250ms", "5s", "1.5s", "2m"; a bare "0" is also
 * accepted.  The result is in milliseconds.
 */
int
util_parse_duration(const char *s, uint64_t *ms, char **cause)
{
	const char	*p = s, *unit;
	uint64_t	 whole = 0, frac = 0, fracdiv = 1, mult;
	int		 digits = 0;

	while (isdigit((unsigned char)*p)) {
		if (whole > UINT64_MAX / 10 / 60000)
			goto toolarge;
		whole = whole * 10 + (uint64_t)(*p++ - '0');
		digits++;
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			if (fracdiv < 1000000) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				fracdiv *= 10;
			}
			p++;
			digits++;
		}
	}
	if (digits == 0)
		goto invalid;
	unit = p;
	if (*unit == '\0') {
		if (whole == 0 && frac == 0) {
			*ms = 0;
			return (0);
		}
		*cause = xasprintf("invalid duration '%s': add a unit, for "
		    "example %sms or %ss", s, s, s);
		return (-1);
	}
	if (strcmp(unit, "ms") == 0)
		mult = 1;
	else if (strcmp(unit, "s") == 0)
		mult = 1000;
	else if (strcmp(unit, "m") == 0 || strcmp(unit, "min") == 0)
		mult = 60000;
	else
		goto invalid;
	*ms = whole * mult + (frac * mult) / fracdiv;
	return (0);

invalid:
	*cause = xasprintf("invalid duration '%s': expected a number with "
	    "the unit ms, s or m (for example 500ms, 5s, 1m)", s);
	return (-1);
toolarge:
	*cause = xasprintf("invalid duration '%s': too large", s);
	return (-1);
}

/* Format a duration the way util_parse_duration reads it. */
const char *
util_format_duration(uint64_t ms, char *buf, size_t len)
{
	if (ms != 0 && ms % 60000 == 0)
		snprintf(buf, len, "%llum", (unsigned long long)(ms / 60000));
	else if (ms != 0 && ms % 1000 == 0)
		snprintf(buf, len, "%llus", (unsigned long long)(ms / 1000));
	else
		snprintf(buf, len, "%llums", (unsigned long long)ms);
	return (buf);
}

static const struct {
	const char	*name;
	int		 sig;
} util_signals[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ILL", SIGILL }, { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
	{ "BUS", SIGBUS }, { "FPE", SIGFPE }, { "KILL", SIGKILL },
	{ "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "CHLD", SIGCHLD }, { "CONT", SIGCONT }, { "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
	{ "URG", SIGURG }, { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM }, { "PROF", SIGPROF }, { "WINCH", SIGWINCH },
	{ "IO", SIGIO }, { "PWR", SIGPWR }, { "SYS", SIGSYS },
};

/* "SIGSEGV" for 11; "SIG<n>" for a signal without a name here. */
const char *
util_signal_name(int sig)
{
	static char	buf[32];
	size_t		i;

	for (i = 0; i < nitems(util_signals); i++) {
		if (util_signals[i].sig == sig) {
			snprintf(buf, sizeof buf, "SIG%s", util_signals[i].name);
			return (buf);
		}
	}
	snprintf(buf, sizeof buf, "SIG%d", sig);
	return (buf);
}

/* Accepts "TERM", "SIGTERM", "sigterm" or "15". */
int
util_signal_from_name(const char *s, int *sig)
{
	const char	*errstr;
	size_t		 i;
	long long	 v;

	if (isdigit((unsigned char)*s)) {
		v = util_strtonum(s, 1, 64, &errstr);
		if (errstr != NULL)
			return (-1);
		*sig = (int)v;
		return (0);
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 0; i < nitems(util_signals); i++) {
		if (strcasecmp(util_signals[i].name, s) == 0) {
			*sig = util_signals[i].sig;
			return (0);
		}
	}
	return (-1);
}

int
util_set_nonblock(int fd)
{
	int	flags;

	if ((flags = fcntl(fd, F_GETFL)) == -1)
		return (-1);
	return (fcntl(fd, F_SETFL, flags | O_NONBLOCK));
}

/* Close every descriptor from lowfd up; used in a child before exec. */
void
util_closefrom(int lowfd)
{
#ifdef HAVE_CLOSEFROM
	closefrom(lowfd);
#else
	long	max, fd;

	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = lowfd; fd < max; fd++)
		close((int)fd);
#endif
}

/* The directory holding the running executable, or NULL. */
char *
util_self_dir(void)
{
	char	 buf[PATH_MAX], *slash;
	ssize_t	 n;

	n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return (NULL);
	buf[n] = '\0';
	if ((slash = strrchr(buf, '/')) == NULL)
		return (NULL);
	if (slash == buf)
		slash[1] = '\0';
	else
		*slash = '\0';
	return (xstrdup(buf));
}

char *
util_path_join(const char *dir, const char *name)
{
	size_t	len = strlen(dir);

	if (len > 0 && dir[len - 1] == '/')
		return (xasprintf("%s%s", dir, name));
	return (xasprintf("%s/%s", dir, name));
}

/* A regular file that can be read. */
int
util_is_readable_file(const char *path)
{
	struct stat	sb;

	if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
		return (0);
	return (access(path, R_OK) == 0);
}

/*
 * Find program the way execvp will: a name with a slash is taken as is,
 * otherwise each PATH directory is tried for an executable regular file.
 * Returns a new string or NULL.
 */
char *
util_find_program(const char *program)
{
	struct stat	 sb;
	const char	*path, *p, *end;
	char		*dir, *full;

	if (*program == '\0')
		return (NULL);
	if (strchr(program, '/') != NULL)
		return (xstrdup(program));
	if ((path = getenv("PATH")) == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p = end + 1) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		dir = end == p ? xstrdup(".") : xstrndup(p, end - p);
		full = util_path_join(dir, program);
		free(dir);
		if (stat(full, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    access(full, X_OK) == 0)
			return (full);
		free(full);
		if (*end == '\0')
			break;
	}
	return (NULL);
}

/* ISO 8601 UTC with milliseconds, from ms since the epoch. */
const char *
util_iso_time(uint64_t wall_ms, char *buf, size_t len)
{
	struct tm	tm;
	time_t		secs = (time_t)(wall_ms / 1000);

	gmtime_r(&secs, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (int)(wall_ms % 1000));
	return (buf);
}

/*
 * A size in bytes: a number with an optional binary suffix, K, M or G
 * (also KB, KiB and so on; any case): "512", "64K", "1G".
 */
int
util_parse_size(const char *s, uint64_t *bytes, char **cause)
{
	static const struct {
		const char	*suffix;
		uint64_t	 mult;
	} units[] = {
		{ "", 1 }, { "B", 1 },
		{ "K", 1ULL << 10 }, { "KB", 1ULL << 10 },
		{ "KiB", 1ULL << 10 },
		{ "M", 1ULL << 20 }, { "MB", 1ULL << 20 },
		{ "MiB", 1ULL << 20 },
		{ "G", 1ULL << 30 }, { "GB", 1ULL << 30 },
		{ "GiB", 1ULL << 30 },
	};
	const char	*p = s;
	uint64_t	 v = 0;
	size_t		 i;

	if (!isdigit((unsigned char)*p))
		goto invalid;
	while (isdigit((unsigned char)*p)) {
		if (v > (UINT64_MAX - 9) / 10)
			goto toolarge;
		v = v * 10 + (uint64_t)(*p++ - '0');
	}
	for (i = 0; i < nitems(units); i++) {
		if (strcasecmp(p, units[i].suffix) != 0)
			continue;
		if (v > UINT64_MAX / units[i].mult)
			goto toolarge;
		*bytes = v * units[i].mult;
		return (0);
	}

invalid:
	*cause = xasprintf("invalid size '%s': expected a number of bytes with "
	    "an optional K, M or G suffix (for example 512K or 64M)", s);
	return (-1);
toolarge:
	*cause = xasprintf("invalid size '%s': too large", s);
	return (-1);
}

/* Format a size the way util_parse_size reads it, in the largest exact unit. */
const char *
util_format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char	 units[] = "KMG";
	const char		*u = NULL;
	int			 i;

	for (i = 2; i >= 0; i--) {
		if (bytes != 0 && bytes % (1ULL << (10 * (i + 1))) == 0) {
			bytes >>= 10 * (i + 1);
			u = &units[i];
			break;
		}
	}
	if (u == NULL)
		snprintf(buf, len, "%llu", (unsigned long long)bytes);
	else
		snprintf(buf, len, "%llu%c", (unsigned long long)bytes, *u);
	return (buf);
}

/*
 * Split s into words the way sh(1) would, without expansions: words are
 * separated by blanks; single quotes keep everything up to the next single
 * quote; inside double quotes a backslash escapes only \, ", $ and `;
 * elsewhere a backslash escapes any character.  Returns a NULL-terminated
 * array (empty when s holds no word) and its length in *n, or NULL with
 * *cause set.
 */
char **
util_split_args(const char *s, int *n, char **cause)
{
	char		**argv = NULL, *word;
	const char	 *p = s;
	size_t		  len;
	int		  argc = 0, inword;

	word = xmalloc(strlen(s) + 1);
	argv = xcalloc(1, sizeof *argv);
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		len = 0;
		inword = 1;
		while (inword && *p != '\0') {
			switch (*p) {
			case ' ':
			case '\t':
			case '\n':
			case '\r':
				inword = 0;
				break;
			case '\'':
				for (p++; *p != '\'' && *p != '\0'; p++)
					word[len++] = *p;
				if (*p == '\0') {
					*cause = xstrdup("unterminated single "
					    "quote");
					goto fail;
				}
				p++;
				break;
			case '"':
				for (p++; *p != '"' && *p != '\0'; p++) {
					if (*p == '\\' && p[1] != '\0' &&
					    strchr("\\\"$`", p[1]) != NULL)
						p++;
					word[len++] = *p;
				}
				if (*p == '\0') {
					*cause = xstrdup("unterminated double "
					    "quote");
					goto fail;
				}
				p++;
				break;
			case '\\':
				if (p[1] == '\0') {
					*cause = xstrdup("backslash at the "
					    "end");
					goto fail;
				}
				word[len++] = p[1];
				p += 2;
				break;
			default:
				word[len++] = *p++;
				break;
			}
		}
		argv = xreallocarray(argv, argc + 2, sizeof *argv);
		argv[argc++] = xstrndup(word, len);
		argv[argc] = NULL;
	}
	free(word);
	if (n != NULL)
		*n = argc;
	return (argv);

fail:
	free(word);
	util_free_args(argv);
	return (NULL);
}

/* Free a NULL-terminated array of strings, such as util_split_args makes. */
void
util_free_args(char **argv)
{
	char	**ap;

	if (argv == NULL)
		return;
	for (ap = argv; *ap != NULL; ap++)
		free(*ap);
	free(argv);
}

/*
 * Quote a word so that util_split_args (and sh) read it back as one word.
 * A semicolon is left outside the quotes and escaped, so that a blank
 * before it cannot make an INI parser take it for the start of a comment.
 */
char *
util_quote_arg(const char *s)
{
	const char	*p;
	char		*out;
	size_t		 len = 2;

	if (*s != '\0' && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-") == strlen(s))
		return (xstrdup(s));
	for (p = s; *p != '\0'; p++)
		len += (*p == '\'' || *p == ';') ? 4 : 1;
	out = xmalloc(len + 1);
	len = 0;
	out[len++] = '\'';
	for (p = s; *p != '\0'; p++) {
		if (*p == '\'' || *p == ';') {
			out[len++] = '\'';
			out[len++] = '\\';
			out[len++] = *p;
			out[len++] = '\'';
		} else
			out[len++] = *p;
	}
	out[len++] = '\'';
	out[len] = '\0';
	return (out);
}

/* The length of the valid UTF-8 sequence at s[0..len), or 0. */
static size_t
util_utf8_seq(const unsigned char *s, size_t len)
{
	uint32_t	c = s[0];
	size_t		n, k;

	if (c < 0x80)
		return (1);
	if (c >= 0xc2 && c <= 0xdf) {
		n = 1;
		c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 2;
		c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 3;
		c &= 0x07;
	} else
		return (0);
	if (len <= n)
		return (0);
	for (k = 1; k <= n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return (0);
		c = (c << 6) | (s[k] & 0x3f);
	}
	if ((n == 2 && c < 0x800) || (n == 3 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return (0);
	return (n + 1);
}

/*
 * The length of the longest valid UTF-8 prefix of s[0..len): len when it
 * is all valid.  ASCII, most of what passes (base64 screenshots), goes
 * eight bytes at a time.
 */
size_t
util_utf8_valid(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint64_t		 w;
	size_t			 i = 0, n;

	while (i < len) {
		if (len - i >= 8) {
			memcpy(&w, u + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		if ((n = util_utf8_seq(u + i, len - i)) == 0)
			break;
		i += n;
	}
	return (i);
}

/*
 * What an application prints or a probe sends ends up in JSON, which is
 * UTF-8.  If s[0..len) is not valid UTF-8, a copy with each bad byte
 * replaced by U+FFFD, NUL-terminated, its length in *outlen; NULL if s is
 * valid as it is.
 */
char *
util_utf8_repair(const char *s, size_t len, size_t *outlen)
{
	const unsigned char	*u = (const unsigned char *)s;
	char			*out;
	size_t			 i, n, o;

	if ((i = util_utf8_valid(s, len)) == len)
		return (NULL);
	out = xmalloc(i + (len - i) * 3 + 1);
	memcpy(out, s, i);
	o = i;
	while (i < len) {
		if ((n = util_utf8_seq(u + i, len - i)) == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(out + o, s + i, n);
		o += n;
		i += n;
	}
	out[o] = '\0';
	*outlen = o;
	return (out);
}

/* At most max bytes of s, not cutting a UTF-8 sequence in two. */
size_t
util_utf8_cut(const char *s, size_t max)
{
	size_t	n = strlen(s);

	if (n <= max)
		return (n);
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return (n);
}

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

int
util_set_cloexec(int fd)
{
	int	flags;

	if ((flags = fcntl(fd, F_GETFD)) == -1)
		return (-1);
	return (fcntl(fd, F_SETFD, flags | FD_CLOEXEC));
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

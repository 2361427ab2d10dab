/*
 * log.c: logging to stderr or a file without ever blocking the event loop.
 *
 * MCP hosts read qtmcp's stderr when they please, or never.  A log line
 * that cannot be written at once is kept in a bounded backlog that an
 * ev_io watcher drains when the descriptor becomes writable; when even the
 * backlog is full, lines are dropped and counted, and the count is logged
 * once there is room again.  Before the loop exists (start-up, the
 * launcher), writes wait for a bounded time instead.
 *
 * stderr is written through a private open file description (reopened from
 * /proc/self/fd/2), so that O_NONBLOCK affects qtmcp alone and not the
 * terminal or pipe it shares with the host.
 */

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "qtmcp.h"

#define LOG_BACKLOG_MAX	(1024 * 1024)	/* bytes kept while the reader is slow */
#define LOG_LINE_MAX	8192		/* longer messages are cut */
#define LOG_SYNC_WAIT	1000		/* ms a line may wait before the loop runs */

static const char *log_level_names[] = {
	[LOG_ERROR] = "error",
	[LOG_WARN] = "warning",
	[LOG_INFO] = "info",
	[LOG_DEBUG] = "debug",
};

static struct {
	const char	*name;
	int		 level;
	int		 fd;		/* -1: not opened yet, use fd 2 as is */
	int		 socket;	/* fd is a socket: use send(MSG_DONTWAIT) */
	int		 broken;	/* the reader went away: discard */
	struct ev_loop	*loop;
	ev_io		 io;
	char		*buf;
	size_t		 off;
	size_t		 len;
	unsigned long	 dropped;
} lg = { "qtmcp", LOG_INFO, -1, 0, 0, NULL, { 0 }, NULL, 0, 0, 0 };

static void	log_drain(void);
static void	log_sync(int);

const char *
log_level_name(int level)
{
	if (level < LOG_ERROR || level > LOG_DEBUG)
		return ("?");
	return (log_level_names[level]);
}

void
log_set_level(int level)
{
	lg.level = level;
}

int
log_get_level(void)
{
	return (lg.level);
}

void
log_set_name(const char *name)
{
	lg.name = name;
}

/*
 * Open the log destination: path, or stderr when path is NULL.  Returns -1
 * and sets *cause when the file cannot be opened; the previous destination
 * stays in use then.
 */
int
log_open(const char *path, char **cause)
{
	struct stat	 sb;
	int		 fd, sock = 0;

	if (path != NULL) {
		fd = open(path, O_WRONLY|O_APPEND|O_CREAT|O_CLOEXEC|O_NONBLOCK,
		    0644);
		if (fd == -1) {
			*cause = xasprintf("cannot open log file %s: %s", path,
			    strerror(errno));
			return (-1);
		}
	} else {
		fd = open("/proc/self/fd/2", O_WRONLY|O_APPEND|O_CLOEXEC|
		    O_NONBLOCK|O_NOCTTY);
		if (fd == -1) {
			/* A socket cannot be reopened: send() it instead. */
			if ((fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3)) ==
			    -1) {
				*cause = xasprintf("cannot use stderr: %s",
				    strerror(errno));
				return (-1);
			}
			if (fstat(fd, &sb) == 0 && S_ISSOCK(sb.st_mode))
				sock = 1;
		}
	}
	log_sync(LOG_SYNC_WAIT);
	if (lg.fd != -1) {
		if (lg.loop != NULL)
			ev_io_stop(lg.loop, &lg.io);
		close(lg.fd);
	}
	lg.fd = fd;
	lg.socket = sock;
	lg.broken = 0;
	if (lg.loop != NULL)
		ev_io_set(&lg.io, lg.fd, EV_WRITE);
	return (0);
}

static void
log_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	log_drain();
}

/* From now on the backlog is drained by the loop and nothing waits. */
void
log_attach(struct ev_loop *loop)
{
	lg.loop = loop;
	ev_io_init(&lg.io, log_io_cb, lg.fd == -1 ? STDERR_FILENO : lg.fd,
	    EV_WRITE);
	if (lg.len > lg.off)
		ev_io_start(loop, &lg.io);
}

void
log_detach(void)
{
	if (lg.loop != NULL)
		ev_io_stop(lg.loop, &lg.io);
	lg.loop = NULL;
}

/* Write what the descriptor takes now; never waits. */
static void
log_drain(void)
{
	ssize_t	n;
	int	fd;

	fd = lg.fd == -1 ? STDERR_FILENO : lg.fd;
	while (lg.off < lg.len && !lg.broken) {
		if (lg.socket)
			n = send(fd, lg.buf + lg.off, lg.len - lg.off,
			    MSG_DONTWAIT|MSG_NOSIGNAL);
		else
			n = write(fd, lg.buf + lg.off, lg.len - lg.off);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			lg.broken = 1;	/* EPIPE and the like: nobody reads */
			break;
		}
		lg.off += n;
	}
	if (lg.off == lg.len || lg.broken) {
		lg.off = lg.len = 0;
		if (lg.loop != NULL)
			ev_io_stop(lg.loop, &lg.io);
	} else if (lg.loop != NULL && !ev_is_active(&lg.io))
		ev_io_start(lg.loop, &lg.io);
}

/* Wait up to ms milliseconds for the backlog to be written. */
static void
log_sync(int ms)
{
	struct pollfd	pfd;
	uint64_t	deadline, now;

	deadline = util_now_ms() + ms;
	for (;;) {
		log_drain();
		if (lg.off == lg.len)
			return;
		now = util_now_ms();
		if (now >= deadline)
			return;
		pfd.fd = lg.fd == -1 ? STDERR_FILENO : lg.fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, (int)(deadline - now)) == -1 &&
		    errno != EINTR)
			return;
	}
}

void
log_flush(int ms)
{
	log_sync(ms);
}

static void
log_append(const char *s, size_t n)
{
	if (lg.broken)
		return;
	if (lg.len + n > LOG_BACKLOG_MAX) {
		if (lg.off > 0) {
			memmove(lg.buf, lg.buf + lg.off, lg.len - lg.off);
			lg.len -= lg.off;
			lg.off = 0;
		}
		if (lg.len + n > LOG_BACKLOG_MAX) {
			lg.dropped++;
			return;
		}
	}
	if (lg.buf == NULL)
		lg.buf = xmalloc(LOG_BACKLOG_MAX);
	memcpy(lg.buf + lg.len, s, n);
	lg.len += n;
}

static size_t
log_prefix(char *buf, size_t size, int level)
{
	struct timeval	 tv;
	struct tm	 tm;
	int		 n;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	n = snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ %s[%ld] %s: ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, (int)(tv.tv_usec / 1000), lg.name, (long)getpid(),
	    log_level_name(level));
	return (n < 0 ? 0 : (size_t)n > size ? size : (size_t)n);
}

void
log_vemit(int level, const char *fmt, va_list ap)
{
	char	 line[LOG_LINE_MAX];
	size_t	 n;
	int	 m, saved = errno;

	if (level > lg.level)
		return;
	if (lg.dropped != 0 && lg.len - lg.off + 256 < LOG_BACKLOG_MAX) {
		n = log_prefix(line, sizeof line, LOG_WARN);
		m = snprintf(line + n, sizeof line - n,
		    "%lu log lines dropped: stderr was not read fast enough\n",
		    lg.dropped);
		lg.dropped = 0;
		log_append(line, n + m);
	}
	n = log_prefix(line, sizeof line, level);
	m = vsnprintf(line + n, sizeof line - n - 1, fmt, ap);
	if (m < 0)
		m = 0;
	n += (size_t)m;
	if (n > sizeof line - 2) {
		n = sizeof line - 5;
		memcpy(line + n, "...", 3);
		n += 3;
	}
	line[n++] = '\n';
	log_append(line, n);
	if (lg.loop != NULL)
		log_drain();
	else
		log_sync(LOG_SYNC_WAIT);
	errno = saved;
}

void
log_emit(int level, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vemit(level, fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 e = errno;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	log_emit(LOG_WARN, "%s: %s", s, strerror(e));
	free(s);
	errno = e;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vemit(LOG_WARN, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vemit(LOG_INFO, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (lg.level < LOG_DEBUG)
		return;
	va_start(ap, fmt);
	log_vemit(LOG_DEBUG, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 e = errno;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		s = NULL;
	va_end(ap);
	log_emit(LOG_ERROR, "%s: %s", s != NULL ? s : fmt, strerror(e));
	log_sync(LOG_SYNC_WAIT);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vemit(LOG_ERROR, fmt, ap);
	va_end(ap);
	log_sync(LOG_SYNC_WAIT);
	exit(1);
}

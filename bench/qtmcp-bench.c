/*
 * qtmcp-bench: how close qtmcp comes to adding nothing between an MCP host
 * and the probe.  Every figure is measured beside its limit in the same
 * run, by the same client: this program.  It talks WebSocket straight to
 * an application's probe (a minimal client of its own: blocking I/O, one
 * write per message) and newline-delimited JSON-RPC over pipes to a qtmcp
 * that supervises an identical copy of the application, alternating
 * between the two in rounds so that a busy machine slows both alike.  It
 * prints one table: median, spread (p10-p90) and the ratio to the limit.
 *
 * The application is the probe double's test application unless
 * QTMCP_BENCH_PROBE and QTMCP_BENCH_APP name a real probe and application
 * (which then need a display).  Parameters, all optional, from the
 * environment: QTMCP_BENCH_REPS (rounds, default 20), QTMCP_BENCH_CALLS
 * (calls before the last RSS sample, default 100000), QTMCP_BENCH_RESTARTS
 * (default 100), QTMCP_BENCH_IDLE (seconds of idleness counted, default
 * 60), QTMCP_BENCH_QUICK=1 (all of them small), QTMCP_BENCH_ONLY (some
 * of rtt,throughput,screenshot,rss,crash,idle,startup), QTMCP_BENCH_FAULTS
 * (more settings for the double), QTMCP_BENCH_KEEP=1 (keep the work
 * directory with qtmcp's logs).  bench/README.md says what each figure is.
 */

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#define CONN_CHUNK	(256 * 1024)	/* least free space for a read */
#define CALL_TIMEOUT	(60ULL * 1000000)	/* µs for any one answer */
#define START_TIMEOUT	(30ULL * 1000000)	/* µs for an app to answer */
#define MAX_KIDS	64
#define SHOT_W		1480		/* window size for a ~5 MB PNG */
#define SHOT_H		1130
#define MIB		(1024.0 * 1024.0)

extern char **environ;

/* --- the basics ---------------------------------------------------------- */

struct samples {
	double	*v;
	size_t	 n;
	size_t	 cap;
};

static char	*bench_dir;		/* our work directory */
static pid_t	 bench_kids[MAX_KIDS];	/* process group leaders we made */
static int	 bench_keep;

static void	bench_cleanup(void);

static void
fatal(const char *fmt, ...)
{
	va_list	ap;

	fflush(stdout);
	fprintf(stderr, "qtmcp-bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (bench_dir != NULL)
		bench_keep = 1;
	exit(1);
}

static void
note(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "qtmcp-bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
}

static void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		fatal("out of memory");
	return (p);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n == 0 ? 1 : n)) == NULL)
		fatal("out of memory");
	return (p);
}

static char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		fatal("out of memory");
	return (p);
}

static char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		fatal("out of memory");
	va_end(ap);
	return (s);
}

static uint64_t
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

/* Wait, for what cannot be waited for otherwise (a stable run). */
static void
pause_us(uint64_t us)
{
	struct timespec	ts;

	ts.tv_sec = us / 1000000;
	ts.tv_nsec = (us % 1000000) * 1000;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static long
env_long(const char *name, long deflt, long min, long max)
{
	const char	*s = getenv(name);
	char		*end;
	long		 v;

	if (s == NULL || *s == '\0')
		return (deflt);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		fatal("%s must be a number from %ld to %ld", name, min, max);
	return (v);
}

static void
sadd(struct samples *s, double x)
{
	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 64 : s->cap * 2;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = x;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

/* The p-th percentile, interpolated; NAN when there is nothing. */
static double
spct(const struct samples *s, double p)
{
	double	*v, pos, r;
	size_t	 i;

	if (s->n == 0)
		return (0.0 / 0.0);
	v = xmalloc(s->n * sizeof *v);
	memcpy(v, s->v, s->n * sizeof *v);
	qsort(v, s->n, sizeof *v, cmp_double);
	pos = p / 100.0 * (s->n - 1);
	i = (size_t)pos;
	r = i + 1 < s->n ? v[i] + (pos - i) * (v[i + 1] - v[i]) : v[i];
	free(v);
	return (r);
}

static double
smed(const struct samples *s)
{
	return (spct(s, 50));
}

static void
sclear(struct samples *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

static void
write_file(const char *path, const char *text)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL)
		fatal("%s: %s", path, strerror(errno));
	fputs(text, f);
	if (fclose(f) != 0)
		fatal("%s: %s", path, strerror(errno));
}

static char *
read_file(const char *path)
{
	char	*buf;
	size_t	 len = 0, cap = 4096;
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_RDONLY|O_CLOEXEC)) == -1)
		return (NULL);
	buf = xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap)
			buf = xrealloc(buf, cap *= 2);
		n = read(fd, buf + len, cap - len - 1);
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	return (buf);
}

static void
write_all(int fd, const char *p, size_t len)
{
	struct pollfd	pfd;
	ssize_t		n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				pfd.fd = fd;
				pfd.events = POLLOUT;
				poll(&pfd, 1, 1000);
				continue;
			}
			fatal("write: %s", strerror(errno));
		}
		p += n;
		len -= n;
	}
}

/* --- processes ----------------------------------------------------------- */

static void
kid_add(pid_t pid)
{
	int	i;

	for (i = 0; i < MAX_KIDS; i++) {
		if (bench_kids[i] == 0) {
			bench_kids[i] = pid;
			return;
		}
	}
	fatal("too many processes");
}

static void
kid_del(pid_t pid)
{
	int	i;

	for (i = 0; i < MAX_KIDS; i++) {
		if (bench_kids[i] == pid)
			bench_kids[i] = 0;
	}
}

static void
rm_rf(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	char		*p;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		if (unlink(p) == -1 && errno == EISDIR)
			rm_rf(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

static void
bench_cleanup(void)
{
	int	i;

	for (i = 0; i < MAX_KIDS; i++) {
		if (bench_kids[i] != 0) {
			kill(-bench_kids[i], SIGKILL);
			kill(bench_kids[i], SIGKILL);
			waitpid(bench_kids[i], NULL, 0);
		}
	}
	if (bench_dir == NULL)
		return;
	if (bench_keep)
		note("logs kept in %s", bench_dir);
	else
		rm_rf(bench_dir);
}

static void
bench_signal(int sig)
{
	exit(1);
}

/*
 * Our environment with LD_PRELOAD dropped and each "NAME=value" of add
 * set.
 */
static char **
env_with(const char *const *add)
{
	char	**env;
	size_t	  n = 0, i, j, k, len;

	while (environ[n] != NULL)
		n++;
	for (k = 0; add != NULL && add[k] != NULL; k++)
		;
	env = xmalloc((n + k + 1) * sizeof *env);
	for (i = j = 0; i < n; i++) {
		if (strncmp(environ[i], "LD_PRELOAD=", 11) == 0)
			continue;
		for (k = 0; add != NULL && add[k] != NULL; k++) {
			len = strcspn(add[k], "=") + 1;
			if (strncmp(environ[i], add[k], len) == 0)
				break;
		}
		if (add == NULL || add[k] == NULL)
			env[j++] = environ[i];
	}
	for (k = 0; add != NULL && add[k] != NULL; k++)
		env[j++] = (char *)add[k];
	env[j] = NULL;
	return (env);
}

/*
 * Start argv in a process group of its own with the given stdin, stdout
 * and stderr (-1: /dev/null).  posix_spawn (a vfork underneath) costs the
 * same however much memory we hold; every descriptor of ours is
 * close-on-exec.
 */
static pid_t
spawn(char **argv, char **env, int in, int out, int err)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 attr;
	sigset_t			 def;
	pid_t				 pid;
	int				 fds[3], i, error;

	fds[0] = in;
	fds[1] = out;
	fds[2] = err;
	posix_spawn_file_actions_init(&fa);
	for (i = 0; i < 3; i++) {
		if (fds[i] == -1)
			posix_spawn_file_actions_addopen(&fa, i, "/dev/null",
			    O_RDWR, 0);
		else
			posix_spawn_file_actions_adddup2(&fa, fds[i], i);
	}
	posix_spawnattr_init(&attr);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	sigaddset(&def, SIGINT);
	sigaddset(&def, SIGTERM);
	sigaddset(&def, SIGHUP);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP|
	    POSIX_SPAWN_SETSIGDEF);
	error = posix_spawn(&pid, argv[0], &fa, &attr, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (error != 0)
		fatal("cannot run %s: %s", argv[0], strerror(error));
	kid_add(pid);
	return (pid);
}

/* Wait for pid at most ms, then kill its group; returns the status. */
static int
reap(pid_t pid, int ms)
{
	uint64_t	end = now_us() + (uint64_t)ms * 1000;
	int		status = 0;

	for (;;) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		if (now_us() > end) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
		pause_us(1000);
	}
	kid_del(pid);
	return (status);
}

static int
free_port(void)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof sin;
	int			fd, port;

	if ((fd = socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0)) == -1)
		fatal("socket: %s", strerror(errno));
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		fatal("bind: %s", strerror(errno));
	port = ntohs(sin.sin_port);
	close(fd);
	return (port);
}

/* --- connections: WebSocket frames or lines ----------------------------- */

struct conn {
	const char	*what;
	int		 ws;		/* frames, else lines */
	int		 rfd;
	int		 wfd;
	char		*buf;		/* bytes read, from off to len */
	size_t		 off;
	size_t		 len;
	size_t		 cap;
	size_t		 scan;		/* lines: searched up to here */
	char		*msg;		/* a fragmented message, assembled */
	size_t		 mlen;
	size_t		 mcap;
	int		 binary;
	char		*tx;
	size_t		 txcap;
	int		 next_id;
	uint64_t	 ready_us;	/* lines: last "ready in" notification */
	int		 readies;
};

static void
conn_init(struct conn *c, const char *what, int ws, int rfd, int wfd)
{
	memset(c, 0, sizeof *c);
	c->what = what;
	c->ws = ws;
	c->rfd = rfd;
	c->wfd = wfd;
	c->next_id = 1;
	fcntl(rfd, F_SETFL, fcntl(rfd, F_GETFL) | O_NONBLOCK);
}

static void
conn_close(struct conn *c)
{
	if (c->rfd != -1)
		close(c->rfd);
	if (c->wfd != -1 && c->wfd != c->rfd)
		close(c->wfd);
	c->rfd = c->wfd = -1;
	free(c->buf);
	free(c->msg);
	free(c->tx);
	c->buf = c->msg = c->tx = NULL;
	c->off = c->len = c->cap = c->scan = c->mlen = c->mcap = 0;
	c->txcap = 0;
}

/* Read what is there, waiting until deadline: 1 read, 0 timeout, -1 EOF. */
static int
conn_fill(struct conn *c, uint64_t deadline)
{
	struct pollfd	pfd;
	uint64_t	now;
	ssize_t		n;

	if (c->off == c->len)
		c->off = c->len = c->scan = 0;
	else if (c->off > 0 && c->cap - c->len < CONN_CHUNK) {
		memmove(c->buf, c->buf + c->off, c->len - c->off);
		c->len -= c->off;
		c->scan -= c->off;
		c->off = 0;
	}
	if (c->cap - c->len < CONN_CHUNK) {
		c->cap = (c->len + CONN_CHUNK) * 2;
		c->buf = xrealloc(c->buf, c->cap);
	}
	for (;;) {
		n = read(c->rfd, c->buf + c->len, c->cap - c->len);
		if (n > 0) {
			c->len += n;
			return (1);
		}
		if (n == 0)
			return (-1);
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return (-1);
		if ((now = now_us()) >= deadline)
			return (0);
		pfd.fd = c->rfd;
		pfd.events = POLLIN;
		poll(&pfd, 1, (int)((deadline - now + 999) / 1000));
	}
}

static void
conn_send(struct conn *c, const char *text, size_t len)
{
	unsigned char	*h;
	size_t		 hl, i;
	static const unsigned char key[4] = { 0x37, 0xfa, 0x21, 0x3d };

	if (!c->ws) {
		write_all(c->wfd, text, len);
		return;
	}
	if (c->txcap < len + 14) {
		c->txcap = len + 14;
		c->tx = xrealloc(c->tx, c->txcap);
	}
	h = (unsigned char *)c->tx;
	h[0] = 0x81;
	if (len < 126) {
		h[1] = 0x80 | len;
		hl = 2;
	} else if (len < 65536) {
		h[1] = 0x80 | 126;
		h[2] = len >> 8;
		h[3] = len;
		hl = 4;
	} else {
		h[1] = 0x80 | 127;
		for (i = 0; i < 8; i++)
			h[2 + i] = (uint64_t)len >> (56 - 8 * i);
		hl = 10;
	}
	memcpy(h + hl, key, 4);
	hl += 4;
	for (i = 0; i < len; i++)
		h[hl + i] = text[i] ^ key[i & 3];
	write_all(c->wfd, c->tx, hl + len);
}

/* Notice qtmcp's "ready in" log notification, and when it came. */
static void
conn_notification(struct conn *c, const char *p, size_t len)
{
	if (len < 512 && memmem(p, len, "notifications/message", 21) != NULL &&
	    memmem(p, len, ": ready in ", 11) != NULL) {
		c->ready_us = now_us();
		c->readies++;
	}
}

static long
msg_id(const char *p, size_t len)
{
	const char	*q;

	q = memmem(p, len < 100 ? len : 100, "\"id\":", 5);
	if (q == NULL && len < 65536)
		q = memmem(p, len, "\"id\":", 5);
	if (q == NULL)
		return (-1);
	q += 5;
	if (q >= p + len || !isdigit((unsigned char)*q))
		return (-1);
	return (strtol(q, NULL, 10));
}

/* Is this answer a success (no JSON-RPC error, no isError result)? */
static int
msg_ok(const struct conn *c, const char *p, size_t len)
{
	size_t	head = len < 100 ? len : 100, tail = len < 48 ? len : 48;

	if (memmem(p, head, "\"error\":", 8) != NULL)
		return (0);
	if (!c->ws && memmem(p + len - tail, tail, "\"isError\":true", 14) !=
	    NULL)
		return (0);
	return (1);
}

/*
 * The next message, pointing into our buffer until the next call: 1, or 0
 * on timeout, -1 when the peer closed.
 */
static int
conn_recv(struct conn *c, char **mp, size_t *mlenp, uint64_t deadline)
{
	unsigned char	*h, *pl;
	uint64_t	 plen;
	size_t		 avail, hl, i;
	char		*nl;
	int		 op, fin, masked, r;

	for (;;) {
		if (!c->ws) {
			nl = memchr(c->buf + c->scan, '\n', c->len - c->scan);
			if (nl != NULL) {
				*mp = c->buf + c->off;
				*mlenp = nl - *mp;
				c->off = c->scan = nl + 1 - c->buf;
				return (1);
			}
			c->scan = c->len;
			goto more;
		}
		avail = c->len - c->off;
		h = (unsigned char *)c->buf + c->off;
		if (avail < 2)
			goto more;
		fin = h[0] & 0x80;
		op = h[0] & 0x0f;
		masked = h[1] & 0x80;
		plen = h[1] & 0x7f;
		hl = 2;
		if (plen == 126) {
			if (avail < 4)
				goto more;
			plen = (uint64_t)h[2] << 8 | h[3];
			hl = 4;
		} else if (plen == 127) {
			if (avail < 10)
				goto more;
			for (plen = 0, i = 0; i < 8; i++)
				plen = plen << 8 | h[2 + i];
			hl = 10;
		}
		if (masked)
			hl += 4;
		if (avail < hl + plen)
			goto more;
		pl = h + hl;
		if (masked) {
			for (i = 0; i < plen; i++)
				pl[i] ^= h[hl - 4 + (i & 3)];
		}
		c->off += hl + plen;
		switch (op) {
		case 0x8:
			return (-1);
		case 0x9:
			continue;	/* the probe never pings */
		case 0xa:
			continue;
		case 0x1:
		case 0x2:
			c->binary = op == 0x2;
			c->mlen = 0;
			if (fin) {
				if (c->binary)
					continue;
				*mp = (char *)pl;
				*mlenp = plen;
				return (1);
			}
			/* FALLTHROUGH */
		case 0x0:
			if (c->mlen + plen > c->mcap) {
				c->mcap = (c->mlen + plen) * 2;
				c->msg = xrealloc(c->msg, c->mcap);
			}
			memcpy(c->msg + c->mlen, pl, plen);
			c->mlen += plen;
			if (!fin || c->binary)
				continue;
			*mp = c->msg;
			*mlenp = c->mlen;
			return (1);
		default:
			continue;
		}
more:
		if ((r = conn_fill(c, deadline)) <= 0)
			return (r);
	}
}

/*
 * Wait for the answer to request id; other messages (notifications) are
 * skipped.  Returns the answer's length, or fails.
 */
static size_t
conn_wait(struct conn *c, long id, char **mp, uint64_t deadline)
{
	char	*p;
	size_t	 len;
	long	 got;
	int	 r;

	for (;;) {
		if ((r = conn_recv(c, &p, &len, deadline)) == 0)
			fatal("%s: no answer to request %ld in time", c->what,
			    id);
		if (r == -1)
			fatal("%s: the connection closed (waiting for request "
			    "%ld)", c->what, id);
		got = msg_id(p, len);
		if (got == -1) {
			if (!c->ws)
				conn_notification(c, p, len);
			continue;
		}
		if (got == id) {
			if (mp != NULL)
				*mp = p;
			return (len);
		}
	}
}

/*
 * Send a request: a probe method (WebSocket) or a tool call (MCP).
 * Returns its id.
 */
static long
conn_request(struct conn *c, const char *name, const char *args)
{
	char	buf[1024];
	int	id = c->next_id++, n;

	if (c->ws)
		n = snprintf(buf, sizeof buf, "{\"jsonrpc\":\"2.0\",\"id\":%d,"
		    "\"method\":\"%s\",\"params\":%s}", id, name, args);
	else
		n = snprintf(buf, sizeof buf, "{\"jsonrpc\":\"2.0\",\"id\":%d,"
		    "\"method\":\"tools/call\",\"params\":{\"name\":\"%s\","
		    "\"arguments\":%s}}\n", id, name, args);
	if (n < 0 || (size_t)n >= sizeof buf)
		fatal("request too long");
	conn_send(c, buf, n);
	return (id);
}

/*
 * One call, timed: µs from the first byte sent to the last byte of the
 * answer received.  *bytes gets the answer's size.  Fails unless it
 * succeeds.
 */
static double
conn_call(struct conn *c, const char *name, const char *args, size_t *bytes)
{
	uint64_t	 t0, t1;
	size_t		 len;
	long		 id;
	char		*p;

	t0 = now_us();
	id = conn_request(c, name, args);
	len = conn_wait(c, id, &p, t0 + CALL_TIMEOUT);
	t1 = now_us();
	if (!msg_ok(c, p, len))
		fatal("%s: %s failed: %.300s", c->what, name, p);
	if (bytes != NULL)
		*bytes = len;
	return ((double)(t1 - t0));
}

/* A call whose answer is parsed, for setting up and checking. */
static cJSON *
conn_call_json(struct conn *c, const char *name, const char *args)
{
	cJSON	*j;
	size_t	 len;
	long	 id;
	char	*p;

	id = conn_request(c, name, args);
	len = conn_wait(c, id, &p, now_us() + CALL_TIMEOUT);
	if ((j = cJSON_ParseWithLength(p, len)) == NULL)
		fatal("%s: the answer to %s is not JSON: %.200s", c->what,
		    name, p);
	return (j);
}

/*
 * n calls of name, window of them in flight at any time; returns calls
 * per second.
 */
static double
conn_pipeline(struct conn *c, const char *name, const char *args, int n,
    int window)
{
	uint64_t	 t0, t1;
	size_t		 len;
	char		*p;
	int		 sent = 0, done = 0, r;

	t0 = now_us();
	while (done < n) {
		while (sent < n && sent - done < window) {
			conn_request(c, name, args);
			sent++;
		}
		if ((r = conn_recv(c, &p, &len, now_us() + CALL_TIMEOUT)) <= 0)
			fatal("%s: no answer while pipelining %s", c->what,
			    name);
		if (msg_id(p, len) == -1) {
			if (!c->ws)
				conn_notification(c, p, len);
			continue;
		}
		if (!msg_ok(c, p, len))
			fatal("%s: %s failed: %.300s", c->what, name, p);
		done++;
	}
	t1 = now_us();
	return (n / ((t1 - t0) / 1e6));
}

/* --- the WebSocket client ------------------------------------------------ */

/*
 * Connect and complete the handshake: 1 when done, 0 when the handshake
 * did not come by deadline, -1 when the connection was refused or closed.
 */
static int
ws_open(struct conn *c, int port, uint64_t deadline)
{
	struct sockaddr_in	 sin;
	char			 req[256], *end;
	int			 fd, one = 1, n, r;

	if ((fd = socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0)) == -1)
		fatal("socket: %s", strerror(errno));
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof sin) == -1) {
		close(fd);
		return (-1);
	}
	/* As libwebsockets does: no Nagle delay for pipelined requests. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	conn_init(c, "direct", 1, fd, fd);
	n = snprintf(req, sizeof req, "GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
	    "Upgrade: websocket\r\nConnection: Upgrade\r\n"
	    "Sec-WebSocket-Key: cXRtY3AtYmVuY2gtMDAwMA==\r\n"
	    "Sec-WebSocket-Version: 13\r\n\r\n", port);
	write_all(fd, req, n);
	for (;;) {
		if (c->len > 0 && (end = memmem(c->buf, c->len, "\r\n\r\n",
		    4)) != NULL) {
			if (strncmp(c->buf, "HTTP/1.1 101", 12) != 0) {
				conn_close(c);
				return (-1);
			}
			c->off = end + 4 - c->buf;
			return (1);
		}
		if ((r = conn_fill(c, deadline)) <= 0) {
			conn_close(c);
			return (r);
		}
	}
}

/*
 * Connect to a starting probe as fast as a client can: retry every
 * millisecond until the TCP connection is accepted, wait for the
 * handshake, have "ping" answered.  Returns the time of the answer.
 */
static uint64_t
ws_open_ready(struct conn *c, int port, uint64_t deadline)
{
	char	*p;
	size_t	 len;
	long	 id;
	int	 r;

	for (;;) {
		if (now_us() > deadline)
			fatal("the probe on port %d did not answer in time",
			    port);
		if ((r = ws_open(c, port, deadline)) != 1) {
			pause_us(1000);
			continue;
		}
		id = conn_request(c, "ping", "{}");
		for (;;) {
			r = conn_recv(c, &p, &len, deadline);
			if (r <= 0 || msg_id(p, len) == id)
				break;
		}
		if (r == 1 && memmem(p, len, "\"pong\"", 6) != NULL)
			return (now_us());
		conn_close(c);
	}
}

/* --- the applications ---------------------------------------------------- */

static const char	*app_program;	/* the application */
static const char	*app_probe;	/* its probe */
static const char	*app_args;	/* its arguments, or NULL */
static const char	*launcher;
static const char	*qtmcp_bin;
static const char	*stamp_lib;
static int		 real_probe;	/* not the double */

/*
 * The double's settings: stored PNGs (large screenshots), and the real
 * probe's shortest gap between listening and answering, 50 ms, where how
 * soon a client retries after a refused connection shows most.
 */
#define APP_FAULTS_DEFAULT "png_level=0,loop_delay=50"
static const char	*app_faults = APP_FAULTS_DEFAULT;
#define APP_FAULTS	app_faults

struct app {
	pid_t	 pid;
	int	 port;
	char	*stamp;		/* accept-stamp's file */
};

/* Start the application through the launcher, as qtmcp does. */
static void
app_start(struct app *a, const char *faults, const char *stamp, uint64_t *t0)
{
	char	*argv[32], *port, *add[8], **env, *words, *w;
	int	 n = 0, k = 0;

	a->port = free_port();
	port = xasprintf("%d", a->port);
	argv[n++] = (char *)launcher;
	argv[n++] = "-q";
	argv[n++] = "-p";
	argv[n++] = port;
	argv[n++] = "--probe";
	argv[n++] = (char *)app_probe;
	argv[n++] = (char *)app_program;
	words = NULL;
	if (app_args != NULL) {
		argv[n++] = "--";
		words = xstrdup(app_args);
		for (w = strtok(words, " "); w != NULL && n < 30;
		    w = strtok(NULL, " "))
			argv[n++] = w;
	}
	argv[n] = NULL;
	add[k++] = xasprintf("QTMCP_DOUBLE_FAULTS=%s", faults);
	if (stamp != NULL) {
		add[k++] = xasprintf("LD_PRELOAD=%s", stamp_lib);
		add[k++] = xasprintf("QTMCP_BENCH_STAMP=%s", stamp);
		a->stamp = xstrdup(stamp);
	} else
		a->stamp = NULL;
	add[k] = NULL;
	env = env_with((const char *const *)add);
	if (t0 != NULL)
		*t0 = now_us();
	a->pid = spawn(argv, env, -1, -1, -1);
	free(env);
	free(add[0]);
	if (stamp != NULL) {
		free(add[1]);
		free(add[2]);
	}
	free(words);
	free(port);
}

static void
app_stop(struct app *a)
{
	if (a->pid == 0)
		return;
	kill(-a->pid, SIGKILL);
	reap(a->pid, 5000);
	a->pid = 0;
	free(a->stamp);
	a->stamp = NULL;
}

/* When the application first accepted a connection, or 0. */
static uint64_t
read_stamp(const char *path)
{
	char		*s;
	uint64_t	 v = 0;

	if ((s = read_file(path)) != NULL) {
		v = strtoull(s, NULL, 10);
		free(s);
	}
	return (v);
}

/* --- qtmcp --------------------------------------------------------------- */

struct qtmcp {
	pid_t		 pid;
	struct conn	 c;
	char		*config;
	char		*log;
};

static const char initialize[] = "{\"jsonrpc\":\"2.0\",\"id\":0,"
    "\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
    "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":"
    "\"qtmcp-bench\",\"version\":\"1\"}}}\n";
static const char initialized[] = "{\"jsonrpc\":\"2.0\","
    "\"method\":\"notifications/initialized\"}\n";

/* A configuration for one target: the application, as app_start runs it. */
static char *
qtmcp_config(const char *name, const char *qtmcp_extra, const char *faults,
    const char *stamp)
{
	char	*path, *text, *args, *st;

	path = xasprintf("%s/%s.ini", bench_dir, name);
	args = app_args != NULL ? xasprintf("args = %s\n", app_args) :
	    xstrdup("");
	st = stamp != NULL ? xasprintf("env = LD_PRELOAD=%s\n"
	    "env = QTMCP_BENCH_STAMP=%s\n", stamp_lib, stamp) : xstrdup("");
	text = xasprintf("[qtmcp]\nmode = all\nrequest_timeout = 60s\n%s\n"
	    "[target]\ncommand = %s\n%slauncher = %s\nprobe = %s\n"
	    "port = auto\nstable_time = 1s\nmax_restarts = 0\n"
	    "env = QTMCP_DOUBLE_FAULTS=%s\n%s",
	    qtmcp_extra, app_program, args, launcher, app_probe, faults, st);
	write_file(path, text);
	free(text);
	free(args);
	free(st);
	return (path);
}

/*
 * Start qtmcp with a configuration; with prefill, initialize is in its
 * stdin before it starts.  *t0 gets the time just before the fork.
 */
static void
qtmcp_start(struct qtmcp *q, const char *name, const char *config,
    int prefill, uint64_t *t0)
{
	char	*argv[4], *add[3], **env, *home;
	int	 in[2], out[2], logfd;

	q->config = xstrdup(config);
	q->log = xasprintf("%s/%s.log", bench_dir, name);
	if ((logfd = open(q->log, O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC,
	    0644)) == -1)
		fatal("%s: %s", q->log, strerror(errno));
	if (pipe2(in, O_CLOEXEC) == -1 || pipe2(out, O_CLOEXEC) == -1)
		fatal("pipe: %s", strerror(errno));
	if (prefill)
		write_all(in[1], initialize, sizeof initialize - 1);
	argv[0] = (char *)qtmcp_bin;
	argv[1] = "-f";
	argv[2] = q->config;
	argv[3] = NULL;
	home = xasprintf("HOME=%s", bench_dir);
	add[0] = home;
	add[1] = "XDG_CONFIG_HOME=/nonexistent";
	add[2] = NULL;
	env = env_with((const char *const *)add);
	if (t0 != NULL)
		*t0 = now_us();
	q->pid = spawn(argv, env, in[0], out[1], logfd);
	free(env);
	free(home);
	close(in[0]);
	close(out[1]);
	close(logfd);
	conn_init(&q->c, name, 0, out[0], in[1]);
}

/* initialize (unless prefilled) and initialized; returns the answer's time. */
static uint64_t
qtmcp_initialize(struct qtmcp *q, int prefilled)
{
	uint64_t	t;

	if (!prefilled)
		conn_send(&q->c, initialize, sizeof initialize - 1);
	conn_wait(&q->c, 0, NULL, now_us() + CALL_TIMEOUT);
	t = now_us();
	conn_send(&q->c, initialized, sizeof initialized - 1);
	return (t);
}

/* The first target's entry of qtmcp_status, parsed. */
static cJSON *
qtmcp_status(struct qtmcp *q, cJSON **root)
{
	cJSON	*j, *t;

	j = conn_call_json(&q->c, "qtmcp_status", "{}");
	t = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "result"),
	    "structuredContent");
	t = cJSON_GetArrayItem(cJSON_GetObjectItem(t, "targets"), 0);
	if (t == NULL)
		fatal("%s: qtmcp_status has no target", q->c.what);
	*root = j;
	return (t);
}

static const char *
jstr(cJSON *o, const char *name)
{
	cJSON	*v = cJSON_GetObjectItem(o, name);

	return (cJSON_IsString(v) ? v->valuestring : "");
}

static double
jnum(cJSON *o, const char *name)
{
	cJSON	*v = cJSON_GetObjectItem(o, name);

	return (cJSON_IsNumber(v) ? v->valuedouble : -1);
}

/* Wait until the target is ready (bounded). */
static void
qtmcp_wait_ready(struct qtmcp *q)
{
	uint64_t	 end = now_us() + START_TIMEOUT;
	cJSON		*root, *t;
	char		*p;
	size_t		 len;
	int		 ready;

	for (;;) {
		t = qtmcp_status(q, &root);
		ready = strcmp(jstr(t, "state"), "ready") == 0;
		if (!ready && now_us() > end)
			fatal("%s: the target is %s, not ready (see %s)",
			    q->c.what, jstr(t, "state"), q->log);
		cJSON_Delete(root);
		if (ready)
			return;
		/* Let a notification come, or 20 ms pass. */
		if (conn_recv(&q->c, &p, &len, now_us() + 20000) == 1)
			conn_notification(&q->c, p, len);
	}
}

static void
qtmcp_stop(struct qtmcp *q)
{
	if (q->pid == 0)
		return;
	close(q->c.wfd);
	q->c.wfd = -1;
	reap(q->pid, 10000);
	q->pid = 0;
	conn_close(&q->c);
	free(q->config);
	free(q->log);
	q->config = q->log = NULL;
}

/* --- /proc --------------------------------------------------------------- */

/* A "Name: value kB" line of /proc/PID/status, in bytes. */
static double
proc_status_kb(pid_t pid, const char *field)
{
	char	*path, *s, *p;
	double	 v = -1;

	path = xasprintf("/proc/%ld/status", (long)pid);
	s = read_file(path);
	free(path);
	if (s == NULL)
		return (-1);
	if ((p = strstr(s, field)) != NULL)
		v = strtod(p + strlen(field) + 1, NULL) * 1024.0;
	free(s);
	return (v);
}

/* CPU time of pid, its finished threads included, in µs. */
static double
proc_cpu_us(pid_t pid)
{
	char		*path, *s, *p;
	unsigned long	 ut, st;
	double		 v = -1;

	path = xasprintf("/proc/%ld/stat", (long)pid);
	s = read_file(path);
	free(path);
	if (s == NULL)
		return (-1);
	/* Fields 14 and 15, after the command name in parentheses. */
	if ((p = strrchr(s, ')')) != NULL && sscanf(p + 2,
	    "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut,
	    &st) == 2)
		v = (ut + st) * 1e6 / sysconf(_SC_CLK_TCK);
	free(s);
	return (v);
}

/* Context switches of every thread of pid: each is one wake-up. */
static long long
proc_switches(pid_t pid)
{
	DIR		*d;
	struct dirent	*e;
	char		*path, *s, *p;
	long long	 n = 0;

	path = xasprintf("/proc/%ld/task", (long)pid);
	d = opendir(path);
	free(path);
	if (d == NULL)
		return (-1);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("/proc/%ld/task/%s/status", (long)pid,
		    e->d_name);
		s = read_file(path);
		free(path);
		if (s == NULL)
			continue;
		if ((p = strstr(s, "\nvoluntary_ctxt_switches:")) != NULL)
			n += strtoll(p + 25, NULL, 10);
		if ((p = strstr(s, "nonvoluntary_ctxt_switches:")) != NULL)
			n += strtoll(p + 27, NULL, 10);
		free(s);
	}
	closedir(d);
	return (n);
}

/* --- the table ----------------------------------------------------------- */

struct row {
	char	*figure;
	char	*qtmcp;
	char	*limit;
	char	*ratio;
	char	*target;
	char	*verdict;
};

static struct row	 rows[32];
static int		 nrows;
static struct {
	char	*text;
}			 notes[32];
static int		 nnotes;

static void
row_add(const char *figure, char *qtmcp, char *limit, char *ratio,
    const char *target, int met)
{
	struct row	*r = &rows[nrows++];

	r->figure = xstrdup(figure);
	r->qtmcp = qtmcp;
	r->limit = limit;
	r->ratio = ratio;
	r->target = xstrdup(target);
	r->verdict = xstrdup(met < 0 ? "—" : met ? "met" : "MISSED");
}

static void
note_add(char *text)
{
	if (nnotes < (int)(sizeof notes / sizeof notes[0]))
		notes[nnotes++].text = text;
}

/* "median [p10–p90]" in ms. */
static char *
fmt_ms(const struct samples *s, double scale)
{
	return (xasprintf("%.3g ms [%.3g–%.3g]", smed(s) * scale,
	    spct(s, 10) * scale, spct(s, 90) * scale));
}

static char *
fmt_rate(const struct samples *s)
{
	return (xasprintf("%.0f/s [%.0f–%.0f]", smed(s), spct(s, 10),
	    spct(s, 90)));
}

/* The ratio of medians, with the p10-p90 of the per-round ratios. */
static char *
fmt_ratio(double r, const struct samples *rounds)
{
	if (rounds == NULL || rounds->n == 0)
		return (xasprintf("%.2f×", r));
	return (xasprintf("%.2f× [%.2f–%.2f]", r, spct(rounds, 10),
	    spct(rounds, 90)));
}

static void
print_table(void)
{
	struct row	*r;
	int		 i;

	printf("\n| figure | qtmcp | limit | qtmcp vs limit | target | |\n");
	printf("|---|---|---|---|---|---|\n");
	for (i = 0; i < nrows; i++) {
		r = &rows[i];
		printf("| %s | %s | %s | %s | %s | %s |\n", r->figure,
		    r->qtmcp, r->limit, r->ratio, r->target, r->verdict);
	}
	printf("\n");
	for (i = 0; i < nnotes; i++)
		printf("- %s\n", notes[i].text);
}

static void
print_machine(void)
{
	struct utsname	 u;
	char		*s, *p, *e, *load;
	char		 model[256] = "unknown";

	if ((s = read_file("/proc/cpuinfo")) != NULL) {
		if ((p = strstr(s, "model name")) != NULL &&
		    (p = strchr(p, ':')) != NULL) {
			p += 2;
			e = strchr(p, '\n');
			snprintf(model, sizeof model, "%.*s", e != NULL ?
			    (int)(e - p) : (int)strlen(p), p);
		}
		free(s);
	}
	uname(&u);
	load = read_file("/proc/loadavg");
	if (load != NULL)
		load[strcspn(load, "\n")] = '\0';
	printf("Machine: %ld CPUs (nproc), %s, Linux %s %s; load average at "
	    "the end %s.\n", sysconf(_SC_NPROCESSORS_ONLN), model, u.release,
	    u.machine, load != NULL ? load : "?");
	printf("Application: %s with %s", app_program, app_probe);
	if (!real_probe)
		printf(" (the probe double, QTMCP_DOUBLE_FAULTS=%s)",
		    app_faults);
	printf(".\n");
	free(load);
}

/* --- the figures --------------------------------------------------------- */

static int	 reps;
static long	 ncalls;
static long	 nrestarts;
static long	 idle_secs;
static char	*bin_dir;

/*
 * Round trips of one call: per round, n calls direct then n through
 * qtmcp (the order alternating between rounds).
 */
static void
fig_round_trip(struct conn *d, struct conn *m, pid_t qpid, const char *label,
    const char *method, const char *tool, const char *args, int n,
    double target)
{
	struct samples	 sd = { 0 }, sm = { 0 }, rd = { 0 }, rm = { 0 };
	struct samples	 ratios = { 0 };
	size_t		 bd = 0, bm = 0;
	double		 r, cpu = 0;
	int		 i, k, first;

	for (i = 0; i < 20; i++) {	/* warm up both */
		conn_call(d, method, args, NULL);
		conn_call(m, tool, args, NULL);
	}
	for (k = 0; k < reps; k++) {
		for (first = 0; first < 2; first++) {
			if ((first == 0) == (k % 2 == 0)) {
				sclear(&rd);
				for (i = 0; i < n; i++) {
					r = conn_call(d, method, args, &bd);
					sadd(&sd, r);
					sadd(&rd, r);
				}
			} else {
				sclear(&rm);
				cpu -= proc_cpu_us(qpid);
				for (i = 0; i < n; i++) {
					r = conn_call(m, tool, args, &bm);
					sadd(&sm, r);
					sadd(&rm, r);
				}
				cpu += proc_cpu_us(qpid);
			}
		}
		sadd(&ratios, smed(&rm) / smed(&rd));
	}
	r = smed(&sm) / smed(&sd);
	row_add(label, fmt_ms(&sm, 1e-3), fmt_ms(&sd, 1e-3),
	    fmt_ratio(r, &ratios), target == 1.2 ? "≤ 1.2×" : "≤ 1.3×",
	    r <= target);
	note_add(xasprintf("%s: %d rounds of %d calls each way; answers of "
	    "%zu bytes (MCP) and %zu bytes (WebSocket); qtmcp's CPU time "
	    "%.0f µs a call.", label, reps, n, bm, bd, cpu / (reps * n)));
	sclear(&sd);
	sclear(&sm);
	sclear(&rd);
	sclear(&rm);
	sclear(&ratios);
}

static void
fig_throughput(struct conn *d, struct conn *m, int n)
{
	struct samples	 sd = { 0 }, sm = { 0 }, ratios = { 0 };
	double		 a, b, r;
	int		 k;

	conn_pipeline(d, "qt.ping", "{}", n / 4, 8);
	conn_pipeline(m, "qt_ping", "{}", n / 4, 8);
	for (k = 0; k < reps; k++) {
		if (k % 2 == 0) {
			a = conn_pipeline(d, "qt.ping", "{}", n, 8);
			b = conn_pipeline(m, "qt_ping", "{}", n, 8);
		} else {
			b = conn_pipeline(m, "qt_ping", "{}", n, 8);
			a = conn_pipeline(d, "qt.ping", "{}", n, 8);
		}
		sadd(&sd, a);
		sadd(&sm, b);
		sadd(&ratios, b / a);
	}
	r = smed(&sm) / smed(&sd);
	row_add("throughput, 8 calls in flight (qt_ping)", fmt_rate(&sm),
	    fmt_rate(&sd), fmt_ratio(r, &ratios), "≥ 0.8×", r >= 0.8);
	note_add(xasprintf("throughput: %d rounds of %d calls each way, 8 in "
	    "flight on the one connection the probe allows (its calls are "
	    "served one at a time) and on qtmcp's stdin.", reps, n));
	sclear(&sd);
	sclear(&sm);
	sclear(&ratios);
}

static void
fig_screenshot(struct conn *d, struct conn *m, pid_t qpid, struct conn *s)
{
	struct samples	 sd = { 0 }, sm = { 0 }, ss = { 0 }, ratios = { 0 };
	static const char geom[] = "{\"objectId\":\"QObject~3\",\"name\":"
	    "\"geometry\",\"value\":{\"x\":0,\"y\":0,\"width\":%d,"
	    "\"height\":%d}}";
	char		*args;
	size_t		 bd = 0, bm = 0, bs = 0;
	double		 a, b, c, r, cpu = 0;
	cJSON		*j, *pl;
	int		 k, n = reps, w, h;

	/* A real application may refuse: then its window is what it is. */
	args = xasprintf(geom, SHOT_W, SHOT_H);
	cJSON_Delete(conn_call_json(d, "qt.properties.set", args));
	cJSON_Delete(conn_call_json(m, "qt_properties_set", args));
	cJSON_Delete(conn_call_json(s, "qt_properties_set", args));
	free(args);
	j = conn_call_json(d, "cu.screenshot", "{}");
	pl = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "result"), "result");
	w = (int)jnum(pl, "width");
	h = (int)jnum(pl, "height");
	cJSON_Delete(j);
	conn_call(m, "cu_screenshot", "{}", NULL);
	conn_call(s, "cu_screenshot", "{}", NULL);
	for (k = 0; k < n; k++) {
		cpu -= proc_cpu_us(qpid);
		if (k % 2 == 0) {
			a = conn_call(d, "cu.screenshot", "{}", &bd);
			b = conn_call(m, "cu_screenshot", "{}", &bm);
			c = conn_call(s, "cu_screenshot", "{}", &bs);
		} else {
			c = conn_call(s, "cu_screenshot", "{}", &bs);
			b = conn_call(m, "cu_screenshot", "{}", &bm);
			a = conn_call(d, "cu.screenshot", "{}", &bd);
		}
		cpu += proc_cpu_us(qpid);
		sadd(&sd, a);
		sadd(&sm, b);
		sadd(&ss, c);
		sadd(&ratios, b / a);
	}
	r = smed(&sm) / smed(&sd);
	row_add("5 MB screenshot (cu_screenshot)", fmt_ms(&sm, 1e-3),
	    fmt_ms(&sd, 1e-3), fmt_ratio(r, &ratios), "≤ 1.3×", r <= 1.3);
	row_add("… made to fit max_image_bytes = 1M", fmt_ms(&ss, 1e-3),
	    fmt_ms(&sd, 1e-3), fmt_ratio(smed(&ss) / smed(&sd), NULL),
	    "(none)", -1);
	note_add(xasprintf("screenshot: a %dx%d window, PNG stored "
	    "uncompressed; bytes moved per call: %.2f MB as a JSON line "
	    "with MCP image content, %.2f MB as the probe's JSON with the "
	    "base64 PNG (both carry the same base64 text), %.2f MB when it "
	    "must fit 1 MB (decoded, recompressed, scaled if need be); %d "
	    "calls each way; qtmcp's CPU time %.1f ms a call.",
	    w, h, bm / 1e6, bd / 1e6, bs / 1e6, n, cpu / 1e3 / n));
	sclear(&sd);
	sclear(&sm);
	sclear(&ss);
	sclear(&ratios);
}

/*
 * RSS of the do-nothing program that links qtmcp's libraries: the median
 * of five runs, their range in base_lo and base_hi, the anonymous part of
 * the last in base_anon.
 */
static double	 base_lo, base_hi, base_anon;

static double
baseline_rss(void)
{
	struct samples	 v = { 0 };
	struct conn	 c;
	char		*argv[2], *p;
	size_t		 len;
	double		 r;
	pid_t		 pid;
	int		 out[2], i;

	argv[0] = xasprintf("%s/baseline", bin_dir);
	argv[1] = NULL;
	for (i = 0; i < 5; i++) {
		if (pipe2(out, O_CLOEXEC) == -1)
			fatal("pipe: %s", strerror(errno));
		pid = spawn(argv, environ, -1, out[1], -1);
		close(out[1]);
		conn_init(&c, "baseline", 0, out[0], -1);
		if (conn_recv(&c, &p, &len, now_us() + START_TIMEOUT) != 1)
			fatal("%s did not start", argv[0]);
		sadd(&v, proc_status_kb(pid, "VmRSS:"));
		base_anon = proc_status_kb(pid, "RssAnon:");
		kill(pid, SIGKILL);
		reap(pid, 5000);
		conn_close(&c);
	}
	free(argv[0]);
	r = smed(&v);
	base_lo = spct(&v, 0);
	base_hi = spct(&v, 100);
	sclear(&v);
	return (r);
}

/* The idle client, connected to port; its pid once it printed "ready". */
static pid_t
idle_client_start(int port, struct conn *c)
{
	char	*argv[3];
	char	*p;
	size_t	 len;
	pid_t	 pid;
	int	 out[2];

	argv[0] = xasprintf("%s/idle-client", bin_dir);
	argv[1] = xasprintf("%d", port);
	argv[2] = NULL;
	if (pipe2(out, O_CLOEXEC) == -1)
		fatal("pipe: %s", strerror(errno));
	pid = spawn(argv, environ, -1, out[1], -1);
	close(out[1]);
	conn_init(c, "idle-client", 0, out[0], -1);
	if (conn_recv(c, &p, &len, now_us() + START_TIMEOUT) != 1)
		fatal("idle-client did not connect to port %d", port);
	free(argv[0]);
	free(argv[1]);
	return (pid);
}

/* The samples, scaled, one after another. */
static char *
fmt_list(const struct samples *s, double scale)
{
	char	*a, *t;
	size_t	 i;

	a = xstrdup("");
	for (i = 0; i < s->n; i++) {
		t = xasprintf("%s%s%.2f", a, i ? " " : "", s->v[i] / scale);
		free(a);
		a = t;
	}
	return (a);
}

/* RSS after many calls and restarts; samples along the way. */
static double	 idle_anon;

static void
fig_rss(struct qtmcp *q, double idle, double base)
{
	struct samples	 calls = { 0 }, restarts = { 0 };
	double		 v, hwm, after, growth_c, growth_r;
	char		*a, *b;
	long		 done, step;
	int		 i, j;

	step = ncalls / 10 > 0 ? ncalls / 10 : 1;
	for (done = 0; done < ncalls; done += step) {
		for (j = 0; j < step; j += 100) {
			conn_pipeline(&q->c, "qt_ping", "{}", 50, 8);
			conn_pipeline(&q->c, "qt_objects_query", "{}", 50, 8);
		}
		sadd(&calls, proc_status_kb(q->pid, "VmRSS:"));
		note("  %ld calls: RSS %.2f MiB", done + step,
		    calls.v[calls.n - 1] / MIB);
	}
	step = nrestarts / 10 > 0 ? nrestarts / 10 : 1;
	for (i = 0; i < nrestarts; i += step) {
		for (j = 0; j < step && i + j < nrestarts; j++)
			conn_call(&q->c, "qtmcp_restart", "{}", NULL);
		/* One call to the new application, then the sample. */
		conn_call(&q->c, "qt_ping", "{}", NULL);
		sadd(&restarts, proc_status_kb(q->pid, "VmRSS:"));
		note("  %d restarts: RSS %.2f MiB", i + j,
		    restarts.v[restarts.n - 1] / MIB);
	}
	after = proc_status_kb(q->pid, "VmRSS:");
	hwm = proc_status_kb(q->pid, "VmHWM:");
	v = idle - base;
	row_add("RSS idle (connected, ready)", xasprintf("%.2f MiB",
	    idle / MIB), xasprintf("%.2f MiB [%.2f–%.2f]", base / MIB,
	    base_lo / MIB, base_hi / MIB), xasprintf("+%.2f MiB", v / MIB),
	    "≤ +1 MiB", v <= MIB);
	growth_c = calls.v[calls.n - 1] - calls.v[calls.n > 1 ? 1 : 0];
	growth_r = restarts.v[restarts.n - 1] - restarts.v[0];
	v = after - base;
	row_add(xasprintf("RSS after %ld calls and %ld restarts", ncalls,
	    nrestarts), xasprintf("%.2f MiB (peak %.2f)", after / MIB,
	    hwm / MIB), xasprintf("%.2f MiB", base / MIB),
	    xasprintf("+%.2f MiB; last 90%% of calls %+.2f, of restarts "
	    "%+.2f", v / MIB, growth_c / MIB, growth_r / MIB),
	    "≤ +1 MiB, flat", v <= MIB && growth_c < 0.1 * MIB &&
	    growth_r < 0.1 * MIB);
	note_add(xasprintf("RSS: VmRSS of qtmcp; the limit is bench/baseline, "
	    "a program that does nothing but link qtmcp's libraries. Calls "
	    "alternate qt_ping and qt_objects_query, 8 in flight; restarts "
	    "are qtmcp_restart calls. Samples every tenth, MiB: calls %s; "
	    "restarts %s. Anonymous memory (RssAnon), idle: qtmcp %.2f MiB, "
	    "the baseline %.2f MiB; the rest of RSS is pages of the program "
	    "and its libraries.", a = fmt_list(&calls, MIB),
	    b = fmt_list(&restarts, MIB), idle_anon / MIB, base_anon / MIB));
	free(a);
	free(b);
	sclear(&calls);
	sclear(&restarts);
}

/*
 * Crash to the next successful call: SIGSEGV to the application, then
 * qt_ping until one succeeds.
 */
static void
fig_crash(struct qtmcp *q, struct samples *out, int *failed_calls)
{
	struct pollfd	 pfd;
	cJSON		*root, *t;
	uint64_t	 t0, t1;
	size_t		 len;
	double		 up;
	long		 id;
	pid_t		 pid;
	char		*p;
	int		 k;

	*failed_calls = 0;
	for (k = 0; k < reps; k++) {
		t = qtmcp_status(q, &root);
		pid = (pid_t)jnum(t, "pid");
		up = jnum(t, "uptime_ms");
		if (strcmp(jstr(t, "state"), "ready") != 0 || pid <= 0)
			fatal("crash: the target is %s", jstr(t, "state"));
		cJSON_Delete(root);
		/* A run shorter than stable_time (1 s) is a quick failure. */
		if (up < 1100)
			pause_us((uint64_t)(1100 - up) * 1000);
		/*
		 * The next call goes once the application is dead: a
		 * SIGSEGV makes a core-dumping exit, which waits for the
		 * thread that takes the signal, while another thread may
		 * still answer.
		 */
		if ((pfd.fd = (int)syscall(SYS_pidfd_open, pid, 0)) == -1)
			fatal("pidfd_open: %s", strerror(errno));
		pfd.events = POLLIN;
		t0 = now_us();
		kill(pid, SIGSEGV);
		if (poll(&pfd, 1, 10000) != 1)
			fatal("crash: pid %ld did not die", (long)pid);
		close(pfd.fd);
		for (;;) {
			id = conn_request(&q->c, "qt_ping", "{}");
			len = conn_wait(&q->c, id, &p, now_us() + CALL_TIMEOUT);
			if (msg_ok(&q->c, p, len))
				break;
			(*failed_calls)++;
			if (now_us() - t0 > START_TIMEOUT)
				fatal("crash: no successful call after the "
				    "crash: %.300s", p);
		}
		t1 = now_us();
		sadd(out, (t1 - t0) / 1e3);
	}
}

/*
 * Start-up: per round, exec of the one-line program, exec of qtmcp (to its
 * answer to initialize, and on to its target's ready), the application
 * started directly with a client racing to ping it, both with a listen
 * delay that differs from round to round (the real probe listens 90-120 ms
 * after exec, a Qt application may take longer: qtmcp's retries meet it at
 * any phase), and the application as the crash figure runs it.
 */
struct startup {
	struct samples	oneline;	/* ms exec -> line */
	struct samples	baseline;	/* ms exec -> line, qtmcp's libraries */
	struct samples	init;		/* ms exec -> initialize answered */
	struct samples	ready;		/* ms first accept -> ready */
	struct samples	accept_pong;	/* ms first accept -> pong, direct */
	struct samples	app;		/* ms exec -> first pong, direct */
};

static void
startup_round(struct startup *su, int k)
{
	struct qtmcp	 q;
	struct app	 a;
	struct conn	 c;
	uint64_t	 t0, t1, ta;
	char		*argv[2], *p, *stamp, *cfg, *faults;
	size_t		 len;
	pid_t		 pid;
	int		 out[2], which, i;

	faults = xasprintf("%s,listen_delay=%d", app_faults,
	    100 + (k * 37) % 200);
	for (i = 0; i < 5; i++) {
		which = (i + k) % 5;
		switch (which) {
		case 0:
		case 4:
			argv[0] = xasprintf("%s/%s", bin_dir, which == 0 ?
			    "oneline" : "baseline");
			argv[1] = NULL;
			if (pipe2(out, O_CLOEXEC) == -1)
				fatal("pipe: %s", strerror(errno));
			t0 = now_us();
			pid = spawn(argv, environ, -1, out[1], -1);
			close(out[1]);
			conn_init(&c, "oneline", 0, out[0], -1);
			if (conn_recv(&c, &p, &len, t0 + START_TIMEOUT) != 1)
				fatal("oneline printed nothing");
			t1 = now_us();
			sadd(which == 0 ? &su->oneline : &su->baseline,
			    (t1 - t0) / 1e3);
			conn_close(&c);
			kill(pid, SIGKILL);
			reap(pid, 5000);
			free(argv[0]);
			break;
		case 1:
			stamp = xasprintf("%s/stamp-q%d", bench_dir, k);
			cfg = qtmcp_config("startup", "", faults, stamp);
			qtmcp_start(&q, "startup", cfg, 1, &t0);
			t1 = qtmcp_initialize(&q, 1);
			sadd(&su->init, (t1 - t0) / 1e3);
			while (q.c.readies == 0) {
				if (conn_recv(&q.c, &p, &len, t0 +
				    START_TIMEOUT) != 1)
					fatal("startup: no ready notification "
					    "(see %s)", q.log);
				if (msg_id(p, len) == -1)
					conn_notification(&q.c, p, len);
			}
			if ((ta = read_stamp(stamp)) == 0)
				fatal("startup: no accept stamp in %s", stamp);
			sadd(&su->ready, ((double)q.c.ready_us - ta) / 1e3);
			qtmcp_stop(&q);
			unlink(stamp);
			free(stamp);
			free(cfg);
			break;
		case 2:
		case 3:
			stamp = xasprintf("%s/stamp-d%d", bench_dir, k);
			app_start(&a, which == 2 ? faults : APP_FAULTS, stamp,
			    &t0);
			t1 = ws_open_ready(&c, a.port, t0 + START_TIMEOUT);
			if ((ta = read_stamp(stamp)) == 0)
				fatal("startup: no accept stamp in %s", stamp);
			if (which == 2)
				sadd(&su->accept_pong, ((double)t1 - ta) / 1e3);
			else
				sadd(&su->app, (t1 - t0) / 1e3);
			conn_close(&c);
			app_stop(&a);
			unlink(stamp);
			free(stamp);
			break;
		}
	}
	free(faults);
}

/* --- main ---------------------------------------------------------------- */

static char *
find_bin(const char *top, const char *rel)
{
	char	*p = xasprintf("%s/%s", top, rel);

	if (access(p, X_OK) != 0 && access(p, R_OK) != 0)
		fatal("%s not found: run make bench", p);
	return (p);
}

static const char	*only;	/* QTMCP_BENCH_ONLY */

/* Is figure name one to measure? */
static int
want(const char *name)
{
	const char	*p;
	size_t		 n = strlen(name);

	if (only == NULL || *only == '\0')
		return (1);
	for (p = only; (p = strstr(p, name)) != NULL; p += n) {
		if ((p == only || p[-1] == ',') && (p[n] == '\0' ||
		    p[n] == ','))
			return (1);
	}
	return (0);
}

static void
startup_rows(struct startup *su)
{
	double	v;

	v = smed(&su->init) - smed(&su->oneline);
	row_add("exec → answer to initialize", fmt_ms(&su->init, 1),
	    xasprintf("%s (exec → one line)", fmt_ms(&su->oneline, 1)),
	    xasprintf("+%.2f ms", v), "≤ +5 ms", v <= 5);
	v = smed(&su->ready) - smed(&su->accept_pong);
	row_add("probe able to answer → target ready",
	    xasprintf("%s after the first accept", fmt_ms(&su->ready, 1)),
	    xasprintf("%s (a direct client's first pong)",
	    fmt_ms(&su->accept_pong, 1)), xasprintf("+%.2f ms", v), "≤ 15 ms",
	    v <= 15);
	note_add(xasprintf("start-up: %d rounds, each running in rotating "
	    "order the one-line program, bench/baseline, qtmcp with its "
	    "target, and the application started directly, twice, with a "
	    "client retrying every 1 ms. The double's listen_delay differs "
	    "from round to round (100–299 ms, loop_delay 50 ms: the real "
	    "probe's shortest gap between listening and answering), so "
	    "qtmcp's attempts meet the probe at every phase. \"Probe able to "
	    "answer\" is the application's first accept(): "
	    "bench/accept-stamp.so, preloaded beside the probe, connects as "
	    "soon as the probe listens, so a connection waits when the loop "
	    "starts. qtmcp's ready is the arrival of its \"ready in\" "
	    "notifications/message; a direct client's accept → pong "
	    "(handshake, first ping) is what any client needs after that "
	    "moment, and the overhead is the difference of the medians. "
	    "Loading qtmcp's libraries alone (bench/baseline, exec → its "
	    "first line) takes %.2f ms [%.2f–%.2f] of its start-up.", reps,
	    smed(&su->baseline), spct(&su->baseline, 10),
	    spct(&su->baseline, 90)));
}

int
main(int argc, char **argv)
{
	struct app	 d, d2;
	struct conn	 dc, ic;
	struct qtmcp	 q, q2;
	struct startup	 su;
	struct samples	 crash = { 0 };
	struct rlimit	 rl = { 0, 0 };
	const char	*top, *quick;
	char		*cfg, tmpl[] = "/tmp/qtmcp-bench-XXXXXX", *s;
	double		 idle = 0, base = 0, ic_rss = 0, v, over;
	uint64_t	 idle_t0 = 0, idle_t1;
	long long	 qsw0 = 0, qsw1, isw0 = 0, isw1;
	pid_t		 icpid = 0;
	int		 failed_calls = 0, k, nrt;

	top = getenv("top_builddir");
	if (top == NULL || *top == '\0')
		top = ".";
	quick = getenv("QTMCP_BENCH_QUICK");
	k = quick != NULL && strcmp(quick, "1") == 0;
	reps = env_long("QTMCP_BENCH_REPS", k ? 5 : 20, 1, 10000);
	ncalls = env_long("QTMCP_BENCH_CALLS", k ? 10000 : 100000, 100,
	    100000000);
	nrestarts = env_long("QTMCP_BENCH_RESTARTS", k ? 10 : 100, 1, 100000);
	idle_secs = env_long("QTMCP_BENCH_IDLE", k ? 10 : 60, 1, 86400);
	nrt = k ? 50 : 100;
	bench_keep = getenv("QTMCP_BENCH_KEEP") != NULL;
	only = getenv("QTMCP_BENCH_ONLY");
	if ((s = getenv("QTMCP_BENCH_FAULTS")) != NULL && *s != '\0')
		app_faults = xasprintf("%s,%s", APP_FAULTS_DEFAULT, s);

	bin_dir = xasprintf("%s/bench", top);
	qtmcp_bin = find_bin(top, "qtmcp");
	launcher = find_bin(top, "qtmcp-launch");
	stamp_lib = find_bin(top, "bench/accept-stamp.so");
	free(find_bin(top, "bench/oneline"));
	free(find_bin(top, "bench/baseline"));
	free(find_bin(top, "bench/idle-client"));
	if ((s = getenv("QTMCP_BENCH_PROBE")) != NULL && *s != '\0') {
		app_probe = s;
		if ((app_program = getenv("QTMCP_BENCH_APP")) == NULL ||
		    *app_program == '\0')
			fatal("QTMCP_BENCH_PROBE needs QTMCP_BENCH_APP");
		app_args = getenv("QTMCP_BENCH_APP_ARGS");
		real_probe = 1;
	} else {
		app_probe = find_bin(top, "tests/double/libqtmcp-probe.so");
		app_program = find_bin(top, "tests/double/qtmcp-test-app");
	}
	(void)argc;
	(void)argv;

	if (mkdtemp(tmpl) == NULL)
		fatal("mkdtemp: %s", strerror(errno));
	bench_dir = xstrdup(tmpl);
	atexit(bench_cleanup);
	signal(SIGINT, bench_signal);
	signal(SIGTERM, bench_signal);
	signal(SIGHUP, bench_signal);
	signal(SIGPIPE, SIG_IGN);
	/* Crashes write no core files, here or in the applications. */
	setrlimit(RLIMIT_CORE, &rl);

	note("%d rounds, %ld calls, %ld restarts, %ld s idle", reps, ncalls,
	    nrestarts, idle_secs);

	/* The direct application and qtmcp with its own. */
	app_start(&d, APP_FAULTS, NULL, NULL);
	ws_open_ready(&dc, d.port, now_us() + START_TIMEOUT);
	cfg = qtmcp_config("main", "max_image_bytes = 64M\n", APP_FAULTS,
	    NULL);
	qtmcp_start(&q, "main", cfg, 0, NULL);
	free(cfg);
	qtmcp_initialize(&q, 0);
	qtmcp_wait_ready(&q);
	if (want("rss")) {
		idle = proc_status_kb(q.pid, "VmRSS:");
		idle_anon = proc_status_kb(q.pid, "RssAnon:");
		base = baseline_rss();
		note("ready: RSS of qtmcp %.2f MiB, of the baseline %.2f MiB",
		    idle / MIB, base / MIB);
	}

	if (want("rtt")) {
		note("round trips");
		fig_round_trip(&dc, &q.c, q.pid, "round trip qt_ping", "qt.ping",
		    "qt_ping", "{}", nrt, 1.2);
		fig_round_trip(&dc, &q.c, q.pid, "round trip qt_objects_query "
		    "(~100 objects)", "qt.objects.query", "qt_objects_query",
		    "{}", nrt, 1.2);
	}
	if (want("throughput")) {
		note("throughput");
		fig_throughput(&dc, &q.c, k ? 500 : 2000);
	}
	if (want("screenshot")) {
		/* A second qtmcp, whose images must fit 1 MB. */
		note("screenshots");
		cfg = qtmcp_config("scaled", "", APP_FAULTS, NULL);
		qtmcp_start(&q2, "scaled", cfg, 0, NULL);
		free(cfg);
		qtmcp_initialize(&q2, 0);
		qtmcp_wait_ready(&q2);
		fig_screenshot(&dc, &q.c, q.pid, &q2.c);
		qtmcp_stop(&q2);
	}
	if (want("rss")) {
		note("RSS: %ld calls, %ld restarts", ncalls, nrestarts);
		fig_rss(&q, idle, base);
	}
	if (want("crash")) {
		note("crash -> next call");
		fig_crash(&q, &crash, &failed_calls);
	}

	/* Idle: qtmcp, and the idle client on an application of its own. */
	if (want("idle")) {
		app_start(&d2, APP_FAULTS, NULL, NULL);
		ws_open_ready(&ic, d2.port, now_us() + START_TIMEOUT);
		conn_close(&ic);
		icpid = idle_client_start(d2.port, &ic);
		pause_us(500000);	/* let both settle */
		ic_rss = proc_status_kb(icpid, "VmRSS:");
		idle_t0 = now_us();
		qsw0 = proc_switches(q.pid);
		isw0 = proc_switches(icpid);
		note("idle for %ld s%s", idle_secs, want("startup") ||
		    want("crash") ? ", start-up rounds meanwhile" : "");
	}

	memset(&su, 0, sizeof su);
	if (want("startup") || want("crash")) {
		for (k = 0; k < reps; k++)
			startup_round(&su, k);
	}
	if (want("idle")) {
		if (now_us() < idle_t0 + (uint64_t)idle_secs * 1000000)
			pause_us(idle_t0 + (uint64_t)idle_secs * 1000000 -
			    now_us());
		qsw1 = proc_switches(q.pid);
		isw1 = proc_switches(icpid);
		idle_t1 = now_us();
		conn_call(&q.c, "qt_ping", "{}", NULL);	/* still there */
		v = (double)(qsw1 - qsw0) * 60e6 / (idle_t1 - idle_t0);
		row_add(xasprintf("wake-ups of an idle qtmcp over %ld s",
		    idle_secs), xasprintf("%lld", qsw1 - qsw0),
		    xasprintf("%lld (bench/idle-client)", isw1 - isw0),
		    xasprintf("%+lld", (qsw1 - qsw0) - (isw1 - isw0)),
		    "nothing beyond lws' 30 s timer", qsw1 - qsw0 <= isw1 - isw0);
		note_add(xasprintf("wake-ups: context switches (voluntary and "
		    "not) of every thread in /proc/PID/task/*/status over %.1f s "
		    "(%.1f a minute), qtmcp connected and ready, beside "
		    "bench/idle-client: libwebsockets on libev connected to the "
		    "same kind of probe and doing nothing, whose wake-ups are "
		    "lws' own housekeeping. RSS of that idle client: %.2f MiB.",
		    (idle_t1 - idle_t0) / 1e6, v, ic_rss / MIB));
		kill(icpid, SIGTERM);
		reap(icpid, 5000);
		conn_close(&ic);
		app_stop(&d2);
	}
	if (want("startup"))
		startup_rows(&su);
	if (want("crash")) {
		over = smed(&crash) - smed(&su.app);
		row_add("SIGSEGV → next tool call succeeds", fmt_ms(&crash, 1),
		    xasprintf("%s (exec → first pong, direct)",
		    fmt_ms(&su.app, 1)), xasprintf("+%.2f ms", over),
		    "≤ +20 ms", over <= 20);
		note_add(xasprintf("crash: %d crashes of a target that had run "
		    "over stable_time (1 s, so the restart is immediate), each "
		    "followed, as soon as the application is dead, by qt_ping "
		    "calls until one succeeded (%d failed first: calls made "
		    "before qtmcp saw the death). The limit is the application's "
		    "own start-up, from the start-up rounds.", reps,
		    failed_calls));
	}

	conn_close(&dc);
	qtmcp_stop(&q);
	app_stop(&d);

	print_machine();
	print_table();
	return (0);
}

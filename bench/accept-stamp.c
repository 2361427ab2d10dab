/*
 * accept-stamp.so: preloaded into the application by the benchmarks,
 * beside the probe, to find the moment the probe can first serve a client.
 *
 * The probe listens well before the application reaches its event loop;
 * connections wait in the kernel's backlog until the loop accepts them.
 * So when the probe starts listening on QTMCP_PORT, this library connects
 * to it at once (a plain TCP connection that sends nothing), which
 * guarantees a connection is waiting when the loop starts; the first
 * accept() is then that moment, and its CLOCK_MONOTONIC time in
 * microseconds goes to the file named by QTMCP_BENCH_STAMP.  The waiting
 * connection is closed right after it is accepted, before it could send
 * anything, so it is never a WebSocket client and takes no client's place.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int	listen(int, int);
int	accept(int, struct sockaddr *, socklen_t *);
int	accept4(int, struct sockaddr *, socklen_t *, int);

static int	stamp_done;
static int	stamp_fd = -1;		/* our waiting connection */

static void
stamp(void)
{
	struct timespec	 ts;
	const char	*path;
	char		 buf[32];
	int		 fd, n;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (__atomic_exchange_n(&stamp_done, 1, __ATOMIC_SEQ_CST))
		return;
	if ((fd = __atomic_exchange_n(&stamp_fd, -1, __ATOMIC_SEQ_CST)) != -1)
		close(fd);
	if ((path = getenv("QTMCP_BENCH_STAMP")) == NULL || *path == '\0')
		return;
	n = snprintf(buf, sizeof buf, "%lld\n",
	    (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
	fd = open(path, O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644);
	if (fd == -1)
		return;
	if (write(fd, buf, n) != n)
		unlink(path);
	close(fd);
}

int
listen(int s, int backlog)
{
	static int		(*real)(int, int);
	struct sockaddr_storage	 ss;
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof ss;
	const char		*port;
	int			 rc, fd, saved, p = -1;

	if (real == NULL)
		real = (int (*)(int, int))dlsym(RTLD_NEXT, "listen");
	if ((rc = real(s, backlog)) != 0)
		return (rc);
	saved = errno;
	port = getenv("QTMCP_PORT");
	if (getsockname(s, (struct sockaddr *)&ss, &len) == 0) {
		if (ss.ss_family == AF_INET)
			p = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		else if (ss.ss_family == AF_INET6)
			p = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	}
	/* 127.0.0.1 reaches 127.0.0.1, 0.0.0.0 and a dual-stack ::. */
	if (port != NULL && p == atoi(port) && stamp_fd == -1 &&
	    !stamp_done &&
	    (fd = socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0)) != -1) {
		memset(&sin, 0, sizeof sin);
		sin.sin_family = AF_INET;
		sin.sin_port = htons(p);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (connect(fd, (struct sockaddr *)&sin, sizeof sin) == 0)
			stamp_fd = fd;
		else
			close(fd);
	}
	errno = saved;
	return (rc);
}

int
accept(int s, struct sockaddr *sa, socklen_t *len)
{
	static int	(*real)(int, struct sockaddr *, socklen_t *);
	int		 fd;

	if (real == NULL)
		real = (int (*)(int, struct sockaddr *, socklen_t *))dlsym(
		    RTLD_NEXT, "accept");
	fd = real(s, sa, len);
	if (fd != -1)
		stamp();
	return (fd);
}

int
accept4(int s, struct sockaddr *sa, socklen_t *len, int flags)
{
	static int	(*real)(int, struct sockaddr *, socklen_t *, int);
	int		 fd;

	if (real == NULL)
		real = (int (*)(int, struct sockaddr *, socklen_t *, int))dlsym(
		    RTLD_NEXT, "accept4");
	fd = real(s, sa, len, flags);
	if (fd != -1)
		stamp();
	return (fd);
}

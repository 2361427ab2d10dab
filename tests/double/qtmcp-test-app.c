/*
 * qtmcp-test-app: the application the probe double attaches to in tests.
 * A plain C program with its own main loop, some chatter on stdout and
 * stderr at start, and a clean exit (status 0) on SIGTERM, SIGINT or
 * SIGHUP, which then meets the double's crash-at-exit quirk like the real
 * Qt test app does.  It tells the double, when preloaded, that it started
 * (and how to make it quit: the main window was closed) and when it
 * reaches its main loop, so that the double completes handshakes only
 * then, as a Qt app does in exec().
 *
 * usage: qtmcp-test-app [-c lines] [-d ms] [-i ms] [-s status] [-t ms]
 *   -c lines   stderr lines at start (default 3)   QTMCP_TEST_APP_CHATTER
 *   -d ms      delay before the main loop (0)      QTMCP_TEST_APP_DELAY
 *   -i ms      a stdout line every ms (off)        QTMCP_TEST_APP_TICK
 *   -s status  exit status for -t (0)              QTMCP_TEST_APP_STATUS
 *   -t ms      leave the main loop after ms (off)  QTMCP_TEST_APP_EXIT_AFTER
 * Options win over the environment.
 */

#include <sys/types.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t	 app_signal;
static int			 app_wake[2] = { -1, -1 };

static void
app_on_signal(int sig)
{
	int	saved = errno;
	ssize_t	n;

	app_signal = sig;
	n = write(app_wake[1], "s", 1);
	(void)n;
	errno = saved;
}

/* Called by the double, from its thread: the main window was closed. */
static void
app_quit(void)
{
	ssize_t	n;

	n = write(app_wake[1], "q", 1);
	(void)n;
}

static long
app_opt(const char *env, long def)
{
	const char	*s = getenv(env);

	return (s != NULL && *s != '\0' ? strtol(s, NULL, 10) : def);
}

static long
app_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

int
main(int argc, char **argv)
{
	void		(*started)(void (*)(void));
	void		(*loop_reached)(void);
	struct sigaction sa;
	struct pollfd	 pfd;
	long		 chatter, delay, tick, status, exit_after;
	long		 start, now, next_tick, timeout;
	int		 ch, i, quit = 0, rc = 0;
	char		 c;

	chatter = app_opt("QTMCP_TEST_APP_CHATTER", 3);
	delay = app_opt("QTMCP_TEST_APP_DELAY", 0);
	tick = app_opt("QTMCP_TEST_APP_TICK", 0);
	status = app_opt("QTMCP_TEST_APP_STATUS", 0);
	exit_after = app_opt("QTMCP_TEST_APP_EXIT_AFTER", 0);
	while ((ch = getopt(argc, argv, "c:d:i:s:t:")) != -1) {
		switch (ch) {
		case 'c':
			chatter = strtol(optarg, NULL, 10);
			break;
		case 'd':
			delay = strtol(optarg, NULL, 10);
			break;
		case 'i':
			tick = strtol(optarg, NULL, 10);
			break;
		case 's':
			status = strtol(optarg, NULL, 10);
			break;
		case 't':
			exit_after = strtol(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: qtmcp-test-app [-c lines] "
			    "[-d ms] [-i ms] [-s status] [-t ms]\n");
			return (2);
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (pipe(app_wake) == -1) {
		perror("qtmcp-test-app: pipe");
		return (1);
	}
	fcntl(app_wake[1], F_SETFL, O_NONBLOCK);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = app_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	started = (void (*)(void (*)(void)))dlsym(RTLD_DEFAULT,
	    "qtmcp_double_app_started");
	loop_reached = (void (*)(void))dlsym(RTLD_DEFAULT,
	    "qtmcp_double_loop_reached");
	if (started != NULL)
		started(app_quit);

	printf("qtmcp-test-app: started, pid %ld\n", (long)getpid());
	for (i = 1; i <= chatter; i++)
		fprintf(stderr, "qtmcp-test-app: starting up (%d/%ld)\n", i,
		    chatter);
	if (delay > 0)
		poll(NULL, 0, (int)delay);

	if (loop_reached != NULL)
		loop_reached();
	printf("qtmcp-test-app: in main loop\n");
	start = app_now_ms();
	next_tick = tick > 0 ? start + tick : 0;
	while (!quit) {
		now = app_now_ms();
		timeout = -1;
		if (exit_after > 0) {
			if (now - start >= exit_after) {
				rc = (int)status;
				break;
			}
			timeout = start + exit_after - now;
		}
		if (next_tick != 0) {
			if (now >= next_tick) {
				printf("qtmcp-test-app: tick %ld\n",
				    (now - start) / tick);
				next_tick += tick;
			}
			if (timeout == -1 || next_tick - now < timeout)
				timeout = next_tick - now > 0 ?
				    next_tick - now : 0;
		}
		pfd.fd = app_wake[0];
		pfd.events = POLLIN;
		if (poll(&pfd, 1, (int)timeout) > 0 &&
		    read(app_wake[0], &c, 1) == 1) {
			if (c == 'q')
				printf("qtmcp-test-app: window closed\n");
			quit = 1;
		}
	}
	if (app_signal != 0)
		printf("qtmcp-test-app: exiting on signal %d\n",
		    (int)app_signal);
	else
		printf("qtmcp-test-app: exiting with status %d\n", rc);
	fprintf(stderr, "qtmcp-test-app: bye\n");
	return (rc);
}

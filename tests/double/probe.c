/*
 * probe.c: the preloaded library itself.  Its constructor prints the real
 * probe's load line and starts the double's one thread; the thread waits
 * as long as Qt takes to construct the application object, builds the
 * model, listens (printing "QtMCP listening on ws://0.0.0.0:<port>"),
 * waits for the application's event loop, then serves.  Its destructor
 * reproduces the crash at exit seen with Qt 6.4.2: a last line
 * "[QtMCP] SignalMonitor destroyed" and death by SIGSEGV.
 *
 * An application may cooperate through two optional entry points (the
 * test application looks them up with dlsym): it says when it starts and
 * how to make it quit, and when it reaches its main loop.
 */

#include <sys/resource.h>

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "double.h"

int			 probe_port = DEFAULT_PORT;
static int64_t		 probe_loaded;		/* now_us() at load */
static void		(*probe_app_quit)(void);
static volatile int	 probe_cooperative;
static volatile int	 probe_in_loop;

void	qtmcp_double_app_started(void (*)(void));
void	qtmcp_double_loop_reached(void);

/* The application starts; quit() makes it leave its main loop. */
void
qtmcp_double_app_started(void (*quit)(void))
{
	probe_app_quit = quit;
	probe_cooperative = 1;
}

/* The application entered its main loop: handshakes may complete. */
void
qtmcp_double_loop_reached(void)
{
	probe_in_loop = 1;
}

int
probe_app_loop_reached(void)
{
	return (!probe_cooperative || probe_in_loop);
}

/* Die by a signal, without a core file in the test's directory. */
void
probe_die(int sig, const char *why)
{
	struct rlimit	rl = { 0, 0 };
	sigset_t	set;

	(void)why;
	setrlimit(RLIMIT_CORE, &rl);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);
}

/*
 * The main window was closed: the app leaves its event loop and exits.
 * A cooperating app is asked to; otherwise SIGTERM if it handles it,
 * else exit(0) from here.
 */
void
probe_quit_app(void)
{
	struct sigaction	sa;

	if (probe_app_quit != NULL) {
		probe_app_quit();
		return;
	}
	if (sigaction(SIGTERM, NULL, &sa) == 0 && sa.sa_handler != SIG_DFL &&
	    sa.sa_handler != SIG_IGN) {
		kill(getpid(), SIGTERM);
		return;
	}
	exit(0);
}

void
probe_quit_app_action(void *arg)
{
	probe_quit_app();
}

/* Probe::readConfiguration: 1..65535, anything else is 9222. */
static int
probe_read_port(void)
{
	const char	*s = getenv("QTMCP_PORT");
	char		*end;
	long		 n;

	if (s == NULL)
		return (DEFAULT_PORT);
	while (isspace((unsigned char)*s))
		s++;
	errno = 0;
	n = strtol(s, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (errno != 0 || end == s || *end != '\0' || n < 1 || n > 65535)
		return (DEFAULT_PORT);
	return ((int)n);
}

static void
probe_idle(void)
{
	for (;;)
		fault_wait_ms(1000);
}

static void *
probe_thread(void *arg)
{
	int64_t	left;

	/* Qt loads and constructs the application object meanwhile. */
	left = (int64_t)faults.listen_delay * 1000 - (now_us() - probe_loaded);
	if (left > 0)
		fault_wait_ms((int)(left / 1000));
	if (faults.nolisten) {
		fault_fired_env();
		probe_idle();
	}
	probe_port = probe_read_port();
	obj_init();
	app_init();
	if (ws_listen(probe_port) == -1) {
		con_raw("[QtMCP] ERROR: Failed to start WebSocket server on "
		    "port %d", probe_port);
		probe_idle();
	}
	con_raw("QtMCP listening on ws://0.0.0.0:%d", probe_port);
	con_init();
	rpc_init();
	nat_names_autoload();

	/* Handshakes wait for the application's event loop. */
	fault_wait_ms(faults.loop_delay);
	while (!probe_app_loop_reached())
		fault_wait_ms(5);
	ws_run();
	return (NULL);
}

__attribute__((constructor)) static void
probe_load(void)
{
	const char	*enabled = getenv("QTMCP_ENABLED");
	pthread_t	 t;
	pthread_attr_t	 attr;
	sigset_t	 all, old;

	probe_loaded = now_us();
	/* QTMCP_ENABLED=0 only hides this line (probe_init_linux.cpp). */
	if (enabled == NULL || strcmp(enabled, "0") != 0)
		con_raw("[QtMCP] Library loaded, waiting for Qt startup");
	fault_env();

	/* Signals for the application go to the application's thread. */
	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGABRT);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, probe_thread, NULL) != 0)
		con_raw("[QtMCP double] cannot start its thread");
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* The crash at exit with the probe loaded (probe-protocol.md 1.4). */
__attribute__((destructor)) static void
probe_unload(void)
{
	if (!faults.exit_segv)
		return;
	con_raw("[QtMCP] SignalMonitor destroyed");
	probe_die(SIGSEGV, "exit");
}

/*
 * qtmcp-launch: start a program with the QtMcp probe injected.
 *
 * It finds the probe library, puts it first in LD_PRELOAD, sets QTMCP_PORT
 * (and QTPILOT_PORT, read by the probe's successor) and replaces itself
 * with the program, so the program keeps the launcher's PID, receives
 * signals directly and its exit status is the launcher's.  With -d the
 * program runs once, detached in a new session, and its PID is printed.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qtmcp.h"

static const char *usage_text =
"usage: qtmcp-launch [-dhqV] [-p port] [--probe path] [--] program [arg ...]\n"
"\n"
"Start program with the QtMcp probe loaded (LD_PRELOAD), serving on port.\n"
"\n"
"  -p, --port port    probe port (default: $QTMCP_PORT, else 9222)\n"
"      --probe path   probe library (default: $QTMCP_PROBE, else searched)\n"
"  -d, --detach       start program in a new session, print its PID, exit\n"
"  -q, --quiet        print no start-up lines on stderr\n"
"  -h, --help         print this help and exit\n"
"  -V, --version      print the version and exit (-v also works)\n"
"\n"
"Launcher options may also follow the program name; arguments after --\n"
"go to the program untouched.  See qtmcp-launch(1).\n";

static void
say(const char *fmt, ...)
{
	va_list	ap;

	fputs("qtmcp-launch: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static noreturn_fn void
usage_error(const char *cause)
{
	say("%s", cause);
	fputs("usage: qtmcp-launch [-dhqV] [-p port] [--probe path] [--] "
	    "program [arg ...]\n", stderr);
	exit(2);
}

/* argv for exec: the program, then its arguments. */
static char **
build_argv(const struct launch_opts *lo)
{
	char	**argv;
	int	  i;

	argv = xcalloc(lo->nargs + 2, sizeof *argv);
	argv[0] = (char *)lo->program;
	for (i = 0; i < lo->nargs; i++)
		argv[i + 1] = (char *)lo->args[i];
	return (argv);
}

static noreturn_fn void
exec_failed(const char *program, int error)
{
	if (error == ENOENT || error == ENOTDIR)
		say("%s: program not found", program);
	else
		say("cannot execute %s: %s", program, strerror(error));
	exit(launch_exec_status(error));
}

/*
 * Detached start: the child starts a new session and execs; a close-on-exec
 * pipe tells the parent whether exec succeeded (EOF) or failed (the errno),
 * so a PID is printed only for a program that really runs.  The program's
 * stdout goes to our stderr, so that "pid=$(qtmcp-launch -d ...)" returns at
 * once instead of waiting for the program to close the pipe.
 */
static int
detach(char **argv)
{
	pid_t	 pid;
	int	 fds[2], error, fd, status;
	ssize_t	 n;

	if (pipe2(fds, O_CLOEXEC) == -1) {
		say("pipe: %s", strerror(errno));
		return (1);
	}
	fflush(stdout);
	fflush(stderr);
	switch (pid = fork()) {
	case -1:
		say("fork: %s", strerror(errno));
		return (1);
	case 0:
		close(fds[0]);
		setsid();
		if ((fd = open("/dev/null", O_RDONLY)) != -1) {
			dup2(fd, STDIN_FILENO);
			if (fd != STDIN_FILENO)
				close(fd);
		}
		dup2(STDERR_FILENO, STDOUT_FILENO);
		execvp(argv[0], argv);
		error = errno;
		n = write(fds[1], &error, sizeof error);
		(void)n;
		_exit(127);
	}
	close(fds[1]);
	do
		n = read(fds[0], &error, sizeof error);
	while (n == -1 && errno == EINTR);
	close(fds[0]);
	if (n == (ssize_t)sizeof error) {
		waitpid(pid, &status, 0);
		exec_failed(argv[0], error);
	}
	printf("%ld\n", (long)pid);
	return (fflush(stdout) == 0 ? 0 : 1);
}

int
main(int argc, char **argv)
{
	struct launch_opts	 lo;
	char			*cause, *self_dir, *probe, *preload, *where;
	char			**pargv, portstr[16];
	int			 port;

	if (launch_parse_args(argc, argv, &lo, &cause) == -1)
		usage_error(cause);
	if (lo.help) {
		fputs(usage_text, stdout);
		return (0);
	}
	if (lo.version) {
		printf("qtmcp-launch %s\n", PACKAGE_VERSION);
		return (0);
	}
	if (launch_resolve_port(lo.port, getenv("QTMCP_PORT"), &port,
	    &cause) == -1)
		usage_error(cause);

	self_dir = util_self_dir();
	probe = launch_find_probe(lo.probe, getenv("QTMCP_PROBE"), self_dir,
	    QTMCP_PKGLIBDIR, &cause);
	if (probe == NULL) {
		say("%s", cause);
		free(cause);
		free(self_dir);
		launch_opts_free(&lo);
		return (2);
	}
	preload = launch_preload(probe, getenv("LD_PRELOAD"));
	snprintf(portstr, sizeof portstr, "%d", port);
	if (setenv("LD_PRELOAD", preload, 1) == -1 ||
	    setenv("QTMCP_PORT", portstr, 1) == -1 ||
	    setenv("QTPILOT_PORT", portstr, 1) == -1) {
		say("setenv: %s", strerror(errno));
		return (1);
	}

	if (!lo.quiet) {
		where = util_find_program(lo.program);
		fprintf(stderr, "[qtmcp-launch] Target: %s\n",
		    where != NULL ? where : lo.program);
		fprintf(stderr, "[qtmcp-launch] Probe: %s\n", probe);
		fprintf(stderr, "[qtmcp-launch] Port: %d, Detach: %s\n", port,
		    lo.detach ? "yes" : "no");
		free(where);
	}

	pargv = build_argv(&lo);
	if (lo.detach)
		return (detach(pargv));
	fflush(stderr);
	execvp(pargv[0], pargv);
	exec_failed(pargv[0], errno);
}

/*
 * tprog: a test program for the launcher's end-to-end tests.  It reports
 * what it sees (PID, session, arguments, environment, preloaded libraries,
 * stdin) as KEY=value lines, then does what it is told: exit with a status,
 * kill itself with a signal, or wait for SIGTERM.
 *
 * usage: tprog [-iw] [-o file] [-e status] [-k signal] [-- args ...]
 *
 * -w waits for SIGTERM and exits 0; -i ignores SIGTERM and waits for ever
 * (to test escalation to SIGKILL).
 */

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
report_env(FILE *f, const char *name)
{
	const char	*v = getenv(name);

	if (v == NULL)
		fprintf(f, "%s unset\n", name);
	else
		fprintf(f, "%s=%s\n", name, v);
}

static void
report_maps(FILE *f)
{
	FILE	*maps;
	char	 line[4096];
	int	 probe = 0;

	if ((maps = fopen("/proc/self/maps", "r")) == NULL)
		return;
	while (fgets(line, sizeof line, maps) != NULL) {
		if (strstr(line, "libqtmcp-probe.so") != NULL)
			probe = 1;
	}
	fclose(maps);
	fprintf(f, "PROBE_MAPPED=%d\n", probe);
}

int
main(int argc, char **argv)
{
	FILE		*f = stdout;
	char		 buf[4096];
	ssize_t		 n;
	int		 c, i, status = 0, sig = 0, wait = 0, ignore = 0;
	sigset_t	 set;

	while ((c = getopt(argc, argv, "+o:e:k:iw")) != -1) {
		switch (c) {
		case 'i':
			ignore = 1;
			break;
		case 'o':
			if ((f = fopen(optarg, "a")) == NULL) {
				perror(optarg);
				return (99);
			}
			break;
		case 'e':
			status = atoi(optarg);
			break;
		case 'k':
			sig = atoi(optarg);
			break;
		case 'w':
			wait = 1;
			break;
		default:
			return (99);
		}
	}
	if (ignore)
		signal(SIGTERM, SIG_IGN);	/* before we say we are here */
	fprintf(f, "PID=%ld\n", (long)getpid());
	fprintf(f, "SID=%ld\n", (long)getsid(0));
	fprintf(f, "ARGV0=%s\n", argv[0]);
	for (i = optind; i < argc; i++)
		fprintf(f, "ARG=%s\n", argv[i]);
	report_env(f, "QTMCP_PORT");
	report_env(f, "QTPILOT_PORT");
	report_env(f, "LD_PRELOAD");
	report_maps(f);
	n = readlink("/proc/self/fd/0", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	fprintf(f, "STDIN=%s\n", buf);
	fprintf(f, "END\n");
	fflush(f);
	if (f != stdout)
		fclose(f);

	if (sig != 0) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	if (ignore) {
		for (;;)
			pause();
	}
	if (wait) {
		sigemptyset(&set);
		sigaddset(&set, SIGTERM);
		sigprocmask(SIG_BLOCK, &set, NULL);
		sigwait(&set, &c);
		return (0);
	}
	return (status);
}

/*
 * launch.c: what qtmcp-launch decides before it replaces itself with the
 * program: its command line, the port, where the probe library is, and the
 * LD_PRELOAD the program gets.  All of it is pure (it reads the file system
 * and the strings it is given, nothing else) so the unit tests cover it.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include <netinet/in.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qtmcp.h"

/* Options of the launcher, and whether they take a value. */
static const struct {
	char		 shortopt;
	const char	*longopt;
	int		 value;
} launch_options[] = {
	{ 'd', "detach", 0 },
	{ 'h', "help", 0 },
	{ 'p', "port", 1 },
	{ 'q', "quiet", 0 },
	{ 'V', "version", 0 },
	{ 'v', NULL, 0 },		/* the original's short --version */
	{ 0, "probe", 1 },
};

static int
launch_find_short(char c)
{
	size_t	i;

	for (i = 0; i < nitems(launch_options); i++) {
		if (launch_options[i].shortopt == c && c != 0)
			return ((int)i);
	}
	return (-1);
}

static int
launch_find_long(const char *name, size_t len)
{
	size_t	i;

	for (i = 0; i < nitems(launch_options); i++) {
		if (launch_options[i].longopt != NULL &&
		    strlen(launch_options[i].longopt) == len &&
		    strncmp(launch_options[i].longopt, name, len) == 0)
			return ((int)i);
	}
	return (-1);
}

static void
launch_set(struct launch_opts *lo, int idx, const char *value)
{
	switch (launch_options[idx].shortopt) {
	case 'd':
		lo->detach = 1;
		break;
	case 'h':
		lo->help = 1;
		break;
	case 'p':
		lo->port = value;
		break;
	case 'q':
		lo->quiet = 1;
		break;
	case 'V':
	case 'v':
		lo->version = 1;
		break;
	default:
		lo->probe = value;	/* --probe */
		break;
	}
}

/* Is arg, seen after the program name, a cluster of launcher flags? */
static int
launch_is_flag_cluster(const char *arg)
{
	const char	*p;
	int		 idx;

	if (arg[0] != '-' || arg[1] == '-' || arg[1] == '\0')
		return (0);
	for (p = arg + 1; *p != '\0'; p++) {
		if ((idx = launch_find_short(*p)) == -1)
			return (0);
		if (launch_options[idx].value)
			return (1);	/* -p takes the rest or the next arg */
	}
	return (1);
}

/*
 * Parse the launcher's command line.  Options come before the program, and
 * also after it, as the original launcher accepted them (the Python server
 * ran "launcher PROGRAM --port N"); after the program, anything that is not
 * a launcher option goes to the program, and everything after "--" does.
 * lo->args points into argv.
 */
int
launch_parse_args(int argc, char **argv, struct launch_opts *lo, char **cause)
{
	const char	*arg, *eq, *value;
	int		 i, idx, after, rest = 0;
	size_t		 j;

	memset(lo, 0, sizeof *lo);
	lo->args = xcalloc(argc + 1, sizeof *lo->args);

	for (i = 1; i < argc; i++) {
		arg = argv[i];
		after = lo->program != NULL;
		if (rest || arg[0] != '-' || arg[1] == '\0') {
			if (lo->program == NULL)
				lo->program = arg;
			else
				lo->args[lo->nargs++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			rest = 1;
			continue;
		}
		if (arg[1] == '-') {
			eq = strchr(arg + 2, '=');
			idx = launch_find_long(arg + 2,
			    eq != NULL ? (size_t)(eq - arg - 2) : strlen(arg + 2));
			if (idx == -1) {
				if (after) {
					lo->args[lo->nargs++] = arg;
					continue;
				}
				*cause = xasprintf("unknown option %s", arg);
				goto fail;
			}
			value = NULL;
			if (launch_options[idx].value) {
				if (eq != NULL)
					value = eq + 1;
				else if (i + 1 < argc)
					value = argv[++i];
				else {
					*cause = xasprintf("option --%s needs a "
					    "value", launch_options[idx].longopt);
					goto fail;
				}
			} else if (eq != NULL) {
				*cause = xasprintf("option --%s takes no value",
				    launch_options[idx].longopt);
				goto fail;
			}
			launch_set(lo, idx, value);
			continue;
		}
		if (after && !launch_is_flag_cluster(arg)) {
			lo->args[lo->nargs++] = arg;
			continue;
		}
		for (j = 1; arg[j] != '\0'; j++) {
			if ((idx = launch_find_short(arg[j])) == -1) {
				*cause = xasprintf("unknown option -%c", arg[j]);
				goto fail;
			}
			value = NULL;
			if (launch_options[idx].value) {
				if (arg[j + 1] != '\0')
					value = arg + j + 1;
				else if (i + 1 < argc)
					value = argv[++i];
				else {
					*cause = xasprintf("option -%c needs a "
					    "value", arg[j]);
					goto fail;
				}
				launch_set(lo, idx, value);
				break;
			}
			launch_set(lo, idx, NULL);
		}
	}
	if (lo->program == NULL && !lo->help && !lo->version) {
		*cause = xstrdup("no program given");
		goto fail;
	}
	return (0);

fail:
	free(lo->args);
	lo->args = NULL;
	return (-1);
}

void
launch_opts_free(struct launch_opts *lo)
{
	free(lo->args);
	lo->args = NULL;
}

/* The port: -p, else the inherited QTMCP_PORT, else 9222. */
int
launch_resolve_port(const char *port_arg, const char *env_port, int *port,
    char **cause)
{
	char	*why;

	if (port_arg != NULL)
		return (util_parse_port(port_arg, port, cause));
	if (env_port != NULL && *env_port != '\0') {
		if (util_parse_port(env_port, port, &why) == -1) {
			*cause = xasprintf("%s (from QTMCP_PORT)", why);
			free(why);
			return (-1);
		}
		return (0);
	}
	*port = QTMCP_DEFAULT_PORT;
	return (0);
}

/*
 * The places to look for the probe, in order: --probe, $QTMCP_PROBE, then
 * beside the executable, ../lib, lib/ (the original launcher's three), then
 * ../lib/qtmcp and the configured pkglibdir.  Returns how many were filled.
 */
size_t
launch_probe_candidates(const char *probe_arg, const char *env_probe,
    const char *self_dir, const char *pkglibdir, struct launch_candidate *c,
    size_t max)
{
	static const char	*relative[] = {
		QTMCP_PROBE_NAME,
		"../lib/" QTMCP_PROBE_NAME,
		"lib/" QTMCP_PROBE_NAME,
		"../lib/qtmcp/" QTMCP_PROBE_NAME,
	};
	size_t			 n = 0, i;

	if (probe_arg != NULL && n < max) {
		c[n].path = xstrdup(probe_arg);
		c[n].origin = "--probe";
		c[n++].explicit = 1;
	}
	if (env_probe != NULL && *env_probe != '\0' && n < max) {
		c[n].path = xstrdup(env_probe);
		c[n].origin = "QTMCP_PROBE";
		c[n++].explicit = 1;
	}
	if (self_dir != NULL) {
		for (i = 0; i < nitems(relative) && n < max; i++) {
			c[n].path = util_path_join(self_dir, relative[i]);
			c[n].origin = "beside qtmcp-launch";
			c[n++].explicit = 0;
		}
	}
	if (pkglibdir != NULL && n < max) {
		c[n].path = util_path_join(pkglibdir, QTMCP_PROBE_NAME);
		c[n].origin = "installed";
		c[n++].explicit = 0;
	}
	return (n);
}

void
launch_candidates_free(struct launch_candidate *c, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(c[i].path);
}

/*
 * Find the probe: the first candidate that is a readable regular file wins.
 * A path given explicitly (--probe or $QTMCP_PROBE) must exist: silently
 * using another probe than the one asked for would be worse than stopping.
 * Returns the absolute path, or NULL with *cause listing every place tried.
 */
char *
launch_find_probe(const char *probe_arg, const char *env_probe,
    const char *self_dir, const char *pkglibdir, char **cause)
{
	struct launch_candidate	 c[8];
	size_t			 n, i;
	char			*found = NULL, *tried, *t, real[PATH_MAX];

	n = launch_probe_candidates(probe_arg, env_probe, self_dir, pkglibdir,
	    c, nitems(c));
	for (i = 0; i < n; i++) {
		if (util_is_readable_file(c[i].path)) {
			if (realpath(c[i].path, real) == NULL) {
				*cause = xasprintf("cannot resolve probe library "
				    "%s: %s", c[i].path, strerror(errno));
				goto out;
			}
			if (strpbrk(real, " \t:") != NULL) {
				*cause = xasprintf("probe library path %s "
				    "contains a space or a colon, which "
				    "LD_PRELOAD cannot carry: move or link it "
				    "elsewhere", real);
				goto out;
			}
			found = xstrdup(real);
			goto out;
		}
		if (c[i].explicit) {
			*cause = xasprintf("probe library %s (from %s) %s",
			    c[i].path, c[i].origin, access(c[i].path, F_OK) == 0 ?
			    "is not a readable file" : "does not exist");
			goto out;
		}
	}
	tried = xstrdup("");
	for (i = 0; i < n; i++) {
		t = xasprintf("%s\n  %s", tried, c[i].path);
		free(tried);
		tried = t;
	}
	*cause = xasprintf("cannot find the probe library %s; looked in:%s\n"
	    "point at it with --probe PATH or the QTMCP_PROBE environment "
	    "variable", QTMCP_PROBE_NAME, tried);
	free(tried);
out:
	launch_candidates_free(c, n);
	return (found);
}

/*
 * The LD_PRELOAD the program gets: the probe first, then what was already
 * there (ld.so separates entries with spaces or colons), without listing
 * the probe twice.
 */
char *
launch_preload(const char *probe, const char *old)
{
	char		*out, *tok, *copy, *save, real[PATH_MAX];
	size_t		 len, size;

	size = strlen(probe) + (old != NULL ? strlen(old) : 0) + 2;
	out = xmalloc(size);
	len = (size_t)snprintf(out, size, "%s", probe);
	if (old == NULL)
		return (out);
	copy = xstrdup(old);
	for (tok = strtok_r(copy, " \t:", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t:", &save)) {
		if (strcmp(tok, probe) == 0)
			continue;
		if (realpath(tok, real) != NULL && strcmp(real, probe) == 0)
			continue;
		len += snprintf(out + len, size - len, ":%s", tok);
	}
	free(copy);
	return (out);
}

/* The exit status a shell uses when a program cannot be run. */
int
launch_exec_status(int error)
{
	return (error == ENOENT || error == ENOTDIR ? 127 : 126);
}

/*
 * The launcher command line qtmcp runs for a target.  It is understood by
 * qtmcp-launch and by the original QtMcp launcher alike: options first,
 * then "--", the program and its arguments.
 */
char **
launch_target_argv(const char *launcher, const char *probe, int port,
    const char *command, char *const *args)
{
	char	**argv;
	int	  n = 0, nargs = 0, i;

	while (args != NULL && args[nargs] != NULL)
		nargs++;
	argv = xcalloc(nargs + 8, sizeof *argv);
	argv[n++] = xstrdup(launcher);
	argv[n++] = xstrdup("--port");
	argv[n++] = xasprintf("%d", port);
	if (probe != NULL) {
		argv[n++] = xstrdup("--probe");
		argv[n++] = xstrdup(probe);
	}
	argv[n++] = xstrdup("--");
	argv[n++] = xstrdup(command);
	for (i = 0; i < nargs; i++)
		argv[n++] = xstrdup(args[i]);
	argv[n] = NULL;
	return (argv);
}

void
launch_argv_free(char **argv)
{
	char	**p;

	if (argv == NULL)
		return;
	for (p = argv; *p != NULL; p++)
		free(*p);
	free(argv);
}

/*
 * Start argv in a child: its own process group, killed when qtmcp dies
 * (PR_SET_PDEATHSIG), stdin from /dev/null, stdout and stderr into the
 * given descriptors, every other descriptor closed, default signal
 * dispositions (libwebsockets sets SIGPIPE to SIG_IGN, which would survive
 * exec).  status_fd is the write end of a close-on-exec pipe: on exec
 * failure the child writes its errno there, so the parent learns of it
 * without waiting.  Signals stay blocked across fork so no handler of ours
 * runs in the child.
 */
pid_t
launch_spawn(const struct launch_spawn *ls, char **cause)
{
	sigset_t	 all, old;
	pid_t		 pid, parent = getpid();
	int		 fd, error, sig;
	ssize_t		 n;
	char		*const *e;

	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == -1) {
		error = errno;
		sigprocmask(SIG_SETMASK, &old, NULL);
		*cause = xasprintf("fork: %s", strerror(error));
		return (-1);
	}
	if (pid != 0) {
		setpgid(pid, pid);	/* also in the child: no race */
		sigprocmask(SIG_SETMASK, &old, NULL);
		return (pid);
	}

	/* Child. */
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);	/* qtmcp died before prctl */
	if ((fd = open("/dev/null", O_RDONLY)) != -1 && fd != STDIN_FILENO) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
	if (ls->out_fd != -1)
		dup2(ls->out_fd, STDOUT_FILENO);
	if (ls->err_fd != -1)
		dup2(ls->err_fd, STDERR_FILENO);
	if (ls->status_fd != -1 && ls->status_fd != 3) {
		dup2(ls->status_fd, 3);
		fcntl(3, F_SETFD, FD_CLOEXEC);
	}
	util_closefrom(ls->status_fd != -1 ? 4 : 3);
	if (ls->cwd != NULL && chdir(ls->cwd) == -1) {
		error = errno;
		dprintf(STDERR_FILENO, "qtmcp: cannot change to directory %s: "
		    "%s\n", ls->cwd, strerror(error));
		goto fail;
	}
	for (e = ls->env; e != NULL && *e != NULL; e++)
		putenv(*e);
	sigprocmask(SIG_SETMASK, &old, NULL);
	execvp(ls->argv[0], ls->argv);
	error = errno;
	dprintf(STDERR_FILENO, "qtmcp: cannot execute %s: %s\n", ls->argv[0],
	    strerror(error));
fail:
	if (ls->status_fd != -1) {
		n = write(3, &error, sizeof error);
		(void)n;
	}
	_exit(127);
}

/*
 * A TCP socket of this machine from /proc/net/tcp and tcp6: listening on
 * port (remote 0), or connected to port (remote 1) from any local port but
 * skip.  Returns its inode, or 0.
 */
unsigned long
launch_socket_inode(int port, int remote, int skip)
{
	static const char	*files[] = { "/proc/net/tcp", "/proc/net/tcp6" };
	FILE			*f;
	char			 line[512], local[64], peer[64], *colon;
	unsigned int		 lport, rport, st;
	unsigned long		 inode, found = 0;
	size_t			 i;

	for (i = 0; found == 0 && i < nitems(files); i++) {
		if ((f = fopen(files[i], "r")) == NULL)
			continue;
		while (found == 0 && fgets(line, sizeof line, f) != NULL) {
			if (sscanf(line, " %*d: %63s %63s %x %*s %*s %*s %*d "
			    "%*d %lu", local, peer, &st, &inode) != 4 ||
			    inode == 0)
				continue;
			if ((colon = strrchr(local, ':')) == NULL ||
			    sscanf(colon + 1, "%x", &lport) != 1)
				continue;
			if ((colon = strrchr(peer, ':')) == NULL ||
			    sscanf(colon + 1, "%x", &rport) != 1)
				continue;
			if (!remote && (int)lport == port && st == 0x0A)
				found = inode;		/* LISTEN */
			else if (remote && (int)rport == port && st == 0x01 &&
			    (int)lport != skip)
				found = inode;		/* ESTABLISHED */
		}
		fclose(f);
	}
	return (found);
}

/* The process holding socket inode, as "PID N (name)", or NULL. */
char *
launch_inode_owner(unsigned long inode)
{
	DIR		*proc, *fds;
	struct dirent	*p, *d;
	char		 path[600], link[64], want[64], comm[64];
	ssize_t		 n;
	FILE		*f;
	char		*who = NULL;

	snprintf(want, sizeof want, "socket:[%lu]", inode);
	if ((proc = opendir("/proc")) == NULL)
		return (NULL);
	while (who == NULL && (p = readdir(proc)) != NULL) {
		if (p->d_name[0] < '0' || p->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/fd", p->d_name);
		if ((fds = opendir(path)) == NULL)
			continue;
		while ((d = readdir(fds)) != NULL) {
			snprintf(path, sizeof path, "/proc/%s/fd/%s", p->d_name,
			    d->d_name);
			n = readlink(path, link, sizeof link - 1);
			if (n <= 0)
				continue;
			link[n] = '\0';
			if (strcmp(link, want) != 0)
				continue;
			comm[0] = '\0';
			snprintf(path, sizeof path, "/proc/%s/comm", p->d_name);
			if ((f = fopen(path, "r")) != NULL) {
				if (fgets(comm, sizeof comm, f) == NULL)
					comm[0] = '\0';
				comm[strcspn(comm, "\n")] = '\0';
				fclose(f);
			}
			who = xasprintf("PID %s (%s)", p->d_name, comm);
			break;
		}
		closedir(fds);
	}
	closedir(proc);
	return (who);
}

/*
 * Is something already listening on port (on any address, IPv4 or IPv6)?
 * Returns 1 and sets *who to a description of the listener when it can be
 * found, 0 when the port is free.
 */
int
launch_port_busy(int port, char **who)
{
	struct sockaddr_in	 sin;
	struct sockaddr_in6	 sin6;
	int			 fd, one = 1, busy = 0;
	unsigned long		 inode;

	*who = NULL;
	if ((fd = socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0)) != -1) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		memset(&sin, 0, sizeof sin);
		sin.sin_family = AF_INET;
		sin.sin_port = htons(port);
		sin.sin_addr.s_addr = htonl(INADDR_ANY);
		if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1 &&
		    errno == EADDRINUSE)
			busy = 1;
		close(fd);
	}
	if (!busy && (fd = socket(AF_INET6, SOCK_STREAM|SOCK_CLOEXEC, 0)) !=
	    -1) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
		memset(&sin6, 0, sizeof sin6);
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons(port);
		sin6.sin6_addr = in6addr_any;
		if (bind(fd, (struct sockaddr *)&sin6, sizeof sin6) == -1 &&
		    errno == EADDRINUSE)
			busy = 1;
		close(fd);
	}
	if (busy && (inode = launch_socket_inode(port, 0, -1)) != 0)
		*who = launch_inode_owner(inode);
	return (busy);
}

/* A free loopback port chosen by the kernel, or -1. */
int
launch_free_port(void)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof sin;
	int			fd, port = -1;

	if ((fd = socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0)) == -1)
		return (-1);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &len) == 0)
		port = ntohs(sin.sin_port);
	close(fd);
	return (port);
}

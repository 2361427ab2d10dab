/*
 * qtmcp: an MCP server for Qt applications.
 *
 * One process on one libev loop: it reads the configuration, starts each
 * target application through the launcher with the QtMcp probe injected,
 * restarts it when it crashes, connects to the probe's WebSocket, and
 * serves the Model Context Protocol to the host over stdio.
 */

#include <sys/types.h>

#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "qtmcp.h"

#define QTMCP_EXIT_GRACE	5000	/* ms beyond stop_timeout at exit */

static const char *usage_text =
"usage: qtmcp [-dhnTvV] [-f file] [-l logfile] [--mode native|cu|chrome|all]\n"
"             [--ws-url url] [--target program] [--port port]\n"
"             [--launcher-path path] [--probe path] [-- arg ...]\n"
"\n"
"MCP server (stdio) that drives a Qt application through the QtMcp probe.\n"
"\n"
"  -f, --config file       configuration file (default: $QTMCP_CONFIG,\n"
"                          $XDG_CONFIG_HOME/qtmcp/qtmcp.ini, %s/qtmcp.ini)\n"
"  -n, --check             check the configuration and the files it names, exit\n"
"  -v, --verbose           with -n, print the effective configuration\n"
"  -d, --debug             log at debug level\n"
"  -l, --log-file file     log to file instead of stderr\n"
"  -T, --tools             list the tools of the mode and exit\n"
"      --mode mode         tool set: native, cu, chrome or all (default native)\n"
"      --ws-url url        attach to a probe already running (default\n"
"                          $QTMCP_WS_URL, else ws://localhost:9222)\n"
"      --target program    start program with the probe and supervise it\n"
"      --port port         probe port for --target (default $QTMCP_PORT, 9222)\n"
"      --launcher-path p   launcher (default $QTMCP_LAUNCHER, qtmcp-launch)\n"
"      --probe path        probe library, passed to the launcher\n"
"  -h, --help              print this help and exit\n"
"  -V, --version           print the version and exit\n"
"\n"
"Arguments after -- go to the target program.  See qtmcp(1), qtmcp.ini(5).\n";

enum {
	OPT_MODE = 256,
	OPT_WS_URL,
	OPT_TARGET,
	OPT_PORT,
	OPT_LAUNCHER,
	OPT_PROBE,
};

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'f' },
	{ "check", no_argument, NULL, 'n' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "debug", no_argument, NULL, 'd' },
	{ "log-file", required_argument, NULL, 'l' },
	{ "tools", no_argument, NULL, 'T' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "ws-url", required_argument, NULL, OPT_WS_URL },
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "launcher-path", required_argument, NULL, OPT_LAUNCHER },
	{ "probe", required_argument, NULL, OPT_PROBE },
	{ NULL, 0, NULL, 0 }
};

static struct ev_loop	*loop;
static struct config	*cfg;
static ev_signal	 sig_term, sig_int, sig_hup;
static ev_timer		 exit_timer;
static ev_timer		 start_timer;
static int		 shutting_down;
static int		 exit_status;

static noreturn_fn void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, usage_text, QTMCP_SYSCONFDIR);
	exit(status);
}

static noreturn_fn void
die(int status, const char *what, const char *cause)
{
	const char	*p, *nl;

	/* One "qtmcp: " prefix per line, for multi-line causes. */
	for (p = cause; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (what != NULL && p == cause)
			fprintf(stderr, "qtmcp: %s: ", what);
		else
			fprintf(stderr, "qtmcp: ");
		fprintf(stderr, "%.*s\n", nl != NULL ? (int)(nl - p) :
		    (int)strlen(p), p);
		if (nl == NULL)
			break;
	}
	exit(status);
}

static void
start_cb(struct ev_loop *l, ev_timer *w, int revents)
{
	char	*cause = NULL;

	if (probe_init(loop, cfg, &cause) == -1)
		fatalx("%s", cause);
}

static void
all_stopped(void)
{
	log_info("every application stopped; exiting");
	ev_break(loop, EVBREAK_ALL);
}

static void
exit_timer_cb(struct ev_loop *l, ev_timer *w, int revents)
{
	struct target	*t;
	int		 i;

	log_warnx("applications still running at the exit deadline: killing "
	    "them");
	for (i = 0; i < sv_count(); i++) {
		t = sv_target(i);
		if (t->pid > 0) {
			killpg(t->pid, SIGKILL);
			kill(t->pid, SIGKILL);
		}
	}
	exit_status = 1;
	ev_break(loop, EVBREAK_ALL);
}

/* Orderly end: stop every application, then leave the loop. */
static void
shutdown_start(const char *why)
{
	uint64_t	longest = 0;
	int		i;

	if (shutting_down) {
		log_warnx("%s again: killing the applications now", why);
		exit_timer_cb(loop, &exit_timer, 0);
		exit_status = 0;
		return;
	}
	shutting_down = 1;
	log_info("%s: shutting down", why);
	rpc_stop_reading();
	for (i = 0; i < cfg->ntargets; i++) {
		if (cfg->targets[i]->stop_timeout > longest)
			longest = cfg->targets[i]->stop_timeout;
	}
	ev_timer_init(&exit_timer, exit_timer_cb,
	    (double)(longest + QTMCP_EXIT_GRACE) / 1000.0, 0.);
	ev_timer_start(loop, &exit_timer);
	sv_shutdown(all_stopped);
}

static void
signal_cb(struct ev_loop *l, ev_signal *w, int revents)
{
	shutdown_start(w->signum == SIGTERM ? "SIGTERM" : w->signum ==
	    SIGINT ? "SIGINT" : "SIGHUP");
}

static void
stdin_eof(void)
{
	shutdown_start("the MCP host went away (end of stdin)");
}

/* Every notification of the probe goes to the events buffer. */
static void
probe_notified(struct target *t, const char *method, cJSON *params,
    size_t size, void *arg)
{
	log_debug("target %s: notification %s", t->label, method);
	events_add(t, method, params, size);
}

/* The command line's settings, on top of the file and the environment. */
struct cli {
	const char	*file;
	const char	*log_file;
	const char	*mode;
	const char	*ws_url;
	const char	*target;
	const char	*port;
	const char	*launcher;
	const char	*probe;
	char		**args;
	int		 nargs;
	int		 check;
	int		 verbose;
	int		 debug;
	int		 tools;
};

static void
apply_cli(struct cli *cli)
{
	struct target_config	*t;
	char			*cause = NULL, *url;
	int			 i;

#define SET(tc, key, value, origin) do {				\
	if (config_set(cfg, (tc), (key), (value), (origin), &cause) == -1) \
		die(2, NULL, cause);					\
} while (0)
	if (cli->mode != NULL)
		SET(NULL, "mode", cli->mode, "--mode");
	if (cli->ws_url != NULL)
		SET(NULL, "ws_url", cli->ws_url, "--ws-url");
	if (cli->log_file != NULL)
		SET(NULL, "log_file", cli->log_file, "-l");
	if (cli->debug)
		SET(NULL, "log_level", "debug", "-d");
	if (cli->target != NULL) {
		if ((t = config_cli_target(cfg, &cause)) == NULL)
			die(2, NULL, cause);
		SET(t, "command", cli->target, "--target");
		if (cli->nargs > 0) {
			for (i = 0; t->args != NULL && t->args[i] != NULL; i++)
				free(t->args[i]);
			free(t->args);
			t->args = xcalloc(cli->nargs + 1, sizeof *t->args);
			for (i = 0; i < cli->nargs; i++)
				t->args[i] = xstrdup(cli->args[i]);
			t->nargs = cli->nargs;
		}
		if (cli->port != NULL)
			SET(t, "port", cli->port, "--port");
	} else if (cli->nargs > 0)
		die(2, NULL, "arguments after -- are for the program given "
		    "with --target");
	else if (cli->port != NULL) {
		if (cfg->ntargets == 1)
			SET(cfg->targets[0], "port", cli->port, "--port");
		else if (cfg->ntargets == 0 && cli->ws_url == NULL) {
			/* Attach to that port on this machine. */
			url = xasprintf("ws://localhost:%s", cli->port);
			SET(NULL, "ws_url", url, "--port");
			free(url);
		} else
			die(2, NULL, "--port needs --target, or a configuration "
			    "with one target");
	}
	for (i = 0; i < cfg->ntargets; i++) {
		if (cli->launcher != NULL)
			SET(cfg->targets[i], "launcher", cli->launcher,
			    "--launcher-path");
		if (cli->probe != NULL)
			SET(cfg->targets[i], "probe", cli->probe, "--probe");
	}
	if (cli->launcher != NULL) {
		free(cfg->default_launcher);
		cfg->default_launcher = xstrdup(cli->launcher);
	}
	if (cli->probe != NULL && cfg->ntargets == 0)
		log_debug("--probe has no effect without a target");
#undef SET
}

static void
parse_cli(int argc, char **argv, struct cli *cli)
{
	int	ch;

	memset(cli, 0, sizeof *cli);
	while ((ch = getopt_long(argc, argv, "+df:hl:nTvV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'd':
			cli->debug = 1;
			break;
		case 'f':
			cli->file = optarg;
			break;
		case 'h':
			usage(0);
		case 'l':
			cli->log_file = optarg;
			break;
		case 'n':
			cli->check = 1;
			break;
		case 'T':
			cli->tools = 1;
			break;
		case 'v':
			cli->verbose = 1;
			break;
		case 'V':
			printf("qtmcp %s\n", PACKAGE_VERSION);
			exit(0);
		case OPT_MODE:
			cli->mode = optarg;
			break;
		case OPT_WS_URL:
			cli->ws_url = optarg;
			break;
		case OPT_TARGET:
			cli->target = optarg;
			break;
		case OPT_PORT:
			cli->port = optarg;
			break;
		case OPT_LAUNCHER:
			cli->launcher = optarg;
			break;
		case OPT_PROBE:
			cli->probe = optarg;
			break;
		default:
			usage(2);
		}
	}
	if (optind < argc && strcmp(argv[optind - 1], "--") != 0) {
		fprintf(stderr, "qtmcp: unexpected argument '%s' (arguments for "
		    "the program go after --)\n", argv[optind]);
		usage(2);
	}
	cli->args = argv + optind;
	cli->nargs = argc - optind;
}

int
main(int argc, char **argv)
{
	struct cli	 cli;
	char		*cause = NULL, *file;
	int		 in_fd, out_fd, i;

	/*
	 * Blocks of 256 KiB and more (screenshots pass through several) are
	 * mapped and given back when freed.  By default glibc raises this
	 * threshold to the largest block freed, and a few 5 MB screenshots
	 * left qtmcp 15 MB larger for good.
	 */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	log_set_name("qtmcp");
	parse_cli(argc, argv, &cli);

	cfg = config_create();
	file = cli.file != NULL ? xstrdup(cli.file) : config_find_file(&cause);
	if (file == NULL && cause != NULL)
		die(2, NULL, cause);
	if (file != NULL && config_load_file(cfg, file, &cause) == -1) {
		free(file);	/* LeakSanitizer counts what exit leaves */
		die(2, NULL, cause);
	}
	free(file);
	if (config_apply_env(cfg, &cause) == -1)
		die(2, NULL, cause);
	apply_cli(&cli);
	if (config_validate(cfg, &cause) == -1)
		die(2, NULL, cause);

	if (cli.tools) {
		if (tools_init(cfg, &cause) == -1)
			die(1, NULL, cause);
		tools_print(stdout);
		return (0);
	}
	if (cli.check) {
		if (config_check_files(cfg, &cause) == -1)
			die(2, NULL, cause);
		if (cli.verbose)
			config_print(cfg, stdout);
		fprintf(stderr, "qtmcp: configuration OK%s%s\n",
		    cfg->file != NULL ? ": " : "",
		    cfg->file != NULL ? cfg->file : "");
		return (0);
	}

	log_set_level(cfg->log_level);
	if (log_open(cfg->log_file, &cause) == -1)
		die(1, NULL, cause);

	signal(SIGPIPE, SIG_IGN);
	loop = ev_default_loop(EVFLAG_AUTO);
	if (loop == NULL)
		fatalx("cannot initialise libev");
	log_attach(loop);
	if (rpc_open_stdio(&in_fd, &out_fd, &cause) == -1)
		fatalx("%s", cause);
	rpc_init(loop, in_fd, out_fd, mcp_message, stdin_eof);
	probe_prepare(loop, cfg);
	if (sv_init(loop, cfg, &cause) == -1)
		fatalx("%s", cause);
	for (i = 0; i < sv_count(); i++)
		probe_set_notify(sv_target(i)->probe, probe_notified, NULL);
	events_init(cfg->max_events);
	status_init(cfg);
	if (tools_init(cfg, &cause) == -1)
		fatalx("%s", cause);
	mcp_init(loop, cfg);

	ev_signal_init(&sig_term, signal_cb, SIGTERM);
	ev_signal_init(&sig_int, signal_cb, SIGINT);
	ev_signal_init(&sig_hup, signal_cb, SIGHUP);
	ev_signal_start(loop, &sig_term);
	ev_signal_start(loop, &sig_int);
	ev_signal_start(loop, &sig_hup);

	log_info("qtmcp %s started (pid %ld, mode %s, %d target%s%s%s)",
	    PACKAGE_VERSION, (long)getpid(), config_mode_name(cfg->mode),
	    cfg->ntargets, cfg->ntargets == 1 ? "" : "s",
	    cfg->ntargets == 0 ? ", attaching to " : "",
	    cfg->ntargets == 0 ? cfg->ws_url : "");
	sv_start_all();
	/*
	 * The WebSocket client (a millisecond of set-up) is made on the
	 * loop's first turn, after an initialize the host has already sent
	 * (stdin comes first); the app needs far longer before its probe
	 * listens.
	 */
	ev_timer_init(&start_timer, start_cb, 0., 0.);
	ev_timer_start(loop, &start_timer);
	ev_run(loop, 0);
	ev_timer_stop(loop, &start_timer);

	/* Answer what can still be answered, then let go of everything. */
	tools_free();
	mcp_shutdown();
	sv_free();
	probe_shutdown();
	events_free();
	rpc_drain(1000);
	log_info("exit %d", exit_status);
	log_detach();
	log_flush(1000);
	config_free(cfg);
	return (exit_status);
}

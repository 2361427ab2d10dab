/*
 * fault.c: the probe double's fault injection and test-only methods.
 * One table lists every fault and setting: its name, argument, help and
 * the function that applies it.  Three ways in: $QTMCP_DOUBLE_FAULTS at
 * start ("name[=value],..."), the double.fault method, and lines
 * "name[=value]" written to the FIFO named by $QTMCP_DOUBLE_CONTROL.
 * $QTMCP_DOUBLE_ONCE names a marker file: faults from the environment
 * apply only while it does not exist, and the double creates it when one
 * of them fires, so a supervised app crashes once and its restarted copy
 * does not.
 *
 * The timers of the double (delayed faults, the status bar's message
 * timeout) live here too, because the waits that run them do.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "double.h"

struct fault_state faults = {
	.listen_delay = 100,
	.loop_delay = 150,
	.first_delay = 3,
	.latency_us = 200,
	.crash_after = -1,
	.hang_after = -1,
	.fragment = 524288,
	.exit_segv = 1,
};

#define F_SETTING	0	/* a setting: applies whatever ONCE says */
#define F_FAULT		1	/* a fault: ONCE-guarded from the env */
#define F_ONCONNECT	2	/* a fault that, from the env, waits for a client */

struct fault {
	const char	*name;
	const char	*arg;
	int		 kind;
	const char	*help;
	int		(*apply)(const char *, char **);
};

static int	 fault_control = -1;	/* the FIFO, or -1 */
static char	*fault_once;		/* marker path, or NULL */
static int	 fault_env_applied;
static char	*fault_pending;		/* env faults waiting for a client */
static void	(*fault_after)(void *);	/* after the current reply */
static void	*fault_after_arg;

/* Timers: a handful, keyed by function. */
static struct {
	void	(*fn)(void);
	int64_t	 deadline;		/* now_us() scale */
} fault_timers[8];

static int	fault_set_int(const char *, int *, int, int, char **);

/* --- timers ------------------------------------------------------------ */

void
fault_timer_set(void (*fn)(void), int64_t deadline)
{
	size_t	i, free_slot = nitems(fault_timers);

	for (i = 0; i < nitems(fault_timers); i++) {
		if (fault_timers[i].fn == fn) {
			fault_timers[i].fn = NULL;
			free_slot = i;
		} else if (fault_timers[i].fn == NULL && free_slot ==
		    nitems(fault_timers))
			free_slot = i;
	}
	if (deadline != 0 && free_slot < nitems(fault_timers)) {
		fault_timers[free_slot].fn = fn;
		fault_timers[free_slot].deadline = deadline;
	}
	ws_timers_changed();
}

/* The earliest deadline, or 0. */
int64_t
fault_next_deadline(void)
{
	int64_t	d = 0;
	size_t	i;

	for (i = 0; i < nitems(fault_timers); i++) {
		if (fault_timers[i].fn != NULL && (d == 0 ||
		    fault_timers[i].deadline < d))
			d = fault_timers[i].deadline;
	}
	return (d);
}

void
fault_run_timers(void)
{
	void	(*fn)(void);
	size_t	 i;
	int64_t	 now = now_us();

	for (i = 0; i < nitems(fault_timers); i++) {
		if (fault_timers[i].fn == NULL ||
		    fault_timers[i].deadline > now)
			continue;
		fn = fault_timers[i].fn;
		fault_timers[i].fn = NULL;
		fn();
	}
}

/*
 * Block the thread for ms, as the real probe blocks its GUI thread, but
 * keep reading the control FIFO and running due timers.
 */
void
fault_wait_ms(int ms)
{
	struct pollfd	pfd;
	int64_t		end = now_us() + (int64_t)ms * 1000, left, next;
	int		timeout;

	for (;;) {
		fault_run_timers();
		left = end - now_us();
		if (left <= 0)
			return;
		next = fault_next_deadline();
		if (next != 0 && next - now_us() < left)
			left = next - now_us();
		timeout = (int)((left + 999) / 1000);
		if (timeout < 0)
			timeout = 0;
		if (fault_control == -1) {
			poll(NULL, 0, timeout);
			continue;
		}
		pfd.fd = fault_control;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, timeout) > 0)
			fault_control_read(fault_control);
	}
}

/* --- the effects ------------------------------------------------------- */

/* Create the ONCE marker when a fault from the environment fires. */
void
fault_fired_env(void)
{
	int	fd;

	if (!fault_env_applied || fault_once == NULL)
		return;
	if ((fd = open(fault_once, O_WRONLY | O_CREAT, 0644)) != -1)
		close(fd);
}

void
fault_crash(const char *why)
{
	fault_fired_env();
	probe_die(SIGSEGV, why);
}

static void
fault_crash_timer(void)
{
	fault_crash("crash timer");
}

static void
fault_exit_now(int status)
{
	fault_fired_env();
	exit(status);
}

static int	fault_exit_status;

static void
fault_exit_timer(void)
{
	fault_exit_now(fault_exit_status);
}

/* Stop answering; the sockets stay open.  The FIFO can say unhang. */
void
fault_hang(void)
{
	fault_fired_env();
	faults.hanging = 1;
	while (faults.hanging)
		fault_wait_ms(100);
}

static void
fault_hang_action(void *arg)
{
	fault_hang();
}

/* LINES lines of BYTES bytes (newline included) on stdout and stderr. */
static void
fault_chatter(int lines, int len)
{
	char	*buf;
	int	 i;

	fault_fired_env();
	buf = xcalloc(1, (size_t)len + 1);
	memset(buf, 'x', (size_t)len);
	buf[len - 1] = '\n';
	for (i = 1; i <= lines; i++) {
		memcpy(buf, "chatter ", 8);
		snprintf(buf + 8, 8, "%06d", i % 1000000);
		buf[14] = ' ';
		con_write_all(STDOUT_FILENO, buf, (size_t)len);
		con_write_all(STDERR_FILENO, buf, (size_t)len);
	}
	free(buf);
}

static void
fault_garbage(void *arg)
{
	const char	*t = arg != NULL ? arg : "this is not JSON {\"id\":";

	fault_fired_env();
	ws_send_frame(t, strlen(t), 0);
	free(arg);
}

static void
fault_binary(void *arg)
{
	const char	*t = arg != NULL ? arg : "\x00\x01\x02binary";

	fault_fired_env();
	ws_send_frame(t, arg != NULL ? strlen(t) : 9, 1);
	free(arg);
}

static void
fault_unknown_id(void *arg)
{
	const char	*t = "{\"jsonrpc\":\"2.0\",\"id\":987654321,"
	    "\"result\":\"unsolicited\"}";

	fault_fired_env();
	con_traffic_line("[QtMCP] Sending: ", t, strlen(t));
	ws_send(t, strlen(t), -1);
}

static void
fault_big(void *arg)
{
	size_t		 size = (size_t)(uintptr_t)arg, head, n;
	const char	*pre = "{\"jsonrpc\":\"2.0\","
	    "\"method\":\"double.big\",\"params\":{\"data\":\"";
	char		*buf;

	fault_fired_env();
	head = strlen(pre);
	if (size < head + 4)
		size = head + 4;
	buf = xcalloc(1, size + 1);
	memcpy(buf, pre, head);
	n = size - head - 3;
	memset(buf + head, 'x', n);
	memcpy(buf + head + n, "\"}}", 3);
	ws_send_frame(buf, size, 0);
	free(buf);
}

static void
fault_close_action(void *arg)
{
	char	*spec = arg, *reason;
	int	 code;

	fault_fired_env();
	reason = strchr(spec, ':');
	if (reason != NULL)
		*reason++ = '\0';
	code = (int)strtol(spec, NULL, 10);
	ws_close(code, reason != NULL ? reason : "");
	free(spec);
}

/*
 * Run an effect that goes to the client: after the reply of the current
 * double.fault request, or now when no request is being handled.
 */
static int	fault_in_method;

static void
fault_later(void (*fn)(void *), void *arg)
{
	if (fault_in_method) {
		fault_after = fn;
		fault_after_arg = arg;
		return;
	}
	if (ws_connected() || fn == fault_hang_action)
		ws_send_action(fn, arg);
}

static void
fault_crash_action(void *arg)
{
	fault_crash("crash");
}

static void
fault_exit_action(void *arg)
{
	fault_exit_now(fault_exit_status);
}

/* Called by rpc.c once the reply of a request is queued. */
void
fault_after_response(void)
{
	void	(*fn)(void *) = fault_after;

	if (fn == NULL)
		return;
	fault_after = NULL;
	ws_send_action(fn, fault_after_arg);
}

/* --- the table --------------------------------------------------------- */

static int
fault_set_int(const char *v, int *out, int min, int max, char **cause)
{
	char	*end;
	long	 n;

	if (v == NULL || *v == '\0') {
		*cause = xasprintf("a number is needed");
		return (-1);
	}
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < min || n > max) {
		*cause = xasprintf("%s: not a number in %d..%d", v, min, max);
		return (-1);
	}
	*out = (int)n;
	return (0);
}

static int
f_listen_delay(const char *v, char **cause)
{
	return (fault_set_int(v, &faults.listen_delay, 0, 3600000, cause));
}

static int
f_loop_delay(const char *v, char **cause)
{
	return (fault_set_int(v, &faults.loop_delay, 0, 3600000, cause));
}

static int
f_first_delay(const char *v, char **cause)
{
	return (fault_set_int(v, &faults.first_delay, 0, 3600000, cause));
}

static int
f_latency(const char *v, char **cause)
{
	return (fault_set_int(v, &faults.latency_us, 0, 10000000, cause));
}

static int
f_fragment(const char *v, char **cause)
{
	int	n;

	if (fault_set_int(v, &n, 0, INT_MAX, cause) == -1)
		return (-1);
	faults.fragment = (size_t)n;
	return (0);
}

static int
f_log(const char *v, char **cause)
{
	return (fault_set_int(v, &con_traffic, 0, 1, cause));
}

static int
f_exit_segv(const char *v, char **cause)
{
	return (fault_set_int(v, &faults.exit_segv, 0, 1, cause));
}

static int
f_png_level(const char *v, char **cause)
{
	return (fault_set_int(v, &shot_level, -1, 9, cause));
}

static int
f_nolisten(const char *v, char **cause)
{
	faults.nolisten = 1;
	return (0);
}

static int
f_crash(const char *v, char **cause)
{
	int	ms = 0;

	if (v != NULL && fault_set_int(v, &ms, 0, 3600000, cause) == -1)
		return (-1);
	if (ms == 0 && fault_in_method)
		fault_later(fault_crash_action, NULL);
	else if (ms == 0)
		fault_crash("crash");
	else
		fault_timer_set(fault_crash_timer, now_us() + (int64_t)ms *
		    1000);
	return (0);
}

static int
f_crash_after(const char *v, char **cause)
{
	return (fault_set_int(v, &faults.crash_after, 0, INT_MAX, cause));
}

static int
f_crash_on(const char *v, char **cause)
{
	free(faults.crash_on);
	faults.crash_on = v != NULL && *v != '\0' ? xstrdup(v) : NULL;
	return (0);
}

static int
f_hang(const char *v, char **cause)
{
	fault_later(fault_hang_action, NULL);
	return (0);
}

static int
f_unhang(const char *v, char **cause)
{
	faults.hanging = 0;
	faults.hang_after = -1;
	free(faults.hang_on);
	faults.hang_on = NULL;
	return (0);
}

static int
f_hang_after(const char *v, char **cause)
{
	return (fault_set_int(v, &faults.hang_after, 0, INT_MAX, cause));
}

static int
f_hang_on(const char *v, char **cause)
{
	free(faults.hang_on);
	faults.hang_on = v != NULL && *v != '\0' ? xstrdup(v) : NULL;
	return (0);
}

static int
f_delay(const char *v, char **cause)
{
	return (fault_set_int(v, &faults.delay, 0, 3600000, cause));
}

static int
f_delay_on(const char *v, char **cause)
{
	const char	*colon = v != NULL ? strrchr(v, ':') : NULL;
	int		 ms;

	if (colon == NULL || colon == v) {
		*cause = xasprintf("METHOD:MS is needed");
		return (-1);
	}
	if (fault_set_int(colon + 1, &ms, 0, 3600000, cause) == -1)
		return (-1);
	free(faults.delay_method);
	faults.delay_method = strndup(v, colon - v);
	faults.delay_method_ms = ms;
	return (0);
}

static int
f_garbage(const char *v, char **cause)
{
	fault_later(fault_garbage, v != NULL ? xstrdup(v) : NULL);
	return (0);
}

static int
f_binary(const char *v, char **cause)
{
	fault_later(fault_binary, v != NULL ? xstrdup(v) : NULL);
	return (0);
}

static int
f_wrong_id(const char *v, char **cause)
{
	faults.wrong_id = 1;
	if (v != NULL)
		return (fault_set_int(v, &faults.wrong_id, 0, INT_MAX, cause));
	return (0);
}

static int
f_unknown_id(const char *v, char **cause)
{
	fault_later(fault_unknown_id, NULL);
	return (0);
}

static int
f_duplicate(const char *v, char **cause)
{
	faults.duplicate = 1;
	if (v != NULL)
		return (fault_set_int(v, &faults.duplicate, 0, INT_MAX,
		    cause));
	return (0);
}

static int
f_big(const char *v, char **cause)
{
	int	n = 16 * 1024 * 1024;

	if (v != NULL && fault_set_int(v, &n, 1, INT_MAX, cause) == -1)
		return (-1);
	fault_later(fault_big, (void *)(uintptr_t)n);
	return (0);
}

static int
f_split(const char *v, char **cause)
{
	return (fault_set_int(v, &faults.split, 1, INT_MAX, cause));
}

static int
f_close(const char *v, char **cause)
{
	int	code;
	char	*num;

	if (v == NULL || *v == '\0') {
		*cause = xasprintf("CODE[:REASON] is needed");
		return (-1);
	}
	num = strndup(v, strchr(v, ':') != NULL ? (size_t)(strchr(v, ':') - v) :
	    strlen(v));
	if (fault_set_int(num, &code, 1000, 4999, cause) == -1) {
		free(num);
		return (-1);
	}
	free(num);
	fault_later(fault_close_action, xstrdup(v));
	return (0);
}

static int
f_exit(const char *v, char **cause)
{
	const char	*colon = v != NULL ? strchr(v, ':') : NULL;
	char		*num;
	int		 ms = 0;

	num = v != NULL ? strndup(v, colon != NULL ? (size_t)(colon - v) :
	    strlen(v)) : NULL;
	if (fault_set_int(num, &fault_exit_status, 0, 255, cause) == -1) {
		free(num);
		return (-1);
	}
	free(num);
	if (colon != NULL && fault_set_int(colon + 1, &ms, 0, 3600000,
	    cause) == -1)
		return (-1);
	if (ms == 0 && fault_in_method)
		fault_later(fault_exit_action, NULL);
	else if (ms == 0)
		fault_exit_now(fault_exit_status);
	else
		fault_timer_set(fault_exit_timer, now_us() + (int64_t)ms *
		    1000);
	return (0);
}

static int
f_chatter(const char *v, char **cause)
{
	const char	*colon = v != NULL ? strchr(v, ':') : NULL;
	char		*num;
	int		 lines, len = 100;

	num = v != NULL ? strndup(v, colon != NULL ? (size_t)(colon - v) :
	    strlen(v)) : NULL;
	if (fault_set_int(num, &lines, 0, 100000000, cause) == -1) {
		free(num);
		return (-1);
	}
	free(num);
	if (colon != NULL && fault_set_int(colon + 1, &len, 16, 100000000,
	    cause) == -1)
		return (-1);
	fault_chatter(lines, len);
	return (0);
}

static int
f_reset(const char *v, char **cause)
{
	faults.delay = 0;
	free(faults.delay_method);
	faults.delay_method = NULL;
	faults.crash_after = faults.hang_after = -1;
	free(faults.crash_on);
	free(faults.hang_on);
	faults.crash_on = faults.hang_on = NULL;
	faults.wrong_id = faults.duplicate = faults.split = 0;
	faults.hanging = 0;
	fault_timer_set(fault_crash_timer, 0);
	fault_timer_set(fault_exit_timer, 0);
	return (0);
}

static const struct fault fault_table[] = {
	/* Settings. */
	{ "listen_delay", "MS", F_SETTING,
	  "ms from library load to listen() (default 100)", f_listen_delay },
	{ "loop_delay", "MS", F_SETTING,
	  "ms from listen() to the event loop, when handshakes complete "
	  "(default 150)", f_loop_delay },
	{ "first_delay", "MS", F_SETTING,
	  "extra ms for the first request after start (default 3)",
	  f_first_delay },
	{ "latency_us", "US", F_SETTING,
	  "extra microseconds for every request (default 200)", f_latency },
	{ "fragment", "BYTES", F_SETTING,
	  "outgoing messages over BYTES go as fragments of BYTES "
	  "(default 524288; 0: never)", f_fragment },
	{ "log", "0|1", F_SETTING,
	  "traffic lines on stderr (default 1)", f_log },
	{ "exit_segv", "0|1", F_SETTING,
	  "die by SIGSEGV after a normal exit, printing "
	  "\"[QtMCP] SignalMonitor destroyed\" (default 1)", f_exit_segv },
	{ "png_level", "N", F_SETTING,
	  "zlib level of screenshots, 0-9 (default -1: libpng's)",
	  f_png_level },
	/* Faults. */
	{ "nolisten", NULL, F_FAULT,
	  "never listen (the app runs without a probe)", f_nolisten },
	{ "crash", "[MS]", F_FAULT,
	  "SIGSEGV, no close frame: now, or MS ms later", f_crash },
	{ "crash_after", "N", F_FAULT,
	  "answer N more requests, then SIGSEGV on receiving the next",
	  f_crash_after },
	{ "crash_on", "METHOD", F_FAULT,
	  "SIGSEGV on receiving a request for METHOD", f_crash_on },
	{ "hang", NULL, F_ONCONNECT,
	  "stop answering anything, sockets stay open", f_hang },
	{ "hang_after", "N", F_FAULT,
	  "answer N more requests, then hang on receiving the next",
	  f_hang_after },
	{ "hang_on", "METHOD", F_FAULT,
	  "hang on receiving a request for METHOD", f_hang_on },
	{ "unhang", NULL, F_FAULT,
	  "end a hang and the hang faults (control FIFO)", f_unhang },
	{ "delay", "MS", F_FAULT,
	  "wait MS before handling every request (0: off)", f_delay },
	{ "delay_on", "METHOD:MS", F_FAULT,
	  "wait MS before handling requests for METHOD", f_delay_on },
	{ "garbage", "[TEXT]", F_ONCONNECT,
	  "send a text frame that is not JSON", f_garbage },
	{ "binary", "[TEXT]", F_ONCONNECT,
	  "send a binary frame", f_binary },
	{ "wrong_id", "[N]", F_FAULT,
	  "the next N responses (default 1) carry an id never sent "
	  "(id + 1000000)", f_wrong_id },
	{ "unknown_id", NULL, F_ONCONNECT,
	  "send an unsolicited response with id 987654321", f_unknown_id },
	{ "duplicate", "[N]", F_FAULT,
	  "send each of the next N responses (default 1) twice",
	  f_duplicate },
	{ "big", "[BYTES]", F_ONCONNECT,
	  "send one text frame of BYTES (default 16 MiB), a JSON "
	  "notification double.big", f_big },
	{ "split", "BYTES", F_FAULT,
	  "send the next response as fragments of BYTES", f_split },
	{ "close", "CODE[:REASON]", F_ONCONNECT,
	  "close the client's connection with a close frame", f_close },
	{ "exit", "STATUS[:MS]", F_FAULT,
	  "exit(STATUS), now or MS ms later (the exit quirk applies)",
	  f_exit },
	{ "chatter", "LINES[:BYTES]", F_FAULT,
	  "print LINES lines of BYTES (default 100) to stdout and stderr",
	  f_chatter },
	{ "reset", NULL, F_FAULT,
	  "clear the request faults (delays, crash/hang triggers, ids)",
	  f_reset },
};

cJSON *
fault_table_json(void)
{
	static const char *kinds[] = { "setting", "fault", "fault" };
	cJSON	*arr = cJSON_CreateArray(), *e;
	size_t	 i;

	for (i = 0; i < nitems(fault_table); i++) {
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "name", fault_table[i].name);
		if (fault_table[i].arg != NULL)
			cJSON_AddStringToObject(e, "value", fault_table[i].arg);
		cJSON_AddStringToObject(e, "kind", kinds[fault_table[i].kind]);
		cJSON_AddStringToObject(e, "help", fault_table[i].help);
		cJSON_AddItemToArray(arr, e);
	}
	return (arr);
}

static const struct fault *
fault_find(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(fault_table); i++) {
		if (strcmp(fault_table[i].name, name) == 0)
			return (&fault_table[i]);
	}
	return (NULL);
}

/* Apply one fault; -1 and *cause when the name or value is bad. */
int
fault_apply(const char *name, const char *value, int from_env, char **cause)
{
	const struct fault	*f;
	char			*s;

	if ((f = fault_find(name)) == NULL) {
		*cause = xasprintf("unknown fault: %s", name);
		return (-1);
	}
	if (from_env && f->kind == F_ONCONNECT) {
		/* Wait for a client: it is a fault about a connection. */
		s = xasprintf("%s%s%s%s%s", fault_pending != NULL ?
		    fault_pending : "", fault_pending != NULL ? "," : "", name,
		    value != NULL ? "=" : "", value != NULL ? value : "");
		free(fault_pending);
		fault_pending = s;
		return (0);
	}
	return (f->apply(value, cause));
}

static void
fault_apply_list(const char *list, int from_env)
{
	char	*copy, *item, *save = NULL, *eq, *cause = NULL;

	copy = xstrdup(list);
	for (item = strtok_r(copy, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		while (*item == ' ')
			item++;
		if (*item == '\0')
			continue;
		if ((eq = strchr(item, '=')) != NULL)
			*eq++ = '\0';
		if (fault_apply(item, eq, from_env, &cause) == -1) {
			con_raw("[QtMCP double] QTMCP_DOUBLE_FAULTS: %s",
			    cause);
			free(cause);
			cause = NULL;
		}
	}
	free(copy);
}

/* At load: settings always; faults unless the ONCE marker exists. */
void
fault_env(void)
{
	const char	*env = getenv("QTMCP_DOUBLE_FAULTS");
	const char	*once = getenv("QTMCP_DOUBLE_ONCE");
	const char	*ctl = getenv("QTMCP_DOUBLE_CONTROL");
	char		*copy, *item, *save = NULL, *eq, *cause = NULL;
	const struct fault *f;
	int		 skip;
	struct stat	 sb;

	if (once != NULL && *once != '\0')
		fault_once = xstrdup(once);
	skip = fault_once != NULL && stat(fault_once, &sb) == 0;
	if (ctl != NULL && *ctl != '\0') {
		fault_control = open(ctl, O_RDWR | O_NONBLOCK | O_CLOEXEC);
		if (fault_control == -1)
			con_raw("[QtMCP double] %s: %s", ctl, strerror(errno));
	}
	if (env == NULL || *env == '\0')
		return;
	/* Settings first, so that e.g. log=0 holds from the start. */
	copy = xstrdup(env);
	for (item = strtok_r(copy, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(item, '=')) != NULL)
			*eq++ = '\0';
		if ((f = fault_find(item)) == NULL) {
			con_raw("[QtMCP double] QTMCP_DOUBLE_FAULTS: unknown "
			    "fault: %s", item);
			continue;
		}
		if (f->kind != F_SETTING)
			continue;
		if (f->apply(eq, &cause) == -1) {
			con_raw("[QtMCP double] QTMCP_DOUBLE_FAULTS: %s: %s",
			    item, cause);
			free(cause);
			cause = NULL;
		}
	}
	free(copy);
	if (skip)
		return;
	copy = xstrdup(env);
	save = NULL;
	for (item = strtok_r(copy, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(item, '=')) != NULL)
			*eq++ = '\0';
		if ((f = fault_find(item)) == NULL || f->kind == F_SETTING)
			continue;
		fault_env_applied = 1;
		if (fault_apply(item, eq, 1, &cause) == -1) {
			con_raw("[QtMCP double] QTMCP_DOUBLE_FAULTS: %s: %s",
			    item, cause);
			free(cause);
			cause = NULL;
		}
	}
	free(copy);
}

/* A client connected: run the env faults that waited for one. */
void
fault_on_connect(void)
{
	char	*list = fault_pending;

	if (list == NULL)
		return;
	fault_pending = NULL;
	fault_apply_list(list, 0);
	free(list);
}

int
fault_control_fd(void)
{
	return (fault_control);
}

/* Read whole lines from the control FIFO and apply them. */
void
fault_control_read(int fd)
{
	static char	 buf[4096];
	static size_t	 len;
	ssize_t		 n;
	char		*nl, *line;

	for (;;) {
		if (len == sizeof buf - 1)
			len = 0;	/* a line too long: drop it */
		n = read(fd, buf + len, sizeof buf - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		while ((nl = strchr(buf, '\n')) != NULL) {
			*nl = '\0';
			line = xstrdup(buf);
			len -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, len + 1);
			fault_apply_list(line, 0);
			free(line);
		}
	}
}

/* Before a request is handled: the crash and hang triggers. */
void
fault_before_request(const char *method)
{
	if (faults.crash_after == 0)
		fault_crash("crash_after");
	if (faults.crash_after > 0)
		faults.crash_after--;
	if (method != NULL && faults.crash_on != NULL &&
	    strcmp(faults.crash_on, method) == 0)
		fault_crash("crash_on");
	if (faults.hang_after == 0) {
		faults.hang_after = -1;
		fault_hang();
	}
	if (faults.hang_after > 0)
		faults.hang_after--;
	if (method != NULL && faults.hang_on != NULL &&
	    strcmp(faults.hang_on, method) == 0)
		fault_hang();
	if (faults.delay > 0 || faults.delay_method != NULL ||
	    faults.wrong_id > 0 || faults.duplicate > 0)
		fault_fired_env();
}

/* --- test-only methods ------------------------------------------------- */

static cJSON *
fault_m_fault(struct rpc_call *c)
{
	const char	*name = dj_str(c->params, "fault");
	const cJSON	*v = dj_member(c->params, "value");
	char		*value = NULL, *cause = NULL;
	int		 rc;
	cJSON		*r;

	if (*name == '\0')
		return (rpc_fail(c, -32602, rpc_data("method",
		    cJSON_CreateString(c->method), NULL),
		    "Missing required parameter: fault"));
	if (v != NULL && cJSON_IsString(v))
		value = xstrdup(v->valuestring);
	else if (v != NULL && cJSON_IsNumber(v))
		value = xasprintf("%.0f", v->valuedouble);
	else if (v != NULL && cJSON_IsBool(v))
		value = xstrdup(cJSON_IsTrue(v) ? "1" : "0");
	fault_in_method = 1;
	rc = fault_apply(name, value, 0, &cause);
	fault_in_method = 0;
	if (rc == -1) {
		rpc_fail(c, -32602, rpc_data("fault", cJSON_CreateString(name),
		    NULL), "%s", cause);
		free(cause);
		free(value);
		return (NULL);
	}
	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "applied", name);
	if (value != NULL)
		cJSON_AddStringToObject(r, "value", value);
	free(value);
	return (r);
}

static cJSON *
fault_m_faults(struct rpc_call *c)
{
	return (fault_table_json());
}

static cJSON *
fault_m_state(struct rpc_call *c)
{
	struct obj	*o, *f;
	cJSON		*r, *arr, *e, *fs;

	r = nat_state();
	arr = cJSON_AddArrayToObject(r, "objects");
	TAILQ_FOREACH(o, &obj_all, entry) {
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "id", o->id);
		cJSON_AddStringToObject(e, "className", o->cls->name);
		cJSON_AddStringToObject(e, "objectName", o->name);
		if (o->parent != NULL)
			cJSON_AddStringToObject(e, "parent", o->parent->id);
		else
			cJSON_AddNullToObject(e, "parent");
		if (o->widget) {
			cJSON_AddBoolToObject(e, "visible", obj_visible(o));
			cJSON_AddItemToObject(e, "global",
			    dj_rect(obj_global(o)));
		}
		cJSON_AddItemToArray(arr, e);
	}
	f = app_focus_widget();
	if (f != NULL)
		cJSON_AddStringToObject(r, "focus", f->id);
	else
		cJSON_AddNullToObject(r, "focus");
	if (app_active_window() != NULL)
		cJSON_AddStringToObject(r, "activeWindow",
		    app_active_window()->id);
	else
		cJSON_AddNullToObject(r, "activeWindow");
	cJSON_AddStringToObject(r, "statusMessage", app.status);
	cJSON_AddStringToObject(r, "clipboard", app.clipboard);
	cJSON_AddBoolToObject(r, "lifecycle", rpc_lifecycle());
	cJSON_AddNumberToObject(r, "requests", rpc_requests);
	cJSON_AddNumberToObject(r, "port", probe_port);
	fs = cJSON_AddObjectToObject(r, "faults");
	cJSON_AddNumberToObject(fs, "listen_delay", faults.listen_delay);
	cJSON_AddNumberToObject(fs, "loop_delay", faults.loop_delay);
	cJSON_AddNumberToObject(fs, "first_delay", faults.first_delay);
	cJSON_AddNumberToObject(fs, "latency_us", faults.latency_us);
	cJSON_AddNumberToObject(fs, "fragment", (double)faults.fragment);
	cJSON_AddNumberToObject(fs, "log", con_traffic);
	cJSON_AddNumberToObject(fs, "exit_segv", faults.exit_segv);
	cJSON_AddNumberToObject(fs, "delay", faults.delay);
	cJSON_AddNumberToObject(fs, "crash_after", faults.crash_after);
	cJSON_AddNumberToObject(fs, "hang_after", faults.hang_after);
	cJSON_AddNumberToObject(fs, "wrong_id", faults.wrong_id);
	cJSON_AddNumberToObject(fs, "duplicate", faults.duplicate);
	return (r);
}

static cJSON *
fault_m_log(struct rpc_call *c)
{
	const char	*type = dj_str(c->params, "type");
	const char	*msg = dj_str(c->params, "message");
	cJSON		*r;

	if (strcmp(type, "debug") != 0 && strcmp(type, "info") != 0 &&
	    strcmp(type, "warning") != 0 && strcmp(type, "error") != 0 &&
	    strcmp(type, "fatal") != 0)
		type = "debug";
	con_line(type, "%s", msg);
	r = cJSON_CreateObject();
	cJSON_AddBoolToObject(r, "logged", 1);
	return (r);
}

const struct rpc_method fault_methods[] = {
	{ "double.fault", fault_m_fault, RPC_DOUBLE, 0 },
	{ "double.faults", fault_m_faults, RPC_DOUBLE, 0 },
	{ "double.state", fault_m_state, RPC_DOUBLE, 0 },
	{ "double.log", fault_m_log, RPC_DOUBLE, 0 },
};
const size_t fault_nmethods = nitems(fault_methods);

/*
 * tool-qtmcp.c: qtmcp's own tools, there in every mode: the supervisor's
 * view (qtmcp_status), a restart that waits until the app answers
 * (qtmcp_restart), the app's captured output (qtmcp_output), and the
 * events the probe pushed (qtmcp_events), which the Python server threw
 * away.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "qtmcp.h"

static void	qtmcp_status_run(struct tool_call *);
static void	qtmcp_restart_run(struct tool_call *);
static void	qtmcp_output_run(struct tool_call *);
static void	qtmcp_events_run(struct tool_call *);

const struct tool tools_qtmcp[] = {
	{ "qtmcp_status", NULL, 0, "Application status",
	  "Shows whether the application is running and reachable: for each "
	  "supervised application its state (starting, ready, backoff, "
	  "crashed, exited, failed, ...), PID, uptime, how many times it was "
	  "restarted, how long it took to become ready, the probe's version "
	  "and the last exit or crash report with the application's last "
	  "output lines. Use it when a tool says the application is not "
	  "ready, after a crash, or to learn which applications exist. "
	  "Example: {}",
	  "{\"type\":\"object\",\"properties\":{},"
	  "\"additionalProperties\":false}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"connected\":{\"type\":\"boolean\"},"
	  "\"ws_url\":{\"type\":[\"string\",\"null\"]},"
	  "\"mode\":{\"type\":\"string\"},"
	  "\"server\":{\"type\":\"object\"},"
	  "\"targets\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}},"
	  "\"required\":[\"connected\",\"mode\",\"targets\"]}",
	  TOOL_READONLY|TOOL_IDEMPOTENT, NULL, NULL, NULL, qtmcp_status_run },
	{ "qtmcp_restart", NULL, 0, "Restart the application",
	  "Starts the application again (stopping it first if it runs) and "
	  "waits until its probe answers, then says how long that took. Use "
	  "it when the application is stuck, was closed, or failed after too "
	  "many crashes. Object ids, numeric ids and refs from before are no "
	  "longer valid afterwards. Example: {}",
	  "{\"type\":\"object\",\"properties\":{},"
	  "\"additionalProperties\":false}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"app\":{\"type\":\"string\"},\"state\":{\"type\":\"string\"},"
	  "\"pid\":{\"type\":\"integer\"},"
	  "\"ready_in_ms\":{\"type\":\"number\"}},"
	  "\"required\":[\"app\",\"state\"]}",
	  TOOL_DESTRUCTIVE, NULL, NULL, NULL, qtmcp_restart_run },
	{ "qtmcp_output", NULL, 0, "Application output",
	  "Returns the last lines the application printed on stdout and "
	  "stderr, with times, oldest first (the probe's own traffic log "
	  "lines can be left out with probe_log false). Use it to see warnings "
	  "or errors the application printed, or why it crashed. Example: "
	  "{\"lines\": 20, \"stream\": \"stderr\"}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"lines\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100000,"
	  "\"default\":50,\"description\":\"How many of the last lines\"},"
	  "\"stream\":{\"type\":\"string\",\"enum\":[\"both\",\"stdout\","
	  "\"stderr\"],\"default\":\"both\",\"description\":\"Which stream\"},"
	  "\"contains\":{\"type\":\"string\",\"description\":\"Only lines "
	  "containing this text\"},"
	  "\"probe_log\":{\"type\":\"boolean\",\"default\":true,"
	  "\"description\":\"Include the probe's traffic log lines "
	  "([QtMCP] ...)\"}},"
	  "\"additionalProperties\":false}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"lines\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},"
	  "\"stdout_lines\":{\"type\":\"number\"},"
	  "\"stderr_lines\":{\"type\":\"number\"}},"
	  "\"required\":[\"lines\"]}",
	  TOOL_READONLY|TOOL_IDEMPOTENT, NULL, NULL, NULL, qtmcp_output_run },
	{ "qtmcp_events", NULL, 0, "Signal and object events",
	  "Returns the events the application's probe pushed: signal "
	  "emissions after qt_signals_subscribe (with their subscriptionId), "
	  "and object lifecycle events. Each event has a sequence number; "
	  "pass the returned next as since to get only newer events, and "
	  "wait_ms to wait for the first new one (for example after clicking "
	  "a button whose clicked signal you subscribed). Example: "
	  "{\"since\": 0, \"wait_ms\": 2000, \"subscriptionId\": \"sub_1\"}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"since\":{\"type\":\"integer\",\"minimum\":0,\"default\":0,"
	  "\"description\":\"Only events after this sequence number (the "
	  "next of the previous call)\"},"
	  "\"wait_ms\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":60000,"
	  "\"default\":0,\"description\":\"Wait up to this long for a first "
	  "new event\"},"
	  "\"subscriptionId\":{\"type\":\"string\",\"description\":\"Only "
	  "events of this subscription (sub_N from qt_signals_subscribe)\"},"
	  "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":10000,"
	  "\"default\":100,\"description\":\"At most this many (the newest)\"}},"
	  "\"additionalProperties\":false}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"events\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},"
	  "\"next\":{\"type\":\"number\"},\"omitted\":{\"type\":\"number\"},"
	  "\"dropped\":{\"type\":\"number\"},\"note\":{\"type\":\"string\"}},"
	  "\"required\":[\"events\",\"next\",\"dropped\"]}",
	  TOOL_READONLY, NULL, NULL, NULL, qtmcp_events_run },
};
const size_t tools_qtmcp_count = nitems(tools_qtmcp);

/* Text and structured content from one JSON object (consumed). */
static cJSON *
qtmcp_json_result(struct tool_call *c, cJSON *obj)
{
	cJSON	*result;

	result = cJSON_CreateObject();
	cJSON_AddArrayToObject(result, "content");
	tool_result_json(c, result, obj);
	return (result);
}

/* The target named by app, or the only one; NULL and a failure if not. */
static struct target *
qtmcp_pick(struct tool_call *c, int all_ok)
{
	struct target	*t = tool_call_target(c);
	char		*names, *s;
	int		 i;

	if (t != NULL || all_ok)
		return (t);
	names = xstrdup("");
	for (i = 0; i < sv_count(); i++) {
		s = xasprintf("%s%s%s", names, i ? ", " : "",
		    sv_target(i)->label);
		free(names);
		names = s;
	}
	tool_call_fail(c, "Say which application with app (one of %s).",
	    names);
	free(names);
	return (NULL);
}

static void
qtmcp_status_run(struct tool_call *c)
{
	tool_call_done(c, qtmcp_json_result(c,
	    status_json_for(tool_call_target(c))));
}

static void
qtmcp_restart_ready(struct tool_call *c)
{
	struct target	*t = tool_call_target(c);
	cJSON		*o;

	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "app", t->label);
	cJSON_AddStringToObject(o, "state", sv_state_name(t->state));
	if (t->pid > 0)
		cJSON_AddNumberToObject(o, "pid", t->pid);
	cJSON_AddNumberToObject(o, "ready_in_ms", (double)t->ready_latency);
	tool_call_done(c, qtmcp_json_result(c, o));
}

static void
qtmcp_restart_run(struct tool_call *c)
{
	struct target	*t;

	if ((t = qtmcp_pick(c, 0)) == NULL)
		return;
	log_info("target %s: restart asked by the MCP host", t->label);
	sv_restart(t, "restart asked by the MCP host");
	tool_call_when_ready(c, qtmcp_restart_ready);
}

static void
qtmcp_output_add(cJSON *list, const struct sv_line *l, const char *stream)
{
	cJSON	*o;
	char	 stamp[40];

	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "time", util_iso_time(l->wall, stamp,
	    sizeof stamp));
	cJSON_AddStringToObject(o, "stream", stream);
	cJSON_AddStringToObject(o, "text", l->text);
	if (l->cut != 0)
		cJSON_AddNumberToObject(o, "bytes_cut", (double)l->cut);
	cJSON_AddItemToArray(list, o);
}

static int
qtmcp_output_wanted(const struct sv_line *l, const char *contains,
    int probe_log)
{
	if (!probe_log && (strncmp(l->text, "[QtMCP]", 7) == 0 ||
	    strncmp(l->text, "Handling method:", 16) == 0))
		return (0);
	return (contains == NULL || strstr(l->text, contains) != NULL);
}

static void
qtmcp_output_run(struct tool_call *c)
{
	struct target		*t;
	const struct sv_ring	*ro, *re;
	const struct sv_line	*lo, *le;
	cJSON			*args = tool_call_args(c), *v, *o, *list;
	const char		*stream = "both", *contains = NULL;
	int			 want = 50, probe_log = 1, io, ie, n, k, i;
	const struct sv_line	**pick;
	const char		**which;

	if ((t = qtmcp_pick(c, 0)) == NULL)
		return;
	if (t->attach) {
		tool_call_fail(c, "qtmcp did not start %s (it attached to %s), "
		    "so it has no output of it.", t->label, t->url);
		return;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(args, "lines")) != NULL)
		want = v->valueint;
	if ((v = cJSON_GetObjectItemCaseSensitive(args, "stream")) != NULL)
		stream = v->valuestring;
	if ((v = cJSON_GetObjectItemCaseSensitive(args, "contains")) != NULL)
		contains = v->valuestring;
	if ((v = cJSON_GetObjectItemCaseSensitive(args, "probe_log")) != NULL)
		probe_log = cJSON_IsTrue(v);

	ro = &t->out[SV_STDOUT].ring;
	re = &t->out[SV_STDERR].ring;
	if (strcmp(stream, "stderr") == 0)
		ro = NULL;
	if (strcmp(stream, "stdout") == 0)
		re = NULL;
	/* Walk both rings backwards, newest first, merging by arrival. */
	pick = xcalloc(want, sizeof *pick);
	which = xcalloc(want, sizeof *which);
	io = ro != NULL ? ro->count - 1 : -1;
	ie = re != NULL ? re->count - 1 : -1;
	n = 0;
	while (n < want && (io >= 0 || ie >= 0)) {
		lo = io >= 0 ? sv_ring_get(ro, io) : NULL;
		le = ie >= 0 ? sv_ring_get(re, ie) : NULL;
		if (le == NULL || (lo != NULL && lo->seq > le->seq)) {
			io--;
			if (qtmcp_output_wanted(lo, contains, probe_log)) {
				which[n] = "stdout";
				pick[n++] = lo;
			}
		} else {
			ie--;
			if (qtmcp_output_wanted(le, contains, probe_log)) {
				which[n] = "stderr";
				pick[n++] = le;
			}
		}
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "app", t->label);
	list = cJSON_AddArrayToObject(o, "lines");
	for (k = n - 1, i = 0; k >= 0; k--, i++)
		qtmcp_output_add(list, pick[k], which[k]);
	cJSON_AddNumberToObject(o, "stdout_lines",
	    (double)t->out[SV_STDOUT].lines);
	cJSON_AddNumberToObject(o, "stderr_lines",
	    (double)t->out[SV_STDERR].lines);
	cJSON_AddNumberToObject(o, "kept_per_stream", t->cfg->output_lines);
	free(pick);
	free(which);
	tool_call_done(c, qtmcp_json_result(c, o));
}

/* --- qtmcp_events, which may wait for the first new event ---------------- */

struct qtmcp_events_wait {
	struct tool_call	*call;
	ev_timer		 timer;
	uint64_t		 since;
	char			*sub;
	int			 limit;
};

static void
qtmcp_events_answer(struct tool_call *c)
{
	struct qtmcp_events_wait	*w = tool_call_local(c);

	tool_call_done(c, qtmcp_json_result(c, events_json(
	    tool_call_target(c), w->since, w->sub, w->limit)));
}

static void
qtmcp_events_new(void *arg)
{
	struct qtmcp_events_wait	*w = arg;

	if (events_count(tool_call_target(w->call), w->since, w->sub) > 0)
		qtmcp_events_answer(w->call);
}

static void
qtmcp_events_timeout(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct qtmcp_events_wait	*w = t->data;

	qtmcp_events_answer(w->call);
}

static void
qtmcp_events_free(struct tool_call *c)
{
	struct qtmcp_events_wait	*w = tool_call_local(c);

	if (w == NULL)
		return;
	ev_timer_stop(EV_DEFAULT, &w->timer);
	events_unwait(qtmcp_events_new, w);
	free(w->sub);
	free(w);
	tool_call_set_local(c, NULL, NULL);
}

static void
qtmcp_events_run(struct tool_call *c)
{
	struct qtmcp_events_wait	*w;
	cJSON				*args = tool_call_args(c), *v;
	int				 wait_ms = 0;

	w = xcalloc(1, sizeof *w);
	w->call = c;
	w->limit = 100;
	if ((v = cJSON_GetObjectItemCaseSensitive(args, "since")) != NULL)
		w->since = (uint64_t)v->valuedouble;
	if ((v = cJSON_GetObjectItemCaseSensitive(args, "wait_ms")) != NULL)
		wait_ms = v->valueint;
	if ((v = cJSON_GetObjectItemCaseSensitive(args, "limit")) != NULL)
		w->limit = v->valueint;
	if ((v = cJSON_GetObjectItemCaseSensitive(args,
	    "subscriptionId")) != NULL)
		w->sub = xstrdup(v->valuestring);
	tool_call_set_local(c, w, qtmcp_events_free);
	if (wait_ms == 0 || events_count(tool_call_target(c), w->since,
	    w->sub) > 0) {
		qtmcp_events_answer(c);
		return;
	}
	ev_timer_init(&w->timer, qtmcp_events_timeout, wait_ms / 1000.0, 0.);
	w->timer.data = w;
	ev_timer_start(EV_DEFAULT, &w->timer);
	events_wait(qtmcp_events_new, w);
}

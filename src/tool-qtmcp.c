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
static void	qtmcp_wait_run(struct tool_call *);

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
	  TOOL_DESTRUCTIVE|TOOL_ONE_APP, NULL, NULL, NULL, qtmcp_restart_run },
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
	  TOOL_READONLY|TOOL_IDEMPOTENT|TOOL_ONE_APP, NULL, NULL, NULL,
	  qtmcp_output_run },
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
	{ "qtmcp_wait_for", NULL, 0, "Wait for a UI condition",
	  "Waits until a property of an object has a given value (by default "
	  "until it is visible), polling the application, and returns as "
	  "soon as it does, or fails after timeout_ms with the last value "
	  "seen. Use it after an action whose effect takes time: a dialog or "
	  "wizard page that appears, a button that becomes enabled, a label "
	  "that changes, or with gone true a window that closes. Give "
	  "objectId (from qt_objects_find) or name (an objectName, for an "
	  "object that may not exist yet). Example: {\"name\": "
	  "\"submitButton\", \"property\": \"enabled\", \"equals\": true}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"objectId\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"The object, by an id from qt_objects_find\"},"
	  "\"name\":{\"type\":\"string\",\"minLength\":1,\"description\":"
	  "\"Or the object's objectName: it is looked for until it exists\"},"
	  "\"property\":{\"type\":\"string\",\"minLength\":1,"
	  "\"default\":\"visible\",\"description\":\"The property to "
	  "watch\"},"
	  "\"equals\":{\"type\":[\"string\",\"number\",\"boolean\","
	  "\"object\",\"array\"],\"default\":true,\"description\":\"The "
	  "value to wait for, in the form qt_properties_get returns\"},"
	  "\"gone\":{\"type\":\"boolean\",\"default\":false,"
	  "\"description\":\"Wait instead until the object no longer "
	  "exists\"},"
	  "\"timeout_ms\":{\"type\":\"integer\",\"minimum\":0,"
	  "\"maximum\":60000,\"default\":5000,\"description\":\"How long "
	  "to wait at most\"}},"
	  "\"additionalProperties\":false}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"matched\":{\"type\":\"boolean\"},"
	  "\"objectId\":{\"type\":\"string\"},"
	  "\"property\":{\"type\":\"string\"},\"value\":{},"
	  "\"gone\":{\"type\":\"boolean\"},"
	  "\"waited_ms\":{\"type\":\"number\"},"
	  "\"polls\":{\"type\":\"number\"}},"
	  "\"required\":[\"matched\",\"waited_ms\"]}",
	  TOOL_READONLY|TOOL_ONE_APP, NULL, NULL, NULL, qtmcp_wait_run },
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
	if (!probe_log && sv_probe_noise(l->text))
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

/* --- qtmcp_wait_for: poll a property until it has a value ----------------- */

#define WAIT_POLL_MIN	20	/* ms between polls, growing */
#define WAIT_POLL_MAX	250

struct qtmcp_wait {
	struct tool_call	*call;
	ev_timer		 timer;
	uint64_t		 started;	/* once the app was ready */
	uint64_t		 deadline;
	uint64_t		 poll;		/* current interval, ms */
	uint64_t		 handle;	/* probe call in flight */
	char			*name;		/* objectName to find, or NULL */
	char			*object;	/* objectId, given or found */
	char			*property;
	cJSON			*equals;
	int			 gone;		/* wait for the object to go */
	int			 polls;
	cJSON			*last;		/* last value seen */
	char			*last_error;
};

static void	qtmcp_wait_poll(struct qtmcp_wait *);

static void
qtmcp_wait_free(struct tool_call *c)
{
	struct qtmcp_wait	*w = tool_call_local(c);
	struct target		*t = tool_call_target(c);

	if (w == NULL)
		return;
	ev_timer_stop(EV_DEFAULT, &w->timer);
	if (w->handle != 0 && t != NULL)
		probe_cancel(t->probe, w->handle);
	free(w->name);
	free(w->object);
	free(w->property);
	cJSON_Delete(w->equals);
	cJSON_Delete(w->last);
	free(w->last_error);
	free(w);
	tool_call_set_local(c, NULL, NULL);
}

static void
qtmcp_wait_done(struct qtmcp_wait *w, const cJSON *value)
{
	struct tool_call	*c = w->call;
	cJSON			*o, *result;

	o = cJSON_CreateObject();
	cJSON_AddTrueToObject(o, "matched");
	if (w->object != NULL)
		cJSON_AddStringToObject(o, "objectId", w->object);
	if (!w->gone) {
		cJSON_AddStringToObject(o, "property", w->property);
		cJSON_AddItemToObject(o, "value", value != NULL ?
		    cJSON_Duplicate(value, 1) : cJSON_CreateNull());
	} else
		cJSON_AddTrueToObject(o, "gone");
	cJSON_AddNumberToObject(o, "waited_ms", (double)(util_now_ms() -
	    w->started));
	cJSON_AddNumberToObject(o, "polls", w->polls);
	result = cJSON_CreateObject();
	cJSON_AddArrayToObject(result, "content");
	tool_result_json(c, result, o);
	tool_call_done(c, result);
}

static void
qtmcp_wait_timeout(struct qtmcp_wait *w)
{
	char	*why, *last, buf[32];

	if (w->gone)
		why = xasprintf("%s still exists", w->object != NULL ?
		    w->object : w->name);
	else if (w->object == NULL)
		why = xasprintf("no object is named %s", w->name);
	else if (w->last_error != NULL)
		why = xstrdup(w->last_error);
	else {
		last = w->last != NULL ? cJSON_PrintUnformatted(w->last) :
		    NULL;
		why = xasprintf("%s of %s is %s", w->property, w->object,
		    last != NULL ? last : "unknown");
		cJSON_free(last);
	}
	tool_call_fail(w->call, "qtmcp_wait_for: not met within %s (%d "
	    "polls): %s. Check the condition with qt_properties_get, or take "
	    "a screenshot to see what the application shows.",
	    util_format_duration(util_now_ms() - w->started, buf, sizeof buf),
	    w->polls, why);
	free(why);
}

static void
qtmcp_wait_timer(struct ev_loop *loop, ev_timer *t, int revents)
{
	qtmcp_wait_poll(t->data);
}

/* Poll again later, or give up at the deadline. */
static void
qtmcp_wait_again(struct qtmcp_wait *w)
{
	uint64_t	now = util_now_ms(), delay;

	if (now >= w->deadline) {
		qtmcp_wait_timeout(w);
		return;
	}
	delay = w->poll;
	if (now + delay > w->deadline)
		delay = w->deadline - now;
	w->poll = w->poll * 2 > WAIT_POLL_MAX ? WAIT_POLL_MAX : w->poll * 2;
	ev_timer_set(&w->timer, (double)delay / 1000.0, 0.);
	ev_timer_start(EV_DEFAULT, &w->timer);
}

static void
qtmcp_wait_answer(struct probe_result *res, void *arg)
{
	struct qtmcp_wait	*w = arg;
	const cJSON		*v, *id;
	int			 finding = w->object == NULL;

	w->handle = 0;
	w->polls++;
	free(w->last_error);
	w->last_error = NULL;
	if (res->kind == PROBE_ERROR && res->code == -32001) {
		if (w->gone) {
			qtmcp_wait_done(w, NULL);
			return;
		}
		if (!finding) {
			/* The object went away: find it again by name. */
			if (w->name != NULL) {
				free(w->object);
				w->object = NULL;
			} else
				w->last_error = xstrdup("the object no longer "
				    "exists");
		}
		qtmcp_wait_again(w);
		return;
	}
	if (res->kind != PROBE_OK) {
		if (res->kind == PROBE_LOST || res->kind == PROBE_TIMEOUT) {
			tool_call_fail(w->call, "qtmcp_wait_for: %s",
			    res->message);
			return;
		}
		w->last_error = xasprintf("the probe said: %s (error %d)",
		    res->message, res->code);
		qtmcp_wait_again(w);
		return;
	}
	if (finding) {
		id = cJSON_GetObjectItemCaseSensitive(res->payload, "objectId");
		if (!cJSON_IsString(id)) {
			qtmcp_wait_again(w);
			return;
		}
		w->object = xstrdup(id->valuestring);
		if (w->gone) {
			qtmcp_wait_again(w);
			return;
		}
		qtmcp_wait_poll(w);	/* read it at once */
		return;
	}
	if (w->gone) {
		qtmcp_wait_again(w);
		return;
	}
	v = cJSON_GetObjectItemCaseSensitive(res->payload, "value");
	cJSON_Delete(w->last);
	w->last = v != NULL ? cJSON_Duplicate(v, 1) : cJSON_CreateNull();
	if (v != NULL && cJSON_Compare(v, w->equals, 1)) {
		qtmcp_wait_done(w, v);
		return;
	}
	qtmcp_wait_again(w);
}

static void
qtmcp_wait_poll(struct qtmcp_wait *w)
{
	struct target	*t = tool_call_target(w->call);
	cJSON		*params;
	char		*cause = NULL;
	const char	*method;

	params = cJSON_CreateObject();
	if (w->object == NULL) {
		method = "qt.objects.find";
		cJSON_AddStringToObject(params, "name", w->name);
	} else if (w->gone) {
		method = "qt.objects.info";
		cJSON_AddStringToObject(params, "objectId", w->object);
	} else {
		method = "qt.properties.get";
		cJSON_AddStringToObject(params, "objectId", w->object);
		cJSON_AddStringToObject(params, "name", w->property);
	}
	w->handle = probe_call(t->probe, method, params, 0, qtmcp_wait_answer,
	    w, &cause);
	if (w->handle == 0) {
		tool_call_fail(w->call, "qtmcp_wait_for: %s", cause);
		free(cause);
	}
}

static void
qtmcp_wait_start(struct tool_call *c)
{
	struct qtmcp_wait	*w = tool_call_local(c);

	w->started = util_now_ms();
	w->deadline = w->started + w->deadline;	/* was the timeout */
	qtmcp_wait_poll(w);
}

static void
qtmcp_wait_run(struct tool_call *c)
{
	struct qtmcp_wait	*w;
	cJSON			*args = tool_call_args(c), *v;

	if (qtmcp_pick(c, 0) == NULL)
		return;
	w = xcalloc(1, sizeof *w);
	w->call = c;
	w->poll = WAIT_POLL_MIN;
	w->deadline = 5000;
	ev_timer_init(&w->timer, qtmcp_wait_timer, 0., 0.);
	w->timer.data = w;
	if ((v = cJSON_GetObjectItemCaseSensitive(args, "objectId")) != NULL)
		w->object = xstrdup(v->valuestring);
	if ((v = cJSON_GetObjectItemCaseSensitive(args, "name")) != NULL)
		w->name = xstrdup(v->valuestring);
	v = cJSON_GetObjectItemCaseSensitive(args, "property");
	w->property = xstrdup(v != NULL ? v->valuestring : "visible");
	v = cJSON_GetObjectItemCaseSensitive(args, "equals");
	w->equals = v != NULL ? cJSON_Duplicate(v, 1) : cJSON_CreateTrue();
	w->gone = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(args, "gone"));
	if ((v = cJSON_GetObjectItemCaseSensitive(args, "timeout_ms")) != NULL)
		w->deadline = (uint64_t)v->valueint;
	tool_call_set_local(c, w, qtmcp_wait_free);
	if ((w->object == NULL) == (w->name == NULL)) {
		tool_call_fail(c, "qtmcp_wait_for needs objectId (an id from "
		    "qt_objects_find) or name (an objectName, for an object "
		    "that may not exist yet), not both.");
		return;
	}
	tool_call_when_ready(c, qtmcp_wait_start);
}

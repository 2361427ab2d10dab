/*
 * mcp.c: the Model Context Protocol on top of jsonrpc.c: the session's
 * lifecycle and protocol revision, the dispatch of requests and
 * notifications, resources, and what qtmcp tells the host on its own
 * (log messages, progress, resource updates, tool list changes).
 *
 * What is sent is shaped by the negotiated revision: batches exist only in
 * 2025-03-26, tool annotations from 2025-03-26, titles and structured
 * content from 2025-06-18.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "qtmcp.h"

#define MCP_EVENTS_THROTTLE	0.1	/* s between events updates */

static const struct {
	const char	*name;
} mcp_revisions[REV_COUNT] = {
	[REV_2024_11_05] = { "2024-11-05" },
	[REV_2025_03_26] = { "2025-03-26" },
	[REV_2025_06_18] = { "2025-06-18" },
	[REV_2025_11_25] = { "2025-11-25" },
};

/* Logging levels of the protocol, in order of severity (RFC 5424). */
static const char *mcp_levels[] = {
	"debug", "info", "notice", "warning", "error", "critical", "alert",
	"emergency"
};
#define MCP_LEVEL_DEBUG		0
#define MCP_LEVEL_INFO		1
#define MCP_LEVEL_NOTICE	2
#define MCP_LEVEL_WARNING	3
#define MCP_LEVEL_ERROR		4

struct mcp_batch {
	cJSON		*responses;
	int		 outstanding;
	int		 closed;	/* every element was dispatched */
};

struct mcp_list_wait {
	struct mcp_req		 req;
	ev_timer		 timer;
	struct mcp_list_wait	*next;
};

static struct {
	struct ev_loop		*loop;
	struct config		*config;
	int			 state;		/* MCP_NEW, MCP_INITIALIZED */
	int			 revision;
	int			 client_initialized;
	char			*client_name;
	char			*client_version;
	int			 log_level;	/* least severe level sent */
	int			 sub_status;	/* resources/subscribe */
	int			 sub_events;
	int			 app_tools;	/* the app's tools are listed */
	int			 listed;	/* tools/list was answered */
	struct mcp_list_wait	*list_waits;
	ev_timer		 events_timer;
	int			 events_dirty;
} mcp;

#define MCP_NEW		0
#define MCP_INITIALIZED	1

static void	mcp_request(cJSON *, struct mcp_req *);
static void	mcp_notification(cJSON *);

const char *
mcp_revision_name(int rev)
{
	if (rev < 0 || rev >= REV_COUNT)
		return ("?");
	return (mcp_revisions[rev].name);
}

int
mcp_revision(void)
{
	return (mcp.revision);
}

/* --- replies ----------------------------------------------------------- */

static cJSON *
mcp_envelope(const cJSON *id)
{
	cJSON	*msg;

	msg = cJSON_CreateObject();
	cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
	if (id != NULL)
		cJSON_AddItemToObject(msg, "id", rpc_id_copy(id));
	else if (mcp.state != MCP_INITIALIZED ||
	    mcp.revision < REV_2025_11_25)
		cJSON_AddNullToObject(msg, "id");	/* JSON-RPC 2.0 */
	/* 2025-11-25: an error whose request id is unknown has none. */
	return (msg);
}

static void
mcp_send(struct mcp_req *req, cJSON *msg)
{
	struct mcp_batch	*b = req->batch;

	cJSON_Delete(req->id);
	req->id = NULL;
	if (b == NULL) {
		rpc_send(msg, 0);
		cJSON_Delete(msg);
		return;
	}
	cJSON_AddItemToArray(b->responses, msg);
	if (--b->outstanding == 0 && b->closed) {
		if (cJSON_GetArraySize(b->responses) > 0)
			rpc_send(b->responses, 0);
		cJSON_Delete(b->responses);
		free(b);
	}
	req->batch = NULL;
}

void
mcp_reply(struct mcp_req *req, cJSON *result)
{
	cJSON	*msg;

	msg = mcp_envelope(req->id);
	cJSON_AddItemToObject(msg, "result", result);
	mcp_send(req, msg);
}

void
mcp_reply_error(struct mcp_req *req, int code, const char *message,
    cJSON *data)
{
	cJSON	*msg, *err;

	msg = mcp_envelope(req->id);
	err = cJSON_AddObjectToObject(msg, "error");
	cJSON_AddNumberToObject(err, "code", code);
	cJSON_AddStringToObject(err, "message", message);
	if (data != NULL)
		cJSON_AddItemToObject(err, "data", data);
	mcp_send(req, msg);
}

/* A request that will never be answered (cancelled). */
void
mcp_abandon(struct mcp_req *req)
{
	struct mcp_batch	*b = req->batch;

	cJSON_Delete(req->id);
	req->id = NULL;
	req->batch = NULL;
	if (b != NULL && --b->outstanding == 0 && b->closed) {
		if (cJSON_GetArraySize(b->responses) > 0)
			rpc_send(b->responses, 0);
		cJSON_Delete(b->responses);
		free(b);
	}
}

/* --- notifications to the host ---------------------------------------- */

void
mcp_progress(const cJSON *token, double progress, double total,
    const char *message)
{
	cJSON	*params;

	if (token == NULL || mcp.state != MCP_INITIALIZED)
		return;
	params = cJSON_CreateObject();
	cJSON_AddItemToObject(params, "progressToken", rpc_id_copy(token));
	cJSON_AddNumberToObject(params, "progress", progress);
	if (total > 0)
		cJSON_AddNumberToObject(params, "total", total);
	if (message != NULL && mcp.revision >= REV_2025_03_26)
		cJSON_AddStringToObject(params, "message", message);
	rpc_send_notification("notifications/progress", params);
}

/* Something the user should see in the host (notifications/message). */
void
mcp_log(int level, const char *fmt, ...)
{
	cJSON	*params;
	va_list	 ap;
	char	*text;

	if (mcp.state != MCP_INITIALIZED || level < mcp.log_level)
		return;
	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	params = cJSON_CreateObject();
	cJSON_AddStringToObject(params, "level", mcp_levels[level]);
	cJSON_AddStringToObject(params, "logger", "qtmcp");
	cJSON_AddStringToObject(params, "data", text);
	rpc_send_notification("notifications/message", params);
	free(text);
}

void
mcp_resource_changed(const char *uri)
{
	cJSON	*params;

	if (mcp.state != MCP_INITIALIZED)
		return;
	if (strcmp(uri, STATUS_URI) == 0 && !mcp.sub_status)
		return;
	if (strcmp(uri, EVENTS_URI) == 0) {
		if (!mcp.sub_events)
			return;
		/* Events may come in storms: at most one update per 100 ms. */
		if (ev_is_active(&mcp.events_timer)) {
			mcp.events_dirty = 1;
			return;
		}
		ev_timer_set(&mcp.events_timer, MCP_EVENTS_THROTTLE, 0.);
		ev_timer_start(mcp.loop, &mcp.events_timer);
	}
	params = cJSON_CreateObject();
	cJSON_AddStringToObject(params, "uri", uri);
	rpc_send_notification("notifications/resources/updated", params);
}

static void
mcp_events_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	if (mcp.events_dirty) {
		mcp.events_dirty = 0;
		mcp_resource_changed(EVENTS_URI);
	}
}

/* The set of tools changed (the app's tools appeared). */
void
mcp_tools_changed(void)
{
	if (mcp.state == MCP_INITIALIZED && mcp.listed)
		rpc_send_notification("notifications/tools/list_changed",
		    NULL);
}

/* --- tools/list, which waits for the app's tools ----------------------- */

static void
mcp_list_answer(struct mcp_req *req)
{
	cJSON	*result;

	result = cJSON_CreateObject();
	cJSON_AddItemToObject(result, "tools", tools_list(mcp.revision,
	    mcp.app_tools));
	mcp.listed = 1;
	mcp_reply(req, result);
}

static void
mcp_list_wait_done(struct mcp_list_wait *w)
{
	struct mcp_list_wait	**pp;

	for (pp = &mcp.list_waits; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	}
	ev_timer_stop(mcp.loop, &w->timer);
	mcp_list_answer(&w->req);
	free(w);
}

/* A waiting tools/list the host cancelled: no answer. */
static int
mcp_list_cancel(const cJSON *id)
{
	struct mcp_list_wait	**pp, *w;

	for (pp = &mcp.list_waits; (w = *pp) != NULL; pp = &w->next) {
		if (w->req.id != NULL && cJSON_Compare(w->req.id, id, 1)) {
			*pp = w->next;
			ev_timer_stop(mcp.loop, &w->timer);
			mcp_abandon(&w->req);
			free(w);
			return (1);
		}
	}
	return (0);
}

static void
mcp_list_timer_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct mcp_list_wait	*w = t->data;

	log_info("tools/list answered with qtmcp's own tools only: the app "
	    "was not ready within ready_timeout");
	mcp_list_wait_done(w);
}

/* The app's tools are there from the first time a target is ready. */
static void
mcp_app_ready(void)
{
	if (mcp.app_tools)
		return;
	mcp.app_tools = 1;
	while (mcp.list_waits != NULL)
		mcp_list_wait_done(mcp.list_waits);
	mcp_tools_changed();
}

/* Is anybody ready, or going to be?  If not, tools/list need not wait. */
static int
mcp_anyone_coming(void)
{
	struct target	*t;
	int		 i;

	for (i = 0; i < sv_count(); i++) {
		t = sv_target(i);
		if (t->state == SV_READY || sv_coming(t))
			return (1);
	}
	return (0);
}

static void
mcp_tools_list(cJSON *params, struct mcp_req *req)
{
	struct mcp_list_wait	*w;

	if (mcp.app_tools || !mcp_anyone_coming()) {
		mcp_list_answer(req);
		return;
	}
	w = xcalloc(1, sizeof *w);
	w->req = *req;
	req->id = NULL;
	req->batch = NULL;
	ev_timer_init(&w->timer, mcp_list_timer_cb,
	    (double)mcp.config->ready_timeout / 1000.0, 0.);
	w->timer.data = w;
	ev_timer_start(mcp.loop, &w->timer);
	w->next = mcp.list_waits;
	mcp.list_waits = w;
}

/* --- the supervisor's news --------------------------------------------- */

static void
mcp_observer(struct target *t, enum sv_state old)
{
	const struct sv_report	*r;
	char			 buf[32];

	switch (t->state) {
	case SV_STARTING:
		if (old == SV_READY)
			mcp_log(MCP_LEVEL_WARNING, "%s: lost the connection to "
			    "the probe (%s); reconnecting", t->label,
			    t->cause);
		else if (!t->attach)
			mcp_log(MCP_LEVEL_INFO, "%s: starting (pid %ld, port "
			    "%d)", t->label, (long)t->pid, t->port);
		break;
	case SV_READY:
		if (t->attach)
			mcp_log(MCP_LEVEL_INFO, "%s: connected to the probe at "
			    "%s", t->label, t->url);
		else
			mcp_log(MCP_LEVEL_INFO, "%s: ready in %llu ms", t->label,
			    (unsigned long long)t->ready_latency);
		mcp_app_ready();
		break;
	case SV_CRASHED:
		r = sv_last_report(t);
		mcp_log(MCP_LEVEL_ERROR, "%s: %s", t->label, r != NULL ?
		    r->summary : t->cause);
		break;
	case SV_EXITED:
		r = sv_last_report(t);
		mcp_log(MCP_LEVEL_NOTICE, "%s: %s", t->label, r != NULL ?
		    r->summary : t->cause);
		break;
	case SV_BACKOFF:
		mcp_log(MCP_LEVEL_INFO, "%s: restarting in %s", t->label,
		    util_format_duration(t->backoff, buf, sizeof buf));
		break;
	case SV_FAILED:
		mcp_log(MCP_LEVEL_ERROR, "%s: failed: %s", t->label, t->cause);
		break;
	default:
		break;
	}
	tools_target_changed(t, old);
	mcp_resource_changed(STATUS_URI);
	if (mcp.list_waits != NULL && !mcp_anyone_coming())
		while (mcp.list_waits != NULL)
			mcp_list_wait_done(mcp.list_waits);
}

/* --- lifecycle ---------------------------------------------------------- */

static const char *
mcp_instructions(void)
{
	static char	*text;
	int		 mode = mcp.config->mode;

	if (text != NULL)
		return (text);
	text = xasprintf("qtmcp drives a running Qt desktop application "
	    "through the QtMcp probe loaded into it.%s%s%s The application is "
	    "supervised: when it crashes it is restarted automatically and "
	    "tool calls wait until it is back; ids and refs from before a "
	    "restart are no longer valid, so find them again. qtmcp_status "
	    "tells the application's state and its last crash report, "
	    "qtmcp_output shows what it printed, qtmcp_restart starts it "
	    "again, qtmcp_wait_for waits until a widget shows, changes or "
	    "goes after an action that takes time, and qtmcp_events returns "
	    "signal emissions after qt_signals_subscribe.",
	    (mode & MODE_NATIVE) ? " Native tools (qt_*): start with "
	    "qt_objects_find (by objectName) or qt_objects_findByClass to get "
	    "object ids; read with qt_objects_inspect or qt_properties_get; "
	    "act with qt_ui_click, qt_properties_set or qt_ui_sendKeys; see "
	    "a widget with qt_ui_screenshot." : "",
	    (mode & MODE_CU) ? " Computer-use tools (cu_*): start with "
	    "cu_screenshot; coordinates are pixels of that image, relative to "
	    "the active window." : "",
	    (mode & MODE_CHROME) ? " Accessibility tools (chr_*): start with "
	    "chr_readPage or chr_find to get refs, then chr_click or "
	    "chr_formInput." : "");
	return (text);
}

static int
mcp_parse_revision(const char *s)
{
	int	i;

	for (i = 0; i < REV_COUNT; i++) {
		if (strcmp(s, mcp_revisions[i].name) == 0)
			return (i);
	}
	return (-1);
}

static void
mcp_initialize(cJSON *params, struct mcp_req *req)
{
	cJSON	*v, *info, *result, *caps, *c;
	int	 rev;

	if (mcp.state == MCP_INITIALIZED) {
		mcp_reply_error(req, RPC_INVALID_REQUEST, "Invalid Request: "
		    "the session is already initialized", NULL);
		return;
	}
	v = cJSON_GetObjectItemCaseSensitive(params, "protocolVersion");
	if (!cJSON_IsString(v)) {
		mcp_reply_error(req, RPC_INVALID_PARAMS, "Invalid params: "
		    "initialize needs protocolVersion (a string such as "
		    "\"2025-11-25\")", NULL);
		return;
	}
	rev = mcp_parse_revision(v->valuestring);
	if (rev == -1)
		rev = REV_COUNT - 1;	/* the newest we speak */
	info = cJSON_GetObjectItemCaseSensitive(params, "clientInfo");
	if (cJSON_IsObject(info)) {
		v = cJSON_GetObjectItemCaseSensitive(info, "name");
		if (cJSON_IsString(v))
			mcp.client_name = xstrdup(v->valuestring);
		v = cJSON_GetObjectItemCaseSensitive(info, "version");
		if (cJSON_IsString(v))
			mcp.client_version = xstrdup(v->valuestring);
	}
	mcp.revision = rev;
	mcp.state = MCP_INITIALIZED;
	rpc_set_omit_null_id(rev >= REV_2025_11_25);
	log_info("MCP session with %s %s, revision %s",
	    mcp.client_name != NULL ? mcp.client_name : "an unnamed client",
	    mcp.client_version != NULL ? mcp.client_version : "",
	    mcp_revisions[rev].name);

	result = cJSON_CreateObject();
	cJSON_AddStringToObject(result, "protocolVersion",
	    mcp_revisions[rev].name);
	caps = cJSON_AddObjectToObject(result, "capabilities");
	c = cJSON_AddObjectToObject(caps, "tools");
	cJSON_AddTrueToObject(c, "listChanged");
	c = cJSON_AddObjectToObject(caps, "resources");
	cJSON_AddTrueToObject(c, "subscribe");
	cJSON_AddFalseToObject(c, "listChanged");
	cJSON_AddObjectToObject(caps, "logging");
	info = cJSON_AddObjectToObject(result, "serverInfo");
	cJSON_AddStringToObject(info, "name", "qtmcp");
	if (rev >= REV_2025_06_18)
		cJSON_AddStringToObject(info, "title", "qtmcp: Qt application "
		    "control");
	cJSON_AddStringToObject(info, "version", PACKAGE_VERSION);
	cJSON_AddStringToObject(result, "instructions", mcp_instructions());
	mcp_reply(req, result);
}

static void
mcp_ping(cJSON *params, struct mcp_req *req)
{
	mcp_reply(req, cJSON_CreateObject());
}

static void
mcp_set_level(cJSON *params, struct mcp_req *req)
{
	cJSON	*v;
	size_t	 i;

	v = cJSON_GetObjectItemCaseSensitive(params, "level");
	if (cJSON_IsString(v)) {
		for (i = 0; i < nitems(mcp_levels); i++) {
			if (strcmp(v->valuestring, mcp_levels[i]) == 0) {
				mcp.log_level = (int)i;
				mcp_reply(req, cJSON_CreateObject());
				return;
			}
		}
	}
	mcp_reply_error(req, RPC_INVALID_PARAMS, "Invalid params: level must "
	    "be one of debug, info, notice, warning, error, critical, alert, "
	    "emergency", NULL);
}

/* --- tools -------------------------------------------------------------- */

static void
mcp_tools_call(cJSON *params, struct mcp_req *req)
{
	cJSON	*name, *args, *meta, *token = NULL;

	name = cJSON_GetObjectItemCaseSensitive(params, "name");
	args = cJSON_GetObjectItemCaseSensitive(params, "arguments");
	if (!cJSON_IsString(name)) {
		mcp_reply_error(req, RPC_INVALID_PARAMS, "Invalid params: "
		    "tools/call needs name (the tool's name)", NULL);
		return;
	}
	if (args != NULL && !cJSON_IsObject(args) && !cJSON_IsNull(args)) {
		mcp_reply_error(req, RPC_INVALID_PARAMS, "Invalid params: "
		    "arguments must be an object", NULL);
		return;
	}
	meta = cJSON_GetObjectItemCaseSensitive(params, "_meta");
	if (cJSON_IsObject(meta)) {
		token = cJSON_GetObjectItemCaseSensitive(meta, "progressToken");
		if (token != NULL && !cJSON_IsString(token) &&
		    !rpc_valid_id(token))
			token = NULL;
	}
	if (tools_find(name->valuestring) == NULL) {
		cJSON	*data = cJSON_CreateObject();
		char	*text = tools_unknown_text(name->valuestring);

		cJSON_AddStringToObject(data, "tool", name->valuestring);
		mcp_reply_error(req, RPC_INVALID_PARAMS, text, data);
		free(text);
		return;
	}
	tools_call(req, name->valuestring, cJSON_IsObject(args) ? args : NULL,
	    token);
}

/* --- resources ---------------------------------------------------------- */

static cJSON *
mcp_resource(const char *uri, const char *name, const char *title,
    const char *description)
{
	cJSON	*r;

	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "uri", uri);
	cJSON_AddStringToObject(r, "name", name);
	if (mcp.revision >= REV_2025_06_18)
		cJSON_AddStringToObject(r, "title", title);
	cJSON_AddStringToObject(r, "description", description);
	cJSON_AddStringToObject(r, "mimeType", "application/json");
	return (r);
}

static void
mcp_resources_list(cJSON *params, struct mcp_req *req)
{
	cJSON	*result, *list;

	result = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(result, "resources");
	cJSON_AddItemToArray(list, mcp_resource(STATUS_URI, "status",
	    "Application status", "Whether the probe is connected, and for "
	    "each supervised application its state, PID, uptime, restarts, "
	    "start-up time and last crash report (JSON; a superset of the "
	    "QtMcp Python server's status)."));
	cJSON_AddItemToArray(list, mcp_resource(EVENTS_URI, "events",
	    "Application events", "Signal emissions and object lifecycle "
	    "events pushed by the probe since qtmcp started, newest last, "
	    "with sequence numbers (JSON; bounded, drops are counted)."));
	mcp_reply(req, result);
}

static void
mcp_resource_templates(cJSON *params, struct mcp_req *req)
{
	cJSON	*result;

	result = cJSON_CreateObject();
	cJSON_AddArrayToObject(result, "resourceTemplates");
	mcp_reply(req, result);
}

static const char *
mcp_uri(cJSON *params, struct mcp_req *req)
{
	cJSON	*uri;

	uri = cJSON_GetObjectItemCaseSensitive(params, "uri");
	if (!cJSON_IsString(uri)) {
		mcp_reply_error(req, RPC_INVALID_PARAMS, "Invalid params: uri "
		    "(a string) is required", NULL);
		return (NULL);
	}
	if (strcmp(uri->valuestring, STATUS_URI) != 0 &&
	    strcmp(uri->valuestring, EVENTS_URI) != 0) {
		cJSON	*data = cJSON_CreateObject();

		cJSON_AddStringToObject(data, "uri", uri->valuestring);
		mcp_reply_error(req, MCP_RESOURCE_NOT_FOUND, "Resource not "
		    "found: qtmcp has " STATUS_URI " and " EVENTS_URI, data);
		return (NULL);
	}
	return (uri->valuestring);
}

static void
mcp_resources_read(cJSON *params, struct mcp_req *req)
{
	const char	*uri;
	cJSON		*result, *contents, *c, *body;
	char		*text;

	if ((uri = mcp_uri(params, req)) == NULL)
		return;
	body = strcmp(uri, STATUS_URI) == 0 ? status_json() :
	    events_json(NULL, 0, NULL, 0);
	text = json_print(body, NULL);
	cJSON_Delete(body);
	result = cJSON_CreateObject();
	contents = cJSON_AddArrayToObject(result, "contents");
	c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "uri", uri);
	cJSON_AddStringToObject(c, "mimeType", "application/json");
	cJSON_AddStringToObject(c, "text", text);
	cJSON_AddItemToArray(contents, c);
	free(text);
	mcp_reply(req, result);
}

static void
mcp_subscribe(cJSON *params, struct mcp_req *req, int on)
{
	const char	*uri;

	if ((uri = mcp_uri(params, req)) == NULL)
		return;
	if (strcmp(uri, STATUS_URI) == 0)
		mcp.sub_status = on;
	else
		mcp.sub_events = on;
	mcp_reply(req, cJSON_CreateObject());
}

static void
mcp_resources_subscribe(cJSON *params, struct mcp_req *req)
{
	mcp_subscribe(params, req, 1);
}

static void
mcp_resources_unsubscribe(cJSON *params, struct mcp_req *req)
{
	mcp_subscribe(params, req, 0);
}

/* --- dispatch ----------------------------------------------------------- */

static const struct {
	const char	*method;
	void		(*fn)(cJSON *, struct mcp_req *);
	int		 before_init;	/* allowed before initialize */
} mcp_methods[] = {
	{ "initialize", mcp_initialize, 1 },
	{ "ping", mcp_ping, 1 },
	{ "tools/list", mcp_tools_list, 0 },
	{ "tools/call", mcp_tools_call, 0 },
	{ "resources/list", mcp_resources_list, 0 },
	{ "resources/templates/list", mcp_resource_templates, 0 },
	{ "resources/read", mcp_resources_read, 0 },
	{ "resources/subscribe", mcp_resources_subscribe, 0 },
	{ "resources/unsubscribe", mcp_resources_unsubscribe, 0 },
	{ "logging/setLevel", mcp_set_level, 0 },
};

static void
mcp_request(cJSON *msg, struct mcp_req *req)
{
	const char	*method;
	cJSON		*params;
	size_t		 i;
	char		*text;

	method = cJSON_GetObjectItemCaseSensitive(msg, "method")->valuestring;
	params = cJSON_GetObjectItemCaseSensitive(msg, "params");
	if (params != NULL && !cJSON_IsObject(params)) {
		mcp_reply_error(req, RPC_INVALID_PARAMS, "Invalid params: "
		    "params must be an object", NULL);
		return;
	}
	for (i = 0; i < nitems(mcp_methods); i++) {
		if (strcmp(method, mcp_methods[i].method) != 0)
			continue;
		if (mcp.state != MCP_INITIALIZED && !mcp_methods[i].before_init) {
			text = xasprintf("Invalid Request: %s before "
			    "initialize; the session starts with an initialize "
			    "request", method);
			mcp_reply_error(req, RPC_INVALID_REQUEST, text, NULL);
			free(text);
			return;
		}
		if (params == NULL) {
			params = cJSON_CreateObject();
			cJSON_AddItemToObject(msg, "params", params);
		}
		mcp_methods[i].fn(params, req);
		return;
	}
	/*
	 * server/discover (2026-07-28 draft) lands here too, answered at
	 * once so such a client falls back to initialize.
	 */
	text = xasprintf("Method not found: %s", method);
	mcp_reply_error(req, RPC_METHOD_NOT_FOUND, text, NULL);
	free(text);
}

static void
mcp_notification(cJSON *msg)
{
	const char	*method;
	cJSON		*params, *id;

	method = cJSON_GetObjectItemCaseSensitive(msg, "method")->valuestring;
	params = cJSON_GetObjectItemCaseSensitive(msg, "params");
	if (strcmp(method, "notifications/initialized") == 0) {
		mcp.client_initialized = 1;
		return;
	}
	if (strcmp(method, "notifications/cancelled") == 0) {
		id = cJSON_GetObjectItemCaseSensitive(params, "requestId");
		if (id != NULL && !tools_cancel(id) && !mcp_list_cancel(id))
			log_debug("cancellation of an unknown or finished "
			    "request ignored");
		return;
	}
	/* Others (roots/list_changed, progress, ...) need nothing from us. */
	log_debug("notification %s ignored", method);
}

/* One message from the host, its envelope checked by jsonrpc.c. */
void
mcp_message(cJSON *msg, int kind)
{
	struct mcp_req		 req;
	struct mcp_batch	*b;
	cJSON			*item, *id;
	char			*cause;
	int			 k;

	memset(&req, 0, sizeof req);
	switch (kind) {
	case RPC_REQUEST:
		req.id = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(msg,
		    "id"), 1);
		mcp_request(msg, &req);
		if (req.id != NULL)
			cJSON_Delete(req.id);	/* kept by whoever took it */
		break;
	case RPC_NOTIFICATION:
		mcp_notification(msg);
		break;
	case RPC_RESPONSE:
		log_debug("a response from the host to a request qtmcp never "
		    "sent: ignored");
		break;
	case RPC_BATCH:
		if (mcp.state != MCP_INITIALIZED ||
		    mcp.revision != REV_2025_03_26) {
			rpc_send_error(NULL, RPC_INVALID_REQUEST,
			    mcp.state != MCP_INITIALIZED ? "Invalid Request: "
			    "a batch cannot open the session" : "Invalid "
			    "Request: JSON-RPC batches exist only in MCP "
			    "revision 2025-03-26", NULL);
			break;
		}
		if (cJSON_GetArraySize(msg) == 0) {
			rpc_send_error(NULL, RPC_INVALID_REQUEST,
			    "Invalid Request: empty batch", NULL);
			break;
		}
		b = xcalloc(1, sizeof *b);
		b->responses = cJSON_CreateArray();
		b->outstanding = 1;	/* held until every item is in */
		cJSON_ArrayForEach(item, msg) {
			cause = NULL;
			k = rpc_classify(item, &cause);
			memset(&req, 0, sizeof req);
			req.batch = b;
			if (k == RPC_INVALID || k == RPC_RESPONSE ||
			    k == RPC_BATCH) {
				id = cJSON_IsObject(item) ?
				    cJSON_GetObjectItemCaseSensitive(item,
				    "id") : NULL;
				if (id != NULL && rpc_valid_id(id))
					req.id = cJSON_Duplicate(id, 1);
				b->outstanding++;
				mcp_reply_error(&req, RPC_INVALID_REQUEST,
				    cause != NULL ? cause : "Invalid Request: "
				    "not a request", NULL);
				free(cause);
				continue;
			}
			if (k == RPC_NOTIFICATION) {
				mcp_notification(item);
				continue;
			}
			if (strcmp(cJSON_GetObjectItemCaseSensitive(item,
			    "method")->valuestring, "initialize") == 0) {
				req.id = cJSON_Duplicate(
				    cJSON_GetObjectItemCaseSensitive(item, "id"),
				    1);
				b->outstanding++;
				mcp_reply_error(&req, RPC_INVALID_REQUEST,
				    "Invalid Request: initialize cannot be part "
				    "of a batch", NULL);
				continue;
			}
			req.id = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(
			    item, "id"), 1);
			b->outstanding++;
			mcp_request(item, &req);
			if (req.id != NULL)
				cJSON_Delete(req.id);
		}
		b->closed = 1;
		memset(&req, 0, sizeof req);
		req.batch = b;
		mcp_abandon(&req);	/* drop the hold */
		break;
	}
}

int
mcp_init(struct ev_loop *loop, struct config *cfg)
{
	mcp.loop = loop;
	mcp.config = cfg;
	mcp.revision = REV_COUNT - 1;
	mcp.log_level = MCP_LEVEL_INFO;
	ev_timer_init(&mcp.events_timer, mcp_events_timer_cb, 0., 0.);
	sv_set_observer(mcp_observer);
	return (0);
}

void
mcp_shutdown(void)
{
	while (mcp.list_waits != NULL)
		mcp_list_wait_done(mcp.list_waits);
	ev_timer_stop(mcp.loop, &mcp.events_timer);
	free(mcp.client_name);
	free(mcp.client_version);
	mcp.client_name = mcp.client_version = NULL;
}

/*
 * tools.c: the tools qtmcp offers, and the life of one tools/call.
 *
 * The tables (tool-native.c, tool-cu.c, tool-chrome.c, tool-qtmcp.c) say
 * what each tool is; here they are listed for the negotiated revision and
 * the configured mode, and called: arguments are checked against the
 * tool's schema before anything reaches the probe, the call waits
 * (bounded, with progress) while the app starts or restarts, the probe
 * calls the tool needs are made in order, and the answer, or the reason
 * there is none, becomes a CallToolResult.  Failures the model can act on
 * are isError results with a text that says what to do.
 */

#include <sys/queue.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "qtmcp.h"

#define TOOLS_LOST_GRACE	0.25	/* s to learn why the app went away */

enum tc_state {
	TC_VALIDATING,
	TC_WAITING,		/* for the target to be ready */
	TC_RUNNING,		/* a probe call in flight */
	TC_GRACE,		/* the app went away: waiting for its report */
	TC_LOCAL,		/* a local tool's own wait */
	TC_PRESENTING,		/* its present hook runs in a worker thread */
};

/*
 * A present hook that takes long (decoding and scaling a screenshot) runs
 * in a thread of its own, so the loop keeps answering; the job comes back
 * through an ev_async.
 */
struct tools_job {
	struct tool_call	*call;
	cJSON			*response;	/* owns res's members */
	struct probe_result	 res;
	cJSON			*result;
	char			*cause;
	int			 rc;
	pthread_t		 thread;
	TAILQ_ENTRY(tools_job)	 entry;
};
TAILQ_HEAD(tools_jobs, tools_job);

struct tool_call {
	struct mcp_req		 req;
	const struct tool	*tool;
	cJSON			*args;		/* validated, without "app" */
	cJSON			*steps;
	int			 step;
	struct target		*target;
	cJSON			*progress;	/* the host's token, or NULL */
	double			 progress_n;
	enum tc_state		 state;
	ev_timer		 timer;
	uint64_t		 handle;	/* probe call in flight */
	uint64_t		 started;
	uint64_t		 deadline;	/* of the wait, monotonic ms */
	int			 starts_seen;
	char			*lost;		/* why the probe call failed */
	void			(*on_ready)(struct tool_call *);
	void			*local;
	void			(*local_free)(struct tool_call *);
	int			 cancelled;	/* while TC_PRESENTING */
	LIST_ENTRY(tool_call)	 entry;
};
LIST_HEAD(, tool_call) tools_calls = LIST_HEAD_INITIALIZER(tools_calls);

/*
 * The effective input schema (with "app" when there are several targets)
 * is kept as text and parsed when needed: the trees of all of them took
 * more memory (140 KB) than anything else qtmcp keeps while idle.
 */
struct tool_entry {
	const struct tool	*tool;
	char			*schema;
};

static struct config		*tools_config;
static struct ev_loop		*tools_loop;
static ev_async			 tools_async;
static pthread_mutex_t		 tools_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tools_jobs	 tools_running = TAILQ_HEAD_INITIALIZER(tools_running);
static struct tools_jobs	 tools_done = TAILQ_HEAD_INITIALIZER(tools_done);
static struct tool_entry	*tools_all;
static size_t			 tools_n;

static void	tools_run_step(struct tool_call *);
static void	tools_finish(struct tool_call *, cJSON *);
static void	tools_jobs_cb(struct ev_loop *, ev_async *, int);
static void	tools_offload(struct tool_call *, struct probe_result *);

/* --- the registry ------------------------------------------------------- */

static int
tools_add_table(const struct tool *t, size_t n, char **cause)
{
	size_t		 i;
	cJSON		*schema, *props, *req, *app, *names;
	char		*why = NULL;
	int		 j, one;

	for (i = 0; i < n; i++) {
		schema = cJSON_Parse(t[i].input_schema);
		if (schema == NULL || schema_check(schema, &why) == -1) {
			*cause = xasprintf("tool %s: bad input schema%s%s",
			    t[i].name, why != NULL ? ": " : "",
			    why != NULL ? why : "");
			free(why);
			cJSON_Delete(schema);
			return (-1);
		}
		if (sv_count() > 1) {
			/*
			 * Several apps: say which one, by name; required
			 * for a tool that acts on one.
			 */
			one = t[i].method != NULL ||
			    (t[i].hints & TOOL_ONE_APP) != 0;
			props = cJSON_GetObjectItemCaseSensitive(schema,
			    "properties");
			if (props == NULL)
				props = cJSON_AddObjectToObject(schema,
				    "properties");
			app = cJSON_AddObjectToObject(props, "app");
			cJSON_AddStringToObject(app, "type", "string");
			names = cJSON_AddArrayToObject(app, "enum");
			for (j = 0; j < sv_count(); j++)
				cJSON_AddItemToArray(names, cJSON_CreateString(
				    sv_target(j)->label));
			cJSON_AddStringToObject(app, "description", one ?
			    "Which of the configured applications to act on" :
			    "Which application (default: all, or the only "
			    "one)");
			if (one) {
				req = cJSON_GetObjectItemCaseSensitive(schema,
				    "required");
				if (req == NULL)
					req = cJSON_AddArrayToObject(schema,
					    "required");
				cJSON_AddItemToArray(req,
				    cJSON_CreateString("app"));
			}
		}
		tools_all = xreallocarray(tools_all, tools_n + 1,
		    sizeof *tools_all);
		tools_all[tools_n].tool = &t[i];
		tools_all[tools_n].schema = json_print(schema, NULL);
		cJSON_Delete(schema);
		tools_n++;
	}
	return (0);
}

int
tools_init(struct config *cfg, char **cause)
{
	tools_config = cfg;
	tools_loop = EV_DEFAULT;
	ev_async_init(&tools_async, tools_jobs_cb);
	ev_async_start(tools_loop, &tools_async);
	if (tools_add_table(tools_qtmcp, tools_qtmcp_count, cause) == -1 ||
	    tools_add_table(tools_native, tools_native_count, cause) == -1 ||
	    tools_add_table(tools_cu, tools_cu_count, cause) == -1 ||
	    tools_add_table(tools_chrome, tools_chrome_count, cause) == -1)
		return (-1);
	return (0);
}

void
tools_free(void)
{
	struct tool_call	*c;
	struct tools_job	*j;
	size_t			 i;

	/* Let the workers finish (bounded: one image each), then answer. */
	while ((j = TAILQ_FIRST(&tools_running)) != NULL) {
		pthread_join(j->thread, NULL);
		TAILQ_REMOVE(&tools_running, j, entry);
		TAILQ_INSERT_TAIL(&tools_done, j, entry);
	}
	tools_jobs_cb(tools_loop, &tools_async, 0);
	ev_async_stop(tools_loop, &tools_async);
	while ((c = LIST_FIRST(&tools_calls)) != NULL) {
		mcp_reply_error(&c->req, RPC_INTERNAL_ERROR, "qtmcp is "
		    "shutting down", NULL);
		tools_finish(c, NULL);
	}
	for (i = 0; i < tools_n; i++) {
		free(tools_all[i].schema);
	}
	free(tools_all);
	tools_all = NULL;
	tools_n = 0;
}

/* The effective input schema, parsed: the caller frees it. */
static cJSON *
tools_schema(const struct tool_entry *e)
{
	cJSON	*schema;

	if ((schema = cJSON_Parse(e->schema)) == NULL)
		fatalx("out of memory parsing the schema of %s", e->tool->name);
	return (schema);
}

static const struct tool_entry *
tools_entry(const char *name)
{
	size_t	i;

	for (i = 0; i < tools_n; i++) {
		if (strcmp(tools_all[i].tool->name, name) == 0)
			return (&tools_all[i]);
	}
	return (NULL);
}

/* Is the tool part of the configured mode? */
int
tools_exposed(const struct tool *t)
{
	return (t->modes == 0 || (t->modes & tools_config->mode) != 0);
}

/*
 * Why name is not a tool here: another mode's, or unknown.  For the
 * error of a tools/call.
 */
char *
tools_unknown_text(const char *name)
{
	const struct tool_entry	*e = tools_entry(name);
	int			 m;

	if (e == NULL)
		return (xasprintf("Unknown tool: %s (tools/list shows the "
		    "tools qtmcp offers)", name));
	m = e->tool->modes;
	return (xasprintf("Unknown tool: %s is a tool of mode %s, and qtmcp "
	    "runs in mode %s: start qtmcp with --mode %s or --mode all", name,
	    config_mode_name(m), config_mode_name(tools_config->mode),
	    config_mode_name(m)));
}

const struct tool *
tools_find(const char *name)
{
	const struct tool_entry	*e = tools_entry(name);

	if (e == NULL || !tools_exposed(e->tool))
		return (NULL);
	return (e->tool);
}

/*
 * tools/list for revision rev; with app false only qtmcp's own tools
 * (before the app was ever ready).
 */
cJSON *
tools_list(int rev, int app)
{
	const struct tool	*t;
	cJSON			*list, *o, *a;
	size_t			 i;

	list = cJSON_CreateArray();
	for (i = 0; i < tools_n; i++) {
		t = tools_all[i].tool;
		if (!tools_exposed(t) || (!app && t->method != NULL))
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", t->name);
		if (rev >= REV_2025_06_18)
			cJSON_AddStringToObject(o, "title", t->title);
		cJSON_AddStringToObject(o, "description", t->description);
		cJSON_AddItemToObject(o, "inputSchema",
		    tools_schema(&tools_all[i]));
		if (rev >= REV_2025_06_18 && t->output_schema != NULL)
			cJSON_AddItemToObject(o, "outputSchema",
			    cJSON_Parse(t->output_schema));
		if (rev >= REV_2025_03_26) {
			a = cJSON_AddObjectToObject(o, "annotations");
			cJSON_AddStringToObject(a, "title", t->title);
			cJSON_AddBoolToObject(a, "readOnlyHint",
			    (t->hints & TOOL_READONLY) != 0);
			if (!(t->hints & TOOL_READONLY)) {
				cJSON_AddBoolToObject(a, "destructiveHint",
				    (t->hints & TOOL_DESTRUCTIVE) != 0);
				cJSON_AddBoolToObject(a, "idempotentHint",
				    (t->hints & TOOL_IDEMPOTENT) != 0);
			}
			cJSON_AddFalseToObject(a, "openWorldHint");
		}
		cJSON_AddItemToArray(list, o);
	}
	return (list);
}

/* qtmcp -T: the tools of the configured mode, for people. */
void
tools_print(FILE *f)
{
	const struct tool	*t;
	const cJSON		*props, *p, *req, *r, *type;
	cJSON			*schema;
	size_t			 i;
	int			 required;

	for (i = 0; i < tools_n; i++) {
		t = tools_all[i].tool;
		if (!tools_exposed(t))
			continue;
		schema = tools_schema(&tools_all[i]);
		props = cJSON_GetObjectItemCaseSensitive(schema, "properties");
		req = cJSON_GetObjectItemCaseSensitive(schema, "required");
		fprintf(f, "%s(", t->name);
		cJSON_ArrayForEach(p, props) {
			required = 0;
			cJSON_ArrayForEach(r, req)
				required |= cJSON_IsString(r) &&
				    strcmp(r->valuestring, p->string) == 0;
			type = cJSON_GetObjectItemCaseSensitive(p, "type");
			fprintf(f, "%s%s%s: %s", p == props->child ? "" : ", ",
			    p->string, required ? "" : "?",
			    cJSON_IsString(type) ? type->valuestring : "any");
		}
		fprintf(f, ")\n    %s\n", t->title);
		cJSON_Delete(schema);
	}
}

/* --- results ------------------------------------------------------------ */

static cJSON *
tools_result(void)
{
	cJSON	*r;

	r = cJSON_CreateObject();
	cJSON_AddArrayToObject(r, "content");
	return (r);
}

void
tool_result_text(cJSON *result, const char *text)
{
	cJSON	*c;

	c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "type", "text");
	cJSON_AddStringToObject(c, "text", text);
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(result,
	    "content"), c);
}

/* base64 (from malloc) is consumed: it becomes the content's data as is. */
void
tool_result_image(cJSON *result, char *base64, const char *mime)
{
	cJSON	*c, *data;

	c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "type", "image");
	/* cJSON frees its strings with free(): no hooks are installed. */
	if ((data = cJSON_AddStringToObject(c, "data", "")) == NULL)
		fatalx("out of memory adding an image");
	free(data->valuestring);
	data->valuestring = base64;
	cJSON_AddStringToObject(c, "mimeType", mime);
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(result,
	    "content"), c);
}

/* structuredContent (an object) where the revision has it; obj consumed. */
void
tool_result_structured(struct tool_call *c, cJSON *result, cJSON *obj)
{
	cJSON	*wrap;

	if (c == NULL || tool_call_revision(c) < REV_2025_06_18) {
		cJSON_Delete(obj);
		return;
	}
	if (!cJSON_IsObject(obj)) {
		wrap = cJSON_CreateObject();
		cJSON_AddItemToObject(wrap, "result", obj);
		obj = wrap;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(result, "structuredContent");
	cJSON_AddItemToObject(result, "structuredContent", obj);
}

/*
 * obj as compact JSON text, and as structuredContent; obj consumed.  The
 * structured copy is the same text, printed once: as a tree it was printed
 * again with the answer, which for a large result cost more than all the
 * rest qtmcp does with it.
 */
void
tool_result_json(struct tool_call *c, cJSON *result, cJSON *obj)
{
	char	*text, *wrapped;

	text = json_print(obj, NULL);
	tool_result_text(result, text);
	if (c != NULL && tool_call_revision(c) >= REV_2025_06_18) {
		cJSON_DeleteItemFromObjectCaseSensitive(result,
		    "structuredContent");
		if (cJSON_IsObject(obj))
			cJSON_AddItemToObject(result, "structuredContent",
			    cJSON_CreateRaw(text));
		else {
			wrapped = xasprintf("{\"result\":%s}", text);
			cJSON_AddItemToObject(result, "structuredContent",
			    cJSON_CreateRaw(wrapped));
			free(wrapped);
		}
	}
	free(text);
	cJSON_Delete(obj);
}

static cJSON *
tools_error_result(const char *text)
{
	cJSON	*r;

	r = tools_result();
	tool_result_text(r, text);
	cJSON_AddTrueToObject(r, "isError");
	return (r);
}

int
tool_call_revision(const struct tool_call *c)
{
	return (mcp_revision());
}

cJSON *
tool_call_args(const struct tool_call *c)
{
	return (c->args);
}

struct target *
tool_call_target(const struct tool_call *c)
{
	return (c->target);
}

const struct config *
tool_call_config(const struct tool_call *c)
{
	return (tools_config);
}

/* --- the call's life ---------------------------------------------------- */

static void
tools_finish(struct tool_call *c, cJSON *result)
{
	ev_timer_stop(tools_loop, &c->timer);
	if (c->handle != 0 && c->target != NULL)
		probe_cancel(c->target->probe, c->handle);
	if (c->local_free != NULL)
		c->local_free(c);
	if (result != NULL)
		mcp_reply(&c->req, result);
	else if (c->req.id != NULL || c->req.batch != NULL)
		mcp_abandon(&c->req);
	LIST_REMOVE(c, entry);
	cJSON_Delete(c->args);
	cJSON_Delete(c->steps);
	cJSON_Delete(c->progress);
	free(c->lost);
	free(c);
}

void
tool_call_done(struct tool_call *c, cJSON *result)
{
	tools_finish(c, result);
}

void
tool_call_fail(struct tool_call *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	tools_finish(c, tools_error_result(text));
	free(text);
}

/* Same JSON-RPC id (a string or an integer)? */
static int
tools_same_id(const cJSON *a, const cJSON *b)
{
	if (a == NULL || b == NULL)
		return (0);
	if (cJSON_IsString(a) && cJSON_IsString(b))
		return (strcmp(a->valuestring, b->valuestring) == 0);
	if (cJSON_IsNumber(a) && cJSON_IsNumber(b))
		return (a->valuedouble == b->valuedouble);
	return (0);
}

/* notifications/cancelled: stop waiting, send nothing. */
int
tools_cancel(const cJSON *id)
{
	struct tool_call	*c;

	LIST_FOREACH(c, &tools_calls, entry) {
		if (tools_same_id(c->req.id, id) && !c->cancelled) {
			log_debug("%s cancelled by the host", c->tool->name);
			if (c->state == TC_PRESENTING) {
				/* Its worker still uses it: answer nothing,
				 * free it when the job comes back. */
				c->cancelled = 1;
				mcp_abandon(&c->req);
			} else
				tools_finish(c, NULL);
			return (1);
		}
	}
	return (0);
}

static void
tools_progress(struct tool_call *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	if (c->progress == NULL)
		return;
	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	mcp_progress(c->progress, ++c->progress_n, 0, text);
	free(text);
}

/*
 * The text for a target that is not coming back by itself: its state, the
 * last report with the app's last words, and how to start it again.
 */
char *
tools_not_running_text(struct target *t, const char *tool)
{
	const struct sv_report	*r = sv_last_report(t);
	char			*lines = xstrdup(""), *s;
	int			 i, from;

	if (r != NULL) {
		from = r->nlines > 10 ? r->nlines - 10 : 0;
		for (i = from; i < r->nlines; i++) {
			s = xasprintf("%s\n  | %.*s", lines,
			    (int)util_utf8_cut(r->lines[i], 300), r->lines[i]);
			free(lines);
			lines = s;
		}
	}
	/* The cause is often the last exit's summary: say it once. */
	if (r != NULL && strcmp(r->summary, t->cause) == 0)
		r = NULL;
	s = xasprintf("%s cannot run: the application %s is %s (%s).%s%s%s "
	    "Call qtmcp_restart%s%s%s to start it again%s.%s%s", tool, t->label,
	    sv_state_name(t->state), t->cause, r != NULL ? " Last exit: " : "",
	    r != NULL ? r->summary : "", r != NULL ? "." : "",
	    sv_count() > 1 ? " with app \"" : "", sv_count() > 1 ? t->label :
	    "", sv_count() > 1 ? "\"" : "", t->state == SV_FAILED ?
	    " once the cause is fixed" : "", *lines != '\0' ?
	    " Its last output:" : "", lines);
	free(lines);
	return (s);
}

static void
tools_wait_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct tool_call	*c = w->data;
	char			 buf[32];

	if (c->state == TC_GRACE) {
		tool_call_fail(c, "%s failed: %s. %s", c->tool->name, c->lost,
		    "Call qtmcp_status for the application's state.");
		return;
	}
	tool_call_fail(c, "%s gave up waiting for the application %s after "
	    "%s: it is %s (%s). Call qtmcp_status to see why, or qtmcp_output "
	    "for what it printed.", c->tool->name, c->target->label,
	    util_format_duration(util_now_ms() - c->started, buf, sizeof buf),
	    sv_state_name(c->target->state), c->target->cause);
}

static void
tools_arm(struct tool_call *c, uint64_t ms)
{
	ev_timer_stop(tools_loop, &c->timer);
	ev_timer_set(&c->timer, (double)ms / 1000.0, 0.);
	ev_timer_start(tools_loop, &c->timer);
}

/* Go on once the target is ready: now, after a wait, or never. */
static void
tools_when_ready(struct tool_call *c, void (*fn)(struct tool_call *))
{
	struct target	*t = c->target;
	uint64_t	 wait, now = util_now_ms();

	c->on_ready = fn;
	if (t->state == SV_READY && probe_is_ready(t->probe)) {
		c->state = TC_RUNNING;
		fn(c);
		return;
	}
	if (!sv_coming(t)) {
		char *text = tools_not_running_text(t, c->tool->name);

		tool_call_fail(c, "%s", text);
		free(text);
		return;
	}
	wait = tools_config->ready_timeout;
	if (t->state == SV_BACKOFF)
		wait += t->backoff;
	c->state = TC_WAITING;
	c->deadline = now + wait;
	c->starts_seen = t->starts;
	tools_arm(c, wait);
	tools_progress(c, "waiting for %s: %s (%s)", t->label,
	    sv_state_name(t->state), t->cause);
}

/* The supervisor moved a target: wake the calls that wait for it. */
void
tools_target_changed(struct target *t, enum sv_state old)
{
	struct tool_call	*c, *next;
	uint64_t		 now = util_now_ms(), extra;

	for (c = LIST_FIRST(&tools_calls); c != NULL; c = next) {
		next = LIST_NEXT(c, entry);
		if (c->target != t)
			continue;
		if (c->state == TC_GRACE && t->state != SV_READY &&
		    t->state != SV_STOPPING) {
			/* Now the reason is known. */
			tool_call_fail(c, "%s did not complete: %s. %s",
			    c->tool->name, sv_last_report(t) != NULL ?
			    sv_last_report(t)->summary : t->cause,
			    sv_coming(t) ? "qtmcp is restarting it: call "
			    "the tool again once it is back (ids and refs from "
			    "before are no longer valid)." : "It is not being "
			    "restarted; see qtmcp_status.");
			continue;
		}
		if (c->state != TC_WAITING)
			continue;
		if (t->state == SV_READY) {
			c->state = TC_RUNNING;
			ev_timer_stop(tools_loop, &c->timer);
			tools_progress(c, "%s is ready", t->label);
			c->on_ready(c);
			continue;
		}
		if (!sv_coming(t)) {
			char *text = tools_not_running_text(t, c->tool->name);

			tool_call_fail(c, "%s", text);
			free(text);
			continue;
		}
		/* A new attempt gets its own ready_timeout, bounded. */
		if (t->state == SV_STARTING && t->starts != c->starts_seen) {
			c->starts_seen = t->starts;
			extra = tools_config->ready_timeout;
			if (now + extra > c->deadline &&
			    now - c->started < 3 * tools_config->ready_timeout) {
				c->deadline = now + extra;
				tools_arm(c, extra);
			}
		}
		tools_progress(c, "waiting for %s: %s (%s)", t->label,
		    sv_state_name(t->state), t->cause);
	}
}

/* What a model can do about a probe error, by its code. */
static const struct {
	int		 code;
	const char	*hint;
} tools_hints[] = {
	{ -32001, "The id does not name a live object: get ids with "
	    "qt_objects_find (by objectName) or qt_objects_findByClass, and "
	    "find them again after the application restarted." },
	{ -32003, "That object is not a widget: only widgets can be clicked, "
	    "typed into, measured or captured." },
	{ -32010, "No such readable property: qt_properties_list shows the "
	    "object's properties." },
	{ -32011, "That property is read-only." },
	{ -32012, "The value does not fit the property's type: "
	    "qt_properties_list shows the type and the current value's form." },
	{ -32020, "No slot or invokable method of that name takes that many "
	    "arguments: see qt_methods_list." },
	{ -32021, "The method exists but the call failed (or had more than 10 "
	    "arguments)." },
	{ -32030, "Unknown signal or object: qt_signals_list shows the "
	    "signals; subscribe with the registry id returned by "
	    "qt_objects_find (not #N or a symbolic name)." },
	{ -32052, "The name-map file could not be read; the path is on the "
	    "application's machine." },
	{ -32060, "The application has no active window." },
	{ -32061, "The point is outside the window: take cu_screenshot to see "
	    "its size; coordinates are window-relative unless screenAbsolute "
	    "is true." },
	{ -32062, "No widget has the keyboard focus: click into a field "
	    "first." },
	{ -32063, "The key is not known: see the key names in cu_key's "
	    "description." },
	{ -32070, "The ref is not known: refs come from chr_readPage or "
	    "chr_find, and chr_readPage renews them all." },
	{ -32071, "The element behind that ref is gone: call chr_readPage "
	    "again." },
	{ -32072, "That element does not take that kind of value (a combo box "
	    "takes one of its item texts)." },
	{ -32074, "Too many matches: use a more specific query." },
	{ -32075, "That navigation is not possible here." },
	{ -32080, "The probe was built without Qt Quick support." },
	{ -32092, "Unknown role: the error data lists the available roles." },
	{ -32093, "That object has no model: use qt_models_list to find "
	    "models." },
	{ -32601, "The probe does not have this method: it may be another "
	    "version (qtmcp_status shows the probe's version)." },
	{ -32602, "A parameter the probe needs is missing or empty." },
};

static char *
tools_probe_error_text(struct tool_call *c, struct probe_result *res)
{
	const char	*hint = NULL;
	char		*data = NULL, *text;
	size_t		 i;

	for (i = 0; i < nitems(tools_hints); i++) {
		if (tools_hints[i].code == res->code)
			hint = tools_hints[i].hint;
	}
	if (res->data != NULL)
		data = cJSON_PrintUnformatted(res->data);
	text = xasprintf("%s failed: %s (probe error %d%s%s).%s%s",
	    c->tool->name, res->message, res->code, data != NULL ? ", " : "",
	    data != NULL ? data : "", hint != NULL ? " " : "",
	    hint != NULL ? hint : "");
	cJSON_free(data);
	return (text);
}

/* The generic presentation: the payload as compact JSON. */
static int
tools_present_json(struct tool_call *c, struct probe_result *res,
    cJSON *result)
{
	cJSON		*payload, *oid, *copy, *argid;

	/* Taken out of the answer, which is freed after us, not copied. */
	payload = res->payload != NULL ? res->payload : res->result;
	if (payload == NULL)
		copy = cJSON_CreateNull();
	else if (payload == res->result)
		copy = cJSON_DetachItemViaPointer(res->response, payload);
	else
		copy = cJSON_DetachItemViaPointer(res->result, payload);
	res->payload = res->result = NULL;
	/* Keep the object id the probe resolved, when it says more. */
	oid = res->meta != NULL ? cJSON_GetObjectItemCaseSensitive(res->meta,
	    "objectId") : NULL;
	argid = cJSON_GetObjectItemCaseSensitive(c->args, "objectId");
	if (cJSON_IsString(oid) && cJSON_IsObject(copy) &&
	    cJSON_GetObjectItemCaseSensitive(copy, "objectId") == NULL &&
	    !(cJSON_IsString(argid) && strcmp(argid->valuestring,
	    oid->valuestring) == 0))
		cJSON_AddStringToObject(copy, "objectId", oid->valuestring);
	tool_result_json(c, result, copy);
	return (0);
}

static void
tools_probe_cb(struct probe_result *res, void *arg)
{
	struct tool_call	*c = arg;
	cJSON			*result;
	char			*cause = NULL, *text;

	c->handle = 0;
	switch (res->kind) {
	case PROBE_OK:
		break;
	case PROBE_ERROR:
		text = tools_probe_error_text(c, res);
		tool_call_fail(c, "%s", text);
		free(text);
		return;
	case PROBE_TIMEOUT:
	case PROBE_TOO_BIG:
		tool_call_fail(c, "%s failed: %s.", c->tool->name,
		    res->message);
		return;
	case PROBE_LOST:
		/*
		 * The connection went: the app probably died.  Wait a
		 * moment for the supervisor to know how, to say it.
		 */
		c->lost = xstrdup(res->message);
		c->state = TC_GRACE;
		tools_arm(c, TOOLS_LOST_GRACE * 1000);
		return;
	}
	if (c->step + 1 < cJSON_GetArraySize(c->steps)) {
		c->step++;
		tools_run_step(c);
		return;
	}
	if (c->tool->present != NULL && (c->tool->hints & TOOL_OFFLOAD)) {
		tools_offload(c, res);
		return;
	}
	result = tools_result();
	if (c->tool->present != NULL) {
		if (c->tool->present(c->tool, c, res, result, &cause) == -1) {
			cJSON_Delete(result);
			tool_call_fail(c, "%s", cause != NULL ? cause :
			    "the probe's answer could not be presented");
			free(cause);
			return;
		}
	} else
		tools_present_json(c, res, result);
	tools_finish(c, result);
}

static void *
tools_job_run(void *arg)
{
	struct tools_job	*j = arg;

	j->rc = j->call->tool->present(j->call->tool, j->call, &j->res,
	    j->result, &j->cause);
	pthread_mutex_lock(&tools_lock);
	TAILQ_REMOVE(&tools_running, j, entry);
	TAILQ_INSERT_TAIL(&tools_done, j, entry);
	pthread_mutex_unlock(&tools_lock);
	ev_async_send(tools_loop, &tools_async);
	return (NULL);
}

/* Run c's present hook in a worker thread; the answer is taken over. */
static void
tools_offload(struct tool_call *c, struct probe_result *res)
{
	struct tools_job	*j;
	cJSON			*result;
	char			*cause = NULL;

	j = xcalloc(1, sizeof *j);
	j->call = c;
	j->res = *res;
	j->response = res->response;
	res->response = NULL;		/* ours now */
	j->res.message = NULL;
	j->res.method = c->tool->method;	/* res's is freed on return */
	j->result = tools_result();
	c->state = TC_PRESENTING;
	pthread_mutex_lock(&tools_lock);
	TAILQ_INSERT_TAIL(&tools_running, j, entry);
	if (pthread_create(&j->thread, NULL, tools_job_run, j) != 0) {
		TAILQ_REMOVE(&tools_running, j, entry);
		pthread_mutex_unlock(&tools_lock);
		/* No thread: present here, as any other hook. */
		result = j->result;
		if (c->tool->present(c->tool, c, &j->res, result, &cause) ==
		    -1) {
			cJSON_Delete(result);
			c->state = TC_RUNNING;
			tool_call_fail(c, "%s", cause);
			free(cause);
		} else
			tools_finish(c, result);
		cJSON_Delete(j->response);
		free(j);
		return;
	}
	pthread_mutex_unlock(&tools_lock);
}

/* Jobs the workers finished: answer their calls. */
static void
tools_jobs_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	struct tools_job	*j;
	struct tool_call	*c;

	for (;;) {
		pthread_mutex_lock(&tools_lock);
		if ((j = TAILQ_FIRST(&tools_done)) != NULL)
			TAILQ_REMOVE(&tools_done, j, entry);
		pthread_mutex_unlock(&tools_lock);
		if (j == NULL)
			break;
		pthread_join(j->thread, NULL);
		c = j->call;
		c->state = TC_RUNNING;
		if (c->cancelled) {
			cJSON_Delete(j->result);
			tools_finish(c, NULL);
		} else if (j->rc == -1) {
			cJSON_Delete(j->result);
			tool_call_fail(c, "%s", j->cause != NULL ? j->cause :
			    "the probe's answer could not be presented");
		} else
			tools_finish(c, j->result);
		free(j->cause);
		cJSON_Delete(j->response);
		free(j);
	}
}

static void
tools_run_step(struct tool_call *c)
{
	cJSON		*step, *method, *params;
	char		*cause = NULL;

	if (!probe_is_ready(c->target->probe)) {
		/* Between steps the app went away. */
		tools_when_ready(c, tools_run_step);
		return;
	}
	step = cJSON_GetArrayItem(c->steps, c->step);
	method = cJSON_GetObjectItemCaseSensitive(step, "method");
	params = cJSON_GetObjectItemCaseSensitive(step, "params");
	c->state = TC_RUNNING;
	c->handle = probe_call(c->target->probe, method->valuestring,
	    params != NULL ? cJSON_Duplicate(params, 1) : NULL, 0,
	    tools_probe_cb, c, &cause);
	if (c->handle == 0) {
		tool_call_fail(c, "%s failed: %s", c->tool->name, cause);
		free(cause);
	}
}

/* tools/call: answered later through mcp_reply. */
void
tools_call(struct mcp_req *req, const char *name, cJSON *args,
    const cJSON *token)
{
	const struct tool_entry	*e = tools_entry(name);
	struct tool_call	*c;
	cJSON			*app, *step, *schema;
	char			*cause = NULL;
	int			 rc;

	c = xcalloc(1, sizeof *c);
	c->req = *req;
	req->id = NULL;
	req->batch = NULL;
	c->tool = e->tool;
	c->started = util_now_ms();
	c->progress = token != NULL ? cJSON_Duplicate(token, 1) : NULL;
	c->args = args != NULL ? cJSON_Duplicate(args, 1) :
	    cJSON_CreateObject();
	ev_timer_init(&c->timer, tools_wait_timer_cb, 0., 0.);
	c->timer.data = c;
	LIST_INSERT_HEAD(&tools_calls, c, entry);

	/* Optional arguments given as null: the Python server left them out. */
	schema = tools_schema(e);
	schema_strip_nulls(c->args, schema);
	if (c->tool->normalize != NULL)
		c->tool->normalize(c->tool, c->args);
	rc = schema_validate(schema, c->args, &cause);
	cJSON_Delete(schema);
	if (rc == -1) {
		tool_call_fail(c, "Invalid arguments for %s: %s", name, cause);
		free(cause);
		return;
	}
	app = cJSON_DetachItemFromObjectCaseSensitive(c->args, "app");
	if (cJSON_IsString(app))
		c->target = sv_find_label(app->valuestring);
	else if (sv_count() == 1)
		c->target = sv_target(0);
	cJSON_Delete(app);

	if (c->tool->run != NULL) {
		c->state = TC_LOCAL;
		c->tool->run(c);
		return;
	}
	if (c->target == NULL) {
		tool_call_fail(c, "Invalid arguments for %s: say which "
		    "application with app", name);
		return;
	}
	c->steps = cJSON_CreateArray();
	if (c->tool->prepare != NULL) {
		if (c->tool->prepare(c->tool, c->args, c->steps, &cause) ==
		    -1) {
			tool_call_fail(c, "%s", cause);
			free(cause);
			return;
		}
	} else {
		step = cJSON_CreateObject();
		cJSON_AddStringToObject(step, "method", c->tool->method);
		cJSON_AddItemToObject(step, "params",
		    cJSON_Duplicate(c->args, 1));
		cJSON_AddItemToArray(c->steps, step);
	}
	if (cJSON_GetArraySize(c->steps) == 0) {
		tools_finish(c, tools_result_ok("nothing to do"));
		return;
	}
	tools_when_ready(c, tools_run_step);
}

cJSON *
tools_result_ok(const char *text)
{
	cJSON	*r;

	r = tools_result();
	tool_result_text(r, text);
	return (r);
}

/* For local tools: wait for c's target like a probe tool does. */
void
tool_call_when_ready(struct tool_call *c, void (*fn)(struct tool_call *))
{
	tools_when_ready(c, fn);
}

void
tool_call_set_local(struct tool_call *c, void *data,
    void (*fn)(struct tool_call *))
{
	c->local = data;
	c->local_free = fn;
}

void *
tool_call_local(struct tool_call *c)
{
	return (c->local);
}


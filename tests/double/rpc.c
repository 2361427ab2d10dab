/*
 * rpc.c: the JSON-RPC layer of the probe double, as jsonrpc_handler.cpp
 * does it at QtMcp 0b4efb4 (probe-protocol.md section 2): parse error and
 * invalid request with id null, requests without id dropped unexecuted,
 * ids truncated to a 32-bit int or pasted unescaped into string templates
 * (with QString::arg's placeholder rewriting), the two error layouts, the
 * envelope of mode methods, the built-in methods, notifications, the
 * object resolver with per-connection numeric IDs, and the event queue
 * that carries deleteLater and lifecycle notifications.
 */

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "double.h"

u_int	 rpc_requests;		/* requests received, for the faults */

/* The id as the probe keeps it: an int, a raw string, or null. */
struct rpc_id {
	int	 kind;
#define ID_NULL		0
#define ID_INT		1
#define ID_STRING	2
	int	 n;
	char	*s;
};

/* Per-connection numeric IDs: weak references, numbered from 1. */
static struct {
	struct obj	*o;
	u_int		 serial;
} *rpc_nums;
static size_t	 rpc_nnums;

/* The event queue: deleteLater and lifecycle notifications. */
struct rpc_event {
	TAILQ_ENTRY(rpc_event)	 entry;
	int			 kind;
#define EV_DELETE	0
#define EV_CREATED	1
#define EV_DESTROYED	2
	struct obj		*o;
	char			*id;
};
static TAILQ_HEAD(, rpc_event) rpc_events =
    TAILQ_HEAD_INITIALIZER(rpc_events);
static int	 rpc_lifecycle_on;
static int	 rpc_first_done;

static cJSON	*rpc_ping(struct rpc_call *);
static cJSON	*rpc_get_version(struct rpc_call *);
static cJSON	*rpc_get_modes(struct rpc_call *);
static cJSON	*rpc_echo(struct rpc_call *);

static const struct rpc_method rpc_builtins[] = {
	{ "ping", rpc_ping, RPC_BUILTIN, 0 },
	{ "getVersion", rpc_get_version, RPC_BUILTIN, 0 },
	{ "getModes", rpc_get_modes, RPC_BUILTIN, 0 },
	{ "echo", rpc_echo, RPC_BUILTIN, 0 },
	{ "qtmcp.echo", rpc_echo, RPC_BUILTIN, 0 },
};

/* All methods: built-ins, legacy, the three modes, the double's own. */
static const struct rpc_method **rpc_table;
static size_t	 rpc_ntable;

static void
rpc_add(const struct rpc_method *m, size_t n)
{
	size_t	i;

	rpc_table = xrealloc(rpc_table, (rpc_ntable + n) * sizeof *rpc_table);
	for (i = 0; i < n; i++)
		rpc_table[rpc_ntable++] = &m[i];
}

void
rpc_init(void)
{
	size_t	i;

	rpc_add(rpc_builtins, nitems(rpc_builtins));
	rpc_add(leg_methods, leg_nmethods);
	rpc_add(nat_methods, nat_nmethods);
	rpc_add(cu_methods, cu_nmethods);
	rpc_add(chr_methods, chr_nmethods);
	rpc_add(fault_methods, fault_nmethods);
	/* Registration log lines, as Probe::initialize prints them. */
	for (i = 0; i < rpc_ntable; i++) {
		if (rpc_table[i]->kind == RPC_MODE)
			con_traffic_line("Registered method: ",
			    rpc_table[i]->name, strlen(rpc_table[i]->name));
	}
}

static const struct rpc_method *
rpc_find(const char *name)
{
	size_t	i;

	for (i = 0; i < rpc_ntable; i++) {
		if (strcmp(rpc_table[i]->name, name) == 0)
			return (rpc_table[i]);
	}
	return (NULL);
}

/* --- ids and the two response builders ------------------------------- */

/* The int the probe makes of a number: a C cast, INT_MIN when it overflows. */
static int
rpc_int_of(double d)
{
	if (isnan(d) || d >= 2147483648.0 || d <= -2147483649.0)
		return (INT_MIN);
	return ((int)d);
}

static void
rpc_id_of(const cJSON *v, struct rpc_id *id)
{
	memset(id, 0, sizeof *id);
	if (cJSON_IsNumber(v)) {
		id->kind = ID_INT;
		id->n = rpc_int_of(v->valuedouble);
	} else if (cJSON_IsString(v)) {
		id->kind = ID_STRING;
		id->s = xstrdup(v->valuestring);
	}
}

/* The id as the string templates paste it: strings are not escaped. */
static char *
rpc_id_text(const struct rpc_id *id)
{
	switch (id->kind) {
	case ID_INT:
		return (xasprintf("%d", id->n));
	case ID_STRING:
		return (xasprintf("\"%s\"", id->s));
	}
	return (xstrdup("null"));
}

static cJSON *
rpc_id_json(const struct rpc_id *id)
{
	switch (id->kind) {
	case ID_INT:
		return (cJSON_CreateNumber(id->n));
	case ID_STRING:
		return (cJSON_CreateString(id->s));
	}
	return (cJSON_CreateNull());
}

/*
 * QString::arg(a): replace every occurrence of the lowest-numbered
 * placeholder (%0 to %99, optionally %L) with a.  Chained calls rescan
 * what earlier ones inserted, which is how "%2" in an id gets rewritten.
 */
static char *
rpc_qarg(const char *s, const char *a)
{
	const char	*p, *q;
	char		*out;
	size_t		 len = 0, alen = strlen(a), cap;
	int		 esc, min = 100;

	for (p = s; (p = strchr(p, '%')) != NULL; ) {
		q = p + 1;
		if (*q == 'L')
			q++;
		if (!isdigit((unsigned char)*q)) {
			p++;
			continue;
		}
		esc = *q++ - '0';
		if (isdigit((unsigned char)*q))
			esc = esc * 10 + (*q++ - '0');
		if (esc < min)
			min = esc;
		p = q;
	}
	if (min == 100)
		return (xstrdup(s));
	cap = strlen(s) * (alen + 1) + 1;
	out = xcalloc(1, cap);
	for (p = s; *p != '\0'; ) {
		if (*p == '%') {
			q = p + 1;
			if (*q == 'L')
				q++;
			if (isdigit((unsigned char)*q)) {
				esc = *q++ - '0';
				if (isdigit((unsigned char)*q))
					esc = esc * 10 + (*q++ - '0');
				if (esc == min) {
					memcpy(out + len, a, alen);
					len += alen;
					p = q;
					continue;
				}
			}
		}
		out[len++] = *p++;
	}
	return (out);
}

/* Steps 1-3, 6 and 9: {"jsonrpc","id","error":{"code","message"}}. */
static char *
rpc_template_error(const struct rpc_id *id, int code, const char *message)
{
	char	*t, *u, *idtext, codetext[16];

	idtext = rpc_id_text(id);
	snprintf(codetext, sizeof codetext, "%d", code);
	t = rpc_qarg("{\"jsonrpc\":\"2.0\",\"id\":%1,\"error\":{\"code\":%2,"
	    "\"message\":\"%3\"}}", idtext);
	u = rpc_qarg(t, codetext);
	free(t);
	t = rpc_qarg(u, message);
	free(u);
	free(idtext);
	return (t);
}

/* Step 8: QJsonDocument, keys sorted, data only when non-empty. */
static char *
rpc_structured_error(const struct rpc_id *id, int code, const char *message,
    cJSON *data)
{
	cJSON	*r, *e;
	char	*s;

	r = cJSON_CreateObject();
	e = cJSON_AddObjectToObject(r, "error");
	cJSON_AddNumberToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", message);
	if (data != NULL && cJSON_GetArraySize(data) > 0)
		cJSON_AddItemToObject(e, "data", cJSON_Duplicate(data, 1));
	cJSON_AddItemToObject(r, "id", rpc_id_json(id));
	cJSON_AddStringToObject(r, "jsonrpc", "2.0");
	s = dj_print_sorted(r);
	cJSON_Delete(r);
	return (s);
}

static char *
rpc_success(const struct rpc_id *id, cJSON *result)
{
	char	*idtext, *res, *s;

	idtext = rpc_id_text(id);
	res = dj_print_sorted(result);
	s = xasprintf("{\"jsonrpc\":\"2.0\",\"id\":%s,\"result\":%s}", idtext,
	    res);
	free(idtext);
	free(res);
	return (s);
}

/* --- sending ----------------------------------------------------------- */

/* Send a response; the split and duplicate faults apply unless nofault. */
static void
rpc_send_response_f(char *s, int nofault)
{
	size_t	len = strlen(s);

	con_traffic_line("[QtMCP] Sending: ", s, len);
	if (nofault) {
		ws_send(s, len, -1);
		free(s);
		return;
	}
	ws_send(s, len, faults.split > 0 ? faults.split : -1);
	faults.split = 0;
	if (faults.duplicate > 0) {
		faults.duplicate--;
		con_traffic_line("[QtMCP] Sending: ", s, len);
		ws_send(s, len, -1);
	}
	free(s);
}

static void
rpc_send_response(char *s)
{
	rpc_send_response_f(s, 0);
}

/* A notification to the connected client; dropped when there is none. */
void
rpc_notify(const char *method, cJSON *params)
{
	cJSON	*n;
	char	*s;

	if (!ws_connected()) {
		cJSON_Delete(params);
		return;
	}
	n = cJSON_CreateObject();
	cJSON_AddStringToObject(n, "jsonrpc", "2.0");
	cJSON_AddStringToObject(n, "method", method);
	cJSON_AddItemToObject(n, "params", params);
	s = dj_print_sorted(n);
	cJSON_Delete(n);
	con_traffic_line("[QtMCP] Sending notification: ", s, strlen(s));
	ws_send(s, strlen(s), -1);
	free(s);
}

/* --- errors raised by handlers ---------------------------------------- */

cJSON *
rpc_data(const char *key, ...)
{
	va_list		 ap;
	cJSON		*d = cJSON_CreateObject();
	const char	*k;

	va_start(ap, key);
	for (k = key; k != NULL; k = va_arg(ap, const char *))
		cJSON_AddItemToObject(d, k, va_arg(ap, cJSON *));
	va_end(ap);
	return (d);
}

/* A structured (QJsonDocument) error with data; returns NULL. */
void *
rpc_fail(struct rpc_call *c, int code, cJSON *data, const char *fmt, ...)
{
	va_list	ap;

	if (c->failed) {
		cJSON_Delete(data);
		return (NULL);
	}
	c->failed = 1;
	c->err.code = code;
	c->err.data = data;
	va_start(ap, fmt);
	if (vasprintf(&c->err.message, fmt, ap) == -1)
		abort();
	va_end(ap);
	return (NULL);
}

/* A plain exception: -32603 "Internal error: <what>", template-built. */
void *
rpc_internal(struct rpc_call *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*what;

	if (c->failed)
		return (NULL);
	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) == -1)
		abort();
	va_end(ap);
	c->failed = 1;
	c->err.code = -32603;
	c->err.templated = 1;
	c->err.message = xasprintf("Internal error: %s", what);
	free(what);
	return (NULL);
}

/* A required, non-empty string parameter; NULL and -32602 otherwise. */
const char *
rpc_required(struct rpc_call *c, const char *name)
{
	const char	*s = dj_str(c->params, name);

	if (*s == '\0') {
		rpc_fail(c, -32602, rpc_data("method",
		    cJSON_CreateString(c->method), NULL),
		    "Missing required parameter: %s", name);
		return (NULL);
	}
	return (s);
}

/* --- the resolver ------------------------------------------------------ */

int
rpc_numeric_id(struct obj *o)
{
	size_t	i;

	for (i = 0; i < rpc_nnums; i++) {
		if (rpc_nums[i].o == o && rpc_nums[i].serial == o->serial)
			return ((int)i + 1);
	}
	rpc_nums = xrealloc(rpc_nums, (rpc_nnums + 1) * sizeof *rpc_nums);
	rpc_nums[rpc_nnums].o = o;
	rpc_nums[rpc_nnums].serial = o->serial;
	return ((int)++rpc_nnums);
}

void
rpc_session_reset(void)
{
	free(rpc_nums);
	rpc_nums = NULL;
	rpc_nnums = 0;
	chr_reset_refs();
}

/*
 * ObjectResolver::resolve: #N or N (this connection), then a symbolic
 * name, then a registry ID or QApplication/... path.
 */
struct obj *
rpc_resolve(const char *s)
{
	const char	*p = s, *path;
	struct obj	*o;
	long		 n;

	if (*p == '#')
		p++;
	if (*p != '\0' && strspn(p, "0123456789") == strlen(p)) {
		n = strtol(p, NULL, 10);
		if (n >= 1 && (size_t)n <= rpc_nnums) {
			o = rpc_nums[n - 1].o;
			if (o->alive && o->serial == rpc_nums[n - 1].serial)
				return (o);
		}
	}
	if ((path = nat_name_path(s)) != NULL &&
	    (o = obj_lookup(path)) != NULL)
		return (o);
	return (obj_lookup(s));
}

struct obj *
rpc_object(struct rpc_call *c, const char *key)
{
	const char	*id;
	struct obj	*o;

	if ((id = rpc_required(c, key)) == NULL)
		return (NULL);
	if ((o = rpc_resolve(id)) == NULL)
		return (rpc_fail(c, -32001, rpc_data("objectId",
		    cJSON_CreateString(id), "hint", cJSON_CreateString(
		    "Use qt.objects.find or qt.objects.findByClass to get a "
		    "valid objectId; numeric IDs (#N) are valid for this "
		    "connection only"), NULL), "Object not found: %s", id));
	return (o);
}

struct obj *
rpc_widget(struct rpc_call *c, const char *key)
{
	struct obj	*o;

	if ((o = rpc_object(c, key)) == NULL)
		return (NULL);
	if (!o->widget)
		return (rpc_fail(c, -32003, rpc_data("objectId",
		    cJSON_CreateString(dj_str(c->params, key)), "className",
		    cJSON_CreateString(o->cls->name), NULL),
		    "Object is not a widget: %s", dj_str(c->params, key)));
	return (o);
}

/* --- the event queue --------------------------------------------------- */

void
rpc_post_delete(struct obj *o)
{
	struct rpc_event	*e;

	e = xcalloc(1, sizeof *e);
	e->kind = EV_DELETE;
	e->o = o;
	TAILQ_INSERT_TAIL(&rpc_events, e, entry);
}

void
rpc_post_lifecycle(struct obj *o, int created)
{
	struct rpc_event	*e;

	if (!rpc_lifecycle_on)
		return;
	e = xcalloc(1, sizeof *e);
	e->kind = created ? EV_CREATED : EV_DESTROYED;
	e->o = o;
	/* objectDestroyed names the object only if it was subscribed. */
	e->id = xstrdup(created || nat_subscribed(o) ? o->id : "");
	TAILQ_INSERT_TAIL(&rpc_events, e, entry);
}

void
rpc_set_lifecycle(int on)
{
	rpc_lifecycle_on = on;
}

int
rpc_lifecycle(void)
{
	return (rpc_lifecycle_on);
}

/* Deliver posted events, as the Qt event loop does between requests. */
void
rpc_process_events(void)
{
	struct rpc_event	*e;
	cJSON			*p;

	while ((e = TAILQ_FIRST(&rpc_events)) != NULL) {
		TAILQ_REMOVE(&rpc_events, e, entry);
		switch (e->kind) {
		case EV_DELETE:
			obj_destroy(e->o);
			break;
		case EV_CREATED:
			if (!e->o->alive)
				break;
			p = cJSON_CreateObject();
			cJSON_AddStringToObject(p, "event", "created");
			cJSON_AddStringToObject(p, "objectId", e->id);
			cJSON_AddStringToObject(p, "className",
			    e->o->cls->name);
			rpc_notify("qtmcp.objectCreated", p);
			break;
		case EV_DESTROYED:
			p = cJSON_CreateObject();
			cJSON_AddStringToObject(p, "event", "destroyed");
			cJSON_AddStringToObject(p, "objectId", e->id);
			rpc_notify("qtmcp.objectDestroyed", p);
			break;
		}
		free(e->id);
		free(e);
	}
	if (app.quitting == 1) {
		app.quitting = 2;
		ws_send_action(probe_quit_app_action, NULL);
	}
}

/*
 * The lifecycle storm of probe-protocol.md 6.3: with lifecycle on, every
 * message sent destroys some short-lived object, whose notification is
 * the next message.  Called by ws.c when its queue runs dry.
 */
int
rpc_storm(void)
{
	cJSON	*p;

	if (!rpc_lifecycle_on || !ws_connected())
		return (0);
	p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "event", "destroyed");
	cJSON_AddStringToObject(p, "objectId", "");
	rpc_notify("qtmcp.objectDestroyed", p);
	return (1);
}

/* --- built-in methods -------------------------------------------------- */

static cJSON *
rpc_ping(struct rpc_call *c)
{
	return (cJSON_CreateString("pong"));
}

static cJSON *
rpc_get_version(struct rpc_call *c)
{
	cJSON	*r = cJSON_CreateObject();

	cJSON_AddStringToObject(r, "name", PROBE_NAME);
	cJSON_AddStringToObject(r, "protocol", PROBE_PROTOCOL);
	cJSON_AddStringToObject(r, "version", PROBE_VERSION);
	return (r);
}

cJSON *
rpc_modes_json(void)
{
	cJSON	*r = cJSON_CreateArray();

	cJSON_AddItemToArray(r, cJSON_CreateString("native"));
	cJSON_AddItemToArray(r, cJSON_CreateString("computer_use"));
	cJSON_AddItemToArray(r, cJSON_CreateString("chrome"));
	return (r);
}

static cJSON *
rpc_get_modes(struct rpc_call *c)
{
	return (rpc_modes_json());
}

static cJSON *
rpc_echo(struct rpc_call *c)
{
	if (c->rawparams != NULL && (cJSON_IsObject(c->rawparams) ||
	    cJSON_IsArray(c->rawparams)))
		return (cJSON_Duplicate(c->rawparams, 1));
	return (cJSON_CreateObject());
}

/* --- one message ------------------------------------------------------- */

static void
rpc_send_error_template(const struct rpc_id *id, int code, const char *msg)
{
	rpc_send_response(rpc_template_error(id, code, msg));
}

static cJSON *
rpc_envelope(struct rpc_call *c, cJSON *payload)
{
	cJSON	*env, *meta;

	env = cJSON_CreateObject();
	meta = cJSON_AddObjectToObject(env, "meta");
	cJSON_AddNumberToObject(meta, "timestamp", (double)now_ms());
	if (c->meta_id != NULL)
		cJSON_AddStringToObject(meta, "objectId", c->meta_id);
	cJSON_AddItemToObject(env, "result", payload);
	return (env);
}

static void
rpc_dispatch(const struct rpc_method *m, struct rpc_id *id,
    const cJSON *rawparams)
{
	struct rpc_call	 c;
	const cJSON	*oid;
	cJSON		*res;
	struct rpc_id	 wid;
	char		*s;

	memset(&c, 0, sizeof c);
	c.method = m->name;
	c.rawparams = rawparams;
	c.params = rawparams != NULL && cJSON_IsObject(rawparams) ?
	    cJSON_Duplicate(rawparams, 1) : cJSON_CreateObject();
	if (m->kind == RPC_MODE && m->objparam &&
	    (oid = dj_member(c.params, "objectId")) != NULL &&
	    cJSON_IsString(oid))
		c.meta_id = xstrdup(oid->valuestring);

	res = m->fn(&c);

	/* An answer with the wrong id, when asked for. */
	if (faults.wrong_id > 0 && m->kind != RPC_DOUBLE) {
		faults.wrong_id--;
		memset(&wid, 0, sizeof wid);
		wid.kind = ID_INT;
		wid.n = id->kind == ID_INT && id->n < INT_MAX - 1000000 ?
		    id->n + 1000000 : 999999999;
		id = &wid;
	}

	if (c.failed) {
		if (m->kind == RPC_LEGACY && !c.err.templated) {
			/* Legacy methods turn everything into -32603. */
			s = xasprintf("Internal error: %s", c.err.message);
			free(c.err.message);
			c.err.message = s;
			c.err.code = -32603;
			c.err.templated = 1;
		}
		if (c.err.templated)
			rpc_send_response_f(rpc_template_error(id, c.err.code,
			    c.err.message), m->kind == RPC_DOUBLE);
		else
			rpc_send_response_f(rpc_structured_error(id, c.err.code,
			    c.err.message, c.err.data), m->kind == RPC_DOUBLE);
		cJSON_Delete(res);
	} else {
		if (res == NULL)
			res = cJSON_CreateNull();
		if (m->kind == RPC_MODE)
			res = rpc_envelope(&c, res);
		rpc_send_response_f(rpc_success(id, res),
		    m->kind == RPC_DOUBLE);
		cJSON_Delete(res);
	}
	cJSON_Delete(c.err.data);
	free(c.err.message);
	free(c.meta_id);
	cJSON_Delete(c.params);
}

/*
 * One text message from the client.  JsonRpcHandler::HandleMessage, with
 * the double's faults and timing around it.
 */
void
rpc_handle(const char *text, size_t len)
{
	cJSON			*req;
	const cJSON		*v, *idv, *params;
	const struct rpc_method	*m;
	struct rpc_id		 id, nullid;
	const char		*method, *end = NULL;
	char			*msg;

	con_traffic_line("[QtMCP] Received: ", text, len);
	rpc_requests++;
	memset(&nullid, 0, sizeof nullid);

	/* The whole message must be one JSON value, as QJsonDocument wants. */
	req = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (req != NULL) {
		while (end < text + len && (*end == ' ' || *end == '\t' ||
		    *end == '\n' || *end == '\r'))
			end++;
		if (end != text + len) {
			cJSON_Delete(req);
			req = NULL;
		}
	}
	method = NULL;
	if (req != NULL && cJSON_IsObject(req) &&
	    (v = dj_member(req, "method")) != NULL && cJSON_IsString(v))
		method = v->valuestring;
	fault_before_request(method);

	if (!rpc_first_done) {
		rpc_first_done = 1;
		fault_wait_ms(faults.first_delay);
	}
	if (faults.latency_us > 0)
		usleep((useconds_t)faults.latency_us);
	if (faults.delay > 0)
		fault_wait_ms(faults.delay);

	/* Step 1: not JSON, or a bare scalar. */
	if (req == NULL || !(cJSON_IsObject(req) || cJSON_IsArray(req))) {
		rpc_send_error_template(&nullid, -32700, "Parse error");
		goto done;
	}
	/* Step 2: not an object (no batches), or a bad jsonrpc member. */
	v = dj_member(req, "jsonrpc");
	if (!cJSON_IsObject(req) || v == NULL || !cJSON_IsString(v) ||
	    strcmp(v->valuestring, "2.0") != 0) {
		rpc_send_error_template(&nullid, -32600,
		    "Invalid Request: missing or invalid jsonrpc version");
		goto done;
	}
	/* Step 3: method. */
	if (method == NULL) {
		rpc_send_error_template(&nullid, -32600,
		    "Invalid Request: missing or invalid method");
		goto done;
	}
	con_traffic_line("Handling method: ", method, strlen(method));
	/* Step 4: a notification is neither run nor answered. */
	if ((idv = dj_member(req, "id")) == NULL)
		goto done;
	rpc_id_of(idv, &id);
	params = dj_member(req, "params");
	if (params != NULL && !(cJSON_IsObject(params) ||
	    cJSON_IsArray(params)))
		params = NULL;

	if ((m = rpc_find(method)) == NULL) {
		msg = xasprintf("Method not found: %s", method);
		rpc_send_error_template(&id, -32601, msg);
		free(msg);
	} else {
		if (faults.delay_method != NULL &&
		    strcmp(faults.delay_method, method) == 0)
			fault_wait_ms(faults.delay_method_ms);
		rpc_dispatch(m, &id, params);
	}
	free(id.s);
done:
	cJSON_Delete(req);
	rpc_process_events();
}

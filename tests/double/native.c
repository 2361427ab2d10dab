/*
 * native.c: the 33 qt.* methods of the probe double (probe-protocol.md
 * 4.2), acting on the model of app.c: objects, properties, methods,
 * signal subscriptions and their notifications, UI actions, the symbolic
 * name map, QML (absent) and item models.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "double.h"

/* Signal subscriptions: process-global, numbered sub_1, sub_2, ... */
struct nat_sub {
	TAILQ_ENTRY(nat_sub)	 entry;
	int			 n;
	struct obj		*o;
	char			*given;		/* objectId as subscribed */
	char			*signal;
};
static TAILQ_HEAD(, nat_sub) nat_subs = TAILQ_HEAD_INITIALIZER(nat_subs);
static int	 nat_nextsub;

/* The symbolic name map: name -> path, process-global. */
static cJSON	*nat_names;

/* --- helpers shared with the legacy methods --------------------------- */

static cJSON *
nat_ref(struct obj *o)
{
	cJSON	*r = cJSON_CreateObject();

	cJSON_AddStringToObject(r, "objectId", o->id);
	cJSON_AddStringToObject(r, "className", o->cls->name);
	cJSON_AddNumberToObject(r, "numericId", rpc_numeric_id(o));
	return (r);
}

cJSON *
nat_info(struct obj *o)
{
	cJSON	*r = cJSON_CreateObject();

	cJSON_AddStringToObject(r, "className", o->cls->name);
	cJSON_AddStringToObject(r, "objectName", o->name);
	cJSON_AddItemToObject(r, "superClasses", obj_superclasses(o));
	if (o->widget) {
		cJSON_AddBoolToObject(r, "visible", obj_visible(o));
		cJSON_AddBoolToObject(r, "enabled", obj_enabled(o));
	}
	return (r);
}

/* introspection/object_id.cpp serializeObjectInfo, depth-limited. */
cJSON *
nat_tree_node(struct obj *o, int depth)
{
	cJSON		*n, *kids, *text;
	char		*path;
	size_t		 i;

	n = cJSON_CreateObject();
	path = obj_live_path(o);
	cJSON_AddStringToObject(n, "id", path);
	free(path);
	cJSON_AddStringToObject(n, "className", o->cls->name);
	if (*o->name != '\0')
		cJSON_AddStringToObject(n, "objectName", o->name);
	if (o->widget) {
		cJSON_AddBoolToObject(n, "visible", obj_visible(o));
		cJSON_AddItemToObject(n, "geometry", dj_rect(o->geom));
	}
	if (obj_find_prop(o, "text") != NULL &&
	    (text = obj_get(o, "text")) != NULL) {
		if (cJSON_IsString(text) && *text->valuestring != '\0')
			cJSON_AddItemToObject(n, "text", text);
		else
			cJSON_Delete(text);
	}
	if (o->nkids > 0 && depth != 0) {
		kids = cJSON_AddArrayToObject(n, "children");
		for (i = 0; i < o->nkids; i++)
			cJSON_AddItemToArray(kids, nat_tree_node(o->kids[i],
			    depth < 0 ? depth : depth - 1));
	}
	return (n);
}

cJSON *
nat_geometry(struct obj *o)
{
	cJSON	*r = cJSON_CreateObject();

	cJSON_AddItemToObject(r, "local", dj_rect(o->geom));
	cJSON_AddItemToObject(r, "global", dj_rect(obj_global(o)));
	cJSON_AddNumberToObject(r, "devicePixelRatio", 1);
	return (r);
}

/* An optional root: resolved, else silently ignored. */
struct obj *
nat_root(const cJSON *params)
{
	const char	*r = dj_str(params, "root");

	if (*r == '\0')
		return (NULL);
	return (rpc_resolve(r));
}

/* qt.ui.click: activate, then press and release (QtTest). */
cJSON *
nat_click(struct obj *w, const cJSON *params)
{
	const cJSON	*pos = dj_member(params, "position");
	const char	*b = dj_str(params, "button");
	int		 x, y;

	x = w->geom.w / 2;
	y = w->geom.h / 2;
	if (pos != NULL && cJSON_IsObject(pos) && (dj_int(pos, "x", 0) != 0 ||
	    dj_int(pos, "y", 0) != 0)) {
		x = dj_int(pos, "x", 0);
		y = dj_int(pos, "y", 0);
	}
	if (strcmp(b, "right") != 0 && strcmp(b, "middle") != 0)
		b = "left";
	app_click(w, x, y, b);
	rpc_process_events();
	return (NULL);
}

/* Typing that QtTest cannot map aborts the application. */
static void
nat_abort_on(const char *what)
{
	con_raw("ASSERT: \"false\" in file "
	    "/build/qt6-base-6.4.2+dfsg/src/testlib/qasciikey.cpp, line 498");
	probe_die(6, what);
}

cJSON *
nat_send_keys(struct rpc_call *c, struct obj *w)
{
	const char	*text = dj_str(c->params, "text");
	const char	*seq = dj_str(c->params, "sequence");
	const char	*p;
	char		*bad = NULL;
	int		 key, rc;

	app_set_focus(w);
	if (!app_text_safe(text, &bad))
		nat_abort_on(bad);
	for (p = text; *p != '\0'; p++)
		app_type_char(w, (unsigned char)*p);
	if (*seq != '\0') {
		rc = cu_key_seq(seq, &key);
		if (rc == -1)
			return (rpc_internal(c, "Invalid key sequence: %s",
			    seq));
		if (rc == 1)
			nat_abort_on(seq);
		app_key(w, key & ~(M_SHIFT | M_CTRL | M_ALT | M_META),
		    key & (M_SHIFT | M_CTRL | M_ALT | M_META));
	}
	rpc_process_events();
	return (NULL);
}

cJSON *
nat_screenshot(struct rpc_call *c, struct obj *w)
{
	const cJSON	*region = dj_member(c->params, "region");
	struct rect	 r;
	char		*b64;
	int		 iw, ih;
	cJSON		*res;

	if (region != NULL && cJSON_IsObject(region)) {
		r = (struct rect){ dj_int(region, "x", 0),
		    dj_int(region, "y", 0), dj_int(region, "width", 0),
		    dj_int(region, "height", 0) };
		b64 = shot_widget(w, &r, &iw, &ih);
	} else
		b64 = shot_widget(w, NULL, &iw, &ih);
	if (b64 == NULL)
		return (rpc_internal(c, "Failed to capture screenshot"));
	res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "image", b64);
	free(b64);
	return (res);
}

/* --- system ------------------------------------------------------------ */

static cJSON *
nat_ping(struct rpc_call *c)
{
	cJSON	*r = cJSON_CreateObject();
	int64_t	 t0 = now_us();

	rpc_process_events();
	cJSON_AddBoolToObject(r, "pong", 1);
	cJSON_AddNumberToObject(r, "timestamp", (double)now_ms());
	cJSON_AddNumberToObject(r, "eventLoopLatency",
	    (double)((now_us() - t0) / 1000));
	return (r);
}

static cJSON *
nat_version(struct rpc_call *c)
{
	cJSON	*r = cJSON_CreateObject(), *d;

	cJSON_AddStringToObject(r, "version", PROBE_VERSION);
	cJSON_AddStringToObject(r, "protocol", PROBE_PROTOCOL);
	cJSON_AddStringToObject(r, "name", PROBE_NAME);
	cJSON_AddStringToObject(r, "mode", "native");
	d = cJSON_AddArrayToObject(r, "deprecated");
	cJSON_AddItemToArray(d, cJSON_CreateString("qtmcp.*"));
	return (r);
}

static cJSON *
nat_modes(struct rpc_call *c)
{
	return (rpc_modes_json());
}

/* --- objects ----------------------------------------------------------- */

static cJSON *
nat_objects_find(struct rpc_call *c)
{
	const char	*name;
	struct obj	*root, *o = NULL;

	if ((name = rpc_required(c, "name")) == NULL)
		return (NULL);
	if ((root = nat_root(c->params)) != NULL)
		o = obj_find_under(root, name);
	else {
		TAILQ_FOREACH(o, &obj_all, entry) {
			if (strcmp(o->name, name) == 0)
				break;
		}
	}
	if (o == NULL)
		return (rpc_fail(c, -32001, rpc_data("name",
		    cJSON_CreateString(name), "hint", cJSON_CreateString(
		    "Check the objectName; use qt.objects.tree with a root "
		    "to browse"), NULL), "Object not found: %s", name));
	c->meta_id = xstrdup(o->id);
	return (nat_ref(o));
}

static void
nat_collect(struct obj *root, const char *cname, cJSON *arr)
{
	size_t	i;

	if (strcmp(root->cls->name, cname) == 0)
		cJSON_AddItemToArray(arr, nat_ref(root));
	for (i = 0; i < root->nkids; i++)
		nat_collect(root->kids[i], cname, arr);
}

static cJSON *
nat_objects_find_by_class(struct rpc_call *c)
{
	const char	*cname;
	struct obj	*root, *o;
	cJSON		*r, *arr;

	if ((cname = rpc_required(c, "className")) == NULL)
		return (NULL);
	r = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(r, "objects");
	if ((root = nat_root(c->params)) != NULL)
		nat_collect(root, cname, arr);
	else {
		TAILQ_FOREACH(o, &obj_all, entry) {
			if (strcmp(o->cls->name, cname) == 0)
				cJSON_AddItemToArray(arr, nat_ref(o));
		}
	}
	return (r);
}

static cJSON *
nat_objects_tree(struct rpc_call *c)
{
	struct obj	*root;
	int		 depth = dj_int(c->params, "maxDepth", -1);
	cJSON		*r, *kids;

	if ((root = nat_root(c->params)) != NULL)
		return (nat_tree_node(root, depth));
	/* No root: the application's subtree; windows are not in it. */
	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "id", "");
	cJSON_AddStringToObject(r, "className", "Root");
	kids = cJSON_AddArrayToObject(r, "children");
	cJSON_AddItemToArray(kids, nat_tree_node(app.qapp, depth));
	return (r);
}

static cJSON *
nat_objects_info(struct rpc_call *c)
{
	struct obj	*o;

	if ((o = rpc_object(c, "objectId")) == NULL)
		return (NULL);
	return (nat_info(o));
}

static cJSON *
nat_objects_inspect(struct rpc_call *c)
{
	struct obj	*o;
	cJSON		*r;

	if ((o = rpc_object(c, "objectId")) == NULL)
		return (NULL);
	r = cJSON_CreateObject();
	cJSON_AddItemToObject(r, "info", nat_info(o));
	cJSON_AddItemToObject(r, "properties", obj_properties_json(o));
	cJSON_AddItemToObject(r, "methods", obj_methods_json(o));
	cJSON_AddItemToObject(r, "signals", obj_signals_json(o));
	return (r);
}

static int
nat_matches(struct obj *o, const char *cname, const cJSON *props)
{
	const cJSON	*p;
	cJSON		*v;
	int		 ok;

	if (cname != NULL && strcmp(o->cls->name, cname) != 0)
		return (0);
	cJSON_ArrayForEach(p, props) {
		if ((v = obj_get(o, p->string)) == NULL)
			return (0);
		ok = dj_equal(v, p);
		cJSON_Delete(v);
		if (!ok)
			return (0);
	}
	return (1);
}

static void
nat_query_under(struct obj *root, const char *cname, const cJSON *props,
    cJSON *arr)
{
	size_t	i;

	if (nat_matches(root, cname, props))
		cJSON_AddItemToArray(arr, nat_ref(root));
	for (i = 0; i < root->nkids; i++)
		nat_query_under(root->kids[i], cname, props, arr);
}

static cJSON *
nat_objects_query(struct rpc_call *c)
{
	const char	*cname = dj_str(c->params, "className");
	const cJSON	*props = dj_member(c->params, "properties");
	struct obj	*root = NULL, *o;
	cJSON		*arr = cJSON_CreateArray();

	if (props != NULL && !cJSON_IsObject(props))
		props = NULL;
	if (*cname == '\0')
		cname = NULL;
	/* root counts only with a className. */
	if (cname != NULL)
		root = nat_root(c->params);
	if (root != NULL)
		nat_query_under(root, cname, props, arr);
	else {
		TAILQ_FOREACH(o, &obj_all, entry) {
			if (nat_matches(o, cname, props))
				cJSON_AddItemToArray(arr, nat_ref(o));
		}
	}
	return (arr);
}

/* --- properties, methods, signals ------------------------------------- */

static cJSON *
nat_properties_list(struct rpc_call *c)
{
	struct obj	*o;

	if ((o = rpc_object(c, "objectId")) == NULL)
		return (NULL);
	return (obj_properties_json(o));
}

static cJSON *
nat_properties_get(struct rpc_call *c)
{
	struct obj	*o;
	const char	*name;
	cJSON		*v, *r;

	if ((o = rpc_object(c, "objectId")) == NULL ||
	    (name = rpc_required(c, "name")) == NULL)
		return (NULL);
	if ((v = obj_get(o, name)) == NULL)
		return (rpc_fail(c, -32010, rpc_data("objectId",
		    cJSON_CreateString(dj_str(c->params, "objectId")),
		    "property", cJSON_CreateString(name), NULL),
		    "Property not found: %s", name));
	r = cJSON_CreateObject();
	cJSON_AddItemToObject(r, "value", v);
	return (r);
}

static cJSON *
nat_properties_set(struct rpc_call *c)
{
	struct obj	*o;
	const char	*name;
	const cJSON	*value;
	char		*cause = NULL;
	int		 ok, code;
	cJSON		*r;

	if ((o = rpc_object(c, "objectId")) == NULL ||
	    (name = rpc_required(c, "name")) == NULL)
		return (NULL);
	if ((value = dj_member(c->params, "value")) == NULL)
		return (rpc_fail(c, -32602, rpc_data("method",
		    cJSON_CreateString(c->method), NULL),
		    "Missing required parameter: value"));
	if ((code = obj_prop_set(o, name, value, &ok, &cause)) != 0) {
		rpc_fail(c, code, rpc_data("objectId", cJSON_CreateString(
		    dj_str(c->params, "objectId")), "property",
		    cJSON_CreateString(name), NULL), "%s", cause);
		free(cause);
		return (NULL);
	}
	r = cJSON_CreateObject();
	cJSON_AddBoolToObject(r, "success", ok);
	return (r);
}

static cJSON *
nat_methods_list(struct rpc_call *c)
{
	struct obj	*o;

	if ((o = rpc_object(c, "objectId")) == NULL)
		return (NULL);
	return (obj_methods_json(o));
}

static cJSON *
nat_methods_invoke(struct rpc_call *c)
{
	struct obj		*o;
	const char		*name, *oid;
	const cJSON		*args;
	const struct meth	*m;
	cJSON			*res, *r, *empty = NULL;
	char			*cause = NULL;
	int			 n;

	if ((o = rpc_object(c, "objectId")) == NULL ||
	    (name = rpc_required(c, "method")) == NULL)
		return (NULL);
	oid = dj_str(c->params, "objectId");
	args = dj_member(c->params, "args");
	if (args == NULL || !cJSON_IsArray(args))
		args = empty = cJSON_CreateArray();
	n = cJSON_GetArraySize(args);
	if (n > 10) {
		cJSON_Delete(empty);
		return (rpc_fail(c, -32021, rpc_data("objectId",
		    cJSON_CreateString(oid), "method", cJSON_CreateString(name),
		    NULL), "Too many arguments (max 10): %d", n));
	}
	if ((m = obj_find_method(o, name, n)) == NULL) {
		cJSON_Delete(empty);
		return (rpc_fail(c, -32020, rpc_data("objectId",
		    cJSON_CreateString(oid), "method", cJSON_CreateString(name),
		    NULL), "Method not found: %s with %d argument(s)", name,
		    n));
	}
	if (app_invoke(o, m, args, &res, &cause) == -1) {
		cJSON_Delete(empty);
		rpc_fail(c, -32021, rpc_data("objectId",
		    cJSON_CreateString(oid), "method", cJSON_CreateString(name),
		    NULL),
		    "Failed to invoke %s: %s", name, cause);
		free(cause);
		return (NULL);
	}
	cJSON_Delete(empty);
	r = cJSON_CreateObject();
	cJSON_AddItemToObject(r, "result", res != NULL ? res :
	    cJSON_CreateNull());
	return (r);
}

static cJSON *
nat_signals_list(struct rpc_call *c)
{
	struct obj	*o;

	if ((o = rpc_object(c, "objectId")) == NULL)
		return (NULL);
	return (obj_signals_json(o));
}

/* 0 and *n, or -1 and *cause (-32030). Registry IDs and paths only. */
int
nat_subscribe(const char *oid, const char *signal, char **cause, int *n)
{
	struct obj	*o;
	struct nat_sub	*s;

	if ((o = obj_lookup(oid)) == NULL) {
		*cause = xasprintf("Object not found: %s", oid);
		return (-1);
	}
	if (obj_find_signal(o, signal) == NULL) {
		*cause = xasprintf("Signal not found: %s", signal);
		return (-1);
	}
	s = xcalloc(1, sizeof *s);
	s->n = ++nat_nextsub;
	s->o = o;
	s->given = xstrdup(oid);
	s->signal = xstrdup(signal);
	TAILQ_INSERT_TAIL(&nat_subs, s, entry);
	*n = s->n;
	return (0);
}

static cJSON *
nat_signals_subscribe(struct rpc_call *c)
{
	const char	*oid = dj_str(c->params, "objectId");
	const char	*sig = dj_str(c->params, "signal");
	char		*cause = NULL, buf[32];
	int		 n;
	cJSON		*r;

	if (*oid == '\0' || *sig == '\0')
		return (rpc_fail(c, -32602, rpc_data("method",
		    cJSON_CreateString(c->method), NULL),
		    "Missing required parameters: objectId, signal"));
	if (nat_subscribe(oid, sig, &cause, &n) == -1) {
		rpc_fail(c, -32030, rpc_data("objectId",
		    cJSON_CreateString(oid), "signal", cJSON_CreateString(sig),
		    NULL), "%s", cause);
		free(cause);
		return (NULL);
	}
	r = cJSON_CreateObject();
	snprintf(buf, sizeof buf, "sub_%d", n);
	cJSON_AddStringToObject(r, "subscriptionId", buf);
	return (r);
}

int
nat_unsubscribe(const char *id)
{
	struct nat_sub	*s;
	char		 buf[32];

	TAILQ_FOREACH(s, &nat_subs, entry) {
		snprintf(buf, sizeof buf, "sub_%d", s->n);
		if (strcmp(buf, id) == 0) {
			TAILQ_REMOVE(&nat_subs, s, entry);
			free(s->given);
			free(s->signal);
			free(s);
			return (1);
		}
	}
	return (0);
}

static cJSON *
nat_signals_unsubscribe(struct rpc_call *c)
{
	const char	*id;
	cJSON		*r;

	if ((id = rpc_required(c, "subscriptionId")) == NULL)
		return (NULL);
	nat_unsubscribe(id);
	r = cJSON_CreateObject();
	cJSON_AddBoolToObject(r, "success", 1);
	return (r);
}

static cJSON *
nat_signals_set_lifecycle(struct rpc_call *c)
{
	int	 on = dj_bool(c->params, "enabled", 0);
	cJSON	*r = cJSON_CreateObject();

	rpc_set_lifecycle(on);
	cJSON_AddBoolToObject(r, "enabled", on);
	return (r);
}

/* A signal fired: notify every subscription, before the response. */
void
nat_signal(struct obj *o, const char *signal)
{
	struct nat_sub	*s, *next;
	cJSON		*p;
	char		 buf[32];

	for (s = TAILQ_FIRST(&nat_subs); s != NULL; s = next) {
		next = TAILQ_NEXT(s, entry);
		if (s->o != o || strcmp(s->signal, signal) != 0)
			continue;
		p = cJSON_CreateObject();
		snprintf(buf, sizeof buf, "sub_%d", s->n);
		cJSON_AddStringToObject(p, "subscriptionId", buf);
		cJSON_AddStringToObject(p, "objectId", s->given);
		cJSON_AddStringToObject(p, "signal", signal);
		cJSON_AddArrayToObject(p, "arguments");
		rpc_notify("qtmcp.signalEmitted", p);
	}
}

int
nat_subscribed(struct obj *o)
{
	struct nat_sub	*s;

	TAILQ_FOREACH(s, &nat_subs, entry) {
		if (s->o == o)
			return (1);
	}
	return (0);
}

/* Subscriptions end with their object. */
void
nat_object_gone(struct obj *o)
{
	struct nat_sub	*s, *next;

	for (s = TAILQ_FIRST(&nat_subs); s != NULL; s = next) {
		next = TAILQ_NEXT(s, entry);
		if (s->o == o) {
			TAILQ_REMOVE(&nat_subs, s, entry);
			free(s->given);
			free(s->signal);
			free(s);
		}
	}
}

/* --- UI ---------------------------------------------------------------- */

static cJSON *
nat_success(void)
{
	cJSON	*r = cJSON_CreateObject();

	cJSON_AddBoolToObject(r, "success", 1);
	return (r);
}

static cJSON *
nat_ui_click(struct rpc_call *c)
{
	struct obj	*w;

	if ((w = rpc_widget(c, "objectId")) == NULL)
		return (NULL);
	nat_click(w, c->params);
	return (nat_success());
}

static cJSON *
nat_ui_send_keys(struct rpc_call *c)
{
	struct obj	*w;

	if ((w = rpc_widget(c, "objectId")) == NULL)
		return (NULL);
	nat_send_keys(c, w);
	if (c->failed)
		return (NULL);
	return (nat_success());
}

static cJSON *
nat_ui_screenshot(struct rpc_call *c)
{
	struct obj	*w;

	if ((w = rpc_widget(c, "objectId")) == NULL)
		return (NULL);
	return (nat_screenshot(c, w));
}

static cJSON *
nat_ui_geometry(struct rpc_call *c)
{
	struct obj	*w;

	if ((w = rpc_widget(c, "objectId")) == NULL)
		return (NULL);
	return (nat_geometry(w));
}

static cJSON *
nat_ui_hit_test(struct rpc_call *c)
{
	int		 x = dj_int(c->params, "x", 0);
	int		 y = dj_int(c->params, "y", 0);
	struct obj	*w;
	cJSON		*r;

	if ((w = app_widget_at(x, y)) == NULL)
		return (rpc_fail(c, -32001, rpc_data("x",
		    cJSON_CreateNumber(x), "y", cJSON_CreateNumber(y), NULL),
		    "No widget at position (%d, %d)", x, y));
	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "objectId", w->id);
	cJSON_AddStringToObject(r, "className", w->cls->name);
	return (r);
}

/* --- name map ---------------------------------------------------------- */

const char *
nat_name_path(const char *name)
{
	const cJSON	*v = dj_member(nat_names, name);

	return (v != NULL && cJSON_IsString(v) ? v->valuestring : NULL);
}

/* Load a name map file; -1 and *cause on failure. */
static int
nat_names_load_file(const char *path, int *count, char **cause)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 len = 0, n;
	char	 chunk[4096];
	cJSON	*j, *map, *e;

	if ((f = fopen(path, "r")) == NULL) {
		*cause = xasprintf("Cannot open file: %s", strerror(errno));
		return (-1);
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf = xrealloc(buf, len + n + 1);
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	j = buf != NULL ? cJSON_ParseWithLength(buf, len) : NULL;
	free(buf);
	if (j == NULL || !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		*cause = xasprintf("Invalid JSON in name map file");
		return (-1);
	}
	map = cJSON_CreateObject();
	*count = 0;
	cJSON_ArrayForEach(e, j) {
		if (!cJSON_IsString(e))
			continue;
		cJSON_DeleteItemFromObjectCaseSensitive(map, e->string);
		cJSON_AddStringToObject(map, e->string, e->valuestring);
		(*count)++;
	}
	cJSON_Delete(j);
	cJSON_Delete(nat_names);
	nat_names = map;
	return (0);
}

/* At start: $QTMCP_NAME_MAP, else ./qtmcp-names.json if present. */
void
nat_names_autoload(void)
{
	const char	*path = getenv("QTMCP_NAME_MAP");
	char		*cause = NULL;
	int		 n;

	nat_names = cJSON_CreateObject();
	if (path == NULL || *path == '\0')
		path = "qtmcp-names.json";
	if (nat_names_load_file(path, &n, &cause) == -1)
		free(cause);
	else
		con_line("debug", "[QtMCP] Loaded %d names from %s", n, path);
}

static cJSON *
nat_names_register(struct rpc_call *c)
{
	const char	*name, *path;

	if ((name = rpc_required(c, "name")) == NULL ||
	    (path = rpc_required(c, "path")) == NULL)
		return (NULL);
	cJSON_DeleteItemFromObjectCaseSensitive(nat_names, name);
	cJSON_AddStringToObject(nat_names, name, path);
	return (nat_success());
}

static cJSON *
nat_names_unregister(struct rpc_call *c)
{
	const char	*name;

	if ((name = rpc_required(c, "name")) == NULL)
		return (NULL);
	cJSON_DeleteItemFromObjectCaseSensitive(nat_names, name);
	return (nat_success());
}

static cJSON *
nat_names_list(struct rpc_call *c)
{
	return (cJSON_Duplicate(nat_names, 1));
}

static cJSON *
nat_names_validate(struct rpc_call *c)
{
	cJSON	*arr = cJSON_CreateArray(), *e, *r;

	dj_sort(nat_names);
	cJSON_ArrayForEach(e, nat_names) {
		r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, "name", e->string);
		cJSON_AddStringToObject(r, "path", e->valuestring);
		cJSON_AddBoolToObject(r, "valid",
		    obj_lookup(e->valuestring) != NULL);
		cJSON_AddItemToArray(arr, r);
	}
	return (arr);
}

static cJSON *
nat_names_load(struct rpc_call *c)
{
	const char	*path;
	char		*cause = NULL;
	int		 n;
	cJSON		*r;

	if ((path = rpc_required(c, "filePath")) == NULL)
		return (NULL);
	if (nat_names_load_file(path, &n, &cause) == -1) {
		rpc_fail(c, -32052, rpc_data("filePath",
		    cJSON_CreateString(path), NULL),
		    "Failed to load name map: %s", cause);
		free(cause);
		return (NULL);
	}
	r = nat_success();
	cJSON_AddNumberToObject(r, "count", n);
	return (r);
}

static cJSON *
nat_names_save(struct rpc_call *c)
{
	const char	*path;
	FILE		*f;
	char		*text;
	int		 ok;
	cJSON		*r;

	if ((path = rpc_required(c, "filePath")) == NULL)
		return (NULL);
	text = dj_indented_map(nat_names);
	ok = (f = fopen(path, "w")) != NULL;
	if (ok) {
		ok = fputs(text, f) != EOF;
		ok = fclose(f) == 0 && ok;
	}
	free(text);
	r = cJSON_CreateObject();
	cJSON_AddBoolToObject(r, "success", ok);
	return (r);
}

/* --- QML and models ---------------------------------------------------- */

static cJSON *
nat_qml_inspect(struct rpc_call *c)
{
	if (rpc_object(c, "objectId") == NULL)
		return (NULL);
	return (rpc_fail(c, -32080, rpc_data("method",
	    cJSON_CreateString(c->method), NULL),
	    "QML support not available (probe built without Qt Quick)"));
}

static const char *nat_roles[] = { "display", "decoration", "edit",
    "toolTip", "statusTip", "whatsThis", "font", "textAlignment",
    "background", "foreground", "checkState", NULL, NULL, "sizeHint" };

static cJSON *
nat_role_names(void)
{
	cJSON	*r = cJSON_CreateObject();
	char	 buf[16];
	int	 i;

	for (i = 0; i < 6; i++) {
		snprintf(buf, sizeof buf, "%d", i);
		cJSON_AddStringToObject(r, buf, nat_roles[i]);
	}
	return (r);
}

/* The model behind an object: itself, a view's model, or none. */
static struct obj *
nat_model_of(struct obj *o)
{
	if (o->cls->model)
		return (o);
	if (o == app.list || (o->buddy != NULL && o->buddy == app.list))
		return (app.listModel);
	if (o == app.table || (o->buddy != NULL && o->buddy == app.table))
		return (app.tableModel);
	return (NULL);
}

static void
nat_model_size(struct obj *m, int *rows, int *cols)
{
	*rows = *cols = 0;
	if (m == NULL)
		return;
	if (m == app.listModel) {
		*rows = app.list != NULL ? cJSON_GetArraySize(app.list->items) :
		    0;
		*cols = 1;
	} else if (m == app.tableModel) {
		*rows = app.table != NULL ?
		    cJSON_GetArraySize(app.table->items) : 0;
		*cols = 3;
	} else if (m == app.comboModel) {
		*rows = app.comboBox != NULL ?
		    cJSON_GetArraySize(app.comboBox->items) : 0;
		*cols = 1;
	}
}

static const char *
nat_cell(struct obj *m, int row, int col)
{
	if (m == app.listModel && app.list != NULL)
		return (cJSON_GetArrayItem(app.list->items, row)->valuestring);
	if (m == app.comboModel && app.comboBox != NULL)
		return (cJSON_GetArrayItem(app.comboBox->items,
		    row)->valuestring);
	if (m == app.tableModel && app.table != NULL)
		return (cJSON_GetArrayItem(cJSON_GetArrayItem(app.table->items,
		    row), col)->valuestring);
	return ("");
}

static cJSON *
nat_models_list(struct rpc_call *c)
{
	struct obj	*o;
	cJSON		*arr = cJSON_CreateArray(), *e;
	int		 rows, cols;

	TAILQ_FOREACH(o, &obj_all, entry) {
		if (!o->cls->model || (o->cls->name[0] == 'Q' &&
		    strstr(o->cls->name, "Internal") != NULL))
			continue;
		nat_model_size(o, &rows, &cols);
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "objectId", o->id);
		cJSON_AddStringToObject(e, "className", o->cls->name);
		cJSON_AddNumberToObject(e, "rowCount", rows);
		cJSON_AddNumberToObject(e, "columnCount", cols);
		cJSON_AddItemToObject(e, "roleNames", nat_role_names());
		cJSON_AddItemToArray(arr, e);
	}
	return (arr);
}

static struct obj *
nat_model_param(struct rpc_call *c)
{
	struct obj	*o, *m;

	if ((o = rpc_object(c, "objectId")) == NULL)
		return (NULL);
	if ((m = nat_model_of(o)) == NULL)
		return (rpc_fail(c, -32093, rpc_data("objectId",
		    cJSON_CreateString(dj_str(c->params, "objectId")), "hint",
		    cJSON_CreateString("Pass a model, an item view, or an "
		    "object with a model property; qt.models.list lists the "
		    "models"), NULL), "Object is not a model and has no "
		    "model: %s", dj_str(c->params, "objectId")));
	return (m);
}

static cJSON *
nat_models_info(struct rpc_call *c)
{
	struct obj	*m;
	cJSON		*r;
	int		 rows, cols;

	if ((m = nat_model_param(c)) == NULL)
		return (NULL);
	nat_model_size(m, &rows, &cols);
	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "className", m->cls->name);
	cJSON_AddNumberToObject(r, "rowCount", rows);
	cJSON_AddNumberToObject(r, "columnCount", cols);
	cJSON_AddBoolToObject(r, "hasChildren", rows > 0);
	cJSON_AddItemToObject(r, "roleNames", nat_role_names());
	return (r);
}

/* A role given by name or number: its number, or -1. */
static int
nat_role(const cJSON *v, char *key, size_t keylen)
{
	int	i;

	if (cJSON_IsNumber(v)) {
		i = (int)v->valuedouble;
		if (i >= 0 && i < (int)nitems(nat_roles) && nat_roles[i] !=
		    NULL)
			snprintf(key, keylen, "%s", nat_roles[i]);
		else
			snprintf(key, keylen, "role_%d", i);
		return (i);
	}
	if (!cJSON_IsString(v))
		return (-1);
	for (i = 0; i < (int)nitems(nat_roles); i++) {
		if (nat_roles[i] != NULL && strcmp(nat_roles[i],
		    v->valuestring) == 0) {
			snprintf(key, keylen, "%s", nat_roles[i]);
			return (i);
		}
	}
	return (-1);
}

static cJSON *
nat_models_data(struct rpc_call *c)
{
	struct obj	*m;
	const cJSON	*roles, *rv;
	int		 rows, cols, offset, limit, prow, r, k, role, n = 0;
	int		 rnum[32];
	char		 rkey[32][32];
	cJSON		*res, *arr, *row, *cells, *cell, *avail;
	size_t		 i;

	if ((m = nat_model_param(c)) == NULL)
		return (NULL);
	nat_model_size(m, &rows, &cols);
	offset = dj_int(c->params, "offset", 0);
	limit = dj_int(c->params, "limit", -1);
	prow = dj_int(c->params, "parentRow", -1);
	roles = dj_member(c->params, "roles");
	if (roles != NULL && cJSON_IsArray(roles) &&
	    cJSON_GetArraySize(roles) > 0) {
		cJSON_ArrayForEach(rv, roles) {
			if (n >= 32)
				break;
			if ((role = nat_role(rv, rkey[n], sizeof rkey[n])) ==
			    -1) {
				avail = cJSON_CreateArray();
				for (i = 0; i < nitems(nat_roles); i++) {
					if (nat_roles[i] != NULL)
						cJSON_AddItemToArray(avail,
						    cJSON_CreateString(
						    nat_roles[i]));
				}
				return (rpc_fail(c, -32092, rpc_data(
				    "roleName", cJSON_CreateString(
				    cJSON_IsString(rv) ? rv->valuestring : ""),
				    "availableRoles", avail, NULL),
				    "Role not found: %s", cJSON_IsString(rv) ?
				    rv->valuestring : "?"));
			}
			rnum[n++] = role;
		}
	} else {
		rnum[0] = 0;
		snprintf(rkey[0], sizeof rkey[0], "display");
		n = 1;
	}
	/* Children of an item: the double's models are flat. */
	if (prow >= 0)
		rows = 0;
	if (offset < 0)
		offset = 0;
	if (limit <= 0) {
		if (rows <= 100) {
			offset = 0;
			limit = rows;
		} else
			limit = 100;
	}
	res = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(res, "rows");
	for (r = offset; r < rows && r < offset + limit; r++) {
		row = cJSON_CreateObject();
		cells = cJSON_AddArrayToObject(row, "cells");
		for (k = 0; k < cols; k++) {
			cell = cJSON_CreateObject();
			for (i = 0; i < (size_t)n; i++) {
				if (rnum[i] == 0 || rnum[i] == 2)
					cJSON_AddStringToObject(cell, rkey[i],
					    nat_cell(m, r, k));
				else
					cJSON_AddNullToObject(cell, rkey[i]);
			}
			cJSON_AddItemToArray(cells, cell);
		}
		cJSON_AddBoolToObject(row, "hasChildren", 0);
		cJSON_AddItemToArray(arr, row);
	}
	cJSON_AddNumberToObject(res, "totalRows", rows);
	cJSON_AddNumberToObject(res, "totalColumns", cols);
	cJSON_AddNumberToObject(res, "offset", offset);
	cJSON_AddNumberToObject(res, "limit", limit);
	cJSON_AddBoolToObject(res, "hasMore", offset + limit < rows);
	return (res);
}

/* The model's state for double.state. */
cJSON *
nat_state(void)
{
	struct nat_sub	*s;
	cJSON		*r, *subs, *e;
	char		 buf[32];

	r = cJSON_CreateObject();
	subs = cJSON_AddArrayToObject(r, "subscriptions");
	TAILQ_FOREACH(s, &nat_subs, entry) {
		e = cJSON_CreateObject();
		snprintf(buf, sizeof buf, "sub_%d", s->n);
		cJSON_AddStringToObject(e, "subscriptionId", buf);
		cJSON_AddStringToObject(e, "objectId", s->given);
		cJSON_AddStringToObject(e, "signal", s->signal);
		cJSON_AddItemToArray(subs, e);
	}
	cJSON_AddItemToObject(r, "names", cJSON_Duplicate(nat_names, 1));
	return (r);
}

const struct rpc_method nat_methods[] = {
	{ "qt.ping", nat_ping, RPC_MODE, 0 },
	{ "qt.version", nat_version, RPC_MODE, 0 },
	{ "qt.modes", nat_modes, RPC_MODE, 0 },
	{ "qt.objects.find", nat_objects_find, RPC_MODE, 0 },
	{ "qt.objects.findByClass", nat_objects_find_by_class, RPC_MODE, 0 },
	{ "qt.objects.tree", nat_objects_tree, RPC_MODE, 0 },
	{ "qt.objects.info", nat_objects_info, RPC_MODE, 1 },
	{ "qt.objects.inspect", nat_objects_inspect, RPC_MODE, 1 },
	{ "qt.objects.query", nat_objects_query, RPC_MODE, 0 },
	{ "qt.properties.list", nat_properties_list, RPC_MODE, 1 },
	{ "qt.properties.get", nat_properties_get, RPC_MODE, 1 },
	{ "qt.properties.set", nat_properties_set, RPC_MODE, 1 },
	{ "qt.methods.list", nat_methods_list, RPC_MODE, 1 },
	{ "qt.methods.invoke", nat_methods_invoke, RPC_MODE, 1 },
	{ "qt.signals.list", nat_signals_list, RPC_MODE, 1 },
	{ "qt.signals.subscribe", nat_signals_subscribe, RPC_MODE, 1 },
	{ "qt.signals.unsubscribe", nat_signals_unsubscribe, RPC_MODE, 0 },
	{ "qt.signals.setLifecycle", nat_signals_set_lifecycle, RPC_MODE, 0 },
	{ "qt.ui.click", nat_ui_click, RPC_MODE, 1 },
	{ "qt.ui.sendKeys", nat_ui_send_keys, RPC_MODE, 1 },
	{ "qt.ui.screenshot", nat_ui_screenshot, RPC_MODE, 1 },
	{ "qt.ui.geometry", nat_ui_geometry, RPC_MODE, 1 },
	{ "qt.ui.hitTest", nat_ui_hit_test, RPC_MODE, 0 },
	{ "qt.names.register", nat_names_register, RPC_MODE, 0 },
	{ "qt.names.unregister", nat_names_unregister, RPC_MODE, 0 },
	{ "qt.names.list", nat_names_list, RPC_MODE, 0 },
	{ "qt.names.validate", nat_names_validate, RPC_MODE, 0 },
	{ "qt.names.load", nat_names_load, RPC_MODE, 0 },
	{ "qt.names.save", nat_names_save, RPC_MODE, 0 },
	{ "qt.qml.inspect", nat_qml_inspect, RPC_MODE, 1 },
	{ "qt.models.list", nat_models_list, RPC_MODE, 0 },
	{ "qt.models.info", nat_models_info, RPC_MODE, 1 },
	{ "qt.models.data", nat_models_data, RPC_MODE, 1 },
};
const size_t nat_nmethods = nitems(nat_methods);

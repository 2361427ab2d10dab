/*
 * legacy.c: the 18 legacy qtmcp.* methods of the probe double
 * (probe-protocol.md 3.2): not enveloped, objects named by "id" (with
 * "objectId" as a fallback) and looked up in the registry only, every
 * failure a template-built -32603 "Internal error: <text>".
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "double.h"

static struct obj *
leg_object(struct rpc_call *c)
{
	const char	*id = dj_str(c->params, "id");
	struct obj	*o;

	if (*id == '\0')
		id = dj_str(c->params, "objectId");
	if (*id == '\0')
		return (rpc_internal(c, "Missing required parameter: id"));
	if ((o = obj_lookup(id)) == NULL)
		return (rpc_internal(c, "Object not found: %s", id));
	return (o);
}

static struct obj *
leg_widget(struct rpc_call *c)
{
	struct obj	*o;

	if ((o = leg_object(c)) == NULL)
		return (NULL);
	if (!o->widget)
		return (rpc_internal(c, "Object is not a widget: %s",
		    o->cls->name));
	return (o);
}

static struct obj *
leg_root(struct rpc_call *c)
{
	const char	*r = dj_str(c->params, "root");

	return (*r != '\0' ? obj_lookup(r) : NULL);
}

static cJSON *
leg_find_by_object_name(struct rpc_call *c)
{
	const char	*name = dj_str(c->params, "name");
	struct obj	*root, *o = NULL;
	cJSON		*r;

	if (*name == '\0')
		return (rpc_internal(c, "Missing required parameter: name"));
	if ((root = leg_root(c)) != NULL)
		o = obj_find_under(root, name);
	else {
		TAILQ_FOREACH(o, &obj_all, entry) {
			if (strcmp(o->name, name) == 0)
				break;
		}
	}
	if (o == NULL)
		return (rpc_internal(c, "Object not found: %s", name));
	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "id", o->id);
	return (r);
}

static void
leg_collect(struct obj *root, const char *cname, cJSON *arr)
{
	size_t	i;

	if (strcmp(root->cls->name, cname) == 0)
		cJSON_AddItemToArray(arr, cJSON_CreateString(root->id));
	for (i = 0; i < root->nkids; i++)
		leg_collect(root->kids[i], cname, arr);
}

static cJSON *
leg_find_by_class_name(struct rpc_call *c)
{
	const char	*cname = dj_str(c->params, "className");
	struct obj	*root, *o;
	cJSON		*r, *arr;

	if (*cname == '\0')
		return (rpc_internal(c,
		    "Missing required parameter: className"));
	r = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(r, "ids");
	if ((root = leg_root(c)) != NULL)
		leg_collect(root, cname, arr);
	else {
		TAILQ_FOREACH(o, &obj_all, entry) {
			if (strcmp(o->cls->name, cname) == 0)
				cJSON_AddItemToArray(arr,
				    cJSON_CreateString(o->id));
		}
	}
	return (r);
}

static cJSON *
leg_get_object_tree(struct rpc_call *c)
{
	struct obj	*root = leg_root(c);
	int		 depth = dj_int(c->params, "maxDepth", -1);
	cJSON		*r, *kids;

	if (root != NULL)
		return (nat_tree_node(root, depth));
	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "id", "");
	cJSON_AddStringToObject(r, "className", "Root");
	kids = cJSON_AddArrayToObject(r, "children");
	cJSON_AddItemToArray(kids, nat_tree_node(app.qapp, depth));
	return (r);
}

static cJSON *
leg_get_object_info(struct rpc_call *c)
{
	struct obj	*o;

	if ((o = leg_object(c)) == NULL)
		return (NULL);
	return (nat_info(o));
}

static cJSON *
leg_list_properties(struct rpc_call *c)
{
	struct obj	*o;

	if ((o = leg_object(c)) == NULL)
		return (NULL);
	return (obj_properties_json(o));
}

static cJSON *
leg_get_property(struct rpc_call *c)
{
	struct obj	*o;
	const char	*name = dj_str(c->params, "name");
	cJSON		*v, *r;

	if ((o = leg_object(c)) == NULL)
		return (NULL);
	if ((v = obj_get(o, name)) == NULL)
		return (rpc_internal(c, "Property not found: %s", name));
	r = cJSON_CreateObject();
	cJSON_AddItemToObject(r, "value", v);
	return (r);
}

static cJSON *
leg_set_property(struct rpc_call *c)
{
	struct obj	*o;
	const char	*name = dj_str(c->params, "name");
	const cJSON	*value = dj_member(c->params, "value");
	char		*cause = NULL;
	int		 ok;
	cJSON		*r;

	if ((o = leg_object(c)) == NULL)
		return (NULL);
	if (*name == '\0' || value == NULL)
		return (rpc_internal(c, "Missing required parameters: name, "
		    "value"));
	if (obj_prop_set(o, name, value, &ok, &cause) != 0) {
		rpc_internal(c, "%s", cause);
		free(cause);
		return (NULL);
	}
	r = cJSON_CreateObject();
	cJSON_AddBoolToObject(r, "success", ok);
	return (r);
}

static cJSON *
leg_list_methods(struct rpc_call *c)
{
	struct obj	*o;

	if ((o = leg_object(c)) == NULL)
		return (NULL);
	return (obj_methods_json(o));
}

static cJSON *
leg_invoke_method(struct rpc_call *c)
{
	struct obj		*o;
	const char		*name = dj_str(c->params, "method");
	const cJSON		*args = dj_member(c->params, "args");
	const struct meth	*m;
	cJSON			*res, *r, *empty = NULL;
	char			*cause = NULL;

	if ((o = leg_object(c)) == NULL)
		return (NULL);
	if (args == NULL || !cJSON_IsArray(args))
		args = empty = cJSON_CreateArray();
	if ((m = obj_find_method(o, name, cJSON_GetArraySize(args))) == NULL) {
		cJSON_Delete(empty);
		return (rpc_internal(c, "Method not found: %s", name));
	}
	if (app_invoke(o, m, args, &res, &cause) == -1) {
		cJSON_Delete(empty);
		rpc_internal(c, "%s", cause);
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
leg_list_signals(struct rpc_call *c)
{
	struct obj	*o;

	if ((o = leg_object(c)) == NULL)
		return (NULL);
	return (obj_signals_json(o));
}

static cJSON *
leg_subscribe_signal(struct rpc_call *c)
{
	char	*cause = NULL, buf[32];
	int	 n;
	cJSON	*r;

	if (nat_subscribe(dj_str(c->params, "objectId"), dj_str(c->params,
	    "signal"), &cause, &n) == -1) {
		rpc_internal(c, "%s", cause);
		free(cause);
		return (NULL);
	}
	r = cJSON_CreateObject();
	snprintf(buf, sizeof buf, "sub_%d", n);
	cJSON_AddStringToObject(r, "subscriptionId", buf);
	return (r);
}

static cJSON *
leg_unsubscribe_signal(struct rpc_call *c)
{
	cJSON	*r = cJSON_CreateObject();

	nat_unsubscribe(dj_str(c->params, "subscriptionId"));
	cJSON_AddBoolToObject(r, "success", 1);
	return (r);
}

static cJSON *
leg_set_lifecycle(struct rpc_call *c)
{
	int	 on = dj_bool(c->params, "enabled", 0);
	cJSON	*r = cJSON_CreateObject();

	rpc_set_lifecycle(on);
	cJSON_AddBoolToObject(r, "enabled", on);
	return (r);
}

static cJSON *
leg_success(void)
{
	cJSON	*r = cJSON_CreateObject();

	cJSON_AddBoolToObject(r, "success", 1);
	return (r);
}

static cJSON *
leg_click(struct rpc_call *c)
{
	struct obj	*w;

	if ((w = leg_widget(c)) == NULL)
		return (NULL);
	nat_click(w, c->params);
	return (leg_success());
}

static cJSON *
leg_send_keys(struct rpc_call *c)
{
	struct obj	*w;

	if ((w = leg_widget(c)) == NULL)
		return (NULL);
	nat_send_keys(c, w);
	if (c->failed)
		return (NULL);
	return (leg_success());
}

static cJSON *
leg_screenshot(struct rpc_call *c)
{
	struct obj	*w;

	if ((w = leg_widget(c)) == NULL)
		return (NULL);
	return (nat_screenshot(c, w));
}

static cJSON *
leg_get_geometry(struct rpc_call *c)
{
	struct obj	*w;

	if ((w = leg_widget(c)) == NULL)
		return (NULL);
	return (nat_geometry(w));
}

static cJSON *
leg_hit_test(struct rpc_call *c)
{
	const char	*pid = dj_str(c->params, "parentId");
	int		 x = dj_int(c->params, "x", 0);
	int		 y = dj_int(c->params, "y", 0);
	struct obj	*p, *w = NULL;
	cJSON		*r;

	if (*pid != '\0') {
		if ((p = obj_lookup(pid)) == NULL || !p->widget)
			return (rpc_internal(c, "Object not found: %s", pid));
		w = x >= 0 && y >= 0 && x < p->geom.w && y < p->geom.h ?
		    app_child_at(p, x, y) : p;
	} else
		w = app_widget_at(x, y);
	r = cJSON_CreateObject();
	if (w != NULL)
		cJSON_AddStringToObject(r, "id", w->id);
	else
		cJSON_AddNullToObject(r, "id");
	return (r);
}

const struct rpc_method leg_methods[] = {
	{ "qtmcp.findByObjectName", leg_find_by_object_name, RPC_LEGACY, 0 },
	{ "qtmcp.findByClassName", leg_find_by_class_name, RPC_LEGACY, 0 },
	{ "qtmcp.getObjectTree", leg_get_object_tree, RPC_LEGACY, 0 },
	{ "qtmcp.getObjectInfo", leg_get_object_info, RPC_LEGACY, 0 },
	{ "qtmcp.listProperties", leg_list_properties, RPC_LEGACY, 0 },
	{ "qtmcp.getProperty", leg_get_property, RPC_LEGACY, 0 },
	{ "qtmcp.setProperty", leg_set_property, RPC_LEGACY, 0 },
	{ "qtmcp.listMethods", leg_list_methods, RPC_LEGACY, 0 },
	{ "qtmcp.invokeMethod", leg_invoke_method, RPC_LEGACY, 0 },
	{ "qtmcp.listSignals", leg_list_signals, RPC_LEGACY, 0 },
	{ "qtmcp.subscribeSignal", leg_subscribe_signal, RPC_LEGACY, 0 },
	{ "qtmcp.unsubscribeSignal", leg_unsubscribe_signal, RPC_LEGACY, 0 },
	{ "qtmcp.setLifecycleNotifications", leg_set_lifecycle, RPC_LEGACY,
	  0 },
	{ "qtmcp.click", leg_click, RPC_LEGACY, 0 },
	{ "qtmcp.sendKeys", leg_send_keys, RPC_LEGACY, 0 },
	{ "qtmcp.screenshot", leg_screenshot, RPC_LEGACY, 0 },
	{ "qtmcp.getGeometry", leg_get_geometry, RPC_LEGACY, 0 },
	{ "qtmcp.hitTest", leg_hit_test, RPC_LEGACY, 0 },
};
const size_t leg_nmethods = nitems(leg_methods);

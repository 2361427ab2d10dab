/*
 * t-tool-tables.c: unit tests of the native, cu and chrome tool tables:
 * the Python server's tool names and parameters (written here from
 * probe-protocol.md section 4.5, not from the code), the probe methods,
 * modes and hints, and every translation and refusal of the normalize,
 * prepare and present hooks.
 *
 * The hooks run alone, the way tools.c runs them (normalize, validate,
 * prepare; present on a probe answer): the few tools.c functions they
 * call are stood in for by tests/helper/standin.c, with a struct tool_call
 * of our own, so no MCP session, supervisor or probe is needed.
 */

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <png.h>

#include "qtmcp.h"
#include "../helper/standin.h"
#include "../tap.h"


/* --- what the document says --------------------------------------------- */

/*
 * Section 4.5: each Python tool, its parameters ("?" optional), and the
 * probe method that does the job (for cu_leftClick, cu_mouseDrag the
 * working ones, not those Python called).
 */
static const struct {
	const char	*name;
	const char	*params;
	const char	*method;
	int		 mode;
} py_tools[] = {
	{ "qt_ping", "", "qt.ping", MODE_NATIVE },
	{ "qt_version", "", "qt.version", MODE_NATIVE },
	{ "qt_modes", "", "qt.modes", MODE_NATIVE },
	{ "qt_objects_find", "name root?", "qt.objects.find", MODE_NATIVE },
	{ "qt_objects_findByClass", "className root?",
	  "qt.objects.findByClass", MODE_NATIVE },
	{ "qt_objects_tree", "root? maxDepth?", "qt.objects.tree",
	  MODE_NATIVE },
	{ "qt_objects_info", "objectId", "qt.objects.info", MODE_NATIVE },
	{ "qt_objects_inspect", "objectId", "qt.objects.inspect",
	  MODE_NATIVE },
	{ "qt_objects_query", "className? properties? root?",
	  "qt.objects.query", MODE_NATIVE },
	{ "qt_properties_list", "objectId", "qt.properties.list",
	  MODE_NATIVE },
	{ "qt_properties_get", "objectId name", "qt.properties.get",
	  MODE_NATIVE },
	{ "qt_properties_set", "objectId name value", "qt.properties.set",
	  MODE_NATIVE },
	{ "qt_methods_list", "objectId", "qt.methods.list", MODE_NATIVE },
	{ "qt_methods_invoke", "objectId method args?", "qt.methods.invoke",
	  MODE_NATIVE },
	{ "qt_signals_list", "objectId", "qt.signals.list", MODE_NATIVE },
	{ "qt_signals_subscribe", "objectId signal", "qt.signals.subscribe",
	  MODE_NATIVE },
	{ "qt_signals_unsubscribe", "subscriptionId",
	  "qt.signals.unsubscribe", MODE_NATIVE },
	{ "qt_signals_setLifecycle", "enabled", "qt.signals.setLifecycle",
	  MODE_NATIVE },
	{ "qt_ui_click", "objectId button? position?", "qt.ui.click",
	  MODE_NATIVE },
	{ "qt_ui_sendKeys", "objectId text? sequence?", "qt.ui.sendKeys",
	  MODE_NATIVE },
	{ "qt_ui_screenshot", "objectId fullWindow? region?",
	  "qt.ui.screenshot", MODE_NATIVE },
	{ "qt_ui_geometry", "objectId", "qt.ui.geometry", MODE_NATIVE },
	{ "qt_ui_hitTest", "x y", "qt.ui.hitTest", MODE_NATIVE },
	{ "qt_names_register", "name path", "qt.names.register",
	  MODE_NATIVE },
	{ "qt_names_unregister", "name", "qt.names.unregister", MODE_NATIVE },
	{ "qt_names_list", "", "qt.names.list", MODE_NATIVE },
	{ "qt_names_validate", "", "qt.names.validate", MODE_NATIVE },
	{ "qt_names_load", "filePath", "qt.names.load", MODE_NATIVE },
	{ "qt_qml_inspect", "objectId", "qt.qml.inspect", MODE_NATIVE },
	{ "qt_models_list", "", "qt.models.list", MODE_NATIVE },
	{ "qt_models_info", "objectId", "qt.models.info", MODE_NATIVE },
	{ "qt_models_data", "objectId row? column? role? offset? limit?",
	  "qt.models.data", MODE_NATIVE },

	{ "cu_screenshot", "", "cu.screenshot", MODE_CU },
	{ "cu_leftClick", "x y screenAbsolute? delay_ms?", "cu.click",
	  MODE_CU },
	{ "cu_rightClick", "x y screenAbsolute? delay_ms?", "cu.rightClick",
	  MODE_CU },
	{ "cu_middleClick", "x y screenAbsolute? delay_ms?",
	  "cu.middleClick", MODE_CU },
	{ "cu_doubleClick", "x y screenAbsolute? delay_ms?",
	  "cu.doubleClick", MODE_CU },
	{ "cu_mouseMove", "x y screenAbsolute?", "cu.mouseMove", MODE_CU },
	{ "cu_mouseDrag", "startX startY endX endY screenAbsolute?",
	  "cu.drag", MODE_CU },
	{ "cu_mouseDown", "x y button? screenAbsolute?", "cu.mouseDown",
	  MODE_CU },
	{ "cu_mouseUp", "x y button? screenAbsolute?", "cu.mouseUp",
	  MODE_CU },
	{ "cu_type", "text", "cu.type", MODE_CU },
	{ "cu_key", "key", "cu.key", MODE_CU },
	{ "cu_scroll", "x y direction amount? screenAbsolute?", "cu.scroll",
	  MODE_CU },
	{ "cu_cursorPosition", "", "cu.cursorPosition", MODE_CU },

	{ "chr_readPage", "filter? maxDepth?", "chr.readPage", MODE_CHROME },
	{ "chr_click", "ref", "chr.click", MODE_CHROME },
	{ "chr_formInput", "ref value", "chr.formInput", MODE_CHROME },
	{ "chr_getPageText", "", "chr.getPageText", MODE_CHROME },
	{ "chr_find", "query", "chr.find", MODE_CHROME },
	/* ref is optional in qtmcp: back and forward take none. */
	{ "chr_navigate", "ref?", "chr.navigate", MODE_CHROME },
	{ "chr_tabsContext", "", "chr.tabsContext", MODE_CHROME },
	{ "chr_readConsoleMessages", "limit? pattern? clear?",
	  "chr.readConsoleMessages", MODE_CHROME },
};

/* Parameters qtmcp adds to the Python ones, all optional. */
static const char *extras[] = {
	"qt_models_data.parentRow", "qt_models_data.parentCol",
	"chr_navigate.action", "chr_readConsoleMessages.onlyErrors",
	"chr_readConsoleMessages.includeProbeLog",
};

static const struct tool *
find(const char *name)
{
	size_t	i;

	for (i = 0; i < tools_native_count; i++) {
		if (strcmp(tools_native[i].name, name) == 0)
			return (&tools_native[i]);
	}
	for (i = 0; i < tools_cu_count; i++) {
		if (strcmp(tools_cu[i].name, name) == 0)
			return (&tools_cu[i]);
	}
	for (i = 0; i < tools_chrome_count; i++) {
		if (strcmp(tools_chrome[i].name, name) == 0)
			return (&tools_chrome[i]);
	}
	return (NULL);
}

static void
test_names(void)
{
	const struct {
		const char		*which;
		const struct tool	*t;
		size_t			 n;
		int			 mode;
		const char		*prefix;
		size_t			 want;
	} tables[] = {
		{ "native", tools_native, tools_native_count, MODE_NATIVE,
		  "qt_", 32 },
		{ "cu", tools_cu, tools_cu_count, MODE_CU, "cu_", 13 },
		{ "chrome", tools_chrome, tools_chrome_count, MODE_CHROME,
		  "chr_", 8 },
	};
	size_t	i, j, k, at;
	int	found;

	for (k = 0; k < nitems(tables); k++) {
		is_int(tables[k].n, tables[k].want, "%s: %zu tools",
		    tables[k].which, tables[k].want);
		/* Same names, in the document's order. */
		at = 0;
		for (j = 0; j < nitems(py_tools); j++) {
			if (strncmp(py_tools[j].name, tables[k].prefix,
			    strlen(tables[k].prefix)) != 0)
				continue;
			ok(at < tables[k].n && strcmp(tables[k].t[at].name,
			    py_tools[j].name) == 0, "%s: tool %zu is %s",
			    tables[k].which, at + 1, py_tools[j].name);
			at++;
		}
		for (i = 0; i < tables[k].n; i++) {
			found = 0;
			for (j = 0; j < nitems(py_tools); j++)
				found |= strcmp(py_tools[j].name,
				    tables[k].t[i].name) == 0;
			ok(found, "%s: %s is a Python tool", tables[k].which,
			    tables[k].t[i].name);
			is_int(tables[k].t[i].modes, tables[k].mode,
			    "%s: %s has the %s mode bit only",
			    tables[k].which, tables[k].t[i].name,
			    tables[k].which);
		}
	}
}

static int
is_extra(const char *tool, const char *param)
{
	char	*s;
	size_t	 i;
	int	 yes = 0;

	s = xasprintf("%s.%s", tool, param);
	for (i = 0; i < nitems(extras); i++)
		yes |= strcmp(extras[i], s) == 0;
	free(s);
	return (yes);
}

/* Is name one of the words of params (with or without "?")? */
static int
is_python(const char *params, const char *name)
{
	char	*list, *tok, *save;
	size_t	 len;
	int	 yes = 0;

	list = xstrdup(params);
	for (tok = strtok_r(list, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		len = strlen(tok);
		if (tok[len - 1] == '?')
			tok[--len] = '\0';
		yes |= strcmp(tok, name) == 0;
	}
	free(list);
	return (yes);
}

static int
is_required(const cJSON *schema, const char *name)
{
	const cJSON	*r;

	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(schema,
	    "required")) {
		if (cJSON_IsString(r) && strcmp(r->valuestring, name) == 0)
			return (1);
	}
	return (0);
}

static void
test_params(void)
{
	const struct tool	*t;
	cJSON			*schema, *props, *p;
	char			*list, *tok, *save, *name;
	size_t			 i, len;
	int			 opt, bad, n;

	for (i = 0; i < nitems(py_tools); i++) {
		if ((t = find(py_tools[i].name)) == NULL) {
			ok(0, "%s exists", py_tools[i].name);
			continue;
		}
		is_str(t->method, py_tools[i].method, "%s calls %s",
		    t->name, py_tools[i].method);
		schema = cJSON_Parse(t->input_schema);
		props = cJSON_GetObjectItemCaseSensitive(schema, "properties");
		bad = n = 0;
		list = xstrdup(py_tools[i].params);
		for (tok = strtok_r(list, " ", &save); tok != NULL;
		    tok = strtok_r(NULL, " ", &save)) {
			len = strlen(tok);
			opt = tok[len - 1] == '?';
			name = xstrndup(tok, opt ? len - 1 : len);
			n++;
			if (cJSON_GetObjectItemCaseSensitive(props, name) ==
			    NULL) {
				diag("%s lacks %s", t->name, name);
				bad++;
			} else if (is_required(schema, name) == opt) {
				diag("%s: %s should be %s", t->name, name,
				    opt ? "optional" : "required");
				bad++;
			}
			free(name);
		}
		free(list);
		cJSON_ArrayForEach(p, props) {
			if (is_python(py_tools[i].params, p->string))
				continue;
			if (!is_extra(t->name, p->string) ||
			    is_required(schema, p->string)) {
				diag("%s: unexpected parameter %s", t->name,
				    p->string);
				bad++;
			}
		}
		is_int(bad, 0, "%s: the Python parameters (%d), same names, "
		    "same required ones", t->name, n);
		cJSON_Delete(schema);
	}
}

static void
test_hints(void)
{
	static const char *readonly[] = {
		"qt_ping", "qt_objects_find", "qt_objects_tree",
		"qt_properties_get", "qt_ui_screenshot", "qt_ui_hitTest",
		"qt_models_data", "cu_screenshot", "cu_cursorPosition",
		"chr_readPage", "chr_getPageText", "chr_find",
	};
	static const char *destructive[] = {
		"qt_properties_set", "qt_methods_invoke", "qt_ui_click",
		"qt_ui_sendKeys", "qt_names_load", "cu_leftClick",
		"cu_doubleClick", "cu_mouseDrag", "cu_type", "cu_key",
		"chr_click", "chr_formInput", "chr_navigate",
		"chr_readConsoleMessages",
	};
	static const char *idempotent[] = {
		"qt_properties_set", "qt_signals_unsubscribe",
		"qt_signals_setLifecycle", "qt_names_register",
		"cu_mouseMove", "chr_formInput",
	};
	const struct tool	*t;
	size_t			 i;

	for (i = 0; i < nitems(readonly); i++) {
		t = find(readonly[i]);
		ok(t != NULL && (t->hints & ~TOOL_OFFLOAD) == TOOL_READONLY,
		    "%s is read-only", readonly[i]);
	}
	ok((find("qt_ui_screenshot")->hints & TOOL_OFFLOAD) &&
	    (find("cu_screenshot")->hints & TOOL_OFFLOAD),
	    "screenshots are presented off the event loop");
	for (i = 0; i < nitems(destructive); i++) {
		t = find(destructive[i]);
		ok(t != NULL && (t->hints & TOOL_DESTRUCTIVE) &&
		    !(t->hints & TOOL_READONLY), "%s is destructive",
		    destructive[i]);
	}
	for (i = 0; i < nitems(idempotent); i++) {
		t = find(idempotent[i]);
		ok(t != NULL && (t->hints & TOOL_IDEMPOTENT) &&
		    !(t->hints & TOOL_READONLY), "%s is idempotent",
		    idempotent[i]);
	}
	t = find("qt_signals_subscribe");
	ok(t != NULL && t->hints == 0, "qt_signals_subscribe adds, and each "
	    "call adds again");
}

/* --- the hooks ---------------------------------------------------------- */

/*
 * Run a call's arguments through normalize, validation and prepare, as
 * tools.c does.  0 and the steps as compact JSON, or -1 and the cause.
 */
static int
run(const char *name, const char *args_text, char **out)
{
	const struct tool	*t = find(name);
	cJSON			*schema, *args, *steps, *step;
	char			*cause = NULL, *json;
	int			 rc = 0;

	*out = NULL;
	if (t == NULL || (args = cJSON_Parse(args_text)) == NULL) {
		*out = xstrdup("test bug");
		return (-1);
	}
	schema = cJSON_Parse(t->input_schema);
	steps = cJSON_CreateArray();
	if (t->normalize != NULL)
		t->normalize(t, args);
	if (schema_validate(schema, args, &cause) == -1)
		rc = -1;
	else if (t->prepare != NULL)
		rc = t->prepare(t, args, steps, &cause);
	else {
		step = cJSON_CreateObject();
		cJSON_AddStringToObject(step, "method", t->method);
		cJSON_AddItemToObject(step, "params", cJSON_Duplicate(args, 1));
		cJSON_AddItemToArray(steps, step);
	}
	if (rc == 0) {
		json = cJSON_PrintUnformatted(steps);
		*out = xstrdup(json);
		cJSON_free(json);
		if (cause != NULL)
			rc = -2;	/* a cause on success is a bug */
	} else
		*out = cause != NULL ? cause : xstrdup("(no cause)");
	cJSON_Delete(steps);
	cJSON_Delete(schema);
	cJSON_Delete(args);
	return (rc);
}

#define steps(name, args, want, ...) do {				\
	char *t_o;							\
	int t_rc = run(name, args, &t_o);				\
	ok(t_rc == 0, __VA_ARGS__);					\
	is_str(t_o, want, "... steps");					\
	free(t_o);							\
} while (0)

#define refused(name, args, want, ...) do {				\
	char *t_o;							\
	int t_rc = run(name, args, &t_o);				\
	ok(t_rc == -1, __VA_ARGS__);					\
	like(t_o, want, "... saying so");				\
	free(t_o);							\
} while (0)

static void
test_fixed_tools(void)
{
	steps("cu_leftClick", "{\"x\":10,\"y\":20}",
	    "[{\"method\":\"cu.click\",\"params\":{\"x\":10,\"y\":20}}]",
	    "cu_leftClick calls cu.click (left is its default button)");
	steps("cu_leftClick", "{\"x\":10,\"y\":20,\"delay_ms\":50,"
	    "\"screenAbsolute\":true}", "[{\"method\":\"cu.click\","
	    "\"params\":{\"x\":10,\"y\":20,\"delay_ms\":50,"
	    "\"screenAbsolute\":true}}]", "cu_leftClick passes its options");
	refused("cu_leftClick", "{\"x\":1,\"y\":2,\"delay_ms\":60000}",
	    "parameter 'delay_ms': 60000 is more than the maximum 10000",
	    "delay_ms is bounded");
	refused("cu_leftClick", "{\"x\":1}", "missing required parameter "
	    "'y' (an integer: vertical position in logical pixels from the "
	    "top edge of the active window's client area: the y of the point "
	    "in cu_screenshot's image)", "y is required, and what it is");
	refused("cu_leftClick", "{\"x\":1,\"y\":2,\"button\":\"right\"}",
	    "unknown parameter 'button' (this tool takes: x, y, "
	    "screenAbsolute, delay_ms)", "no button on cu_leftClick");
	steps("cu_mouseDrag", "{\"startX\":1,\"startY\":2,\"endX\":3,"
	    "\"endY\":4}", "[{\"method\":\"cu.drag\",\"params\":{\"startX\":1,"
	    "\"startY\":2,\"endX\":3,\"endY\":4}}]",
	    "cu_mouseDrag calls cu.drag");

	steps("chr_navigate", "{\"ref\":\"ref_11\"}", "[{\"method\":"
	    "\"chr.navigate\",\"params\":{\"action\":\"activateTab\","
	    "\"ref\":\"ref_11\"}}]", "chr_navigate with a ref activates a tab");
	steps("chr_navigate", "{\"ref\":\"ref_14\",\"action\":"
	    "\"activateMenuItem\"}", "[{\"method\":\"chr.navigate\","
	    "\"params\":{\"action\":\"activateMenuItem\",\"ref\":"
	    "\"ref_14\"}}]", "chr_navigate activateMenuItem");
	steps("chr_navigate", "{\"action\":\"back\"}", "[{\"method\":"
	    "\"chr.navigate\",\"params\":{\"action\":\"back\"}}]",
	    "chr_navigate back needs no ref");
	steps("chr_navigate", "{\"action\":\"Forward\",\"ref\":\"ref_1\"}",
	    "[{\"method\":\"chr.navigate\",\"params\":{\"action\":"
	    "\"forward\"}}]", "action case is normalized; forward drops ref");
	refused("chr_navigate", "{\"action\":\"activateTab\"}",
	    "chr_navigate with action activateTab needs ref: the ref of the "
	    "tab from chr_readPage or chr_find.", "activateTab without ref");
	refused("chr_navigate", "{}", "chr_navigate needs a ref (to activate "
	    "a tab or menu item, from chr_readPage or chr_find) or an action "
	    "back or forward.", "no ref, no action");
	refused("chr_navigate", "{\"action\":\"reload\"}", "parameter "
	    "'action': 'reload' is not one of activateTab, activateMenuItem, "
	    "back, forward", "unknown action");

	steps("chr_readPage", "{\"maxDepth\":3,\"filter\":\"interactive\"}",
	    "[{\"method\":\"chr.readPage\",\"params\":{\"filter\":"
	    "\"interactive\",\"depth\":3}}]", "chr_readPage maxDepth -> depth");
	steps("chr_readPage", "{}", "[{\"method\":\"chr.readPage\","
	    "\"params\":{}}]", "chr_readPage without arguments");
	steps("chr_readPage", "{\"filter\":\"Buttons\"}", "[{\"method\":"
	    "\"chr.readPage\",\"params\":{\"filter\":\"interactive\"}}]",
	    "the Python example's filter buttons means interactive");
	refused("chr_readPage", "{\"filter\":\"links\"}", "parameter "
	    "'filter': 'links' is not one of all, interactive",
	    "other filters are refused");

	steps("qt_models_data", "{\"objectId\":\"m\",\"row\":2}",
	    "[{\"method\":\"qt.models.data\",\"params\":{\"objectId\":\"m\","
	    "\"offset\":2,\"limit\":1}}]", "row -> offset, limit 1");
	steps("qt_models_data", "{\"objectId\":\"m\",\"role\":\"edit\"}",
	    "[{\"method\":\"qt.models.data\",\"params\":{\"objectId\":\"m\","
	    "\"roles\":[\"edit\"]}}]", "role name -> roles");
	steps("qt_models_data", "{\"objectId\":\"m\",\"role\":0,"
	    "\"column\":1}", "[{\"method\":\"qt.models.data\",\"params\":{"
	    "\"objectId\":\"m\",\"roles\":[0]}}]",
	    "role number -> roles; column is not sent");
	steps("qt_models_data", "{\"objectId\":\"m\",\"offset\":5}",
	    "[{\"method\":\"qt.models.data\",\"params\":{\"objectId\":\"m\","
	    "\"offset\":5,\"limit\":100}}]",
	    "an offset gets a limit (the probe ignores it otherwise)");
	steps("qt_models_data", "{\"objectId\":\"m\",\"offset\":5,"
	    "\"limit\":10}", "[{\"method\":\"qt.models.data\",\"params\":{"
	    "\"objectId\":\"m\",\"offset\":5,\"limit\":10}}]",
	    "offset and limit pass");
	steps("qt_models_data", "{\"objectId\":\"m\",\"limit\":-1,"
	    "\"parentRow\":0,\"parentCol\":0}", "[{\"method\":"
	    "\"qt.models.data\",\"params\":{\"objectId\":\"m\",\"limit\":-1,"
	    "\"parentRow\":0,\"parentCol\":0}}]", "parentRow and parentCol");
	refused("qt_models_data", "{\"objectId\":\"m\",\"row\":1,"
	    "\"offset\":1}", "qt_models_data: give row to read one row, or "
	    "offset and limit to read a range, not both.",
	    "row with offset");
	refused("qt_models_data", "{\"objectId\":\"m\",\"role\":true}",
	    "parameter 'role': expected a string or an integer, got the "
	    "boolean true", "role type");
}

static void
test_typing(void)
{
	steps("cu_type", "{\"text\":\"Alice\"}", "[{\"method\":\"cu.type\","
	    "\"params\":{\"text\":\"Alice\"}}]", "plain text is typed");
	steps("cu_type", "{\"text\":\"ab\\ncd\"}", "[{\"method\":\"cu.type\","
	    "\"params\":{\"text\":\"ab\"}},{\"method\":\"cu.key\",\"params\":"
	    "{\"key\":\"return\"}},{\"method\":\"cu.type\",\"params\":{"
	    "\"text\":\"cd\"}}]", "a newline is the Return key");
	steps("cu_type", "{\"text\":\"a\\r\\nb\\n\"}", "[{\"method\":"
	    "\"cu.type\",\"params\":{\"text\":\"a\"}},{\"method\":\"cu.key\","
	    "\"params\":{\"key\":\"return\"}},{\"method\":\"cu.type\","
	    "\"params\":{\"text\":\"b\"}},{\"method\":\"cu.key\",\"params\":{"
	    "\"key\":\"return\"}}]", "\\r\\n is one Return; a final one too");
	steps("cu_type", "{\"text\":\"\\n\\n\"}", "[{\"method\":\"cu.key\","
	    "\"params\":{\"key\":\"return\"}},{\"method\":\"cu.key\","
	    "\"params\":{\"key\":\"return\"}}]", "newlines alone");
	steps("cu_type", "{\"text\":\"a\\tb\\rc ~\"}", "[{\"method\":"
	    "\"cu.type\",\"params\":{\"text\":\"a\\tb\\rc ~\"}}]",
	    "tab, a lone \\r and printable ASCII are safe");
	refused("cu_type", "{\"text\":\"caf\xc3\xa9\"}", "cu_type refused: "
	    "text has '\xc3\xa9' (U+00E9) at character 4. The probe types "
	    "through QtTest, which aborts the application on a non-ASCII "
	    "character; only printable ASCII, tabs and newlines (sent as the "
	    "Return key) can be typed. To enter this text, set it whole "
	    "instead: qt_properties_set with name \"text\" (native mode), or "
	    "chr_formInput with the field's ref (chrome mode).",
	    "non-ASCII is refused");
	refused("cu_type", "{\"text\":\"x\\u20acy\"}", "'\xe2\x82\xac' "
	    "(U+20AC) at character 2", "the euro sign is named");
	refused("cu_type", "{\"text\":\"a\\u0007\"}", "text has the control "
	    "character U+0007 at character 2", "a bell is refused");
	refused("cu_type", "{\"text\":\"a\\u007f\"}", "U+007F",
	    "DEL is refused");
	refused("cu_type", "{\"text\":\"\"}", "parameter 'text': must not be "
	    "empty", "empty text");

	steps("qt_ui_sendKeys", "{\"objectId\":\"QObject~21\",\"text\":"
	    "\"Alice\"}", "[{\"method\":\"qt.ui.sendKeys\",\"params\":{"
	    "\"objectId\":\"QObject~21\",\"text\":\"Alice\"}}]",
	    "sendKeys text");
	steps("qt_ui_sendKeys", "{\"objectId\":\"e\",\"text\":\"ab\\ncd\","
	    "\"sequence\":\"Ctrl+S, Ctrl+Q\"}", "[{\"method\":"
	    "\"qt.ui.sendKeys\",\"params\":{\"objectId\":\"e\",\"text\":"
	    "\"ab\",\"sequence\":\"Return\"}},{\"method\":\"qt.ui.sendKeys\","
	    "\"params\":{\"objectId\":\"e\",\"text\":\"cd\",\"sequence\":"
	    "\"Ctrl+S\"}},{\"method\":\"qt.ui.sendKeys\",\"params\":{"
	    "\"objectId\":\"e\",\"sequence\":\"Ctrl+Q\"}}]",
	    "newline -> Return to the same widget; one chord a step");
	steps("qt_ui_sendKeys", "{\"objectId\":\"e\",\"text\":\"a\\n\"}",
	    "[{\"method\":\"qt.ui.sendKeys\",\"params\":{\"objectId\":\"e\","
	    "\"text\":\"a\",\"sequence\":\"Return\"}}]", "a final newline");
	refused("qt_ui_sendKeys", "{\"objectId\":\"e\",\"text\":\"\xe6\xbc\xa2"
	    "\"}", "qt_ui_sendKeys refused: text has '\xe6\xbc\xa2' (U+6F22) "
	    "at character 1", "sendKeys refuses non-ASCII too");
	refused("qt_ui_sendKeys", "{\"objectId\":\"e\"}", "qt_ui_sendKeys "
	    "needs text to type, a sequence of keys to press, or both",
	    "neither text nor sequence");
	refused("qt_ui_sendKeys", "{\"objectId\":\"e\",\"text\":\"\","
	    "\"sequence\":\"\"}", "needs text to type", "both empty");
}

/* Sequences qt_ui_sendKeys accepts, and the chords it sends. */
static void
test_sequences(void)
{
	static const struct {
		const char	*in;
		const char	*chords;
	} good[] = {
		{ "Ctrl+S", "Ctrl+S" },
		{ "ctrl+shift+s", "Ctrl+Shift+S" },
		{ "Meta+Shift+Alt+Ctrl+x", "Ctrl+Alt+Shift+Meta+X" },
		{ "Ctrl++", "Ctrl++" },
		{ "+", "+" },
		{ "Ctrl+,", "Ctrl+," },
		{ ",", "," },
		{ "Ctrl+,, Shift+A", "Ctrl+,|Shift+A" },
		{ "Ctrl+K, Ctrl+C", "Ctrl+K|Ctrl+C" },
		{ "Ctrl+K,Ctrl+C", "Ctrl+K|Ctrl+C" },
		{ " Ctrl + S ", "Ctrl+S" },
		{ "Return", "Return" },
		{ "enter", "Enter" },
		{ "Shift+Tab", "Shift+Tab" },
		{ "Backtab", "Backtab" },
		{ "Backspace", "Backspace" },
		{ "Delete", "Del" },
		{ "del", "Del" },
		{ "Insert", "Ins" },
		{ "Escape", "Esc" },
		{ "Esc", "Esc" },
		{ "Home, End", "Home|End" },
		{ "PageUp", "PgUp" },
		{ "PgDown", "PgDown" },
		{ "Left, Right, Up, Down", "Left|Right|Up|Down" },
		{ "Space", "Space" },
		{ "Print", "Print" },
		{ "Pause", "Pause" },
		{ "Menu", "Menu" },
		{ "capslock", "CapsLock" },
		{ "F1", "F1" },
		{ "f35", "F35" },
		{ "Alt+F4", "Alt+F4" },
		{ "Cmd+A", "Ctrl+A" },
		{ "7", "7" },
		{ "Ctrl+/", "Ctrl+/" },
		{ "Shift+1", "Shift+1" },
	};
	static const struct {
		const char	*in;
		const char	*why;
	} bad[] = {
		{ "NotAKey+++", "'NotAKey' is not a modifier" },
		{ "NotAKey", "'NotAKey' is not a key" },
		{ "Ctrl+", "a chord ends with '+' and no key" },
		{ "Ctrl", "a chord needs a key after its modifiers" },
		{ "Ctrl+Shift", "a chord needs a key after its modifiers" },
		{ "F36", "'F36' is not a key" },
		{ "F0", "'F0' is not a key" },
		{ "F01", "'F01' is not a key" },
		{ "A+B", "'A' is not a modifier" },
		{ "Hyper+A", "'Hyper' is not a modifier" },
		{ "Ctrl+S,", "it ends with a comma" },
		{ "Ctrl+S Ctrl+Q", "'C' after the key S" },
		{ "Ctrl++A", "'A' after the key +" },
		{ "Ctrl+\xc3\xa9", "not printable ASCII" },
		{ "Ctrl+Shift+Delete+X", "'Delete' is not a modifier" },
		{ "Num+5", "'Num' is not a modifier" },
		{ "Media Play", "'Media' is not a key" },
		{ "Ctrl+A, ", "it ends with a comma" },
	};
	cJSON	*steps_json, *s, *params, *seq;
	char	*args, *out, *got, *w;
	size_t	 i;
	int	 rc;

	for (i = 0; i < nitems(good); i++) {
		s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "objectId", "e");
		cJSON_AddStringToObject(s, "sequence", good[i].in);
		args = cJSON_PrintUnformatted(s);
		cJSON_Delete(s);
		rc = run("qt_ui_sendKeys", args, &out);
		got = xstrdup("");
		if (rc == 0) {
			steps_json = cJSON_Parse(out);
			cJSON_ArrayForEach(s, steps_json) {
				params = cJSON_GetObjectItem(s, "params");
				seq = cJSON_GetObjectItem(params, "sequence");
				w = xasprintf("%s%s%s", got, *got ? "|" : "",
				    cJSON_IsString(seq) ? seq->valuestring :
				    "?");
				free(got);
				got = w;
			}
			cJSON_Delete(steps_json);
		} else
			diag("%s", out);
		is_str(got, good[i].chords, "sequence \"%s\" is sent as %s",
		    good[i].in, good[i].chords);
		free(got);
		free(out);
		cJSON_free(args);
	}
	for (i = 0; i < nitems(bad); i++) {
		s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "objectId", "e");
		cJSON_AddStringToObject(s, "sequence", bad[i].in);
		args = cJSON_PrintUnformatted(s);
		cJSON_Delete(s);
		rc = run("qt_ui_sendKeys", args, &out);
		ok(rc == -1, "sequence \"%s\" is refused", bad[i].in);
		like(out, bad[i].why, "... because %s", bad[i].why);
		free(out);
		cJSON_free(args);
	}
	refused("qt_ui_sendKeys", "{\"objectId\":\"e\",\"sequence\":"
	    "\"NotAKey+++\"}", "qt_ui_sendKeys refused sequence "
	    "\"NotAKey+++\": "
	    "'NotAKey' is not a modifier. Write chords separated by \", \", "
	    "each chord modifiers and one key joined by + (such as "
	    "\"Ctrl+S\", \"Ctrl+K, Ctrl+C\" or \"Ctrl++\"). Modifiers: Ctrl, "
	    "Shift, Alt, Meta. Keys: A-Z, 0-9, F1-F35, Return, Enter, Tab, "
	    "Backtab, Backspace, Del, Ins, Esc, Home, End, PgUp, PgDown, "
	    "Left, Right, Up, Down, Space, Print, Pause, Menu, CapsLock, "
	    "NumLock, ScrollLock, or one punctuation character. The probe aborts the application on a "
	    "sequence Qt cannot read, so this one was not sent.",
	    "the whole refusal text");
}

static void
test_keys(void)
{
	static const struct {
		const char	*in;
		const char	*out;
	} good[] = {
		{ "return", "return" },
		{ "Return", "return" },
		{ "BackSpace", "backspace" },
		{ "ctrl+a", "ctrl+a" },
		{ "cmd+a", "ctrl+a" },
		{ "Command+Shift+Z", "ctrl+shift+z" },
		{ "option+f4", "alt+f4" },
		{ "opt+tab", "alt+tab" },
		{ "win+e", "super+e" },
		{ "Windows+d", "super+d" },
		{ "control_l+shift_l+alt_l+super_l+x",
		  "ctrl+shift+alt+super+x" },
		{ "meta+x", "meta+x" },
		{ " ctrl + s ", "ctrl+s" },
		{ "del", "delete" },
		{ "shift+PgUp", "shift+page_up" },
		{ "Next", "page_down" },
		{ "F12", "f12" },
		{ "A", "a" },
		{ "ctrl+\\", "ctrl+\\" },
		{ "`", "`" },
		{ "shift", "shift" },
		{ "cmd", "ctrl" },
		{ "caps_lock", "caps_lock" },
		{ "arrowup", "arrowup" },
	};
	char	*args, *out, *want;
	cJSON	*s;
	size_t	 i;

	for (i = 0; i < nitems(good); i++) {
		s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "key", good[i].in);
		args = cJSON_PrintUnformatted(s);
		cJSON_Delete(s);
		s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "key", good[i].out);
		out = cJSON_PrintUnformatted(s);
		want = xasprintf("[{\"method\":\"cu.key\",\"params\":%s}]",
		    out);
		cJSON_free(out);
		cJSON_Delete(s);
		steps("cu_key", args, want, "cu_key \"%s\" is sent as \"%s\"",
		    good[i].in, good[i].out);
		free(want);
		cJSON_free(args);
	}
	refused("cu_key", "{\"key\":\"hyper+a\"}", "cu_key refused 'hyper+a': "
	    "'hyper' is not a modifier; the probe would drop it silently and "
	    "press the rest without it. Modifiers: ctrl, shift, alt, super, "
	    "meta (cmd and command mean ctrl, option and opt mean alt, win "
	    "and windows mean super).", "an unknown modifier is refused");
	refused("cu_key", "{\"key\":\"ctrl+F13\"}", "cu_key refused "
	    "'ctrl+F13': 'F13' is not a key the probe knows. Keys: return, "
	    "enter, tab, escape, esc, backspace, delete, space, up, arrowup, ",
	    "an unknown key is refused with the list");
	refused("cu_key", "{\"key\":\"KP_Enter\"}", "a letter or digit, or "
	    "one of - = [ ] ; ' , . / \\ `. To type text, use cu_type.",
	    "xdotool's keypad names are refused");
	refused("cu_key", "{\"key\":\"!\"}", "'!' is not a key",
	    "'!' is not a key");
	refused("cu_key", "{\"key\":\"+\"}", "cu_key refused '+': the probe "
	    "splits combinations at '+' and cannot press the plus key itself. "
	    "To type a plus sign, use cu_type with text \"+\".",
	    "'+' is refused");
	refused("cu_key", "{\"key\":\"ctrl++\"}", "cannot press the plus key",
	    "ctrl++ is refused");
	refused("cu_key", "{\"key\":\"ctrl+\"}", "cannot press the plus key",
	    "ctrl+ is refused");
	refused("cu_key", "{\"key\":\"ctrl++a\"}", "cu_key refused "
	    "'ctrl++a': it has an empty name between two '+'",
	    "an empty name is refused");
	refused("cu_key", "{\"key\":\"  \"}", "cu_key refused: key is blank",
	    "a blank key is refused");
	refused("cu_key", "{\"key\":\"\xc3\xa9\"}", "is not a key the probe "
	    "knows", "non-ASCII keys are refused");
}

static void
test_buttons(void)
{
	steps("cu_mouseDown", "{\"x\":1,\"y\":2,\"button\":\"Right\"}",
	    "[{\"method\":\"cu.mouseDown\",\"params\":{\"x\":1,\"y\":2,"
	    "\"button\":\"right\"}}]", "button Right -> right");
	steps("cu_mouseUp", "{\"x\":1,\"y\":2,\"button\":\"MIDDLE\"}",
	    "[{\"method\":\"cu.mouseUp\",\"params\":{\"x\":1,\"y\":2,"
	    "\"button\":\"middle\"}}]", "button MIDDLE -> middle");
	refused("cu_mouseDown", "{\"x\":1,\"y\":2,\"button\":\"primary\"}",
	    "parameter 'button': 'primary' is not one of left, right, middle",
	    "button primary is refused (the probe would press left)");
	steps("qt_ui_click", "{\"objectId\":\"QObject~47\",\"button\":"
	    "\"Left\",\"position\":{\"x\":1,\"y\":1}}", "[{\"method\":"
	    "\"qt.ui.click\",\"params\":{\"objectId\":\"QObject~47\","
	    "\"button\":\"left\",\"position\":{\"x\":1,\"y\":1}}}]",
	    "qt_ui_click button Left -> left");
	refused("qt_ui_click", "{\"objectId\":\"a\",\"position\":{\"x\":1}}",
	    "missing required parameter 'position.y'", "position needs y");
	steps("cu_scroll", "{\"x\":1,\"y\":2,\"direction\":\"Down\"}",
	    "[{\"method\":\"cu.scroll\",\"params\":{\"x\":1,\"y\":2,"
	    "\"direction\":\"down\"}}]", "direction Down -> down");
	refused("cu_scroll", "{\"x\":1,\"y\":2,\"direction\":\"down\","
	    "\"amount\":0}", "parameter 'amount': 0 is less than the minimum 1",
	    "amount 0 is refused");
}

static void
test_other_refusals(void)
{
	refused("qt_signals_setLifecycle", "{\"enabled\":true}",
	    "qt_signals_setLifecycle refused enabled: true. This probe then "
	    "floods the connection with endless objectDestroyed notifications "
	    "(thousands a second, without object ids) that stop only when the "
	    "client disconnects, and the switch stays on for later clients. To "
	    "learn when an object goes away, use qt_signals_subscribe on its "
	    "destroyed signal and read qtmcp_events; enabled: false is "
	    "accepted.", "setLifecycle true is refused");
	steps("qt_signals_setLifecycle", "{\"enabled\":false}", "[{\"method\":"
	    "\"qt.signals.setLifecycle\",\"params\":{\"enabled\":false}}]",
	    "setLifecycle false is sent");
	refused("qt_signals_setLifecycle", "{\"enabled\":\"yes\"}",
	    "parameter 'enabled': expected a boolean, got the string \"yes\"",
	    "enabled must be a boolean");

	steps("qt_properties_set", "{\"objectId\":\"a\",\"name\":\"text\","
	    "\"value\":\"Alice\"}", "[{\"method\":\"qt.properties.set\","
	    "\"params\":{\"objectId\":\"a\",\"name\":\"text\",\"value\":"
	    "\"Alice\"}}]", "a string value");
	steps("qt_properties_set", "{\"objectId\":\"a\",\"name\":\"geometry\","
	    "\"value\":{\"x\":1,\"y\":2,\"width\":3,\"height\":4}}",
	    "[{\"method\":\"qt.properties.set\",\"params\":{\"objectId\":\"a\","
	    "\"name\":\"geometry\",\"value\":{\"x\":1,\"y\":2,\"width\":3,"
	    "\"height\":4}}}]", "a whole rectangle");
	steps("qt_properties_set", "{\"objectId\":\"a\",\"name\":\"c\","
	    "\"value\":{\"r\":1,\"g\":2,\"b\":3}}", "[{\"method\":"
	    "\"qt.properties.set\",\"params\":{\"objectId\":\"a\",\"name\":"
	    "\"c\",\"value\":{\"r\":1,\"g\":2,\"b\":3}}}]", "a colour");
	refused("qt_properties_set", "{\"objectId\":\"a\",\"name\":"
	    "\"geometry\",\"value\":{\"x\":1}}", "qt_properties_set refused: "
	    "an object value must be a whole point {x, y}",
	    "a partial geometry is refused");
	refused("qt_properties_set", "{\"objectId\":\"a\",\"name\":\"t\","
	    "\"value\":null}", "parameter 'value': expected a string, a "
	    "number, a boolean, an object or an array, got null",
	    "a null value is refused");
	refused("qt_properties_set", "{\"objectId\":\"\",\"name\":\"t\","
	    "\"value\":1}", "parameter 'objectId': must not be empty",
	    "an empty objectId is refused");

	steps("chr_readConsoleMessages", "{}", "[{\"method\":"
	    "\"chr.readConsoleMessages\",\"params\":{\"pattern\":"
	    "\"^(?!\\\\[QtMCP\\\\]|Handling method:|Registered method:)\"}}]",
	    "console: the probe's log is filtered out by a pattern");
	steps("chr_readConsoleMessages", "{\"pattern\":\"err\",\"limit\":5}",
	    "[{\"method\":\"chr.readConsoleMessages\",\"params\":{\"limit\":5,"
	    "\"pattern\":\"^(?!\\\\[QtMCP\\\\]|Handling method:|Registered "
	    "method:)(?s)(?=.*(?:err))\"}}]", "console: the caller's pattern is "
	    "combined with the probe-log filter, so limit counts what is kept");
	steps("chr_readConsoleMessages", "{\"pattern\":\"err\","
	    "\"includeProbeLog\":true}", "[{\"method\":"
	    "\"chr.readConsoleMessages\",\"params\":{\"pattern\":\"err\"}}]",
	    "console: with includeProbeLog the caller's pattern goes as is");
	steps("chr_readConsoleMessages", "{\"includeProbeLog\":true,"
	    "\"onlyErrors\":true}", "[{\"method\":\"chr.readConsoleMessages\","
	    "\"params\":{\"onlyErrors\":true}}]",
	    "console: includeProbeLog is qtmcp's, not sent");
	refused("qt_methods_invoke", "{\"objectId\":\"a\",\"method\":\"m\","
	    "\"args\":[1,2,3,4,5,6,7,8,9,10,11]}", "parameter 'args': must "
	    "have at most 10 items, got 11", "at most 10 arguments");
}

/* --- presentation ------------------------------------------------------- */

static int
present(const char *name, const char *args, const char *payload,
    size_t max_image, cJSON **result, char **cause)
{
	const struct tool	*t = find(name);
	struct probe_result	 res;
	struct tool_call	 c;
	int			 rc;

	memset(&c, 0, sizeof c);
	memset(&res, 0, sizeof res);
	c.args = cJSON_Parse(args);
	c.cfg.max_image_bytes = max_image;
	res.kind = PROBE_OK;
	res.payload = cJSON_Parse(payload);
	*result = cJSON_CreateObject();
	cJSON_AddArrayToObject(*result, "content");
	*cause = NULL;
	rc = t->present(t, &c, &res, *result, cause);
	cJSON_Delete(res.payload);
	cJSON_Delete(c.args);
	return (rc);
}

static const char *
content(const cJSON *result, int i, const char *key)
{
	const cJSON	*c, *v;

	c = cJSON_GetArrayItem(cJSON_GetObjectItem(result, "content"), i);
	v = cJSON_GetObjectItem(c, key);
	return (cJSON_IsString(v) ? v->valuestring : NULL);
}

/* A w x h PNG of noise, as base64. */
static char *
noise_png(int w, int h)
{
	png_image	 img;
	unsigned char	*px, *mem;
	png_alloc_size_t n = 0;
	size_t		 i;
	uint32_t	 seed = 7;
	char		*b64;

	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	img.width = w;
	img.height = h;
	img.format = PNG_FORMAT_RGB;
	px = malloc((size_t)w * h * 3);
	for (i = 0; i < (size_t)w * h * 3; i++) {
		seed = seed * 1103515245 + 12345;
		px[i] = (unsigned char)(seed >> 16);
	}
	png_image_write_to_memory(&img, NULL, &n, 0, px, 0, NULL);
	mem = malloc(n);
	png_image_write_to_memory(&img, mem, &n, 0, px, 0, NULL);
	b64 = qpng_base64_encode(mem, n);
	free(mem);
	free(px);
	return (b64);
}

static void
test_present(void)
{
	cJSON		*r;
	char		*cause, *b64, *payload;
	const char	*s;
	unsigned char	*png;
	size_t		 len;
	int		 w, h;

	/* cu_screenshot, small: the same image, a line of text. */
	b64 = noise_png(40, 30);
	payload = xasprintf("{\"image\":\"%s\",\"width\":40,\"height\":30}",
	    b64);
	ok(present("cu_screenshot", "{}", payload, 1024 * 1024, &r,
	    &cause) == 0, "cu_screenshot presents");
	is_str(content(r, 0, "type"), "image", "... image content first");
	is_str(content(r, 0, "mimeType"), "image/png", "... image/png");
	is_str(content(r, 0, "data"), b64, "... the probe's PNG unchanged");
	like(content(r, 1, "text"), "Window screenshot: 40x30 px, PNG ",
	    "... then its size");
	like(content(r, 1, "text"), "Image pixels are the window coordinates",
	    "... and what its pixels mean");
	ok(strstr(content(r, 1, "text"), b64) == NULL && cJSON_GetObjectItem(r,
	    "structuredContent") == NULL, "... no base64 in text or "
	    "structured content");
	cJSON_Delete(r);
	free(payload);
	free(b64);

	/* Too big: scaled, and the text says by how much. */
	b64 = noise_png(400, 300);
	payload = xasprintf("{\"image\":\"%s\",\"width\":400,\"height\":300}",
	    b64);
	ok(present("cu_screenshot", "{}", payload, 100000, &r, &cause) == 0,
	    "a screenshot over max_image_bytes presents");
	s = content(r, 0, "data");
	ok(s != NULL && strlen(s) <= 100000, "... within the limit");
	png = s != NULL ? qpng_base64_decode(s, &len) : NULL;
	ok(png != NULL && qpng_info(png, len, &w, &h) == 0 && w < 400 &&
	    abs(w * 3 - h * 4) <= 4, "... a smaller PNG, same aspect ratio");
	free(png);
	like(content(r, 1, "text"), "scaled down from 400x300 by 0.",
	    "... the text says from what");
	like(content(r, 1, "text"), "to fit max_image_bytes 100000",
	    "... and why");
	like(content(r, 1, "text"), "Divide image coordinates by 0.",
	    "... and how to map coordinates back");
	diag("%s", content(r, 1, "text"));
	cJSON_Delete(r);
	free(payload);

	payload = xasprintf("{\"image\":\"%s\"}", b64);
	ok(present("qt_ui_screenshot", "{\"objectId\":\"QObject~3\"}",
	    payload, 1024 * 1024, &r, &cause) == 0,
	    "qt_ui_screenshot presents");
	is_str(content(r, 0, "type"), "image", "... as an image");
	like(content(r, 1, "text"), "Screenshot of QObject~3: 400x300 px, PNG ",
	    "... with a line naming the widget");
	cJSON_Delete(r);
	free(payload);
	free(b64);

	ok(present("qt_ui_screenshot", "{\"objectId\":\"a\"}", "{}", 1000, &r,
	    &cause) == -1, "no image is an error");
	like(cause, "qt_ui_screenshot failed: the probe's answer has no image",
	    "... saying so");
	cJSON_Delete(r);
	free(cause);
	ok(present("cu_screenshot", "{}", "{\"image\":\"iVBORw0KGgoAAAANSUhEU"
	    "gAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAA"
	    "BJRU5ErkJggg==\",\"width\":1,\"height\":1}", 1, &r, &cause) == -1,
	    "a screenshot that cannot fit is an error");
	like(cause, "cu_screenshot failed: the probe sent a bad image",
	    "... as a failure");
	cJSON_Delete(r);
	free(cause);
	ok(present("cu_screenshot", "{}", "{\"image\":\"aGVsbG8=\"}", 1, &r,
	    &cause) == -1, "a corrupt image is an error");
	like(cause, "not a PNG", "... saying so");
	cJSON_Delete(r);
	free(cause);

	/* qt_models_data: column keeps one cell per row. */
	payload = "{\"rows\":[{\"cells\":[{\"display\":\"Alpha\"},"
	    "{\"display\":100}],\"hasChildren\":false},{\"cells\":["
	    "{\"display\":\"Beta\"},{\"display\":200}],\"hasChildren\":"
	    "false}],\"totalRows\":3,\"totalColumns\":3,\"offset\":0,"
	    "\"limit\":2,\"hasMore\":true}";
	ok(present("qt_models_data", "{\"objectId\":\"m\",\"column\":1}",
	    payload, 0, &r, &cause) == 0, "qt_models_data with column");
	is_str(content(r, 0, "text"), "{\"rows\":[{\"cells\":[{\"display\":100}"
	    "],\"hasChildren\":false},{\"cells\":[{\"display\":200}],"
	    "\"hasChildren\":false}],\"totalRows\":3,\"totalColumns\":3,"
	    "\"offset\":0,\"limit\":2,\"hasMore\":true,\"column\":1}",
	    "... only that column's cells");
	ok(cJSON_IsObject(cJSON_GetObjectItem(r, "structuredContent")),
	    "... and structured content");
	cJSON_Delete(r);
	ok(present("qt_models_data", "{\"objectId\":\"m\"}", payload, 0, &r,
	    &cause) == 0, "qt_models_data without column");
	ok(strstr(content(r, 0, "text"), "Alpha") != NULL &&
	    strstr(content(r, 0, "text"), "\"column\"") == NULL,
	    "... is the payload as it is");
	cJSON_Delete(r);
	ok(present("qt_models_data", "{\"objectId\":\"m\",\"column\":3}",
	    payload, 0, &r, &cause) == -1, "a column past the last one");
	is_str(cause, "qt_models_data: column 3 does not exist: the model "
	    "has 3 columns (numbered from 0).", "... is an error");
	cJSON_Delete(r);
	free(cause);

	/* Console messages without the probe's own lines. */
	payload = "{\"messages\":[{\"type\":\"debug\",\"message\":\"[QtMCP] "
	    "Sending: {}\"},{\"type\":\"warning\",\"message\":\"QLayout: "
	    "oops\"},{\"type\":\"debug\",\"message\":\"Handling method: "
	    "\\\"x\\\"\"}],\"count\":3}";
	ok(present("chr_readConsoleMessages", "{\"pattern\":\"o\"}", payload,
	    0, &r, &cause) == 0, "chr_readConsoleMessages presents");
	is_str(content(r, 0, "text"), "{\"messages\":[{\"type\":\"warning\","
	    "\"message\":\"QLayout: oops\"}],\"count\":1,"
	    "\"probeLogOmitted\":2}",
	    "... without the probe's traffic log");
	cJSON_Delete(r);
	ok(present("chr_readConsoleMessages", "{\"includeProbeLog\":true}",
	    payload, 0, &r, &cause) == 0 && strstr(content(r, 0, "text"),
	    "[QtMCP]") != NULL, "... unless includeProbeLog");
	cJSON_Delete(r);
}

int
main(void)
{
	test_names();
	test_params();
	test_hints();
	test_fixed_tools();
	test_typing();
	test_sequences();
	test_keys();
	test_buttons();
	test_other_refusals();
	test_present();
	return (done_testing());
}

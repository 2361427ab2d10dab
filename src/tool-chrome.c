/*
 * tool-chrome.c: the chrome-mode tools (chr_*, --mode chrome), the Python
 * server's eight with their names and parameters, which read and drive
 * the active window through its accessibility tree, with refs like a
 * browser automation tool's.
 *
 * chr_navigate never worked from Python (it did not send the action the
 * probe requires) and chr_readPage's maxDepth was ignored (the probe reads
 * depth); both are translated here.  The console messages lose the
 * probe's own traffic log, which otherwise fills the buffer, screenshots
 * and all.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "qtmcp.h"

/* chr.navigate's actions; the first two act on a ref. */
static const char *chr_actions[] = {
	"activateTab", "activateMenuItem", "back", "forward",
};

/* How the probe's own log lines start, in the console buffer. */
static const char *chr_probe_log[] = {
	"[QtMCP]", "Handling method:", "Registered method:",
};

/*
 * The same as a regular expression, for chr.readConsoleMessages's pattern:
 * QRegularExpression searches, and the lookahead fails at the start of a
 * probe line only.
 */
#define CHR_NOT_PROBE_LOG						\
	"^(?!\\[QtMCP\\]|Handling method:|Registered method:)"

#define CHR_REF								\
	"\"ref\":{\"type\":\"string\",\"minLength\":1,"			\
	"\"description\":\"The element's ref, such as ref_7, from the "	\
	"latest chr_readPage or a later chr_find\"}"
#define CHR_NONE							\
	"{\"type\":\"object\",\"properties\":{},"			\
	"\"additionalProperties\":false}"

#define CHR_REFS							\
	"Refs come from chr_readPage or chr_find; every chr_readPage "	\
	"renumbers them all, so use refs from the latest one. "

static void	chr_normalize_read_page(const struct tool *, cJSON *);
static void	chr_normalize_navigate(const struct tool *, cJSON *);
static int	chr_prepare_read_page(const struct tool *, cJSON *, cJSON *,
		    char **);
static int	chr_prepare_navigate(const struct tool *, cJSON *, cJSON *,
		    char **);
static int	chr_prepare_console(const struct tool *, cJSON *, cJSON *,
		    char **);
static int	chr_present_console(const struct tool *, struct tool_call *,
		    struct probe_result *, cJSON *, char **);

const struct tool tools_chrome[] = {
	{ "chr_readPage", "chr.readPage", MODE_CHROME, "Read the window",
	  "Reads the active window as an accessibility tree, like a web "
	  "page: each node has a ref (ref_1, ref_2, ...), a role (button, "
	  "textbox, checkbox, combobox, tab, menuitem, ...), a name, its "
	  "states and its screen bounds. Use the refs with chr_click, "
	  "chr_formInput and chr_navigate. Each call renumbers the refs and "
	  "invalidates all older ones, chr_find's included. filter "
	  "interactive keeps only controls and skips hidden elements; all "
	  "also shows hidden ones, such as the pages of other tabs. "
	  "Example: {\"filter\": \"interactive\"} (ref_1 is then the test "
	  "app's name field)",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"filter\":{\"type\":\"string\",\"enum\":[\"all\","
	  "\"interactive\"],\"default\":\"all\",\"description\":\"all for "
	  "every element (hidden ones too), interactive for visible "
	  "controls only\"},"
	  "\"maxDepth\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":100,"
	  "\"default\":15,\"description\":\"How deep to read below the "
	  "window (the window is depth 0)\"}},"
	  "\"additionalProperties\":false}",
	  NULL, TOOL_READONLY,
	  chr_normalize_read_page, chr_prepare_read_page, NULL, NULL },
	{ "chr_click", "chr.click", MODE_CHROME, "Click an element",
	  "Clicks an element by its ref: triggers its accessibility press "
	  "action (buttons, check boxes, tabs, menu items), or else clicks "
	  "the middle of it with the left button. " CHR_REFS "Example: "
	  "{\"ref\": \"ref_7\"}",
	  "{\"type\":\"object\",\"properties\":{" CHR_REF "},"
	  "\"required\":[\"ref\"],\"additionalProperties\":false}",
	  NULL, TOOL_DESTRUCTIVE,
	  NULL, NULL, NULL, NULL },
	{ "chr_formInput", "chr.formInput", MODE_CHROME, "Set a form value",
	  "Sets the value of a form element by ref, replacing what it held: "
	  "a text field's text (any characters, newlines included), a combo "
	  "box's item (by its exact text), a check box (true or false), a "
	  "slider's or spin box's number. The answer names the strategy "
	  "used. " CHR_REFS "Example: {\"ref\": \"ref_1\", \"value\": "
	  "\"Alice\"}",
	  "{\"type\":\"object\",\"properties\":{" CHR_REF ","
	  "\"value\":{\"type\":[\"string\",\"number\",\"boolean\"],"
	  "\"description\":\"The new value: text, a combo box item's text, "
	  "true or false for a check box, a number for a slider or spin "
	  "box\"}},"
	  "\"required\":[\"ref\",\"value\"],\"additionalProperties\":false}",
	  NULL, TOOL_DESTRUCTIVE|TOOL_IDEMPOTENT,
	  NULL, NULL, NULL, NULL },
	{ "chr_getPageText", "chr.getPageText", MODE_CHROME,
	  "Text of the window",
	  "Returns the visible text of the active window, one string per "
	  "line: labels, field contents, button texts, list items, table "
	  "cells, menu items (check boxes and combo boxes are not "
	  "included). Use it to read results or messages quickly; for "
	  "structure and refs use chr_readPage. Example: {}",
	  CHR_NONE, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "chr_find", "chr.find", MODE_CHROME, "Find elements",
	  "Finds the visible elements whose name, role, tooltip, objectName "
	  "or class contains query (case-insensitive) and gives them refs, "
	  "added to those of the latest chr_readPage. More than 20 matches "
	  "is an error: make the query more specific. Example: {\"query\": "
	  "\"submit\"}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"query\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"Text to look for, such as submit or "
	  "email\"}},"
	  "\"required\":[\"query\"],\"additionalProperties\":false}",
	  NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "chr_navigate", "chr.navigate", MODE_CHROME, "Navigate",
	  "Activates a tab or a menu item by ref (action activateTab or "
	  "activateMenuItem; activateTab is the default when a ref is "
	  "given), or goes back or forward (action back or forward, no "
	  "ref: triggers the window's undo (Ctrl+Z) or redo action, when it "
	  "has one). " CHR_REFS "Example: {\"ref\": \"ref_11\"} shows the "
	  "test app's List tab.",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"ref\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"The tab or menu item's ref, from the latest "
	  "chr_readPage or a later chr_find; needed for activateTab and "
	  "activateMenuItem\"},"
	  "\"action\":{\"type\":\"string\",\"enum\":[\"activateTab\","
	  "\"activateMenuItem\",\"back\",\"forward\"],"
	  "\"description\":\"What to do; default activateTab when ref is "
	  "given\"}},"
	  "\"additionalProperties\":false}",
	  NULL, TOOL_DESTRUCTIVE,
	  chr_normalize_navigate, chr_prepare_navigate, NULL, NULL },
	{ "chr_tabsContext", "chr.tabsContext", MODE_CHROME, "List windows",
	  "Lists the application's visible top-level windows with title, "
	  "className, objectName, whether each is the active one, and "
	  "geometry. Use it to see which window or dialog is in front: the "
	  "other chr_* tools act on the active window. Example: {}",
	  CHR_NONE, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "chr_readConsoleMessages", "chr.readConsoleMessages", MODE_CHROME,
	  "Read console messages",
	  "Returns the application's recent qDebug/qWarning/qCritical "
	  "messages, newest first, with type and timestamp: use it to look "
	  "for warnings and errors after an action. The probe's own "
	  "traffic log is left out unless includeProbeLog is true. pattern "
	  "is a regular expression (an invalid one filters nothing); clear "
	  "empties the buffer after reading. Example: {\"onlyErrors\": "
	  "true, \"limit\": 20}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"limit\":{\"type\":\"integer\",\"minimum\":0,\"default\":0,"
	  "\"description\":\"At most this many messages, the newest; 0 for "
	  "all\"},"
	  "\"pattern\":{\"type\":\"string\",\"description\":\"Only "
	  "messages matching this regular expression\"},"
	  "\"clear\":{\"type\":\"boolean\",\"default\":false,"
	  "\"description\":\"Empty the message buffer after reading\"},"
	  "\"onlyErrors\":{\"type\":\"boolean\",\"default\":false,"
	  "\"description\":\"Only warnings, errors and fatal messages\"},"
	  "\"includeProbeLog\":{\"type\":\"boolean\",\"default\":false,"
	  "\"description\":\"Also return the probe's own traffic log "
	  "lines ([QtMCP] ...)\"}},"
	  "\"additionalProperties\":false}",
	  NULL, TOOL_DESTRUCTIVE,
	  NULL, chr_prepare_console, chr_present_console, NULL },
};
const size_t tools_chrome_count = nitems(tools_chrome);

static cJSON *
chr_step(cJSON *steps, const char *method)
{
	cJSON	*step;

	step = cJSON_CreateObject();
	cJSON_AddStringToObject(step, "method", method);
	cJSON_AddItemToArray(steps, step);
	return (cJSON_AddObjectToObject(step, "params"));
}

static const char *
chr_str(const cJSON *args, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(args, name);

	return (cJSON_IsString(v) ? v->valuestring : NULL);
}

/* --- chr_readPage ------------------------------------------------------- */

/*
 * The probe takes any filter but "all" as interactive; the Python tool's
 * own example said "buttons".
 */
static void
chr_normalize_read_page(const struct tool *t, cJSON *args)
{
	const char	*filter;

	cu_lowercase(args, "filter");
	filter = chr_str(args, "filter");
	if (filter != NULL && strcmp(filter, "buttons") == 0)
		cJSON_SetValuestring(cJSON_GetObjectItemCaseSensitive(args,
		    "filter"), "interactive");
}

static int
chr_prepare_read_page(const struct tool *t, cJSON *args, cJSON *steps,
    char **cause)
{
	const cJSON	*depth;
	cJSON		*params;
	const char	*filter;

	params = chr_step(steps, "chr.readPage");
	if ((filter = chr_str(args, "filter")) != NULL)
		cJSON_AddStringToObject(params, "filter", filter);
	depth = cJSON_GetObjectItemCaseSensitive(args, "maxDepth");
	if (cJSON_IsNumber(depth))
		cJSON_AddNumberToObject(params, "depth", depth->valuedouble);
	return (0);
}

/* --- chr_navigate ------------------------------------------------------- */

/* activatetab -> activateTab. */
static void
chr_normalize_navigate(const struct tool *t, cJSON *args)
{
	const char	*action = chr_str(args, "action");
	size_t		 i;

	if (action == NULL)
		return;
	for (i = 0; i < nitems(chr_actions); i++) {
		if (strcasecmp(action, chr_actions[i]) == 0) {
			cJSON_SetValuestring(cJSON_GetObjectItemCaseSensitive(
			    args, "action"), chr_actions[i]);
			return;
		}
	}
}

static int
chr_prepare_navigate(const struct tool *t, cJSON *args, cJSON *steps,
    char **cause)
{
	const char	*ref, *action;
	cJSON		*params;

	ref = chr_str(args, "ref");
	action = chr_str(args, "action");
	if (action == NULL && ref == NULL) {
		*cause = xstrdup("chr_navigate needs a ref (to activate a tab "
		    "or menu item, from chr_readPage or chr_find) or an action "
		    "back or forward.");
		return (-1);
	}
	if (action == NULL)
		action = chr_actions[0];
	if (ref == NULL && (strcmp(action, "activateTab") == 0 ||
	    strcmp(action, "activateMenuItem") == 0)) {
		*cause = xasprintf("chr_navigate with action %s needs ref: the "
		    "ref of the %s from chr_readPage or chr_find.", action,
		    strcmp(action, "activateTab") == 0 ? "tab" : "menu item");
		return (-1);
	}
	params = chr_step(steps, "chr.navigate");
	cJSON_AddStringToObject(params, "action", action);
	/* back and forward take no ref. */
	if (ref != NULL && (strcmp(action, "activateTab") == 0 ||
	    strcmp(action, "activateMenuItem") == 0))
		cJSON_AddStringToObject(params, "ref", ref);
	return (0);
}

/* --- chr_readConsoleMessages -------------------------------------------- */

static int
chr_is_probe_log(const char *msg)
{
	size_t	i;

	for (i = 0; i < nitems(chr_probe_log); i++) {
		if (strncmp(msg, chr_probe_log[i],
		    strlen(chr_probe_log[i])) == 0)
			return (1);
	}
	return (0);
}

/*
 * Without a pattern of the caller's, the probe filters its own lines out
 * before it applies limit; with one, they are dropped afterwards.
 */
static int
chr_prepare_console(const struct tool *t, cJSON *args, cJSON *steps,
    char **cause)
{
	cJSON		*params, *v;
	const char	*pattern = chr_str(args, "pattern");
	char		*both;

	params = chr_step(steps, "chr.readConsoleMessages");
	cJSON_ArrayForEach(v, args) {
		if (strcmp(v->string, "includeProbeLog") != 0 &&
		    strcmp(v->string, "pattern") != 0)
			cJSON_AddItemToObject(params, v->string,
			    cJSON_Duplicate(v, 1));
	}
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(args,
	    "includeProbeLog"))) {
		if (pattern != NULL)
			cJSON_AddStringToObject(params, "pattern", pattern);
	} else if (pattern == NULL)
		cJSON_AddStringToObject(params, "pattern", CHR_NOT_PROBE_LOG);
	else {
		/*
		 * One pattern for both, so that the probe's limit counts
		 * the messages the caller gets: not a probe line, and the
		 * caller's pattern somewhere in it.
		 */
		both = xasprintf("%s(?s)(?=.*(?:%s))", CHR_NOT_PROBE_LOG,
		    pattern);
		cJSON_AddStringToObject(params, "pattern", both);
		free(both);
	}
	return (0);
}

static int
chr_present_console(const struct tool *t, struct tool_call *c,
    struct probe_result *res, cJSON *result, char **cause)
{
	cJSON	*copy, *list, *m, *next, *text;
	int	 dropped = 0;

	copy = res->payload != NULL ? cJSON_Duplicate(res->payload, 1) :
	    cJSON_CreateNull();
	list = cJSON_GetObjectItemCaseSensitive(copy, "messages");
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(tool_call_args(c),
	    "includeProbeLog")) && cJSON_IsArray(list)) {
		for (m = list->child; m != NULL; m = next) {
			next = m->next;
			text = cJSON_GetObjectItemCaseSensitive(m, "message");
			if (cJSON_IsString(text) &&
			    chr_is_probe_log(text->valuestring)) {
				cJSON_Delete(cJSON_DetachItemViaPointer(list,
				    m));
				dropped++;
			}
		}
		if (dropped > 0) {
			cJSON_DeleteItemFromObjectCaseSensitive(copy, "count");
			cJSON_AddNumberToObject(copy, "count",
			    cJSON_GetArraySize(list));
			cJSON_AddNumberToObject(copy, "probeLogOmitted",
			    dropped);
		}
	}
	tool_result_json(c, result, copy);
	return (0);
}

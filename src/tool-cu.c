/*
 * tool-cu.c: the computer-use tools (cu_*, --mode cu), the Python
 * server's thirteen with their names and parameters, each on the probe's
 * cu.* method that does the job: cu_leftClick and cu_mouseDrag called
 * methods the probe does not have, and now call cu.click and cu.drag.
 *
 * The probe types text with QtTest, which aborts the whole application on
 * a newline or any non-ASCII character, and silently drops what it does
 * not understand in key names and mouse buttons.  What has a faithful
 * translation is translated here (a newline is the Return key, "Right" is
 * "right", cmd is ctrl); the rest is refused with a text that says what to
 * do instead, and never reaches the probe.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "qtmcp.h"

/* Key names cu.key knows (case-insensitive), as the probe spells them. */
static const char *cu_keys[] = {
	"return", "enter", "tab", "escape", "esc", "backspace", "delete",
	"space", "up", "arrowup", "down", "arrowdown", "left", "arrowleft",
	"right", "arrowright", "home", "end", "insert", "page_up", "pageup",
	"page_down", "pagedown", "f1", "f2", "f3", "f4", "f5", "f6", "f7",
	"f8", "f9", "f10", "f11", "f12", "shift", "shift_l", "ctrl",
	"control", "control_l", "alt", "alt_l", "super", "super_l", "meta",
	"print", "scroll_lock", "pause", "caps_lock", "num_lock", "menu",
};

/* One-character keys besides letters and digits. */
#define CU_PUNCT_KEYS	"-=[];',./\\`"

/*
 * Modifiers cu.key knows, and common names for them from other systems
 * (the probe would drop those silently: cmd+a would be a plain a).
 */
static const struct {
	const char	*name;
	const char	*as;
} cu_modifiers[] = {
	{ "ctrl", "ctrl" },
	{ "control", "ctrl" },
	{ "control_l", "ctrl" },
	{ "cmd", "ctrl" },
	{ "command", "ctrl" },
	{ "shift", "shift" },
	{ "shift_l", "shift" },
	{ "alt", "alt" },
	{ "alt_l", "alt" },
	{ "option", "alt" },
	{ "opt", "alt" },
	{ "super", "super" },
	{ "super_l", "super" },
	{ "win", "super" },
	{ "windows", "super" },
	{ "meta", "meta" },
};

/* Other names for keys, as xdotool and Qt write them. */
static const struct {
	const char	*name;
	const char	*as;
} cu_key_aliases[] = {
	{ "del", "delete" },
	{ "ins", "insert" },
	{ "pgup", "page_up" },
	{ "prior", "page_up" },
	{ "pgdn", "page_down" },
	{ "pgdown", "page_down" },
	{ "next", "page_down" },
	{ "cmd", "ctrl" },
	{ "command", "ctrl" },
	{ "option", "alt" },
	{ "opt", "alt" },
	{ "win", "super" },
	{ "windows", "super" },
};

#define CU_X								\
	"\"x\":{\"type\":\"integer\",\"description\":\"Horizontal "	\
	"position in logical pixels from the left edge of the active "	\
	"window's client area: the x of the point in cu_screenshot's "	\
	"image. A screen coordinate if screenAbsolute is true\"}"
#define CU_Y								\
	"\"y\":{\"type\":\"integer\",\"description\":\"Vertical "	\
	"position in logical pixels from the top edge of the active "	\
	"window's client area: the y of the point in cu_screenshot's "	\
	"image. A screen coordinate if screenAbsolute is true\"}"
#define CU_SCREEN_ABSOLUTE						\
	"\"screenAbsolute\":{\"type\":\"boolean\",\"default\":false,"	\
	"\"description\":\"Take x and y as global screen coordinates "	\
	"instead of window-relative ones\"}"
#define CU_DELAY							\
	"\"delay_ms\":{\"type\":\"integer\",\"minimum\":0,"		\
	"\"maximum\":10000,\"default\":0,\"description\":\"Wait this "	\
	"long before clicking. The wait happens on the application's "	\
	"GUI thread, which freezes the application meanwhile, so keep "	\
	"it short (at most 10000)\"}"
#define CU_BUTTON							\
	"\"button\":{\"type\":\"string\",\"enum\":[\"left\",\"right\","	\
	"\"middle\"],\"default\":\"left\",\"description\":\"Which "	\
	"mouse button\"}"

#define CU_NONE								\
	"{\"type\":\"object\",\"properties\":{},"			\
	"\"additionalProperties\":false}"
#define CU_CLICK							\
	"{\"type\":\"object\",\"properties\":{" CU_X "," CU_Y ","	\
	CU_SCREEN_ABSOLUTE "," CU_DELAY "},\"required\":[\"x\",\"y\"],"	\
	"\"additionalProperties\":false}"
#define CU_POINT							\
	"{\"type\":\"object\",\"properties\":{" CU_X "," CU_Y ","	\
	CU_SCREEN_ABSOLUTE "},\"required\":[\"x\",\"y\"],"		\
	"\"additionalProperties\":false}"
#define CU_BUTTON_POINT							\
	"{\"type\":\"object\",\"properties\":{" CU_X "," CU_Y ","	\
	CU_BUTTON "," CU_SCREEN_ABSOLUTE "},"				\
	"\"required\":[\"x\",\"y\"],"					\
	"\"additionalProperties\":false}"

#define CU_COORDS							\
	"Coordinates are logical pixels relative to the active window's " \
	"client area, exactly the pixels of cu_screenshot's image (if "	\
	"cu_screenshot said it scaled the image, divide by its factor). "

static void	cu_normalize_button(const struct tool *, cJSON *);
static void	cu_normalize_scroll(const struct tool *, cJSON *);
static void	cu_normalize_key(const struct tool *, cJSON *);
static int	cu_prepare_type(const struct tool *, cJSON *, cJSON *,
		    char **);
static int	cu_prepare_key(const struct tool *, cJSON *, cJSON *,
		    char **);
static int	cu_present_screenshot(const struct tool *,
		    struct tool_call *, struct probe_result *, cJSON *,
		    char **);

const struct tool tools_cu[] = {
	{ "cu_screenshot", "cu.screenshot", MODE_CU, "Screenshot of the window",
	  "Takes a screenshot of the application's active window (its client "
	  "area, without the frame) and returns it as a PNG image. The "
	  "image's pixels are the coordinate space of every other cu_* tool: "
	  "a point at (x, y) in the image is clicked with cu_leftClick "
	  "{x, y}; if the text says the image was scaled down to fit the "
	  "host's size limit, divide image coordinates by the factor it "
	  "gives. Take one first, and again after each action whose effect "
	  "you need to see. Example: {}",
	  CU_NONE, NULL, TOOL_READONLY|TOOL_OFFLOAD,
	  NULL, NULL, cu_present_screenshot, NULL },
	{ "cu_leftClick", "cu.click", MODE_CU, "Left click",
	  "Clicks the left mouse button at a point of the active window "
	  "(press and release, as synthetic Qt events: the real cursor does "
	  "not move). " CU_COORDS "Use it to press buttons, pick tabs and "
	  "list items, and to focus a text field before cu_type. Example: "
	  "{\"x\": 432, \"y\": 103} clicks into the test app's name field.",
	  CU_CLICK, NULL, TOOL_DESTRUCTIVE,
	  NULL, NULL, NULL, NULL },
	{ "cu_rightClick", "cu.rightClick", MODE_CU, "Right click",
	  "Clicks the right mouse button at a point of the active window, "
	  "which usually opens a context menu (take cu_screenshot to see "
	  "it, then cu_leftClick an entry). " CU_COORDS "Example: "
	  "{\"x\": 432, \"y\": 103}",
	  CU_CLICK, NULL, TOOL_DESTRUCTIVE,
	  NULL, NULL, NULL, NULL },
	{ "cu_middleClick", "cu.middleClick", MODE_CU, "Middle click",
	  "Clicks the middle mouse button at a point of the active window "
	  "(on X11 text fields this pastes the primary selection). "
	  CU_COORDS "Example: {\"x\": 432, \"y\": 103}",
	  CU_CLICK, NULL, TOOL_DESTRUCTIVE,
	  NULL, NULL, NULL, NULL },
	{ "cu_doubleClick", "cu.doubleClick", MODE_CU, "Double click",
	  "Double-clicks the left mouse button at a point of the active "
	  "window: selects a word in a text field, opens or edits an item "
	  "in a list, tree or table. " CU_COORDS "Example: "
	  "{\"x\": 432, \"y\": 103}",
	  CU_CLICK, NULL, TOOL_DESTRUCTIVE,
	  NULL, NULL, NULL, NULL },
	{ "cu_mouseMove", "cu.mouseMove", MODE_CU, "Move the mouse",
	  "Moves the mouse pointer to a point without pressing a button, for "
	  "hover effects and tooltips, or between cu_mouseDown and "
	  "cu_mouseUp. " CU_COORDS "The move is a synthetic event and the "
	  "real cursor stays where it is, except with screenAbsolute true, "
	  "which moves the real cursor. Example: {\"x\": 432, \"y\": 103}",
	  CU_POINT, NULL, TOOL_IDEMPOTENT,
	  NULL, NULL, NULL, NULL },
	{ "cu_mouseDrag", "cu.drag", MODE_CU, "Drag with the mouse",
	  "Drags with the left button held from (startX, startY) to "
	  "(endX, endY): press at the start, one move to the end, release. "
	  "Use it to move a slider handle, select a range of text or drag "
	  "an item; for a drag with several steps or another button use "
	  "cu_mouseDown, cu_mouseMove and cu_mouseUp. " CU_COORDS "Both "
	  "ends must be inside the window. Example: {\"startX\": 300, "
	  "\"startY\": 250, \"endX\": 500, \"endY\": 250}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"startX\":{\"type\":\"integer\",\"description\":\"Where the "
	  "drag starts: x in window-relative logical pixels (screen "
	  "coordinates with screenAbsolute)\"},"
	  "\"startY\":{\"type\":\"integer\",\"description\":\"Where the "
	  "drag starts: y\"},"
	  "\"endX\":{\"type\":\"integer\",\"description\":\"Where the "
	  "drag ends: x\"},"
	  "\"endY\":{\"type\":\"integer\",\"description\":\"Where the "
	  "drag ends: y\"}," CU_SCREEN_ABSOLUTE "},"
	  "\"required\":[\"startX\",\"startY\",\"endX\",\"endY\"],"
	  "\"additionalProperties\":false}",
	  NULL, TOOL_DESTRUCTIVE,
	  NULL, NULL, NULL, NULL },
	{ "cu_mouseDown", "cu.mouseDown", MODE_CU, "Press a mouse button",
	  "Presses a mouse button at a point and keeps it pressed; release "
	  "it with cu_mouseUp (after cu_mouseMove for a drag, or later for "
	  "a long press). " CU_COORDS "Example: {\"x\": 300, \"y\": 250, "
	  "\"button\": \"left\"}",
	  CU_BUTTON_POINT, NULL, TOOL_DESTRUCTIVE,
	  cu_normalize_button, NULL, NULL, NULL },
	{ "cu_mouseUp", "cu.mouseUp", MODE_CU, "Release a mouse button",
	  "Releases a mouse button at a point, finishing what cu_mouseDown "
	  "started (a click if the point is the same, a drop otherwise). "
	  CU_COORDS "Example: {\"x\": 500, \"y\": 250, \"button\": "
	  "\"left\"}",
	  CU_BUTTON_POINT, NULL, TOOL_DESTRUCTIVE,
	  cu_normalize_button, NULL, NULL, NULL },
	{ "cu_type", "cu.type", MODE_CU, "Type text",
	  "Types text into the widget that has the keyboard focus, one "
	  "character at a time as from a keyboard: click the field first "
	  "(cu_leftClick), and select its old text (cu_key \"ctrl+a\") to "
	  "replace it. A newline is sent as the Return key. Only printable "
	  "ASCII, tabs and newlines can be typed: other characters make the "
	  "application abort, so they are refused; to enter such text set "
	  "it whole with qt_properties_set (name \"text\") or "
	  "chr_formInput. Example: {\"text\": \"Alice\"}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"text\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"The text to type: printable ASCII, tabs and "
	  "newlines (sent as Return)\"}},"
	  "\"required\":[\"text\"],\"additionalProperties\":false}",
	  NULL, TOOL_DESTRUCTIVE,
	  NULL, cu_prepare_type, NULL, NULL },
	{ "cu_key", "cu.key", MODE_CU, "Press a key or combination",
	  "Presses and releases one key, optionally with modifiers, in the "
	  "widget that has the keyboard focus: shortcuts (\"ctrl+s\"), "
	  "navigation (\"tab\", \"page_down\"), confirming or cancelling "
	  "(\"return\", \"escape\"). Write modifiers, then the key, joined "
	  "by +; modifiers are ctrl, shift, alt, super and meta (cmd means "
	  "ctrl, option alt, win super). Keys: return, enter, tab, escape, "
	  "backspace, delete, space, up, down, left, right, home, end, "
	  "insert, page_up, page_down, f1-f12, print, pause, menu, "
	  "caps_lock, num_lock, scroll_lock, the modifiers themselves, a "
	  "letter or digit (sent unshifted: shift+a for a capital), or one "
	  "of - = [ ] ; ' , . / \\ `. The plus key cannot be pressed: type "
	  "\"+\" with cu_type. Example: {\"key\": \"ctrl+a\"}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"key\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"The key, with any modifiers first, joined by "
	  "+: \\\"return\\\", \\\"ctrl+s\\\", \\\"ctrl+shift+z\\\"\"}},"
	  "\"required\":[\"key\"],\"additionalProperties\":false}",
	  NULL, TOOL_DESTRUCTIVE,
	  cu_normalize_key, cu_prepare_key, NULL, NULL },
	{ "cu_scroll", "cu.scroll", MODE_CU, "Scroll the mouse wheel",
	  "Turns the mouse wheel over a point: amount notches (15 degrees "
	  "each, usually three lines) up, down, left or right. The wheel "
	  "goes to the widget under the point, so point at the list, table "
	  "or text to scroll; over a spin box, slider or combo box the wheel "
	  "changes its value instead. " CU_COORDS "Example: {\"x\": 400, "
	  "\"y\": 300, \"direction\": \"down\", \"amount\": 5}",
	  "{\"type\":\"object\",\"properties\":{" CU_X "," CU_Y ","
	  "\"direction\":{\"type\":\"string\",\"enum\":[\"up\",\"down\","
	  "\"left\",\"right\"],\"description\":\"Which way to scroll\"},"
	  "\"amount\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100,"
	  "\"default\":3,\"description\":\"How many wheel notches\"},"
	  CU_SCREEN_ABSOLUTE "},"
	  "\"required\":[\"x\",\"y\",\"direction\"],"
	  "\"additionalProperties\":false}",
	  NULL, 0,
	  cu_normalize_scroll, NULL, NULL, NULL },
	{ "cu_cursorPosition", "cu.cursorPosition", MODE_CU,
	  "Mouse pointer position",
	  "Returns where the mouse pointer is: x and y relative to the "
	  "active window, screenX and screenY on the screen, and the widget "
	  "under it (widgetId, an object id the qt_* tools accept, and "
	  "className). After the first cu_* mouse action this is the point "
	  "of the last action (virtual: true), not the real cursor. "
	  "Example: {}",
	  CU_NONE, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
};
const size_t tools_cu_count = nitems(tools_cu);

static const char *
cu_str(const cJSON *args, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(args, name);

	return (cJSON_IsString(v) ? v->valuestring : NULL);
}

static void
cu_step(cJSON *steps, const char *method, cJSON *params)
{
	cJSON	*step;

	step = cJSON_CreateObject();
	cJSON_AddStringToObject(step, "method", method);
	cJSON_AddItemToObject(step, "params", params);
	cJSON_AddItemToArray(steps, step);
}

/*
 * Lower-case a string argument in place: the probe compares button and
 * direction names case-sensitively, and takes "Right" to mean left.
 */
void
cu_lowercase(cJSON *args, const char *name)
{
	cJSON	*v = cJSON_GetObjectItemCaseSensitive(args, name);
	char	*s, *p;

	if (!cJSON_IsString(v))
		return;
	s = xstrdup(v->valuestring);
	for (p = s; *p != '\0'; p++)
		*p = tolower((unsigned char)*p);
	cJSON_SetValuestring(v, s);
	free(s);
}

static void
cu_normalize_button(const struct tool *t, cJSON *args)
{
	cu_lowercase(args, "button");
}

static void
cu_normalize_scroll(const struct tool *t, cJSON *args)
{
	cu_lowercase(args, "direction");
}

/* --- text --------------------------------------------------------------- */

/* The code point of the UTF-8 sequence at p, and its length; -1 if bad. */
static long
cu_utf8(const unsigned char *p, int *len)
{
	long	cp;
	int	n, i;

	if (*p < 0x80) {
		*len = 1;
		return (*p);
	}
	if ((*p & 0xe0) == 0xc0) {
		n = 2;
		cp = *p & 0x1f;
	} else if ((*p & 0xf0) == 0xe0) {
		n = 3;
		cp = *p & 0x0f;
	} else if ((*p & 0xf8) == 0xf0) {
		n = 4;
		cp = *p & 0x07;
	} else {
		*len = 1;
		return (-1);
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*len = 1;
			return (-1);
		}
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	*len = n;
	return (cp);
}

/*
 * Check that the probe can type text, and split it at its newlines ("\n"
 * or "\r\n"), which QtTest cannot type, into the lines to type with the
 * Return key between them.  Printable ASCII, space, tab and a lone "\r"
 * are safe; any other character aborts the application in QtTest, so it
 * is refused: -1 with *cause naming it and saying what to do instead.
 */
int
cu_text_lines(const char *tool, const char *param, const char *text,
    cJSON **lines, char **cause)
{
	const unsigned char	*p, *start;
	char			*line, *what;
	long			 cp;
	int			 len, nth = 1;

	*lines = cJSON_CreateArray();
	start = p = (const unsigned char *)text;
	while (*p != '\0') {
		if (*p == '\n' || (p[0] == '\r' && p[1] == '\n')) {
			line = xstrndup((const char *)start, p - start);
			cJSON_AddItemToArray(*lines, cJSON_CreateString(line));
			free(line);
			p += *p == '\r' ? 2 : 1;
			start = p;
			nth++;
			continue;
		}
		if ((*p >= 0x20 && *p < 0x7f) || *p == '\t' || *p == '\r') {
			p++;
			nth++;
			continue;
		}
		cp = cu_utf8(p, &len);
		if (cp < 0)
			what = xasprintf("the byte 0x%02x, which is not UTF-8,",
			    *p);
		else if (cp < 0x80)
			what = xasprintf("the control character U+%04lX", cp);
		else
			what = xasprintf("'%.*s' (U+%04lX)", len,
			    (const char *)p, cp);
		*cause = xasprintf("%s refused: %s has %s at character %d. "
		    "The probe types through QtTest, which aborts the "
		    "application on %s character; only printable ASCII, tabs "
		    "and newlines (sent as the Return key) can be typed. To "
		    "enter this text, set it whole instead: qt_properties_set "
		    "with name \"text\" (native mode), or chr_formInput with "
		    "the field's ref (chrome mode).", tool, param, what, nth,
		    cp >= 0x80 ? "a non-ASCII" : "such a");
		free(what);
		cJSON_Delete(*lines);
		*lines = NULL;
		return (-1);
	}
	cJSON_AddItemToArray(*lines, cJSON_CreateString((const char *)start));
	return (0);
}

/* cu.type each line, cu.key return between lines. */
static int
cu_prepare_type(const struct tool *t, cJSON *args, cJSON *steps,
    char **cause)
{
	cJSON	*lines, *line, *params;
	int	 i = 0, n;

	if (cu_text_lines(t->name, "text", cu_str(args, "text"), &lines,
	    cause) == -1)
		return (-1);
	n = cJSON_GetArraySize(lines);
	cJSON_ArrayForEach(line, lines) {
		if (*line->valuestring != '\0') {
			params = cJSON_CreateObject();
			cJSON_AddStringToObject(params, "text",
			    line->valuestring);
			cu_step(steps, "cu.type", params);
		}
		if (++i < n) {
			params = cJSON_CreateObject();
			cJSON_AddStringToObject(params, "key", "return");
			cu_step(steps, "cu.key", params);
		}
	}
	cJSON_Delete(lines);
	return (0);
}

/* --- keys --------------------------------------------------------------- */

static const char *
cu_find(const char *name, int modifier)
{
	size_t	i;

	if (modifier) {
		for (i = 0; i < nitems(cu_modifiers); i++) {
			if (strcasecmp(cu_modifiers[i].name, name) == 0)
				return (cu_modifiers[i].as);
		}
		return (NULL);
	}
	for (i = 0; i < nitems(cu_keys); i++) {
		if (strcasecmp(cu_keys[i], name) == 0)
			return (cu_keys[i]);
	}
	for (i = 0; i < nitems(cu_key_aliases); i++) {
		if (strcasecmp(cu_key_aliases[i].name, name) == 0)
			return (cu_key_aliases[i].as);
	}
	return (NULL);
}

static char *
cu_key_list(void)
{
	char	*s, *w;
	size_t	 i;

	s = xstrdup("");
	for (i = 0; i < nitems(cu_keys); i++) {
		w = xasprintf("%s%s, ", s, cu_keys[i]);
		free(s);
		s = w;
	}
	return (s);
}

/*
 * Parse "mod+mod+key" as cu.key would, but strictly: *out is the
 * combination in the probe's own names, lower case ("ctrl+shift+z").  -1
 * with *cause for what the probe would drop, misread or refuse.
 */
static int
cu_key_parse(const char *key, char **out, char **cause)
{
	char		*copy, *tok, *next, *end, *list, *w;
	const char	*name;
	char		 one[2];
	int		 last;

	copy = xstrdup(key);
	for (tok = copy; isspace((unsigned char)*tok); tok++)
		/* nothing */;
	end = tok + strlen(tok);
	while (end > tok && isspace((unsigned char)end[-1]))
		*--end = '\0';
	if (*tok == '\0') {
		*cause = xstrdup("cu_key refused: key is blank. Give a key "
		    "name such as \"return\" or a combination such as "
		    "\"ctrl+s\".");
		goto fail;
	}
	if (end[-1] == '+') {
		*cause = xasprintf("cu_key refused '%s': the probe splits "
		    "combinations at '+' and cannot press the plus key itself. "
		    "To type a plus sign, use cu_type with text \"+\".", key);
		goto fail;
	}

	*out = xstrdup("");
	for (;;) {
		next = strchr(tok, '+');
		last = next == NULL;
		if (!last)
			*next = '\0';
		while (isspace((unsigned char)*tok))
			tok++;
		end = tok + strlen(tok);
		while (end > tok && isspace((unsigned char)end[-1]))
			*--end = '\0';
		if (*tok == '\0') {
			*cause = xasprintf("cu_key refused '%s': it has an "
			    "empty name between two '+'. Write modifiers and "
			    "then one key, joined by +, such as "
			    "\"ctrl+shift+z\".", key);
			goto fail_out;
		}
		if (!last) {
			if ((name = cu_find(tok, 1)) == NULL) {
				*cause = xasprintf("cu_key refused '%s': '%s' "
				    "is not a modifier; the probe would drop "
				    "it silently and press the rest without "
				    "it. Modifiers: ctrl, shift, alt, super, "
				    "meta (cmd and command mean ctrl, option "
				    "and opt mean alt, win and windows mean "
				    "super).", key, tok);
				goto fail_out;
			}
		} else if ((name = cu_find(tok, 0)) == NULL) {
			if (tok[1] == '\0' && (isalnum((unsigned char)*tok) ||
			    strchr(CU_PUNCT_KEYS, *tok) != NULL)) {
				one[0] = tolower((unsigned char)*tok);
				one[1] = '\0';
				name = one;
			} else {
				list = cu_key_list();
				*cause = xasprintf("cu_key refused '%s': '%s' "
				    "is not a key the probe knows. Keys: "
				    "%sa letter or digit, or one of %s. To "
				    "type text, use cu_type.", key, tok, list,
				    "- = [ ] ; ' , . / \\ `");
				free(list);
				goto fail_out;
			}
		}
		w = xasprintf("%s%s%s", *out, **out == '\0' ? "" : "+", name);
		free(*out);
		*out = w;
		if (last)
			break;
		tok = next + 1;
	}
	/* The probe's names, in lower case. */
	for (w = *out; *w != '\0'; w++)
		*w = tolower((unsigned char)*w);
	free(copy);
	return (0);

fail_out:
	free(*out);
	*out = NULL;
fail:
	free(copy);
	return (-1);
}

/* Aliases to the probe's names before validation: cmd+a -> ctrl+a. */
static void
cu_normalize_key(const struct tool *t, cJSON *args)
{
	cJSON	*v = cJSON_GetObjectItemCaseSensitive(args, "key");
	char	*out, *cause = NULL;

	if (!cJSON_IsString(v))
		return;
	if (cu_key_parse(v->valuestring, &out, &cause) == 0) {
		cJSON_SetValuestring(v, out);
		free(out);
	} else
		free(cause);	/* cu_prepare_key says it */
}

static int
cu_prepare_key(const struct tool *t, cJSON *args, cJSON *steps,
    char **cause)
{
	cJSON	*params;
	char	*out;

	if (cu_key_parse(cu_str(args, "key"), &out, cause) == -1)
		return (-1);
	params = cJSON_CreateObject();
	cJSON_AddStringToObject(params, "key", out);
	cu_step(steps, "cu.key", params);
	free(out);
	return (0);
}

/* --- screenshots -------------------------------------------------------- */

/*
 * The image as image content and one line about it; never base64 in
 * text.  The window size is what cu coordinates refer to.
 */
static int
cu_present_screenshot(const struct tool *t, struct tool_call *c,
    struct probe_result *res, cJSON *result, char **cause)
{
	struct qpng_fitted	 f;
	const cJSON		*w;
	char			*line, *text;
	int			 winw;

	if (qpng_fit_answer(res->payload, tool_call_config(c)->max_image_bytes,
	    t->name, "Try again; if the window is minimised or hidden, show "
	    "it first.", &f, cause) == -1)
		return (-1);
	tool_result_image(result, f.base64, "image/png");

	/* cu coordinates are the window's logical pixels. */
	w = cJSON_GetObjectItemCaseSensitive(res->payload, "width");
	winw = cJSON_IsNumber(w) && w->valueint > 0 ? w->valueint : f.width;
	line = qpng_describe(&f);
	if (f.out_width == winw)
		text = xasprintf("Window screenshot: %s. Image pixels are the "
		    "window coordinates of the cu_* tools.", line);
	else
		text = xasprintf("Window screenshot: %s. Divide image "
		    "coordinates by %.3f to get the window coordinates of "
		    "the cu_* tools.", line, (double)f.out_width / winw);
	tool_result_text(result, text);
	free(text);
	free(line);
	return (0);
}

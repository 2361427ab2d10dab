/*
 * tool-native.c: the native tools (qt_*, --mode native), the Python
 * server's thirty-two with their names and parameters, each on the
 * probe's qt.* method.
 *
 * Where the Python tools sent what the probe ignores or dies of, the
 * arguments are translated or refused here: qt_models_data's row, column
 * and role become offset/limit, roles and a filtered presentation;
 * qt_ui_sendKeys types newlines as Return, refuses what would abort the
 * application, and sends each chord of a key sequence on its own (the
 * probe sends only the first); qt_signals_setLifecycle refuses to start
 * the probe's endless notification storm.
 */

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "qtmcp.h"

#define NATIVE_CTRL	0x1
#define NATIVE_ALT	0x2
#define NATIVE_SHIFT	0x4
#define NATIVE_META	0x8

/* Modifiers of a key sequence, and what other systems call them. */
static const struct {
	const char	*name;
	int		 bit;
} native_modifiers[] = {
	{ "Ctrl", NATIVE_CTRL },
	{ "Control", NATIVE_CTRL },
	{ "Cmd", NATIVE_CTRL },
	{ "Command", NATIVE_CTRL },
	{ "Alt", NATIVE_ALT },
	{ "Option", NATIVE_ALT },
	{ "Opt", NATIVE_ALT },
	{ "Shift", NATIVE_SHIFT },
	{ "Meta", NATIVE_META },
	{ "Super", NATIVE_META },
	{ "Win", NATIVE_META },
};

/* In the order Qt writes them. */
static const struct {
	int		 bit;
	const char	*qt;
} native_modifier_order[] = {
	{ NATIVE_CTRL, "Ctrl" },
	{ NATIVE_ALT, "Alt" },
	{ NATIVE_SHIFT, "Shift" },
	{ NATIVE_META, "Meta" },
};

/*
 * Named keys of a key sequence (case-insensitive), with the name Qt's
 * portable format has for each: the probe hands the text to QKeySequence,
 * which knows "Del" but not "Delete".
 */
static const struct {
	const char	*name;
	const char	*qt;
} native_keys[] = {
	{ "Return", "Return" },
	{ "Enter", "Enter" },
	{ "Tab", "Tab" },
	{ "Backtab", "Backtab" },
	{ "Backspace", "Backspace" },
	{ "Del", "Del" },
	{ "Delete", "Del" },
	{ "Ins", "Ins" },
	{ "Insert", "Ins" },
	{ "Esc", "Esc" },
	{ "Escape", "Esc" },
	{ "Home", "Home" },
	{ "End", "End" },
	{ "PgUp", "PgUp" },
	{ "PageUp", "PgUp" },
	{ "PgDown", "PgDown" },
	{ "PgDn", "PgDown" },
	{ "PageDown", "PgDown" },
	{ "Left", "Left" },
	{ "Right", "Right" },
	{ "Up", "Up" },
	{ "Down", "Down" },
	{ "Space", "Space" },
	{ "Print", "Print" },
	{ "Pause", "Pause" },
	{ "Menu", "Menu" },
	{ "CapsLock", "CapsLock" },
	{ "NumLock", "NumLock" },
	{ "ScrollLock", "ScrollLock" },
};

/*
 * Whole objects qt.properties.set converts faithfully.  The probe applies
 * a partial one as it is: {"x":1} as geometry makes the widget 1,0 0x0.
 */
static const char *native_value_shapes[][5] = {
	{ "x", "y", NULL },
	{ "width", "height", NULL },
	{ "x", "y", "width", "height", NULL },
	{ "r", "g", "b", NULL },
	{ "r", "g", "b", "a", NULL },
	{ "_type", "value", NULL },
};

#define N_OBJECT_ID							\
	"\"objectId\":{\"type\":\"string\",\"minLength\":1,"		\
	"\"description\":\"The object's objectId from "		\
	"qt_objects_find or qt_objects_findByClass (such as "		\
	"QObject~21), or its numericId as #N, or a name registered "	\
	"with qt_names_register\"}"
#define N_WIDGET_ID							\
	"\"objectId\":{\"type\":\"string\",\"minLength\":1,"		\
	"\"description\":\"The widget's objectId from "		\
	"qt_objects_find or qt_objects_findByClass (such as "		\
	"QObject~21), or its numericId as #N, or a name registered "	\
	"with qt_names_register\"}"
#define N_MODEL_ID							\
	"\"objectId\":{\"type\":\"string\",\"minLength\":1,"		\
	"\"description\":\"The objectId of the model, or of a view "	\
	"that has one, from qt_models_list, qt_objects_find or "	\
	"qt_objects_findByClass\"}"
#define N_ROOT								\
	"\"root\":{\"type\":\"string\",\"description\":\"Search only "	\
	"this object and its descendants: an objectId from "		\
	"qt_objects_find. An id that does not resolve is ignored and "	\
	"the whole application is searched\"}"
#define N_NONE								\
	"{\"type\":\"object\",\"properties\":{},"			\
	"\"additionalProperties\":false}"
#define N_OBJECT							\
	"{\"type\":\"object\",\"properties\":{" N_OBJECT_ID "},"	\
	"\"required\":[\"objectId\"],\"additionalProperties\":false}"
#define N_WIDGET							\
	"{\"type\":\"object\",\"properties\":{" N_WIDGET_ID "},"	\
	"\"required\":[\"objectId\"],\"additionalProperties\":false}"
#define N_MODEL								\
	"{\"type\":\"object\",\"properties\":{" N_MODEL_ID "},"		\
	"\"required\":[\"objectId\"],\"additionalProperties\":false}"

static void	native_normalize_click(const struct tool *, cJSON *);
static int	native_prepare_set(const struct tool *, cJSON *, cJSON *,
		    char **);
static int	native_prepare_lifecycle(const struct tool *, cJSON *,
		    cJSON *, char **);
static int	native_prepare_send_keys(const struct tool *, cJSON *,
		    cJSON *, char **);
static int	native_prepare_models_data(const struct tool *, cJSON *,
		    cJSON *, char **);
static int	native_present_screenshot(const struct tool *,
		    struct tool_call *, struct probe_result *, cJSON *,
		    char **);
static int	native_present_models_data(const struct tool *,
		    struct tool_call *, struct probe_result *, cJSON *,
		    char **);

const struct tool tools_native[] = {
	/* System. */
	{ "qt_ping", "qt.ping", MODE_NATIVE, "Ping the probe",
	  "Checks that the probe inside the application answers, and how "
	  "busy the application is: eventLoopLatency is the time in ms the "
	  "application took to process its pending events. Use it to see "
	  "whether the application is responsive, for example after an "
	  "action that may have opened a modal dialog. Example: {}",
	  N_NONE, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_version", "qt.version", MODE_NATIVE, "Probe version",
	  "Returns the probe's name, version and protocol (QtMCP 0.1.0, or "
	  "qtPilot for the successor). It does not know the Qt version or "
	  "the application's name. Example: {}",
	  N_NONE, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_modes", "qt.modes", MODE_NATIVE, "Probe API modes",
	  "Lists the API modes the probe serves: native, computer_use and "
	  "chrome. The probe always serves all three; which tools qtmcp "
	  "offers depends on its --mode. Example: {}",
	  N_NONE, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },

	/* Objects. */
	{ "qt_objects_find", "qt.objects.find", MODE_NATIVE,
	  "Find an object by name",
	  "Finds the object with an exact objectName and returns its "
	  "objectId (such as QObject~21), className and numericId. This is "
	  "the usual first step: every other qt_* tool takes an objectId. "
	  "objectNames come from the application's code or .ui files; if "
	  "several objects share a name, which one is found is arbitrary, "
	  "so narrow the search with root. Example: {\"name\": "
	  "\"nameEdit\"}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"name\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"The exact objectName, such as nameEdit or "
	  "submitButton\"}," N_ROOT "},"
	  "\"required\":[\"name\"],\"additionalProperties\":false}",
	  NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_objects_findByClass", "qt.objects.findByClass", MODE_NATIVE,
	  "Find objects by class",
	  "Finds every object of an exact class (subclasses are not "
	  "included) and returns their objectIds, classNames and "
	  "numericIds. Use it for objects without an objectName, for "
	  "example every QPushButton of a window (give the window's "
	  "objectId as root). Example: {\"className\": \"QPushButton\", "
	  "\"root\": \"QObject~3\"}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"className\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"The exact class name, such as QLineEdit or "
	  "QPushButton\"}," N_ROOT "},"
	  "\"required\":[\"className\"],\"additionalProperties\":false}",
	  NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_objects_tree", "qt.objects.tree", MODE_NATIVE, "Object tree",
	  "Returns the tree of objects below root, each node with className, "
	  "objectName, visible, geometry (relative to its parent), text and "
	  "children, to see how a window is built. Without root only the "
	  "application object's subtree is shown, not the windows: pass a "
	  "window's objectId from qt_objects_find. Node ids are paths for "
	  "reading only: get objectIds with qt_objects_find. Keep maxDepth "
	  "small for big windows. Example: {\"root\": \"QObject~3\", "
	  "\"maxDepth\": 2}",
	  "{\"type\":\"object\",\"properties\":{" N_ROOT ","
	  "\"maxDepth\":{\"type\":\"integer\",\"minimum\":-1,"
	  "\"default\":-1,\"description\":\"How many levels below root to "
	  "show: 0 is root alone, -1 everything\"}},"
	  "\"additionalProperties\":false}",
	  NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_objects_info", "qt.objects.info", MODE_NATIVE, "Object info",
	  "Returns an object's className, objectName and class hierarchy "
	  "(superClasses), and for widgets whether it is visible and "
	  "enabled. It does not list parent or children (see "
	  "qt_objects_tree), nor properties (see qt_objects_inspect). "
	  "Example: {\"objectId\": \"QObject~21\"}",
	  N_OBJECT, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_objects_inspect", "qt.objects.inspect", MODE_NATIVE,
	  "Inspect an object",
	  "Returns everything about an object in one call: its info (as "
	  "qt_objects_info), every property with its value, its invokable "
	  "methods and its signals. The answer is large: for one value use "
	  "qt_properties_get. Example: {\"objectId\": \"QObject~21\"}",
	  N_OBJECT, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_objects_query", "qt.objects.query", MODE_NATIVE,
	  "Find objects by class and properties",
	  "Finds objects by class and by property values: className "
	  "(exact), and properties, a map from property name to the exact "
	  "JSON value it must have. Returns objectId, className and "
	  "numericId of each match. Without className, root is ignored and "
	  "every object of the application is a candidate, which can be a "
	  "very long list. Example: {\"className\": \"QLineEdit\", "
	  "\"properties\": {\"text\": \"Alice\"}}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"className\":{\"type\":\"string\",\"description\":\"The exact "
	  "class name\"},"
	  "\"properties\":{\"type\":\"object\",\"description\":\"Property "
	  "name to required value, compared as JSON, such as {visible: "
	  "true}\"}," N_ROOT "},"
	  "\"additionalProperties\":false}",
	  NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },

	/* Properties, methods, signals. */
	{ "qt_properties_list", "qt.properties.list", MODE_NATIVE,
	  "List properties",
	  "Lists every property of an object, inherited ones included, with "
	  "its type, whether it is readable and writable, and its current "
	  "value in JSON form. Use it to learn which names qt_properties_get "
	  "and qt_properties_set take and the form of their values. "
	  "Example: {\"objectId\": \"QObject~21\"}",
	  N_OBJECT, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_properties_get", "qt.properties.get", MODE_NATIVE,
	  "Read a property",
	  "Reads one property of an object, dynamic properties included. "
	  "Values are JSON: strings and numbers, {x, y, width, height} for "
	  "rectangles, {r, g, b, a} for colours, {_type, value} for enums "
	  "and other types. Example: {\"objectId\": \"QObject~21\", "
	  "\"name\": \"text\"}",
	  "{\"type\":\"object\",\"properties\":{" N_OBJECT_ID ","
	  "\"name\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"The property's name, such as text, value, "
	  "checked or currentIndex\"}},"
	  "\"required\":[\"objectId\",\"name\"],"
	  "\"additionalProperties\":false}",
	  NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_properties_set", "qt.properties.set", MODE_NATIVE,
	  "Write a property",
	  "Writes one property of an object: the text of a line edit, the "
	  "value of a slider, checked of a check box, currentIndex, enabled, "
	  "visible. It is also the way to enter text with newlines or "
	  "non-ASCII characters, which cannot be typed. A name the object "
	  "does not declare silently creates a dynamic property, so check "
	  "names with qt_properties_list. An object value must be whole: "
	  "{x, y}, {width, height}, {x, y, width, height}, {r, g, b[, a]} or "
	  "{_type, value}. Example: {\"objectId\": \"QObject~21\", \"name\": "
	  "\"text\", \"value\": \"Alice\"}",
	  "{\"type\":\"object\",\"properties\":{" N_OBJECT_ID ","
	  "\"name\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"The property's name\"},"
	  "\"value\":{\"type\":[\"string\",\"number\",\"boolean\","
	  "\"object\",\"array\"],\"description\":\"The new value, in the "
	  "JSON form qt_properties_get returns; a colour may also be "
	  "#RRGGBB\"}},"
	  "\"required\":[\"objectId\",\"name\",\"value\"],"
	  "\"additionalProperties\":false}",
	  NULL, TOOL_DESTRUCTIVE|TOOL_IDEMPOTENT,
	  NULL, native_prepare_set, NULL, NULL },
	{ "qt_methods_list", "qt.methods.list", MODE_NATIVE, "List methods",
	  "Lists the slots and Q_INVOKABLE methods of an object with their "
	  "signatures, return types and parameter names: the methods "
	  "qt_methods_invoke can call. Example: {\"objectId\": "
	  "\"QObject~21\"}",
	  N_OBJECT, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_methods_invoke", "qt.methods.invoke", MODE_NATIVE,
	  "Call a method",
	  "Calls a slot or invokable method of an object and returns its "
	  "result: clear on a line edit, setCurrentIndex on a tab widget, "
	  "click on a button, close on a window (which may end the "
	  "application). The method is chosen by name and argument count "
	  "only; plain C++ methods such as isVisible cannot be called (read "
	  "the property instead). Example: {\"objectId\": \"QObject~47\", "
	  "\"method\": \"click\"}",
	  "{\"type\":\"object\",\"properties\":{" N_OBJECT_ID ","
	  "\"method\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"The method's name without parentheses, such "
	  "as clear or setCurrentIndex\"},"
	  "\"args\":{\"type\":\"array\",\"maxItems\":10,"
	  "\"description\":\"The arguments in order, as JSON values (at "
	  "most 10)\"}},"
	  "\"required\":[\"objectId\",\"method\"],"
	  "\"additionalProperties\":false}",
	  NULL, TOOL_DESTRUCTIVE,
	  NULL, NULL, NULL, NULL },
	{ "qt_signals_list", "qt.signals.list", MODE_NATIVE, "List signals",
	  "Lists the signals of an object with their signatures and "
	  "parameters: the names qt_signals_subscribe takes. Example: "
	  "{\"objectId\": \"QObject~47\"}",
	  N_OBJECT, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_signals_subscribe", "qt.signals.subscribe", MODE_NATIVE,
	  "Subscribe to a signal",
	  "Subscribes to a signal of an object, such as clicked of a button "
	  "or valueChanged of a slider, and returns a subscriptionId. Each "
	  "emission is recorded by qtmcp: read them with qtmcp_events (they "
	  "carry no argument values). objectId must be an objectId string "
	  "from qt_objects_find or qt_objects_findByClass: #N ids and "
	  "registered names do not work here. The subscription lasts until "
	  "qt_signals_unsubscribe or the object's end. Example: "
	  "{\"objectId\": \"QObject~47\", \"signal\": \"clicked\"}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"objectId\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"The object's objectId string from "
	  "qt_objects_find or qt_objects_findByClass (not #N or a "
	  "registered name)\"},"
	  "\"signal\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"The signal's name without parentheses, such "
	  "as clicked, textChanged or valueChanged\"}},"
	  "\"required\":[\"objectId\",\"signal\"],"
	  "\"additionalProperties\":false}",
	  NULL, 0,
	  NULL, NULL, NULL, NULL },
	{ "qt_signals_unsubscribe", "qt.signals.unsubscribe", MODE_NATIVE,
	  "Cancel a subscription",
	  "Cancels a subscription made with qt_signals_subscribe. An unknown "
	  "subscriptionId is reported as success too. Example: "
	  "{\"subscriptionId\": \"sub_1\"}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"subscriptionId\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"The subscriptionId qt_signals_subscribe "
	  "returned, such as sub_1\"}},"
	  "\"required\":[\"subscriptionId\"],"
	  "\"additionalProperties\":false}",
	  NULL, TOOL_IDEMPOTENT,
	  NULL, NULL, NULL, NULL },
	{ "qt_signals_setLifecycle", "qt.signals.setLifecycle", MODE_NATIVE,
	  "Object lifecycle notifications",
	  "Switches the probe's notifications of created and destroyed "
	  "objects. Only false (off) is accepted: with this probe, true "
	  "starts an endless flood of notifications that lasts for later "
	  "clients too and can leave the application spinning, so qtmcp "
	  "refuses it. To learn when an object goes away, subscribe to its "
	  "destroyed signal with qt_signals_subscribe. Example: "
	  "{\"enabled\": false}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"enabled\":{\"type\":\"boolean\",\"description\":\"false to "
	  "switch the notifications off; true is refused\"}},"
	  "\"required\":[\"enabled\"],\"additionalProperties\":false}",
	  NULL, TOOL_IDEMPOTENT,
	  NULL, native_prepare_lifecycle, NULL, NULL },

	/* UI. */
	{ "qt_ui_click", "qt.ui.click", MODE_NATIVE, "Click a widget",
	  "Clicks a widget with the mouse, at its centre or at position "
	  "(pixels from the widget's top-left corner), after activating "
	  "and raising its window. Use it to press buttons, check boxes and "
	  "tabs you know by id; to click a point of a screenshot use "
	  "cu_leftClick. Position {x: 0, y: 0} means the centre: use "
	  "{x: 1, y: 1} for the corner. Example: {\"objectId\": "
	  "\"QObject~47\"}",
	  "{\"type\":\"object\",\"properties\":{" N_WIDGET_ID ","
	  "\"button\":{\"type\":\"string\",\"enum\":[\"left\",\"right\","
	  "\"middle\"],\"default\":\"left\",\"description\":\"Which mouse "
	  "button\"},"
	  "\"position\":{\"type\":\"object\",\"description\":\"Where to "
	  "click, in pixels from the widget's top-left corner (default: "
	  "the centre)\",\"properties\":{"
	  "\"x\":{\"type\":\"integer\",\"minimum\":0,\"description\":"
	  "\"Pixels from the widget's left edge\"},"
	  "\"y\":{\"type\":\"integer\",\"minimum\":0,\"description\":"
	  "\"Pixels from the widget's top edge\"}},"
	  "\"required\":[\"x\",\"y\"],\"additionalProperties\":false}},"
	  "\"required\":[\"objectId\"],\"additionalProperties\":false}",
	  NULL, TOOL_DESTRUCTIVE,
	  native_normalize_click, NULL, NULL, NULL },
	{ "qt_ui_sendKeys", "qt.ui.sendKeys", MODE_NATIVE,
	  "Type into a widget",
	  "Gives a widget the keyboard focus, types text into it, then "
	  "presses sequence, a Qt key sequence: chords separated by \", \", "
	  "each modifiers (Ctrl, Shift, Alt, Meta) and one key joined by + "
	  "(Ctrl+S, Ctrl+K, Ctrl+C, Ctrl++). Keys: A-Z, 0-9, F1-F35, "
	  "Return, Enter, Tab, Backtab, Backspace, Del, Ins, Esc, Home, End, "
	  "PgUp, PgDown, Left, Right, Up, Down, Space, Print, Pause, Menu, "
	  "CapsLock, NumLock, ScrollLock, or one punctuation character. "
	  "text may hold printable ASCII, "
	  "tabs and newlines (typed as Return); other characters would abort "
	  "the application and are refused: set such text with "
	  "qt_properties_set (name text). Example: {\"objectId\": "
	  "\"QObject~21\", \"text\": \"Alice\", \"sequence\": \"Return\"}",
	  "{\"type\":\"object\",\"properties\":{" N_WIDGET_ID ","
	  "\"text\":{\"type\":\"string\",\"description\":\"Text to type, "
	  "character by character: printable ASCII, tabs and newlines\"},"
	  "\"sequence\":{\"type\":\"string\",\"description\":\"Keys to "
	  "press after the text, such as Ctrl+A or Ctrl+K, Ctrl+C\"}},"
	  "\"required\":[\"objectId\"],\"additionalProperties\":false}",
	  NULL, TOOL_DESTRUCTIVE,
	  NULL, native_prepare_send_keys, NULL, NULL },
	{ "qt_ui_screenshot", "qt.ui.screenshot", MODE_NATIVE,
	  "Screenshot of a widget",
	  "Takes a screenshot of one widget and returns it as a PNG image: "
	  "the widget alone, a region of it, or with fullWindow its whole "
	  "window as shown on screen. Use fullWindow only with a window's "
	  "objectId (it turns a child widget into a native window); for an "
	  "image whose pixels are click coordinates use cu_screenshot. An "
	  "image over the host's size limit is scaled down, and the text "
	  "says so. Example: {\"objectId\": \"QObject~3\"}",
	  "{\"type\":\"object\",\"properties\":{" N_WIDGET_ID ","
	  "\"fullWindow\":{\"type\":\"boolean\",\"default\":false,"
	  "\"description\":\"Capture the widget's whole window from the "
	  "screen; only for a window's objectId\"},"
	  "\"region\":{\"type\":\"object\",\"description\":\"Capture only "
	  "this rectangle, in pixels from the widget's top-left corner\","
	  "\"properties\":{"
	  "\"x\":{\"type\":\"integer\",\"minimum\":0,\"description\":"
	  "\"Left edge\"},"
	  "\"y\":{\"type\":\"integer\",\"minimum\":0,\"description\":"
	  "\"Top edge\"},"
	  "\"width\":{\"type\":\"integer\",\"minimum\":1,\"description\":"
	  "\"Width in pixels\"},"
	  "\"height\":{\"type\":\"integer\",\"minimum\":1,\"description\":"
	  "\"Height in pixels\"}},"
	  "\"required\":[\"x\",\"y\",\"width\",\"height\"],"
	  "\"additionalProperties\":false}},"
	  "\"required\":[\"objectId\"],\"additionalProperties\":false}",
	  NULL, TOOL_READONLY|TOOL_OFFLOAD,
	  NULL, NULL, native_present_screenshot, NULL },
	{ "qt_ui_geometry", "qt.ui.geometry", MODE_NATIVE, "Widget geometry",
	  "Returns a widget's geometry: local (position in its parent and "
	  "size), global (position on the screen and size) and "
	  "devicePixelRatio. global is in the screen coordinates of "
	  "qt_ui_hitTest and of the cu_* tools with screenAbsolute. "
	  "Example: {\"objectId\": \"QObject~21\"}",
	  N_WIDGET, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_ui_hitTest", "qt.ui.hitTest", MODE_NATIVE,
	  "Widget at a screen point",
	  "Returns the widget at a point of the screen (global logical "
	  "coordinates, as qt_ui_geometry's global): its objectId and "
	  "className. Use it to identify what is at a point seen on the "
	  "screen. Example: {\"x\": 432, \"y\": 103} (the test app's name "
	  "field when its window is at 0,0)",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"x\":{\"type\":\"integer\",\"description\":\"Horizontal "
	  "screen coordinate\"},"
	  "\"y\":{\"type\":\"integer\",\"description\":\"Vertical screen "
	  "coordinate\"}},"
	  "\"required\":[\"x\",\"y\"],\"additionalProperties\":false}",
	  NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },

	/* Symbolic names. */
	{ "qt_names_register", "qt.names.register", MODE_NATIVE,
	  "Name an object",
	  "Gives an object a short name that the qt_* tools then accept as "
	  "objectId (except qt_signals_subscribe). path must be an objectId "
	  "from qt_objects_find (such as QObject~47) or a path starting "
	  "with QApplication/; paths such as MainWindow/... do not resolve. "
	  "The names belong to the application and outlive this session; "
	  "an existing name is replaced. Example: {\"name\": \"submit\", "
	  "\"path\": \"QObject~47\"}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"name\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"The name to give, such as submit (not all "
	  "digits: those are read as #N ids)\"},"
	  "\"path\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"What it names: an objectId from "
	  "qt_objects_find\"}},"
	  "\"required\":[\"name\",\"path\"],\"additionalProperties\":false}",
	  NULL, TOOL_DESTRUCTIVE|TOOL_IDEMPOTENT,
	  NULL, NULL, NULL, NULL },
	{ "qt_names_unregister", "qt.names.unregister", MODE_NATIVE,
	  "Remove a name",
	  "Removes a name made with qt_names_register (an unknown name is "
	  "reported as success too). Example: {\"name\": \"submit\"}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"name\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"The name to remove\"}},"
	  "\"required\":[\"name\"],\"additionalProperties\":false}",
	  NULL, TOOL_DESTRUCTIVE|TOOL_IDEMPOTENT,
	  NULL, NULL, NULL, NULL },
	{ "qt_names_list", "qt.names.list", MODE_NATIVE, "List names",
	  "Lists the registered names and the paths they stand for, as "
	  "{name: path}. Example: {}",
	  N_NONE, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_names_validate", "qt.names.validate", MODE_NATIVE,
	  "Check names",
	  "Checks every registered name: returns name, path and valid "
	  "(whether the path still names a live object). Use it after the "
	  "application restarted or rebuilt its windows. Example: {}",
	  N_NONE, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_names_load", "qt.names.load", MODE_NATIVE, "Load names",
	  "Replaces all registered names with those of a JSON file of the "
	  "form {\"name\": \"path\"} on the application's machine, and "
	  "returns how many were loaded. Example: {\"filePath\": "
	  "\"/home/user/qtmcp-names.json\"}",
	  "{\"type\":\"object\",\"properties\":{"
	  "\"filePath\":{\"type\":\"string\",\"minLength\":1,"
	  "\"description\":\"Path of the file, on the machine the "
	  "application runs on\"}},"
	  "\"required\":[\"filePath\"],\"additionalProperties\":false}",
	  NULL, TOOL_DESTRUCTIVE|TOOL_IDEMPOTENT,
	  NULL, NULL, NULL, NULL },

	/* QML and models. */
	{ "qt_qml_inspect", "qt.qml.inspect", MODE_NATIVE, "QML details",
	  "For a Qt Quick item: whether it is a QML item, and its QML id, "
	  "source file and type name. It fails when the probe was built "
	  "without Qt Quick support. Example: {\"objectId\": \"QObject~3\"}",
	  N_OBJECT, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_models_list", "qt.models.list", MODE_NATIVE, "List item models",
	  "Lists the application's item models (the data behind list, "
	  "table and tree views) with objectId, className, rowCount, "
	  "columnCount and roleNames; Qt's own internal models appear too. "
	  "Read one with qt_models_data. Example: {}",
	  N_NONE, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_models_info", "qt.models.info", MODE_NATIVE, "Model info",
	  "Returns an item model's className, rowCount, columnCount, "
	  "hasChildren and roleNames. objectId may be the model itself or a "
	  "view (list, table, tree widget) whose model is meant. Example: "
	  "{\"objectId\": \"tableTab/QTableWidget/QObject\"}",
	  N_MODEL, NULL, TOOL_READONLY,
	  NULL, NULL, NULL, NULL },
	{ "qt_models_data", "qt.models.data", MODE_NATIVE, "Read model data",
	  "Reads cells of an item model (or of a view's model), one value "
	  "per column for each role: rows from offset, limit rows at a time "
	  "(by default all of a model of up to 100 rows, else 100). row "
	  "reads that one row; column keeps only that column; role reads "
	  "that role (display, edit, toolTip, checkState... or the model's "
	  "own names, or a number) instead of display; parentRow and "
	  "parentCol read the children of a tree item. Example: "
	  "{\"objectId\": \"tableTab/QTableWidget/QObject\", \"row\": 1, "
	  "\"column\": 0} gives Beta.",
	  "{\"type\":\"object\",\"properties\":{" N_MODEL_ID ","
	  "\"row\":{\"type\":\"integer\",\"minimum\":0,"
	  "\"description\":\"Read only this row (0-based); not with "
	  "offset or limit\"},"
	  "\"column\":{\"type\":\"integer\",\"minimum\":0,"
	  "\"description\":\"Keep only this column (0-based)\"},"
	  "\"role\":{\"type\":[\"string\",\"integer\"],"
	  "\"description\":\"The role to read, by name (display, edit, "
	  "toolTip, checkState, or the model's own) or number; default "
	  "display\"},"
	  "\"offset\":{\"type\":\"integer\",\"minimum\":0,\"default\":0,"
	  "\"description\":\"First row to read (0-based)\"},"
	  "\"limit\":{\"type\":\"integer\",\"minimum\":-1,\"default\":-1,"
	  "\"description\":\"How many rows; -1 or 0: automatic (all of a "
	  "small model, else 100)\"},"
	  "\"parentRow\":{\"type\":\"integer\",\"minimum\":-1,"
	  "\"default\":-1,\"description\":\"In a tree model, read the "
	  "children of the item at this row (-1: the top level)\"},"
	  "\"parentCol\":{\"type\":\"integer\",\"minimum\":0,"
	  "\"default\":0,\"description\":\"Column of that parent item\"}},"
	  "\"required\":[\"objectId\"],\"additionalProperties\":false}",
	  NULL, TOOL_READONLY,
	  NULL, native_prepare_models_data, native_present_models_data,
	  NULL },
};
const size_t tools_native_count = nitems(tools_native);

static const char *
native_str(const cJSON *args, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(args, name);

	return (cJSON_IsString(v) ? v->valuestring : NULL);
}

static cJSON *
native_step(cJSON *steps, const char *method, const cJSON *args)
{
	cJSON	*step, *params;

	step = cJSON_CreateObject();
	cJSON_AddStringToObject(step, "method", method);
	params = args != NULL ? cJSON_Duplicate(args, 1) : cJSON_CreateObject();
	cJSON_AddItemToObject(step, "params", params);
	cJSON_AddItemToArray(steps, step);
	return (params);
}

static void
native_normalize_click(const struct tool *t, cJSON *args)
{
	cu_lowercase(args, "button");
}

/* --- qt_properties_set -------------------------------------------------- */

static int
native_shape_is(const cJSON *obj, const char *const *keys)
{
	int	n;

	for (n = 0; keys[n] != NULL; n++) {
		if (cJSON_GetObjectItemCaseSensitive(obj, keys[n]) == NULL)
			return (0);
	}
	return (cJSON_GetArraySize(obj) == n);
}

static int
native_prepare_set(const struct tool *t, cJSON *args, cJSON *steps,
    char **cause)
{
	const cJSON	*value;
	size_t		 i;

	value = cJSON_GetObjectItemCaseSensitive(args, "value");
	if (cJSON_IsObject(value)) {
		for (i = 0; i < nitems(native_value_shapes); i++) {
			if (native_shape_is(value, native_value_shapes[i]))
				break;
		}
		if (i == nitems(native_value_shapes)) {
			*cause = xstrdup("qt_properties_set refused: an object "
			    "value must be a whole point {x, y}, size {width, "
			    "height}, rectangle {x, y, width, height}, colour "
			    "{r, g, b} or {r, g, b, a}, or {_type, value} as "
			    "qt_properties_get returns it. The probe would "
			    "apply a partial object as it is ({x: 1} as "
			    "geometry makes the widget 0x0): read the current "
			    "value with qt_properties_get and send it whole.");
			return (-1);
		}
	}
	native_step(steps, "qt.properties.set", args);
	return (0);
}

/* --- qt_signals_setLifecycle -------------------------------------------- */

static int
native_prepare_lifecycle(const struct tool *t, cJSON *args, cJSON *steps,
    char **cause)
{
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(args, "enabled"))) {
		*cause = xstrdup("qt_signals_setLifecycle refused enabled: "
		    "true. This probe then floods the connection with endless "
		    "objectDestroyed notifications (thousands a second, "
		    "without object ids) that stop only when the client "
		    "disconnects, and the switch stays on for later clients. "
		    "To learn when an object goes away, use "
		    "qt_signals_subscribe on its destroyed signal and read "
		    "qtmcp_events; enabled: false is accepted.");
		return (-1);
	}
	native_step(steps, "qt.signals.setLifecycle", args);
	return (0);
}

/* --- qt_ui_sendKeys ----------------------------------------------------- */

static int
native_modifier(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(native_modifiers); i++) {
		if (strcasecmp(native_modifiers[i].name, name) == 0)
			return (native_modifiers[i].bit);
	}
	return (0);
}

/* A key of a chord in Qt's portable spelling; NULL if not one. */
static const char *
native_key(const char *name, char *buf, size_t len)
{
	const char	*errstr;
	long long	 f;
	size_t		 i;

	if (name[0] != '\0' && name[1] == '\0') {
		if (!isprint((unsigned char)name[0]) || name[0] == ' ')
			return (NULL);
		snprintf(buf, len, "%c", toupper((unsigned char)name[0]));
		return (buf);
	}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] != '0') {
		f = util_strtonum(name + 1, 1, 35, &errstr);
		if (errstr == NULL) {
			snprintf(buf, len, "F%lld", f);
			return (buf);
		}
	}
	for (i = 0; i < nitems(native_keys); i++) {
		if (strcasecmp(native_keys[i].name, name) == 0)
			return (native_keys[i].qt);
	}
	return (NULL);
}

static int
native_sequence_fail(const char *seq, char **cause, const char *fmt, ...)
{
	va_list	 ap;
	char	*what, *keys, *w;
	size_t	 i;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	keys = xstrdup("");
	for (i = 0; i < nitems(native_keys); i++) {
		if (strcmp(native_keys[i].name, native_keys[i].qt) != 0)
			continue;
		w = xasprintf("%s%s, ", keys, native_keys[i].qt);
		free(keys);
		keys = w;
	}
	*cause = xasprintf("qt_ui_sendKeys refused sequence \"%s\": %s. Write "
	    "chords separated by \", \", each chord modifiers and one key "
	    "joined by + (such as \"Ctrl+S\", \"Ctrl+K, Ctrl+C\" or "
	    "\"Ctrl++\"). Modifiers: Ctrl, Shift, Alt, Meta. Keys: A-Z, 0-9, "
	    "F1-F35, %sor one punctuation character. The probe aborts the "
	    "application on a sequence Qt cannot read, so this one was not "
	    "sent.", seq, what, keys);
	free(keys);
	free(what);
	return (-1);
}

/*
 * Read a key sequence in Qt's portable text format, strictly, into its
 * chords in Qt's own spelling ("Ctrl+Shift+S").  The probe sends only a
 * sequence's first chord, and aborts the application on one Qt cannot
 * read; so each chord goes on its own and nothing doubtful is sent.
 */
static int
native_parse_sequence(const char *seq, cJSON *chords, char **cause)
{
	const char	*p = seq, *start, *key;
	char		 tok[32], keybuf[16], chord[64];
	size_t		 n, i;
	int		 mods, bit;

	while (*p == ' ')
		p++;
	if (*p == '\0')
		return (native_sequence_fail(seq, cause, "it is empty"));
	for (;;) {
		mods = 0;
		for (;;) {
			while (*p == ' ')
				p++;
			if (*p == '\0')
				return (native_sequence_fail(seq, cause, "%s",
				    mods != 0 ? "a chord ends with '+' and no "
				    "key" : "a chord is empty"));
			start = p;
			if (isalnum((unsigned char)*p)) {
				while (isalnum((unsigned char)*p) || *p == '_')
					p++;
			} else if (*p > ' ' && *p < 0x7f)
				p++;
			else
				return (native_sequence_fail(seq, cause,
				    "it has a character that is not printable "
				    "ASCII"));
			n = p - start;
			if (n >= sizeof tok)
				return (native_sequence_fail(seq, cause,
				    "'%.*s' is not a key", (int)n, start));
			memcpy(tok, start, n);
			tok[n] = '\0';
			while (*p == ' ')
				p++;
			if (*p != '+' || !isalnum((unsigned char)tok[0]))
				break;
			/* A name before '+' is a modifier. */
			if ((bit = native_modifier(tok)) == 0)
				return (native_sequence_fail(seq, cause, "'%s' "
				    "is not a modifier", tok));
			mods |= bit;
			p++;
		}
		if ((key = native_key(tok, keybuf, sizeof keybuf)) == NULL) {
			if (native_modifier(tok) != 0)
				return (native_sequence_fail(seq, cause, "a "
				    "chord needs a key after its modifiers, "
				    "such as %s+S", tok));
			return (native_sequence_fail(seq, cause, "'%s' is not "
			    "a key", tok));
		}
		n = 0;
		for (i = 0; i < nitems(native_modifier_order); i++) {
			if (mods & native_modifier_order[i].bit)
				n += snprintf(chord + n, sizeof chord - n,
				    "%s+", native_modifier_order[i].qt);
		}
		snprintf(chord + n, sizeof chord - n, "%s", key);
		cJSON_AddItemToArray(chords, cJSON_CreateString(chord));

		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if (*p != ',') {
			/*
			 * The whole character: a lone byte of one is not
			 * UTF-8, and the text goes into JSON.
			 */
			for (n = 1; ((unsigned char)p[n] & 0xc0) == 0x80; n++)
				/* nothing */;
			return (native_sequence_fail(seq, cause,
			    "'%.*s' after the key %s", (int)n, p, key));
		}
		p++;
		while (*p == ' ')
			p++;
		if (*p == '\0')
			return (native_sequence_fail(seq, cause,
			    "it ends with a comma (the comma key is written "
			    "as in \"Ctrl+,\")"));
	}
	return (0);
}

/*
 * Steps of qt.ui.sendKeys: each line of text (with Return between lines),
 * the last line with the sequence's first chord, then each further chord
 * on its own.
 */
static int
native_prepare_send_keys(const struct tool *t, cJSON *args, cJSON *steps,
    char **cause)
{
	const char	*id, *text, *seq;
	cJSON		*lines = NULL, *chords, *chord, *line, *params;
	int		 i = 0, n;

	id = native_str(args, "objectId");
	text = native_str(args, "text");
	seq = native_str(args, "sequence");
	if ((text == NULL || *text == '\0') && (seq == NULL || *seq == '\0')) {
		*cause = xstrdup("qt_ui_sendKeys needs text to type, a "
		    "sequence of keys to press, or both: for example "
		    "{\"objectId\": \"QObject~21\", \"text\": \"Alice\"} or "
		    "{\"objectId\": \"QObject~21\", \"sequence\": "
		    "\"Ctrl+A\"}.");
		return (-1);
	}
	chords = cJSON_CreateArray();
	if (seq != NULL && *seq != '\0' &&
	    native_parse_sequence(seq, chords, cause) == -1) {
		cJSON_Delete(chords);
		return (-1);
	}
	if (text != NULL && *text != '\0' &&
	    cu_text_lines(t->name, "text", text, &lines, cause) == -1) {
		cJSON_Delete(chords);
		return (-1);
	}
	chord = chords->child;
	n = cJSON_GetArraySize(lines);
	cJSON_ArrayForEach(line, lines) {
		params = cJSON_CreateObject();
		cJSON_AddStringToObject(params, "objectId", id);
		if (*line->valuestring != '\0')
			cJSON_AddStringToObject(params, "text",
			    line->valuestring);
		if (++i < n)
			cJSON_AddStringToObject(params, "sequence", "Return");
		else if (chord != NULL) {
			cJSON_AddStringToObject(params, "sequence",
			    chord->valuestring);
			chord = chord->next;
		}
		if (cJSON_GetArraySize(params) > 1)
			native_step(steps, "qt.ui.sendKeys", params);
		cJSON_Delete(params);
	}
	for (; chord != NULL; chord = chord->next) {
		params = native_step(steps, "qt.ui.sendKeys", NULL);
		cJSON_AddStringToObject(params, "objectId", id);
		cJSON_AddStringToObject(params, "sequence", chord->valuestring);
	}
	cJSON_Delete(lines);
	cJSON_Delete(chords);
	return (0);
}

/* --- qt_ui_screenshot --------------------------------------------------- */

static int
native_present_screenshot(const struct tool *t, struct tool_call *c,
    struct probe_result *res, cJSON *result, char **cause)
{
	struct qpng_fitted	 f;
	const char		*id;
	char			*line, *text;

	if (qpng_fit_answer(res->payload, tool_call_config(c)->max_image_bytes,
	    t->name, "Is the widget visible? qt_objects_info says.", &f,
	    cause) == -1)
		return (-1);
	tool_result_image(result, f.base64, "image/png");
	id = native_str(tool_call_args(c), "objectId");
	line = qpng_describe(&f);
	text = xasprintf("Screenshot of %s: %s.", id != NULL ? id : "the "
	    "widget", line);
	tool_result_text(result, text);
	free(text);
	free(line);
	return (0);
}

/* --- qt_models_data ----------------------------------------------------- */

/*
 * The probe reads offset/limit and roles, not the Python tool's row and
 * role.  With no limit it also ignores offset for models of up to 100
 * rows, so an offset gets an explicit limit.
 */
static int
native_prepare_models_data(const struct tool *t, cJSON *args, cJSON *steps,
    char **cause)
{
	const cJSON	*row, *offset, *limit, *role, *v;
	cJSON		*params, *roles;

	row = cJSON_GetObjectItemCaseSensitive(args, "row");
	offset = cJSON_GetObjectItemCaseSensitive(args, "offset");
	limit = cJSON_GetObjectItemCaseSensitive(args, "limit");
	role = cJSON_GetObjectItemCaseSensitive(args, "role");
	if (row != NULL && (offset != NULL || limit != NULL)) {
		*cause = xstrdup("qt_models_data: give row to read one row, or "
		    "offset and limit to read a range, not both.");
		return (-1);
	}
	params = native_step(steps, "qt.models.data", NULL);
	cJSON_AddStringToObject(params, "objectId", native_str(args,
	    "objectId"));
	if (row != NULL) {
		cJSON_AddNumberToObject(params, "offset", row->valuedouble);
		cJSON_AddNumberToObject(params, "limit", 1);
	} else {
		if (offset != NULL)
			cJSON_AddNumberToObject(params, "offset",
			    offset->valuedouble);
		if (limit != NULL && limit->valuedouble > 0)
			cJSON_AddNumberToObject(params, "limit",
			    limit->valuedouble);
		else if (offset != NULL && offset->valuedouble > 0)
			cJSON_AddNumberToObject(params, "limit", 100);
		else if (limit != NULL)
			cJSON_AddNumberToObject(params, "limit",
			    limit->valuedouble);
	}
	if (role != NULL) {
		roles = cJSON_AddArrayToObject(params, "roles");
		cJSON_AddItemToArray(roles, cJSON_Duplicate(role, 1));
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(args, "parentRow")) != NULL)
		cJSON_AddNumberToObject(params, "parentRow", v->valuedouble);
	if ((v = cJSON_GetObjectItemCaseSensitive(args, "parentCol")) != NULL)
		cJSON_AddNumberToObject(params, "parentCol", v->valuedouble);
	return (0);
}

/* The payload as JSON, with only the asked column's cells when there is one. */
static int
native_present_models_data(const struct tool *t, struct tool_call *c,
    struct probe_result *res, cJSON *result, char **cause)
{
	const cJSON	*column, *total;
	cJSON		*copy, *row, *cells, *cell;
	int		 col;

	copy = res->payload != NULL ? cJSON_Duplicate(res->payload, 1) :
	    cJSON_CreateNull();
	column = cJSON_GetObjectItemCaseSensitive(tool_call_args(c), "column");
	if (cJSON_IsNumber(column) && cJSON_IsArray(
	    cJSON_GetObjectItemCaseSensitive(copy, "rows"))) {
		col = column->valueint;
		total = cJSON_GetObjectItemCaseSensitive(copy, "totalColumns");
		if (cJSON_IsNumber(total) && col >= total->valueint) {
			*cause = xasprintf("qt_models_data: column %d does not "
			    "exist: the model has %d column%s%s.", col,
			    total->valueint, total->valueint == 1 ? "" : "s",
			    total->valueint > 0 ? " (numbered from 0)" : "");
			cJSON_Delete(copy);
			return (-1);
		}
		cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(copy,
		    "rows")) {
			cells = cJSON_GetObjectItemCaseSensitive(row, "cells");
			if (!cJSON_IsArray(cells))
				continue;
			cell = cJSON_DetachItemFromArray(cells, col);
			cJSON_ReplaceItemInObjectCaseSensitive(row, "cells",
			    cJSON_CreateArray());
			if (cell != NULL)
				cJSON_AddItemToArray(
				    cJSON_GetObjectItemCaseSensitive(row,
				    "cells"), cell);
		}
		cJSON_AddNumberToObject(copy, "column", col);
	}
	tool_result_json(c, result, copy);
	return (0);
}

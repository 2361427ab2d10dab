/*
 * double.h: the one header of the probe double, libqtmcp-probe.so for the
 * tests.  The double is preloaded into a plain C program and behaves, on
 * the wire, like the QtMcp probe of shared/probe-protocol.md: the same
 * WebSocket transport quirks, the same JSON-RPC layer, every method of the
 * three modes acting on a deterministic model of QtMcp's Qt test
 * application, and a table of faults tests switch on.
 *
 * Everything below runs on the double's one thread, like the real probe
 * runs on the GUI thread; only the constructor and the exit hook run on the
 * application's thread.
 */

#ifndef DOUBLE_H
#define DOUBLE_H

#include <sys/types.h>
#include <sys/queue.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#ifndef nitems
#define nitems(a) (sizeof (a) / sizeof ((a)[0]))
#endif

#define PROBE_NAME	"QtMCP"
#define PROBE_VERSION	"0.1.0"
#define PROBE_PROTOCOL	"jsonrpc-2.0"
#define DEFAULT_PORT	9222
#define SCREEN_W	1280
#define SCREEN_H	1024
#define CONSOLE_MAX	1000

struct rect {
	int	x, y, w, h;
};

struct point {
	int	x, y;
};

/* --- class table (classes.c) ------------------------------------------- */

struct cls;
struct cls	*classes_table(size_t *);

/* --- classes, objects, properties (model.c) ---------------------------- */

enum ptype {
	PT_BOOL,
	PT_INT,
	PT_DOUBLE,
	PT_STRING,
	PT_RECT,
	PT_POINT,
	PT_SIZE,
	PT_COLOR,
	PT_LIST,
	PT_ENUM,
	PT_OPAQUE
};

#define P_RO		0x1	/* no WRITE accessor: -32011 */
#define P_COMPUTED	0x2	/* read and written by app.c, not stored */

struct prop {
	char		*name;
	char		*type;		/* Qt type name, e.g. "QString" */
	enum ptype	 pt;
	int		 flags;
	cJSON		*def;		/* default, in the probe's JSON form */
};

/* A slot, an invokable or a signal of a class. */
struct meth {
	char		*name;
	char		*signature;
	char		*ret;
	cJSON		*ptypes;	/* array of type names */
	cJSON		*pnames;	/* array of parameter names */
	int		 nargs;
	char		*access;	/* public, protected, private */
	int		 signal;
};

/* Accessible roles, a subset of QAccessible::Role. */
enum role {
	R_NONE,
	R_WINDOW,
	R_CLIENT,
	R_PANE,
	R_LAYEREDPANE,
	R_GROUPING,
	R_STATICTEXT,
	R_EDITABLETEXT,
	R_BUTTON,
	R_CHECKBOX,
	R_COMBOBOX,
	R_SLIDER,
	R_SCROLLBAR,
	R_PAGETAB,
	R_PAGETABLIST,
	R_LIST,
	R_LISTITEM,
	R_TABLE,
	R_CELL,
	R_COLUMNHEADER,
	R_ROWHEADER,
	R_MENUBAR,
	R_POPUPMENU,
	R_MENUITEM,
	R_SEPARATOR,
	R_TOOLBAR,
	R_STATUSBAR,
	R_APPLICATION
};

struct cls {
	const char	*name;
	const char	*super;
	const char	*spec;		/* properties, methods, signals */
	enum role	 role;		/* accessible role of its widgets */
	struct cls	*parent;
	int		 widget;	/* inherits QWidget */
	int		 model;		/* inherits QAbstractItemModel */
	struct prop	*props;
	size_t		 nprops;
	struct meth	*meths;		/* slots and invokables */
	size_t		 nmeths;
	struct meth	*sigs;
	size_t		 nsigs;
};

struct obj {
	TAILQ_ENTRY(obj)	 entry;		/* registry, creation order */
	char			*id;		/* registry ID; NULL when dead */
	struct cls		*cls;
	char			*name;		/* objectName */
	struct obj		*parent;
	struct obj		**kids;
	size_t			 nkids;
	int			 alive;
	int			 widget;
	int			 window;	/* a top-level window */
	int			 hidden;	/* hidden explicitly */
	int			 disabled;	/* disabled explicitly */
	struct rect		 geom;		/* parent-relative; windows: global */
	cJSON			*store;		/* stored property values */
	cJSON			*dyn;		/* dynamic properties */
	u_int			 serial;

	/* What app.c needs to act like the widget. */
	cJSON			*items;		/* combo, list: strings; table: rows */
	struct obj		*action;	/* tool button, menu item: QAction */
	struct obj		*menu;		/* action or menu bar item: QMenu */
	struct obj		*buddy;		/* scroll area part: its owner */
	int			 sel_start;	/* text selection */
	int			 sel_len;
	int			 cursor;	/* text edit cursor */
	int			 down;		/* mouse button held on it */
};
TAILQ_HEAD(objs, obj);

extern struct objs	 obj_all;

void		 obj_init(void);
struct cls	*obj_class(const char *);
int		 obj_inherits(const struct obj *, const char *);
struct obj	*obj_create(const char *, struct obj *, int);
struct obj	*obj_preexisting(const char *, const char *, struct obj *);
void		 obj_set_parent(struct obj *, struct obj *);
void		 obj_destroy(struct obj *);
struct obj	*obj_by_id(const char *);
struct obj	*obj_resolve_path(const char *);
struct obj	*obj_find_under(struct obj *, const char *);
struct obj	*obj_lookup(const char *);
char		*obj_live_path(const struct obj *);
const struct prop *obj_find_prop(const struct obj *, const char *);
const struct meth *obj_find_signal(const struct obj *, const char *);
cJSON		*obj_prop_get(struct obj *, const struct prop *);
int		 obj_prop_set(struct obj *, const char *, const cJSON *,
		     int *, char **);
cJSON		*obj_get(struct obj *, const char *);
int		 obj_geti(struct obj *, const char *);
const char	*obj_gets(struct obj *, const char *);
void		 obj_write(struct obj *, const char *, cJSON *);
void		 obj_writei(struct obj *, const char *, int);
void		 obj_writeb(struct obj *, const char *, int);
void		 obj_writes(struct obj *, const char *, const char *);
void		 obj_store(struct obj *, const char *, cJSON *);
cJSON		*obj_convert(const struct prop *, const cJSON *);
cJSON		*obj_convert_type(const char *, const cJSON *);
cJSON		*obj_properties_json(struct obj *);
cJSON		*obj_methods_json(struct obj *);
cJSON		*obj_signals_json(struct obj *);
cJSON		*obj_superclasses(const struct obj *);
const struct meth *obj_find_method(const struct obj *, const char *, int);
void		 obj_emit(struct obj *, const char *);
int		 obj_visible(const struct obj *);
int		 obj_enabled(const struct obj *);
struct obj	*obj_window(struct obj *);
struct rect	 obj_global(const struct obj *);
int		 obj_child_index(const struct obj *);

/* --- the test application's UI and behaviour (app.c) ------------------- */

struct app {
	struct obj	*qapp;
	struct obj	*main;
	struct obj	*central;
	struct obj	*tabs;
	struct obj	*stack;
	struct obj	*tabbar;
	struct obj	*pages[3];
	struct obj	*nameEdit, *emailEdit, *messageEdit, *comboBox;
	struct obj	*checkBox, *slider, *sliderLabel;
	struct obj	*submit, *clear, *resultGroup, *resultText;
	struct obj	*list, *table, *listModel, *tableModel, *comboModel;
	struct obj	*menubar, *toolbar, *statusbar;
	struct obj	*menus[3];
	struct obj	*focus;		/* the focus widget */
	int		 active;	/* main window is the active window */
	char		*status;	/* the status bar message */
	char		*clipboard;
	int		 quitting;
};

extern struct app	 app;

void		 app_init(void);
struct obj	*app_active_window(void);
struct obj	*app_target_window(void);
struct obj	*app_widget_at(int, int);
struct obj	*app_child_at(struct obj *, int, int);
cJSON		*app_get_computed(struct obj *, const char *);
int		 app_set_computed(struct obj *, const char *, const cJSON *,
		     char **);
void		 app_prop_changed(struct obj *, const char *, const cJSON *);
int		 app_invoke(struct obj *, const struct meth *, const cJSON *,
		     cJSON **, char **);
void		 app_click(struct obj *, int, int, const char *);
void		 app_press(struct obj *, int, int, const char *);
void		 app_release(struct obj *, int, int, const char *);
void		 app_dclick(struct obj *, int, int);
void		 app_drag(struct obj *, int, int, int, int);
void		 app_trigger(struct obj *);
int		 app_menu_rows(struct obj *, const char **, int);
void		 app_button_click(struct obj *);
void		 app_wheel(struct obj *, int);
void		 app_set_focus(struct obj *);
void		 app_type_char(struct obj *, int);
void		 app_key(struct obj *, int, int);
struct obj	*app_focus_widget(void);
int		 app_text_safe(const char *, char **);
void		 app_activate(struct obj *);
void		 app_show_status(const char *, int);
void		 app_quit(void);
void		 app_set_visible(struct obj *, int);
void		 app_destroyed(struct obj *);

/* Key codes the model understands (Qt::Key values where one exists). */
#define K_UNKNOWN	0x01ffffff
#define K_ESCAPE	0x01000000
#define K_TAB		0x01000001
#define K_BACKTAB	0x01000002
#define K_BACKSPACE	0x01000003
#define K_RETURN	0x01000004
#define K_ENTER		0x01000005
#define K_INSERT	0x01000006
#define K_DELETE	0x01000007
#define K_PAUSE		0x01000008
#define K_PRINT		0x01000009
#define K_HOME		0x01000010
#define K_END		0x01000011
#define K_LEFT		0x01000012
#define K_UP		0x01000013
#define K_RIGHT		0x01000014
#define K_DOWN		0x01000015
#define K_PAGEUP	0x01000016
#define K_PAGEDOWN	0x01000017
#define K_SHIFT		0x01000020
#define K_CONTROL	0x01000021
#define K_META		0x01000022
#define K_ALT		0x01000023
#define K_CAPSLOCK	0x01000024
#define K_NUMLOCK	0x01000025
#define K_SCROLLLOCK	0x01000026
#define K_F1		0x01000030
#define K_SUPER_L	0x01000053
#define K_MENU		0x01000055
#define K_SPACE		0x20
#define M_SHIFT		0x02000000
#define M_CTRL		0x04000000
#define M_ALT		0x08000000
#define M_META		0x10000000

/* --- JSON helpers (json.c) --------------------------------------------- */

void		 dj_sort(cJSON *);
char		*dj_print(cJSON *);
char		*dj_print_sorted(cJSON *);
char		*dj_indented_map(cJSON *);
const cJSON	*dj_member(const cJSON *, const char *);
const char	*dj_str(const cJSON *, const char *);
int		 dj_int(const cJSON *, const char *, int);
int		 dj_bool(const cJSON *, const char *, int);
int		 dj_has(const cJSON *, const char *);
int		 dj_equal(const cJSON *, const cJSON *);
cJSON		*dj_rect(struct rect);
cJSON		*dj_point(int, int);
cJSON		*dj_size(int, int);
cJSON		*dj_opaque(const char *, const char *);
int		 dj_utf8_valid(const unsigned char *, size_t);
int		 dj_utf8_count(const char *);
char		*dj_utf8_sub(const char *, int, int);
char		*xstrdup(const char *);
char		*xasprintf(const char *, ...)
		     __attribute__((format(printf, 1, 2)));
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
int64_t		 now_ms(void);
int64_t		 now_us(void);

/* --- console and traffic log (console.c) ------------------------------- */

extern int	 con_traffic;

void		 con_init(void);
void		 con_line(const char *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
void		 con_raw(const char *, ...)
		     __attribute__((format(printf, 1, 2)));
void		 con_traffic_line(const char *, const char *, size_t);
void		 con_record(const char *, const char *);
cJSON		*con_messages(const char *, int, int, int);
void		 con_write_all(int, const char *, size_t);

/* --- JSON-RPC layer (rpc.c) -------------------------------------------- */

/* What a method handler returns when it fails. */
struct rpc_err {
	int		 code;
	char		*message;
	cJSON		*data;		/* structured error, or NULL */
	int		 templated;	/* string-template builder */
};

struct rpc_call {
	const char	*method;
	cJSON		*params;	/* always an object (maybe empty) */
	const cJSON	*rawparams;	/* as sent (echo) */
	char		*meta_id;	/* meta.objectId, or NULL */
	struct rpc_err	 err;
	int		 failed;
};

typedef cJSON	*(*rpc_fn)(struct rpc_call *);

struct rpc_method {
	const char	*name;
	rpc_fn		 fn;
	int		 kind;
#define RPC_BUILTIN	0	/* result not enveloped */
#define RPC_LEGACY	1	/* not enveloped, failures are -32603 */
#define RPC_MODE	2	/* qt.*, cu.*, chr.*: enveloped */
#define RPC_DOUBLE	3	/* double.*: test-only, not enveloped */
	int		 objparam;	/* echo params.objectId in meta */
};

extern u_int	 rpc_requests;

void		 rpc_init(void);
void		 rpc_handle(const char *, size_t);
void		*rpc_fail(struct rpc_call *, int, cJSON *, const char *, ...)
		     __attribute__((format(printf, 4, 5)));
void		*rpc_internal(struct rpc_call *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
void		 rpc_notify(const char *, cJSON *);
cJSON		*rpc_data(const char *, ...);
struct obj	*rpc_object(struct rpc_call *, const char *);
struct obj	*rpc_widget(struct rpc_call *, const char *);
const char	*rpc_required(struct rpc_call *, const char *);
void		 rpc_session_reset(void);
int		 rpc_numeric_id(struct obj *);
struct obj	*rpc_resolve(const char *);
void		 rpc_process_events(void);
void		 rpc_post_lifecycle(struct obj *, int);
void		 rpc_post_delete(struct obj *);
int		 rpc_storm(void);
cJSON		*rpc_modes_json(void);
void		 rpc_set_lifecycle(int);
int		 rpc_lifecycle(void);

/* --- legacy qtmcp.* methods (legacy.c) --------------------------------- */

extern const struct rpc_method leg_methods[];
extern const size_t leg_nmethods;

/* --- native mode (native.c) -------------------------------------------- */

extern const struct rpc_method nat_methods[];
extern const size_t nat_nmethods;

void		 nat_names_autoload(void);
const char	*nat_name_path(const char *);
cJSON		*nat_info(struct obj *);
cJSON		*nat_click(struct obj *, const cJSON *);
cJSON		*nat_send_keys(struct rpc_call *, struct obj *);
cJSON		*nat_screenshot(struct rpc_call *, struct obj *);
struct obj	*nat_root(const cJSON *);
cJSON		*nat_tree_node(struct obj *, int);
cJSON		*nat_geometry(struct obj *);
int		 nat_subscribe(const char *, const char *, char **, int *);
int		 nat_unsubscribe(const char *);
void		 nat_signal(struct obj *, const char *);
void		 nat_object_gone(struct obj *);
int		 nat_subscribed(struct obj *);
cJSON		*nat_state(void);

/* --- computer-use mode (cu.c) ------------------------------------------ */

extern const struct rpc_method cu_methods[];
extern const size_t cu_nmethods;

int		 cu_parse_key(const char *, int *);
int		 cu_key_seq(const char *, int *);
void		 cu_track(int, int);

/* --- Chrome mode (chr.c) ----------------------------------------------- */

extern const struct rpc_method chr_methods[];
extern const size_t chr_nmethods;

void		 chr_reset_refs(void);

/* --- screenshots (shot.c) ---------------------------------------------- */

char		*shot_png_base64(struct rect, int, size_t *);
char		*shot_widget(struct obj *, const struct rect *, int *, int *);

extern int	 shot_level;

/* --- faults (fault.c) -------------------------------------------------- */

struct fault_state {
	int		 listen_delay;	/* ms from load to listen */
	int		 loop_delay;	/* ms from listen to handshakes */
	int		 first_delay;	/* ms added to the first request */
	int		 latency_us;	/* added to every request */
	int		 nolisten;
	int		 delay;		/* ms before every answer */
	char		*delay_method;
	int		 delay_method_ms;
	int		 crash_after;	/* -1: off */
	char		*crash_on;
	int		 hang_after;
	char		*hang_on;
	int		 hanging;
	int		 wrong_id;	/* next responses with a wrong id */
	int		 duplicate;	/* next responses sent twice */
	int		 split;		/* next response in pieces of N */
	size_t		 fragment;	/* outgoing fragment size, 0: none */
	int		 exit_segv;
};

extern struct fault_state faults;
extern const struct rpc_method fault_methods[];
extern const size_t fault_nmethods;

void		 fault_env(void);
int		 fault_apply(const char *, const char *, int, char **);
cJSON		*fault_table_json(void);
void		 fault_before_request(const char *);
void		 fault_control_read(int);
int		 fault_control_fd(void);
void		 fault_hang(void);
void		 fault_crash(const char *);
void		 fault_fired_env(void);
void		 fault_on_connect(void);
void		 fault_wait_ms(int);
void		 fault_timer_set(void (*)(void), int64_t);
int64_t		 fault_next_deadline(void);
void		 fault_run_timers(void);
void		 fault_after_response(void);

/* --- WebSocket server (ws.c) ------------------------------------------- */

int		 ws_listen(int);
void		 ws_run(void);
int		 ws_connected(void);
void		 ws_send(const char *, size_t, int);
void		 ws_send_frame(const char *, size_t, int);
void		 ws_send_action(void (*)(void *), void *);
void		 ws_close(int, const char *);
void		 ws_timers_changed(void);

/* --- the preloaded library (probe.c) ----------------------------------- */

extern int	 probe_port;

void		 probe_quit_app(void);
void		 probe_quit_app_action(void *);
void		 probe_die(int, const char *);
int		 probe_app_loop_reached(void);

#endif /* DOUBLE_H */

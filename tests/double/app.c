/*
 * app.c: the model of QtMcp's Qt test application (probe-protocol.md,
 * Appendix B) inside the probe double: the object tree the app builds, in
 * the order it builds it (so registry IDs come out the way the real probe
 * hands them out), the layout of the 800x600 main window, and what the
 * widgets do when they are clicked, typed into or written to: the label
 * follows the slider, Submit fills the result, Clear resets the form, the
 * status bar shows a message for 3 s, menus open and actions trigger.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "double.h"

struct app	 app;

#define CHAR_W		7	/* pixels per character in a text field */
#define TEXT_X		4	/* text starts this far into a line edit */
#define ITEM_H		20	/* list row height */
#define CELL_W		100	/* table geometry */
#define CELL_H		30
#define HEAD_W		21
#define HEAD_H		23

static const char *tab_names[] = { "Form", "List", "Table" };
static const char *combo_items[] = { "General", "Support", "Feedback",
    "Bug Report" };
static const char *table_rows[3][3] = {
	{ "Alpha", "100", "First item" },
	{ "Beta", "200", "Second item" },
	{ "Gamma", "300", "Third item" },
};

/* Menu contents: the action object name, or NULL for a separator. */
static const char *menu_titles[] = { "File", "Edit", "Help" };
static const char *menu_names[] = { "menuFile", "menuEdit", "menuHelp" };
static const struct {
	const char	*name;
	const char	*text;
	const char	*shortcut;
	int		 menu;
	int		 toolbar;
} app_actions[] = {
	{ "actionNew", "New", "Ctrl+N", 0, 1 },
	{ "actionOpen", "Open", "Ctrl+O", 0, 1 },
	{ "actionSave", "Save", "Ctrl+S", 0, 1 },
	{ NULL, NULL, NULL, 0, 0 },			/* separator */
	{ "actionExit", "Exit", "Ctrl+Q", 0, 0 },
	{ "actionCut", "Cut", "Ctrl+X", 1, 0 },
	{ "actionCopy", "Copy", "Ctrl+C", 1, 0 },
	{ "actionPaste", "Paste", "Ctrl+V", 1, 0 },
	{ "actionAbout", "About", "", 2, 0 },
};
static struct obj	*actions[nitems(app_actions)];
static struct obj	*menu_actions[3];	/* QMenu::menuAction() */
static struct obj	*menubar_ext, *toolbar_ext;
static struct obj	*tool_buttons[3];
static struct obj	*empty_model;

/* --- construction ----------------------------------------------------- */

static struct obj *
mk(const char *cname, struct obj *parent, const char *name, int x, int y,
    int w, int h)
{
	struct obj	*o;

	o = obj_create(cname, parent, 0);
	free(o->name);
	o->name = xstrdup(name);
	o->geom = (struct rect){ x, y, w, h };
	return (o);
}

static void
set_focus_policy(struct obj *o, const char *policy)
{
	obj_store(o, "focusPolicy", dj_opaque("Qt::FocusPolicy", policy));
}

static void
set_text(struct obj *o, const char *prop, const char *text)
{
	obj_store(o, prop, cJSON_CreateString(text));
}

/* The parts QAbstractScrollArea adds: viewport and scroll bars. */
static void
mk_scroll_parts(struct obj *area)
{
	struct obj	*vp, *hc, *vc, *sb;
	int		 w = area->geom.w, h = area->geom.h;

	vp = mk("QWidget", area, "qt_scrollarea_viewport", 1, 1, w - 2,
	    h - 2);
	vp->buddy = area;
	hc = mk("QAbstractScrollAreaScrollBarContainer", area,
	    "qt_scrollarea_hcontainer", 1, h - 17, w - 2, 16);
	hc->hidden = 1;
	sb = mk("QScrollBar", hc, "", 0, 0, w - 2, 16);
	obj_store(sb, "orientation", dj_opaque("Qt::Orientation",
	    "Horizontal"));
	sb->buddy = area;
	vc = mk("QAbstractScrollAreaScrollBarContainer", area,
	    "qt_scrollarea_vcontainer", w - 17, 1, 16, h - 2);
	vc->hidden = 1;
	sb = mk("QScrollBar", vc, "", 0, 0, 16, h - 2);
	sb->buddy = area;
}

static struct obj *
mk_label(struct obj *parent, const char *name, const char *text, int x,
    int y, int w, int h)
{
	struct obj	*o = mk("QLabel", parent, name, x, y, w, h);

	set_text(o, "text", text);
	return (o);
}

static struct obj *
mk_line_edit(struct obj *parent, const char *name, const char *ph, int y)
{
	struct obj	*o;

	o = obj_create("QLineEdit", parent, 0);
	obj_create("QWidgetLineControl", o, 0);
	free(o->name);
	o->name = xstrdup(name);
	o->geom = (struct rect){ 73, y, 696, 22 };
	set_focus_policy(o, "StrongFocus");
	set_text(o, "placeholderText", ph);
	return (o);
}

static struct obj *
mk_text_edit(struct obj *parent, const char *name, int x, int y, int w,
    int h)
{
	struct obj	*o, *ctl;

	o = obj_create("QTextEdit", parent, 0);
	o->geom = (struct rect){ x, y, w, h };
	mk_scroll_parts(o);
	ctl = obj_create("QWidgetTextControl", o, 0);
	obj_create("QTextDocument", ctl, 0);
	free(o->name);
	o->name = xstrdup(name);
	set_focus_policy(o, "StrongFocus");
	obj_store(o, "frameShape", dj_opaque("QFrame::Shape", "StyledPanel"));
	obj_store(o, "frameShadow", dj_opaque("QFrame::Shadow", "Sunken"));
	obj_store(o, "frameWidth", cJSON_CreateNumber(1));
	return (o);
}

static struct obj *
mk_button(const char *cname, struct obj *parent, const char *name,
    const char *text, int x, int y, int w, int h)
{
	struct obj	*o = mk(cname, parent, name, x, y, w, h);

	set_text(o, "text", text);
	set_focus_policy(o, strcmp(cname, "QToolButton") == 0 ? "TabFocus" :
	    "StrongFocus");
	return (o);
}

static void
build_form(struct obj *tab)
{
	struct obj	*lay, *form, *o, *view;
	size_t		 i;

	lay = obj_create("QVBoxLayout", tab, 0);
	free(lay->name);
	lay->name = xstrdup("formLayout");
	form = obj_create("QFormLayout", NULL, 0);
	free(form->name);
	form->name = xstrdup("inputFormLayout");
	obj_set_parent(form, lay);

	mk_label(tab, "nameLabel", "Name:", 9, 9, 58, 22);
	app.nameEdit = mk_line_edit(tab, "nameEdit", "Enter your name", 9);
	mk_label(tab, "emailLabel", "Email:", 9, 37, 58, 22);
	app.emailEdit = mk_line_edit(tab, "emailEdit", "Enter your email",
	    37);
	mk_label(tab, "messageLabel", "Message:", 9, 65, 58, 22);
	app.messageEdit = mk_text_edit(tab, "messageEdit", 73, 65, 696, 100);
	set_text(app.messageEdit, "placeholderText", "Enter your message");
	obj_store(app.messageEdit, "maximumHeight", cJSON_CreateNumber(100));
	obj_store(app.messageEdit, "maximumSize", dj_size(16777215, 100));
	mk_label(tab, "categoryLabel", "Category:", 9, 171, 58, 22);

	o = obj_create("QComboBox", tab, 0);
	app.comboModel = obj_create("QStandardItemModel", o, 0);
	o->geom = (struct rect){ 73, 171, 696, 22 };
	free(o->name);
	o->name = xstrdup("comboBox");
	set_focus_policy(o, "WheelFocus");
	o->items = cJSON_CreateArray();
	for (i = 0; i < nitems(combo_items); i++)
		cJSON_AddItemToArray(o->items,
		    cJSON_CreateString(combo_items[i]));
	app.comboBox = o;
	/* The popup: a hidden top-level frame holding the list view. */
	o = mk("QComboBoxPrivateContainer", app.comboBox, "", 73, 193, 696,
	    4 * ITEM_H + 2);
	o->window = 1;
	o->hidden = 1;
	view = mk("QComboBoxListView", o, "", 1, 1, 694, 4 * ITEM_H);
	view->buddy = app.comboBox;

	app.checkBox = mk_button("QCheckBox", tab, "checkBox",
	    "Subscribe to newsletter", 73, 199, 696, 20);
	obj_store(app.checkBox, "checkable", cJSON_CreateTrue());

	mk_label(tab, "priorityLabel", "Priority:", 9, 225, 58, 22);
	lay = obj_create("QHBoxLayout", NULL, 0);
	free(lay->name);
	lay->name = xstrdup("sliderLayout");
	obj_set_parent(lay, form);
	app.slider = mk("QSlider", tab, "slider", 73, 225, 666, 22);
	obj_store(app.slider, "maximum", cJSON_CreateNumber(100));
	obj_store(app.slider, "value", cJSON_CreateNumber(50));
	obj_store(app.slider, "orientation",
	    dj_opaque("Qt::Orientation", "Horizontal"));
	set_focus_policy(app.slider, "StrongFocus");
	app.sliderLabel = mk_label(tab, "sliderValueLabel", "50", 745, 225,
	    24, 22);

	lay = obj_create("QHBoxLayout", NULL, 0);
	free(lay->name);
	lay->name = xstrdup("buttonLayout");
	obj_set_parent(lay, tab->kids[0]);
	app.submit = mk_button("QPushButton", tab, "submitButton", "Submit",
	    9, 253, 80, 25);
	app.clear = mk_button("QPushButton", tab, "clearButton", "Clear",
	    95, 253, 80, 25);

	app.resultGroup = mk("QGroupBox", tab, "resultGroup", 9, 284, 760,
	    190);
	set_text(app.resultGroup, "title", "Result");
	lay = obj_create("QVBoxLayout", app.resultGroup, 0);
	free(lay->name);
	lay->name = xstrdup("resultLayout");
	app.resultText = mk_text_edit(app.resultGroup, "resultText", 11, 27,
	    738, 152);
	obj_store(app.resultText, "readOnly", cJSON_CreateTrue());
	obj_store(app.resultText, "textInteractionFlags",
	    dj_opaque("Qt::TextInteractionFlags", "TextSelectableByMouse"));
}

static void
build_list(struct obj *tab)
{
	struct obj	*lay, *o;
	int		 i;
	char		 buf[32];

	lay = obj_create("QVBoxLayout", tab, 0);
	free(lay->name);
	lay->name = xstrdup("listLayout");
	o = obj_create("QListWidget", tab, 0);
	app.listModel = obj_create("QListModel", o, 0);
	if (empty_model == NULL)
		empty_model = obj_create("QAbstractItemModel", NULL, 0);
	o->geom = (struct rect){ 9, 9, 760, 465 };
	mk_scroll_parts(o);
	obj_create("QItemSelectionModel", o, 0);
	free(o->name);
	o->name = xstrdup("listWidget");
	set_focus_policy(o, "StrongFocus");
	obj_store(o, "frameShape", dj_opaque("QFrame::Shape", "StyledPanel"));
	o->items = cJSON_CreateArray();
	for (i = 1; i <= 5; i++) {
		snprintf(buf, sizeof buf, "Item %d", i);
		cJSON_AddItemToArray(o->items, cJSON_CreateString(buf));
	}
	app.list = o;
}

static void
build_table(struct obj *tab)
{
	struct obj	*lay, *o, *h;
	cJSON		*row;
	int		 r, c;

	lay = obj_create("QVBoxLayout", tab, 0);
	free(lay->name);
	lay->name = xstrdup("tableLayout");
	o = obj_create("QTableWidget", tab, 0);
	app.tableModel = obj_create("QTableModel", o, 0);
	o->geom = (struct rect){ 9, 9, 760, 465 };
	mk_scroll_parts(o);
	h = mk("QHeaderView", o, "", 1 + HEAD_W, 1, 758 - HEAD_W, HEAD_H);
	obj_store(h, "stretchLastSection", cJSON_CreateTrue());
	h = mk("QHeaderView", o, "", 1, 1 + HEAD_H, HEAD_W, 463 - HEAD_H);
	obj_store(h, "defaultSectionSize", cJSON_CreateNumber(CELL_H));
	mk("QTableCornerButton", o, "", 1, 1, HEAD_W, HEAD_H);
	obj_create("QItemSelectionModel", o, 0);
	free(o->name);
	o->name = xstrdup("tableWidget");
	set_focus_policy(o, "StrongFocus");
	obj_store(o, "frameShape", dj_opaque("QFrame::Shape", "StyledPanel"));
	o->items = cJSON_CreateArray();
	for (r = 0; r < 3; r++) {
		row = cJSON_CreateArray();
		for (c = 0; c < 3; c++)
			cJSON_AddItemToArray(row,
			    cJSON_CreateString(table_rows[r][c]));
		cJSON_AddItemToArray(o->items, row);
	}
	app.table = o;
}

static void
build_menus(void)
{
	struct obj	*m, *a;
	int		 i, x, n;
	size_t		 k;

	app.menubar = mk("QMenuBar", app.main, "menuBar", 0, 0, 800, 22);
	menubar_ext = mk("QToolButton", app.menubar, "qt_menubar_ext_button",
	    786, 0, 14, 22);
	menubar_ext->hidden = 1;
	for (i = 0, x = 0; i < 3; i++) {
		m = obj_create("QMenu", app.menubar, 0);
		a = obj_create("QAction", m, 0);	/* menuAction() */
		free(m->name);
		m->name = xstrdup(menu_names[i]);
		m->window = 1;
		m->hidden = 1;
		set_text(m, "title", menu_titles[i]);
		set_text(a, "text", menu_titles[i]);
		a->menu = m;
		menu_actions[i] = a;
		app.menus[i] = m;
		for (n = 0, k = 0; k < nitems(app_actions); k++) {
			if (app_actions[k].menu == i)
				n++;
		}
		m->geom = (struct rect){ x, 22, 160, n * 23 + 4 };
		x += 8 + 7 * (int)strlen(menu_titles[i]) + 8;
	}
}

static void
build_toolbar(void)
{
	struct obj	*tb, *o;
	size_t		 k;
	int		 x = 10, n = 0;

	tb = obj_create("QToolBar", app.main, 0);
	obj_create("QToolBarLayout", tb, 0);
	toolbar_ext = mk("QToolBarExtension", tb, "qt_toolbar_ext_button",
	    780, 2, 14, 24);
	toolbar_ext->hidden = 1;
	obj_create("QAction", tb, 0);		/* toggleViewAction() */
	free(tb->name);
	tb->name = xstrdup("toolBar");
	tb->geom = (struct rect){ 0, 22, 800, 28 };
	set_text(tb, "windowTitle", "toolBar");
	for (k = 0; k < nitems(app_actions); k++) {
		if (!app_actions[k].toolbar)
			continue;
		o = mk_button("QToolButton", tb, "", app_actions[k].text, x, 2,
		    8 + 7 * (int)strlen(app_actions[k].text), 24);
		set_text(o, "toolTip", app_actions[k].text);
		o->action = actions[k];
		tool_buttons[n++] = o;
		x += o->geom.w;
	}
	app.toolbar = tb;
}

void
app_init(void)
{
	struct obj	*o, *lay, *tw;
	size_t		 k;
	int		 i;

	app.qapp = obj_preexisting("QApplication", "", NULL);
	obj_preexisting("QFusionStyle", "fusion", app.qapp);

	/* The probe's own objects, made when it starts. */
	obj_create("qtmcp::Probe", NULL, 0);
	obj_create("qtmcp::WebSocketServer", NULL, 0);
	obj_create("qtmcp::JsonRpcHandler", NULL, 0);

	app.main = obj_create("MainWindow", NULL, 0);
	app.main->geom = (struct rect){ 0, 0, 800, 600 };
	lay = obj_create("QMainWindowLayout", app.main, 0);
	free(lay->name);
	lay->name = xstrdup("_layout");
	free(app.main->name);
	app.main->name = xstrdup("MainWindow");
	set_text(app.main, "windowTitle", "QtMCP Test Application");
	for (k = 0; k < nitems(app_actions); k++) {
		if (app_actions[k].name == NULL)
			continue;
		o = obj_create("QAction", app.main, 0);
		free(o->name);
		o->name = xstrdup(app_actions[k].name);
		set_text(o, "text", app_actions[k].text);
		set_text(o, "iconText", app_actions[k].text);
		set_text(o, "toolTip", app_actions[k].text);
		obj_store(o, "shortcut", dj_opaque("QKeySequence",
		    app_actions[k].shortcut));
		actions[k] = o;
	}

	app.central = mk("QWidget", app.main, "centralWidget", 0, 50, 800,
	    527);
	lay = obj_create("QVBoxLayout", app.central, 0);
	free(lay->name);
	lay->name = xstrdup("verticalLayout");
	tw = obj_create("QTabWidget", app.central, 0);
	tw->geom = (struct rect){ 9, 9, 782, 509 };
	app.stack = mk("QStackedWidget", tw, "qt_tabwidget_stackedwidget", 2,
	    24, 778, 483);
	app.tabbar = mk("QTabBar", tw, "qt_tabwidget_tabbar", 2, 0, 151, 24);
	set_focus_policy(app.tabbar, "TabFocus");
	app.tabbar->items = cJSON_CreateArray();
	for (i = 0; i < 3; i++)
		cJSON_AddItemToArray(app.tabbar->items,
		    cJSON_CreateString(tab_names[i]));
	o = mk("QToolButton", app.tabbar, "ScrollLeftButton", 0, 0, 16, 24);
	o->hidden = 1;
	o = mk("QToolButton", app.tabbar, "ScrollRightButton", 16, 0, 16, 24);
	o->hidden = 1;
	free(tw->name);
	tw->name = xstrdup("tabWidget");
	set_focus_policy(tw, "TabFocus");
	app.tabs = tw;

	app.pages[0] = mk("QWidget", NULL, "formTab", 0, 0, 778, 483);
	build_form(app.pages[0]);
	app.pages[1] = mk("QWidget", NULL, "listTab", 0, 0, 778, 483);
	build_list(app.pages[1]);
	app.pages[2] = mk("QWidget", NULL, "tableTab", 0, 0, 778, 483);
	build_table(app.pages[2]);
	for (i = 0; i < 3; i++) {
		app.pages[i]->window = 0;
		obj_set_parent(app.pages[i], app.stack);
		app.pages[i]->hidden = i != 0;
	}

	build_menus();
	build_toolbar();
	app.statusbar = mk("QStatusBar", app.main, "statusBar", 0, 577, 800,
	    23);
	mk("QSizeGrip", app.statusbar, "", 784, 7, 16, 16);
	app.status = xstrdup("Ready");

	app.active = 1;
	app.focus = app.nameEdit;
	app.clipboard = xstrdup("");
}

/* --- helpers ----------------------------------------------------------- */

struct obj *
app_focus_widget(void)
{
	if (app.focus == NULL || !app.focus->alive || !app.active ||
	    !obj_visible(app.main))
		return (NULL);
	return (app.focus);
}

struct obj *
app_active_window(void)
{
	if (app.main != NULL && app.main->alive && app.active &&
	    obj_visible(app.main))
		return (app.main);
	return (NULL);
}

/* cu target: the active window, else the first visible top-level. */
struct obj *
app_target_window(void)
{
	struct obj	*o;

	if ((o = app_active_window()) != NULL)
		return (o);
	TAILQ_FOREACH(o, &obj_all, entry) {
		if (o->widget && o->window && obj_visible(o))
			return (o);
	}
	return (NULL);
}

static int
in_rect(struct rect r, int x, int y)
{
	return (x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h);
}

/* The deepest visible descendant of w at a point local to w. */
struct obj *
app_child_at(struct obj *w, int x, int y)
{
	struct obj	*k;
	size_t		 i;

	for (i = w->nkids; i > 0; i--) {
		k = w->kids[i - 1];
		if (!k->widget || k->window || k->hidden || !k->alive)
			continue;
		if (in_rect(k->geom, x, y))
			return (app_child_at(k, x - k->geom.x, y - k->geom.y));
	}
	return (w);
}

/* The widget at a global point: popups first, then other windows. */
struct obj *
app_widget_at(int gx, int gy)
{
	struct obj	*o, *found = NULL;
	int		 pass;

	for (pass = 0; pass < 2 && found == NULL; pass++) {
		TAILQ_FOREACH(o, &obj_all, entry) {
			if (!o->widget || !o->window || !obj_visible(o))
				continue;
			if ((pass == 0) != (o != app.main))
				continue;
			if (in_rect(o->geom, gx, gy)) {
				found = app_child_at(o, gx - o->geom.x,
				    gy - o->geom.y);
				break;
			}
		}
	}
	return (found);
}

static int
is_class(struct obj *o, const char *c)
{
	return (o != NULL && obj_inherits(o, c));
}

static const char *
focus_policy(struct obj *o)
{
	const cJSON	*v = dj_member(dj_member(o->store, "focusPolicy"),
	    "value");

	return (v != NULL && cJSON_IsString(v) ? v->valuestring : "NoFocus");
}

static int
accepts_click_focus(struct obj *o)
{
	const char	*p = focus_policy(o);

	return (strcmp(p, "ClickFocus") == 0 || strcmp(p, "StrongFocus") == 0 ||
	    strcmp(p, "WheelFocus") == 0);
}

static int
accepts_tab_focus(struct obj *o)
{
	const char	*p = focus_policy(o);

	return (strcmp(p, "TabFocus") == 0 || strcmp(p, "StrongFocus") == 0 ||
	    strcmp(p, "WheelFocus") == 0);
}

void
app_set_focus(struct obj *w)
{
	struct obj	*old = app.focus;

	if (w != NULL && w->buddy != NULL)
		w = w->buddy;
	if (w == NULL || w == old || obj_window(w) != app.main)
		return;
	app.focus = w;
	if (old != NULL && old->alive && is_class(old, "QLineEdit")) {
		old->sel_len = 0;
		obj_emit(old, "editingFinished");
	}
	obj_emit(app.qapp, "focusChanged");
}

void
app_activate(struct obj *w)
{
	struct obj	*win = obj_window(w);
	size_t		 i;

	if (win == app.main && obj_visible(app.main))
		app.active = 1;
	/* A click outside an open menu closes it. */
	for (i = 0; i < 3; i++) {
		if (app.menus[i] != NULL && app.menus[i] != win &&
		    !app.menus[i]->hidden)
			app_set_visible(app.menus[i], 0);
	}
}

void
app_set_visible(struct obj *o, int visible)
{
	if (o->hidden == !visible)
		return;
	o->hidden = !visible;
	if (o == app.main) {
		app.active = visible;
		if (!visible)
			obj_emit(app.qapp, "focusChanged");
	}
	if (is_class(o, "QMenu"))
		obj_emit(o, visible ? "aboutToShow" : "aboutToHide");
	if (is_class(o, "QToolBar"))
		obj_emit(o, "visibilityChanged");
}

static void
status_expired(void)
{
	if (app.statusbar == NULL || !app.statusbar->alive)
		return;
	free(app.status);
	app.status = xstrdup("");
	obj_emit(app.statusbar, "messageChanged");
}

/* QStatusBar::showMessage(text, timeout). */
void
app_show_status(const char *text, int timeout)
{
	if (app.statusbar == NULL || !app.statusbar->alive)
		return;
	free(app.status);
	app.status = xstrdup(text);
	fault_timer_set(status_expired, timeout > 0 ? now_us() +
	    (int64_t)timeout * 1000 : 0);
	obj_emit(app.statusbar, "messageChanged");
}

static const char *
text_of(struct obj *o, const char *prop)
{
	return (o != NULL && o->alive ? obj_gets(o, prop) : "");
}

static void
on_submit(void)
{
	char	*s;

	s = xasprintf("Name: %s\nEmail: %s\nMessage: %s",
	    text_of(app.nameEdit, "text"), text_of(app.emailEdit, "text"),
	    text_of(app.messageEdit, "plainText"));
	if (app.resultText != NULL && app.resultText->alive)
		obj_writes(app.resultText, "plainText", s);
	free(s);
	app_show_status("Form submitted", 3000);
}

static void
on_clear(void)
{
	struct obj	*o;

	if ((o = app.nameEdit) != NULL && o->alive)
		obj_writes(o, "text", "");
	if ((o = app.emailEdit) != NULL && o->alive)
		obj_writes(o, "text", "");
	if ((o = app.messageEdit) != NULL && o->alive)
		obj_writes(o, "plainText", "");
	if ((o = app.resultText) != NULL && o->alive)
		obj_writes(o, "plainText", "");
	if ((o = app.slider) != NULL && o->alive)
		obj_writei(o, "value", 50);
	if ((o = app.checkBox) != NULL && o->alive)
		obj_writeb(o, "checked", 0);
	if ((o = app.comboBox) != NULL && o->alive)
		obj_writei(o, "currentIndex", 0);
	app_show_status("Form cleared", 3000);
}

void
app_quit(void)
{
	app.quitting = 1;
	obj_emit(app.qapp, "aboutToQuit");
}

void
app_trigger(struct obj *a)
{
	if (a == NULL || !a->alive || !obj_geti(a, "enabled"))
		return;
	if (obj_geti(a, "checkable"))
		obj_writeb(a, "checked", !obj_geti(a, "checked"));
	obj_emit(a, "triggered");
	if (a->menu != NULL) {
		app_set_visible(a->menu, a->menu->hidden);
		return;
	}
	if (app.menubar != NULL && a->parent == app.main)
		obj_emit(app.menubar, "triggered");
}

/* QAbstractButton::click(): pressed, released, toggle, clicked. */
void
app_button_click(struct obj *b)
{
	if (!obj_enabled(b))
		return;
	obj_emit(b, "pressed");
	obj_emit(b, "released");
	if (obj_geti(b, "checkable"))
		obj_writeb(b, "checked", !obj_geti(b, "checked"));
	obj_emit(b, "clicked");
	if (b == app.submit)
		on_submit();
	else if (b == app.clear)
		on_clear();
	else if (b->action != NULL)
		app_trigger(b->action);
}

/* --- text editing ------------------------------------------------------ */

static int
is_text_widget(struct obj *o)
{
	return (is_class(o, "QLineEdit") || is_class(o, "QTextEdit"));
}

static const char *
text_prop(struct obj *o)
{
	return (is_class(o, "QTextEdit") ? "plainText" : "text");
}

static int
text_len(struct obj *o)
{
	return (dj_utf8_count(obj_gets(o, text_prop(o))));
}

/*
 * The text cursor: QLineEdit's cursorPosition property; a text edit keeps
 * its own (the double puts it at the end when the text is replaced).
 */
static int
cursor_of(struct obj *o)
{
	int	n = text_len(o), c;

	c = is_class(o, "QTextEdit") ? o->cursor : obj_geti(o,
	    "cursorPosition");
	return (c < 0 ? 0 : c > n ? n : c);
}

static void
set_cursor(struct obj *o, int pos)
{
	if (is_class(o, "QLineEdit"))
		obj_writei(o, "cursorPosition", pos);
	else
		o->cursor = pos;
}

/* Replace the selection (or insert at the cursor) with s. */
static void
text_insert(struct obj *o, const char *s)
{
	const char	*cur = obj_gets(o, text_prop(o));
	char		*a, *b, *t, *ins;
	int		 at, del, room;

	if (obj_geti(o, "readOnly"))
		return;
	if (o->sel_len > 0) {
		at = o->sel_start;
		del = o->sel_len;
	} else {
		at = cursor_of(o);
		del = 0;
	}
	a = dj_utf8_sub(cur, 0, at);
	b = dj_utf8_sub(cur, at + del, -1);
	ins = xstrdup(s);
	if (is_class(o, "QLineEdit")) {
		room = obj_geti(o, "maxLength") - dj_utf8_count(a) -
		    dj_utf8_count(b);
		if (room < dj_utf8_count(ins)) {
			free(ins);
			ins = dj_utf8_sub(s, 0, room < 0 ? 0 : room);
		}
	}
	t = xasprintf("%s%s%s", a, ins, b);
	o->sel_len = 0;
	obj_writes(o, text_prop(o), t);
	set_cursor(o, dj_utf8_count(a) + dj_utf8_count(ins));
	if (is_class(o, "QLineEdit"))
		obj_emit(o, "textEdited");
	free(a);
	free(b);
	free(t);
	free(ins);
}

static void
text_delete(struct obj *o, int back)
{
	const char	*cur = obj_gets(o, text_prop(o));
	int		 at = cursor_of(o);

	if (obj_geti(o, "readOnly"))
		return;
	if (o->sel_len > 0) {
		text_insert(o, "");
		return;
	}
	if (back) {
		if (at == 0)
			return;
		o->sel_start = at - 1;
	} else {
		if (at >= dj_utf8_count(cur))
			return;
		o->sel_start = at;
	}
	o->sel_len = 1;
	text_insert(o, "");
}

static int
echo_normal(struct obj *o)
{
	const cJSON	*v = dj_member(dj_member(o->store, "echoMode"),
	    "value");

	return (v == NULL || strcmp(v->valuestring, "Normal") == 0);
}

static char *
selected_text(struct obj *o)
{
	if (o->sel_len <= 0)
		return (xstrdup(""));
	return (dj_utf8_sub(obj_gets(o, text_prop(o)), o->sel_start,
	    o->sel_len));
}

static void
select_all(struct obj *o)
{
	o->sel_start = 0;
	o->sel_len = text_len(o);
	set_cursor(o, o->sel_len);
	obj_emit(o, "selectionChanged");
}

/* Move the cursor; with shift, extend the selection. */
static void
move_cursor(struct obj *o, int to, int shift)
{
	int	from = cursor_of(o), anchor;

	if (to < 0)
		to = 0;
	if (to > text_len(o))
		to = text_len(o);
	if (shift) {
		anchor = o->sel_len > 0 && o->sel_start + o->sel_len == from ?
		    o->sel_start : o->sel_len > 0 ? o->sel_start + o->sel_len :
		    from;
		o->sel_start = anchor < to ? anchor : to;
		o->sel_len = anchor < to ? to - anchor : anchor - to;
	} else
		o->sel_len = 0;
	set_cursor(o, to);
}

/* --- keys -------------------------------------------------------------- */

static void
focus_next(int forward)
{
	struct obj	*chain[64], *o;
	int		 n = 0, i, cur = -1;

	TAILQ_FOREACH(o, &obj_all, entry) {
		if (!o->widget || obj_window(o) != app.main ||
		    !obj_visible(o) || !obj_enabled(o) ||
		    !accepts_tab_focus(o) || n >= (int)nitems(chain))
			continue;
		if (o == app.focus)
			cur = n;
		chain[n++] = o;
	}
	if (n == 0)
		return;
	i = cur == -1 ? 0 : (cur + (forward ? 1 : n - 1)) % n;
	app_set_focus(chain[i]);
}

static int
shortcut_of(struct obj *a)
{
	const cJSON	*v = dj_member(dj_member(a->store, "shortcut"),
	    "value");
	int		 k;

	if (v == NULL || !cJSON_IsString(v) || *v->valuestring == '\0')
		return (0);
	if (cu_key_seq(v->valuestring, &k) != 0)
		return (0);
	return (k);
}

/* A QAction shortcut in the main window, unless the widget overrides. */
static int
try_shortcut(struct obj *w, int key, int mods)
{
	size_t	i;
	int	combo = key | mods;

	if (is_text_widget(w) && (mods & M_CTRL) && (key == 'A' ||
	    key == 'C' || key == 'V' || key == 'X' || key == 'Z' ||
	    key == 'Y'))
		return (0);
	for (i = 0; i < nitems(actions); i++) {
		if (actions[i] == NULL || !actions[i]->alive)
			continue;
		if (shortcut_of(actions[i]) == combo) {
			app_trigger(actions[i]);
			return (1);
		}
	}
	return (0);
}

static void
key_text_widget(struct obj *o, int key, int mods, int ch)
{
	char	*s, buf[2];
	int	 shift = (mods & M_SHIFT) != 0;

	if (mods & M_CTRL) {
		switch (key) {
		case 'A':
			select_all(o);
			return;
		case 'C':
		case 'X':
			s = selected_text(o);
			if (*s != '\0' && echo_normal(o)) {
				free(app.clipboard);
				app.clipboard = xstrdup(s);
				if (key == 'X')
					text_insert(o, "");
			}
			free(s);
			return;
		case 'V':
			text_insert(o, app.clipboard);
			return;
		case K_HOME:
			move_cursor(o, 0, shift);
			return;
		case K_END:
			move_cursor(o, text_len(o), shift);
			return;
		}
		return;
	}
	switch (key) {
	case K_BACKSPACE:
		text_delete(o, 1);
		return;
	case K_DELETE:
		text_delete(o, 0);
		return;
	case K_LEFT:
		move_cursor(o, cursor_of(o) - 1, shift);
		return;
	case K_RIGHT:
		move_cursor(o, cursor_of(o) + 1, shift);
		return;
	case K_HOME:
		move_cursor(o, 0, shift);
		return;
	case K_END:
		move_cursor(o, text_len(o), shift);
		return;
	case K_RETURN:
	case K_ENTER:
		if (is_class(o, "QTextEdit")) {
			text_insert(o, "\n");
			return;
		}
		obj_emit(o, "returnPressed");
		obj_emit(o, "editingFinished");
		return;
	case K_TAB:
		if (is_class(o, "QTextEdit") &&
		    !obj_geti(o, "tabChangesFocus")) {
			text_insert(o, "\t");
			return;
		}
		focus_next(1);
		return;
	case K_BACKTAB:
		focus_next(0);
		return;
	}
	if (ch >= 0x20 && ch < 0x7f) {
		buf[0] = (char)ch;
		buf[1] = '\0';
		text_insert(o, buf);
	}
}

static void
key_combo(struct obj *o, int key, int ch)
{
	int	n = cJSON_GetArraySize(o->items), cur, i, k;
	const char *s;

	cur = obj_geti(o, "currentIndex");
	switch (key) {
	case K_UP:
	case K_LEFT:
		if (cur > 0)
			obj_writei(o, "currentIndex", cur - 1);
		return;
	case K_DOWN:
	case K_RIGHT:
		if (cur < n - 1)
			obj_writei(o, "currentIndex", cur + 1);
		return;
	case K_HOME:
	case K_PAGEUP:
		obj_writei(o, "currentIndex", 0);
		return;
	case K_END:
	case K_PAGEDOWN:
		obj_writei(o, "currentIndex", n - 1);
		return;
	case K_TAB:
		focus_next(1);
		return;
	case K_BACKTAB:
		focus_next(0);
		return;
	}
	/* Keyboard search: the next item starting with the character. */
	if (ch > 0x20 && ch < 0x7f) {
		for (k = 1; k <= n; k++) {
			i = (cur + k) % n;
			s = cJSON_GetArrayItem(o->items, i)->valuestring;
			if (tolower((unsigned char)s[0]) == tolower(ch)) {
				obj_writei(o, "currentIndex", i);
				return;
			}
		}
	}
}

static void
key_slider(struct obj *o, int key)
{
	int	v = obj_geti(o, "value"), step = obj_geti(o, "singleStep");
	int	page = obj_geti(o, "pageStep");

	switch (key) {
	case K_RIGHT:
	case K_UP:
		obj_writei(o, "value", v + step);
		break;
	case K_LEFT:
	case K_DOWN:
		obj_writei(o, "value", v - step);
		break;
	case K_PAGEUP:
		obj_writei(o, "value", v + page);
		break;
	case K_PAGEDOWN:
		obj_writei(o, "value", v - page);
		break;
	case K_HOME:
		obj_writei(o, "value", obj_geti(o, "minimum"));
		break;
	case K_END:
		obj_writei(o, "value", obj_geti(o, "maximum"));
		break;
	case K_TAB:
		focus_next(1);
		break;
	case K_BACKTAB:
		focus_next(0);
		break;
	}
}

static void
key_list(struct obj *o, int key)
{
	int	n = cJSON_GetArraySize(o->items), cur = obj_geti(o,
	    "currentRow");

	switch (key) {
	case K_UP:
		if (cur > 0)
			obj_writei(o, "currentRow", cur - 1);
		break;
	case K_DOWN:
		if (cur < n - 1)
			obj_writei(o, "currentRow", cur + 1);
		break;
	case K_HOME:
		obj_writei(o, "currentRow", 0);
		break;
	case K_END:
		obj_writei(o, "currentRow", n - 1);
		break;
	case K_TAB:
		focus_next(1);
		break;
	case K_BACKTAB:
		focus_next(0);
		break;
	}
}

/* One key press and release on a widget (QTest::keyClick). */
static void
key_event(struct obj *o, int key, int mods, int ch)
{
	if (o != NULL && o->buddy != NULL)
		o = o->buddy;
	if (o == NULL || !o->alive || !obj_enabled(o))
		return;
	if ((mods & (M_CTRL | M_ALT)) && try_shortcut(o, key, mods))
		return;
	if (is_text_widget(o))
		key_text_widget(o, key, mods, ch);
	else if (is_class(o, "QComboBox"))
		key_combo(o, key, ch);
	else if (is_class(o, "QAbstractSlider"))
		key_slider(o, key);
	else if (is_class(o, "QListWidget"))
		key_list(o, key);
	else if (is_class(o, "QAbstractButton") && key == K_SPACE && !mods)
		app_button_click(o);
	else if (is_class(o, "QTabBar") && (key == K_LEFT || key == K_RIGHT))
		obj_writei(app.tabs, "currentIndex", obj_geti(app.tabs,
		    "currentIndex") + (key == K_LEFT ? -1 : 1));
	else if (key == K_TAB)
		focus_next(1);
	else if (key == K_BACKTAB)
		focus_next(0);
}

void
app_key(struct obj *o, int key, int mods)
{
	int	ch = 0;

	if (key >= 0x20 && key < 0x7f) {
		ch = key;
		if (key >= 'A' && key <= 'Z' && !(mods & M_SHIFT))
			ch = tolower(key);
	}
	key_event(o, key, mods, ch);
}

/* One character of QTest::keyClicks. */
void
app_type_char(struct obj *o, int c)
{
	int	key;

	switch (c) {
	case '\t':
		key_event(o, K_TAB, 0, 0);
		return;
	case '\r':
		key_event(o, K_RETURN, 0, 0);
		return;
	case '\b':
		key_event(o, K_BACKSPACE, 0, 0);
		return;
	case 0x1b:
		key_event(o, K_ESCAPE, 0, 0);
		return;
	}
	key = toupper(c);
	key_event(o, key, isupper(c) ? M_SHIFT : 0, c);
}

/*
 * What QtTest's ASCII tables accept; anything else trips QTEST_ASSERT in
 * qasciikey.cpp and aborts the application (probe-protocol.md 7.4).
 */
int
app_text_safe(const char *s, char **bad)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 0x20 && *p < 0x7f) || *p == '\t' || *p == '\r' ||
		    *p == '\b' || *p == 0x1b)
			continue;
		*bad = xasprintf("0x%02x", *p);
		return (0);
	}
	return (1);
}

/* --- mouse ------------------------------------------------------------- */

static int
slider_handle_x(struct obj *o)
{
	int	min = obj_geti(o, "minimum"), max = obj_geti(o, "maximum");
	int	v = obj_geti(o, "value"), span = o->geom.w - 16;

	if (max <= min)
		return (8);
	return (8 + (int)((long)(v - min) * span / (max - min)));
}

static int
slider_value_at(struct obj *o, int x)
{
	int	min = obj_geti(o, "minimum"), max = obj_geti(o, "maximum");
	int	span = o->geom.w - 16;

	if (span <= 0)
		return (min);
	return (min + (int)((long)(x - 8) * (max - min) * 2 + span) /
	    (2 * span));
}

static int
tab_at(int x)
{
	int	i, tx = 0, w;

	for (i = 0; i < cJSON_GetArraySize(app.tabbar->items); i++) {
		w = 16 + 7 * (int)strlen(cJSON_GetArrayItem(app.tabbar->items,
		    i)->valuestring);
		if (x >= tx && x < tx + w)
			return (i);
		tx += w;
	}
	return (-1);
}

static void
menu_click(struct obj *m, int y)
{
	size_t	k;
	int	i = 0, top = 2, h, idx = -1;

	for (k = 0; k < 3; k++) {
		if (app.menus[k] == m)
			idx = (int)k;
	}
	for (k = 0; k < nitems(app_actions); k++) {
		if (app_actions[k].menu != idx)
			continue;
		h = app_actions[k].name == NULL ? 9 : 23;
		if (y >= top && y < top + h) {
			app_set_visible(m, 0);
			if (actions[k] != NULL) {
				app_trigger(actions[k]);
				obj_emit(m, "triggered");
			}
			return;
		}
		top += h;
		i++;
	}
}

static void
menubar_click(int x)
{
	int	i, tx = 0, w;

	for (i = 0; i < 3; i++) {
		w = 16 + 7 * (int)strlen(menu_titles[i]);
		if (x >= tx && x < tx + w && menu_actions[i] != NULL) {
			app_trigger(menu_actions[i]);
			return;
		}
		tx += w;
	}
}

void
app_press(struct obj *w, int x, int y, const char *button)
{
	app_activate(w);
	if (!obj_enabled(w))
		return;
	if (accepts_click_focus(w) || (w->buddy != NULL &&
	    accepts_click_focus(w->buddy)))
		app_set_focus(w);
	if (strcmp(button, "left") != 0)
		return;
	w->down = 1;
	if (is_class(w, "QAbstractButton"))
		obj_emit(w, "pressed");
	if (is_class(w, "QAbstractSlider") && abs(x - slider_handle_x(w)) >
	    5) {
		/* A click on the groove moves one page towards it. */
		obj_writei(w, "value", obj_geti(w, "value") +
		    (x > slider_handle_x(w) ? 1 : -1) * obj_geti(w,
		    "pageStep"));
	}
	if (is_class(w, "QAbstractSlider"))
		obj_emit(w, "sliderPressed");
}

void
app_release(struct obj *w, int x, int y, const char *button)
{
	struct obj	*v;
	int		 row, col, was = w->down;

	w->down = 0;
	if (!obj_enabled(w) || strcmp(button, "left") != 0 || !was)
		return;
	if (is_class(w, "QAbstractSlider")) {
		obj_emit(w, "sliderReleased");
		return;
	}
	if (is_class(w, "QAbstractButton")) {
		obj_emit(w, "released");
		if (x >= 0 && y >= 0 && x < w->geom.w && y < w->geom.h) {
			if (obj_geti(w, "checkable"))
				obj_writeb(w, "checked",
				    !obj_geti(w, "checked"));
			obj_emit(w, "clicked");
			if (w == app.submit)
				on_submit();
			else if (w == app.clear)
				on_clear();
			else if (w->action != NULL)
				app_trigger(w->action);
		}
		return;
	}
	if (is_class(w, "QLineEdit")) {
		w->sel_len = 0;
		set_cursor(w, (x - TEXT_X + CHAR_W / 2) / CHAR_W);
		return;
	}
	if (w == app.tabbar) {
		if ((row = tab_at(x)) >= 0) {
			obj_emit(app.tabs, "tabBarClicked");
			obj_writei(app.tabs, "currentIndex", row);
		}
		return;
	}
	if (w == app.menubar) {
		menubar_click(x);
		return;
	}
	if (is_class(w, "QMenu")) {
		menu_click(w, y);
		return;
	}
	if ((v = w->buddy) != NULL && v == app.list) {
		row = y / ITEM_H;
		if (row < cJSON_GetArraySize(v->items)) {
			obj_writei(v, "currentRow", row);
			obj_emit(v, "itemClicked");
			obj_emit(v, "clicked");
		}
		return;
	}
	if ((v = w->buddy) != NULL && v == app.table) {
		row = (y - HEAD_H) / CELL_H;
		col = (x - HEAD_W) / CELL_W;
		if (y >= HEAD_H && x >= HEAD_W && row < 3 && col < 3) {
			obj_emit(v, "cellClicked");
			obj_emit(v, "currentCellChanged");
		}
		return;
	}
}

void
app_click(struct obj *w, int x, int y, const char *button)
{
	app_press(w, x, y, button);
	app_release(w, x, y, button);
}

void
app_dclick(struct obj *w, int x, int y)
{
	app_click(w, x, y, "left");
	app_press(w, x, y, "left");
	app_release(w, x, y, "left");
	if (is_text_widget(w) || (w->buddy != NULL &&
	    is_text_widget(w->buddy)))
		select_all(w->buddy != NULL ? w->buddy : w);
}

/* A wheel event: notches > 0 is up (or right). */
void
app_wheel(struct obj *w, int notches)
{
	struct obj	*o = w->buddy != NULL ? w->buddy : w;
	int		 cur;

	if (!obj_enabled(o) || notches == 0)
		return;
	if (is_class(o, "QScrollBar"))
		return;
	if (is_class(o, "QAbstractSlider")) {
		obj_writei(o, "value", obj_geti(o, "value") + notches * 3 *
		    obj_geti(o, "singleStep"));
		return;
	}
	if (is_class(o, "QComboBox")) {
		cur = obj_geti(o, "currentIndex");
		if (notches < 0 && cur < cJSON_GetArraySize(o->items) - 1)
			obj_writei(o, "currentIndex", cur + 1);
		else if (notches > 0 && cur > 0)
			obj_writei(o, "currentIndex", cur - 1);
	}
}

/* --- computed properties ---------------------------------------------- */

static int
item_count(struct obj *o)
{
	if (is_class(o, "QTabWidget") || is_class(o, "QTabBar"))
		return (cJSON_GetArraySize(app.tabbar->items));
	if (is_class(o, "QStackedWidget"))
		return (3);
	return (o->items != NULL ? cJSON_GetArraySize(o->items) : 0);
}

static struct rect
children_rect(struct obj *o)
{
	struct rect	r = { 0, 0, 0, 0 };
	size_t		i;
	int		x2, y2, first = 1;
	struct obj	*k;

	for (i = 0; i < o->nkids; i++) {
		k = o->kids[i];
		if (!k->widget || k->window || k->hidden)
			continue;
		if (first) {
			r = k->geom;
			first = 0;
			continue;
		}
		x2 = r.x + r.w > k->geom.x + k->geom.w ? r.x + r.w :
		    k->geom.x + k->geom.w;
		y2 = r.y + r.h > k->geom.y + k->geom.h ? r.y + r.h :
		    k->geom.y + k->geom.h;
		r.x = r.x < k->geom.x ? r.x : k->geom.x;
		r.y = r.y < k->geom.y ? r.y : k->geom.y;
		r.w = x2 - r.x;
		r.h = y2 - r.y;
	}
	return (r);
}

static char *
html_of(const char *plain)
{
	const char	*p;
	char		*body = xstrdup(""), *t, *s;
	size_t		 len = 0;

	for (p = plain; *p != '\0'; p++) {
		switch (*p) {
		case '<':
			s = "&lt;";
			break;
		case '>':
			s = "&gt;";
			break;
		case '&':
			s = "&amp;";
			break;
		case '\n':
			s = "</p>\n<p style=\" margin-top:0px; "
			    "margin-bottom:0px; margin-left:0px; "
			    "margin-right:0px; -qt-block-indent:0; "
			    "text-indent:0px;\">";
			break;
		default:
			s = NULL;
		}
		t = s != NULL ? xasprintf("%s%s", body, s) :
		    xasprintf("%s%c", body, *p);
		free(body);
		body = t;
		len++;
	}
	t = xasprintf("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.0//EN\" "
	    "\"http://www.w3.org/TR/REC-html40/strict.dtd\">\n<html><head>"
	    "<meta name=\"qrichtext\" content=\"1\" /><meta charset=\"utf-8\""
	    " /><style type=\"text/css\">\np, li { white-space: pre-wrap; }\n"
	    "hr { height: 1px; border-width: 0; }\nli.unchecked::marker { "
	    "content: \"\\2610\"; }\nli.checked::marker { content: "
	    "\"\\2612\"; }\n</style></head><body style=\" font-family:'Sans "
	    "Serif'; font-size:9pt; font-weight:400; font-style:normal;\">\n"
	    "<p style=\"%s margin-top:0px; margin-bottom:0px; "
	    "margin-left:0px; margin-right:0px; -qt-block-indent:0; "
	    "text-indent:0px;\">%s%s</p></body></html>",
	    *plain == '\0' ? "-qt-paragraph-type:empty;" : "", body,
	    *plain == '\0' ? "<br />" : "");
	free(body);
	return (t);
}

static char *
strip_tags(const char *html)
{
	char		*out = xcalloc(1, strlen(html) + 1), *o = out;
	const char	*p;
	int		 in = 0;

	/* Only the body's text, newlines for paragraph ends. */
	if ((p = strstr(html, "<body")) == NULL)
		p = html;
	for (; *p != '\0'; p++) {
		if (*p == '<') {
			in = 1;
			if (strncmp(p, "</p>", 4) == 0 || strncmp(p, "<br",
			    3) == 0)
				*o++ = '\n';
			continue;
		}
		if (*p == '>') {
			in = 0;
			continue;
		}
		if (!in && *p != '\n')
			*o++ = *p;
	}
	while (o > out && o[-1] == '\n')
		*--o = '\0';
	return (out);
}

cJSON *
app_get_computed(struct obj *o, const char *name)
{
	struct rect	 g = o->geom;
	char		*s;
	cJSON		*j;
	int		 i;

	if (strcmp(name, "objectName") == 0)
		return (cJSON_CreateString(o->name));
	if (strcmp(name, "enabled") == 0)
		return (cJSON_CreateBool(obj_enabled(o)));
	if (strcmp(name, "visible") == 0)
		return (cJSON_CreateBool(obj_visible(o)));
	if (strcmp(name, "geometry") == 0 || strcmp(name, "normalGeometry") ==
	    0 || strcmp(name, "frameGeometry") == 0)
		return (dj_rect(g));
	if (strcmp(name, "x") == 0)
		return (cJSON_CreateNumber(g.x));
	if (strcmp(name, "y") == 0)
		return (cJSON_CreateNumber(g.y));
	if (strcmp(name, "width") == 0)
		return (cJSON_CreateNumber(g.w));
	if (strcmp(name, "height") == 0)
		return (cJSON_CreateNumber(g.h));
	if (strcmp(name, "pos") == 0)
		return (dj_point(g.x, g.y));
	if (strcmp(name, "size") == 0 || strcmp(name, "frameSize") == 0 ||
	    strcmp(name, "sizeHint") == 0)
		return (dj_size(g.w, g.h));
	if (strcmp(name, "minimumSizeHint") == 0)
		return (dj_size(g.w / 2, g.h));
	if (strcmp(name, "rect") == 0 || strcmp(name, "frameRect") == 0)
		return (dj_rect((struct rect){ 0, 0, g.w, g.h }));
	if (strcmp(name, "childrenRect") == 0)
		return (dj_rect(children_rect(o)));
	if (strcmp(name, "childrenRegion") == 0)
		return (dj_opaque("QRegion", NULL));
	if (strcmp(name, "isActiveWindow") == 0)
		return (cJSON_CreateBool(obj_window(o) == app_active_window() &&
		    app_active_window() != NULL));
	if (strcmp(name, "focus") == 0)
		return (cJSON_CreateBool(app_focus_widget() == o));
	if (strcmp(name, "modal") == 0 || strcmp(name, "minimized") == 0 ||
	    strcmp(name, "maximized") == 0 || strcmp(name, "fullScreen") == 0)
		return (cJSON_CreateFalse());
	if (strcmp(name, "displayText") == 0) {
		j = obj_get(o, "echoMode");
		s = xstrdup(obj_gets(o, "text"));
		if (j != NULL && strcmp(dj_str(j, "value"), "Normal") != 0) {
			i = dj_utf8_count(s);
			free(s);
			s = xcalloc(1, (size_t)i * 3 + 1);
			while (i-- > 0)
				strcat(s, strcmp(dj_str(j, "value"),
				    "NoEcho") == 0 ? "" : "\xe2\x97\x8f");
		}
		cJSON_Delete(j);
		j = cJSON_CreateString(s);
		free(s);
		return (j);
	}
	if (strcmp(name, "hasSelectedText") == 0)
		return (cJSON_CreateBool(o->sel_len > 0));
	if (strcmp(name, "selectedText") == 0) {
		s = selected_text(o);
		j = cJSON_CreateString(s);
		free(s);
		return (j);
	}
	if (strcmp(name, "html") == 0) {
		s = html_of(obj_gets(o, "plainText"));
		j = cJSON_CreateString(s);
		free(s);
		return (j);
	}
	if (strcmp(name, "markdown") == 0) {
		s = xasprintf("%s%s", obj_gets(o, "plainText"),
		    *obj_gets(o, "plainText") != '\0' ? "\n\n" : "");
		j = cJSON_CreateString(s);
		free(s);
		return (j);
	}
	if (strcmp(name, "count") == 0)
		return (cJSON_CreateNumber(item_count(o)));
	if (strcmp(name, "currentText") == 0) {
		i = obj_geti(o, "currentIndex");
		if (i < 0 || i >= item_count(o))
			return (cJSON_CreateString(""));
		return (cJSON_CreateString(cJSON_GetArrayItem(o->items,
		    i)->valuestring));
	}
	if (strcmp(name, "currentData") == 0)
		return (cJSON_CreateNull());
	if (strcmp(name, "down") == 0)
		return (cJSON_CreateBool(o->down));
	if (strcmp(name, "sliderPosition") == 0)
		return (cJSON_CreateNumber(obj_geti(o, "value")));
	if (strcmp(name, "rowCount") == 0)
		return (cJSON_CreateNumber(item_count(o)));
	if (strcmp(name, "columnCount") == 0)
		return (cJSON_CreateNumber(o->items != NULL &&
		    cJSON_GetArraySize(o->items) > 0 ? cJSON_GetArraySize(
		    cJSON_GetArrayItem(o->items, 0)) : 0));
	if (strcmp(name, "hasSelection") == 0)
		return (cJSON_CreateFalse());
	return (cJSON_CreateNull());
}

static struct rect
rect_of(const cJSON *v, struct rect r)
{
	const cJSON	*m;

	if ((m = dj_member(v, "x")) != NULL && cJSON_IsNumber(m))
		r.x = (int)m->valuedouble;
	if ((m = dj_member(v, "y")) != NULL && cJSON_IsNumber(m))
		r.y = (int)m->valuedouble;
	if ((m = dj_member(v, "width")) != NULL && cJSON_IsNumber(m))
		r.w = (int)m->valuedouble;
	if ((m = dj_member(v, "height")) != NULL && cJSON_IsNumber(m))
		r.h = (int)m->valuedouble;
	return (r);
}

/* Write a computed property; v is already converted.  -1: rejected. */
int
app_set_computed(struct obj *o, const char *name, const cJSON *v,
    char **cause)
{
	char	*s;
	int	 i;

	if (strcmp(name, "objectName") == 0) {
		if (strcmp(o->name, v->valuestring) == 0)
			return (0);
		free(o->name);
		o->name = xstrdup(v->valuestring);
		obj_emit(o, "objectNameChanged");
		return (0);
	}
	if (strcmp(name, "enabled") == 0) {
		o->disabled = !cJSON_IsTrue(v);
		return (0);
	}
	if (strcmp(name, "visible") == 0) {
		app_set_visible(o, cJSON_IsTrue(v));
		return (0);
	}
	if (strcmp(name, "geometry") == 0) {
		/* A partial rect leaves the rest 0, as QRect from JSON. */
		o->geom = rect_of(v, (struct rect){ 0, 0, 0, 0 });
		return (0);
	}
	if (strcmp(name, "pos") == 0) {
		o->geom = rect_of(v, (struct rect){ 0, 0, o->geom.w,
		    o->geom.h });
		return (0);
	}
	if (strcmp(name, "size") == 0) {
		o->geom = rect_of(v, (struct rect){ o->geom.x, o->geom.y, 0,
		    0 });
		return (0);
	}
	if (strcmp(name, "html") == 0 || strcmp(name, "markdown") == 0) {
		s = strcmp(name, "html") == 0 ? strip_tags(v->valuestring) :
		    xstrdup(v->valuestring);
		obj_writes(o, "plainText", s);
		free(s);
		return (0);
	}
	if (strcmp(name, "currentText") == 0) {
		for (i = 0; i < item_count(o); i++) {
			if (strcmp(cJSON_GetArrayItem(o->items, i)->valuestring,
			    v->valuestring) == 0) {
				obj_writei(o, "currentIndex", i);
				return (0);
			}
		}
		return (0);
	}
	if (strcmp(name, "down") == 0) {
		o->down = cJSON_IsTrue(v);
		return (0);
	}
	if (strcmp(name, "sliderPosition") == 0) {
		obj_writei(o, "value", (int)v->valuedouble);
		return (0);
	}
	if (strcmp(name, "rowCount") == 0 || strcmp(name, "columnCount") ==
	    0) {
		*cause = xasprintf("the double's table has a fixed size");
		return (-1);
	}
	*cause = xasprintf("cannot write %s", name);
	return (-1);
}

static void
sync_tab(int index)
{
	int	i;

	for (i = 0; i < 3; i++) {
		if (app.pages[i] != NULL && app.pages[i]->alive)
			app.pages[i]->hidden = i != index;
	}
	obj_store(app.stack, "currentIndex", cJSON_CreateNumber(index));
	obj_store(app.tabbar, "currentIndex", cJSON_CreateNumber(index));
	obj_emit(app.stack, "currentChanged");
	obj_emit(app.tabbar, "currentChanged");
	if (app.focus != NULL && !obj_visible(app.focus))
		app.focus = app.tabbar;
}

static int
clamp(int v, int lo, int hi)
{
	return (v < lo ? lo : v > hi ? hi : v);
}

/*
 * After a stored property changed (from a set, a slot or an event): keep
 * the widget consistent and emit what Qt emits.
 */
void
app_prop_changed(struct obj *o, const char *name, const cJSON *old)
{
	int	 v, n, prev = old != NULL && cJSON_IsNumber(old) ?
		    (int)old->valuedouble : 0;
	char	 buf[16];

	if (is_class(o, "QLineEdit") && strcmp(name, "text") == 0) {
		o->sel_len = 0;
		obj_store(o, "cursorPosition",
		    cJSON_CreateNumber(text_len(o)));
		obj_emit(o, "textChanged");
		return;
	}
	if (is_class(o, "QLineEdit") && strcmp(name, "cursorPosition") == 0) {
		v = clamp(obj_geti(o, name), 0, text_len(o));
		obj_store(o, name, cJSON_CreateNumber(v));
		if (v != prev)
			obj_emit(o, "cursorPositionChanged");
		return;
	}
	if (is_class(o, "QTextEdit") && strcmp(name, "plainText") == 0) {
		o->sel_len = 0;
		o->cursor = text_len(o);
		obj_emit(o, "textChanged");
		return;
	}
	if ((is_class(o, "QAbstractButton") || is_class(o, "QAction")) &&
	    strcmp(name, "checked") == 0) {
		if (!obj_geti(o, "checkable")) {
			obj_store(o, name, cJSON_CreateFalse());
			return;
		}
		obj_emit(o, "toggled");
		if (is_class(o, "QCheckBox"))
			obj_emit(o, "stateChanged");
		if (is_class(o, "QAction"))
			obj_emit(o, "changed");
		return;
	}
	if (is_class(o, "QAbstractSlider") && (strcmp(name, "value") == 0 ||
	    strcmp(name, "minimum") == 0 || strcmp(name, "maximum") == 0)) {
		if (strcmp(name, "value") != 0) {
			if (obj_geti(o, "maximum") < obj_geti(o, "minimum"))
				obj_store(o, "maximum", cJSON_CreateNumber(
				    obj_geti(o, "minimum")));
			obj_emit(o, "rangeChanged");
			prev = obj_geti(o, "value");
		}
		v = clamp(obj_geti(o, "value"), obj_geti(o, "minimum"),
		    obj_geti(o, "maximum"));
		obj_store(o, "value", cJSON_CreateNumber(v));
		if (v == prev && strcmp(name, "value") == 0)
			return;
		if (v != prev || strcmp(name, "value") == 0) {
			obj_emit(o, "valueChanged");
			if (o == app.slider && app.sliderLabel != NULL &&
			    app.sliderLabel->alive) {
				snprintf(buf, sizeof buf, "%d", v);
				obj_writes(app.sliderLabel, "text", buf);
			}
		}
		return;
	}
	if (is_class(o, "QComboBox") && strcmp(name, "currentIndex") == 0) {
		n = item_count(o);
		v = obj_geti(o, name);
		if (v < 0 || v >= n)
			v = -1;
		obj_store(o, name, cJSON_CreateNumber(v));
		if (v == prev)
			return;
		obj_emit(o, "currentIndexChanged");
		obj_emit(o, "currentTextChanged");
		return;
	}
	if ((o == app.tabs || o == app.tabbar || o == app.stack) &&
	    strcmp(name, "currentIndex") == 0) {
		v = obj_geti(o, name);
		if (v < 0 || v >= 3) {
			obj_store(o, name, cJSON_CreateNumber(prev));
			return;
		}
		obj_store(app.tabs, name, cJSON_CreateNumber(v));
		sync_tab(v);
		obj_emit(app.tabs, "currentChanged");
		return;
	}
	if (is_class(o, "QListWidget") && strcmp(name, "currentRow") == 0) {
		v = obj_geti(o, name);
		if (v < -1 || v >= item_count(o))
			v = -1;
		obj_store(o, name, cJSON_CreateNumber(v));
		if (v == prev)
			return;
		obj_emit(o, "currentRowChanged");
		obj_emit(o, "currentTextChanged");
		obj_emit(o, "currentItemChanged");
		obj_emit(o, "itemSelectionChanged");
		return;
	}
	if (o->widget && strcmp(name, "windowTitle") == 0) {
		obj_emit(o, "windowTitleChanged");
		return;
	}
	if (is_class(o, "QMenu") && strcmp(name, "title") == 0) {
		for (n = 0; n < 3; n++) {
			if (app.menus[n] == o && menu_actions[n] != NULL)
				obj_store(menu_actions[n], "text",
				    cJSON_CreateString(obj_gets(o, "title")));
		}
		return;
	}
	if (is_class(o, "QAction") && (strcmp(name, "text") == 0 ||
	    strcmp(name, "enabled") == 0 || strcmp(name, "visible") == 0)) {
		if (strcmp(name, "enabled") == 0)
			obj_emit(o, "enabledChanged");
		if (strcmp(name, "visible") == 0)
			obj_emit(o, "visibleChanged");
		obj_emit(o, "changed");
		return;
	}
}

/* --- slots ------------------------------------------------------------- */

static const cJSON *
arg(const cJSON *args, int i)
{
	return (cJSON_GetArrayItem(args, i));
}

static int
conv(const struct meth *m, const cJSON *args, int i, cJSON **out,
    char **cause)
{
	const char	*type = cJSON_GetArrayItem(m->ptypes, i)->valuestring;

	if ((*out = obj_convert_type(type, arg(args, i))) == NULL) {
		*cause = xasprintf("Cannot convert argument %d to %s", i,
		    type);
		return (-1);
	}
	return (0);
}

/*
 * Invoke a slot or invokable: 0 and *result, or -1 and *cause (-32021).
 * Slots the model does not act on succeed and do nothing.
 */
int
app_invoke(struct obj *o, const struct meth *m, const cJSON *args,
    cJSON **result, char **cause)
{
	const char	*n = m->name;
	cJSON		*a[10] = { NULL };
	int		 i, rc = 0;
	char		*t;

	*result = NULL;
	for (i = 0; i < m->nargs; i++) {
		if (strchr(cJSON_GetArrayItem(m->ptypes, i)->valuestring,
		    '*') != NULL || strcmp(cJSON_GetArrayItem(m->ptypes,
		    i)->valuestring, "QModelIndex") == 0) {
			*cause = xasprintf("Cannot convert argument %d to %s",
			    i, cJSON_GetArrayItem(m->ptypes, i)->valuestring);
			rc = -1;
			goto out;
		}
		if (conv(m, args, i, &a[i], cause) == -1) {
			rc = -1;
			goto out;
		}
	}
	if (strcmp(n, "deleteLater") == 0) {
		rpc_post_delete(o);
	} else if (strcmp(n, "close") == 0 && o->widget) {
		app_set_visible(o, 0);
		if (o == app.main) {
			obj_emit(app.qapp, "lastWindowClosed");
			app_quit();
		}
		*result = cJSON_CreateTrue();
	} else if (strcmp(n, "quit") == 0 || strcmp(n, "exit") == 0 ||
	    strcmp(n, "closeAllWindows") == 0) {
		app_set_visible(app.main, 0);
		app_quit();
	} else if (strcmp(n, "show") == 0 || strcmp(n, "showNormal") == 0 ||
	    strcmp(n, "showMaximized") == 0 || strcmp(n, "showFullScreen") ==
	    0 || strcmp(n, "raise") == 0) {
		if (strcmp(n, "raise") != 0)
			app_set_visible(o, 1);
		if (o == app.main)
			app.active = !o->hidden;
	} else if (strcmp(n, "hide") == 0 || strcmp(n, "showMinimized") == 0) {
		app_set_visible(o, 0);
	} else if (strcmp(n, "setVisible") == 0 || strcmp(n, "setHidden") ==
	    0) {
		app_set_visible(o, strcmp(n, "setVisible") == 0 ?
		    cJSON_IsTrue(a[0]) : !cJSON_IsTrue(a[0]));
	} else if (strcmp(n, "setEnabled") == 0 || strcmp(n, "setDisabled") ==
	    0) {
		i = strcmp(n, "setEnabled") == 0 ? cJSON_IsTrue(a[0]) :
		    !cJSON_IsTrue(a[0]);
		if (o->widget)
			o->disabled = !i;
		else
			obj_writeb(o, "enabled", i);
	} else if (strcmp(n, "resetEnabled") == 0) {
		obj_writeb(o, "enabled", 1);
	} else if (strcmp(n, "setFocus") == 0) {
		app_set_focus(o);
	} else if (strcmp(n, "setWindowTitle") == 0) {
		obj_write(o, "windowTitle", a[0]);
		a[0] = NULL;
	} else if (strcmp(n, "setWindowModified") == 0) {
		obj_write(o, "windowModified", a[0]);
		a[0] = NULL;
	} else if (strcmp(n, "setStyleSheet") == 0) {
		obj_write(o, "styleSheet", a[0]);
		a[0] = NULL;
	} else if (strcmp(n, "setText") == 0 || strcmp(n, "setPlainText") ==
	    0 || strcmp(n, "setHtml") == 0 || strcmp(n, "setMarkdown") == 0) {
		if (is_class(o, "QTextEdit"))
			obj_write(o, strcmp(n, "setHtml") == 0 ? "html" :
			    strcmp(n, "setMarkdown") == 0 ? "markdown" :
			    "plainText", a[0]);
		else
			obj_write(o, "text", a[0]);
		a[0] = NULL;
	} else if (strcmp(n, "setNum") == 0) {
		obj_write(o, "text", obj_convert_type("QString", a[0]));
	} else if (strcmp(n, "clear") == 0) {
		if (is_class(o, "QTextEdit"))
			obj_writes(o, "plainText", "");
		else if (is_class(o, "QLineEdit") || is_class(o, "QLabel"))
			obj_writes(o, "text", "");
	} else if (strcmp(n, "selectAll") == 0 && is_text_widget(o)) {
		select_all(o);
	} else if (strcmp(n, "deselect") == 0) {
		o->sel_len = 0;
	} else if (strcmp(n, "insert") == 0 || strcmp(n, "insertPlainText") ==
	    0) {
		text_insert(o, a[0]->valuestring);
	} else if (strcmp(n, "append") == 0) {
		t = xasprintf("%s%s%s", obj_gets(o, "plainText"),
		    *obj_gets(o, "plainText") != '\0' ? "\n" : "",
		    a[0]->valuestring);
		obj_writes(o, "plainText", t);
		free(t);
	} else if ((strcmp(n, "copy") == 0 || strcmp(n, "cut") == 0) &&
	    is_text_widget(o)) {
		key_text_widget(o, n[1] == 'o' ? 'C' : 'X', M_CTRL, 0);
	} else if (strcmp(n, "paste") == 0 && is_text_widget(o)) {
		text_insert(o, app.clipboard);
	} else if (strcmp(n, "click") == 0 || strcmp(n, "animateClick") == 0) {
		app_button_click(o);
	} else if (strcmp(n, "toggle") == 0) {
		obj_writeb(o, "checked", !obj_geti(o, "checked"));
	} else if (strcmp(n, "setChecked") == 0) {
		obj_write(o, "checked", a[0]);
		a[0] = NULL;
	} else if (strcmp(n, "setValue") == 0) {
		obj_write(o, "value", a[0]);
		a[0] = NULL;
	} else if (strcmp(n, "setRange") == 0) {
		obj_write(o, "minimum", a[0]);
		obj_write(o, "maximum", a[1]);
		a[0] = a[1] = NULL;
	} else if (strcmp(n, "setOrientation") == 0) {
		obj_write(o, "orientation", a[0]);
		a[0] = NULL;
	} else if (strcmp(n, "setCurrentIndex") == 0) {
		obj_write(o, "currentIndex", a[0]);
		a[0] = NULL;
	} else if (strcmp(n, "setCurrentText") == 0 || strcmp(n,
	    "setEditText") == 0) {
		app_set_computed(o, "currentText", a[0], cause);
		free(*cause);
		*cause = NULL;
	} else if (strcmp(n, "trigger") == 0) {
		app_trigger(o);
	} else if (strcmp(n, "hover") == 0) {
		obj_emit(o, "hovered");
	} else if (strcmp(n, "showMessage") == 0) {
		app_show_status(a[0]->valuestring, m->nargs > 1 ?
		    (int)a[1]->valuedouble : 0);
	} else if (strcmp(n, "clearMessage") == 0) {
		app_show_status("", 0);
	} else if (strcmp(n, "onSubmitClicked") == 0) {
		on_submit();
	} else if (strcmp(n, "onClearClicked") == 0) {
		on_clear();
	} else if (strcmp(n, "onSliderValueChanged") == 0) {
		if (app.sliderLabel != NULL)
			obj_write(app.sliderLabel, "text",
			    obj_convert_type("QString", a[0]));
	} else if (strcmp(n, "submit") == 0) {
		*result = cJSON_CreateTrue();
	} else if (strcmp(n, "rowCount") == 0) {
		*result = cJSON_CreateNumber(o == app.tableModel ? 3 :
		    o == app.listModel ? 5 : o == app.comboModel ? 4 : 0);
	} else if (strcmp(n, "columnCount") == 0) {
		*result = cJSON_CreateNumber(o == app.tableModel ? 3 :
		    o == app.listModel || o == app.comboModel ? 1 : 0);
	} else if (strcmp(n, "hasChildren") == 0) {
		*result = cJSON_CreateBool(o == app.tableModel ||
		    o == app.listModel || o == app.comboModel);
	} else if (strcmp(n, "grab") == 0) {
		*result = dj_opaque("QPixmap", NULL);
	} else if (strcmp(n, "headerData") == 0 || strcmp(n, "data") == 0) {
		*result = cJSON_CreateNull();
	}
	if (*result == NULL && strcmp(m->ret, "void") != 0)
		*result = cJSON_CreateNull();
out:
	for (i = 0; i < 10; i++)
		cJSON_Delete(a[i]);
	return (rc);
}

/* Forget pointers to an object that is being destroyed. */
void
app_destroyed(struct obj *o)
{
	struct obj	**p[] = { &app.main, &app.central, &app.tabs,
	    &app.stack, &app.tabbar, &app.nameEdit, &app.emailEdit,
	    &app.messageEdit, &app.comboBox, &app.checkBox, &app.slider,
	    &app.sliderLabel, &app.submit, &app.clear, &app.resultGroup,
	    &app.resultText, &app.list, &app.table, &app.listModel,
	    &app.tableModel, &app.comboModel, &app.menubar, &app.toolbar,
	    &app.statusbar };
	size_t		 i;

	for (i = 0; i < nitems(p); i++) {
		if (*p[i] == o)
			*p[i] = NULL;
	}
	if (app.focus == o)
		app.focus = NULL;
	for (i = 0; i < nitems(actions); i++) {
		if (actions[i] == o)
			actions[i] = NULL;
	}
	if (o == app.main)
		app_quit();
}

/* cu.drag on a widget: press at the start, one move, release. */
void
app_drag(struct obj *w, int sx, int sy, int ex, int ey)
{
	int	on_handle;

	on_handle = is_class(w, "QAbstractSlider") &&
	    abs(sx - slider_handle_x(w)) <= 5;
	if (on_handle) {
		app_activate(w);
		if (!obj_enabled(w))
			return;
		app_set_focus(w);
		obj_emit(w, "sliderPressed");
		obj_writei(w, "value", slider_value_at(w, ex));
		obj_emit(w, "sliderMoved");
		obj_emit(w, "sliderReleased");
		return;
	}
	app_press(w, sx, sy, "left");
	app_release(w, ex, ey, "left");
}

/* The rows of a menu for drawing: texts, NULL for a separator. */
int
app_menu_rows(struct obj *m, const char **rows, int max)
{
	size_t	k;
	int	idx = -1, n = 0;

	for (k = 0; k < 3; k++) {
		if (app.menus[k] == m)
			idx = (int)k;
	}
	for (k = 0; k < nitems(app_actions) && n < max; k++) {
		if (app_actions[k].menu != idx)
			continue;
		rows[n++] = app_actions[k].text;
	}
	return (n);
}

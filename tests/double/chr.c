/*
 * chr.c: the 8 Chrome-mode methods of the probe double (probe-protocol.md
 * 4.4 and 8) over an accessibility tree of the model: widgets, plus the
 * elements Qt's accessibility exposes without an object of their own
 * (tabs, list items, table cells and headers, menu items).  Refs are
 * process-global: readPage renumbers from 1, find appends (even when it
 * then fails), a disconnect clears them.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "double.h"

enum acc_kind {
	A_WIDGET,
	A_TAB,		/* o: tab bar */
	A_ITEM,		/* o: list widget or combo list view */
	A_CELL,		/* o: table, index row * 3 + column */
	A_COLHEAD,
	A_ROWHEAD,
	A_MENUITEM,	/* o: QAction */
	A_SEPARATOR	/* o: QMenu, index: position */
};

struct acc {
	enum acc_kind	 kind;
	struct obj	*o;
	int		 index;
	u_int		 serial;
};

static struct acc	*chr_refs;
static size_t		 chr_nrefs;

/* The test app's menus: action object names, NULL for a separator. */
static const char *chr_menu_items[3][5] = {
	{ "actionNew", "actionOpen", "actionSave", NULL, "actionExit" },
	{ "actionCut", "actionCopy", "actionPaste", "", "" },
	{ "actionAbout", "", "", "", "" },
};

void
chr_reset_refs(void)
{
	free(chr_refs);
	chr_refs = NULL;
	chr_nrefs = 0;
}

static int
chr_add_ref(const struct acc *a)
{
	chr_refs = xrealloc(chr_refs, (chr_nrefs + 1) * sizeof *chr_refs);
	chr_refs[chr_nrefs] = *a;
	chr_refs[chr_nrefs].serial = a->o->serial;
	return ((int)++chr_nrefs);
}

static struct acc
chr_widget(struct obj *o)
{
	struct acc	a = { A_WIDGET, o, 0, 0 };

	return (a);
}

static struct obj *
chr_child_named(struct obj *p, const char *name)
{
	size_t	i;

	if (p == NULL)
		return (NULL);
	for (i = 0; i < p->nkids; i++) {
		if (strcmp(p->kids[i]->name, name) == 0)
			return (p->kids[i]);
	}
	return (NULL);
}

static struct obj *
chr_scrollbar(struct obj *area, const char *container)
{
	struct obj	*c = chr_child_named(area, container);

	return (c != NULL && c->nkids > 0 ? c->kids[0] : NULL);
}

static struct obj *
chr_first_of(struct obj *p, const char *cname)
{
	size_t	i;

	for (i = 0; i < p->nkids; i++) {
		if (obj_inherits(p->kids[i], cname))
			return (p->kids[i]);
	}
	return (NULL);
}

static struct obj *
chr_action(const char *name)
{
	return (chr_child_named(app.main, name));
}

/* --- roles, names, states, bounds ------------------------------------ */

static enum role
chr_role(const struct acc *a)
{
	switch (a->kind) {
	case A_TAB:
		return (R_PAGETAB);
	case A_ITEM:
		return (R_LISTITEM);
	case A_CELL:
		return (R_CELL);
	case A_COLHEAD:
		return (R_COLUMNHEADER);
	case A_ROWHEAD:
		return (R_ROWHEADER);
	case A_MENUITEM:
		return (R_MENUITEM);
	case A_SEPARATOR:
		return (R_SEPARATOR);
	case A_WIDGET:
		break;
	}
	if (obj_inherits(a->o, "QTableCornerButton"))
		return (R_PANE);
	if (obj_inherits(a->o, "QAbstractButton") && !obj_inherits(a->o,
	    "QCheckBox"))
		return (R_BUTTON);
	if (obj_inherits(a->o, "QComboBoxListView"))
		return (R_LIST);
	return (a->o->cls->role);
}

static const char *
chr_role_name(enum role r)
{
	switch (r) {
	case R_WINDOW:
		return ("window");
	case R_PANE:
	case R_LAYEREDPANE:
		return ("region");
	case R_GROUPING:
		return ("group");
	case R_STATICTEXT:
		return ("text");
	case R_EDITABLETEXT:
		return ("textbox");
	case R_BUTTON:
		return ("button");
	case R_CHECKBOX:
		return ("checkbox");
	case R_COMBOBOX:
		return ("combobox");
	case R_SLIDER:
		return ("slider");
	case R_SCROLLBAR:
		return ("scrollbar");
	case R_PAGETAB:
		return ("tab");
	case R_PAGETABLIST:
		return ("tablist");
	case R_LIST:
		return ("list");
	case R_LISTITEM:
		return ("listitem");
	case R_TABLE:
		return ("table");
	case R_CELL:
		return ("cell");
	case R_COLUMNHEADER:
		return ("columnheader");
	case R_ROWHEADER:
		return ("rowheader");
	case R_MENUBAR:
		return ("menubar");
	case R_POPUPMENU:
		return ("menu");
	case R_MENUITEM:
		return ("menuitem");
	case R_SEPARATOR:
		return ("separator");
	case R_TOOLBAR:
		return ("toolbar");
	case R_STATUSBAR:
		return ("status");
	case R_APPLICATION:
		return ("application");
	default:
		return ("generic");
	}
}

static int
chr_interactive(enum role r)
{
	switch (r) {
	case R_BUTTON:
	case R_CHECKBOX:
	case R_COMBOBOX:
	case R_SLIDER:
	case R_EDITABLETEXT:
	case R_MENUITEM:
	case R_PAGETAB:
	case R_LISTITEM:
	case R_CELL:
	case R_SCROLLBAR:
		return (1);
	default:
		return (0);
	}
}

static const char *
chr_items_text(struct obj *o, int i)
{
	cJSON	*it;

	if (o == NULL || o->items == NULL)
		return ("");
	it = cJSON_GetArrayItem(o->items, i);
	return (it != NULL && cJSON_IsString(it) ? it->valuestring : "");
}

/* The accessible name, without the readPage fallbacks; a copy. */
static char *
chr_acc_name(const struct acc *a)
{
	static const char *heads[] = { "Name", "Value", "Description" };
	struct obj	*o = a->o;
	const char	*s;

	switch (a->kind) {
	case A_TAB:
		return (xstrdup(chr_items_text(app.tabbar, a->index)));
	case A_ITEM:
		return (xstrdup(chr_items_text(o->buddy != NULL ? o->buddy : o,
		    a->index)));
	case A_CELL:
		return (xstrdup(cJSON_GetArrayItem(cJSON_GetArrayItem(o->items,
		    a->index / 3), a->index % 3)->valuestring));
	case A_COLHEAD:
		return (xstrdup(heads[a->index % 3]));
	case A_ROWHEAD:
		return (xasprintf("%d", a->index + 1));
	case A_MENUITEM:
		return (xstrdup(obj_gets(o, "text")));
	case A_SEPARATOR:
		return (xstrdup(""));
	case A_WIDGET:
		break;
	}
	if (*(s = obj_gets(o, "accessibleName")) != '\0')
		return (xstrdup(s));
	if (obj_inherits(o, "QLabel") || obj_inherits(o, "QAbstractButton"))
		return (xstrdup(obj_gets(o, "text")));
	if (obj_inherits(o, "QGroupBox"))
		return (xstrdup(obj_gets(o, "title")));
	if (obj_inherits(o, "QMenu"))
		return (xstrdup(obj_gets(o, "title")));
	if (o->window || obj_inherits(o, "QToolBar"))
		return (xstrdup(obj_gets(o, "windowTitle")));
	return (xstrdup(""));
}

/* The value interface's text: what is typed, chosen or set. */
static char *
chr_acc_value(const struct acc *a)
{
	cJSON	*v;
	char	*s;

	if (a->kind != A_WIDGET)
		return (xstrdup(""));
	if (obj_inherits(a->o, "QLineEdit") ||
	    obj_inherits(a->o, "QComboBox")) {
		v = obj_get(a->o, obj_inherits(a->o, "QLineEdit") ?
		    "displayText" : "currentText");
		s = xstrdup(v != NULL && cJSON_IsString(v) ? v->valuestring :
		    "");
		cJSON_Delete(v);
		return (s);
	}
	if (obj_inherits(a->o, "QTextEdit"))
		return (xstrdup(obj_gets(a->o, "plainText")));
	if (obj_inherits(a->o, "QAbstractSlider"))
		return (xasprintf("%d", obj_geti(a->o, "value")));
	return (xstrdup(""));
}

/* readPage's name: accessible name, else objectName, else class. */
static char *
chr_display_name(const struct acc *a)
{
	char	*n = chr_acc_name(a);

	if (*n != '\0' || a->kind == A_TAB || a->kind == A_ITEM ||
	    a->kind == A_CELL || a->kind == A_COLHEAD || a->kind == A_ROWHEAD ||
	    a->kind == A_SEPARATOR)
		return (n);
	free(n);
	if (*a->o->name != '\0')
		return (xstrdup(a->o->name));
	return (xstrdup(a->o->cls->name));
}

static int
chr_visible(const struct acc *a)
{
	struct obj	*o = a->o;

	switch (a->kind) {
	case A_MENUITEM:
		if (a->index < 0)
			return (app.menubar != NULL &&
			    obj_visible(app.menubar));
		return (app.menus[a->index / 10] != NULL &&
		    obj_visible(app.menus[a->index / 10]));
	default:
		return (obj_visible(o));
	}
}

/* Where row i of menu mi starts: items are 23 pixels, separators 9. */
static int
chr_menu_offset(int mi, int row)
{
	int	i, y = 2;

	for (i = 0; i < row; i++)
		y += chr_menu_items[mi][i] == NULL ? 9 : 23;
	return (y);
}

static struct rect
chr_bounds(const struct acc *a)
{
	struct rect	 g;
	struct obj	*vp;
	int		 i, x = 0;

	switch (a->kind) {
	case A_WIDGET:
		return (obj_global(a->o));
	case A_TAB:
		g = obj_global(app.tabbar);
		for (i = 0; i < a->index; i++)
			x += 16 + 7 * (int)strlen(chr_items_text(app.tabbar,
			    i));
		return ((struct rect){ g.x + x, g.y, 16 + 7 *
		    (int)strlen(chr_items_text(app.tabbar, a->index)), 24 });
	case A_ITEM:
		vp = a->o->buddy == NULL ? chr_child_named(a->o,
		    "qt_scrollarea_viewport") : a->o;
		g = obj_global(vp != NULL ? vp : a->o);
		return ((struct rect){ g.x, g.y + a->index * 20, g.w, 20 });
	case A_CELL:
	case A_COLHEAD:
	case A_ROWHEAD:
		g = obj_global(a->o);
		if (a->kind == A_COLHEAD)
			return ((struct rect){ g.x + 22 + a->index * 100,
			    g.y + 1, 100, 23 });
		if (a->kind == A_ROWHEAD)
			return ((struct rect){ g.x + 1, g.y + 24 + a->index *
			    30, 21, 30 });
		return ((struct rect){ g.x + 22 + (a->index % 3) * 100,
		    g.y + 24 + (a->index / 3) * 30, 100, 30 });
	case A_MENUITEM:
		if (a->index < 0) {
			/* A menu bar item, above its menu. */
			g = obj_global(app.menubar);
			return ((struct rect){ a->o->menu->geom.x, g.y, 16 + 7 *
			    (int)strlen(obj_gets(a->o, "text")), 22 });
		}
		g = app.menus[a->index / 10]->geom;
		return ((struct rect){ g.x + 2, g.y + chr_menu_offset(
		    a->index / 10, a->index % 10), g.w - 4, 23 });
	case A_SEPARATOR:
		g = app.menus[a->index / 10]->geom;
		return ((struct rect){ g.x + 2, g.y + chr_menu_offset(
		    a->index / 10, a->index % 10), g.w - 4, 9 });
	}
	return ((struct rect){ 0, 0, 0, 0 });
}

/* --- children ---------------------------------------------------------- */

#define MAXKIDS	32

static size_t
chr_children(const struct acc *a, struct acc *out)
{
	struct obj	*o = a->o, *k, *m, *act;
	size_t		 n = 0, i;
	int		 r, c, mi;

	if (a->kind == A_MENUITEM) {
		if (o->menu != NULL)
			out[n++] = chr_widget(o->menu);
		return (n);
	}
	if (a->kind != A_WIDGET)
		return (0);
	if (o == app.tabbar) {
		for (i = 0; i < (size_t)cJSON_GetArraySize(o->items); i++)
			out[n++] = (struct acc){ A_TAB, o, (int)i, 0 };
		for (i = 0; i < o->nkids && n < MAXKIDS; i++)
			out[n++] = chr_widget(o->kids[i]);
		return (n);
	}
	if (obj_inherits(o, "QTextEdit")) {
		if ((k = chr_scrollbar(o, "qt_scrollarea_vcontainer")) != NULL)
			out[n++] = chr_widget(k);
		if ((k = chr_scrollbar(o, "qt_scrollarea_hcontainer")) != NULL)
			out[n++] = chr_widget(k);
		return (n);
	}
	if (obj_inherits(o, "QListWidget") || obj_inherits(o,
	    "QComboBoxListView")) {
		m = o->buddy != NULL ? o->buddy : o;
		for (i = 0; i < (size_t)cJSON_GetArraySize(m->items); i++)
			out[n++] = (struct acc){ A_ITEM, o, (int)i, 0 };
		if (o->buddy == NULL &&
		    (k = chr_scrollbar(o, "qt_scrollarea_vcontainer")) != NULL)
			out[n++] = chr_widget(k);
		if (o->buddy == NULL &&
		    (k = chr_scrollbar(o, "qt_scrollarea_hcontainer")) != NULL)
			out[n++] = chr_widget(k);
		return (n);
	}
	if (obj_inherits(o, "QTableWidget")) {
		if ((k = chr_first_of(o, "QTableCornerButton")) != NULL)
			out[n++] = chr_widget(k);
		for (c = 0; c < 3; c++)
			out[n++] = (struct acc){ A_COLHEAD, o, c, 0 };
		for (r = 0; r < 3; r++) {
			out[n++] = (struct acc){ A_ROWHEAD, o, r, 0 };
			for (c = 0; c < 3; c++)
				out[n++] = (struct acc){ A_CELL, o, r * 3 + c,
				    0 };
		}
		if ((k = chr_scrollbar(o, "qt_scrollarea_vcontainer")) != NULL)
			out[n++] = chr_widget(k);
		if ((k = chr_scrollbar(o, "qt_scrollarea_hcontainer")) != NULL)
			out[n++] = chr_widget(k);
		return (n);
	}
	if (obj_inherits(o, "QComboBox")) {
		if ((k = chr_first_of(o, "QComboBoxPrivateContainer")) !=
		    NULL && (m = chr_first_of(k, "QComboBoxListView")) != NULL)
			out[n++] = chr_widget(m);
		return (n);
	}
	if (o == app.menubar) {
		for (mi = 0; mi < 3; mi++) {
			if (app.menus[mi] == NULL || !app.menus[mi]->alive)
				continue;
			for (i = 0; i < app.menus[mi]->nkids; i++) {
				act = app.menus[mi]->kids[i];
				if (obj_inherits(act, "QAction") &&
				    act->menu == app.menus[mi])
					out[n++] = (struct acc){ A_MENUITEM,
					    act, -1, 0 };
			}
		}
		for (i = 0; i < o->nkids && n < MAXKIDS; i++) {
			if (o->kids[i]->widget && !o->kids[i]->window)
				out[n++] = chr_widget(o->kids[i]);
		}
		return (n);
	}
	if (obj_inherits(o, "QMenu")) {
		for (mi = 0; mi < 3; mi++) {
			if (app.menus[mi] == o)
				break;
		}
		for (i = 0; mi < 3 && i < 5; i++) {
			if (chr_menu_items[mi][i] == NULL) {
				out[n++] = (struct acc){ A_SEPARATOR, o,
				    mi * 10 + (int)i, 0 };
				continue;
			}
			if (*chr_menu_items[mi][i] == '\0')
				continue;
			if ((act = chr_action(chr_menu_items[mi][i])) != NULL)
				out[n++] = (struct acc){ A_MENUITEM, act,
				    mi * 10 + (int)i, 0 };
		}
		return (n);
	}
	/* Any other widget: its child widgets that are not windows. */
	for (i = 0; i < o->nkids && n < MAXKIDS; i++) {
		k = o->kids[i];
		if (!k->widget || k->window || k->buddy != NULL ||
		    obj_inherits(k, "QAbstractScrollAreaScrollBarContainer"))
			continue;
		out[n++] = chr_widget(k);
	}
	return (n);
}

/* --- states and node JSON -------------------------------------------- */

static cJSON *
chr_states(const struct acc *a, int limited)
{
	cJSON		*s = cJSON_CreateObject();
	struct obj	*o = a->o;
	const cJSON	*echo;

	if (a->kind == A_WIDGET) {
		if (app_focus_widget() == o)
			cJSON_AddBoolToObject(s, "focused", 1);
		if (!obj_enabled(o))
			cJSON_AddBoolToObject(s, "disabled", 1);
		if (obj_inherits(o, "QAbstractButton") && obj_geti(o,
		    "checked"))
			cJSON_AddBoolToObject(s, "checked", 1);
		if (limited)
			return (s);
		if (obj_inherits(o, "QAbstractButton") && o->down)
			cJSON_AddBoolToObject(s, "pressed", 1);
		if ((obj_inherits(o, "QTextEdit") || obj_inherits(o,
		    "QLineEdit")) && obj_geti(o, "readOnly"))
			cJSON_AddBoolToObject(s, "readonly", 1);
		if ((obj_inherits(o, "QTextEdit") || obj_inherits(o,
		    "QLineEdit")) && !obj_geti(o, "readOnly"))
			cJSON_AddBoolToObject(s, "editable", 1);
		if (obj_inherits(o, "QTextEdit"))
			cJSON_AddBoolToObject(s, "multiline", 1);
		if (obj_inherits(o, "QLineEdit") && (echo = dj_member(
		    dj_member(o->store, "echoMode"), "value")) != NULL &&
		    strncmp(echo->valuestring, "Password", 8) == 0)
			cJSON_AddBoolToObject(s, "password", 1);
		if (obj_inherits(o, "QComboBox")) {
			cJSON_AddBoolToObject(s, "hasPopup", 1);
			cJSON_AddBoolToObject(s, "expanded", 0);
		}
		return (s);
	}
	if (a->kind == A_MENUITEM && !obj_geti(o, "enabled"))
		cJSON_AddBoolToObject(s, "disabled", 1);
	if (a->kind == A_MENUITEM && obj_geti(o, "checked"))
		cJSON_AddBoolToObject(s, "checked", 1);
	if (limited)
		return (s);
	if (a->kind == A_TAB && a->index == obj_geti(app.tabbar,
	    "currentIndex"))
		cJSON_AddBoolToObject(s, "selected", 1);
	if (a->kind == A_ITEM && o->buddy == NULL && a->index == obj_geti(o,
	    "currentRow"))
		cJSON_AddBoolToObject(s, "selected", 1);
	if (a->kind == A_MENUITEM && o->menu != NULL)
		cJSON_AddBoolToObject(s, "hasPopup", 1);
	return (s);
}

static struct obj *
chr_object(const struct acc *a)
{
	if (a->kind == A_WIDGET || a->kind == A_MENUITEM)
		return (a->o);
	return (NULL);
}

static void
chr_node_fields(cJSON *n, const struct acc *a, int limited)
{
	struct obj	*o = chr_object(a);
	char		*name;

	cJSON_AddStringToObject(n, "role", chr_role_name(chr_role(a)));
	name = chr_display_name(a);
	cJSON_AddStringToObject(n, "name", name);
	free(name);
	cJSON_AddItemToObject(n, "states", chr_states(a, limited));
	cJSON_AddItemToObject(n, "bounds", dj_rect(chr_bounds(a)));
	if (o != NULL && *o->name != '\0')
		cJSON_AddStringToObject(n, "objectName", o->name);
	if (o != NULL) {
		cJSON_AddStringToObject(n, "className", o->cls->name);
		if (!limited)
			cJSON_AddStringToObject(n, "objectId", o->id);
	}
}

/* --- readPage ---------------------------------------------------------- */

struct walk {
	int	 all;
	int	 depth;
	int	 max_chars;
	int	 chars;
	int	 truncated;
};

static cJSON *
chr_walk(struct walk *w, const struct acc *a, int level)
{
	struct acc	 kids[MAXKIDS];
	size_t		 n, i;
	cJSON		*node, *arr = NULL;
	char		 buf[32], *s;
	enum role	 r = chr_role(a);

	node = cJSON_CreateObject();
	if (w->all || chr_interactive(r)) {
		snprintf(buf, sizeof buf, "ref_%d", chr_add_ref(a));
		cJSON_AddStringToObject(node, "ref", buf);
	}
	chr_node_fields(node, a, 0);
	/* A rough size: the node's own JSON. */
	s = dj_print(node);
	w->chars += (int)strlen(s);
	free(s);
	if (w->chars > w->max_chars) {
		w->truncated = 1;
		return (node);
	}
	n = chr_children(a, kids);
	for (i = 0; i < n && !w->truncated; i++) {
		if (!w->all && !chr_visible(&kids[i]))
			continue;
		if (level + 1 > w->depth)
			continue;
		if (arr == NULL)
			arr = cJSON_CreateArray();
		cJSON_AddItemToArray(arr, chr_walk(w, &kids[i], level + 1));
	}
	if (arr != NULL)
		cJSON_AddItemToObject(node, "children", arr);
	return (node);
}

static struct obj *
chr_window(struct rpc_call *c)
{
	struct obj	*w;

	if ((w = app_target_window()) == NULL)
		return (rpc_fail(c, -32060, rpc_data("hint",
		    cJSON_CreateString("The application has no active or "
		    "visible window"), NULL), "No active window"));
	return (w);
}

/* A ref to its element; NULL and -32070 or -32071. */
static struct acc *
chr_ref(struct rpc_call *c, const char *ref)
{
	long	 n;
	char	*end;

	if (strncmp(ref, "ref_", 4) != 0 || (n = strtol(ref + 4, &end, 10)) <
	    1 || *end != '\0' || (size_t)n > chr_nrefs) {
		rpc_fail(c, -32070, rpc_data("ref", cJSON_CreateString(ref),
		    NULL), "Ref not found: %s (call chr.readPage or chr.find "
		    "first)", ref);
		return (NULL);
	}
	if (!chr_refs[n - 1].o->alive || chr_refs[n - 1].o->serial !=
	    chr_refs[n - 1].serial) {
		rpc_fail(c, -32071, rpc_data("ref", cJSON_CreateString(ref),
		    NULL), "Element was destroyed since last readPage");
		return (NULL);
	}
	return (&chr_refs[n - 1]);
}

static cJSON *
chr_read_page(struct rpc_call *c)
{
	struct walk	 w;
	struct obj	*win;
	struct acc	 root, *ra;
	const char	*ref_id = dj_str(c->params, "ref_id");
	const cJSON	*f = dj_member(c->params, "filter");
	cJSON		*r, *tree;

	if ((win = chr_window(c)) == NULL)
		return (NULL);
	root = chr_widget(win);
	if (*ref_id != '\0') {
		if ((ra = chr_ref(c, ref_id)) == NULL)
			return (NULL);
		if (ra->kind == A_WIDGET)
			root = *ra;
	}
	memset(&w, 0, sizeof w);
	w.all = f == NULL || !cJSON_IsString(f) || strcmp(f->valuestring,
	    "all") == 0;
	w.depth = dj_int(c->params, "depth", 15);
	w.max_chars = dj_int(c->params, "max_chars", 50000);
	chr_reset_refs();
	tree = chr_walk(&w, &root, 0);
	r = cJSON_CreateObject();
	cJSON_AddItemToObject(r, "tree", tree);
	cJSON_AddNumberToObject(r, "totalNodes", (double)chr_nrefs);
	cJSON_AddBoolToObject(r, "truncated", w.truncated);
	return (r);
}

/* --- actions ----------------------------------------------------------- */

/* Does the element offer the accessibility press action? */
static int
chr_has_press(const struct acc *a)
{
	switch (a->kind) {
	case A_TAB:
	case A_MENUITEM:
		return (1);
	case A_WIDGET:
		return (obj_inherits(a->o, "QAbstractButton") ||
		    obj_inherits(a->o, "QComboBox"));
	default:
		return (0);
	}
}

static int
chr_has_actions(const struct acc *a)
{
	return (chr_has_press(a) || a->kind == A_ITEM || a->kind == A_CELL);
}

static void
chr_press(const struct acc *a)
{
	switch (a->kind) {
	case A_TAB:
		obj_writei(app.tabs, "currentIndex", a->index);
		break;
	case A_MENUITEM:
		app_trigger(a->o);
		break;
	case A_ITEM:
		if (a->o->buddy == NULL)
			obj_writei(a->o, "currentRow", a->index);
		break;
	case A_WIDGET:
		if (obj_inherits(a->o, "QAbstractButton"))
			app_button_click(a->o);
		break;
	default:
		break;
	}
}

static cJSON *
chr_click(struct rpc_call *c)
{
	const char	*ref;
	struct acc	*a;
	const char	*method;
	cJSON		*r;
	struct rect	 g;

	if ((ref = rpc_required(c, "ref")) == NULL ||
	    (a = chr_ref(c, ref)) == NULL)
		return (NULL);
	if (chr_has_press(a)) {
		chr_press(a);
		method = "accessibilityAction";
	} else if (a->kind == A_WIDGET) {
		g = a->o->geom;
		app_click(a->o, g.w / 2, g.h / 2, "left");
		method = "mouseClick";
	} else if (chr_has_actions(a)) {
		chr_press(a);
		method = "accessibilityAction";
	} else
		return (rpc_fail(c, -32070, rpc_data("ref",
		    cJSON_CreateString(ref), "role", cJSON_CreateString(
		    chr_role_name(chr_role(a))), NULL),
		    "Element cannot be clicked: %s", ref));
	rpc_process_events();
	r = cJSON_CreateObject();
	cJSON_AddBoolToObject(r, "clicked", 1);
	cJSON_AddStringToObject(r, "ref", ref);
	cJSON_AddStringToObject(r, "role", chr_role_name(chr_role(a)));
	cJSON_AddStringToObject(r, "method", method);
	return (r);
}

static char *
chr_value_text(const cJSON *v)
{
	if (cJSON_IsString(v))
		return (xstrdup(v->valuestring));
	if (cJSON_IsBool(v))
		return (xstrdup(cJSON_IsTrue(v) ? "true" : "false"));
	if (cJSON_IsNumber(v)) {
		if (v->valuedouble == (double)(long)v->valuedouble)
			return (xasprintf("%ld", (long)v->valuedouble));
		return (xasprintf("%g", v->valuedouble));
	}
	return (xstrdup(""));
}

static cJSON *
chr_form_input(struct rpc_call *c)
{
	const char	*ref, *strategy = NULL;
	const cJSON	*v = dj_member(c->params, "value");
	struct acc	*a;
	struct obj	*o;
	char		*s;
	int		 i, toggle, valued, editable;
	cJSON		*r;

	if ((ref = rpc_required(c, "ref")) == NULL ||
	    (a = chr_ref(c, ref)) == NULL)
		return (NULL);
	o = a->kind == A_WIDGET ? a->o : NULL;
	toggle = o != NULL && obj_inherits(o, "QAbstractButton") &&
	    obj_geti(o, "checkable");
	valued = o != NULL && obj_inherits(o, "QAbstractSlider");
	editable = o != NULL && (obj_inherits(o, "QLineEdit") ||
	    obj_inherits(o, "QTextEdit"));
	if (o != NULL && obj_inherits(o, "QComboBox") && v != NULL) {
		s = chr_value_text(v);
		for (i = 0; i < cJSON_GetArraySize(o->items); i++) {
			if (strcmp(cJSON_GetArrayItem(o->items,
			    i)->valuestring, s) == 0)
				break;
		}
		if (i == cJSON_GetArraySize(o->items) &&
		    !obj_geti(o, "editable")) {
			rpc_fail(c, -32072, rpc_data("ref",
			    cJSON_CreateString(ref), "value",
			    cJSON_CreateString(s), NULL),
			    "Combo box has no item '%s'", s);
			free(s);
			return (NULL);
		}
		if (i < cJSON_GetArraySize(o->items))
			obj_writei(o, "currentIndex", i);
		free(s);
		strategy = "comboBox";
	} else if (v != NULL && cJSON_IsBool(v) && toggle) {
		if (obj_geti(o, "checked") != cJSON_IsTrue(v))
			app_button_click(o);
		strategy = "toggleAction";
	} else if (v != NULL && cJSON_IsNumber(v) && valued) {
		obj_writei(o, "value", (int)v->valuedouble);
		strategy = "valueInterface";
	} else if (v != NULL && cJSON_IsString(v) && editable) {
		obj_writes(o, obj_inherits(o, "QTextEdit") ? "plainText" :
		    "text", v->valuestring);
		strategy = "editableText";
	} else if (v != NULL && cJSON_IsString(v) && valued) {
		obj_writei(o, "value", atoi(v->valuestring));
		strategy = "valueInterface";
	} else
		return (rpc_fail(c, -32072, rpc_data("ref",
		    cJSON_CreateString(ref), "role", cJSON_CreateString(
		    chr_role_name(chr_role(a))), NULL),
		    "No way to input this value into the element"));
	rpc_process_events();
	r = cJSON_CreateObject();
	cJSON_AddBoolToObject(r, "success", 1);
	cJSON_AddStringToObject(r, "ref", ref);
	cJSON_AddStringToObject(r, "strategy", strategy);
	return (r);
}

static int
chr_text_role(enum role r)
{
	return (r == R_STATICTEXT || r == R_EDITABLETEXT || r == R_BUTTON ||
	    r == R_LISTITEM || r == R_CELL || r == R_MENUITEM ||
	    r == R_GROUPING);
}

static void
chr_collect_text(const struct acc *a, int level, char **buf)
{
	struct acc	 kids[MAXKIDS];
	size_t		 n, i;
	char		*name, *value, *t;

	if (level > 30 || !chr_visible(a))
		return;
	if (chr_text_role(chr_role(a))) {
		name = chr_acc_name(a);
		value = chr_acc_value(a);
		if (*name != '\0') {
			t = xasprintf("%s%s%s", *buf, **buf != '\0' ? "\n" : "",
			    name);
			free(*buf);
			*buf = t;
		}
		if (*value != '\0' && strcmp(value, name) != 0) {
			t = xasprintf("%s%s%s", *buf, **buf != '\0' ? "\n" : "",
			    value);
			free(*buf);
			*buf = t;
		}
		free(name);
		free(value);
	}
	n = chr_children(a, kids);
	for (i = 0; i < n; i++)
		chr_collect_text(&kids[i], level + 1, buf);
}

static cJSON *
chr_get_page_text(struct rpc_call *c)
{
	struct obj	*win;
	struct acc	 root;
	char		*buf = xstrdup("");
	cJSON		*r;

	if ((win = chr_window(c)) == NULL) {
		free(buf);
		return (NULL);
	}
	root = chr_widget(win);
	chr_collect_text(&root, 0, &buf);
	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "text", buf);
	free(buf);
	return (r);
}

static int
chr_contains(const char *hay, const char *needle)
{
	size_t	n = strlen(needle);

	for (; *hay != '\0'; hay++) {
		if (strncasecmp(hay, needle, n) == 0)
			return (1);
	}
	return (n == 0);
}

static void
chr_find_walk(const struct acc *a, int level, const char *q, cJSON *arr)
{
	struct acc	 kids[MAXKIDS];
	struct obj	*o = chr_object(a);
	size_t		 n, i;
	char		*name, buf[32];
	cJSON		*m;
	int		 hit;

	if (level > 30 || !chr_visible(a))
		return;
	name = chr_acc_name(a);
	hit = chr_contains(name, q) || chr_contains(chr_role_name(chr_role(a)),
	    q) || (o != NULL && (chr_contains(obj_gets(o, "toolTip"), q) ||
	    chr_contains(o->name, q) || chr_contains(o->cls->name, q)));
	free(name);
	if (hit) {
		m = cJSON_CreateObject();
		snprintf(buf, sizeof buf, "ref_%d", chr_add_ref(a));
		cJSON_AddStringToObject(m, "ref", buf);
		chr_node_fields(m, a, 1);
		cJSON_AddItemToArray(arr, m);
	}
	n = chr_children(a, kids);
	for (i = 0; i < n; i++)
		chr_find_walk(&kids[i], level + 1, q, arr);
}

static cJSON *
chr_find(struct rpc_call *c)
{
	const char	*q;
	struct obj	*win;
	struct acc	 root;
	cJSON		*arr, *r;
	int		 n;

	if ((q = rpc_required(c, "query")) == NULL ||
	    (win = chr_window(c)) == NULL)
		return (NULL);
	root = chr_widget(win);
	arr = cJSON_CreateArray();
	chr_find_walk(&root, 0, q, arr);
	n = cJSON_GetArraySize(arr);
	if (n > 20) {
		cJSON_Delete(arr);
		return (rpc_fail(c, -32074, rpc_data("query",
		    cJSON_CreateString(q), "count", cJSON_CreateNumber(n),
		    "hint", cJSON_CreateString("Use a more specific query"),
		    NULL), "Too many matches (%d, max 20) for '%s'", n, q));
	}
	r = cJSON_CreateObject();
	cJSON_AddItemToObject(r, "matches", arr);
	cJSON_AddNumberToObject(r, "count", n);
	return (r);
}

/* The first action under the window with one of the shortcuts. */
static struct obj *
chr_shortcut_action(const char *a, const char *b)
{
	struct obj	*o;
	const cJSON	*v;

	TAILQ_FOREACH(o, &obj_all, entry) {
		if (!obj_inherits(o, "QAction") || obj_window(o->parent) !=
		    app.main)
			continue;
		v = dj_member(dj_member(o->store, "shortcut"), "value");
		if (v != NULL && cJSON_IsString(v) && (strcmp(v->valuestring,
		    a) == 0 || (b != NULL && strcmp(v->valuestring, b) == 0)))
			return (o);
	}
	return (NULL);
}

static cJSON *
chr_navigate(struct rpc_call *c)
{
	const char	*action, *ref;
	struct acc	*a;
	struct obj	*act;
	cJSON		*r, *valid;

	if ((action = rpc_required(c, "action")) == NULL)
		return (NULL);
	r = cJSON_CreateObject();
	if (strcmp(action, "activateTab") == 0 ||
	    strcmp(action, "activateMenuItem") == 0) {
		ref = dj_str(c->params, "ref");
		if (*ref == '\0') {
			cJSON_Delete(r);
			return (rpc_fail(c, -32602, rpc_data("method",
			    cJSON_CreateString(c->method), "action",
			    cJSON_CreateString(action), NULL),
			    "Missing required parameter: ref (for %s)",
			    action));
		}
		if ((a = chr_ref(c, ref)) == NULL) {
			cJSON_Delete(r);
			return (NULL);
		}
		if (!chr_has_actions(a)) {
			cJSON_Delete(r);
			return (rpc_fail(c, -32075, rpc_data("ref",
			    cJSON_CreateString(ref), "action",
			    cJSON_CreateString(action), NULL),
			    "Element has no actions: %s", ref));
		}
		chr_press(a);
		rpc_process_events();
		cJSON_AddBoolToObject(r, "navigated", 1);
		cJSON_AddStringToObject(r, "action", action);
		cJSON_AddStringToObject(r, "ref", ref);
		return (r);
	}
	if (strcmp(action, "back") == 0 || strcmp(action, "forward") == 0) {
		if (chr_window(c) == NULL) {
			cJSON_Delete(r);
			return (NULL);
		}
		act = strcmp(action, "back") == 0 ?
		    chr_shortcut_action("Ctrl+Z", NULL) :
		    chr_shortcut_action("Ctrl+Y", "Ctrl+Shift+Z");
		if (act == NULL) {
			cJSON_Delete(r);
			return (rpc_fail(c, -32075, rpc_data("action",
			    cJSON_CreateString(action), "hint",
			    cJSON_CreateString(strcmp(action, "back") == 0 ?
			    "No undo action (Ctrl+Z) in the active window" :
			    "No redo action (Ctrl+Y or Ctrl+Shift+Z) in the "
			    "active window"), NULL),
			    "Cannot navigate %s: no matching action", action));
		}
		app_trigger(act);
		rpc_process_events();
		cJSON_AddBoolToObject(r, "navigated", 1);
		cJSON_AddStringToObject(r, "action", action);
		return (r);
	}
	cJSON_Delete(r);
	valid = cJSON_CreateArray();
	cJSON_AddItemToArray(valid, cJSON_CreateString("activateTab"));
	cJSON_AddItemToArray(valid, cJSON_CreateString("activateMenuItem"));
	cJSON_AddItemToArray(valid, cJSON_CreateString("back"));
	cJSON_AddItemToArray(valid, cJSON_CreateString("forward"));
	return (rpc_fail(c, -32075, rpc_data("action",
	    cJSON_CreateString(action), "validActions", valid, NULL),
	    "Unknown navigate action: %s", action));
}

static cJSON *
chr_tabs_context(struct rpc_call *c)
{
	struct obj	*o;
	cJSON		*r, *arr, *e;
	int		 n = 0;

	r = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(r, "windows");
	TAILQ_FOREACH(o, &obj_all, entry) {
		if (!o->widget || !o->window || !obj_visible(o))
			continue;
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "windowTitle",
		    obj_gets(o, "windowTitle"));
		cJSON_AddStringToObject(e, "className", o->cls->name);
		if (*o->name != '\0')
			cJSON_AddStringToObject(e, "objectName", o->name);
		cJSON_AddBoolToObject(e, "isActive", o == app_active_window());
		cJSON_AddItemToObject(e, "geometry", dj_rect(o->geom));
		cJSON_AddItemToArray(arr, e);
		n++;
	}
	cJSON_AddNumberToObject(r, "count", n);
	return (r);
}

static cJSON *
chr_read_console(struct rpc_call *c)
{
	return (con_messages(dj_str(c->params, "pattern"),
	    dj_bool(c->params, "onlyErrors", 0), dj_bool(c->params, "clear", 0),
	    dj_int(c->params, "limit", 0)));
}

const struct rpc_method chr_methods[] = {
	{ "chr.readPage", chr_read_page, RPC_MODE, 0 },
	{ "chr.click", chr_click, RPC_MODE, 0 },
	{ "chr.formInput", chr_form_input, RPC_MODE, 0 },
	{ "chr.getPageText", chr_get_page_text, RPC_MODE, 0 },
	{ "chr.find", chr_find, RPC_MODE, 0 },
	{ "chr.navigate", chr_navigate, RPC_MODE, 0 },
	{ "chr.tabsContext", chr_tabs_context, RPC_MODE, 0 },
	{ "chr.readConsoleMessages", chr_read_console, RPC_MODE, 0 },
};
const size_t chr_nmethods = nitems(chr_methods);

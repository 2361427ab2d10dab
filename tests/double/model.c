/*
 * model.c: the object model of the probe double: classes parsed from
 * classes.c, objects and their registry IDs, live paths, properties with
 * the probe's JSON forms and conversions, and the method and signal lists.
 *
 * Registry IDs are made the way the real probe makes them: once, while
 * the QObject base constructor runs, when the object's class still reads
 * as "QObject", its name is empty and a widget has no parent yet.  So
 * widgets get "QObject~N" and non-widget children get a path of their
 * parent at that moment, e.g. "tableTab/QTableWidget/QObject".  Objects
 * that existed before the probe started get their real path.
 */

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "double.h"

struct objs	 obj_all = TAILQ_HEAD_INITIALIZER(obj_all);
static u_int	 obj_serial;
static struct cls *obj_classes;
static size_t	 obj_nclasses;

/* Enum keys the double checks on set; other enum types take any key. */
static const struct {
	const char	*type;
	const char	*keys;
} obj_enums[] = {
	{ "Qt::Orientation", "Horizontal|Vertical" },
	{ "Qt::FocusPolicy",
	  "NoFocus|TabFocus|ClickFocus|StrongFocus|WheelFocus" },
	{ "QLineEdit::EchoMode", "Normal|NoEcho|Password|PasswordEchoOnEdit" },
	{ "Qt::WindowModality", "NonModal|WindowModal|ApplicationModal" },
	{ "Qt::LayoutDirection",
	  "LeftToRight|RightToLeft|LayoutDirectionAuto" },
	{ "Qt::ContextMenuPolicy", "NoContextMenu|DefaultContextMenu|"
	  "ActionsContextMenu|CustomContextMenu|PreventContextMenu" },
	{ "QSlider::TickPosition",
	  "NoTicks|TicksAbove|TicksLeft|TicksBelow|TicksRight|TicksBothSides" },
	{ "Qt::ToolButtonStyle", "ToolButtonIconOnly|ToolButtonTextOnly|"
	  "ToolButtonTextBesideIcon|ToolButtonTextUnderIcon|"
	  "ToolButtonFollowStyle" },
	{ "QTabWidget::TabPosition", "North|South|West|East" },
	{ "QTabWidget::TabShape", "Rounded|Triangular" },
};

static enum ptype
obj_ptype(const char *type)
{
	static const struct {
		const char	*name;
		enum ptype	 pt;
	} map[] = {
		{ "bool", PT_BOOL }, { "int", PT_INT }, { "uint", PT_INT },
		{ "qlonglong", PT_INT }, { "double", PT_DOUBLE },
		{ "float", PT_DOUBLE }, { "qreal", PT_DOUBLE },
		{ "QString", PT_STRING }, { "QChar", PT_STRING },
		{ "QUrl", PT_STRING }, { "QRect", PT_RECT },
		{ "QRectF", PT_RECT }, { "QPoint", PT_POINT },
		{ "QPointF", PT_POINT }, { "QSize", PT_SIZE },
		{ "QSizeF", PT_SIZE }, { "QColor", PT_COLOR },
		{ "QStringList", PT_LIST }, { "QVariantList", PT_LIST },
	};
	size_t	i;

	for (i = 0; i < nitems(map); i++) {
		if (strcmp(map[i].name, type) == 0)
			return (map[i].pt);
	}
	if (strstr(type, "::") != NULL && strchr(type, '*') == NULL)
		return (PT_ENUM);
	return (PT_OPAQUE);
}

static cJSON *
obj_split_names(const char *names, int n)
{
	cJSON		*arr = cJSON_CreateArray();
	const char	*p = names, *e;
	char		*tok;
	int		 i;

	for (i = 0; i < n; i++) {
		if (p == NULL || strcmp(names, "-") == 0) {
			cJSON_AddItemToArray(arr, cJSON_CreateString(""));
			continue;
		}
		e = strchr(p, ',');
		tok = e != NULL ? strndup(p, e - p) : xstrdup(p);
		cJSON_AddItemToArray(arr,
		    cJSON_CreateString(strcmp(tok, "-") == 0 ? "" : tok));
		free(tok);
		p = e != NULL ? e + 1 : NULL;
	}
	return (arr);
}

/* "name(T1,T2)" into name, signature, type list. */
static void
obj_parse_sig(struct meth *m, const char *sig, const char *names)
{
	const char	*open, *p, *e;
	char		*tok;

	open = strchr(sig, '(');
	m->name = strndup(sig, open - sig);
	m->signature = xstrdup(sig);
	m->ptypes = cJSON_CreateArray();
	p = open + 1;
	while (*p != ')' && *p != '\0') {
		e = p;
		while (*e != ',' && *e != ')')
			e++;
		tok = strndup(p, e - p);
		cJSON_AddItemToArray(m->ptypes, cJSON_CreateString(tok));
		free(tok);
		m->nargs++;
		p = *e == ',' ? e + 1 : e;
	}
	m->pnames = obj_split_names(names, m->nargs);
}

static void
obj_parse_spec(struct cls *c)
{
	char		*spec, *line, *next, *f[5], *rest;
	struct prop	*p;
	struct meth	*m;
	int		 n;

	spec = xstrdup(c->spec);
	for (line = spec; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		for (n = 0, rest = line; n < 5 && rest != NULL; n++) {
			f[n] = rest;
			if ((rest = strchr(rest, ' ')) != NULL)
				*rest++ = '\0';
			if (line[0] == 'P' && n == 3)
				break;
			if (line[0] == 'S' && n == 2)
				break;
		}
		switch (line[0]) {
		case 'P':
			c->props = xrealloc(c->props,
			    (c->nprops + 1) * sizeof *c->props);
			p = &c->props[c->nprops++];
			memset(p, 0, sizeof *p);
			p->name = xstrdup(f[1]);
			p->type = xstrdup(f[2]);
			p->pt = obj_ptype(p->type);
			if (strstr(f[3], "ro") != NULL)
				p->flags |= P_RO;
			if (f[3][0] == 'c')
				p->flags |= P_COMPUTED;
			if (rest != NULL && strcmp(rest, "-") != 0) {
				p->def = cJSON_Parse(rest);
				if (p->def == NULL)
					abort();
			}
			break;
		case 'M':
		case 'I':
			c->meths = xrealloc(c->meths,
			    (c->nmeths + 1) * sizeof *c->meths);
			m = &c->meths[c->nmeths++];
			memset(m, 0, sizeof *m);
			m->access = xstrdup(f[1]);
			m->ret = xstrdup(f[2]);
			obj_parse_sig(m, f[3], f[4]);
			break;
		case 'S':
			c->sigs = xrealloc(c->sigs,
			    (c->nsigs + 1) * sizeof *c->sigs);
			m = &c->sigs[c->nsigs++];
			memset(m, 0, sizeof *m);
			m->signal = 1;
			m->ret = xstrdup("void");
			m->access = xstrdup("public");
			obj_parse_sig(m, f[1], f[2]);
			break;
		}
	}
	free(spec);
}

void
obj_init(void)
{
	struct cls	*c, *p;
	size_t		 i;

	obj_classes = classes_table(&obj_nclasses);
	for (i = 0; i < obj_nclasses; i++) {
		c = &obj_classes[i];
		if (c->super != NULL && (c->parent = obj_class(c->super)) ==
		    NULL)
			abort();
		obj_parse_spec(c);
	}
	for (i = 0; i < obj_nclasses; i++) {
		c = &obj_classes[i];
		for (p = c; p != NULL; p = p->parent) {
			if (strcmp(p->name, "QWidget") == 0)
				c->widget = 1;
			if (strcmp(p->name, "QAbstractItemModel") == 0)
				c->model = 1;
		}
	}
}

struct cls *
obj_class(const char *name)
{
	size_t	i;

	for (i = 0; i < obj_nclasses; i++) {
		if (strcmp(obj_classes[i].name, name) == 0)
			return (&obj_classes[i]);
	}
	return (NULL);
}

int
obj_inherits(const struct obj *o, const char *name)
{
	const struct cls	*c;

	for (c = o->cls; c != NULL; c = c->parent) {
		if (strcmp(c->name, name) == 0)
			return (1);
	}
	return (0);
}

/* --- registry and paths ----------------------------------------------- */

struct obj *
obj_by_id(const char *id)
{
	struct obj	*o;

	TAILQ_FOREACH(o, &obj_all, entry) {
		if (o->alive && strcmp(o->id, id) == 0)
			return (o);
	}
	return (NULL);
}

static void
obj_attach(struct obj *o, struct obj *parent)
{
	o->parent = parent;
	if (parent == NULL)
		return;
	parent->kids = xrealloc(parent->kids,
	    (parent->nkids + 1) * sizeof *parent->kids);
	parent->kids[parent->nkids++] = o;
}

static void
obj_detach(struct obj *o)
{
	struct obj	*p = o->parent;
	size_t		 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nkids; i++) {
		if (p->kids[i] == o) {
			memmove(&p->kids[i], &p->kids[i + 1],
			    (p->nkids - i - 1) * sizeof *p->kids);
			p->nkids--;
			break;
		}
	}
	o->parent = NULL;
}

void
obj_set_parent(struct obj *o, struct obj *parent)
{
	obj_detach(o);
	obj_attach(o, parent);
}

int
obj_child_index(const struct obj *o)
{
	size_t	i;

	if (o->parent == NULL)
		return (-1);
	for (i = 0; i < o->parent->nkids; i++) {
		if (o->parent->kids[i] == o)
			return ((int)i);
	}
	return (-1);
}

/*
 * One path segment (introspection/object_id.cpp generateIdSegment):
 * objectName, else text_ and the text, else the class name with #N among
 * same-class siblings.  cname overrides the class of o (construction).
 */
static char *
obj_segment(const struct obj *o, const char *cname)
{
	const struct prop	*p;
	const char		*text = "", *sib;
	char			 buf[32], *s;
	int			 i, n, count = 0, index = 0;
	size_t			 k;
	cJSON			*v = NULL;

	if (cname == NULL) {
		if (o->name != NULL && *o->name != '\0')
			return (xstrdup(o->name));
		if ((p = obj_find_prop(o, "text")) != NULL &&
		    (v = obj_prop_get((struct obj *)o, p)) != NULL &&
		    cJSON_IsString(v))
			text = v->valuestring;
		if (*text != '\0') {
			n = 0;
			for (i = 0; text[i] != '\0' && n < 20; i++) {
				if ((text[i] & 0xc0) == 0x80)
					continue;
				buf[n++] = isalnum((unsigned char)text[i]) ?
				    text[i] : '_';
			}
			buf[n] = '\0';
			while (n > 0 && buf[n - 1] == '_')
				buf[--n] = '\0';
			cJSON_Delete(v);
			return (xasprintf("text_%s", buf));
		}
		cJSON_Delete(v);
		cname = o->cls->name;
	}
	if (o->parent != NULL) {
		for (k = 0; k < o->parent->nkids; k++) {
			sib = o->parent->kids[k] == o ? cname :
			    o->parent->kids[k]->cls->name;
			if (strcmp(sib, cname) != 0)
				continue;
			count++;
			if (o->parent->kids[k] == o)
				index = count;
		}
	}
	if (count > 1)
		s = xasprintf("%s#%d", cname, index);
	else
		s = xstrdup(cname);
	return (s);
}

static char *
obj_path_with(const struct obj *o, const char *cname)
{
	char	*seg, *up, *s;

	seg = obj_segment(o, cname);
	if (o->parent == NULL)
		return (seg);
	up = obj_path_with(o->parent, NULL);
	s = xasprintf("%s/%s", up, seg);
	free(up);
	free(seg);
	return (s);
}

char *
obj_live_path(const struct obj *o)
{
	return (obj_path_with(o, NULL));
}

static void
obj_register(struct obj *o, char *want)
{
	char	*id;
	int	 n;

	id = xstrdup(want);
	for (n = 1; obj_by_id(id) != NULL; n++) {
		free(id);
		id = xasprintf("%s~%d", want, n);
	}
	free(want);
	o->id = id;
	o->alive = 1;
	TAILQ_INSERT_TAIL(&obj_all, o, entry);
}

static void
obj_defaults(struct obj *o)
{
	const struct cls	*c;
	size_t			 i;

	o->store = cJSON_CreateObject();
	o->dyn = cJSON_CreateObject();
	for (c = o->cls; c != NULL; c = c->parent) {
		for (i = 0; i < c->nprops; i++) {
			if (c->props[i].def == NULL ||
			    dj_has(o->store, c->props[i].name))
				continue;
			cJSON_AddItemToObject(o->store, c->props[i].name,
			    cJSON_Duplicate(c->props[i].def, 1));
		}
	}
}

/*
 * Create an object of class cname.  A widget is parented after its ID is
 * made (QWidget's constructor does so); anything else before.
 */
struct obj *
obj_create(const char *cname, struct obj *parent, int hidden)
{
	struct obj	*o;

	o = xcalloc(1, sizeof *o);
	if ((o->cls = obj_class(cname)) == NULL)
		abort();
	o->name = xstrdup("");
	o->widget = o->cls->widget;
	o->hidden = hidden;
	o->serial = ++obj_serial;
	obj_defaults(o);
	if (!o->widget)
		obj_attach(o, parent);
	obj_register(o, obj_path_with(o, "QObject"));
	if (o->widget)
		obj_attach(o, parent);
	if (o->widget && parent == NULL)
		o->window = 1;
	rpc_post_lifecycle(o, 1);
	return (o);
}

/* An object that existed before the probe started: its real path. */
struct obj *
obj_preexisting(const char *cname, const char *name, struct obj *parent)
{
	struct obj	*o;

	o = xcalloc(1, sizeof *o);
	if ((o->cls = obj_class(cname)) == NULL)
		abort();
	o->name = xstrdup(name);
	o->widget = o->cls->widget;
	o->serial = ++obj_serial;
	obj_defaults(o);
	obj_attach(o, parent);
	obj_register(o, obj_live_path(o));
	return (o);
}

/* Destroy o and its children; their registry IDs become free. */
void
obj_destroy(struct obj *o)
{
	if (!o->alive)
		return;
	while (o->nkids > 0)
		obj_destroy(o->kids[o->nkids - 1]);
	obj_emit(o, "destroyed");
	app_destroyed(o);
	nat_object_gone(o);
	rpc_post_lifecycle(o, 0);
	obj_detach(o);
	o->alive = 0;
	TAILQ_REMOVE(&obj_all, o, entry);
}

/* root or its first descendant, depth first, with objectName name. */
struct obj *
obj_find_under(struct obj *root, const char *name)
{
	struct obj	*f;
	size_t		 i;

	if (strcmp(root->name, name) == 0)
		return (root);
	for (i = 0; i < root->nkids; i++) {
		if ((f = obj_find_under(root->kids[i], name)) != NULL)
			return (f);
	}
	return (NULL);
}

/* Form 3 of the resolver: a registry ID, else a QApplication/... path. */
struct obj *
obj_lookup(const char *id)
{
	struct obj	*o;

	if (id == NULL || *id == '\0')
		return (NULL);
	if ((o = obj_by_id(id)) != NULL)
		return (o);
	return (obj_resolve_path(id));
}

/*
 * Walk a path from the application object, the only top-level object the
 * real probe's path lookup knows about; windows are not its children.
 */
struct obj *
obj_resolve_path(const char *path)
{
	struct obj	*cur = NULL;
	char		*copy, *seg, *save = NULL, *s;
	size_t		 i;
	int		 found;

	copy = xstrdup(path);
	for (seg = strtok_r(copy, "/", &save); seg != NULL;
	    seg = strtok_r(NULL, "/", &save)) {
		if (cur == NULL) {
			s = obj_live_path(app.qapp);
			found = strcmp(s, seg) == 0;
			free(s);
			if (!found)
				break;
			cur = app.qapp;
			continue;
		}
		found = 0;
		for (i = 0; i < cur->nkids && !found; i++) {
			s = obj_segment(cur->kids[i], NULL);
			if (strcmp(s, seg) == 0) {
				cur = cur->kids[i];
				found = 1;
			}
			free(s);
		}
		if (!found) {
			cur = NULL;
			break;
		}
	}
	if (seg != NULL)
		cur = NULL;
	free(copy);
	return (cur);
}

/* --- geometry and visibility ------------------------------------------ */

int
obj_visible(const struct obj *o)
{
	for (; o != NULL; o = o->parent) {
		if (!o->alive || o->hidden)
			return (0);
		if (o->window)
			return (1);
	}
	return (0);
}

int
obj_enabled(const struct obj *o)
{
	for (; o != NULL; o = o->parent) {
		if (o->disabled)
			return (0);
		if (o->window)
			break;
	}
	return (1);
}

struct obj *
obj_window(struct obj *o)
{
	while (o != NULL && !o->window)
		o = o->parent;
	return (o);
}

struct rect
obj_global(const struct obj *o)
{
	struct rect	r = o->geom;
	const struct obj *p;

	if (o->window)
		return (r);
	for (p = o->parent; p != NULL; p = p->parent) {
		if (!p->widget)
			continue;
		r.x += p->geom.x;
		r.y += p->geom.y;
		if (p->window)
			break;
	}
	return (r);
}

/* --- properties -------------------------------------------------------- */

const struct prop *
obj_find_prop(const struct obj *o, const char *name)
{
	const struct cls	*c;
	size_t			 i;

	for (c = o->cls; c != NULL; c = c->parent) {
		for (i = 0; i < c->nprops; i++) {
			if (strcmp(c->props[i].name, name) == 0)
				return (&c->props[i]);
		}
	}
	return (NULL);
}

cJSON *
obj_prop_get(struct obj *o, const struct prop *p)
{
	const cJSON	*v;

	if (p->flags & P_COMPUTED)
		return (app_get_computed(o, p->name));
	if ((v = dj_member(o->store, p->name)) == NULL)
		return (cJSON_CreateNull());
	return (cJSON_Duplicate(v, 1));
}

/* A property's value, declared or dynamic; NULL when there is none. */
cJSON *
obj_get(struct obj *o, const char *name)
{
	const struct prop	*p;
	const cJSON		*v;

	if ((p = obj_find_prop(o, name)) != NULL)
		return (obj_prop_get(o, p));
	if ((v = dj_member(o->dyn, name)) != NULL)
		return (cJSON_Duplicate(v, 1));
	return (NULL);
}

int
obj_geti(struct obj *o, const char *name)
{
	cJSON	*v = obj_get(o, name);
	int	 n = 0;

	if (v != NULL && cJSON_IsNumber(v))
		n = (int)v->valuedouble;
	else if (v != NULL && cJSON_IsBool(v))
		n = cJSON_IsTrue(v);
	cJSON_Delete(v);
	return (n);
}

/* A stored string property; valid until the property changes. */
const char *
obj_gets(struct obj *o, const char *name)
{
	const cJSON	*v = dj_member(o->store, name);

	if (v == NULL || !cJSON_IsString(v))
		return ("");
	return (v->valuestring);
}

/* Replace a stored value without side effects. */
void
obj_store(struct obj *o, const char *name, cJSON *v)
{
	if (dj_has(o->store, name))
		cJSON_ReplaceItemInObjectCaseSensitive(o->store, name, v);
	else
		cJSON_AddItemToObject(o->store, name, v);
}

/*
 * Write a declared property from inside the model (a click, a key): the
 * same path as qt.properties.set, with the signals it emits.  Takes v.
 */
void
obj_write(struct obj *o, const char *name, cJSON *v)
{
	const struct prop	*p;
	cJSON			*old;
	char			*cause = NULL;

	if ((p = obj_find_prop(o, name)) == NULL) {
		cJSON_Delete(v);
		return;
	}
	if (p->flags & P_COMPUTED) {
		app_set_computed(o, name, v, &cause);
		free(cause);
		cJSON_Delete(v);
		return;
	}
	old = cJSON_Duplicate(dj_member(o->store, name), 1);
	if (dj_equal(old, v)) {
		cJSON_Delete(old);
		cJSON_Delete(v);
		return;
	}
	obj_store(o, name, v);
	app_prop_changed(o, name, old);
	cJSON_Delete(old);
}

void
obj_writei(struct obj *o, const char *name, int n)
{
	obj_write(o, name, cJSON_CreateNumber(n));
}

void
obj_writeb(struct obj *o, const char *name, int b)
{
	obj_write(o, name, cJSON_CreateBool(b));
}

void
obj_writes(struct obj *o, const char *name, const char *s)
{
	obj_write(o, name, cJSON_CreateString(s));
}

static int
obj_enum_ok(const char *type, const char *key)
{
	const char	*keys, *p;
	size_t		 i, len = strlen(key);

	for (i = 0; i < nitems(obj_enums); i++) {
		if (strcmp(obj_enums[i].type, type) != 0)
			continue;
		keys = obj_enums[i].keys;
		for (p = keys; p != NULL; p = strchr(p, '|')) {
			if (*p == '|')
				p++;
			if (strncmp(p, key, len) == 0 &&
			    (p[len] == '|' || p[len] == '\0'))
				return (1);
		}
		return (0);
	}
	return (len > 0);
}

static int
obj_parse_long(const char *s, double *out)
{
	char	*end;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0')
		return (0);
	*out = strtod(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	return (*end == '\0');
}

static cJSON *
obj_number_text(double d)
{
	char	buf[64];

	if (d == floor(d) && fabs(d) < 1e15)
		snprintf(buf, sizeof buf, "%.0f", d);
	else
		snprintf(buf, sizeof buf, "%.17g", d);
	return (cJSON_CreateString(buf));
}

static int
obj_member_int(const cJSON *o, const char *key)
{
	const cJSON	*v = dj_member(o, key);

	if (v == NULL || !cJSON_IsNumber(v))
		return (0);
	return ((int)v->valuedouble);
}

static int
obj_hex(const char *s, int n)
{
	int	v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return (-1);
		v = v * 16 + (isdigit((unsigned char)s[i]) ? s[i] - '0' :
		    tolower((unsigned char)s[i]) - 'a' + 10);
	}
	return (v);
}

/*
 * Convert an incoming JSON value towards a Qt type, as variant_json.cpp
 * jsonToVariant and QVariant::convert do.  NULL: cannot be converted.
 */
cJSON *
obj_convert_type(const char *type, const cJSON *v)
{
	enum ptype	 pt = obj_ptype(type);
	double		 d;
	const cJSON	*k;
	const char	*key;
	int		 r, g, b, a;
	cJSON		*out;

	if (strcmp(type, "QVariant") == 0)
		return (cJSON_Duplicate(v, 1));
	switch (pt) {
	case PT_BOOL:
		if (cJSON_IsBool(v))
			return (cJSON_CreateBool(cJSON_IsTrue(v)));
		if (cJSON_IsNumber(v))
			return (cJSON_CreateBool(v->valuedouble != 0));
		if (cJSON_IsNull(v))
			return (cJSON_CreateFalse());
		if (cJSON_IsString(v))
			return (cJSON_CreateBool(*v->valuestring != '\0' &&
			    strcmp(v->valuestring, "0") != 0 &&
			    strcasecmp(v->valuestring, "false") != 0));
		return (NULL);
	case PT_INT:
	case PT_DOUBLE:
		if (cJSON_IsNumber(v))
			d = v->valuedouble;
		else if (cJSON_IsBool(v))
			d = cJSON_IsTrue(v);
		else if (cJSON_IsNull(v))
			d = 0;
		else if (cJSON_IsString(v) && obj_parse_long(v->valuestring,
		    &d))
			;
		else
			return (NULL);
		if (pt == PT_INT) {
			d = round(d);
			if (d < -2147483648.0 || d > 2147483647.0)
				return (NULL);
		}
		return (cJSON_CreateNumber(d));
	case PT_STRING:
		if (cJSON_IsString(v))
			return (cJSON_CreateString(v->valuestring));
		if (cJSON_IsNumber(v))
			return (obj_number_text(v->valuedouble));
		if (cJSON_IsBool(v))
			return (cJSON_CreateString(cJSON_IsTrue(v) ? "true" :
			    "false"));
		if (cJSON_IsNull(v))
			return (cJSON_CreateString(""));
		return (NULL);
	case PT_RECT:
		if (!cJSON_IsObject(v))
			return (NULL);
		return (dj_rect((struct rect){ obj_member_int(v, "x"),
		    obj_member_int(v, "y"), obj_member_int(v, "width"),
		    obj_member_int(v, "height") }));
	case PT_POINT:
		if (!cJSON_IsObject(v))
			return (NULL);
		return (dj_point(obj_member_int(v, "x"),
		    obj_member_int(v, "y")));
	case PT_SIZE:
		if (!cJSON_IsObject(v))
			return (NULL);
		return (dj_size(obj_member_int(v, "width"),
		    obj_member_int(v, "height")));
	case PT_COLOR:
		if (cJSON_IsObject(v) && dj_has(v, "r") && dj_has(v, "g") &&
		    dj_has(v, "b")) {
			r = obj_member_int(v, "r");
			g = obj_member_int(v, "g");
			b = obj_member_int(v, "b");
			a = dj_has(v, "a") ? obj_member_int(v, "a") : 255;
		} else if (cJSON_IsString(v) && v->valuestring[0] == '#' &&
		    strlen(v->valuestring) == 7) {
			r = obj_hex(v->valuestring + 1, 2);
			g = obj_hex(v->valuestring + 3, 2);
			b = obj_hex(v->valuestring + 5, 2);
			a = 255;
			if (r < 0 || g < 0 || b < 0)
				return (NULL);
		} else
			return (NULL);
		out = cJSON_CreateObject();
		cJSON_AddNumberToObject(out, "r", r);
		cJSON_AddNumberToObject(out, "g", g);
		cJSON_AddNumberToObject(out, "b", b);
		cJSON_AddNumberToObject(out, "a", a);
		return (out);
	case PT_LIST:
		if (cJSON_IsArray(v))
			return (cJSON_Duplicate(v, 1));
		if (cJSON_IsString(v)) {
			out = cJSON_CreateArray();
			cJSON_AddItemToArray(out,
			    cJSON_CreateString(v->valuestring));
			return (out);
		}
		return (NULL);
	case PT_ENUM:
		key = NULL;
		if (cJSON_IsObject(v) && (k = dj_member(v, "value")) != NULL &&
		    cJSON_IsString(k))
			key = k->valuestring;
		else if (cJSON_IsString(v))
			key = v->valuestring;
		if (key == NULL || !obj_enum_ok(type, key))
			return (NULL);
		return (dj_opaque(type, key));
	case PT_OPAQUE:
		if (cJSON_IsObject(v) && (k = dj_member(v, "_type")) != NULL &&
		    cJSON_IsString(k) && strcmp(k->valuestring, type) == 0)
			return (cJSON_Duplicate(v, 1));
		/* QKeySequence and QFont convert from their text form. */
		if (cJSON_IsString(v) && (strcmp(type, "QKeySequence") == 0 ||
		    strcmp(type, "QFont") == 0))
			return (dj_opaque(type, v->valuestring));
		return (NULL);
	}
	return (NULL);
}

cJSON *
obj_convert(const struct prop *p, const cJSON *v)
{
	return (obj_convert_type(p->type, v));
}

/*
 * qt.properties.set: 0 on success (*ok tells whether Qt accepted the
 * write), or a probe error code: -32011 read-only, -32012 mismatch.
 */
int
obj_prop_set(struct obj *o, const char *name, const cJSON *v, int *ok,
    char **cause)
{
	const struct prop	*p;
	cJSON			*c, *old;

	*ok = 1;
	if ((p = obj_find_prop(o, name)) == NULL) {
		/* A dynamic property; writing null removes it. */
		if (cJSON_IsNull(v)) {
			cJSON_DeleteItemFromObjectCaseSensitive(o->dyn, name);
			*ok = 0;
			return (0);
		}
		if (dj_has(o->dyn, name))
			cJSON_ReplaceItemInObjectCaseSensitive(o->dyn, name,
			    cJSON_Duplicate(v, 1));
		else
			cJSON_AddItemToObject(o->dyn, name,
			    cJSON_Duplicate(v, 1));
		return (0);
	}
	if (p->flags & P_RO) {
		*cause = xasprintf("Property '%s' is read-only", name);
		return (-32011);
	}
	if ((c = obj_convert(p, v)) == NULL) {
		*cause = xasprintf("Cannot convert value to type %s for "
		    "property '%s'", p->type, name);
		return (-32012);
	}
	if (p->flags & P_COMPUTED) {
		if (app_set_computed(o, name, c, cause) == -1) {
			cJSON_Delete(c);
			return (-32012);
		}
		cJSON_Delete(c);
		return (0);
	}
	old = cJSON_Duplicate(dj_member(o->store, name), 1);
	if (!dj_equal(old, c)) {
		obj_store(o, name, c);
		app_prop_changed(o, name, old);
	} else
		cJSON_Delete(c);
	cJSON_Delete(old);
	return (0);
}

/* Classes from QObject down to o's own. */
static size_t
obj_chain(const struct obj *o, const struct cls **chain, size_t max)
{
	const struct cls	*c;
	size_t			 n = 0, i;

	for (c = o->cls; c != NULL && n < max; c = c->parent)
		chain[n++] = c;
	for (i = 0; i < n / 2; i++) {
		c = chain[i];
		chain[i] = chain[n - 1 - i];
		chain[n - 1 - i] = c;
	}
	return (n);
}

cJSON *
obj_properties_json(struct obj *o)
{
	const struct cls	*chain[16];
	const struct prop	*p;
	size_t			 n, i, k;
	cJSON			*arr, *e;

	arr = cJSON_CreateArray();
	n = obj_chain(o, chain, nitems(chain));
	for (i = 0; i < n; i++) {
		for (k = 0; k < chain[i]->nprops; k++) {
			p = &chain[i]->props[k];
			e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "name", p->name);
			cJSON_AddStringToObject(e, "type", p->type);
			cJSON_AddBoolToObject(e, "readable", 1);
			cJSON_AddBoolToObject(e, "writable",
			    !(p->flags & P_RO));
			cJSON_AddItemToObject(e, "value", obj_prop_get(o, p));
			cJSON_AddItemToArray(arr, e);
		}
	}
	return (arr);
}

static cJSON *
obj_meth_json(const struct meth *m)
{
	cJSON	*e = cJSON_CreateObject();

	cJSON_AddStringToObject(e, "name", m->name);
	cJSON_AddStringToObject(e, "signature", m->signature);
	if (!m->signal) {
		cJSON_AddStringToObject(e, "returnType", m->ret);
		cJSON_AddStringToObject(e, "access", m->access);
	}
	cJSON_AddItemToObject(e, "parameterTypes",
	    cJSON_Duplicate(m->ptypes, 1));
	cJSON_AddItemToObject(e, "parameterNames",
	    cJSON_Duplicate(m->pnames, 1));
	return (e);
}

cJSON *
obj_methods_json(struct obj *o)
{
	const struct cls	*chain[16];
	size_t			 n, i, k;
	cJSON			*arr = cJSON_CreateArray();

	n = obj_chain(o, chain, nitems(chain));
	for (i = 0; i < n; i++) {
		for (k = 0; k < chain[i]->nmeths; k++)
			cJSON_AddItemToArray(arr,
			    obj_meth_json(&chain[i]->meths[k]));
	}
	return (arr);
}

cJSON *
obj_signals_json(struct obj *o)
{
	const struct cls	*chain[16];
	size_t			 n, i, k;
	cJSON			*arr = cJSON_CreateArray();

	n = obj_chain(o, chain, nitems(chain));
	for (i = 0; i < n; i++) {
		for (k = 0; k < chain[i]->nsigs; k++)
			cJSON_AddItemToArray(arr,
			    obj_meth_json(&chain[i]->sigs[k]));
	}
	return (arr);
}

cJSON *
obj_superclasses(const struct obj *o)
{
	const struct cls	*c;
	cJSON			*arr = cJSON_CreateArray();

	for (c = o->cls; c != NULL; c = c->parent)
		cJSON_AddItemToArray(arr, cJSON_CreateString(c->name));
	return (arr);
}

/* By name and argument count, the first in method-index order. */
const struct meth *
obj_find_method(const struct obj *o, const char *name, int nargs)
{
	const struct cls	*chain[16];
	size_t			 n, i, k;

	n = obj_chain(o, chain, nitems(chain));
	for (i = 0; i < n; i++) {
		for (k = 0; k < chain[i]->nmeths; k++) {
			if (strcmp(chain[i]->meths[k].name, name) == 0 &&
			    chain[i]->meths[k].nargs == nargs)
				return (&chain[i]->meths[k]);
		}
	}
	return (NULL);
}

/* A signal by bare name, the first overload. */
const struct meth *
obj_find_signal(const struct obj *o, const char *name)
{
	const struct cls	*chain[16];
	size_t			 n, i, k;

	n = obj_chain(o, chain, nitems(chain));
	for (i = 0; i < n; i++) {
		for (k = 0; k < chain[i]->nsigs; k++) {
			if (strcmp(chain[i]->sigs[k].name, name) == 0)
				return (&chain[i]->sigs[k]);
		}
	}
	return (NULL);
}

void
obj_emit(struct obj *o, const char *sig)
{
	nat_signal(o, sig);
}

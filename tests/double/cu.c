/*
 * cu.c: the 13 computer-use methods of the probe double (probe-protocol.md
 * 4.3 and 7): window-relative and screen-absolute coordinates routed to
 * the deepest widget, the local-(0,0)-is-the-centre quirk, the virtual
 * cursor, screenshots in logical pixels, key names for cu.key, the
 * QKeySequence text of qt.ui.sendKeys, and typing that aborts the app.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "double.h"

/* The virtual cursor: process-global, never reset (7.6). */
static int		 cu_have_cursor;
static struct point	 cu_cursor;
static struct obj	*cu_grab;	/* the widget a mouseDown went to */

void
cu_track(int gx, int gy)
{
	cu_have_cursor = 1;
	cu_cursor.x = gx;
	cu_cursor.y = gy;
}

/* --- key names --------------------------------------------------------- */

static const struct {
	const char	*name;
	int		 key;
} cu_keys[] = {
	{ "return", K_RETURN }, { "enter", K_RETURN }, { "tab", K_TAB },
	{ "escape", K_ESCAPE }, { "esc", K_ESCAPE },
	{ "backspace", K_BACKSPACE }, { "delete", K_DELETE },
	{ "space", K_SPACE }, { "up", K_UP }, { "arrowup", K_UP },
	{ "down", K_DOWN }, { "arrowdown", K_DOWN }, { "left", K_LEFT },
	{ "arrowleft", K_LEFT }, { "right", K_RIGHT },
	{ "arrowright", K_RIGHT }, { "home", K_HOME }, { "end", K_END },
	{ "insert", K_INSERT }, { "page_up", K_PAGEUP },
	{ "pageup", K_PAGEUP }, { "page_down", K_PAGEDOWN },
	{ "pagedown", K_PAGEDOWN }, { "shift", K_SHIFT },
	{ "shift_l", K_SHIFT }, { "ctrl", K_CONTROL },
	{ "control", K_CONTROL }, { "control_l", K_CONTROL },
	{ "alt", K_ALT }, { "alt_l", K_ALT }, { "super", K_SUPER_L },
	{ "super_l", K_SUPER_L }, { "meta", K_META }, { "print", K_PRINT },
	{ "scroll_lock", K_SCROLLLOCK }, { "pause", K_PAUSE },
	{ "caps_lock", K_CAPSLOCK }, { "num_lock", K_NUMLOCK },
	{ "menu", K_MENU },
};

static const struct {
	const char	*name;
	int		 mod;
} cu_mods[] = {
	{ "ctrl", M_CTRL }, { "control", M_CTRL }, { "control_l", M_CTRL },
	{ "shift", M_SHIFT }, { "shift_l", M_SHIFT }, { "alt", M_ALT },
	{ "alt_l", M_ALT }, { "super", M_META }, { "super_l", M_META },
	{ "meta", M_META },
};

static char *
cu_trim(const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	return (strndup(s, len));
}

static int
cu_key_name(const char *t)
{
	size_t	i;

	for (i = 0; i < nitems(cu_keys); i++) {
		if (strcasecmp(cu_keys[i].name, t) == 0)
			return (cu_keys[i].key);
	}
	if (tolower((unsigned char)t[0]) == 'f' && isdigit((unsigned char)t[1])
	    && strtol(t + 1, NULL, 10) >= 1 && strtol(t + 1, NULL, 10) <= 12 &&
	    strspn(t + 1, "0123456789") == strlen(t + 1))
		return (K_F1 + (int)strtol(t + 1, NULL, 10) - 1);
	if (strlen(t) == 1 && (isalnum((unsigned char)t[0]) ||
	    strchr("-=[];',./\\`", t[0]) != NULL))
		return (toupper((unsigned char)t[0]));
	return (-1);
}

/*
 * cu.key: "mod+mod+key" (key_name_mapper.cpp parseKeyCombo).  Unknown
 * modifiers are dropped; an unknown key is -1.
 */
int
cu_parse_key(const char *s, int *combo)
{
	const char	*p, *e, *last;
	char		*tok;
	int		 mods = 0, key;
	size_t		 i;

	last = strrchr(s, '+');
	for (p = s; last != NULL && p < last; ) {
		e = strchr(p, '+');
		tok = cu_trim(p, e - p);
		for (i = 0; i < nitems(cu_mods); i++) {
			if (strcasecmp(cu_mods[i].name, tok) == 0)
				mods |= cu_mods[i].mod;
		}
		free(tok);
		p = e + 1;
	}
	tok = cu_trim(last != NULL ? last + 1 : s, strlen(last != NULL ?
	    last + 1 : s));
	key = *tok != '\0' ? cu_key_name(tok) : -1;
	free(tok);
	if (key == -1)
		return (-1);
	*combo = key | mods;
	return (0);
}

/* Key names of QKeySequence's portable text form. */
static const struct {
	const char	*name;
	int		 key;
} cu_seq_keys[] = {
	{ "Space", K_SPACE }, { "Esc", K_ESCAPE }, { "Escape", K_ESCAPE },
	{ "Tab", K_TAB }, { "Backtab", K_BACKTAB },
	{ "Backspace", K_BACKSPACE }, { "Return", K_RETURN },
	{ "Enter", K_ENTER }, { "Ins", K_INSERT }, { "Del", K_DELETE },
	{ "Pause", K_PAUSE }, { "Print", K_PRINT }, { "Home", K_HOME },
	{ "End", K_END }, { "Left", K_LEFT }, { "Up", K_UP },
	{ "Right", K_RIGHT }, { "Down", K_DOWN }, { "PgUp", K_PAGEUP },
	{ "PgDown", K_PAGEDOWN }, { "CapsLock", K_CAPSLOCK },
	{ "NumLock", K_NUMLOCK }, { "ScrollLock", K_SCROLLLOCK },
	{ "Menu", K_MENU },
};

/*
 * The first chord of a QKeySequence in portable text ("Ctrl+S, Ctrl+Q").
 * 0 and *combo; -1 when the sequence is empty (the probe throws, -32603);
 * 1 when it parses to a key QtTest cannot send (the app aborts).
 */
int
cu_key_seq(const char *seq, int *combo)
{
	char		*chord, *keytok, *modpart, *tok, *save = NULL;
	const char	*comma;
	size_t		 len, i;
	int		 mods = 0, key = K_UNKNOWN, found;

	comma = strstr(seq, ", ");
	chord = cu_trim(seq, comma != NULL ? (size_t)(comma - seq) :
	    strlen(seq));
	len = strlen(chord);
	if (len == 0) {
		free(chord);
		return (-1);
	}
	if (len >= 2 && chord[len - 1] == '+' && chord[len - 2] == '+') {
		keytok = xstrdup("+");
		modpart = strndup(chord, len - 2);
	} else if (len == 1) {
		keytok = xstrdup(chord);
		modpart = xstrdup("");
	} else if (strrchr(chord, '+') != NULL) {
		keytok = xstrdup(strrchr(chord, '+') + 1);
		modpart = strndup(chord, strrchr(chord, '+') - chord);
	} else {
		keytok = xstrdup(chord);
		modpart = xstrdup("");
	}
	found = 1;
	for (tok = strtok_r(modpart, "+", &save); tok != NULL;
	    tok = strtok_r(NULL, "+", &save)) {
		if (strcasecmp(tok, "Ctrl") == 0)
			mods |= M_CTRL;
		else if (strcasecmp(tok, "Shift") == 0)
			mods |= M_SHIFT;
		else if (strcasecmp(tok, "Alt") == 0)
			mods |= M_ALT;
		else if (strcasecmp(tok, "Meta") == 0)
			mods |= M_META;
		else
			found = 0;
	}
	if (found) {
		if (strlen(keytok) == 1 && keytok[0] > 0x20 &&
		    keytok[0] < 0x7f)
			key = toupper((unsigned char)keytok[0]);
		else if (tolower((unsigned char)keytok[0]) == 'f' &&
		    strlen(keytok) > 1 && strspn(keytok + 1, "0123456789") ==
		    strlen(keytok + 1) && atoi(keytok + 1) >= 1 &&
		    atoi(keytok + 1) <= 35)
			key = K_F1 + atoi(keytok + 1) - 1;
		else {
			for (i = 0; i < nitems(cu_seq_keys); i++) {
				if (strcasecmp(cu_seq_keys[i].name, keytok) ==
				    0)
					key = cu_seq_keys[i].key;
			}
		}
	}
	free(chord);
	free(keytok);
	free(modpart);
	if (key == K_UNKNOWN)
		return (1);
	*combo = key | mods;
	return (0);
}

/* --- targets and points ----------------------------------------------- */

static struct obj *
cu_window(struct rpc_call *c)
{
	struct obj	*w;

	if ((w = app_target_window()) == NULL)
		return (rpc_fail(c, -32060, rpc_data("hint",
		    cJSON_CreateString("The application has no active or "
		    "visible window; show or activate one first"), NULL),
		    "No active window"));
	return (w);
}

/*
 * Map (x, y) to a widget and a point local to it.  which names the
 * endpoint for cu.drag errors, or is NULL.
 */
static struct obj *
cu_point(struct rpc_call *c, int x, int y, int absolute, const char *which,
    int *lx, int *ly)
{
	struct obj	*win, *w;
	struct rect	 g;
	int		 gx, gy;
	cJSON		*d;

	if ((win = cu_window(c)) == NULL)
		return (NULL);
	if (!absolute) {
		if (x < 0 || y < 0 || x >= win->geom.w || y >= win->geom.h) {
			d = rpc_data("x", cJSON_CreateNumber(x), "y",
			    cJSON_CreateNumber(y), NULL);
			if (which != NULL)
				cJSON_AddStringToObject(d, "which", which);
			else {
				cJSON_AddNumberToObject(d, "windowWidth",
				    win->geom.w);
				cJSON_AddNumberToObject(d, "windowHeight",
				    win->geom.h);
			}
			return (rpc_fail(c, -32061, d, "Coordinates (%d, %d) "
			    "are outside the window (%dx%d)", x, y, win->geom.w,
			    win->geom.h));
		}
		gx = win->geom.x + x;
		gy = win->geom.y + y;
		w = app_child_at(win, x, y);
	} else {
		gx = x;
		gy = y;
		if ((w = app_widget_at(gx, gy)) == NULL)
			return (rpc_fail(c, -32061, rpc_data("x",
			    cJSON_CreateNumber(x), "y", cJSON_CreateNumber(y),
			    "screenAbsolute", cJSON_CreateTrue(), NULL),
			    "No widget at screen position (%d, %d)", x, y));
	}
	cu_track(gx, gy);
	g = obj_global(w);
	*lx = gx - g.x;
	*ly = gy - g.y;
	/* A point on the child's own (0,0) means "no position": centre. */
	if (*lx == 0 && *ly == 0) {
		*lx = w->geom.w / 2;
		*ly = w->geom.h / 2;
	}
	return (w);
}

static void
cu_delay(struct rpc_call *c)
{
	int	ms = dj_int(c->params, "delay_ms", 0);

	if (ms > 0)
		fault_wait_ms(ms);
}

static cJSON *
cu_result(struct rpc_call *c, struct obj *win)
{
	cJSON	*r = cJSON_CreateObject();
	char	*b64;
	size_t	 len;

	cJSON_AddBoolToObject(r, "success", 1);
	if (dj_bool(c->params, "include_screenshot", 0) && win != NULL) {
		b64 = shot_png_base64(win->geom, 1, &len);
		cJSON_AddStringToObject(r, "screenshot", b64);
		free(b64);
	}
	return (r);
}

static const char *
cu_button(struct rpc_call *c)
{
	const char	*b = dj_str(c->params, "button");

	if (strcmp(b, "right") == 0 || strcmp(b, "middle") == 0)
		return (b);
	return ("left");
}

static cJSON *
cu_do_click(struct rpc_call *c, const char *button, int dbl)
{
	struct obj	*w;
	int		 lx, ly;

	cu_delay(c);
	if ((w = cu_point(c, dj_int(c->params, "x", 0), dj_int(c->params, "y",
	    0), dj_bool(c->params, "screenAbsolute", 0), NULL, &lx, &ly)) ==
	    NULL)
		return (NULL);
	if (dbl)
		app_dclick(w, lx, ly);
	else
		app_click(w, lx, ly, button);
	rpc_process_events();
	return (cu_result(c, obj_window(w)));
}

/* --- methods ----------------------------------------------------------- */

static cJSON *
cu_screenshot(struct rpc_call *c)
{
	struct obj	*win;
	const cJSON	*region = dj_member(c->params, "region");
	struct rect	 r;
	char		*b64;
	size_t		 len;
	cJSON		*res;

	if ((win = cu_window(c)) == NULL)
		return (NULL);
	if (dj_bool(c->params, "fullScreen", 0))
		r = (struct rect){ 0, 0, SCREEN_W, SCREEN_H };
	else if (region != NULL && cJSON_IsObject(region)) {
		r = (struct rect){ dj_int(region, "x", 0),
		    dj_int(region, "y", 0), dj_int(region, "width", 0),
		    dj_int(region, "height", 0) };
		/* QWidget::grab clips the rectangle to the window. */
		if (r.x < 0) {
			r.w += r.x;
			r.x = 0;
		}
		if (r.y < 0) {
			r.h += r.y;
			r.y = 0;
		}
		if (r.x + r.w > win->geom.w)
			r.w = win->geom.w - r.x;
		if (r.y + r.h > win->geom.h)
			r.h = win->geom.h - r.y;
		if (r.w <= 0 || r.h <= 0)
			return (rpc_internal(c, "Failed to capture "
			    "screenshot: empty region"));
		r.x += win->geom.x;
		r.y += win->geom.y;
	} else
		r = win->geom;
	b64 = shot_png_base64(r, 1, &len);
	res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "image", b64);
	cJSON_AddNumberToObject(res, "width", r.w);
	cJSON_AddNumberToObject(res, "height", r.h);
	free(b64);
	return (res);
}

static cJSON *
cu_click(struct rpc_call *c)
{
	return (cu_do_click(c, cu_button(c), 0));
}

static cJSON *
cu_right_click(struct rpc_call *c)
{
	return (cu_do_click(c, "right", 0));
}

static cJSON *
cu_middle_click(struct rpc_call *c)
{
	return (cu_do_click(c, "middle", 0));
}

static cJSON *
cu_double_click(struct rpc_call *c)
{
	return (cu_do_click(c, "left", 1));
}

static cJSON *
cu_mouse_move(struct rpc_call *c)
{
	struct obj	*w;
	int		 lx, ly, x = dj_int(c->params, "x", 0);
	int		 y = dj_int(c->params, "y", 0);

	if (dj_bool(c->params, "screenAbsolute", 0)) {
		/* QCursor::setPos: the real cursor, no bounds check. */
		if (cu_window(c) == NULL)
			return (NULL);
		cu_track(x, y);
		return (cu_result(c, app_target_window()));
	}
	if ((w = cu_point(c, x, y, 0, NULL, &lx, &ly)) == NULL)
		return (NULL);
	return (cu_result(c, obj_window(w)));
}

static cJSON *
cu_drag(struct rpc_call *c)
{
	struct obj	*ws, *we;
	struct rect	 gs;
	int		 sx, sy, ex, ey, abs = dj_bool(c->params,
			    "screenAbsolute", 0);

	if ((ws = cu_point(c, dj_int(c->params, "startX", 0),
	    dj_int(c->params, "startY", 0), abs, "start", &sx, &sy)) == NULL)
		return (NULL);
	if ((we = cu_point(c, dj_int(c->params, "endX", 0),
	    dj_int(c->params, "endY", 0), abs, "end", &ex, &ey)) == NULL)
		return (NULL);
	/* The release goes to the widget the press went to. */
	gs = obj_global(ws);
	ex = obj_global(we).x + ex - gs.x;
	ey = obj_global(we).y + ey - gs.y;
	app_drag(ws, sx, sy, ex, ey);
	rpc_process_events();
	return (cu_result(c, obj_window(ws)));
}

static cJSON *
cu_mouse_down(struct rpc_call *c)
{
	struct obj	*w;
	int		 lx, ly;

	if ((w = cu_point(c, dj_int(c->params, "x", 0), dj_int(c->params, "y",
	    0), dj_bool(c->params, "screenAbsolute", 0), NULL, &lx, &ly)) ==
	    NULL)
		return (NULL);
	cu_grab = w;
	app_press(w, lx, ly, cu_button(c));
	rpc_process_events();
	return (cu_result(c, obj_window(w)));
}

static cJSON *
cu_mouse_up(struct rpc_call *c)
{
	struct obj	*w;
	struct rect	 g;
	int		 lx, ly;

	if ((w = cu_point(c, dj_int(c->params, "x", 0), dj_int(c->params, "y",
	    0), dj_bool(c->params, "screenAbsolute", 0), NULL, &lx, &ly)) ==
	    NULL)
		return (NULL);
	if (cu_grab != NULL && cu_grab->alive && cu_grab != w) {
		g = obj_global(w);
		lx += g.x - obj_global(cu_grab).x;
		ly += g.y - obj_global(cu_grab).y;
		w = cu_grab;
	}
	cu_grab = NULL;
	app_release(w, lx, ly, cu_button(c));
	rpc_process_events();
	return (cu_result(c, obj_window(w)));
}

static struct obj *
cu_focus(struct rpc_call *c)
{
	struct obj	*f;

	if ((f = app_focus_widget()) == NULL)
		return (rpc_fail(c, -32062, rpc_data("hint",
		    cJSON_CreateString("No widget has keyboard focus; click a "
		    "text field first"), NULL), "No focused widget"));
	return (f);
}

static cJSON *
cu_type(struct rpc_call *c)
{
	const char	*text, *p;
	struct obj	*f;
	char		*bad = NULL;

	if ((text = rpc_required(c, "text")) == NULL ||
	    (f = cu_focus(c)) == NULL)
		return (NULL);
	if (!app_text_safe(text, &bad)) {
		con_raw("ASSERT: \"false\" in file "
		    "/build/qt6-base-6.4.2+dfsg/src/testlib/qasciikey.cpp, "
		    "line 498");
		probe_die(6, bad);
	}
	for (p = text; *p != '\0'; p++) {
		if ((f = app_focus_widget()) != NULL)
			app_type_char(f, (unsigned char)*p);
	}
	rpc_process_events();
	return (cu_result(c, obj_window(f != NULL ? f : app.main)));
}

static cJSON *
cu_key(struct rpc_call *c)
{
	const char	*key;
	struct obj	*f;
	int		 combo;

	if ((key = rpc_required(c, "key")) == NULL ||
	    (f = cu_focus(c)) == NULL)
		return (NULL);
	if (cu_parse_key(key, &combo) == -1)
		return (rpc_fail(c, -32063, rpc_data("key",
		    cJSON_CreateString(key), "hint", cJSON_CreateString(
		    "Use key names such as Return, Tab, Escape, F1, ctrl+a, "
		    "shift+Home"), NULL), "Unknown key: %s", key));
	app_key(f, combo & ~(M_SHIFT | M_CTRL | M_ALT | M_META),
	    combo & (M_SHIFT | M_CTRL | M_ALT | M_META));
	rpc_process_events();
	return (cu_result(c, obj_window(f)));
}

static cJSON *
cu_scroll(struct rpc_call *c)
{
	const char	*dir = dj_str(c->params, "direction");
	int		 amount = dj_int(c->params, "amount", 3), lx, ly, v;
	struct obj	*w;

	if (strcmp(dir, "up") != 0 && strcmp(dir, "down") != 0 &&
	    strcmp(dir, "left") != 0 && strcmp(dir, "right") != 0)
		return (rpc_fail(c, -32602, rpc_data("method",
		    cJSON_CreateString(c->method), "direction",
		    cJSON_CreateString(dir), NULL), "Invalid direction: '%s' "
		    "(expected up, down, left or right)", dir));
	if ((w = cu_point(c, dj_int(c->params, "x", 0), dj_int(c->params, "y",
	    0), dj_bool(c->params, "screenAbsolute", 0), NULL, &lx, &ly)) ==
	    NULL)
		return (NULL);
	/* A slider takes -x for a horizontal wheel; a combo only y. */
	if (strcmp(dir, "up") == 0)
		v = amount;
	else if (strcmp(dir, "down") == 0)
		v = -amount;
	else if (obj_inherits(w, "QComboBox") ||
	    (w->buddy != NULL && obj_inherits(w->buddy, "QComboBox")))
		v = 0;
	else
		v = strcmp(dir, "left") == 0 ? amount : -amount;
	app_wheel(w, v);
	rpc_process_events();
	return (cu_result(c, obj_window(w)));
}

static cJSON *
cu_cursor_position(struct rpc_call *c)
{
	struct obj	*win, *w;
	struct point	 p = { SCREEN_W / 2, SCREEN_H / 2 };
	cJSON		*r;

	if ((win = cu_window(c)) == NULL)
		return (NULL);
	if (cu_have_cursor)
		p = cu_cursor;
	w = app_widget_at(p.x, p.y);
	r = cJSON_CreateObject();
	cJSON_AddNumberToObject(r, "x", p.x - win->geom.x);
	cJSON_AddNumberToObject(r, "y", p.y - win->geom.y);
	cJSON_AddNumberToObject(r, "screenX", p.x);
	cJSON_AddNumberToObject(r, "screenY", p.y);
	cJSON_AddStringToObject(r, "widgetId", w != NULL ? w->id : "");
	cJSON_AddStringToObject(r, "className", w != NULL ? w->cls->name :
	    "");
	cJSON_AddBoolToObject(r, "virtual", cu_have_cursor);
	return (r);
}

const struct rpc_method cu_methods[] = {
	{ "cu.screenshot", cu_screenshot, RPC_MODE, 0 },
	{ "cu.click", cu_click, RPC_MODE, 0 },
	{ "cu.rightClick", cu_right_click, RPC_MODE, 0 },
	{ "cu.middleClick", cu_middle_click, RPC_MODE, 0 },
	{ "cu.doubleClick", cu_double_click, RPC_MODE, 0 },
	{ "cu.mouseMove", cu_mouse_move, RPC_MODE, 0 },
	{ "cu.drag", cu_drag, RPC_MODE, 0 },
	{ "cu.mouseDown", cu_mouse_down, RPC_MODE, 0 },
	{ "cu.mouseUp", cu_mouse_up, RPC_MODE, 0 },
	{ "cu.type", cu_type, RPC_MODE, 0 },
	{ "cu.key", cu_key, RPC_MODE, 0 },
	{ "cu.scroll", cu_scroll, RPC_MODE, 0 },
	{ "cu.cursorPosition", cu_cursor_position, RPC_MODE, 0 },
};
const size_t cu_nmethods = nitems(cu_methods);

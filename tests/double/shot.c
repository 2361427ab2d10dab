/*
 * shot.c: screenshots of the probe double: a deterministic rendering of
 * the model (Fusion-like colours, one block glyph per character, so that
 * typing or clicking changes the picture) encoded as a real PNG with
 * libpng, then base64 (standard alphabet, no line breaks, no data:
 * prefix).  The screen is 1280x1024 and black where no window is, as
 * under Xvfb without a window manager.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "double.h"

int	shot_level = -1;	/* zlib level, -1: libpng's default */

struct canvas {
	int		 ox, oy;	/* global position of pixel (0,0) */
	int		 w, h;
	unsigned char	*rgb;
};

struct rgb {
	unsigned char	r, g, b;
};

static const struct rgb C_BLACK = { 0, 0, 0 };
static const struct rgb C_WINDOW = { 239, 239, 239 };
static const struct rgb C_BASE = { 255, 255, 255 };
static const struct rgb C_BORDER = { 176, 176, 176 };
static const struct rgb C_TEXT = { 32, 32, 32 };
static const struct rgb C_PLACEHOLDER = { 160, 160, 160 };
static const struct rgb C_BUTTON = { 230, 230, 230 };
static const struct rgb C_HIGHLIGHT = { 48, 140, 198 };
static const struct rgb C_GROOVE = { 200, 200, 200 };
static const struct rgb C_DISABLED = { 190, 190, 190 };

static void
fill(struct canvas *c, int gx, int gy, int w, int h, struct rgb col)
{
	int		 x, y, x0 = gx - c->ox, y0 = gy - c->oy;
	unsigned char	*p;

	for (y = y0 < 0 ? 0 : y0; y < y0 + h && y < c->h; y++) {
		p = c->rgb + ((size_t)y * c->w + (x0 < 0 ? 0 : x0)) * 3;
		for (x = x0 < 0 ? 0 : x0; x < x0 + w && x < c->w; x++) {
			*p++ = col.r;
			*p++ = col.g;
			*p++ = col.b;
		}
	}
}

static void
frame(struct canvas *c, struct rect r, struct rgb col)
{
	fill(c, r.x, r.y, r.w, 1, col);
	fill(c, r.x, r.y + r.h - 1, r.w, 1, col);
	fill(c, r.x, r.y, 1, r.h, col);
	fill(c, r.x + r.w - 1, r.y, 1, r.h, col);
}

/* One 5x7 block glyph per character, derived from its code. */
static void
text(struct canvas *c, int gx, int gy, int maxw, const char *s,
    struct rgb col)
{
	uint32_t	bits;
	int		x, y, n = 0;

	for (; *s != '\0' && (n + 1) * 7 <= maxw; s++, n++) {
		if (*s == ' ' || (*s & 0xc0) == 0x80) {
			if ((*s & 0xc0) == 0x80)
				n--;
			continue;
		}
		bits = (uint32_t)(unsigned char)*s * 2654435761u;
		bits ^= bits >> 13;
		bits |= 0x11;
		for (y = 0; y < 7; y++) {
			for (x = 0; x < 5; x++) {
				if (bits & (1u << ((y * 5 + x) % 31)))
					fill(c, gx + n * 7 + x, gy + y, 1, 1,
					    col);
			}
		}
	}
}

static void
draw_tree(struct canvas *c, struct obj *o, int force);

static void
draw_kids(struct canvas *c, struct obj *o)
{
	size_t	i;

	for (i = 0; i < o->nkids; i++) {
		if (o->kids[i]->widget && !o->kids[i]->window &&
		    !o->kids[i]->hidden)
			draw_tree(c, o->kids[i], 0);
	}
}

static void
draw_widget(struct canvas *c, struct obj *o)
{
	struct rect	 g = obj_global(o);
	const char	*t;
	struct rgb	 fg = obj_enabled(o) ? C_TEXT : C_DISABLED;
	cJSON		*it;
	int		 i, x, cur, hx;

	if (o->window)
		fill(c, g.x, g.y, g.w, g.h, obj_inherits(o, "QMenu") ? C_BASE :
		    C_WINDOW);
	if (obj_inherits(o, "QLineEdit") || obj_inherits(o, "QTextEdit") ||
	    obj_inherits(o, "QAbstractItemView")) {
		fill(c, g.x, g.y, g.w, g.h, C_BASE);
		frame(c, g, app_focus_widget() == o ? C_HIGHLIGHT : C_BORDER);
		t = obj_inherits(o, "QTextEdit") ? obj_gets(o, "plainText") :
		    obj_gets(o, "text");
		if (*t != '\0')
			text(c, g.x + 4, g.y + (obj_inherits(o, "QLineEdit") ?
			    g.h / 2 - 3 : 6), g.w - 8, t, fg);
		else
			text(c, g.x + 4, g.y + (obj_inherits(o, "QLineEdit") ?
			    g.h / 2 - 3 : 6), g.w - 8,
			    obj_gets(o, "placeholderText"), C_PLACEHOLDER);
		if (o->items != NULL && obj_inherits(o, "QListWidget")) {
			cur = obj_geti(o, "currentRow");
			for (i = 0; i < cJSON_GetArraySize(o->items); i++) {
				if (i == cur)
					fill(c, g.x + 1, g.y + 1 + i * 20,
					    g.w - 2, 20, C_HIGHLIGHT);
				text(c, g.x + 6, g.y + 8 + i * 20, g.w - 12,
				    cJSON_GetArrayItem(o->items,
				    i)->valuestring, i == cur ? C_BASE : fg);
			}
		}
		if (o->items != NULL && obj_inherits(o, "QTableWidget")) {
			for (i = 0; i < 9; i++) {
				it = cJSON_GetArrayItem(cJSON_GetArrayItem(
				    o->items, i / 3), i % 3);
				x = g.x + 22 + (i % 3) * 100;
				frame(c, (struct rect){ x, g.y + 24 + (i / 3) *
				    30, 101, 31 }, C_GROOVE);
				text(c, x + 4, g.y + 35 + (i / 3) * 30, 92,
				    it->valuestring, fg);
			}
		}
		return;
	}
	if (obj_inherits(o, "QComboBox")) {
		fill(c, g.x, g.y, g.w, g.h, C_BUTTON);
		frame(c, g, app_focus_widget() == o ? C_HIGHLIGHT : C_BORDER);
		cur = obj_geti(o, "currentIndex");
		if (cur >= 0 && cur < cJSON_GetArraySize(o->items))
			text(c, g.x + 6, g.y + g.h / 2 - 3, g.w - 30,
			    cJSON_GetArrayItem(o->items, cur)->valuestring, fg);
		fill(c, g.x + g.w - 14, g.y + g.h / 2 - 2, 7, 4, fg);
		return;
	}
	if (obj_inherits(o, "QCheckBox")) {
		fill(c, g.x + 1, g.y + g.h / 2 - 7, 13, 13, C_BASE);
		frame(c, (struct rect){ g.x + 1, g.y + g.h / 2 - 7, 13, 13 },
		    app_focus_widget() == o ? C_HIGHLIGHT : C_BORDER);
		if (obj_geti(o, "checked"))
			fill(c, g.x + 4, g.y + g.h / 2 - 4, 7, 7, fg);
		text(c, g.x + 20, g.y + g.h / 2 - 3, g.w - 20,
		    obj_gets(o, "text"), fg);
		return;
	}
	if (obj_inherits(o, "QAbstractButton")) {
		fill(c, g.x, g.y, g.w, g.h, o->down ? C_GROOVE : C_BUTTON);
		if (!obj_inherits(o, "QToolButton"))
			frame(c, g, app_focus_widget() == o ? C_HIGHLIGHT :
			    C_BORDER);
		t = obj_gets(o, "text");
		x = (g.w - 7 * (int)strlen(t)) / 2;
		text(c, g.x + (x > 2 ? x : 2), g.y + g.h / 2 - 3, g.w - 4, t,
		    fg);
		return;
	}
	if (obj_inherits(o, "QAbstractSlider") && !obj_inherits(o,
	    "QScrollBar")) {
		fill(c, g.x + 4, g.y + g.h / 2 - 2, g.w - 8, 4, C_GROOVE);
		i = obj_geti(o, "maximum") - obj_geti(o, "minimum");
		hx = 8 + (i > 0 ? (obj_geti(o, "value") - obj_geti(o,
		    "minimum")) * (g.w - 16) / i : 0);
		fill(c, g.x + hx - 8, g.y + g.h / 2 - 8, 16, 16, C_BUTTON);
		frame(c, (struct rect){ g.x + hx - 8, g.y + g.h / 2 - 8, 16,
		    16 }, app_focus_widget() == o ? C_HIGHLIGHT : C_BORDER);
		return;
	}
	if (obj_inherits(o, "QLabel")) {
		text(c, g.x + 2, g.y + g.h / 2 - 3, g.w - 2,
		    obj_gets(o, "text"), fg);
		return;
	}
	if (obj_inherits(o, "QGroupBox")) {
		frame(c, (struct rect){ g.x, g.y + 8, g.w, g.h - 8 },
		    C_BORDER);
		fill(c, g.x + 8, g.y, 7 * (int)strlen(obj_gets(o, "title")) + 6,
		    16, C_WINDOW);
		text(c, g.x + 11, g.y + 4, g.w - 16, obj_gets(o, "title"), fg);
		return;
	}
	if (o == app.tabbar) {
		cur = obj_geti(o, "currentIndex");
		for (i = 0, x = g.x; i < cJSON_GetArraySize(o->items); i++) {
			t = cJSON_GetArrayItem(o->items, i)->valuestring;
			fill(c, x, g.y + (i == cur ? 0 : 2), 16 + 7 *
			    (int)strlen(t), g.h - (i == cur ? 0 : 2), i == cur ?
			    C_WINDOW : C_BUTTON);
			frame(c, (struct rect){ x, g.y, 16 + 7 *
			    (int)strlen(t), g.h }, C_BORDER);
			text(c, x + 8, g.y + 9, 7 * (int)strlen(t), t, fg);
			x += 16 + 7 * (int)strlen(t);
		}
		return;
	}
	if (obj_inherits(o, "QStackedWidget")) {
		frame(c, (struct rect){ g.x - 2, g.y - 1, g.w + 4, g.h + 3 },
		    C_BORDER);
		return;
	}
	if (o == app.menubar) {
		for (i = 0, x = g.x; i < 3; i++) {
			if (app.menus[i] == NULL)
				continue;
			t = obj_gets(app.menus[i], "title");
			if (!app.menus[i]->hidden)
				fill(c, x, g.y, 16 + 7 * (int)strlen(t), g.h,
				    C_HIGHLIGHT);
			text(c, x + 8, g.y + 8, 7 * (int)strlen(t), t,
			    app.menus[i]->hidden ? fg : C_BASE);
			x += 16 + 7 * (int)strlen(t);
		}
		return;
	}
	if (obj_inherits(o, "QMenu")) {
		const char	*rows[16];
		int		 n, y = g.y + 2;

		frame(c, g, C_BORDER);
		n = app_menu_rows(o, rows, (int)nitems(rows));
		for (i = 0; i < n; i++) {
			if (rows[i] == NULL) {
				fill(c, g.x + 4, y + 4, g.w - 8, 1, C_BORDER);
				y += 9;
				continue;
			}
			text(c, g.x + 24, y + 8, g.w - 30, rows[i], fg);
			y += 23;
		}
		return;
	}
	if (o == app.statusbar) {
		text(c, g.x + 4, g.y + 8, g.w - 24, app.status, fg);
		return;
	}
}

static void
draw_tree(struct canvas *c, struct obj *o, int force)
{
	if (!force && (o->hidden || !o->alive))
		return;
	draw_widget(c, o);
	draw_kids(c, o);
}

static void
draw_screen(struct canvas *c)
{
	struct obj	*o;

	fill(c, c->ox, c->oy, c->w, c->h, C_BLACK);
	if (app.main != NULL && obj_visible(app.main))
		draw_tree(c, app.main, 0);
	TAILQ_FOREACH(o, &obj_all, entry) {
		if (o->widget && o->window && o != app.main && obj_visible(o))
			draw_tree(c, o, 0);
	}
}

/* --- PNG and base64 ---------------------------------------------------- */

struct membuf {
	unsigned char	*p;
	size_t		 len;
	size_t		 cap;
};

static void
png_write_mem(png_structp png, png_bytep data, png_size_t len)
{
	struct membuf	*m = png_get_io_ptr(png);

	if (m->len + len > m->cap) {
		m->cap = (m->len + len) * 2;
		m->p = xrealloc(m->p, m->cap);
	}
	memcpy(m->p + m->len, data, len);
	m->len += len;
}

static void
png_flush_mem(png_structp png)
{
}

static unsigned char *
shot_png(const struct canvas *c, size_t *len)
{
	png_structp	 png;
	png_infop	 info;
	struct membuf	 m = { NULL, 0, 0 };
	int		 y;

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL,
	    NULL);
	if (png == NULL || (info = png_create_info_struct(png)) == NULL)
		abort();
	if (setjmp(png_jmpbuf(png)))
		abort();
	png_set_write_fn(png, &m, png_write_mem, png_flush_mem);
	if (shot_level >= 0)
		png_set_compression_level(png, shot_level);
	png_set_IHDR(png, info, (png_uint_32)c->w, (png_uint_32)c->h, 8,
	    PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (y = 0; y < c->h; y++)
		png_write_row(png, c->rgb + (size_t)y * c->w * 3);
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	*len = m.len;
	return (m.p);
}

static char *
shot_base64(const unsigned char *in, size_t len)
{
	static const char	 tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char			*out, *o;
	size_t			 i;
	uint32_t		 v;

	out = o = xcalloc(1, (len + 2) / 3 * 4 + 1);
	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 |
		    in[i + 2];
		*o++ = tab[v >> 18 & 63];
		*o++ = tab[v >> 12 & 63];
		*o++ = tab[v >> 6 & 63];
		*o++ = tab[v & 63];
	}
	if (i < len) {
		v = (uint32_t)in[i] << 16 | (i + 1 < len ?
		    (uint32_t)in[i + 1] << 8 : 0);
		*o++ = tab[v >> 18 & 63];
		*o++ = tab[v >> 12 & 63];
		*o++ = i + 1 < len ? tab[v >> 6 & 63] : '=';
		*o++ = '=';
	}
	return (out);
}

static char *
shot_encode(struct canvas *c)
{
	unsigned char	*png;
	size_t		 len;
	char		*b64;

	png = shot_png(c, &len);
	b64 = shot_base64(png, len);
	free(png);
	free(c->rgb);
	return (b64);
}

/* A rectangle of the screen, global coordinates. */
char *
shot_png_base64(struct rect r, int logical, size_t *len)
{
	struct canvas	c;
	char		*b64;

	c.ox = r.x;
	c.oy = r.y;
	c.w = r.w > 0 ? r.w : 1;
	c.h = r.h > 0 ? r.h : 1;
	c.rgb = xcalloc((size_t)c.w * c.h, 3);
	(void)logical;
	draw_screen(&c);
	b64 = shot_encode(&c);
	*len = strlen(b64);
	return (b64);
}

/*
 * QWidget::grab: the widget and its visible children, hidden or not
 * itself; region is widget-local and clipped.  NULL when empty.
 */
char *
shot_widget(struct obj *w, const struct rect *region, int *iw, int *ih)
{
	struct canvas	c;
	struct rect	g = obj_global(w);
	struct rect	r = { 0, 0, w->geom.w, w->geom.h };

	if (region != NULL) {
		r = *region;
		if (r.x < 0) {
			r.w += r.x;
			r.x = 0;
		}
		if (r.y < 0) {
			r.h += r.y;
			r.y = 0;
		}
		if (r.x + r.w > w->geom.w)
			r.w = w->geom.w - r.x;
		if (r.y + r.h > w->geom.h)
			r.h = w->geom.h - r.y;
	}
	if (r.w <= 0 || r.h <= 0)
		return (NULL);
	c.ox = g.x + r.x;
	c.oy = g.y + r.y;
	c.w = r.w;
	c.h = r.h;
	c.rgb = xcalloc((size_t)c.w * c.h, 3);
	fill(&c, c.ox, c.oy, c.w, c.h, C_WINDOW);
	draw_tree(&c, w, 1);
	*iw = c.w;
	*ih = c.h;
	return (shot_encode(&c));
}

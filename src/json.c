/*
 * json.c: compact JSON text of a cJSON tree, appended to a growing buffer.
 *
 * cJSON's own printer (1.7.15) formats every number with "%1.15g" and reads
 * it back with sscanf to see whether it needs "%1.17g", measures what it
 * wrote with strlen, and escapes strings a byte at a time into a buffer it
 * then copies; for a tool result of a hundred objects that was a fifth of
 * all qtmcp did with the call.  This one writes integers as integers, copies
 * strings eight bytes at a time where none needs an escape, and can print
 * straight into the buffer the text goes out from.  The output is the same
 * JSON as cJSON's, byte for byte, except for numbers, which read back
 * exactly: integral ones of 16 digits and more are written in full
 * (1000000000000000, not 1e+15), and where 15 digits only come close to a
 * number (cJSON accepts them when they are within an epsilon of it:
 * 0.3 for 0.30000000000000004), 17 are written.
 */

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "qtmcp.h"

/* Make room for n more bytes (and a terminating NUL). */
static char *
jbuf_room(struct jbuf *b, size_t n)
{
	size_t	need;

	need = b->len + n + 1;
	if (need > b->size) {
		b->size = b->size < 256 ? 256 : b->size;
		while (b->size < need)
			b->size *= 2;
		b->p = xrealloc(b->p, b->size);
	}
	return (b->p + b->len);
}

void
jbuf_add(struct jbuf *b, const void *data, size_t n)
{
	memcpy(jbuf_room(b, n), data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
jbuf_addc(struct jbuf *b, char c)
{
	*jbuf_room(b, 1) = c;
	b->len++;
	b->p[b->len] = '\0';
}

void
jbuf_free(struct jbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->size = 0;
}

/* 2^53: every integer below it is a double exactly. */
#define JSON_EXACT	9007199254740992.0

static void
json_number(struct jbuf *b, double d)
{
	char		 tmp[32], *p;
	unsigned long long u;
	double		 back;
	int		 n;

	if (isnan(d) || isinf(d)) {
		/* What cJSON writes: JSON has no such numbers. */
		jbuf_add(b, "null", 4);
		return;
	}
	if (d == 0) {
		if (signbit(d))
			jbuf_add(b, "-0", 2);
		else
			jbuf_addc(b, '0');
		return;
	}
	if (d == floor(d) && fabs(d) < JSON_EXACT) {
		u = (unsigned long long)fabs(d);
		p = tmp + sizeof tmp;
		while (u != 0) {
			*--p = '0' + u % 10;
			u /= 10;
		}
		if (d < 0)
			*--p = '-';
		jbuf_add(b, p, tmp + sizeof tmp - p);
		return;
	}
	/* 15 digits when they read back exactly, else 17, which always do. */
	n = snprintf(tmp, sizeof tmp, "%1.15g", d);
	if (sscanf(tmp, "%lg", &back) != 1 || back != d)
		n = snprintf(tmp, sizeof tmp, "%1.17g", d);
	jbuf_add(b, tmp, n);
}

/* The escape of byte c, which must have one, at o; returns its length. */
static size_t
json_escape(char *o, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	o[0] = '\\';
	switch (c) {
	case '"':
	case '\\':
		o[1] = c;
		return (2);
	case '\b':
		o[1] = 'b';
		return (2);
	case '\f':
		o[1] = 'f';
		return (2);
	case '\n':
		o[1] = 'n';
		return (2);
	case '\r':
		o[1] = 'r';
		return (2);
	case '\t':
		o[1] = 't';
		return (2);
	}
	o[1] = 'u';
	o[2] = '0';
	o[3] = '0';
	o[4] = hex[c >> 4];
	o[5] = hex[c & 0xf];
	return (6);
}

#define JSON_PLAIN(c)	((c) >= 0x20 && (c) != '"' && (c) != '\\')

/*
 * Eight bytes at p need no escape: none is below 0x20, '"' or '\\' (the
 * tests for a zero byte and for a byte below n, eight at a time).
 */
static int
json_plain8(const unsigned char *p)
{
	const uint64_t	 ones = 0x0101010101010101ULL;
	const uint64_t	 highs = 0x8080808080808080ULL;
	uint64_t	 w, q, bs;

	memcpy(&w, p, sizeof w);
	q = w ^ (ones * '"');
	bs = w ^ (ones * '\\');
	return (((((w - ones * 0x20) & ~w) | ((q - ones) & ~q) |
	    ((bs - ones) & ~bs)) & highs) == 0);
}

/*
 * One pass, eight plain bytes at a time, into room for the string and an
 * eighth more: a screenshot's base64 (megabytes) has no escapes, JSON text
 * in a string has a few.  Should the escapes need more, the room grows to
 * the worst the rest could need.
 */
static void
json_string(struct jbuf *b, const char *s)
{
	const unsigned char *p, *end;
	char		*o, *limit;
	size_t		 n, room;

	if (s == NULL)
		s = "";
	n = strlen(s);
	p = (const unsigned char *)s;
	end = p + n;
	room = n + n / 8 + 16;
	o = jbuf_room(b, room);
	limit = o + room;
	*o++ = '"';
	/* Kept: room for what is left, one byte each, and the quote. */
	while (p < end) {
		if (end - p >= 8 && json_plain8(p)) {
			memcpy(o, p, 8);
			o += 8;
			p += 8;
			continue;
		}
		if (JSON_PLAIN(*p)) {
			*o++ = *p++;
			continue;
		}
		if ((size_t)(limit - o) < (size_t)(end - p) + 6) {
			b->len = o - b->p;
			room = 6 * (size_t)(end - p) + 1;
			o = jbuf_room(b, room);
			limit = o + room;
		}
		o += json_escape(o, *p++);
	}
	*o++ = '"';
	b->len = o - b->p;
	b->p[b->len] = '\0';
}

void
json_print_to(struct jbuf *b, const cJSON *item)
{
	const cJSON	*c;

	switch (item->type & 0xff) {
	case cJSON_NULL:
	case cJSON_Invalid:
		jbuf_add(b, "null", 4);
		break;
	case cJSON_False:
		jbuf_add(b, "false", 5);
		break;
	case cJSON_True:
		jbuf_add(b, "true", 4);
		break;
	case cJSON_Number:
		json_number(b, item->valuedouble);
		break;
	case cJSON_String:
		json_string(b, item->valuestring);
		break;
	case cJSON_Raw:
		if (item->valuestring != NULL)
			jbuf_add(b, item->valuestring,
			    strlen(item->valuestring));
		else
			jbuf_add(b, "null", 4);
		break;
	case cJSON_Array:
		jbuf_addc(b, '[');
		for (c = item->child; c != NULL; c = c->next) {
			json_print_to(b, c);
			if (c->next != NULL)
				jbuf_addc(b, ',');
		}
		jbuf_addc(b, ']');
		break;
	case cJSON_Object:
		jbuf_addc(b, '{');
		for (c = item->child; c != NULL; c = c->next) {
			json_string(b, c->string);
			jbuf_addc(b, ':');
			json_print_to(b, c);
			if (c->next != NULL)
				jbuf_addc(b, ',');
		}
		jbuf_addc(b, '}');
		break;
	}
}

/*
 * The compact text of item, NUL-terminated, and its length; free() it.
 * Cut to size: the buffer grew by doubling, and some of these texts are
 * kept for good (the tools' schemas).
 */
char *
json_print(const cJSON *item, size_t *lenp)
{
	struct jbuf	b = { NULL, 0, 0 };

	json_print_to(&b, item);
	if (lenp != NULL)
		*lenp = b.len;
	return (xrealloc(b.p, b.len + 1));
}

/*
 * json.c: small helpers of the probe double around cJSON: printing with
 * sorted keys (Qt's QJsonObject keeps its keys sorted, so every object the
 * real probe prints has them in that order), reading parameters the way
 * QJsonValue does (a wrong type reads as the default), UTF-8 checks, and
 * allocation that cannot fail.
 */

#include <sys/time.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "double.h"

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size)) == NULL)
		abort();
	return (p);
}

void *
xrealloc(void *p, size_t size)
{
	if ((p = realloc(p, size == 0 ? 1 : size)) == NULL)
		abort();
	return (p);
}

char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s != NULL ? s : "")) == NULL)
		abort();
	return (p);
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		abort();
	va_end(ap);
	return (s);
}

int64_t
now_ms(void)
{
	struct timeval	tv;

	gettimeofday(&tv, NULL);
	return ((int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000);
}

int64_t
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

/* Sort the members of every object, recursively, by key. */
void
dj_sort(cJSON *j)
{
	cJSON	*c, *next, *sorted = NULL, **pp;

	if (j == NULL)
		return;
	for (c = j->child; c != NULL; c = c->next)
		dj_sort(c);
	if (!cJSON_IsObject(j))
		return;
	/* Insertion sort on the member list; objects are small. */
	for (c = j->child; c != NULL; c = next) {
		next = c->next;
		pp = &sorted;
		while (*pp != NULL && strcmp((*pp)->string, c->string) <= 0)
			pp = &(*pp)->next;
		c->next = *pp;
		*pp = c;
	}
	j->child = sorted;
	for (c = sorted; c != NULL; c = c->next) {
		c->prev = NULL;
		if (c->next != NULL)
			c->next->prev = c;
	}
	/* cJSON keeps the last element in child->prev. */
	if (sorted != NULL) {
		for (c = sorted; c->next != NULL; c = c->next)
			;
		sorted->prev = c;
	}
}

char *
dj_print(cJSON *j)
{
	char	*s;

	if ((s = cJSON_PrintUnformatted(j)) == NULL)
		abort();
	return (s);
}

char *
dj_print_sorted(cJSON *j)
{
	dj_sort(j);
	return (dj_print(j));
}

static void
dj_append(char **buf, size_t *len, const char *s)
{
	size_t	n = strlen(s);

	*buf = xrealloc(*buf, *len + n + 1);
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

/*
 * A flat object of strings as QJsonDocument::Indented writes it: four
 * spaces, "key": "value", a final newline.
 */
char *
dj_indented_map(cJSON *map)
{
	cJSON	*c;
	char	*buf = NULL, *k, *v, *line;
	size_t	 len = 0;

	dj_sort(map);
	if (map->child == NULL)
		return (xstrdup("{\n}\n"));
	dj_append(&buf, &len, "{\n");
	for (c = map->child; c != NULL; c = c->next) {
		k = dj_print(cJSON_CreateString(c->string));
		v = dj_print(c);
		line = xasprintf("    %s: %s%s\n", k, v,
		    c->next != NULL ? "," : "");
		dj_append(&buf, &len, line);
		free(line);
		free(k);
		free(v);
	}
	dj_append(&buf, &len, "}\n");
	return (buf);
}

const cJSON *
dj_member(const cJSON *o, const char *key)
{
	if (o == NULL || !cJSON_IsObject(o))
		return (NULL);
	return (cJSON_GetObjectItemCaseSensitive(o, key));
}

int
dj_has(const cJSON *o, const char *key)
{
	return (dj_member(o, key) != NULL);
}

/* QJsonValue::toString(): "" unless it is a string. */
const char *
dj_str(const cJSON *o, const char *key)
{
	const cJSON	*v = dj_member(o, key);

	if (v == NULL || !cJSON_IsString(v))
		return ("");
	return (v->valuestring);
}

/* QJsonValue::toInt(def): only a whole number in int range counts. */
int
dj_int(const cJSON *o, const char *key, int def)
{
	const cJSON	*v = dj_member(o, key);
	double		 d;

	if (v == NULL || !cJSON_IsNumber(v))
		return (def);
	d = v->valuedouble;
	if (d < -2147483648.0 || d > 2147483647.0 || d != (double)(int)d)
		return (def);
	return ((int)d);
}

/* QJsonValue::toBool(def). */
int
dj_bool(const cJSON *o, const char *key, int def)
{
	const cJSON	*v = dj_member(o, key);

	if (v == NULL || !cJSON_IsBool(v))
		return (def);
	return (cJSON_IsTrue(v));
}

int
dj_equal(const cJSON *a, const cJSON *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (cJSON_Compare(a, b, 1));
}

cJSON *
dj_rect(struct rect r)
{
	cJSON	*j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "x", r.x);
	cJSON_AddNumberToObject(j, "y", r.y);
	cJSON_AddNumberToObject(j, "width", r.w);
	cJSON_AddNumberToObject(j, "height", r.h);
	return (j);
}

cJSON *
dj_point(int x, int y)
{
	cJSON	*j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "x", x);
	cJSON_AddNumberToObject(j, "y", y);
	return (j);
}

cJSON *
dj_size(int w, int h)
{
	cJSON	*j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "width", w);
	cJSON_AddNumberToObject(j, "height", h);
	return (j);
}

/* The form of any other type: {"_type":"<type>","value":<string|null>}. */
cJSON *
dj_opaque(const char *type, const char *value)
{
	cJSON	*j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "_type", type);
	if (value != NULL)
		cJSON_AddStringToObject(j, "value", value);
	else
		cJSON_AddNullToObject(j, "value");
	return (j);
}

/* Strict UTF-8 (RFC 3629): no overlongs, no surrogates, <= U+10FFFF. */
int
dj_utf8_valid(const unsigned char *s, size_t len)
{
	size_t		i = 0, n, k;
	uint32_t	cp;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf) {
			n = 1;
			cp = s[i] & 0x1f;
		} else if (s[i] >= 0xe0 && s[i] <= 0xef) {
			n = 2;
			cp = s[i] & 0x0f;
		} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
			n = 3;
			cp = s[i] & 0x07;
		} else
			return (0);
		if (i + n >= len)
			return (0);
		for (k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				return (0);
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return (0);
		i += n + 1;
	}
	return (1);
}

/* Characters (code points) in a UTF-8 string. */
int
dj_utf8_count(const char *s)
{
	int	n = 0;

	for (; *s != '\0'; s++) {
		if ((*s & 0xc0) != 0x80)
			n++;
	}
	return (n);
}

/* Code points [from, from + count) of s; count < 0: to the end. */
char *
dj_utf8_sub(const char *s, int from, int count)
{
	const char	*p = s, *start;
	int		 i = 0;

	while (*p != '\0' && i < from) {
		p++;
		while ((*p & 0xc0) == 0x80)
			p++;
		i++;
	}
	start = p;
	if (count < 0)
		return (xstrdup(start));
	i = 0;
	while (*p != '\0' && i < count) {
		p++;
		while ((*p & 0xc0) == 0x80)
			p++;
		i++;
	}
	return (strndup(start, p - start));
}

/*
 * t-json.c: unit tests of json.c, the compact printer: cJSON's own printer
 * is the oracle for every tree whose numbers both write alike, on fixed
 * cases and on random trees; the numbers where they differ (integers of
 * 16 digits and more, and those 15 digits do not write exactly) are
 * checked to read back exactly.
 */

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "qtmcp.h"
#include "../tap.h"

/* Same text as cJSON_PrintUnformatted, and the length returned is right. */
static void
same_as_cjson(const cJSON *item, const char *what)
{
	char	*mine, *theirs;
	size_t	 len;

	mine = json_print(item, &len);
	theirs = cJSON_PrintUnformatted(item);
	if (mine == NULL || theirs == NULL || strcmp(mine, theirs) != 0) {
		ok(0, "%s: as cJSON prints it", what);
		diag("json_print: %.200s", mine != NULL ? mine : "(null)");
		diag("cJSON:      %.200s", theirs != NULL ? theirs : "(null)");
	} else
		ok(len == strlen(mine), "%s: as cJSON prints it (%zu bytes)",
		    what, len);
	free(mine);
	cJSON_free(theirs);
}

/* Printed, parsed back, equal to what went in. */
static int
round_trips(const cJSON *item)
{
	char	*text;
	cJSON	*back;
	int	 same;

	text = json_print(item, NULL);
	back = cJSON_Parse(text);
	same = back != NULL && cJSON_Compare(item, back, 1);
	cJSON_Delete(back);
	free(text);
	return (same);
}

static void
t_fixed(void)
{
	static const char *docs[] = {
		"null", "true", "false", "0", "1", "-1", "42", "2147483647",
		"-2147483648", "4294967296", "123456789012345", "0.5", "-0.25",
		"3.14159", "0.1", "1e-300", "-1.5e+300", "1e+21",
		"\"\"", "\"plain\"", "\"quote \\\" backslash \\\\ slash /\"",
		"\"\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\"",
		"\"caf\\u00e9 \\u20ac \\ud83d\\ude00\"",
		"[]", "{}", "[[]]", "{\"\":{}}", "[1,[2,[3,[4]]]]",
		"{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}",
		"{\"key \\\"quoted\\\"\\n\":\"v\"}",
		"[{\"className\":\"QLabel\",\"numericId\":26,"
		    "\"objectId\":\"formTab/QLabel\"},{\"x\":-3,\"y\":0.75}]",
	};
	size_t	 i;
	cJSON	*doc;

	for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		doc = cJSON_Parse(docs[i]);
		if (doc == NULL) {
			ok(0, "parse %s", docs[i]);
			continue;
		}
		same_as_cjson(doc, docs[i]);
		cJSON_Delete(doc);
	}
}

/* The text of the number d. */
static char *
number_text(double d)
{
	cJSON	*n;
	char	*text;

	n = cJSON_CreateNumber(d);
	text = json_print(n, NULL);
	cJSON_Delete(n);
	return (text);
}

/* d is written as want, which strtod reads back as d exactly. */
static void
exact(double d, const char *want)
{
	char	*text = number_text(d);

	ok(strcmp(text, want) == 0 && strtod(text, NULL) == d,
	    "%.17g is written %s and reads back exactly", d, text);
	free(text);
}

/* d is written as want. */
static void
written_as(double d, const char *want)
{
	char	*text = number_text(d);

	is_str(text, want, "%g is written %s", d, want);
	free(text);
}

static void
t_numbers(void)
{
	/* Integers beyond 15 digits: written out, and exact. */
	exact(1e15, "1000000000000000");
	exact(9007199254740991.0, "9007199254740991");
	exact(-9007199254740991.0, "-9007199254740991");
	exact(18446744073709551616.0, "1.8446744073709552e+19");
	exact(-0.0, "-0");

	/* What JSON has no number for: null, as cJSON writes it. */
	written_as(NAN, "null");
	written_as(-INFINITY, "null");

	/* Where cJSON's 15 digits only come close, 17 that are exact. */
	exact(0.1 + 0.2, "0.30000000000000004");
	exact(-8413896.2872340418, "-8413896.2872340418");
	exact(1.0 / 3, "0.33333333333333331");
	exact(5e-324, "4.94065645841247e-324");
	exact(1.7976931348623157e308, "1.7976931348623157e+308");
	exact(0.5, "0.5");
	exact(1e21, "1e+21");
}

static void
t_raw_and_long(void)
{
	cJSON	*o;
	char	*s, *text;
	size_t	 i, len;

	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "raw", cJSON_CreateRaw("{\"pre\":[1,2]}"));
	cJSON_AddItemToObject(o, "id", cJSON_CreateRaw("12345678901234567"));
	same_as_cjson(o, "raw items are copied as they are");
	cJSON_Delete(o);

	/* Long strings: clean, and full of escapes. */
	len = 3 * 1000 * 1000;
	s = malloc(len + 1);
	for (i = 0; i < len; i++)
		s[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789+/"[i % 64];
	s[len] = '\0';
	o = cJSON_CreateString(s);
	same_as_cjson(o, "a 3 MB base64 string");
	cJSON_Delete(o);
	for (i = 0; i < len; i++)
		s[i] = "\"\\\n\x01x\xc3\xa9"[i % 7];
	s[len] = '\0';
	o = cJSON_CreateString(s);
	same_as_cjson(o, "a 3 MB string of escapes and UTF-8");
	cJSON_Delete(o);
	/*
	 * Bytes on either side of those needing an escape, scattered at
	 * every offset within the eight bytes tested at once.
	 */
	{
		static const unsigned char odd[] = { 0x01, 0x1f, 0x20, 0x21,
		    0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7f, 0x80, 0xa2, 0xdc,
		    0xff };
		size_t	k;

		for (k = 0; k < sizeof odd; k++) {
			for (i = 0; i < 20000; i++)
				s[i] = i % 37 == 0 ? (char)odd[k] :
				    (char)('a' + i % 26);
			s[20000] = '\0';
			o = cJSON_CreateString(s);
			text = xasprintf("a 20000-byte string with 0x%02x "
			    "every 37 bytes", odd[k]);
			same_as_cjson(o, text);
			free(text);
			cJSON_Delete(o);
		}
	}
	/* Every length up to three words: the tails shorter than eight. */
	for (len = 0; len <= 24; len++) {
		for (i = 0; i < len; i++)
			s[i] = "ab\"cdefgh\n"[i % 11];
		s[len] = '\0';
		o = cJSON_CreateString(s);
		text = xasprintf("a %zu-byte string", len);
		same_as_cjson(o, text);
		free(text);
		cJSON_Delete(o);
	}
	free(s);
}

/* Appending to what a buffer holds, as the output queue does. */
static void
t_append(void)
{
	struct jbuf	 b = { NULL, 0, 0 };
	cJSON		*a;
	int		 i;

	jbuf_add(&b, "x", 1);
	a = cJSON_CreateIntArray((const int []){ 1, 2, 3 }, 3);
	for (i = 0; i < 1000; i++) {
		json_print_to(&b, a);
		jbuf_add(&b, "\n", 1);
	}
	ok(b.len == 1 + 1000 * 8 && strlen(b.p) == b.len &&
	    memcmp(b.p, "x[1,2,3]\n[1,2,3]\n", 17) == 0 &&
	    memcmp(b.p + b.len - 8, "[1,2,3]\n", 8) == 0,
	    "1000 messages appended behind what was there");
	cJSON_Delete(a);
	jbuf_free(&b);
	ok(b.p == NULL && b.len == 0 && b.size == 0, "jbuf_free empties it");
}

/* Random trees: cJSON is the oracle, numbers chosen where both agree. */
static uint64_t t_state = 0x9e3779b97f4a7c15ULL;

static uint32_t
t_rand(void)
{
	t_state ^= t_state << 13;
	t_state ^= t_state >> 7;
	t_state ^= t_state << 17;
	return ((uint32_t)(t_state >> 11));
}

static cJSON *
t_tree(int depth)
{
	static const char alphabet[] = "ab\"\\/\n\t\x01\x1f\x7f\xc3\xa9 {}[]:,";
	char	 str[40];
	cJSON	*c;
	int	 i, n;

	switch (depth > 5 ? t_rand() % 5 : t_rand() % 7) {
	case 0:
		return (cJSON_CreateNull());
	case 1:
		return (cJSON_CreateBool(t_rand() % 2));
	case 2:
		if (t_rand() % 2)
			return (cJSON_CreateNumber((int32_t)t_rand()));
		/* Fractions that 15 digits write exactly, as cJSON does. */
		return (cJSON_CreateNumber((double)(int16_t)t_rand() /
		    (1 << t_rand() % 9)));
	case 3:
	case 4:
		n = t_rand() % (sizeof str - 1);
		for (i = 0; i < n; i++)
			str[i] = alphabet[t_rand() % (sizeof alphabet - 1)];
		str[n] = '\0';
		return (cJSON_CreateString(str));
	case 5:
		c = cJSON_CreateArray();
		n = t_rand() % 6;
		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(c, t_tree(depth + 1));
		return (c);
	default:
		c = cJSON_CreateObject();
		n = t_rand() % 6;
		for (i = 0; i < n; i++) {
			snprintf(str, sizeof str, "k%d\"%c", i,
			    alphabet[t_rand() % (sizeof alphabet - 1)]);
			cJSON_AddItemToObject(c, str, t_tree(depth + 1));
		}
		return (c);
	}
}

static void
t_random(void)
{
	cJSON	*t;
	char	*mine, *theirs;
	int	 i, same = 0, back = 0, total = 2000;

	for (i = 0; i < total; i++) {
		t = t_tree(0);
		mine = json_print(t, NULL);
		theirs = cJSON_PrintUnformatted(t);
		if (theirs != NULL && strcmp(mine, theirs) == 0)
			same++;
		else if (same == i)
			diag("first difference: %.200s | %.200s", mine,
			    theirs != NULL ? theirs : "(null)");
		back += round_trips(t);
		free(mine);
		cJSON_free(theirs);
		cJSON_Delete(t);
	}
	is_int(same, total, "%d random trees print as cJSON prints them",
	    total);
	is_int(back, total, "%d random trees read back equal", total);
}

int
main(void)
{
	t_fixed();
	t_numbers();
	t_raw_and_long();
	t_append();
	t_random();
	return (done_testing());
}

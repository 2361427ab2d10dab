/*
 * schema.c: a small JSON Schema validator for the subset of keywords the
 * tool tables use.  Tool arguments are checked with it before anything
 * reaches the probe, and its messages go back to a model that has to
 * correct its call, so each one names the parameter and says what is
 * expected.  schema_check keeps the tables within the subset: a keyword
 * the validator does not implement would otherwise be silently ignored.
 */

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "qtmcp.h"

#define SCHEMA_QUOTE_MAX	40	/* bytes of a value quoted in a cause */
#define SCHEMA_DESC_MAX		160	/* bytes of a description quoted */

/* What schema_check accepts: everything schema_validate implements. */
enum schema_kw {
	KW_TYPE,		/* string or array of type names */
	KW_SCHEMAS,		/* object of schemas (properties) */
	KW_STRINGS,		/* array of strings (required) */
	KW_BOOL_SCHEMA,		/* false, true or a schema */
	KW_VALUES,		/* non-empty array of values (enum) */
	KW_ANY,			/* any value (const, default) */
	KW_NUMBER,
	KW_COUNT,		/* non-negative integer */
	KW_SCHEMA,		/* one schema (items) */
	KW_SCHEMA_LIST,		/* non-empty array of schemas */
	KW_TEXT,		/* string (description, title) */
};
static const struct {
	const char	*name;
	enum schema_kw	 kind;
} schema_keywords[] = {
	{ "type", KW_TYPE },
	{ "properties", KW_SCHEMAS },
	{ "required", KW_STRINGS },
	{ "additionalProperties", KW_BOOL_SCHEMA },
	{ "enum", KW_VALUES },
	{ "const", KW_ANY },
	{ "minimum", KW_NUMBER },
	{ "maximum", KW_NUMBER },
	{ "minLength", KW_COUNT },
	{ "maxLength", KW_COUNT },
	{ "items", KW_SCHEMA },
	{ "minItems", KW_COUNT },
	{ "maxItems", KW_COUNT },
	{ "anyOf", KW_SCHEMA_LIST },
	{ "oneOf", KW_SCHEMA_LIST },
	{ "default", KW_ANY },
	{ "description", KW_TEXT },
	{ "title", KW_TEXT },
};

static const struct {
	const char	*name;
	const char	*phrase;	/* as in "expected a string" */
} schema_types[] = {
	{ "string", "a string" },
	{ "integer", "an integer" },
	{ "number", "a number" },
	{ "boolean", "a boolean" },
	{ "object", "an object" },
	{ "array", "an array" },
	{ "null", "null" },
};

static int	schema_value(const cJSON *, const cJSON *, const char *,
		    char **);

static const cJSON *
schema_get(const cJSON *schema, const char *key)
{
	if (!cJSON_IsObject(schema))
		return (NULL);
	return (cJSON_GetObjectItemCaseSensitive(schema, key));
}

/*
 * A number with no fraction.  Beyond 2^53 every double is one; below, the
 * conversion to an integer keeps the value only if it has none.  (No libm:
 * qtmcp does not link it.)
 */
static int
schema_integral(double d)
{
	double	a = d < 0 ? -d : d;

	if (!isfinite(d))
		return (0);
	return (a >= 9007199254740992.0 || d == (double)(long long)d);
}

static const char *
schema_type_phrase(const char *type)
{
	size_t	i;

	for (i = 0; i < nitems(schema_types); i++) {
		if (strcmp(schema_types[i].name, type) == 0)
			return (schema_types[i].phrase);
	}
	return (NULL);
}

static int
schema_is_type(const char *type, const cJSON *v)
{
	if (strcmp(type, "string") == 0)
		return (cJSON_IsString(v));
	if (strcmp(type, "integer") == 0) {
		return (cJSON_IsNumber(v) && schema_integral(v->valuedouble));
	}
	if (strcmp(type, "number") == 0)
		return (cJSON_IsNumber(v));
	if (strcmp(type, "boolean") == 0)
		return (cJSON_IsBool(v));
	if (strcmp(type, "object") == 0)
		return (cJSON_IsObject(v));
	if (strcmp(type, "array") == 0)
		return (cJSON_IsArray(v));
	if (strcmp(type, "null") == 0)
		return (cJSON_IsNull(v));
	return (0);
}

/* Does v have one of the schema's types?  No "type" allows anything. */
static int
schema_type_ok(const cJSON *schema, const cJSON *v)
{
	const cJSON	*type, *t;

	type = schema_get(schema, "type");
	if (cJSON_IsString(type))
		return (schema_is_type(type->valuestring, v));
	if (cJSON_IsArray(type)) {
		cJSON_ArrayForEach(t, type) {
			if (cJSON_IsString(t) && schema_is_type(t->valuestring,
			    v))
				return (1);
		}
		return (0);
	}
	return (1);
}

/* Append "a, b or c" for a list of phrases to *s. */
static void
schema_append_or(char **s, const char *phrase, int i, int n)
{
	char	*w;

	w = xasprintf("%s%s%s", *s, i == 0 ? "" : i == n - 1 ? " or " : ", ",
	    phrase);
	free(*s);
	*s = w;
}

/* The types a schema allows, for people: "a string or an integer". */
static char *
schema_expected(const cJSON *schema)
{
	const cJSON	*type, *t;
	const char	*p;
	char		*s;
	int		 i = 0, n;

	type = schema_get(schema, "type");
	if (cJSON_IsString(type)) {
		p = schema_type_phrase(type->valuestring);
		return (xstrdup(p != NULL ? p : type->valuestring));
	}
	s = xstrdup("");
	if (cJSON_IsArray(type)) {
		n = cJSON_GetArraySize(type);
		cJSON_ArrayForEach(t, type) {
			if (!cJSON_IsString(t))
				continue;
			p = schema_type_phrase(t->valuestring);
			schema_append_or(&s, p != NULL ? p : t->valuestring,
			    i++, n);
		}
	}
	if (*s == '\0') {
		free(s);
		s = xstrdup("a value");
	}
	return (s);
}

/* A number as a person writes it: 3, 1.5, 1e+20. */
static void
schema_number(double d, char *buf, size_t len)
{
	if (schema_integral(d) && d < 1e15 && d > -1e15)
		snprintf(buf, len, "%.0f", d);
	else
		snprintf(buf, len, "%.15g", d);
}

/* A string as a JSON literal, cut after SCHEMA_QUOTE_MAX bytes. */
static char *
schema_quote(const char *s)
{
	cJSON	*tmp;
	char	*cut, *json, *out;
	size_t	 n = strlen(s);
	int	 more = 0;

	if (n > SCHEMA_QUOTE_MAX) {
		/* Do not split a UTF-8 sequence. */
		n = SCHEMA_QUOTE_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		more = 1;
	}
	cut = xstrndup(s, n);
	tmp = cJSON_CreateString(cut);
	json = cJSON_PrintUnformatted(tmp);
	out = xasprintf("%s%s", json != NULL ? json : "\"?\"",
	    more ? "..." : "");
	cJSON_free(json);
	cJSON_Delete(tmp);
	free(cut);
	return (out);
}

/* What a value is, for "got ...". */
static char *
schema_got(const cJSON *v)
{
	char	 num[64], *q, *s;

	if (cJSON_IsString(v)) {
		q = schema_quote(v->valuestring);
		s = xasprintf("the string %s", q);
		free(q);
		return (s);
	}
	if (cJSON_IsNumber(v)) {
		schema_number(v->valuedouble, num, sizeof num);
		return (xasprintf("the number %s", num));
	}
	if (cJSON_IsTrue(v))
		return (xstrdup("the boolean true"));
	if (cJSON_IsFalse(v))
		return (xstrdup("the boolean false"));
	if (cJSON_IsNull(v))
		return (xstrdup("null"));
	if (cJSON_IsArray(v))
		return (xstrdup("an array"));
	return (xstrdup("an object"));
}

/* A value in a list or a comparison: strings bare, the rest as JSON. */
static char *
schema_literal(const cJSON *v, int quoted)
{
	char	 num[64], *json, *s;
	size_t	 n;

	if (cJSON_IsString(v)) {
		if (quoted) {
			/*
			 * Cut as schema_quote does, not inside a UTF-8
			 * sequence: the text goes into JSON.
			 */
			n = strlen(v->valuestring);
			if (n > SCHEMA_QUOTE_MAX) {
				n = SCHEMA_QUOTE_MAX;
				while (n > 0 && ((unsigned char)
				    v->valuestring[n] & 0xc0) == 0x80)
					n--;
			}
			return (xasprintf("'%.*s'", (int)n, v->valuestring));
		}
		return (xstrdup(v->valuestring));
	}
	if (cJSON_IsNumber(v)) {
		schema_number(v->valuedouble, num, sizeof num);
		return (xstrdup(num));
	}
	json = cJSON_PrintUnformatted(v);
	s = xstrdup(json != NULL ? json : "?");
	cJSON_free(json);
	return (s);
}

/* "parameter 'x'", or "the arguments" for the top level. */
static char *
schema_subject(const char *path)
{
	if (*path == '\0')
		return (xstrdup("the arguments"));
	return (xasprintf("parameter '%s'", path));
}

static int
schema_fail(char **cause, const char *path, const char *fmt, ...)
{
	va_list	 ap;
	char	*subject, *what;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	subject = schema_subject(path);
	*cause = xasprintf("%s: %s", subject, what);
	free(subject);
	free(what);
	return (-1);
}

static char *
schema_join(const char *path, const char *name)
{
	if (*path == '\0')
		return (xstrdup(name));
	return (xasprintf("%s.%s", path, name));
}

/* UTF-8 characters in s. */
static size_t
schema_chars(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	}
	return (n);
}

/*
 * What a property is, from its schema, for a "missing" message: its type
 * and the first sentence of its description, "a string: the object id
 * from qt_objects_find".
 */
/* "left, right, middle": the values of an enum. */
static char *
schema_enum_list(const cJSON *values)
{
	const cJSON	*e;
	char		*list = xstrdup(""), *w, *lit;

	cJSON_ArrayForEach(e, values) {
		lit = schema_literal(e, 0);
		w = xasprintf("%s%s%s", list, *list == '\0' ? "" : ", ", lit);
		free(lit);
		free(list);
		list = w;
	}
	return (list);
}

static char *
schema_about(const cJSON *prop)
{
	const cJSON	*desc, *values;
	const char	*d, *end;
	char		*type, *first, *cut, *s, *list;
	size_t		 n;

	type = schema_get(prop, "type") != NULL ? schema_expected(prop) : NULL;
	desc = schema_get(prop, "description");
	if (!cJSON_IsString(desc) || *desc->valuestring == '\0')
		return (type);
	d = desc->valuestring;
	end = strstr(d, ". ");
	n = end != NULL ? (size_t)(end - d) : strlen(d);
	if (n > 0 && end == NULL && d[n - 1] == '.')
		n--;
	if (n > SCHEMA_DESC_MAX) {
		/* Cut at a word, and say so. */
		n = SCHEMA_DESC_MAX;
		while (n > 0 && d[n] != ' ')
			n--;
		cut = xstrndup(d, n);
		first = xasprintf("%s...", cut);
		free(cut);
	} else
		first = xstrndup(d, n);
	/*
	 * "The object id" reads "the object id" after a colon; "QML id" and
	 * "Ctrl+S" stay as they are.
	 */
	if (first[0] >= 'A' && first[0] <= 'Z') {
		for (n = 1; first[n] != '\0' && first[n] != ' '; n++) {
			if (!(first[n] >= 'a' && first[n] <= 'z'))
				break;
		}
		if (first[n] == '\0' || first[n] == ' ')
			first[0] = first[0] - 'A' + 'a';
	}
	if (type != NULL)
		s = xasprintf("%s: %s", type, first);
	else
		s = xstrdup(first);
	free(type);
	free(first);
	if ((values = schema_get(prop, "enum")) != NULL) {
		list = schema_enum_list(values);
		first = xasprintf("%s; one of %s", s, list);
		free(list);
		free(s);
		s = first;
	}
	return (s);
}

/* "objectId, name, value": the properties a schema declares. */
static char *
schema_names(const cJSON *props)
{
	const cJSON	*p;
	char		*s, *w;

	s = xstrdup("");
	cJSON_ArrayForEach(p, props) {
		w = xasprintf("%s%s%s", s, *s == '\0' ? "" : ", ", p->string);
		free(s);
		s = w;
	}
	return (s);
}

static int
schema_object(const cJSON *schema, const cJSON *value, const char *path,
    char **cause)
{
	const cJSON	*props, *addl, *m, *r, *p;
	char		*sub, *names, *about;
	int		 rc;

	props = schema_get(schema, "properties");
	addl = schema_get(schema, "additionalProperties");

	/* Unknown members first: a misspelt name explains a missing one. */
	cJSON_ArrayForEach(m, value) {
		if (cJSON_GetObjectItemCaseSensitive(props, m->string) != NULL)
			continue;
		sub = schema_join(path, m->string);
		if (cJSON_IsFalse(addl)) {
			names = schema_names(props);
			if (*path == '\0')
				*cause = xasprintf("unknown parameter '%s' "
				    "(this tool takes%s%s)", sub,
				    *names == '\0' ? " no parameters" : ": ",
				    names);
			else
				*cause = xasprintf("unknown parameter '%s' "
				    "('%s' takes%s%s)", sub, path,
				    *names == '\0' ? " no members" : ": ",
				    names);
			free(names);
			free(sub);
			return (-1);
		}
		if (cJSON_IsObject(addl)) {
			rc = schema_value(addl, m, sub, cause);
			if (rc == -1) {
				free(sub);
				return (-1);
			}
		}
		free(sub);
	}

	cJSON_ArrayForEach(r, schema_get(schema, "required")) {
		if (!cJSON_IsString(r) ||
		    cJSON_GetObjectItemCaseSensitive(value, r->valuestring) !=
		    NULL)
			continue;
		sub = schema_join(path, r->valuestring);
		about = schema_about(cJSON_GetObjectItemCaseSensitive(props,
		    r->valuestring));
		*cause = xasprintf("missing required parameter '%s'%s%s%s",
		    sub, about != NULL ? " (" : "", about != NULL ? about : "",
		    about != NULL ? ")" : "");
		free(about);
		free(sub);
		return (-1);
	}

	cJSON_ArrayForEach(p, props) {
		m = cJSON_GetObjectItemCaseSensitive(value, p->string);
		if (m == NULL)
			continue;
		sub = schema_join(path, p->string);
		rc = schema_value(p, m, sub, cause);
		free(sub);
		if (rc == -1)
			return (-1);
	}
	return (0);
}

static int
schema_array(const cJSON *schema, const cJSON *value, const char *path,
    char **cause)
{
	const cJSON	*items, *m;
	char		*sub;
	int		 i = 0, rc;

	items = schema_get(schema, "items");
	if (!cJSON_IsObject(items))
		return (0);
	cJSON_ArrayForEach(m, value) {
		sub = xasprintf("%s[%d]", path, i++);
		rc = schema_value(items, m, sub, cause);
		free(sub);
		if (rc == -1)
			return (-1);
	}
	return (0);
}

/* anyOf (one is enough) and oneOf (exactly one). */
static int
schema_alternatives(const cJSON *list, int exactly_one, const cJSON *value,
    const char *path, char **cause)
{
	const cJSON	*s;
	char		*why, *first = NULL, *types, *got;
	int		 matched = 0, i = 0, n;

	cJSON_ArrayForEach(s, list) {
		why = NULL;
		if (schema_value(s, value, path, &why) == 0)
			matched++;
		else if (first == NULL && schema_type_ok(s, value))
			first = why;	/* the branch the value was meant for */
		else
			free(why);
	}
	if (matched == 1 || (matched > 1 && !exactly_one)) {
		free(first);
		return (0);
	}
	if (matched > 1)
		return (schema_fail(cause, path, "matches more than one of the "
		    "allowed forms"));
	if (first != NULL) {
		*cause = first;
		return (-1);
	}
	/* No branch takes this type at all: list what they take. */
	types = xstrdup("");
	n = cJSON_GetArraySize(list);
	cJSON_ArrayForEach(s, list) {
		why = schema_expected(s);
		schema_append_or(&types, why, i++, n);
		free(why);
	}
	got = schema_got(value);
	schema_fail(cause, path, "expected %s, got %s", types, got);
	free(types);
	free(got);
	return (-1);
}

static int
schema_value(const cJSON *schema, const cJSON *value, const char *path,
    char **cause)
{
	const cJSON	*k, *e;
	char		 num[64], num2[64], *s, *got;
	size_t		 n;
	int		 found;

	if (cJSON_IsFalse(schema))
		return (schema_fail(cause, path, "is not allowed"));
	if (!cJSON_IsObject(schema))
		return (0);

	if (!schema_type_ok(schema, value)) {
		s = schema_expected(schema);
		got = schema_got(value);
		schema_fail(cause, path, "expected %s, got %s", s, got);
		free(s);
		free(got);
		return (-1);
	}

	if ((k = schema_get(schema, "const")) != NULL &&
	    !cJSON_Compare(k, value, 1)) {
		s = schema_literal(k, 1);
		schema_fail(cause, path, "must be %s", s);
		free(s);
		return (-1);
	}
	if ((k = schema_get(schema, "enum")) != NULL) {
		found = 0;
		cJSON_ArrayForEach(e, k)
			found |= cJSON_Compare(e, value, 1);
		if (!found) {
			char *list = schema_enum_list(k), *lit;

			lit = schema_literal(value, 1);
			schema_fail(cause, path, "%s is not one of %s", lit,
			    list);
			free(lit);
			free(list);
			return (-1);
		}
	}

	if (cJSON_IsNumber(value)) {
		k = schema_get(schema, "minimum");
		if (cJSON_IsNumber(k) && value->valuedouble < k->valuedouble) {
			schema_number(value->valuedouble, num, sizeof num);
			schema_number(k->valuedouble, num2, sizeof num2);
			return (schema_fail(cause, path, "%s is less than the "
			    "minimum %s", num, num2));
		}
		k = schema_get(schema, "maximum");
		if (cJSON_IsNumber(k) && value->valuedouble > k->valuedouble) {
			schema_number(value->valuedouble, num, sizeof num);
			schema_number(k->valuedouble, num2, sizeof num2);
			return (schema_fail(cause, path, "%s is more than the "
			    "maximum %s", num, num2));
		}
	}

	if (cJSON_IsString(value)) {
		n = schema_chars(value->valuestring);
		k = schema_get(schema, "minLength");
		if (cJSON_IsNumber(k) && (double)n < k->valuedouble) {
			if (n == 0)
				return (schema_fail(cause, path, "must not be "
				    "empty"));
			return (schema_fail(cause, path, "must be at least "
			    "%.0f characters long, got %zu", k->valuedouble,
			    n));
		}
		k = schema_get(schema, "maxLength");
		if (cJSON_IsNumber(k) && (double)n > k->valuedouble)
			return (schema_fail(cause, path, "must be at most %.0f "
			    "characters long, got %zu", k->valuedouble, n));
	}

	if (cJSON_IsArray(value)) {
		n = (size_t)cJSON_GetArraySize(value);
		k = schema_get(schema, "minItems");
		if (cJSON_IsNumber(k) && (double)n < k->valuedouble)
			return (schema_fail(cause, path, "must have at least "
			    "%.0f item%s, got %zu", k->valuedouble,
			    k->valuedouble == 1 ? "" : "s", n));
		k = schema_get(schema, "maxItems");
		if (cJSON_IsNumber(k) && (double)n > k->valuedouble)
			return (schema_fail(cause, path, "must have at most "
			    "%.0f item%s, got %zu", k->valuedouble,
			    k->valuedouble == 1 ? "" : "s", n));
		if (schema_array(schema, value, path, cause) == -1)
			return (-1);
	}

	if (cJSON_IsObject(value) &&
	    schema_object(schema, value, path, cause) == -1)
		return (-1);

	if ((k = schema_get(schema, "anyOf")) != NULL &&
	    schema_alternatives(k, 0, value, path, cause) == -1)
		return (-1);
	if ((k = schema_get(schema, "oneOf")) != NULL &&
	    schema_alternatives(k, 1, value, path, cause) == -1)
		return (-1);
	return (0);
}

/*
 * Validate value against schema.  0 if it is valid; -1 with *cause saying
 * which parameter is wrong and what is expected.
 */
int
schema_validate(const cJSON *schema, const cJSON *value, char **cause)
{
	return (schema_value(schema, value, "", cause));
}

/* --- schema_check ------------------------------------------------------- */

static int
schema_check_fail(char **cause, const char *where, const char *fmt, ...)
{
	va_list	 ap;
	char	*what;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	*cause = xasprintf("%s%s%s", *where == '\0' ? "" : where,
	    *where == '\0' ? "" : ": ", what);
	free(what);
	return (-1);
}

static char *
schema_supported(void)
{
	char	*s, *w;
	size_t	 i;

	s = xstrdup("");
	for (i = 0; i < nitems(schema_keywords); i++) {
		w = xasprintf("%s%s%s", s, i == 0 ? "" : ", ",
		    schema_keywords[i].name);
		free(s);
		s = w;
	}
	return (s);
}

static int	schema_check_at(const cJSON *, const char *, char **);

static int
schema_check_keyword(const cJSON *schema, const cJSON *k, enum schema_kw kind,
    const char *where, char **cause)
{
	const cJSON	*m;
	char		*sub;
	int		 rc = 0, i = 0;

	switch (kind) {
	case KW_TYPE:
		if (cJSON_IsString(k)) {
			if (schema_type_phrase(k->valuestring) == NULL)
				return (schema_check_fail(cause, where,
				    "unknown type '%s'", k->valuestring));
			return (0);
		}
		if (!cJSON_IsArray(k) || cJSON_GetArraySize(k) == 0)
			return (schema_check_fail(cause, where, "type must be "
			    "a type name or a non-empty array of them"));
		cJSON_ArrayForEach(m, k) {
			if (!cJSON_IsString(m) ||
			    schema_type_phrase(m->valuestring) == NULL)
				return (schema_check_fail(cause, where,
				    "unknown type in the type array"));
		}
		return (0);
	case KW_SCHEMAS:
		if (!cJSON_IsObject(k))
			return (schema_check_fail(cause, where, "%s must be an "
			    "object", k->string));
		cJSON_ArrayForEach(m, k) {
			sub = xasprintf("%s/%s/%s", where, k->string,
			    m->string);
			rc = schema_check_at(m, sub, cause);
			free(sub);
			if (rc == -1)
				return (-1);
		}
		return (0);
	case KW_STRINGS:
		if (!cJSON_IsArray(k))
			return (schema_check_fail(cause, where, "%s must be an "
			    "array of strings", k->string));
		cJSON_ArrayForEach(m, k) {
			if (!cJSON_IsString(m))
				return (schema_check_fail(cause, where, "%s "
				    "must be an array of strings", k->string));
		}
		return (0);
	case KW_BOOL_SCHEMA:
		if (cJSON_IsBool(k))
			return (0);
		/* FALLTHROUGH */
	case KW_SCHEMA:
		if (!cJSON_IsObject(k))
			return (schema_check_fail(cause, where, "%s must be a "
			    "schema%s", k->string, kind == KW_BOOL_SCHEMA ?
			    " or a boolean" : ""));
		sub = xasprintf("%s/%s", where, k->string);
		rc = schema_check_at(k, sub, cause);
		free(sub);
		return (rc);
	case KW_VALUES:
		if (!cJSON_IsArray(k) || cJSON_GetArraySize(k) == 0)
			return (schema_check_fail(cause, where, "%s must be a "
			    "non-empty array", k->string));
		cJSON_ArrayForEach(m, k) {
			if (!schema_type_ok(schema, m))
				return (schema_check_fail(cause, where, "a "
				    "value of %s does not have the schema's "
				    "type", k->string));
		}
		return (0);
	case KW_ANY:
		return (0);
	case KW_NUMBER:
		if (!cJSON_IsNumber(k))
			return (schema_check_fail(cause, where, "%s must be a "
			    "number", k->string));
		return (0);
	case KW_COUNT:
		if (!cJSON_IsNumber(k) || k->valuedouble < 0 ||
		    !schema_integral(k->valuedouble))
			return (schema_check_fail(cause, where, "%s must be a "
			    "non-negative integer", k->string));
		return (0);
	case KW_SCHEMA_LIST:
		if (!cJSON_IsArray(k) || cJSON_GetArraySize(k) == 0)
			return (schema_check_fail(cause, where, "%s must be a "
			    "non-empty array of schemas", k->string));
		cJSON_ArrayForEach(m, k) {
			sub = xasprintf("%s/%s/%d", where, k->string, i++);
			rc = schema_check_at(m, sub, cause);
			free(sub);
			if (rc == -1)
				return (-1);
		}
		return (0);
	case KW_TEXT:
		if (!cJSON_IsString(k))
			return (schema_check_fail(cause, where, "%s must be a "
			    "string", k->string));
		return (0);
	}
	return (0);
}

static int
schema_check_at(const cJSON *schema, const char *where, char **cause)
{
	const cJSON	*k, *def;
	char		*list, *why = NULL;
	size_t		 i;

	if (!cJSON_IsObject(schema))
		return (schema_check_fail(cause, where, "a schema must be a "
		    "JSON object"));
	cJSON_ArrayForEach(k, schema) {
		for (i = 0; i < nitems(schema_keywords); i++) {
			if (strcmp(schema_keywords[i].name, k->string) == 0)
				break;
		}
		if (i == nitems(schema_keywords)) {
			list = schema_supported();
			schema_check_fail(cause, where, "keyword '%s' is not "
			    "supported (the validator knows: %s)", k->string,
			    list);
			free(list);
			return (-1);
		}
		if (schema_check_keyword(schema, k, schema_keywords[i].kind,
		    where, cause) == -1)
			return (-1);
	}
	/* A default the schema itself refuses is a mistake in the table. */
	def = cJSON_GetObjectItemCaseSensitive(schema, "default");
	if (def != NULL && schema_value(schema, def, "", &why) == -1) {
		schema_check_fail(cause, where, "the default is invalid: %s",
		    why);
		free(why);
		return (-1);
	}
	return (0);
}

/*
 * Check that schema uses only what schema_validate implements, in the
 * shapes it expects.  0 if so; -1 with *cause naming the place
 * ("/properties/x") and the problem.
 */
int
schema_check(const cJSON *schema, char **cause)
{
	return (schema_check_at(schema, "", cause));
}

/* Remove the members of args that are null and not required by schema. */
void
schema_strip_nulls(cJSON *args, const cJSON *schema)
{
	const cJSON	*req, *r;
	cJSON		*a, *next;
	int		 required;

	req = cJSON_GetObjectItemCaseSensitive(schema, "required");
	for (a = args->child; a != NULL; a = next) {
		next = a->next;
		if (!cJSON_IsNull(a))
			continue;
		required = 0;
		cJSON_ArrayForEach(r, req)
			required |= cJSON_IsString(r) &&
			    strcmp(r->valuestring, a->string) == 0;
		if (!required)
			cJSON_DeleteItemFromObjectCaseSensitive(args, a->string);
	}
}

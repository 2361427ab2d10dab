/*
 * t-schema.c: unit tests of schema.c: each keyword the validator supports
 * and the text of each error, schema_check's refusals, and every input
 * schema of the native, cu and chrome tool tables.
 */

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "qtmcp.h"
#include "../tap.h"

/* Validate value against schema (both JSON text); the cause, or NULL. */
static char *
check(const char *schema, const char *value)
{
	cJSON	*s, *v;
	char	*cause = NULL;
	int	 rc;

	s = cJSON_Parse(schema);
	v = cJSON_Parse(value);
	if (s == NULL || v == NULL) {
		cJSON_Delete(s);
		cJSON_Delete(v);
		return (xasprintf("test bug: bad JSON %s or %s", schema,
		    value));
	}
	rc = schema_validate(s, v, &cause);
	cJSON_Delete(s);
	cJSON_Delete(v);
	if (rc == 0 && cause != NULL)
		return (xstrdup("test bug: cause set on success"));
	if (rc == -1 && cause == NULL)
		return (xstrdup("test bug: no cause on failure"));
	return (cause);
}

#define valid(schema, value, ...) do {					\
	char *t_c = check(schema, value);				\
	ok(t_c == NULL, __VA_ARGS__);					\
	if (t_c != NULL)						\
		diag("  %s", t_c);					\
	free(t_c);							\
} while (0)

#define invalid(schema, value, text, ...) do {				\
	char *t_c = check(schema, value);				\
	is_str(t_c, text, __VA_ARGS__);					\
	free(t_c);							\
} while (0)

static void
test_types(void)
{
	valid("{\"type\":\"string\"}", "\"a\"", "string");
	valid("{\"type\":\"integer\"}", "3", "integer");
	valid("{\"type\":\"integer\"}", "-3.0", "integer written -3.0");
	valid("{\"type\":\"number\"}", "1.5", "number");
	valid("{\"type\":\"boolean\"}", "false", "boolean");
	valid("{\"type\":\"object\"}", "{}", "object");
	valid("{\"type\":\"array\"}", "[]", "array");
	valid("{\"type\":\"null\"}", "null", "null");
	valid("{\"type\":[\"string\",\"integer\"]}", "7", "type array");
	valid("{}", "[1,{}]", "no type: anything");

	invalid("{\"properties\":{\"x\":{\"type\":\"integer\"}}}",
	    "{\"x\":\"12\"}",
	    "parameter 'x': expected an integer, got the string \"12\"",
	    "integer given a string");
	invalid("{\"properties\":{\"x\":{\"type\":\"integer\"}}}",
	    "{\"x\":1.5}", "parameter 'x': expected an integer, got the "
	    "number 1.5", "integer given a fraction");
	invalid("{\"properties\":{\"x\":{\"type\":\"string\"}}}",
	    "{\"x\":true}", "parameter 'x': expected a string, got the "
	    "boolean true", "string given a boolean");
	invalid("{\"properties\":{\"x\":{\"type\":\"number\"}}}",
	    "{\"x\":null}", "parameter 'x': expected a number, got null",
	    "number given null");
	invalid("{\"properties\":{\"x\":{\"type\":\"boolean\"}}}",
	    "{\"x\":[1]}", "parameter 'x': expected a boolean, got an array",
	    "boolean given an array");
	invalid("{\"properties\":{\"x\":{\"type\":\"array\"}}}",
	    "{\"x\":{}}", "parameter 'x': expected an array, got an object",
	    "array given an object");
	invalid("{\"properties\":{\"x\":{\"type\":[\"string\",\"integer\","
	    "\"boolean\"]}}}", "{\"x\":{}}", "parameter 'x': expected a "
	    "string, an integer or a boolean, got an object",
	    "several types are listed");
	invalid("{\"type\":\"object\"}", "[]",
	    "the arguments: expected an object, got an array",
	    "top level that is not an object");
	invalid("{\"properties\":{\"x\":{\"type\":\"integer\"}}}",
	    "{\"x\":\"0123456789012345678901234567890123456789abc\"}",
	    "parameter 'x': expected an integer, got the string "
	    "\"0123456789012345678901234567890123456789\"...",
	    "long strings are cut");
}

static void
test_objects(void)
{
	const char	*s;

	s = "{\"type\":\"object\",\"properties\":{"
	    "\"objectId\":{\"type\":\"string\",\"description\":\"The object "
	    "id from qt_objects_find. Or a #N.\"},"
	    "\"name\":{\"type\":\"string\"},"
	    "\"value\":{}},"
	    "\"required\":[\"objectId\"],\"additionalProperties\":false}";
	valid(s, "{\"objectId\":\"QObject~21\",\"name\":\"text\"}",
	    "object with known members");
	invalid(s, "{\"name\":\"text\"}", "missing required parameter "
	    "'objectId' (a string: the object id from qt_objects_find)",
	    "missing required names its type and first sentence");
	invalid(s, "{\"objectId\":\"a\",\"foo\":1}", "unknown parameter "
	    "'foo' (this tool takes: objectId, name, value)",
	    "unknown parameter lists the known ones");
	invalid(s, "{\"objectID\":\"a\"}", "unknown parameter 'objectID' "
	    "(this tool takes: objectId, name, value)",
	    "a misspelt name is reported before the missing one");
	invalid("{\"type\":\"object\",\"properties\":{},"
	    "\"additionalProperties\":false}", "{\"x\":1}",
	    "unknown parameter 'x' (this tool takes no parameters)",
	    "a tool without parameters");
	invalid("{\"properties\":{\"a\":{\"type\":\"integer\","
	    "\"description\":\"A count.\"}},\"required\":[\"a\"]}", "{}",
	    "missing required parameter 'a' (an integer: a count)",
	    "a one-sentence description loses its full stop");
	invalid("{\"properties\":{\"a\":{\"type\":\"string\","
	    "\"description\":\"QML id of it\"}},\"required\":[\"a\"]}",
	    "{}", "missing required parameter 'a' (a string: QML id of it)",
	    "an acronym keeps its case");
	invalid("{\"properties\":{\"a\":{\"type\":\"string\","
	    "\"description\":\"Aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii "
	    "jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt uuuu vvvv "
	    "wwww xxxx yyyy zzzz AAAA BBBB CCCC DDDD EEEE FFFF GGGG HHHH\"}},"
	    "\"required\":[\"a\"]}", "{}", "missing required parameter 'a' "
	    "(a string: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk "
	    "llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt uuuu vvvv wwww xxxx "
	    "yyyy zzzz AAAA BBBB CCCC DDDD EEEE FFFF...)",
	    "a long description is cut at a word");
	invalid("{\"properties\":{\"a\":{}},\"required\":[\"a\"]}", "{}",
	    "missing required parameter 'a'",
	    "missing without type or description");

	/* Nested objects. */
	s = "{\"type\":\"object\",\"properties\":{\"position\":{"
	    "\"type\":\"object\",\"properties\":{"
	    "\"x\":{\"type\":\"integer\",\"minimum\":0},"
	    "\"y\":{\"type\":\"integer\"}},\"required\":[\"x\",\"y\"],"
	    "\"additionalProperties\":false}}}";
	valid(s, "{\"position\":{\"x\":1,\"y\":2}}", "nested object");
	invalid(s, "{\"position\":{\"x\":1}}", "missing required parameter "
	    "'position.y' (an integer)", "nested missing member");
	invalid(s, "{\"position\":{\"x\":1,\"y\":2,\"z\":3}}",
	    "unknown parameter 'position.z' ('position' takes: x, y)",
	    "nested unknown member");
	invalid(s, "{\"position\":{\"x\":-1,\"y\":2}}", "parameter "
	    "'position.x': -1 is less than the minimum 0",
	    "nested bound names the path");

	/* additionalProperties as a schema. */
	s = "{\"type\":\"object\",\"additionalProperties\":{"
	    "\"type\":\"boolean\"}}";
	valid(s, "{\"a\":true,\"b\":false}", "additionalProperties schema");
	invalid(s, "{\"a\":1}", "parameter 'a': expected a boolean, got "
	    "the number 1", "additionalProperties schema applies");
	valid("{\"type\":\"object\"}", "{\"anything\":1}",
	    "no additionalProperties: anything goes");
}

static void
test_values(void)
{
	const char	*s;

	s = "{\"properties\":{\"button\":{\"type\":\"string\",\"enum\":["
	    "\"left\",\"right\",\"middle\"]}}}";
	valid(s, "{\"button\":\"right\"}", "enum member");
	invalid(s, "{\"button\":\"primary\"}", "parameter 'button': "
	    "'primary' is not one of left, right, middle", "enum");
	invalid("{\"properties\":{\"n\":{\"enum\":[1,2,\"x\"]}}}",
	    "{\"n\":3}", "parameter 'n': 3 is not one of 1, 2, x",
	    "enum of mixed values");
	valid("{\"const\":\"a\"}", "\"a\"", "const");
	invalid("{\"properties\":{\"c\":{\"const\":\"on\"}}}",
	    "{\"c\":\"off\"}", "parameter 'c': must be 'on'", "const string");
	invalid("{\"properties\":{\"c\":{\"const\":5}}}", "{\"c\":4}",
	    "parameter 'c': must be 5", "const number");

	s = "{\"properties\":{\"amount\":{\"type\":\"integer\","
	    "\"minimum\":1,\"maximum\":10000}}}";
	valid(s, "{\"amount\":1}", "at the minimum");
	valid(s, "{\"amount\":10000}", "at the maximum");
	invalid(s, "{\"amount\":0}", "parameter 'amount': 0 is less than the "
	    "minimum 1", "minimum");
	invalid(s, "{\"amount\":20000}", "parameter 'amount': 20000 is more "
	    "than the maximum 10000", "maximum");
	invalid("{\"properties\":{\"f\":{\"maximum\":0.5}}}", "{\"f\":0.75}",
	    "parameter 'f': 0.75 is more than the maximum 0.5",
	    "fractional bounds");

	s = "{\"properties\":{\"t\":{\"type\":\"string\",\"minLength\":1,"
	    "\"maxLength\":3}}}";
	valid(s, "{\"t\":\"abc\"}", "at maxLength");
	valid(s, "{\"t\":\"\xc3\xa9\xc3\xa9\xc3\xa9\"}",
	    "length counts characters, not bytes");
	invalid(s, "{\"t\":\"\"}", "parameter 't': must not be empty",
	    "minLength 1");
	invalid(s, "{\"t\":\"abcd\"}", "parameter 't': must be at most 3 "
	    "characters long, got 4", "maxLength");
	invalid("{\"properties\":{\"t\":{\"minLength\":3}}}", "{\"t\":\"ab\"}",
	    "parameter 't': must be at least 3 characters long, got 2",
	    "minLength 3");
	valid("{\"properties\":{\"t\":{\"minLength\":3}}}", "{\"t\":1}",
	    "minLength ignores non-strings");
}

static void
test_arrays(void)
{
	const char	*s;

	s = "{\"properties\":{\"args\":{\"type\":\"array\",\"minItems\":1,"
	    "\"maxItems\":3,\"items\":{\"type\":\"integer\"}}}}";
	valid(s, "{\"args\":[1,2,3]}", "array within bounds");
	invalid(s, "{\"args\":[]}", "parameter 'args': must have at least 1 "
	    "item, got 0", "minItems");
	invalid(s, "{\"args\":[1,2,3,4]}", "parameter 'args': must have at "
	    "most 3 items, got 4", "maxItems");
	invalid(s, "{\"args\":[1,\"2\"]}", "parameter 'args[1]': expected an "
	    "integer, got the string \"2\"", "items names the index");
	invalid("{\"items\":{\"properties\":{\"a\":{\"type\":\"string\"}}}}",
	    "[{\"a\":1}]", "parameter '[0].a': expected a string, got the "
	    "number 1", "objects in arrays");
}

static void
test_alternatives(void)
{
	const char	*s;

	s = "{\"properties\":{\"v\":{\"anyOf\":[{\"type\":\"string\","
	    "\"minLength\":2},{\"type\":\"integer\",\"minimum\":0}]}}}";
	valid(s, "{\"v\":\"ab\"}", "anyOf: first branch");
	valid(s, "{\"v\":3}", "anyOf: second branch");
	invalid(s, "{\"v\":true}", "parameter 'v': expected a string or an "
	    "integer, got the boolean true", "anyOf: no branch takes the "
	    "type");
	invalid(s, "{\"v\":-1}", "parameter 'v': -1 is less than the minimum "
	    "0", "anyOf: the error of the branch of that type");

	s = "{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"number\"}]}";
	valid(s, "1.5", "oneOf: only number matches");
	invalid(s, "2", "the arguments: matches more than one of the allowed "
	    "forms", "oneOf: two match");
	invalid(s, "\"x\"", "the arguments: expected an integer or a number, "
	    "got the string \"x\"", "oneOf: none matches");
	valid("{\"default\":5,\"title\":\"T\",\"description\":\"D\","
	    "\"type\":\"string\"}", "\"x\"", "default, title and description "
	    "do not validate");
}

static char *
check_schema(const char *text)
{
	cJSON	*s;
	char	*cause = NULL;

	if ((s = cJSON_Parse(text)) == NULL)
		return (xstrdup("test bug: bad JSON"));
	if (schema_check(s, &cause) == 0) {
		cJSON_Delete(s);
		return (NULL);
	}
	cJSON_Delete(s);
	return (cause != NULL ? cause : xstrdup("no cause"));
}

static void
test_check(void)
{
	char	*c;

	c = check_schema("{\"type\":\"object\",\"title\":\"t\","
	    "\"description\":\"d\",\"properties\":{"
	    "\"a\":{\"type\":[\"string\",\"null\"],\"enum\":[\"x\",null],"
	    "\"default\":\"x\",\"minLength\":0,\"maxLength\":3},"
	    "\"b\":{\"type\":\"array\",\"items\":{\"type\":\"number\","
	    "\"minimum\":0,\"maximum\":1},\"minItems\":0,\"maxItems\":2},"
	    "\"c\":{\"anyOf\":[{\"type\":\"boolean\"},{\"const\":1}]},"
	    "\"d\":{\"oneOf\":[{\"type\":\"integer\"}]}},"
	    "\"required\":[\"a\"],\"additionalProperties\":{\"type\":"
	    "\"integer\"}}");
	ok(c == NULL, "every supported keyword passes schema_check");
	if (c != NULL)
		diag("  %s", c);
	free(c);

	c = check_schema("{\"properties\":{\"ref\":{\"type\":\"string\","
	    "\"pattern\":\"^ref_\"}}}");
	like(c, "/properties/ref: keyword 'pattern' is not supported",
	    "an unknown keyword is refused, with its place");
	like(c, "the validator knows: type, properties", "... and the list");
	free(c);
	c = check_schema("{\"$ref\":\"#/x\"}");
	like(c, "keyword '$ref' is not supported", "$ref is refused");
	free(c);
	c = check_schema("{\"type\":\"text\"}");
	like(c, "unknown type 'text'", "an unknown type is refused");
	free(c);
	c = check_schema("{\"type\":[]}");
	ok(c != NULL, "an empty type array is refused");
	free(c);
	c = check_schema("{\"required\":\"a\"}");
	like(c, "required must be an array of strings", "bad required");
	free(c);
	c = check_schema("{\"minLength\":-1}");
	like(c, "minLength must be a non-negative integer", "bad minLength");
	free(c);
	c = check_schema("{\"maxItems\":1.5}");
	ok(c != NULL, "fractional maxItems refused");
	free(c);
	c = check_schema("{\"minimum\":\"1\"}");
	like(c, "minimum must be a number", "bad minimum");
	free(c);
	c = check_schema("{\"enum\":[]}");
	like(c, "enum must be a non-empty array", "empty enum");
	free(c);
	c = check_schema("{\"type\":\"string\",\"enum\":[\"a\",1]}");
	like(c, "does not have the schema's type", "enum value of another "
	    "type");
	free(c);
	c = check_schema("{\"items\":[{}]}");
	like(c, "items must be a schema", "tuple items are not supported");
	free(c);
	c = check_schema("{\"anyOf\":{}}");
	like(c, "anyOf must be a non-empty array of schemas", "bad anyOf");
	free(c);
	c = check_schema("{\"additionalProperties\":1}");
	ok(c != NULL, "additionalProperties must be a boolean or a schema");
	free(c);
	c = check_schema("{\"properties\":{\"a\":{\"type\":\"integer\","
	    "\"minimum\":1,\"default\":0}}}");
	like(c, "/properties/a: the default is invalid: the arguments: 0 is "
	    "less than the minimum 1", "a default the schema refuses");
	free(c);
	c = check_schema("{\"description\":3}");
	like(c, "description must be a string", "bad description");
	free(c);
	c = check_schema("[]");
	like(c, "a schema must be a JSON object", "not an object");
	free(c);
	c = check_schema("{\"properties\":{\"a\":{\"oneOf\":[{\"type\":"
	    "\"string\",\"format\":\"uri\"}]}}}");
	like(c, "/properties/a/oneOf/0: keyword 'format'",
	    "nested schemas are checked too");
	free(c);
}

/*
 * What the tables promise besides being valid: every property described,
 * required names declared, nothing else accepted.
 */
static int
table_props(const char *tool, const cJSON *schema, const char *where)
{
	const cJSON	*props, *p, *r, *add, *desc, *type;
	char		*sub;
	int		 bad = 0;

	props = cJSON_GetObjectItemCaseSensitive(schema, "properties");
	add = cJSON_GetObjectItemCaseSensitive(schema, "additionalProperties");
	type = cJSON_GetObjectItemCaseSensitive(schema, "type");
	if (cJSON_IsString(type) && strcmp(type->valuestring, "object") == 0 &&
	    props != NULL && !cJSON_IsFalse(add)) {
		diag("%s%s: additionalProperties is not false", tool, where);
		bad++;
	}
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(schema,
	    "required")) {
		if (!cJSON_IsString(r) ||
		    cJSON_GetObjectItemCaseSensitive(props, r->valuestring) ==
		    NULL) {
			diag("%s%s: required '%s' is not a property", tool,
			    where, cJSON_IsString(r) ? r->valuestring : "?");
			bad++;
		}
	}
	cJSON_ArrayForEach(p, props) {
		desc = cJSON_GetObjectItemCaseSensitive(p, "description");
		if (!cJSON_IsString(desc) || strlen(desc->valuestring) < 8) {
			diag("%s%s: property '%s' has no description", tool,
			    where, p->string);
			bad++;
		}
		if (cJSON_GetObjectItemCaseSensitive(p, "type") == NULL &&
		    cJSON_GetObjectItemCaseSensitive(p, "anyOf") == NULL) {
			diag("%s%s: property '%s' has no type", tool, where,
			    p->string);
			bad++;
		}
		sub = xasprintf("%s.%s", where, p->string);
		bad += table_props(tool, p, sub);
		free(sub);
	}
	return (bad);
}

static void
test_table(const char *which, const struct tool *t, size_t n)
{
	cJSON		*s, *type;
	char		*cause;
	size_t		 i, j;
	int		 rc, bad = 0;

	for (i = 0; i < n; i++) {
		s = cJSON_Parse(t[i].input_schema);
		ok(s != NULL, "%s: %s's schema is JSON", which, t[i].name);
		if (s == NULL)
			continue;
		cause = NULL;
		rc = schema_check(s, &cause);
		ok(rc == 0, "%s: %s's schema passes schema_check", which,
		    t[i].name);
		if (rc != 0)
			diag("  %s", cause);
		free(cause);
		type = cJSON_GetObjectItemCaseSensitive(s, "type");
		ok(cJSON_IsString(type) &&
		    strcmp(type->valuestring, "object") == 0 &&
		    cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(s,
		    "properties")), "%s: %s takes an object with properties",
		    which, t[i].name);
		is_int(table_props(t[i].name, s, ""), 0, "%s: %s: properties "
		    "described and typed, required declared, no others "
		    "accepted", which, t[i].name);
		cJSON_Delete(s);

		ok(t[i].title != NULL && *t[i].title != '\0' &&
		    strlen(t[i].title) < 40, "%s: %s has a short title", which,
		    t[i].name);
		ok(t[i].description != NULL &&
		    strstr(t[i].description, "Example: {") != NULL,
		    "%s: %s's description has an example", which, t[i].name);
		ok(t[i].output_schema == NULL && t[i].method != NULL &&
		    t[i].run == NULL, "%s: %s calls the probe", which,
		    t[i].name);
		if ((t[i].hints & TOOL_READONLY) &&
		    (t[i].hints & (TOOL_DESTRUCTIVE | TOOL_IDEMPOTENT)))
			bad++;
		for (j = 0; j < i; j++) {
			if (strcmp(t[i].name, t[j].name) == 0)
				bad++;
		}
	}
	is_int(bad, 0, "%s: names unique, read-only tools have no other hints",
	    which);
}

int
main(void)
{
	test_types();
	test_objects();
	test_values();
	test_arrays();
	test_alternatives();
	test_check();
	test_table("native", tools_native, tools_native_count);
	test_table("cu", tools_cu, tools_cu_count);
	test_table("chrome", tools_chrome, tools_chrome_count);
	return (done_testing());
}

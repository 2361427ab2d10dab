/*
 * fuzz-tool-args.c: libFuzzer target for tool-argument validation and
 * the tool hooks.  One input is a tool (its first byte, an index into the
 * native, cu and chrome tables), the tool's arguments (a JSON value), and
 * optionally the probe's answer (a second JSON value after the first).
 * The arguments go the way tools.c takes them: optional nulls dropped, the
 * normalize hook, schema_validate against the tool's input schema, the
 * prepare hook; an answer then goes through the tool's present hook.
 *
 * Invariants checked: a refusal always has a cause and success never has
 * one; every step is {"method": string, "params"?: object}; whatever is
 * presented is an MCP content list of valid UTF-8 text and images.
 *
 * The few functions of tools.c the hooks call are stood in for by
 * tests/helper/standin.c (as for tests/unit/t-tool-tables.c), so tools.c
 * is not linked.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "qtmcp.h"
#include "../tests/helper/standin.h"
#include "fuzz.h"


/* --- the target --------------------------------------------------------- */

static const struct tool	**fuzz_tools;
static cJSON			**fuzz_schemas;
static size_t			  fuzz_ntools;

static void
fuzz_add(const struct tool *t, size_t n)
{
	size_t	i;
	char	*cause = NULL;

	for (i = 0; i < n; i++) {
		fuzz_tools = xreallocarray(fuzz_tools, fuzz_ntools + 1,
		    sizeof *fuzz_tools);
		fuzz_schemas = xreallocarray(fuzz_schemas, fuzz_ntools + 1,
		    sizeof *fuzz_schemas);
		fuzz_tools[fuzz_ntools] = &t[i];
		fuzz_schemas[fuzz_ntools] = cJSON_Parse(t[i].input_schema);
		if (fuzz_schemas[fuzz_ntools] == NULL ||
		    schema_check(fuzz_schemas[fuzz_ntools], &cause) == -1)
			fatalx("%s: bad schema: %s", t[i].name, cause);
		fuzz_ntools++;
	}
}

static void
fuzz_fail(const char *what, const struct tool *t, const cJSON *json)
{
	char	*text = json != NULL ? cJSON_PrintUnformatted(json) : NULL;

	fprintf(stderr, "%s: %s%s%s\n", t->name, what, text != NULL ? ": " :
	    "", text != NULL ? text : "");
	abort();
}

static void
fuzz_check_steps(const struct tool *t, const cJSON *steps)
{
	const cJSON	*s, *m, *p;

	if (!cJSON_IsArray(steps))
		fuzz_fail("steps not an array", t, steps);
	cJSON_ArrayForEach(s, steps) {
		m = cJSON_GetObjectItemCaseSensitive(s, "method");
		p = cJSON_GetObjectItemCaseSensitive(s, "params");
		if (!cJSON_IsString(m) || (p != NULL && !cJSON_IsObject(p)))
			fuzz_fail("a malformed step", t, steps);
	}
}

static void
fuzz_check_result(const struct tool *t, const cJSON *result)
{
	const cJSON	*content, *c, *type;
	char		*text;

	content = cJSON_GetObjectItemCaseSensitive(result, "content");
	if (!cJSON_IsArray(content) || cJSON_GetArraySize(content) == 0)
		fuzz_fail("presented no content", t, result);
	cJSON_ArrayForEach(c, content) {
		type = cJSON_GetObjectItemCaseSensitive(c, "type");
		if (!cJSON_IsString(type) || (strcmp(type->valuestring,
		    "text") != 0 && strcmp(type->valuestring, "image") != 0))
			fuzz_fail("presented bad content", t, result);
	}
	if ((text = cJSON_PrintUnformatted(result)) == NULL)
		fuzz_fail("cannot print the result", t, NULL);
	if (util_utf8_valid(text, strlen(text)) != strlen(text))
		fuzz_fail("presented invalid UTF-8", t, NULL);
	cJSON_free(text);
}

static void
fuzz_present(const struct tool *t, cJSON *args, cJSON *payload)
{
	struct tool_call	 c;
	struct probe_result	 res;
	cJSON			*result;
	char			*cause = NULL;

	memset(&c, 0, sizeof c);
	memset(&res, 0, sizeof res);
	c.args = args;
	c.cfg.max_image_bytes = 64 * 1024;
	res.kind = PROBE_OK;
	res.method = t->method;
	res.result = payload;
	res.payload = payload;
	result = cJSON_CreateObject();
	cJSON_AddArrayToObject(result, "content");
	if (t->present(t, &c, &res, result, &cause) == 0) {
		if (cause != NULL)
			fuzz_fail("presented, with a cause", t, NULL);
		fuzz_check_result(t, result);
	} else if (cause == NULL)
		fuzz_fail("refused to present without a cause", t, payload);
	else if (util_utf8_valid(cause, strlen(cause)) != strlen(cause))
		fuzz_fail("a cause in invalid UTF-8", t, NULL);
	free(cause);
	cJSON_Delete(result);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct tool	*t;
	const cJSON		*schema;
	cJSON			*args, *payload = NULL, *steps, *step;
	const char		*text, *end;
	char			*cause = NULL;
	int			 rc;

	if (fuzz_tools == NULL) {
		fuzz_log_quiet();
		fuzz_add(tools_native, tools_native_count);
		fuzz_add(tools_cu, tools_cu_count);
		fuzz_add(tools_chrome, tools_chrome_count);
	}
	if (size < 1)
		return (0);
	t = fuzz_tools[data[0] % fuzz_ntools];
	schema = fuzz_schemas[data[0] % fuzz_ntools];
	text = (const char *)data + 1;
	/* jsonrpc.c lets only UTF-8 in, probe.c too. */
	if (util_utf8_valid(text, size - 1) != size - 1)
		return (0);
	args = cJSON_ParseWithLengthOpts(text, size - 1, &end, 0);
	if (args == NULL)
		return (0);
	if (!cJSON_IsObject(args)) {
		/* tools/call takes an object or nothing. */
		cJSON_Delete(args);
		return (0);
	}
	if (end < text + size - 1)
		payload = cJSON_ParseWithLength(end, text + size - 1 - end);

	schema_strip_nulls(args, schema);
	if (t->normalize != NULL)
		t->normalize(t, args);
	steps = cJSON_CreateArray();
	if (schema_validate(schema, args, &cause) == -1) {
		if (cause == NULL)
			fuzz_fail("invalid without a cause", t, args);
		rc = -1;
	} else if (t->prepare != NULL)
		rc = t->prepare(t, args, steps, &cause);
	else {
		step = cJSON_CreateObject();
		cJSON_AddStringToObject(step, "method", t->method);
		cJSON_AddItemToObject(step, "params", cJSON_Duplicate(args, 1));
		cJSON_AddItemToArray(steps, step);
		rc = 0;
	}
	if (rc == 0) {
		if (cause != NULL)
			fuzz_fail("prepared, with a cause", t, args);
		fuzz_check_steps(t, steps);
		if (t->present != NULL && payload != NULL)
			fuzz_present(t, args, payload);
	} else {
		if (cause == NULL)
			fuzz_fail("refused without a cause", t, args);
		if (util_utf8_valid(cause, strlen(cause)) != strlen(cause))
			fuzz_fail("a cause in invalid UTF-8", t, args);
	}
	free(cause);
	cJSON_Delete(steps);
	cJSON_Delete(payload);
	cJSON_Delete(args);
	return (0);
}

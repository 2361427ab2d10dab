/*
 * standin.c: the tool_result_* and tool_call_* functions of tools.c for a
 * struct tool_call of our own (standin.h).  Results are built as tools.c
 * builds them for the newest revision: structuredContent always.
 */

#include <cJSON.h>

#include "qtmcp.h"
#include "standin.h"

static void
standin_content(cJSON *result, cJSON *item)
{
	cJSON	*content;

	if ((content = cJSON_GetObjectItemCaseSensitive(result,
	    "content")) == NULL)
		content = cJSON_AddArrayToObject(result, "content");
	cJSON_AddItemToArray(content, item);
}

void
tool_result_text(cJSON *result, const char *text)
{
	cJSON	*c = cJSON_CreateObject();

	cJSON_AddStringToObject(c, "type", "text");
	cJSON_AddStringToObject(c, "text", text);
	standin_content(result, c);
}

void
tool_result_image(cJSON *result, char *base64, const char *mime)
{
	cJSON	*c = cJSON_CreateObject();

	cJSON_AddStringToObject(c, "type", "image");
	cJSON_AddStringToObject(c, "data", base64);
	cJSON_AddStringToObject(c, "mimeType", mime);
	free(base64);	/* consumed, as tools.c's is */
	standin_content(result, c);
}

void
tool_result_structured(struct tool_call *c, cJSON *result, cJSON *obj)
{
	cJSON_DeleteItemFromObjectCaseSensitive(result, "structuredContent");
	cJSON_AddItemToObject(result, "structuredContent", obj);
}

void
tool_result_json(struct tool_call *c, cJSON *result, cJSON *obj)
{
	char	*text = cJSON_PrintUnformatted(obj);

	tool_result_text(result, text);
	cJSON_free(text);
	tool_result_structured(c, result, obj);
}

cJSON *
tool_call_args(const struct tool_call *c)
{
	return (c->args);
}

const struct config *
tool_call_config(const struct tool_call *c)
{
	return (&c->cfg);
}

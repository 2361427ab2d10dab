/*
 * fuzz-probe-msg.c: libFuzzer target for the handling of what the probe
 * sends.  One input is one WebSocket text message from the probe, handed
 * to probe.c as if it had arrived (probe_feed): garbage, notifications
 * (which go to the events buffer, as qtmcp.c sends them), answers to ids
 * never asked, anything.  After each input the events buffer, as the host
 * would read it (qtmcp://events), must print as JSON in valid UTF-8 that
 * reads back as the same tree as cJSON's own printing of it.
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "qtmcp.h"
#include "fuzz.h"

static struct target	*fuzz_target;

/* As qtmcp.c does: every notification goes to the events buffer. */
static void
fuzz_notified(struct target *t, const char *method, cJSON *params,
    size_t size, void *arg)
{
	events_add(t, method, params, size);
}

static void
fuzz_init(void)
{
	struct config	*cfg;
	struct ev_loop	*loop;
	char		*cause = NULL;

	fuzz_log_quiet();
	cfg = config_create();
	if (config_set(cfg, NULL, "ws_url", "ws://127.0.0.1:9", "fuzz",
	    &cause) == -1 || config_set(cfg, NULL, "max_events", "10",
	    "fuzz", &cause) == -1 || config_validate(cfg, &cause) == -1)
		fatalx("%s", cause);
	if ((loop = ev_default_loop(0)) == NULL)
		fatalx("ev_default_loop");
	if (probe_init(loop, cfg, &cause) == -1 ||
	    sv_init(loop, cfg, &cause) == -1)
		fatalx("%s", cause);
	events_init(cfg->max_events);
	fuzz_target = sv_target(0);
	probe_set_notify(fuzz_target->probe, fuzz_notified, NULL);
}

/*
 * The same tree, member by member in order (cJSON_Compare looks members
 * up by name, which a duplicate key defeats); numbers as near as cJSON's
 * 15 digits come.
 */
static int
fuzz_same(const cJSON *a, const cJSON *b)
{
	double	scale;

	if ((a->type & 0xff) != (b->type & 0xff))
		return (0);
	if ((a->string == NULL) != (b->string == NULL) ||
	    (a->string != NULL && strcmp(a->string, b->string) != 0))
		return (0);
	if (cJSON_IsString(a))
		return (strcmp(a->valuestring, b->valuestring) == 0);
	if (cJSON_IsNumber(a)) {
		scale = fabs(a->valuedouble) > 1 ? fabs(a->valuedouble) : 1;
		return (fabs(a->valuedouble - b->valuedouble) <= scale * 1e-14);
	}
	for (a = a->child, b = b->child; a != NULL && b != NULL;
	    a = a->next, b = b->next) {
		if (!fuzz_same(a, b))
			return (0);
	}
	return (a == NULL && b == NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON	*ev, *mine, *back;
	char	*text, *theirs;
	size_t	 len;

	if (fuzz_target == NULL)
		fuzz_init();
	probe_feed(fuzz_target->probe, (const char *)data, size);

	ev = events_json(NULL, 0, NULL, 0);
	text = json_print(ev, &len);
	if (util_utf8_valid(text, len) != len) {
		fprintf(stderr, "the events are not valid UTF-8: %s\n", text);
		abort();
	}
	/* What json_print writes reads back as what cJSON would write. */
	theirs = cJSON_PrintUnformatted(ev);
	mine = cJSON_ParseWithLength(text, len);
	back = theirs != NULL ? cJSON_Parse(theirs) : NULL;
	if (mine == NULL || back == NULL || !fuzz_same(mine, back)) {
		fprintf(stderr, "the events do not read back: %s\n", text);
		abort();
	}
	cJSON_Delete(mine);
	cJSON_Delete(back);
	cJSON_free(theirs);
	free(text);
	cJSON_Delete(ev);
	return (0);
}

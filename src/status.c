/*
 * status.c: the status snapshot behind the qtmcp://status resource and the
 * qtmcp_status tool.  A superset of the QtMcp Python server's resource
 * (connected, ws_url, mode) with the supervisor's view of each target.
 */

#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "qtmcp.h"

static struct config	*st_config;
static uint64_t		 st_started;

void
status_init(struct config *cfg)
{
	st_config = cfg;
	st_started = util_now_ms();
}

static char *
status_url(struct target *t)
{
	if (t->attach)
		return (xstrdup(t->url));
	if (t->port == 0)
		return (NULL);
	return (xasprintf("ws://127.0.0.1:%d", t->port));
}

cJSON *
status_report_json(const struct sv_report *r)
{
	cJSON	*o, *lines;
	char	 stamp[40];
	int	 i;

	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "time", util_iso_time(r->wall, stamp,
	    sizeof stamp));
	cJSON_AddStringToObject(o, "kind", r->kind);
	cJSON_AddStringToObject(o, "summary", r->summary);
	if (r->pid > 0)
		cJSON_AddNumberToObject(o, "pid", r->pid);
	if (r->pid > 0 && WIFEXITED(r->status))
		cJSON_AddNumberToObject(o, "exit_status", WEXITSTATUS(r->status));
	else if (r->pid > 0 && WIFSIGNALED(r->status)) {
		cJSON_AddStringToObject(o, "signal",
		    util_signal_name(WTERMSIG(r->status)));
		cJSON_AddBoolToObject(o, "core_dumped",
		    WCOREDUMP(r->status) != 0);
	}
	cJSON_AddNumberToObject(o, "uptime_ms", (double)r->uptime);
	cJSON_AddNumberToObject(o, "restarts_before", r->restarts);
	lines = cJSON_AddArrayToObject(o, "last_output");
	for (i = 0; i < r->nlines; i++)
		cJSON_AddItemToArray(lines, cJSON_CreateString(r->lines[i]));
	return (o);
}

cJSON *
status_target_json(struct target *t)
{
	const struct probe_stats	*ps;
	const struct sv_report		*r;
	cJSON				*o, *p, *out;
	char				*url, buf[40];
	uint64_t			 now = util_now_ms();

	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", t->label);
	cJSON_AddStringToObject(o, "state", sv_state_name(t->state));
	cJSON_AddNumberToObject(o, "state_for_ms", (double)(now -
	    t->state_since));
	cJSON_AddStringToObject(o, "cause", t->cause);
	cJSON_AddBoolToObject(o, "attached", t->attach);
	url = status_url(t);
	if (url != NULL)
		cJSON_AddStringToObject(o, "ws_url", url);
	free(url);
	if (t->cfg != NULL) {
		cJSON_AddStringToObject(o, "command", t->cfg->command);
		cJSON_AddStringToObject(o, "restart_policy",
		    t->cfg->restart == RESTART_ALWAYS ? "always" :
		    t->cfg->restart == RESTART_NEVER ? "never" : "on-failure");
	}
	if (t->pid > 0) {
		cJSON_AddNumberToObject(o, "pid", t->pid);
		cJSON_AddNumberToObject(o, "uptime_ms", (double)(now -
		    t->spawn_ms));
		cJSON_AddStringToObject(o, "started", util_iso_time(
		    t->spawn_wall, buf, sizeof buf));
	}
	if (t->port != 0)
		cJSON_AddNumberToObject(o, "port", t->port);
	cJSON_AddNumberToObject(o, "starts", t->starts);
	cJSON_AddNumberToObject(o, "restarts", t->restarts);
	if (t->ready_once || t->ready_latency != 0)
		cJSON_AddNumberToObject(o, "ready_in_ms",
		    (double)t->ready_latency);
	if (t->state == SV_BACKOFF)
		cJSON_AddNumberToObject(o, "backoff_ms", (double)t->backoff);

	p = cJSON_AddObjectToObject(o, "probe");
	cJSON_AddBoolToObject(p, "connected", probe_is_ready(t->probe));
	if (probe_version(t->probe) != NULL)
		cJSON_AddStringToObject(p, "version", probe_version(t->probe));
	if (probe_lost_reason(t->probe) != NULL)
		cJSON_AddStringToObject(p, "last_lost",
		    probe_lost_reason(t->probe));
	ps = probe_stats(t->probe);
	cJSON_AddNumberToObject(p, "requests", (double)ps->requests);
	cJSON_AddNumberToObject(p, "errors", (double)ps->errors);
	cJSON_AddNumberToObject(p, "timeouts", (double)ps->timeouts);
	cJSON_AddNumberToObject(p, "notifications", (double)ps->notifications);
	cJSON_AddNumberToObject(p, "connections", (double)ps->connects);

	if (!t->attach) {
		out = cJSON_AddObjectToObject(o, "output");
		cJSON_AddNumberToObject(out, "stdout_lines",
		    (double)t->out[SV_STDOUT].lines);
		cJSON_AddNumberToObject(out, "stderr_lines",
		    (double)t->out[SV_STDERR].lines);
		cJSON_AddNumberToObject(out, "bytes",
		    (double)(t->out[SV_STDOUT].bytes + t->out[SV_STDERR].bytes));
		cJSON_AddNumberToObject(out, "lines_kept",
		    t->cfg->output_lines);
	}
	cJSON_AddNumberToObject(o, "reports", t->nreports);
	if ((r = sv_last_report(t)) != NULL)
		cJSON_AddItemToObject(o, "last_exit", status_report_json(r));
	return (o);
}

/* The whole snapshot; with only, just that target. */
cJSON *
status_json_for(struct target *only)
{
	struct target	*t, *first = sv_target(0);
	cJSON		*o, *list, *server;
	char		*url;
	int		 i, connected = 0;

	for (i = 0; i < sv_count(); i++)
		connected |= probe_is_ready(sv_target(i)->probe);
	o = cJSON_CreateObject();
	/* The Python server's three members first, with their meaning. */
	cJSON_AddBoolToObject(o, "connected", connected);
	url = first != NULL ? status_url(first) : NULL;
	if (url != NULL)
		cJSON_AddStringToObject(o, "ws_url", url);
	else
		cJSON_AddNullToObject(o, "ws_url");
	free(url);
	cJSON_AddStringToObject(o, "mode", config_mode_name(st_config->mode));

	server = cJSON_AddObjectToObject(o, "server");
	cJSON_AddStringToObject(server, "name", "qtmcp");
	cJSON_AddStringToObject(server, "version", PACKAGE_VERSION);
	cJSON_AddNumberToObject(server, "pid", getpid());
	cJSON_AddNumberToObject(server, "uptime_ms", (double)(util_now_ms() -
	    st_started));
	cJSON_AddStringToObject(server, "protocol_revision",
	    mcp_revision_name(mcp_revision()));
	if (st_config->file != NULL)
		cJSON_AddStringToObject(server, "config", st_config->file);
	cJSON_AddNumberToObject(server, "events", (double)events_last_seq());

	list = cJSON_AddArrayToObject(o, "targets");
	for (i = 0; i < sv_count(); i++) {
		t = sv_target(i);
		if (only == NULL || t == only)
			cJSON_AddItemToArray(list, status_target_json(t));
	}
	return (o);
}

cJSON *
status_json(void)
{
	return (status_json_for(NULL));
}

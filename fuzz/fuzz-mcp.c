/*
 * fuzz-mcp.c: libFuzzer target for qtmcp's MCP message handling.  One
 * input is what the host writes, each line of it handed to jsonrpc.c as
 * if read from stdin (rpc_feed); what qtmcp writes goes into a pipe that
 * is drained
 * after each input, and must be complete JSON-RPC messages in valid UTF-8,
 * one a line: stdout carries the protocol only.
 *
 * The session is set up once as qtmcp sets it up (attach mode, the target
 * starting, so an app tool goes through validation and its prepare hook
 * and then waits for the app) and initialized with revision 2025-03-26,
 * the one with batches.  The loop never runs: no connection is made.
 * After each input the tool calls it left waiting are cancelled by id and
 * tools/list waits are answered, so inputs do not pile up.
 */

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "qtmcp.h"
#include "fuzz.h"

static int	 fuzz_out = -1;		/* read end of qtmcp's "stdout" */
static char	*fuzz_acc;		/* a line not complete yet */
static size_t	 fuzz_acclen;

static void
fuzz_eof(void)
{
	fprintf(stderr, "qtmcp's output broke\n");
	abort();
}

/* Every complete line qtmcp wrote must be one JSON-RPC message. */
static void
fuzz_check_line(const char *line, size_t len)
{
	cJSON		*msg;
	const char	*end;

	if (util_utf8_valid(line, len) != len) {
		fprintf(stderr, "qtmcp wrote invalid UTF-8: %.*s\n", (int)len,
		    line);
		abort();
	}
	msg = cJSON_ParseWithLengthOpts(line, len, &end, 0);
	if (msg == NULL || end != line + len ||
	    (!cJSON_IsObject(msg) && !cJSON_IsArray(msg))) {
		fprintf(stderr, "qtmcp wrote a line that is not one JSON "
		    "message: %.*s\n", (int)len, line);
		abort();
	}
	cJSON_Delete(msg);
}

static void
fuzz_drain(void)
{
	char	 buf[65536], *nl, *p;
	ssize_t	 n;
	size_t	 left;

	for (;;) {
		n = read(fuzz_out, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		fuzz_acc = xrealloc(fuzz_acc, fuzz_acclen + n);
		memcpy(fuzz_acc + fuzz_acclen, buf, n);
		fuzz_acclen += n;
	}
	p = fuzz_acc;
	left = fuzz_acclen;
	while (left > 0 && (nl = memchr(p, '\n', left)) != NULL) {
		fuzz_check_line(p, nl - p);
		left -= nl - p + 1;
		p = nl + 1;
	}
	memmove(fuzz_acc, p, left);
	fuzz_acclen = left;
}

static void
fuzz_send(const char *line)
{
	rpc_feed(line, strlen(line));
	fuzz_drain();
}

static void
fuzz_init(void)
{
	struct config	*cfg;
	struct ev_loop	*loop;
	char		*cause = NULL;
	int		 out[2], in[2];

	fuzz_log_quiet();
	signal(SIGPIPE, SIG_IGN);
	cfg = config_create();
	if (config_set(cfg, NULL, "ws_url", "ws://127.0.0.1:9", "fuzz",
	    &cause) == -1 || config_validate(cfg, &cause) == -1)
		fatalx("%s", cause);
	if ((loop = ev_default_loop(0)) == NULL)
		fatalx("ev_default_loop");
	if (pipe2(out, O_NONBLOCK|O_CLOEXEC) == -1 ||
	    pipe2(in, O_NONBLOCK|O_CLOEXEC) == -1)
		fatal("pipe");
	fcntl(out[1], F_SETPIPE_SZ, 1024 * 1024);
	fuzz_out = out[0];
	rpc_init(loop, in[0], out[1], mcp_message, fuzz_eof);
	if (probe_init(loop, cfg, &cause) == -1 ||
	    sv_init(loop, cfg, &cause) == -1)
		fatalx("%s", cause);
	events_init(cfg->max_events);
	status_init(cfg);
	if (tools_init(cfg, &cause) == -1)
		fatalx("%s", cause);
	mcp_init(loop, cfg);
	sv_start_all();
	fuzz_send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\","
	    "\"params\":{\"protocolVersion\":\"2025-03-26\",\"capabilities\":"
	    "{},\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}}");
	fuzz_send("{\"jsonrpc\":\"2.0\",\"method\":"
	    "\"notifications/initialized\"}");
}

/* Cancel whatever the request with this id left waiting. */
static void
fuzz_cancel(const cJSON *msg)
{
	const cJSON	*id;
	int		 n = 0;

	if (!cJSON_IsObject(msg))
		return;
	id = cJSON_GetObjectItemCaseSensitive(msg, "id");
	if (id == NULL || !rpc_valid_id(id))
		return;
	while (tools_cancel(id) && ++n < 1000)
		/* nothing */;
}

/* One line, as jsonrpc.c would have cut it from stdin. */
static void
fuzz_line(const char *line, size_t len)
{
	cJSON	*msg, *item;

	rpc_feed(line, len);

	/* What it left waiting ends now. */
	if ((msg = cJSON_ParseWithLength(line, len)) != NULL) {
		if (cJSON_IsArray(msg)) {
			cJSON_ArrayForEach(item, msg)
				fuzz_cancel(item);
		} else
			fuzz_cancel(msg);
		cJSON_Delete(msg);
	}
	mcp_shutdown();
	fuzz_drain();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 init;
	const char	*p = (const char *)data, *nl;
	size_t		 left = size;

	if (!init) {
		fuzz_init();
		init = 1;
	}
	while ((nl = memchr(p, '\n', left)) != NULL) {
		fuzz_line(p, nl - p);
		left -= nl - p + 1;
		p = nl + 1;
	}
	if (left > 0)
		fuzz_line(p, left);
	return (0);
}

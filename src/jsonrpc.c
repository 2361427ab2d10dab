/*
 * jsonrpc.c: JSON-RPC 2.0 over qtmcp's stdin and stdout, one message per
 * line.  Lines are read without blocking and checked (length cap, UTF-8,
 * JSON, the envelope) before the MCP layer sees them; what qtmcp writes is
 * queued and written as the host reads it.  When the host stops reading,
 * qtmcp stops reading requests instead of queueing without bound.
 *
 * stdout carries protocol only: rpc_init() keeps a private descriptor for
 * the protocol and points fd 1 at stderr, so nothing else (libraries,
 * stray printf) can corrupt the stream.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "qtmcp.h"

#define RPC_READ_CHUNK	65536
#define RPC_OUT_HIGH	(16 * 1024 * 1024)	/* stop reading above */
#define RPC_OUT_LOW	(4 * 1024 * 1024)	/* resume below */
#define RPC_OUT_NOTIFY	(32 * 1024 * 1024)	/* drop notifications above */
#define RPC_OUT_KEEP	(64 * 1024)	/* larger is given back once empty */
/*
 * 2^53 - 1: above it a double no longer tells neighbours apart (2^53 + 1
 * parses as 2^53), and an id must come back exactly as it was sent.
 */
#define RPC_MAX_ID	9007199254740991.0

static struct {
	struct ev_loop	*loop;
	int		 in_fd;
	int		 out_fd;
	ev_io		 in_io;
	ev_io		 out_io;
	char		*line;		/* the line being assembled */
	size_t		 len;
	size_t		 size;
	int		 skipping;	/* inside an over-long line */
	size_t		 skipped;
	struct jbuf	 out;		/* queued output */
	size_t		 out_off;	/* written of it */
	int		 paused;	/* reading stopped: host not reading */
	int		 eof;
	int		 broken;	/* stdout gone */
	int		 omit_null_id;	/* 2025-11-25: no "id": null */
	rpc_message_cb	 on_message;
	rpc_eof_cb	 on_eof;
	struct rpc_stats stats;
} rpc = { .in_fd = -1, .out_fd = -1 };

static void	rpc_flush(void);

/*
 * A private open file description for fd, so that O_NONBLOCK does not
 * change the pipe or terminal the host shares with us.
 */
static int
rpc_private_fd(int fd, int flags)
{
	char	path[64];
	int	nfd;

	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	nfd = open(path, flags|O_CLOEXEC|O_NONBLOCK|O_NOCTTY);
	if (nfd != -1)
		return (nfd);
	if ((nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3)) == -1)
		return (-1);
	util_set_nonblock(nfd);
	return (nfd);
}

/* --- output ------------------------------------------------------------ */

static void
rpc_out_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	rpc_flush();
}

static void
rpc_update_reading(void)
{
	size_t	queued = rpc.out.len - rpc.out_off;

	if (!rpc.paused && queued > RPC_OUT_HIGH) {
		rpc.paused = 1;
		rpc.stats.pauses++;
		ev_io_stop(rpc.loop, &rpc.in_io);
		log_warnx("the MCP host is not reading qtmcp's output (%zu "
		    "bytes queued): no new requests are read until it does",
		    queued);
	} else if (rpc.paused && queued < RPC_OUT_LOW) {
		rpc.paused = 0;
		if (!rpc.eof)
			ev_io_start(rpc.loop, &rpc.in_io);
	}
}

/* Write what the host takes now; never waits. */
static void
rpc_flush(void)
{
	ssize_t	n;

	while (rpc.out_off < rpc.out.len && !rpc.broken) {
		n = write(rpc.out_fd, rpc.out.p + rpc.out_off,
		    rpc.out.len - rpc.out_off);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			log_warn("cannot write to the MCP host");
			rpc.broken = 1;
			break;
		}
		rpc.out_off += n;
		rpc.stats.bytes_out += n;
	}
	if (rpc.out_off == rpc.out.len || rpc.broken) {
		rpc.out_off = rpc.out.len = 0;
		if (rpc.out.size > RPC_OUT_KEEP) {
			/* A large answer (tools/list, an image) went. */
			jbuf_free(&rpc.out);
			malloc_trim(0);
		}
		ev_io_stop(rpc.loop, &rpc.out_io);
	} else if (!ev_is_active(&rpc.out_io))
		ev_io_start(rpc.loop, &rpc.out_io);
	rpc_update_reading();
	if (rpc.broken && rpc.on_eof != NULL && !rpc.eof) {
		rpc.eof = 1;
		ev_io_stop(rpc.loop, &rpc.in_io);
		rpc.on_eof();
	}
}

/* Queue one message (and its newline).  Returns -1 if it was dropped. */
int
rpc_send(cJSON *msg, int droppable)
{
	size_t	queued;

	if (rpc.broken)
		return (-1);
	queued = rpc.out.len - rpc.out_off;
	if (droppable && queued > RPC_OUT_NOTIFY) {
		rpc.stats.dropped++;
		return (-1);
	}
	/*
	 * Printed where it goes out from, behind what is still queued; what
	 * was written is dropped once it is at least as long as the rest.
	 */
	if (rpc.out_off > 0 && rpc.out_off >= queued) {
		memmove(rpc.out.p, rpc.out.p + rpc.out_off, queued);
		rpc.out.len = queued;
		rpc.out_off = 0;
	}
	json_print_to(&rpc.out, msg);
	jbuf_add(&rpc.out, "\n", 1);
	rpc.stats.messages_out++;
	rpc_flush();
	return (0);
}

/* Bytes written to the host since start, and queued now. */
const struct rpc_stats *
rpc_stats(void)
{
	rpc.stats.queued = rpc.out.len - rpc.out_off;
	return (&rpc.stats);
}

/*
 * A copy of a request id (or progress token) to send back.  cJSON would
 * print a large integer rounded to 15 digits; an id must come back exactly.
 */
cJSON *
rpc_id_copy(const cJSON *id)
{
	char	buf[32];

	if (cJSON_IsNumber(id)) {
		snprintf(buf, sizeof buf, "%.0f", id->valuedouble);
		return (cJSON_CreateRaw(buf));
	}
	return (cJSON_Duplicate(id, 1));
}

/*
 * JSON-RPC 2.0 answers a request whose id cannot be read with "id": null;
 * MCP 2025-11-25 makes the id of such an error optional and never null.
 */
void
rpc_set_omit_null_id(int omit)
{
	rpc.omit_null_id = omit;
}

void
rpc_send_error(const cJSON *id, int code, const char *message, cJSON *data)
{
	cJSON	*msg, *err;

	msg = cJSON_CreateObject();
	cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
	if (id != NULL)
		cJSON_AddItemToObject(msg, "id", rpc_id_copy(id));
	else if (!rpc.omit_null_id)
		cJSON_AddNullToObject(msg, "id");
	err = cJSON_AddObjectToObject(msg, "error");
	cJSON_AddNumberToObject(err, "code", code);
	cJSON_AddStringToObject(err, "message", message);
	if (data != NULL)
		cJSON_AddItemToObject(err, "data", data);
	rpc.stats.errors++;
	rpc_send(msg, 0);
	cJSON_Delete(msg);
}

int
rpc_send_notification(const char *method, cJSON *params)
{
	cJSON	*msg;
	int	 rc;

	msg = cJSON_CreateObject();
	cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
	cJSON_AddStringToObject(msg, "method", method);
	if (params != NULL)
		cJSON_AddItemToObject(msg, "params", params);
	rc = rpc_send(msg, 1);
	cJSON_Delete(msg);
	return (rc);
}

/* --- input ------------------------------------------------------------- */

/*
 * Check the envelope of one message (not a batch).  Returns RPC_REQUEST,
 * RPC_NOTIFICATION or RPC_RESPONSE, or RPC_INVALID with *cause set.
 */
int
rpc_classify(const cJSON *msg, char **cause)
{
	const cJSON	*v, *id, *method, *params;

	if (!cJSON_IsObject(msg)) {
		*cause = xstrdup("Invalid Request: a message must be a JSON "
		    "object");
		return (RPC_INVALID);
	}
	v = cJSON_GetObjectItemCaseSensitive(msg, "jsonrpc");
	if (!cJSON_IsString(v) || strcmp(v->valuestring, "2.0") != 0) {
		*cause = xstrdup("Invalid Request: \"jsonrpc\" must be \"2.0\"");
		return (RPC_INVALID);
	}
	id = cJSON_GetObjectItemCaseSensitive(msg, "id");
	method = cJSON_GetObjectItemCaseSensitive(msg, "method");
	if (id != NULL && !rpc_valid_id(id)) {
		*cause = xstrdup("Invalid Request: \"id\" must be a string or "
		    "an integer");
		return (RPC_INVALID);
	}
	if (method == NULL) {
		if (id != NULL &&
		    (cJSON_GetObjectItemCaseSensitive(msg, "result") != NULL ||
		    cJSON_GetObjectItemCaseSensitive(msg, "error") != NULL))
			return (RPC_RESPONSE);
		*cause = xstrdup("Invalid Request: \"method\" is missing");
		return (RPC_INVALID);
	}
	if (!cJSON_IsString(method)) {
		*cause = xstrdup("Invalid Request: \"method\" must be a string");
		return (RPC_INVALID);
	}
	params = cJSON_GetObjectItemCaseSensitive(msg, "params");
	if (params != NULL && !cJSON_IsObject(params) &&
	    !cJSON_IsArray(params)) {
		*cause = xstrdup("Invalid Request: \"params\" must be an object");
		return (RPC_INVALID);
	}
	return (id != NULL ? RPC_REQUEST : RPC_NOTIFICATION);
}

/* A request id qtmcp can echo back exactly: a string or a safe integer. */
int
rpc_valid_id(const cJSON *id)
{
	double	d;

	if (cJSON_IsString(id))
		return (1);
	if (!cJSON_IsNumber(id))
		return (0);
	d = id->valuedouble;
	/* In range first: the cast is defined only for those. */
	return (d >= -RPC_MAX_ID && d <= RPC_MAX_ID && d == (double)(long long)d);
}

/* The id of a message that failed the envelope checks, if usable. */
static const cJSON *
rpc_salvage_id(const cJSON *msg)
{
	const cJSON	*id;

	if (!cJSON_IsObject(msg))
		return (NULL);
	id = cJSON_GetObjectItemCaseSensitive(msg, "id");
	return (id != NULL && rpc_valid_id(id) ? id : NULL);
}

static void
rpc_line(char *line, size_t len)
{
	cJSON		*msg;
	const char	*end;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	if (len == 0)
		return;		/* blank lines are harmless */
	rpc.stats.messages_in++;
	if (memchr(line, '\0', len) != NULL) {
		rpc_send_error(NULL, RPC_PARSE_ERROR,
		    "Parse error: the message contains a NUL byte", NULL);
		return;
	}
	if (util_utf8_valid(line, len) != len) {
		rpc_send_error(NULL, RPC_PARSE_ERROR,
		    "Parse error: the message is not valid UTF-8", NULL);
		return;
	}
	msg = cJSON_ParseWithLengthOpts(line, len, &end, 0);
	if (msg == NULL) {
		rpc_send_error(NULL, RPC_PARSE_ERROR,
		    "Parse error: the message is not valid JSON", NULL);
		return;
	}
	while (end < line + len && (*end == ' ' || *end == '\t'))
		end++;
	if (end != line + len) {
		rpc_send_error(NULL, RPC_PARSE_ERROR, "Parse error: text "
		    "after the JSON value (one message per line)", NULL);
		cJSON_Delete(msg);
		return;
	}
	if (cJSON_IsArray(msg)) {
		rpc.on_message(msg, RPC_BATCH);
		cJSON_Delete(msg);
		return;
	}
	rpc_dispatch(msg);
	cJSON_Delete(msg);
}

/* One message, already parsed: check its envelope and hand it on. */
void
rpc_dispatch(cJSON *msg)
{
	char	*cause = NULL;
	int	 kind;

	kind = rpc_classify(msg, &cause);
	if (kind == RPC_INVALID) {
		rpc_send_error(rpc_salvage_id(msg), RPC_INVALID_REQUEST, cause,
		    NULL);
		free(cause);
		return;
	}
	rpc.on_message(msg, kind);
}

static void
rpc_in_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	char	 buf[RPC_READ_CHUNK], *p, *nl;
	ssize_t	 n;
	size_t	 left, take;
	int	 rounds = 0;

	while (rounds++ < 16 && !rpc.paused && !rpc.eof) {
		n = read(rpc.in_fd, buf, sizeof buf);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			log_warn("cannot read from the MCP host");
			n = 0;
		}
		if (n == 0) {
			rpc.eof = 1;
			ev_io_stop(rpc.loop, &rpc.in_io);
			if (rpc.len > 0 && !rpc.skipping)
				rpc_line(rpc.line, rpc.len);
			rpc.len = 0;
			log_info("the MCP host closed qtmcp's stdin");
			if (rpc.on_eof != NULL)
				rpc.on_eof();
			return;
		}
		rpc.stats.bytes_in += n;
		p = buf;
		left = n;
		while (left > 0) {
			nl = memchr(p, '\n', left);
			take = nl != NULL ? (size_t)(nl - p) : left;
			if (rpc.skipping)
				rpc.skipped += take;
			else if (rpc.len + take > RPC_MAX_LINE) {
				rpc.skipping = 1;
				rpc.skipped = rpc.len + take;
				rpc.len = 0;
			} else {
				if (rpc.len + take + 1 > rpc.size) {
					rpc.size = (rpc.len + take + 1) * 2;
					if (rpc.size > RPC_MAX_LINE + 1)
						rpc.size = RPC_MAX_LINE + 1;
					rpc.line = xrealloc(rpc.line, rpc.size);
				}
				memcpy(rpc.line + rpc.len, p, take);
				rpc.len += take;
			}
			if (nl == NULL)
				break;
			if (rpc.skipping) {
				char	*why;

				why = xasprintf("Invalid Request: message of "
				    "%zu bytes is longer than the limit of %d "
				    "bytes", rpc.skipped, RPC_MAX_LINE);
				rpc.stats.messages_in++;
				rpc_send_error(NULL, RPC_INVALID_REQUEST, why,
				    NULL);
				free(why);
				rpc.skipping = 0;
				rpc.skipped = 0;
			} else {
				rpc_line(rpc.line, rpc.len);
				rpc.len = 0;
				if (rpc.size > 1024 * 1024) {
					free(rpc.line);
					rpc.line = NULL;
					rpc.size = 0;
				}
			}
			p = nl + 1;
			left -= take + 1;
		}
		/*
		 * A short read emptied the pipe: the loop calls again when
		 * there is more, and asking now would only hear EAGAIN.
		 */
		if ((size_t)n < sizeof buf)
			break;
	}
}

/*
 * Private descriptors for the protocol: stdin, and a duplicate of stdout;
 * then fd 1 points at stderr, so stray writes to stdout (libraries, a
 * printf) land in the log instead of corrupting the protocol.
 */
int
rpc_open_stdio(int *in_fd, int *out_fd, char **cause)
{
	if ((*out_fd = rpc_private_fd(STDOUT_FILENO, O_WRONLY)) == -1) {
		*cause = xasprintf("cannot use stdout: %s", strerror(errno));
		return (-1);
	}
	if ((*in_fd = rpc_private_fd(STDIN_FILENO, O_RDONLY)) == -1) {
		*cause = xasprintf("cannot use stdin: %s", strerror(errno));
		return (-1);
	}
	if (dup2(STDERR_FILENO, STDOUT_FILENO) == -1) {
		*cause = xasprintf("dup2: %s", strerror(errno));
		return (-1);
	}
	return (0);
}

/* Serve JSON-RPC on in_fd and out_fd (both non-blocking). */
void
rpc_init(struct ev_loop *loop, int in_fd, int out_fd, rpc_message_cb on_message,
    rpc_eof_cb on_eof)
{
	rpc.loop = loop;
	rpc.on_message = on_message;
	rpc.on_eof = on_eof;
	rpc.in_fd = in_fd;
	rpc.out_fd = out_fd;
	rpc.eof = rpc.broken = rpc.paused = 0;
	ev_io_init(&rpc.in_io, rpc_in_cb, rpc.in_fd, EV_READ);
	ev_io_init(&rpc.out_io, rpc_out_cb, rpc.out_fd, EV_WRITE);
	/* The host first: a cancellation or a ping is never queued behind
	 * the app's output or the probe's answers of the same turn. */
	ev_set_priority(&rpc.in_io, EV_MAXPRI);
	ev_io_start(loop, &rpc.in_io);
}

/* One line of input, as if read (for the fuzzer and tests). */
void
rpc_feed(const char *line, size_t len)
{
	char	*copy = xmalloc(len + 1);

	memcpy(copy, line, len);
	copy[len] = '\0';
	rpc_line(copy, len);
	free(copy);
}

/* Stop reading (shutting down); queued output still goes out. */
void
rpc_stop_reading(void)
{
	rpc.eof = 1;
	ev_io_stop(rpc.loop, &rpc.in_io);
}

int
rpc_output_pending(void)
{
	return (rpc.out.len > rpc.out_off && !rpc.broken);
}

/* At exit: give the host a bounded moment to take the last answers. */
void
rpc_drain(int ms)
{
	uint64_t	deadline = util_now_ms() + ms;
	struct pollfd	pfd;

	while (rpc_output_pending() && util_now_ms() < deadline) {
		pfd.fd = rpc.out_fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, (int)(deadline - util_now_ms())) <= 0)
			break;
		rpc_flush();
	}
}

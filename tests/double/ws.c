/*
 * ws.c: the WebSocket server of the probe double, on libwebsockets' own
 * poll loop in the double's thread.  It behaves like the real probe's
 * QWebSocketServer (probe-protocol.md 1.1, 1.2): text frames only
 * (binary ignored, invalid UTF-8 closed with 1007), one client at a time
 * (a second one completes the handshake, then gets 1008 "Another client
 * is already connected"), the probe's handshake headers, messages over
 * 512 KiB sent as 524288-byte fragments, no close frame when the process
 * ends.  Unlike the real probe it listens on 127.0.0.1 only.
 *
 * Handshakes complete only once ws_run() services the loop: until then
 * connections wait in the kernel's backlog, as they wait for the Qt event
 * loop in the real application.
 */

#include <sys/types.h>
#include <sys/queue.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libwebsockets.h>

#include "double.h"

struct ws_item {
	TAILQ_ENTRY(ws_item)	 entry;
	unsigned char		*buf;		/* LWS_PRE + data */
	size_t			 len;
	size_t			 off;
	int			 binary;
	ssize_t			 frag;		/* -1: default, 0: one frame */
	void			(*action)(void *);
	void			*arg;
	int			 close_code;	/* a close item */
	char			*close_reason;
};
TAILQ_HEAD(ws_items, ws_item);

struct ws_pss {
	int		 refused;	/* a second client */
	int		 active;
	unsigned char	*rx;
	size_t		 rxlen;
	size_t		 rxcap;
	int		 rxbinary;
	struct obj	*sock;		/* its QWebSocket object */
};

static struct lws_context	*ws_ctx;
static struct lws_vhost		*ws_vhost;
static struct lws		*ws_client;	/* the active client */
static struct ws_pss		*ws_client_pss;
static struct ws_items		 ws_queue = TAILQ_HEAD_INITIALIZER(ws_queue);
static lws_sorted_usec_list_t	 ws_sul;

int
ws_connected(void)
{
	return (ws_client != NULL);
}

static void
ws_item_free(struct ws_item *it)
{
	free(it->buf);
	free(it->close_reason);
	free(it);
}

static void
ws_queue_clear(void)
{
	struct ws_item	*it;

	while ((it = TAILQ_FIRST(&ws_queue)) != NULL) {
		TAILQ_REMOVE(&ws_queue, it, entry);
		ws_item_free(it);
	}
}

static void
ws_push(struct ws_item *it)
{
	TAILQ_INSERT_TAIL(&ws_queue, it, entry);
	if (ws_client != NULL)
		lws_callback_on_writable(ws_client);
}

static struct ws_item *
ws_item_new(const char *data, size_t len, int binary, ssize_t frag)
{
	struct ws_item	*it;

	it = xcalloc(1, sizeof *it);
	it->buf = xcalloc(1, LWS_PRE + len + 1);
	memcpy(it->buf + LWS_PRE, data, len);
	it->len = len;
	it->binary = binary;
	it->frag = frag;
	return (it);
}

/* A message to the client; frag > 0 forces fragments of that size. */
void
ws_send(const char *data, size_t len, int frag)
{
	if (ws_client == NULL)
		return;
	ws_push(ws_item_new(data, len, 0, frag > 0 ? frag : -1));
}

/* One frame, whatever its size. */
void
ws_send_frame(const char *data, size_t len, int binary)
{
	if (ws_client == NULL)
		return;
	ws_push(ws_item_new(data, len, binary, 0));
}

/* Run fn once everything queued before it is written. */
void
ws_send_action(void (*fn)(void *), void *arg)
{
	struct ws_item	*it;

	if (ws_client == NULL) {
		fn(arg);
		return;
	}
	it = xcalloc(1, sizeof *it);
	it->action = fn;
	it->arg = arg;
	ws_push(it);
}

void
ws_close(int code, const char *reason)
{
	struct ws_item	*it;

	if (ws_client == NULL)
		return;
	it = xcalloc(1, sizeof *it);
	it->close_code = code;
	it->close_reason = xstrdup(reason);
	ws_push(it);
}

/* Write the next piece of the queue; -1 closes the connection. */
static int
ws_writeable(struct lws *wsi)
{
	struct ws_item		*it;
	size_t			 n, frag;
	int			 flags, first, last;

	for (;;) {
		if ((it = TAILQ_FIRST(&ws_queue)) == NULL) {
			/* The lifecycle storm refills an empty queue. */
			rpc_storm();
			return (0);
		}
		if (it->action != NULL) {
			TAILQ_REMOVE(&ws_queue, it, entry);
			it->action(it->arg);
			ws_item_free(it);
			if (ws_client != wsi)
				return (0);
			continue;
		}
		if (it->close_code != 0) {
			lws_close_reason(wsi, it->close_code,
			    (unsigned char *)it->close_reason,
			    strlen(it->close_reason));
			TAILQ_REMOVE(&ws_queue, it, entry);
			ws_item_free(it);
			return (-1);
		}
		break;
	}
	frag = it->frag > 0 ? (size_t)it->frag : it->frag == 0 ? 0 :
	    faults.fragment;
	n = it->len - it->off;
	if (frag > 0 && (it->frag > 0 || it->len > frag) && n > frag)
		n = frag;
	first = it->off == 0;
	last = it->off + n == it->len;
	flags = first ? (it->binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT) :
	    LWS_WRITE_CONTINUATION;
	if (!last)
		flags |= LWS_WRITE_NO_FIN;
	if (lws_write(wsi, it->buf + LWS_PRE + it->off, n,
	    (enum lws_write_protocol)flags) < (int)n)
		return (-1);
	it->off += n;
	if (last) {
		TAILQ_REMOVE(&ws_queue, it, entry);
		ws_item_free(it);
	}
	lws_callback_on_writable(wsi);
	return (0);
}

/* The probe's handshake headers (Qt's QWebSocketServer). */
static int
ws_add_headers(struct lws *wsi, struct lws_process_html_args *args)
{
	char		 origin[256], date[64], *h;
	time_t		 t = time(NULL);
	struct tm	 tm;
	int		 n;

	if (lws_hdr_total_length(wsi, WSI_TOKEN_UPGRADE) <= 0)
		return (0);
	if (lws_hdr_copy(wsi, origin, sizeof origin, WSI_TOKEN_ORIGIN) <= 0)
		snprintf(origin, sizeof origin, "*");
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	h = xasprintf("Server: QtMCP\r\nAccess-Control-Allow-Origin: %s\r\n"
	    "Access-Control-Allow-Credentials: false\r\n"
	    "Access-Control-Allow-Methods: GET\r\n"
	    "Access-Control-Allow-Headers: content-type\r\n"
	    "Date: %s\r\n", origin, date);
	n = (int)strlen(h);
	if (n < args->max_len) {
		memcpy(args->p, h, (size_t)n);
		args->p += n;
		args->max_len -= n;
	}
	free(h);
	return (0);
}

static void
ws_disconnected(struct ws_pss *pss)
{
	if (pss->sock != NULL) {
		rpc_post_delete(pss->sock);
		pss->sock = NULL;
	}
	free(pss->rx);
	pss->rx = NULL;
	if (!pss->active)
		return;
	pss->active = 0;
	ws_client = NULL;
	ws_client_pss = NULL;
	ws_queue_clear();
	/* Numeric IDs and refs end with the client (1.2). */
	rpc_session_reset();
	rpc_process_events();
}

static int
ws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	struct ws_pss	*pss = user;
	static const char refusal[] = "Another client is already connected";
	static const char bad_utf8[] = "Invalid UTF-8 code encountered.";

	switch (reason) {
	case LWS_CALLBACK_ADD_HEADERS:
		return (ws_add_headers(wsi, in));
	case LWS_CALLBACK_HTTP:
		lws_return_http_status(wsi, HTTP_STATUS_BAD_REQUEST, NULL);
		return (-1);
	case LWS_CALLBACK_ESTABLISHED:
		memset(pss, 0, sizeof *pss);
		pss->sock = obj_create("QWebSocket", NULL, 0);
		if (ws_client != NULL) {
			pss->refused = 1;
			lws_callback_on_writable(wsi);
			return (0);
		}
		pss->active = 1;
		ws_client = wsi;
		ws_client_pss = pss;
		rpc_process_events();
		fault_on_connect();
		return (0);
	case LWS_CALLBACK_SERVER_WRITEABLE:
		if (pss->refused) {
			lws_close_reason(wsi, 1008, (unsigned char *)refusal,
			    sizeof refusal - 1);
			return (-1);
		}
		if (!pss->active)
			return (0);
		return (ws_writeable(wsi));
	case LWS_CALLBACK_RECEIVE:
		if (pss->refused || !pss->active)
			return (0);
		if (lws_is_first_fragment(wsi)) {
			pss->rxlen = 0;
			pss->rxbinary = lws_frame_is_binary(wsi);
		}
		if (pss->rxlen + len + 1 > pss->rxcap) {
			pss->rxcap = (pss->rxlen + len + 1) * 2;
			pss->rx = xrealloc(pss->rx, pss->rxcap);
		}
		memcpy(pss->rx + pss->rxlen, in, len);
		pss->rxlen += len;
		if (!lws_is_final_fragment(wsi) ||
		    lws_remaining_packet_payload(wsi) != 0)
			return (0);
		pss->rx[pss->rxlen] = '\0';
		if (pss->rxbinary)
			return (0);	/* ignored, no reply */
		if (!dj_utf8_valid(pss->rx, pss->rxlen)) {
			lws_close_reason(wsi, 1007, (unsigned char *)bad_utf8,
			    sizeof bad_utf8 - 1);
			return (-1);
		}
		rpc_handle((const char *)pss->rx, pss->rxlen);
		fault_after_response();
		return (0);
	case LWS_CALLBACK_CLOSED:
		ws_disconnected(pss);
		return (0);
	case LWS_CALLBACK_RAW_RX_FILE:
		fault_control_read(lws_get_socket_fd(wsi));
		return (0);
	default:
		return (0);
	}
}

static const struct lws_protocols ws_protocols[] = {
	{ "qtmcp", ws_callback, sizeof(struct ws_pss), 65536, 0, NULL, 0 },
	{ "double-control", ws_callback, sizeof(struct ws_pss), 0, 0, NULL,
	  0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static const lws_retry_bo_t ws_no_ping = { 0 };

static void
ws_sul_cb(lws_sorted_usec_list_t *sul)
{
	fault_run_timers();
	ws_timers_changed();
}

/* Reschedule the one lws timer at the double's earliest deadline. */
void
ws_timers_changed(void)
{
	int64_t	next;

	if (ws_ctx == NULL)
		return;
	next = fault_next_deadline();
	if (next == 0) {
		lws_sul_schedule(ws_ctx, 0, &ws_sul, ws_sul_cb,
		    LWS_SET_TIMER_USEC_CANCEL);
		return;
	}
	next -= now_us();
	lws_sul_schedule(ws_ctx, 0, &ws_sul, ws_sul_cb, next > 0 ? next : 1);
}

/*
 * Create the server and listen (127.0.0.1:port).  -1 when the port
 * cannot be bound.  Serving starts with ws_run().
 */
int
ws_listen(int port)
{
	struct lws_context_creation_info	 info;
	struct sigaction			 sa;
	lws_sock_file_fd_type			 fd;

	lws_set_log_level(0, NULL);
	memset(&info, 0, sizeof info);
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS |
	    LWS_SERVER_OPTION_DISABLE_IPV6;
	info.gid = -1;
	info.uid = -1;
	info.fd_limit_per_thread = 64;
	info.max_http_header_data = 8192;
	/* lws ignores SIGPIPE process-wide; the real probe does not. */
	sigaction(SIGPIPE, NULL, &sa);
	ws_ctx = lws_create_context(&info);
	sigaction(SIGPIPE, &sa, NULL);
	if (ws_ctx == NULL)
		return (-1);

	memset(&info, 0, sizeof info);
	info.port = port;
	info.iface = "127.0.0.1";
	info.protocols = ws_protocols;
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	info.retry_and_idle_policy = &ws_no_ping;
	info.keepalive_timeout = 5;
	info.timeout_secs = 10;
	if ((ws_vhost = lws_create_vhost(ws_ctx, &info)) == NULL)
		return (-1);

	if (fault_control_fd() != -1) {
		memset(&fd, 0, sizeof fd);
		fd.filefd = fault_control_fd();
		lws_adopt_descriptor_vhost(ws_vhost, LWS_ADOPT_RAW_FILE_DESC,
		    fd, "double-control", NULL);
	}
	return (0);
}

/* The event loop: never returns. */
void
ws_run(void)
{
	ws_timers_changed();
	for (;;) {
		if (lws_service(ws_ctx, 0) < 0)
			fault_wait_ms(10);
	}
}

/*
 * idle-client: the least a client of the probe can be with the libraries
 * qtmcp uses: libwebsockets on libev's default loop, set up as qtmcp's
 * probe client is (foreign loop, no listening, hidden PINGs off, small fd
 * table).  It connects to 127.0.0.1:PORT, has one "ping" answered, prints
 * "ready" and then does nothing until SIGTERM.  Its wake-ups while idle
 * are lws' own housekeeping: the limit for qtmcp's.
 *
 * usage: idle-client port
 */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ev.h>
#include <libwebsockets.h>

static struct lws_context	*idle_ctx;
static struct ev_loop		*idle_loop;
static ev_timer			 idle_connect;
static ev_signal		 idle_term;
static int			 idle_port;
static int			 idle_sent;
static int			 idle_status = 1;

static const lws_retry_bo_t	 idle_no_ping = { NULL, 0, 0, 0, 0, 0 };

static int
idle_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	static const char	 ping[] =
	    "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}";
	unsigned char		 buf[LWS_PRE + sizeof ping];

	switch (reason) {
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if (idle_sent)
			break;
		memcpy(buf + LWS_PRE, ping, sizeof ping - 1);
		if (lws_write(wsi, buf + LWS_PRE, sizeof ping - 1,
		    LWS_WRITE_TEXT) < (int)sizeof ping - 1)
			return (-1);
		idle_sent = 1;
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		if (memmem(in, len, "pong", 4) != NULL) {
			printf("ready\n");
			fflush(stdout);
			idle_status = 0;
		}
		break;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
	case LWS_CALLBACK_CLIENT_CLOSED:
		fprintf(stderr, "idle-client: connection to port %d lost\n",
		    idle_port);
		idle_status = 1;
		ev_break(idle_loop, EVBREAK_ALL);
		break;
	default:
		break;
	}
	return (0);
}

static const struct lws_protocols idle_protocols[] = {
	{ "idle", idle_cb, 0, 65536, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
idle_connect_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct lws_client_connect_info	ci;
	char				host[64];

	snprintf(host, sizeof host, "127.0.0.1:%d", idle_port);
	memset(&ci, 0, sizeof ci);
	ci.context = idle_ctx;
	ci.address = "127.0.0.1";
	ci.port = idle_port;
	ci.path = "/";
	ci.host = host;
	ci.local_protocol_name = idle_protocols[0].name;
	ci.retry_and_idle_policy = &idle_no_ping;
	if (lws_client_connect_via_info(&ci) == NULL) {
		fprintf(stderr, "idle-client: cannot connect\n");
		ev_break(loop, EVBREAK_ALL);
	}
}

static void
idle_term_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	ev_break(loop, EVBREAK_ALL);
}

int
main(int argc, char **argv)
{
	struct lws_context_creation_info	 info;
	void					*loops[1];

	if (argc != 2 || (idle_port = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: idle-client port\n");
		return (2);
	}
	idle_loop = ev_default_loop(EVFLAG_AUTO);
	lws_set_log_level(LLL_ERR|LLL_WARN, NULL);
	memset(&info, 0, sizeof info);
	loops[0] = idle_loop;
	info.options = LWS_SERVER_OPTION_LIBEV;
	info.foreign_loops = loops;
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = idle_protocols;
	info.fd_limit_per_thread = 16 + 2 * 2;
	info.retry_and_idle_policy = &idle_no_ping;
	info.gid = -1;
	info.uid = -1;
	if ((idle_ctx = lws_create_context(&info)) == NULL) {
		fprintf(stderr, "idle-client: cannot create the lws context\n");
		return (1);
	}
	ev_timer_init(&idle_connect, idle_connect_cb, 0., 0.);
	ev_timer_start(idle_loop, &idle_connect);
	ev_signal_init(&idle_term, idle_term_cb, SIGTERM);
	ev_signal_start(idle_loop, &idle_term);
	ev_run(idle_loop, 0);
	lws_context_destroy(idle_ctx);
	return (idle_status);
}

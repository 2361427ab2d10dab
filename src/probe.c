/*
 * probe.c: the client of the QtMcp probe, one WebSocket connection per
 * target, on libwebsockets running on qtmcp's libev default loop.
 *
 * While a target starts, connection attempts follow each other at a short,
 * growing interval until the WebSocket handshake succeeds (the probe
 * accepts TCP connections well before it completes handshakes, so a
 * handshake that does not finish is timed out and retried); then a "ping"
 * must come back "pong" before the supervisor hears "ready".  Requests get
 * small increasing integer ids (the probe mangles anything else), wait in a
 * table with a deadline each, and are matched to answers by id; a late
 * answer to a request that timed out or was cancelled is dropped.  A
 * timeout is followed by a ping, which the probe answers after whatever
 * it is busy with: no pong either means the probe is stuck, and the
 * connection is dropped like a lost one.  Every deadline is an ev_timer of
 * ours: lws' own timers fire late on the libev plugin.
 */

#include <sys/queue.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>
#include <libwebsockets.h>

#include "qtmcp.h"

#define PROBE_RETRY_MIN		5	/* ms between connection attempts */
/*
 * While starting, at most this between attempts: the probe may answer as
 * soon as 50 ms after it starts listening, and a refused attempt costs
 * only some 30 us, so a longer wait only makes the target ready later.
 */
#define PROBE_RETRY_MAX		10
#define PROBE_RETRY_ATTACH	2000	/* ... or this when attaching */
#define PROBE_HANDSHAKE_TIMEOUT	1000	/* ms for the 101 to come */
#define PROBE_PING_TIMEOUT	5000	/* ms for the first pong */
#define PROBE_TX_FRAGMENT	(256 * 1024)
#define PROBE_RX_CHUNK		(512 * 1024)
#define PROBE_RX_KEEP		(64 * 1024)	/* larger is given back after */
#define PROBE_BUCKETS		256
#define PROBE_ABANDONED		256	/* remembered timed-out ids */
#define PROBE_MAX_ID		2147483647

enum probe_conn {
	PROBE_IDLE,		/* not wanted */
	PROBE_WAITING,		/* retry timer armed */
	PROBE_CONNECTING,	/* wsi exists, no handshake yet */
	PROBE_PINGING,		/* handshake done, ping sent */
	PROBE_READY,		/* ping answered */
};

struct probe_req {
	struct probe		*probe;
	uint64_t		 handle;
	int			 id;		/* wire id, 0 before sending */
	char			*method;
	unsigned char		*buf;		/* LWS_PRE + message */
	size_t			 len;
	size_t			 sent;
	probe_cb		 cb;
	void			*arg;
	uint64_t		 start_us;
	uint64_t		 timeout_ms;
	ev_timer		 timer;
	int			 internal;	/* our own ping/getVersion */
	int			 orphan;	/* given up, its rest still sent */
	TAILQ_ENTRY(probe_req)	 qentry;	/* send queue */
	LIST_ENTRY(probe_req)	 hentry;	/* by id, once sent */
};
TAILQ_HEAD(probe_queue, probe_req);
LIST_HEAD(probe_bucket, probe_req);

struct probe {
	struct target		*target;
	enum probe_conn		 conn;
	struct lws		*wsi;
	char			*host;
	int			 port;
	char			*path;
	int			 try_ipv6;	/* "localhost": alternate ::1 */
	ev_timer		 retry_timer;
	ev_timer		 hs_timer;
	uint64_t		 retry_delay;
	uint64_t		 start_ms;
	uint64_t		 attempts;
	int			 next_id;
	uint64_t		 next_handle;
	struct probe_queue	 sendq;
	struct probe_bucket	 pending[PROBE_BUCKETS];
	int			 npending;
	struct {
		int		 id;
		char		*method;
	}			 abandoned[PROBE_ABANDONED];
	int			 abandoned_next;

	unsigned char		*rx;
	size_t			 rxlen;
	size_t			 rxsize;
	int			 rxover;	/* message over max_message */
	size_t			 rxdropped;	/* bytes of it not kept */
	int			 kill;		/* close from the callback */

	/* Why the last connection ended, as lws told us. */
	int			 close_code;
	char			*close_reason;
	int			 conn_error;
	char			*conn_error_text;
	int			 hs_timed_out;
	int			 no_pong;	/* a ping went unanswered */
	char			*stalled;	/* the request before it */
	char			*lost_reason;
	int			 alive;		/* a liveness ping is out */
	int			 since_loss;	/* start_ms is the loss */
	int			 waiting_told;	/* attach: said we wait */
	int			 local_port;	/* of the last connection */

	char			*version;	/* "QtMCP 0.1.0" */
	char			*name;		/* "QtMCP" or "qtPilot" */
	uint64_t		 ready_ms;	/* connect -> pong, last time */

	probe_notify_cb		 notify;
	void			*notify_arg;
	struct probe_stats	 stats;
};

static struct lws_context	*probe_ctx;
static struct ev_loop		*probe_loop;
static const struct config	*probe_config;
static int			 probe_shutting_down;

static int	probe_lws_cb(struct lws *, enum lws_callback_reasons, void *,
		    void *, size_t);
static void	probe_connect(struct probe *);
static void	probe_schedule(struct probe *, uint64_t);
static void	probe_fail_all(struct probe *, int, const char *);
static void	probe_req_finish(struct probe_req *, struct probe_result *);
static uint64_t	probe_enqueue(struct probe *, const char *, cJSON *, uint64_t,
		    probe_cb, void *, int);
static void	probe_pinged(struct probe_result *, void *);
static void	probe_alive(struct probe_result *, void *);
static void	probe_versioned(struct probe_result *, void *);

static const struct lws_protocols probe_protocols[] = {
	{ "qtmcp-probe", probe_lws_cb, 0, PROBE_RX_CHUNK, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/* No hidden PINGs: lws' timers are unreliable here and the probe never
 * idles us out. */
static const lws_retry_bo_t probe_no_idle = { NULL, 0, 0, 0, 0, 0 };

static void
probe_lws_log(int level, const char *line)
{
	char	buf[512];
	size_t	n;

	n = strlen(line);
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, line, n);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	buf[n] = '\0';
	/*
	 * At debug level only: lws reports every refused connection attempt
	 * as an error, and qtmcp reports what they mean itself.
	 */
	log_debug("libwebsockets: %s", buf);
}

/*
 * The loop and the configuration, for probes created before the context
 * (which probe_init makes): connecting waits for the context.
 */
void
probe_prepare(struct ev_loop *loop, const struct config *cfg)
{
	probe_loop = loop;
	probe_config = cfg;
}

int
probe_init(struct ev_loop *loop, const struct config *cfg, char **cause)
{
	struct lws_context_creation_info	 info;
	void					*loops[1];

	probe_prepare(loop, cfg);
	lws_set_log_level(LLL_ERR|LLL_WARN, probe_lws_log);

	memset(&info, 0, sizeof info);
	loops[0] = loop;
	info.options = LWS_SERVER_OPTION_LIBEV;
	info.foreign_loops = loops;
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = probe_protocols;
	info.fd_limit_per_thread = 16 + 2 * (cfg->ntargets + 1);
	/*
	 * The recv() size, 4 KiB by default: a 5 MB screenshot took 1600
	 * reads and as many turns of the loop.  lws touches all of it, so
	 * not larger.
	 */
	info.pt_serv_buf_size = 64 * 1024;
	info.retry_and_idle_policy = &probe_no_idle;
	info.gid = -1;
	info.uid = -1;
	probe_ctx = lws_create_context(&info);
	if (probe_ctx == NULL) {
		*cause = xstrdup("cannot create the libwebsockets context: is "
		    "its libev plugin installed (Debian package "
		    "libwebsockets-evlib-ev)?");
		return (-1);
	}
	return (0);
}

void
probe_shutdown(void)
{
	probe_shutting_down = 1;
	if (probe_ctx != NULL)
		lws_context_destroy(probe_ctx);
	probe_ctx = NULL;
}

/*
 * "ws://host[:port][/path]" with a numeric host or "localhost" (a name
 * lookup would block the loop).
 */
int
probe_parse_url(const char *url, char **host, int *port, char **path,
    char **cause)
{
	const char	*p, *end, *hend;
	char		*h, *portstr;
	struct in_addr	 a4;
	struct in6_addr	 a6;
	int		 pt = 80;

	if (strncasecmp(url, "ws://", 5) != 0) {
		*cause = xasprintf("invalid probe URL '%s': it must start with "
		    "ws:// (the probe serves plain WebSocket)", url);
		return (-1);
	}
	p = url + 5;
	end = p + strcspn(p, "/");
	if (*p == '[') {
		if ((hend = memchr(p, ']', end - p)) == NULL)
			goto invalid;
		h = xstrndup(p + 1, hend - p - 1);
		p = hend + 1;
	} else {
		hend = memchr(p, ':', end - p);
		if (hend == NULL)
			hend = end;
		h = xstrndup(p, hend - p);
		p = hend;
	}
	if (*p == ':') {
		portstr = xstrndup(p + 1, end - p - 1);
		if (util_parse_port(portstr, &pt, cause) == -1) {
			free(portstr);
			free(h);
			return (-1);
		}
		free(portstr);
	} else if (p != end) {
		free(h);
		goto invalid;
	}
	if (*h == '\0') {
		free(h);
		goto invalid;
	}
	if (strcasecmp(h, "localhost") != 0 && inet_pton(AF_INET, h, &a4) !=
	    1 && inet_pton(AF_INET6, h, &a6) != 1) {
		*cause = xasprintf("invalid probe URL '%s': use a numeric "
		    "address or localhost (a name lookup would block)", url);
		free(h);
		return (-1);
	}
	*host = h;
	*port = pt;
	*path = xstrdup(*end == '/' ? end : "/");
	return (0);

invalid:
	*cause = xasprintf("invalid probe URL '%s': expected "
	    "ws://host[:port][/path]", url);
	return (-1);
}

/* Is host a loopback address (or localhost)? */
int
probe_is_loopback(const char *host)
{
	struct in_addr	a4;
	struct in6_addr	a6;

	if (strcasecmp(host, "localhost") == 0)
		return (1);
	if (inet_pton(AF_INET, host, &a4) == 1)
		return ((ntohl(a4.s_addr) >> 24) == 127);
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return (IN6_IS_ADDR_LOOPBACK(&a6) ||
		    (IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127));
	return (0);
}

struct probe *
probe_create(struct target *t)
{
	struct probe	*p;
	int		 i;

	p = xcalloc(1, sizeof *p);
	p->target = t;
	p->next_id = 1;
	p->next_handle = 1;
	TAILQ_INIT(&p->sendq);
	for (i = 0; i < PROBE_BUCKETS; i++)
		LIST_INIT(&p->pending[i]);
	ev_timer_init(&p->retry_timer, NULL, 0., 0.);
	ev_timer_init(&p->hs_timer, NULL, 0., 0.);
	return (p);
}

static void
probe_clear_reason(struct probe *p)
{
	p->close_code = 0;
	free(p->close_reason);
	p->close_reason = NULL;
	p->conn_error = 0;
	free(p->conn_error_text);
	p->conn_error_text = NULL;
	p->hs_timed_out = 0;
	p->no_pong = 0;
	free(p->stalled);
	p->stalled = NULL;
}

void
probe_free(struct probe *p)
{
	int	i;

	if (p == NULL)
		return;
	probe_stop(p, "qtmcp is shutting down");
	for (i = 0; i < PROBE_ABANDONED; i++)
		free(p->abandoned[i].method);
	probe_clear_reason(p);
	free(p->lost_reason);
	free(p->rx);
	free(p->host);
	free(p->path);
	free(p->version);
	free(p->name);
	free(p);
}

void
probe_set_notify(struct probe *p, probe_notify_cb cb, void *arg)
{
	p->notify = cb;
	p->notify_arg = arg;
}

int
probe_is_ready(const struct probe *p)
{
	return (p != NULL && p->conn == PROBE_READY);
}

const char *
probe_version(const struct probe *p)
{
	return (p->version);
}

const struct probe_stats *
probe_stats(const struct probe *p)
{
	return (&p->stats);
}

const char *
probe_lost_reason(const struct probe *p)
{
	return (p->lost_reason);
}

/* --- connecting ------------------------------------------------------ */

static void
probe_retry_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct probe	*p = w->data;

	if (p->conn == PROBE_WAITING)
		probe_connect(p);
}

static void
probe_schedule(struct probe *p, uint64_t ms)
{
	ev_timer_stop(probe_loop, &p->retry_timer);
	ev_timer_init(&p->retry_timer, probe_retry_cb, (double)ms / 1000.0, 0.);
	p->retry_timer.data = p;
	ev_timer_start(probe_loop, &p->retry_timer);
	p->conn = PROBE_WAITING;
}

/* The handshake (or the first pong) did not come in time: drop it. */
static void
probe_hs_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct probe	*p = w->data;

	if (p->wsi == NULL)
		return;
	p->hs_timed_out = 1;
	log_debug("target %s: no WebSocket handshake from port %d within "
	    "%d ms, retrying", p->target->label, p->port,
	    PROBE_HANDSHAKE_TIMEOUT);
	lws_set_timeout(p->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_SYNC);
}

/* The address tried: "localhost" is 127.0.0.1, then ::1. */
static const char *
probe_address(struct probe *p, char *hostport, size_t len)
{
	const char	*addr = p->host;

	if (strcasecmp(p->host, "localhost") == 0)
		addr = p->try_ipv6 ? "::1" : "127.0.0.1";
	if (strchr(addr, ':') != NULL)
		snprintf(hostport, len, "[%s]:%d", addr, p->port);
	else
		snprintf(hostport, len, "%s:%d", addr, p->port);
	return (addr);
}

static void
probe_connect(struct probe *p)
{
	struct lws_client_connect_info	 ci;
	char				 hostport[128];
	const char			*addr;
	uint64_t			 cap;
	int				 i;

	if (probe_shutting_down)
		return;
	if (probe_ctx == NULL) {
		/* Asked before qtmcp's first turn created the context. */
		probe_schedule(p, PROBE_RETRY_MIN);
		return;
	}
	probe_clear_reason(p);
	addr = probe_address(p, hostport, sizeof hostport);
	/* Ids abandoned on an earlier connection cannot be answered here. */
	for (i = 0; i < PROBE_ABANDONED; i++) {
		free(p->abandoned[i].method);
		p->abandoned[i].method = NULL;
		p->abandoned[i].id = 0;
	}
	memset(&ci, 0, sizeof ci);
	ci.context = probe_ctx;
	ci.address = addr;
	ci.port = p->port;
	ci.path = p->path;
	ci.host = hostport;
	ci.origin = NULL;
	ci.protocol = NULL;
	ci.local_protocol_name = probe_protocols[0].name;
	ci.opaque_user_data = p;
	ci.retry_and_idle_policy = &probe_no_idle;
	p->attempts++;
	p->stats.attempts++;
	p->conn = PROBE_CONNECTING;
	p->wsi = lws_client_connect_via_info(&ci);
	if (p->wsi == NULL) {
		/* Failed with no callback ever: try again later. */
		cap = p->target->attach ? PROBE_RETRY_ATTACH : PROBE_RETRY_MAX;
		p->retry_delay = p->retry_delay == 0 ? PROBE_RETRY_MIN :
		    p->retry_delay * 3 / 2;
		if (p->retry_delay > cap)
			p->retry_delay = cap;
		probe_schedule(p, p->retry_delay);
		return;
	}
	ev_timer_stop(probe_loop, &p->hs_timer);
	ev_timer_init(&p->hs_timer, probe_hs_cb,
	    PROBE_HANDSHAKE_TIMEOUT / 1000.0, 0.);
	p->hs_timer.data = p;
	ev_timer_start(probe_loop, &p->hs_timer);
}

/* Let go of the connection without hearing of it again. */
static void
probe_drop(struct probe *p)
{
	struct lws	*wsi = p->wsi;

	ev_timer_stop(probe_loop, &p->retry_timer);
	ev_timer_stop(probe_loop, &p->hs_timer);
	if (wsi == NULL)
		return;
	p->wsi = NULL;
	lws_set_opaque_user_data(wsi, NULL);
	lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_SYNC);
	free(p->rx);
	p->rx = NULL;
	p->rxlen = p->rxsize = p->rxdropped = 0;
	p->rxover = p->kill = 0;
}

/* Begin connecting to host:port; called when the app is started. */
void
probe_start(struct probe *p, const char *host, int port, const char *path)
{
	probe_drop(p);
	probe_fail_all(p, PROBE_LOST, "the app was restarted");
	free(p->host);
	free(p->path);
	p->host = xstrdup(host);
	p->path = xstrdup(path != NULL ? path : "/");
	p->port = port;
	p->retry_delay = 0;
	p->attempts = 0;
	p->try_ipv6 = 0;
	p->start_ms = util_now_ms();
	p->since_loss = 0;
	p->waiting_told = 0;
	p->stats.refusals = 0;
	p->next_id = 1;
	probe_schedule(p, 0);
}

/*
 * Stop: close the connection, fail every request with reason, do not
 * reconnect until probe_start.
 */
void
probe_stop(struct probe *p, const char *reason)
{
	if (p == NULL)
		return;
	p->conn = PROBE_IDLE;
	probe_drop(p);
	probe_fail_all(p, PROBE_LOST, reason);
}

/*
 * Who else is connected to the probe: the process with an established
 * connection to its port that is not ours, as "PID N (name)", or NULL.
 */
static char *
probe_other_client(struct probe *p)
{
	unsigned long	inode;

	inode = launch_socket_inode(p->port, 1, p->local_port);
	return (inode != 0 ? launch_inode_owner(inode) : NULL);
}

/* Describe why the last connection ended, for a user. */
static char *
probe_describe_loss(struct probe *p)
{
	char	buf[32], *who, *s;

	util_format_duration(PROBE_PING_TIMEOUT, buf, sizeof buf);
	if (p->no_pong && p->stalled != NULL)
		return (xasprintf("the probe on port %d stopped answering: %s "
		    "timed out, then a ping got no answer within %s either (is "
		    "the app hung, or stopped in a debugger?)", p->port,
		    p->stalled, buf));
	if (p->no_pong)
		return (xasprintf("the probe on port %d completed the "
		    "WebSocket handshake but did not answer ping within %s",
		    p->port, buf));
	if (p->close_code == 1008 && p->close_reason != NULL &&
	    strstr(p->close_reason, "Another client") != NULL) {
		/* Look for it the first time only: this repeats. */
		who = p->stats.refusals == 0 ? probe_other_client(p) : NULL;
		if (who == NULL)
			return (xasprintf("the probe on port %d refused the "
			    "connection because another client is connected "
			    "(another qtmcp, an MCP Inspector, a browser "
			    "page?): the probe serves one client at a time, "
			    "stop the other one", p->port));
		s = xasprintf("the probe on port %d refused the connection "
		    "because another client is connected: %s; the probe "
		    "serves one client at a time, stop the other one",
		    p->port, who);
		free(who);
		return (s);
	}
	if (p->close_code != 0)
		return (xasprintf("the probe on port %d closed the connection "
		    "(code %d%s%s)", p->port, p->close_code,
		    p->close_reason != NULL && *p->close_reason != '\0' ?
		    ": " : "", p->close_reason != NULL ? p->close_reason : ""));
	if (p->conn_error)
		return (xasprintf("cannot connect to the probe on port %d%s%s",
		    p->port, p->conn_error_text != NULL ? ": " : "",
		    p->conn_error_text != NULL ? p->conn_error_text : ""));
	if (p->hs_timed_out)
		return (xasprintf("the probe on port %d did not complete the "
		    "WebSocket handshake", p->port));
	return (xasprintf("the connection to the probe on port %d ended "
	    "without a close frame (did the app crash or exit?)", p->port));
}

/* WSI_DESTROY: the connection is gone, whatever the reason. */
static void
probe_gone(struct probe *p)
{
	enum probe_conn	 was = p->conn;
	char		*why, buf[32];
	uint64_t	 cap;

	p->wsi = NULL;
	ev_timer_stop(probe_loop, &p->hs_timer);
	free(p->rx);
	p->rx = NULL;
	p->rxlen = p->rxsize = p->rxdropped = 0;
	p->rxover = p->kill = 0;
	if (was == PROBE_IDLE || probe_shutting_down)
		return;
	why = probe_describe_loss(p);
	if (was == PROBE_READY || was == PROBE_PINGING)
		p->stats.losses++;
	probe_fail_all(p, PROBE_LOST, why);

	/* Reconnect: quickly while starting, with backoff when attached. */
	if (strcasecmp(p->host, "localhost") == 0 && was == PROBE_CONNECTING)
		p->try_ipv6 = !p->try_ipv6;
	cap = p->target->attach ? PROBE_RETRY_ATTACH : PROBE_RETRY_MAX;
	if (was == PROBE_READY) {
		free(p->lost_reason);
		p->lost_reason = xstrdup(why);
		log_warnx("target %s: probe lost: %s", p->target->label, why);
		p->retry_delay = PROBE_RETRY_MIN;
		p->next_id = 1;
		/* The next "reached" says how long the reconnection took. */
		p->start_ms = util_now_ms();
		p->attempts = 0;
		p->since_loss = 1;
		p->waiting_told = 0;
		sv_probe_lost(p->target, why);
	} else {
		if (p->close_code == 1008 || (was == PROBE_PINGING &&
		    p->close_code != 0)) {
			/*
			 * Refused: say so once per start, not per attempt,
			 * and keep it for qtmcp_status.
			 */
			if (p->stats.refusals++ == 0) {
				log_warnx("target %s: %s", p->target->label,
				    why);
				free(p->lost_reason);
				p->lost_reason = xstrdup(why);
			}
			cap = PROBE_RETRY_ATTACH;
		} else {
			log_debug("target %s: attempt %llu: %s",
			    p->target->label, (unsigned long long)p->attempts,
			    why);
			if (p->target->attach && !p->waiting_told) {
				/* Attached: nobody else says why we wait. */
				p->waiting_told = 1;
				log_info("target %s: no probe at %s yet (%s); "
				    "trying again at most every %s",
				    p->target->label, p->target->url, why,
				    util_format_duration(cap, buf, sizeof buf));
			}
		}
		p->retry_delay = p->retry_delay == 0 ? PROBE_RETRY_MIN :
		    p->retry_delay * 3 / 2;
		if (p->retry_delay > cap)
			p->retry_delay = cap;
	}
	free(why);
	if (p->conn != PROBE_IDLE)
		probe_schedule(p, p->retry_delay);
}

/* --- requests -------------------------------------------------------- */

static void
probe_req_free(struct probe_req *r)
{
	ev_timer_stop(probe_loop, &r->timer);
	free(r->method);
	free(r->buf);
	free(r);
}

/*
 * Done with r.  A request partly on the wire (a message sent in fragments)
 * must still be sent whole, or the next message would continue its
 * frame: it stays in the send queue, with nobody to tell, until then.
 */
static void
probe_req_release(struct probe_req *r)
{
	if (r->sent > 0 && r->sent < r->len) {
		ev_timer_stop(probe_loop, &r->timer);
		r->cb = NULL;
		r->orphan = 1;
		return;
	}
	probe_req_free(r);
}

static void
probe_abandon(struct probe *p, struct probe_req *r)
{
	int	i = p->abandoned_next;

	free(p->abandoned[i].method);
	p->abandoned[i].id = r->id;
	p->abandoned[i].method = xstrdup(r->method);
	p->abandoned_next = (i + 1) % PROBE_ABANDONED;
}

/* Take r out of the queue and the table. */
static void
probe_req_unlink(struct probe_req *r)
{
	struct probe	*p = r->probe;

	if (r->sent == 0)
		TAILQ_REMOVE(&p->sendq, r, qentry);	/* never started */
	if (r->id != 0) {
		LIST_REMOVE(r, hentry);
		p->npending--;
	}
}

static void
probe_req_finish(struct probe_req *r, struct probe_result *res)
{
	res->method = r->method;
	res->elapsed_us = util_now_us() - r->start_us;
	res->handle = r->handle;
	if (r->cb != NULL)
		r->cb(res, r->arg);
	probe_req_release(r);
}

static void
probe_result_clear(struct probe_result *res)
{
	cJSON_Delete(res->response);
	free(res->message);
	memset(res, 0, sizeof *res);
}

static void
probe_req_fail(struct probe_req *r, int kind, const char *fmt, ...)
{
	struct probe_result	 res;
	va_list			 ap;

	memset(&res, 0, sizeof res);
	res.kind = kind;
	res.code = kind == PROBE_TIMEOUT ? PROBE_CODE_TIMEOUT :
	    PROBE_CODE_LOST;
	va_start(ap, fmt);
	res.message = xvasprintf(fmt, ap);
	va_end(ap);
	probe_req_finish(r, &res);
	probe_result_clear(&res);
}

static void
probe_fail_all(struct probe *p, int kind, const char *reason)
{
	struct probe_req	*r;
	int			 i;

	while ((r = TAILQ_FIRST(&p->sendq)) != NULL) {
		/* The wire is gone: nothing is left to send. */
		TAILQ_REMOVE(&p->sendq, r, qentry);
		r->sent = r->len;
		if (r->orphan) {
			probe_req_free(r);
			continue;
		}
		probe_req_unlink(r);
		probe_req_fail(r, kind, "%s", reason);
	}
	for (i = 0; i < PROBE_BUCKETS; i++) {
		while ((r = LIST_FIRST(&p->pending[i])) != NULL) {
			probe_req_unlink(r);
			probe_req_fail(r, kind, "%s", reason);
		}
	}
}

static void
probe_req_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct probe_req	*r = w->data;
	struct probe		*p = r->probe;
	char			 buf[32];

	p->stats.timeouts++;
	probe_req_unlink(r);
	if (r->id != 0)
		probe_abandon(p, r);
	log_info("target %s: %s timed out after %s", p->target->label,
	    r->method, util_format_duration(r->timeout_ms, buf, sizeof buf));
	if (p->wsi != NULL && ((r->cb == probe_pinged && p->conn ==
	    PROBE_PINGING) || (r->cb == probe_alive && p->conn ==
	    PROBE_READY))) {
		/*
		 * The first ping, or the one after a timeout, went
		 * unanswered: the probe is stuck.  Drop the connection,
		 * which fails every request and tells the supervisor.
		 */
		p->no_pong = 1;
		probe_req_free(r);
		lws_set_timeout(p->wsi, PENDING_TIMEOUT_USER_OK,
		    LWS_TO_KILL_SYNC);
		return;
	}
	if (p->conn == PROBE_READY && p->wsi != NULL && !p->alive) {
		/* Slow or stuck?  A ping tells (the probe answers in order). */
		p->alive = 1;
		free(p->stalled);
		p->stalled = xstrdup(r->method);
		probe_enqueue(p, "ping", NULL, PROBE_PING_TIMEOUT, probe_alive,
		    p, 1);
	}
	probe_req_fail(r, PROBE_TIMEOUT, "the app did not answer %s within "
	    "%s (is it busy, frozen, or showing a modal dialog?)", r->method,
	    util_format_duration(r->timeout_ms, buf, sizeof buf));
}

static struct probe_req *
probe_find(struct probe *p, int id)
{
	struct probe_req	*r;

	LIST_FOREACH(r, &p->pending[id % PROBE_BUCKETS], hentry) {
		if (r->id == id)
			return (r);
	}
	return (NULL);
}

static int
probe_alloc_id(struct probe *p)
{
	int	id;

	do {
		id = p->next_id;
		p->next_id = id == PROBE_MAX_ID ? 1 : id + 1;
	} while (probe_find(p, id) != NULL);
	return (id);
}

static uint64_t
probe_enqueue(struct probe *p, const char *method, cJSON *params,
    uint64_t timeout_ms, probe_cb cb, void *arg, int internal)
{
	struct probe_req	*r;
	cJSON			*msg;
	struct jbuf		 b = { NULL, 0, 0 };
	unsigned char		 pre[LWS_PRE];

	r = xcalloc(1, sizeof *r);
	r->probe = p;
	r->handle = p->next_handle++;
	r->id = probe_alloc_id(p);
	r->method = xstrdup(method);
	r->cb = cb;
	r->arg = arg;
	r->internal = internal;
	r->start_us = util_now_us();
	r->timeout_ms = timeout_ms;

	msg = cJSON_CreateObject();
	cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
	cJSON_AddStringToObject(msg, "method", method);
	if (params == NULL)
		params = cJSON_CreateObject();
	cJSON_AddItemToObject(msg, "params", params);
	cJSON_AddNumberToObject(msg, "id", r->id);
	/* Printed after the LWS_PRE bytes lws_write wants free before it. */
	memset(pre, 0, sizeof pre);
	jbuf_add(&b, pre, sizeof pre);
	json_print_to(&b, msg);
	cJSON_Delete(msg);
	r->buf = (unsigned char *)b.p;
	r->len = b.len - LWS_PRE;

	LIST_INSERT_HEAD(&p->pending[r->id % PROBE_BUCKETS], r, hentry);
	p->npending++;
	TAILQ_INSERT_TAIL(&p->sendq, r, qentry);
	ev_timer_init(&r->timer, probe_req_timeout_cb,
	    (double)timeout_ms / 1000.0, 0.);
	r->timer.data = r;
	ev_timer_start(probe_loop, &r->timer);
	p->stats.requests++;
	lws_callback_on_writable(p->wsi);
	return (r->handle);
}

/*
 * Send method(params) to the probe; cb gets the outcome exactly once
 * (unless the call is cancelled).  params is consumed.  Returns a handle
 * for probe_cancel, or 0 with *cause set when the probe is not connected.
 */
uint64_t
probe_call(struct probe *p, const char *method, cJSON *params,
    uint64_t timeout_ms, probe_cb cb, void *arg, char **cause)
{
	if (p->conn != PROBE_READY || p->wsi == NULL) {
		cJSON_Delete(params);
		*cause = xasprintf("not connected to the probe on port %d",
		    p->port);
		return (0);
	}
	if (timeout_ms == 0)
		timeout_ms = probe_config->request_timeout;
	return (probe_enqueue(p, method, params, timeout_ms, cb, arg, 0));
}

/* Forget a call: no callback, and its answer, if any, is dropped. */
void
probe_cancel(struct probe *p, uint64_t handle)
{
	struct probe_req	*r;
	int			 i;

	TAILQ_FOREACH(r, &p->sendq, qentry) {
		if (r->handle == handle && r->sent == 0) {
			/* Never sent: it simply does not happen. */
			probe_req_unlink(r);
			probe_req_free(r);
			return;
		}
	}
	for (i = 0; i < PROBE_BUCKETS; i++) {
		LIST_FOREACH(r, &p->pending[i], hentry) {
			if (r->handle == handle) {
				probe_req_unlink(r);
				probe_abandon(p, r);
				probe_req_release(r);
				p->stats.cancelled++;
				return;
			}
		}
	}
}

static void
probe_write(struct probe *p)
{
	struct probe_req	*r;
	size_t			 n;
	int			 flags, first, last;

	if ((r = TAILQ_FIRST(&p->sendq)) == NULL)
		return;
	n = r->len - r->sent;
	if (n > PROBE_TX_FRAGMENT)
		n = PROBE_TX_FRAGMENT;
	first = r->sent == 0;
	last = r->sent + n == r->len;
	flags = lws_write_ws_flags(LWS_WRITE_TEXT, first, last);
	/*
	 * lws_write needs LWS_PRE bytes before the data and masks it in
	 * place: fragments after the first reuse the bytes before them,
	 * which were already sent.
	 */
	if (lws_write(p->wsi, r->buf + LWS_PRE + r->sent, n, flags) <
	    (int)n) {
		log_warnx("target %s: cannot send %s to the probe",
		    p->target->label, r->method);
		p->kill = 1;
		return;
	}
	r->sent += n;
	p->stats.bytes_out += n;
	if (last) {
		TAILQ_REMOVE(&p->sendq, r, qentry);
		free(r->buf);
		r->buf = NULL;
		if (r->orphan)
			probe_req_free(r);
	}
	if (!TAILQ_EMPTY(&p->sendq))
		lws_callback_on_writable(p->wsi);
}

/* --- answers --------------------------------------------------------- */

/*
 * The probe wraps the payload of every qt.*, cu.* and chr.* method in
 * {"result": payload, "meta": {"timestamp": ..., "objectId"?}}.
 */
static void
probe_unwrap(struct probe_result *res)
{
	cJSON	*result, *inner, *meta;

	result = cJSON_GetObjectItemCaseSensitive(res->response, "result");
	res->result = result;
	res->payload = result;
	if (!cJSON_IsObject(result) || cJSON_GetArraySize(result) != 2)
		return;
	inner = cJSON_GetObjectItemCaseSensitive(result, "result");
	meta = cJSON_GetObjectItemCaseSensitive(result, "meta");
	if (inner == NULL || !cJSON_IsObject(meta))
		return;
	res->payload = inner;
	res->meta = meta;
}

/* Find the id near the start of an oversized message we could not keep. */
static int
probe_sniff_id(const unsigned char *buf, size_t len)
{
	const char	*s = (const char *)buf, *hit;
	size_t		 n = len < 256 ? len : 256;
	char		 head[257];
	long		 v;
	char		*end;

	memcpy(head, s, n);
	head[n] = '\0';
	if ((hit = strstr(head, "\"id\":")) == NULL)
		return (0);
	v = strtol(hit + 5, &end, 10);
	if (end == hit + 5 || v <= 0 || v > PROBE_MAX_ID)
		return (0);
	return ((int)v);
}

static int
probe_abandoned(struct probe *p, int id, const char **method)
{
	int	i;

	for (i = 0; i < PROBE_ABANDONED; i++) {
		if (p->abandoned[i].id == id && p->abandoned[i].method != NULL) {
			*method = p->abandoned[i].method;
			return (1);
		}
	}
	return (0);
}

static void
probe_handle_response(struct probe *p, cJSON *msg, int id)
{
	struct probe_req	*r;
	struct probe_result	 res;
	cJSON			*err, *code, *message, *data;
	const char		*m;

	if ((r = probe_find(p, id)) == NULL) {
		if (probe_abandoned(p, id, &m)) {
			p->stats.late++;
			log_debug("target %s: late answer to %s (id %d) "
			    "discarded", p->target->label, m, id);
		} else {
			p->stats.unknown++;
			log_info("target %s: the probe answered an unknown "
			    "request id %d; ignored", p->target->label, id);
		}
		cJSON_Delete(msg);
		return;
	}
	probe_req_unlink(r);
	memset(&res, 0, sizeof res);
	res.response = msg;
	if ((err = cJSON_GetObjectItemCaseSensitive(msg, "error")) != NULL) {
		res.kind = PROBE_ERROR;
		code = cJSON_GetObjectItemCaseSensitive(err, "code");
		message = cJSON_GetObjectItemCaseSensitive(err, "message");
		data = cJSON_GetObjectItemCaseSensitive(err, "data");
		res.code = cJSON_IsNumber(code) ? code->valueint :
		    PROBE_CODE_LOST;
		res.message = xstrdup(cJSON_IsString(message) ?
		    message->valuestring : "the probe reported an error "
		    "without a message");
		res.data = data;
		p->stats.errors++;
	} else {
		res.kind = PROBE_OK;
		probe_unwrap(&res);
	}
	p->stats.answers++;
	probe_req_finish(r, &res);
	probe_result_clear(&res);
}

static void
probe_handle_message(struct probe *p, unsigned char *buf, size_t len)
{
	cJSON	*msg, *id, *method, *params;

	msg = cJSON_ParseWithLength((const char *)buf, len);
	if (msg == NULL || !cJSON_IsObject(msg)) {
		p->stats.garbage++;
		if (p->stats.garbage <= 10 || log_get_level() >= LOG_DEBUG)
			log_info("target %s: the probe sent a message that is "
			    "not a JSON object (%zu bytes: %.60s); ignored",
			    p->target->label, len, (const char *)buf);
		cJSON_Delete(msg);
		return;
	}
	id = cJSON_GetObjectItemCaseSensitive(msg, "id");
	method = cJSON_GetObjectItemCaseSensitive(msg, "method");
	if (cJSON_IsString(method) && id == NULL) {
		p->stats.notifications++;
		params = cJSON_GetObjectItemCaseSensitive(msg, "params");
		if (p->notify != NULL)
			p->notify(p->target, method->valuestring, params, len,
			    p->notify_arg);
		cJSON_Delete(msg);
		return;
	}
	if (cJSON_IsNumber(id) && (cJSON_GetObjectItemCaseSensitive(msg,
	    "result") != NULL || cJSON_GetObjectItemCaseSensitive(msg,
	    "error") != NULL) && id->valuedouble >= 1 &&
	    id->valuedouble <= PROBE_MAX_ID &&
	    id->valuedouble == (double)id->valueint) {
		probe_handle_response(p, msg, id->valueint);
		return;
	}
	p->stats.unknown++;
	log_info("target %s: the probe sent a message that is neither an "
	    "answer to one of our requests nor a notification: %.100s",
	    p->target->label, (const char *)buf);
	cJSON_Delete(msg);
}

/* One fragment of a WebSocket message from the probe. */
static void
probe_rx(struct probe *p, const void *in, size_t len, int first, int final,
    int binary)
{
	struct probe_req	*r;
	size_t			 cap = probe_config->max_message, want, n;
	char			 buf2[32], *fixed;
	int			 id;

	if (first) {
		p->rxlen = 0;
		p->rxover = 0;
		p->rxdropped = 0;
	}
	p->stats.bytes_in += len;
	if (!p->rxover && p->rxlen + len > cap)
		p->rxover = 1;	/* keep the head (for the id), drop the rest */
	if (p->rxover)
		p->rxdropped += len;
	else {
		want = p->rxlen + len + 1;
		if (want > p->rxsize) {
			p->rxsize = want < 65536 ? 65536 : want + want / 2;
			if (p->rxsize > cap + 1)
				p->rxsize = cap + 1;
			if (p->rxsize < want)
				p->rxsize = want;
			p->rx = xrealloc(p->rx, p->rxsize);
		}
		memcpy(p->rx + p->rxlen, in, len);
		p->rxlen += len;
	}
	if (!final)
		return;
	if (binary) {
		log_debug("target %s: binary frame of %zu bytes ignored",
		    p->target->label, p->rxlen + p->rxdropped);
	} else if (p->rxover) {
		p->stats.oversized++;
		util_format_size(cap, buf2, sizeof buf2);
		id = p->rxlen > 0 ? probe_sniff_id(p->rx, p->rxlen) : 0;
		if (id != 0 && (r = probe_find(p, id)) != NULL) {
			probe_req_unlink(r);
			probe_req_fail(r, PROBE_TOO_BIG, "the answer to %s was "
			    "%zu bytes, more than max_message (%s): raise "
			    "max_message in the [qtmcp] section of the "
			    "configuration", r->method, p->rxlen + p->rxdropped,
			    buf2);
		} else
			log_warnx("target %s: dropped a probe message of %zu "
			    "bytes, more than max_message (%s)",
			    p->target->label, p->rxlen + p->rxdropped, buf2);
	} else if ((fixed = util_utf8_repair((char *)p->rx, p->rxlen,
	    &n)) != NULL) {
		/* What the probe says goes into JSON for the host. */
		log_info("target %s: the probe sent a message that is not valid "
		    "UTF-8; the bad bytes were replaced", p->target->label);
		probe_handle_message(p, (unsigned char *)fixed, n);
		free(fixed);
	} else {
		/* Room was kept: the log lines print it as a string. */
		p->rx[p->rxlen] = '\0';
		probe_handle_message(p, p->rx, p->rxlen);
	}
	p->rxlen = 0;
	p->rxover = 0;
	p->rxdropped = 0;
	if (p->rxsize > PROBE_RX_KEEP) {
		/* Do not keep a large answer's buffer around. */
		free(p->rx);
		p->rx = NULL;
		p->rxsize = 0;
		malloc_trim(0);
	}
}

/*
 * A whole message, as if it came from the probe in one frame (for the
 * fuzzer and tests).
 */
void
probe_feed(struct probe *p, const char *buf, size_t len)
{
	probe_rx(p, buf, len, 1, 1, 0);
}

/* The first "pong": the app is ready. */
static void
probe_pinged(struct probe_result *res, void *arg)
{
	struct probe	*p = arg;
	char		*why, hostport[128];

	if (p->conn != PROBE_PINGING)
		return;
	if (res->kind != PROBE_OK || !cJSON_IsString(res->result) ||
	    strcmp(res->result->valuestring, "pong") != 0) {
		if (res->kind == PROBE_LOST)
			return;
		why = res->kind == PROBE_ERROR ? xasprintf("error %d: %s",
		    res->code, res->message) : res->result != NULL ?
		    cJSON_PrintUnformatted(res->result) : xstrdup("nothing");
		log_warnx("target %s: the server on port %d answered ping "
		    "with %.100s, not \"pong\": is it a QtMcp probe?",
		    p->target->label, p->port, why);
		free(why);
		p->retry_delay = PROBE_RETRY_ATTACH;
		p->kill = 1;	/* from inside lws: close on return */
		return;
	}
	p->conn = PROBE_READY;
	p->stats.connects++;
	p->ready_ms = util_now_ms() - p->start_ms;
	p->retry_delay = 0;
	p->stats.refusals = 0;
	p->waiting_told = 0;
	probe_address(p, hostport, sizeof hostport);
	log_info("target %s: probe reached%s on %s after %llu attempt%s, "
	    "%llu ms after %s", p->target->label, p->since_loss ? " again" :
	    "", hostport, (unsigned long long)p->attempts, p->attempts == 1 ?
	    "" : "s", (unsigned long long)p->ready_ms, p->since_loss ?
	    "the loss" : "start");
	probe_enqueue(p, "getVersion", NULL, probe_config->request_timeout,
	    probe_versioned, p, 1);
	sv_probe_ready(p->target);
}

/* The ping after a timeout came back: that request was slow, not stuck. */
static void
probe_alive(struct probe_result *res, void *arg)
{
	struct probe	*p = arg;

	p->alive = 0;
	if (res->kind == PROBE_OK)
		log_debug("target %s: the probe still answers (ping in %llu "
		    "ms): %s was slow, not stuck", p->target->label,
		    (unsigned long long)(res->elapsed_us / 1000),
		    p->stalled != NULL ? p->stalled : "the request");
}

static void
probe_versioned(struct probe_result *res, void *arg)
{
	struct probe	*p = arg;
	cJSON		*name, *version;

	if (res->kind != PROBE_OK || !cJSON_IsObject(res->result))
		return;
	name = cJSON_GetObjectItemCaseSensitive(res->result, "name");
	version = cJSON_GetObjectItemCaseSensitive(res->result, "version");
	if (!cJSON_IsString(name) || !cJSON_IsString(version))
		return;
	free(p->name);
	free(p->version);
	p->name = xstrdup(name->valuestring);
	p->version = xasprintf("%s %s", name->valuestring,
	    version->valuestring);
	log_info("target %s: probe is %s", p->target->label, p->version);
}

/* The local port of a connection, to tell it from another client's. */
static int
probe_local_port(struct lws *wsi)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof ss;
	int			 fd;

	if ((fd = lws_get_socket_fd(wsi)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return (0);
	if (ss.ss_family == AF_INET)
		return (ntohs(((struct sockaddr_in *)&ss)->sin_port));
	if (ss.ss_family == AF_INET6)
		return (ntohs(((struct sockaddr_in6 *)&ss)->sin6_port));
	return (0);
}

static int
probe_lws_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	struct probe	*p = lws_get_opaque_user_data(wsi);
	const unsigned char *c = in;

	if (p == NULL || (p->wsi != NULL && p->wsi != wsi))
		return (0);	/* a connection we already let go of */
	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		p->conn_error = 1;
		free(p->conn_error_text);
		p->conn_error_text = in != NULL && len != 0 ?
		    xstrndup(in, len) : in != NULL ? xstrdup(in) : NULL;
		break;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		ev_timer_stop(probe_loop, &p->hs_timer);
		p->local_port = probe_local_port(wsi);
		p->conn = PROBE_PINGING;
		/* Established is not accepted: a refused second client gets
		 * here too.  Ready is a ping answered. */
		probe_enqueue(p, "ping", NULL, PROBE_PING_TIMEOUT, probe_pinged,
		    p, 1);
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		probe_rx(p, in, len, lws_is_first_fragment(wsi),
		    lws_is_final_fragment(wsi), lws_frame_is_binary(wsi));
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		probe_write(p);
		break;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		/* Read the code now: later the bytes are masked in place. */
		if (len >= 2) {
			p->close_code = (c[0] << 8) | c[1];
			free(p->close_reason);
			p->close_reason = xstrndup((const char *)c + 2, len - 2);
		}
		break;
	case LWS_CALLBACK_WSI_DESTROY:
		probe_gone(p);
		break;
	default:
		break;
	}
	if (p->kill && reason != LWS_CALLBACK_WSI_DESTROY) {
		p->kill = 0;
		return (-1);
	}
	return (0);
}

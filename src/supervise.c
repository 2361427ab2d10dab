/*
 * supervise.c: the supervisor.  Each configured target is an application
 * that qtmcp starts through the launcher, watches, restarts by policy and
 * stops; in attach mode the one target is an application started by
 * somebody else, which qtmcp only connects to.
 *
 * The life of a target is an explicit state machine: sv_step() is a pure
 * function from (state, event, policy inputs) to (next state, action), with
 * every pair decided, and sv_fire() carries the action out and logs the
 * transition as "old -> new (cause)".  The probe client supplies the
 * "probe answered" event that turns starting into ready.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qtmcp.h"

#define SV_READ_CHUNK	65536
#define SV_READ_BUDGET	(4 * SV_READ_CHUNK)	/* per callback: stay fair */
#define SV_KILL_GRACE	5000	/* ms to wait for a SIGKILLed group */
#define SV_LOST_GRACE	100	/* ms between a lost probe and an exit */

static const char *sv_state_names[SV_NSTATES] = {
	[SV_STOPPED] = "stopped",
	[SV_STARTING] = "starting",
	[SV_READY] = "ready",
	[SV_EXITED] = "exited",
	[SV_CRASHED] = "crashed",
	[SV_BACKOFF] = "backoff",
	[SV_STOPPING] = "stopping",
	[SV_FAILED] = "failed",
};

static const char *sv_event_names[SV_NEVENTS] = {
	[SV_EV_START] = "start",
	[SV_EV_RESTART] = "restart",
	[SV_EV_STOP] = "stop",
	[SV_EV_READY] = "ready",
	[SV_EV_READY_TIMEOUT] = "ready-timeout",
	[SV_EV_PROBE_LOST] = "probe-lost",
	[SV_EV_EXITED] = "exited",
	[SV_EV_CRASHED] = "crashed",
	[SV_EV_DECIDE] = "decide",
	[SV_EV_TIMER] = "timer",
	[SV_EV_STOP_TIMEOUT] = "stop-timeout",
	[SV_EV_LAUNCH_FAILED] = "launch-failed",
};

static struct ev_loop	 *sv_loop;
static struct config	 *sv_config;
static struct target	**sv_targets;
static int		  sv_ntargets;
static sv_observer_cb	  sv_observer;
static void		(*sv_shutdown_done)(void);
static uint64_t		  sv_line_seq;

static void	sv_fire(struct target *, enum sv_event, const char *);
static void	sv_spawn(struct target *);
static void	sv_stream_close(struct sv_stream *);
static void	sv_stream_drain(struct sv_stream *);

const char *
sv_state_name(enum sv_state s)
{
	if (s < 0 || s >= SV_NSTATES)
		return ("?");
	return (sv_state_names[s]);
}

const char *
sv_event_name(enum sv_event e)
{
	if (e < 0 || e >= SV_NEVENTS)
		return ("?");
	return (sv_event_names[e]);
}

/*
 * The state table.  Pure: the decision depends on the state, the event and
 * the policy inputs only, so every (state, event) pair is unit-tested.
 */
struct sv_step
sv_step(enum sv_state state, enum sv_event ev, const struct sv_input *in)
{
	struct sv_step	 ignore = { state, SV_ACT_NONE };
	struct sv_step	 s;

#define STEP(n, a) do { s.next = (n); s.action = (a); return (s); } while (0)
	switch (state) {
	case SV_STOPPED:
	case SV_EXITED:
	case SV_CRASHED:
	case SV_FAILED:
		switch (ev) {
		case SV_EV_START:
		case SV_EV_RESTART:
			STEP(SV_STARTING, SV_ACT_SPAWN);
		case SV_EV_STOP:
			if (state == SV_STOPPED)
				return (ignore);
			STEP(SV_STOPPED, SV_ACT_NONE);
		case SV_EV_DECIDE:
			if (state == SV_EXITED) {
				if (in->restart != RESTART_ALWAYS)
					return (ignore);
			} else if (state == SV_CRASHED) {
				if (in->restart == RESTART_NEVER)
					return (ignore);
			} else
				return (ignore);
			if (in->give_up)
				STEP(SV_FAILED, SV_ACT_NONE);
			STEP(SV_BACKOFF, SV_ACT_BACKOFF);
		default:
			return (ignore);
		}
	case SV_STARTING:
	case SV_READY:
		switch (ev) {
		case SV_EV_READY:
			if (state == SV_READY)
				return (ignore);
			STEP(SV_READY, SV_ACT_READY);
		case SV_EV_READY_TIMEOUT:
			if (state == SV_READY)
				return (ignore);
			STEP(SV_STOPPING, SV_ACT_TERM_FAIL);
		case SV_EV_PROBE_LOST:
			if (state == SV_STARTING)
				return (ignore);
			STEP(SV_STARTING, SV_ACT_WAIT_READY);
		case SV_EV_EXITED:
			STEP(SV_EXITED, SV_ACT_DECIDE);
		case SV_EV_CRASHED:
			STEP(SV_CRASHED, SV_ACT_DECIDE);
		case SV_EV_LAUNCH_FAILED:
			STEP(SV_FAILED, SV_ACT_NONE);
		case SV_EV_STOP:
			STEP(SV_STOPPING, SV_ACT_TERM);
		case SV_EV_RESTART:
			STEP(SV_STOPPING, SV_ACT_TERM_RESTART);
		default:
			return (ignore);
		}
	case SV_STOPPING:
		switch (ev) {
		case SV_EV_EXITED:
		case SV_EV_CRASHED:
		case SV_EV_LAUNCH_FAILED:
			if (in->restart_pending)
				STEP(SV_STARTING, SV_ACT_SPAWN);
			if (in->fail_pending)
				STEP(SV_CRASHED, SV_ACT_DECIDE);
			STEP(SV_STOPPED, SV_ACT_NONE);
		case SV_EV_STOP_TIMEOUT:
			STEP(SV_STOPPING, SV_ACT_KILL);
		case SV_EV_START:
		case SV_EV_RESTART:
			STEP(SV_STOPPING, SV_ACT_SET_RESTART);
		case SV_EV_STOP:
			STEP(SV_STOPPING, SV_ACT_CLEAR_RESTART);
		default:
			return (ignore);
		}
	case SV_BACKOFF:
		switch (ev) {
		case SV_EV_TIMER:
		case SV_EV_START:
		case SV_EV_RESTART:
			STEP(SV_STARTING, SV_ACT_SPAWN);
		case SV_EV_STOP:
			STEP(SV_STOPPED, SV_ACT_NONE);
		default:
			return (ignore);
		}
	default:
		return (ignore);
	}
#undef STEP
}

/*
 * The delay before the next automatic restart: none after a stable run (a
 * crash should cost no more than the app's own start-up), then backoff_min,
 * doubling up to backoff_max for repeated quick failures.
 */
uint64_t
sv_next_backoff(uint64_t current, uint64_t uptime, uint64_t stable_time,
    uint64_t min, uint64_t max)
{
	if (uptime >= stable_time)
		return (0);
	if (current == 0)
		return (min);
	if (current >= max / 2)
		return (max);
	return (current * 2 < min ? min : current * 2);
}

void
sv_set_observer(sv_observer_cb cb)
{
	sv_observer = cb;
}

int
sv_count(void)
{
	return (sv_ntargets);
}

struct target *
sv_target(int i)
{
	if (i < 0 || i >= sv_ntargets)
		return (NULL);
	return (sv_targets[i]);
}

/*
 * Will the target be ready without being asked: is it starting, or about
 * to restart by its policy, or not started yet?
 */
int
sv_coming(struct target *t)
{
	switch (t->state) {
	case SV_STARTING:
	case SV_BACKOFF:
		return (1);
	case SV_STOPPING:
		/* Stopped for not getting ready: that counts as a crash. */
		return (t->restart_pending || (t->fail_pending &&
		    t->cfg != NULL && t->cfg->restart != RESTART_NEVER));
	case SV_STOPPED:
		return (t->starts == 0);
	case SV_EXITED:
		return (t->cfg != NULL && t->cfg->restart == RESTART_ALWAYS);
	case SV_CRASHED:
		return (t->cfg == NULL || t->cfg->restart != RESTART_NEVER);
	default:
		return (0);
	}
}

/* By the name shown to users: the section name, or "app". */
struct target *
sv_find_label(const char *label)
{
	int	i;

	for (i = 0; i < sv_ntargets; i++) {
		if (strcmp(sv_targets[i]->label, label) == 0)
			return (sv_targets[i]);
	}
	return (NULL);
}

/* --- captured output ------------------------------------------------- */

static void
sv_ring_init(struct sv_ring *r, int size)
{
	r->size = size;
	r->lines = size > 0 ? xcalloc(size, sizeof *r->lines) : NULL;
	r->head = r->count = 0;
}

static void
sv_ring_free(struct sv_ring *r)
{
	int	i;

	for (i = 0; i < r->size; i++)
		free(r->lines[i].text);
	free(r->lines);
	r->lines = NULL;
	r->size = r->count = r->head = 0;
}

/* The i-th kept line, oldest first. */
const struct sv_line *
sv_ring_get(const struct sv_ring *r, int i)
{
	if (i < 0 || i >= r->count)
		return (NULL);
	return (&r->lines[(r->head + r->size - r->count + i) % r->size]);
}

static void
sv_ring_push(struct sv_ring *r, struct sv_line *l)
{
	struct sv_line	*slot;

	if (r->size == 0) {
		free(l->text);
		return;
	}
	slot = &r->lines[r->head];
	free(slot->text);
	*slot = *l;
	r->head = (r->head + 1) % r->size;
	if (r->count < r->size)
		r->count++;
}

static void
sv_output_file_write(struct target *t, const struct sv_line *l, int which)
{
	char	 stamp[40];
	FILE	*f;

	if (t->cfg == NULL || t->cfg->output_file == NULL)
		return;
	if ((f = fopen(t->cfg->output_file, "ae")) == NULL) {
		if (!t->output_file_warned)
			log_warn("target %s: output_file %s", t->label,
			    t->cfg->output_file);
		t->output_file_warned = 1;
		return;
	}
	fprintf(f, "%s %s[%ld] %s: %s", util_iso_time(l->wall, stamp,
	    sizeof stamp), t->label, (long)t->pid, which == SV_STDOUT ?
	    "stdout" : "stderr", l->text);
	if (l->cut != 0)
		fprintf(f, " [%zu more bytes cut]", l->cut);
	fputc('\n', f);
	fclose(f);
}

/* A complete line (or the kept start of a long one) is ready. */
static void
sv_stream_line(struct sv_stream *s)
{
	struct target	*t = s->target;
	struct sv_line	 l;
	size_t		 n;

	l.wall = util_wall_ms();
	l.seq = ++sv_line_seq;
	/* Lines go into JSON (qtmcp_output, reports): make them UTF-8. */
	if ((l.text = util_utf8_repair(s->partial, s->plen, &n)) == NULL)
		l.text = xstrndup(s->partial, s->plen);
	l.cut = s->pcut;
	s->lines++;
	if (l.cut != 0)
		s->cut_lines++;
	sv_output_file_write(t, &l, s->which);
	if (log_get_level() >= LOG_DEBUG)
		log_debug("target %s %s: %.200s%s", t->label, s->which ==
		    SV_STDOUT ? "stdout" : "stderr", l.text,
		    strlen(l.text) > 200 || l.cut ? "..." : "");
	sv_ring_push(&s->ring, &l);
	s->plen = s->pcut = 0;
}

static void
sv_stream_feed(struct sv_stream *s, const char *buf, size_t len)
{
	const char	*nl;
	size_t		 n, room;

	s->bytes += len;
	while (len > 0) {
		nl = memchr(buf, '\n', len);
		n = nl != NULL ? (size_t)(nl - buf) : len;
		room = SV_LINE_MAX - s->plen;
		if (n <= room) {
			memcpy(s->partial + s->plen, buf, n);
			s->plen += n;
		} else {
			memcpy(s->partial + s->plen, buf, room);
			s->plen += room;
			s->pcut += n - room;
		}
		if (nl == NULL)
			break;
		if (s->plen > 0 && s->partial[s->plen - 1] == '\r')
			s->plen--;
		sv_stream_line(s);
		buf += n + 1;
		len -= n + 1;
	}
}

static void
sv_stream_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct sv_stream	*s = w->data;
	char			 buf[SV_READ_CHUNK];
	size_t			 budget = SV_READ_BUDGET;
	ssize_t			 n;

	while (budget > 0) {
		n = read(s->fd, buf, sizeof buf);
		if (n > 0) {
			sv_stream_feed(s, buf, n);
			budget -= (size_t)n < budget ? (size_t)n : budget;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		/* EOF or error: flush a last unterminated line. */
		if (s->plen > 0 || s->pcut > 0)
			sv_stream_line(s);
		sv_stream_close(s);
		return;
	}
}

/* Read whatever is buffered now: the last words of a dead process. */
static void
sv_stream_drain(struct sv_stream *s)
{
	char	buf[SV_READ_CHUNK];
	ssize_t	n;
	size_t	total = 0;

	if (s->fd == -1)
		return;
	while (total < 64 * SV_READ_CHUNK) {
		n = read(s->fd, buf, sizeof buf);
		if (n <= 0)
			break;
		sv_stream_feed(s, buf, n);
		total += n;
	}
	if (s->plen > 0 || s->pcut > 0)
		sv_stream_line(s);
}

static void
sv_stream_close(struct sv_stream *s)
{
	if (s->fd == -1)
		return;
	ev_io_stop(sv_loop, &s->io);
	close(s->fd);
	s->fd = -1;
}

static void
sv_stream_open(struct sv_stream *s, int fd)
{
	sv_stream_close(s);	/* never re-init an active watcher */
	s->fd = fd;
	s->plen = s->pcut = 0;
	ev_io_init(&s->io, sv_stream_cb, fd, EV_READ);
	s->io.data = s;
	ev_io_start(sv_loop, &s->io);
}

/*
 * The probe logs every message it receives and sends, which drowns what
 * the application itself said.  In reports only the last request stays,
 * to tell what the app was doing when it ended.
 */
int
sv_probe_noise(const char *text)
{
	return (strncmp(text, "[QtMCP] Sending", 15) == 0 ||
	    strncmp(text, "[QtMCP] Received: ", 18) == 0 ||
	    strncmp(text, "Handling method: ", 17) == 0 ||
	    strncmp(text, "Registered method: ", 19) == 0);
}

/*
 * The last n lines of both streams, oldest first, merged by arrival, the
 * probe's traffic log left out but for the last request.  Returns a
 * NULL-terminated array of pointers into the rings (valid until the next
 * line arrives).
 */
const struct sv_line **
sv_last_lines(struct target *t, int n, int *count)
{
	const struct sv_line	**out, *l;
	const struct sv_ring	 *ro = &t->out[SV_STDOUT].ring;
	const struct sv_ring	 *re = &t->out[SV_STDERR].ring;
	int			  io, ie, k = 0, request = 0;

	out = xcalloc(n + 1, sizeof *out);
	io = ro->count - 1;
	ie = re->count - 1;
	while (k < n && (io >= 0 || ie >= 0)) {
		if (ie < 0 || (io >= 0 && sv_ring_get(ro, io)->seq >
		    sv_ring_get(re, ie)->seq))
			l = sv_ring_get(ro, io--);
		else
			l = sv_ring_get(re, ie--);
		if (sv_probe_noise(l->text)) {
			if (request || strncmp(l->text, "[QtMCP] Received: ",
			    18) != 0)
				continue;
			request = 1;
		}
		out[k++] = l;
	}
	/* Reverse into oldest-first order. */
	for (io = 0, ie = k - 1; io < ie; io++, ie--) {
		l = out[io];
		out[io] = out[ie];
		out[ie] = l;
	}
	*count = k;
	return (out);
}

/* Did the probe log its teardown just before this SIGSEGV? */
static int
sv_probe_unload_crash(struct target *t)
{
	const struct sv_ring	*re = &t->out[SV_STDERR].ring;
	const struct sv_line	*l;
	int			 i;

	for (i = re->count - 1; i >= 0 && i >= re->count - 5; i--) {
		l = sv_ring_get(re, i);
		if (strstr(l->text, "SignalMonitor destroyed") != NULL)
			return (1);
	}
	return (0);
}

/* A launcher error: it never ran the app, so retrying cannot help. */
static int
sv_launcher_error(struct target *t, int status)
{
	const struct sv_ring	*re = &t->out[SV_STDERR].ring;
	const struct sv_line	*l;
	int			 i;

	if (!WIFEXITED(status) || t->ready_once)
		return (0);
	switch (WEXITSTATUS(status)) {
	case 2:
	case 126:
	case 127:
		break;
	default:
		return (0);
	}
	for (i = re->count - 1; i >= 0 && i >= re->count - 20; i--) {
		l = sv_ring_get(re, i);
		if (strncmp(l->text, "qtmcp-launch: ", 14) == 0 ||
		    strncmp(l->text, "qtmcp: cannot ", 14) == 0)
			return (1);
	}
	return (0);
}

/* --- reports --------------------------------------------------------- */

void
sv_report_free(struct sv_report *r)
{
	int	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nlines; i++)
		free(r->lines[i]);
	free(r->lines);
	free(r->summary);
	free(r);
}

static struct sv_report *
sv_report_create(struct target *t, int status, const char *kind,
    const char *summary)
{
	struct sv_report	 *r;
	const struct sv_line	**last;
	int			  i, n;

	r = xcalloc(1, sizeof *r);
	r->wall = util_wall_ms();
	r->pid = t->pid;
	r->status = status;
	r->kind = kind;
	r->summary = xstrdup(summary);
	r->uptime = util_now_ms() - t->spawn_ms;
	r->restarts = t->restarts;
	last = sv_last_lines(t, SV_REPORT_LINES, &n);
	r->lines = xcalloc(n + 1, sizeof *r->lines);
	for (i = 0; i < n; i++) {
		r->lines[i] = last[i]->cut != 0 ? xasprintf("%s [%zu more "
		    "bytes cut]", last[i]->text, last[i]->cut) :
		    xstrdup(last[i]->text);
	}
	r->nlines = n;
	free(last);
	return (r);
}

static void
sv_report_add(struct target *t, struct sv_report *r)
{
	if (t->nreports == SV_REPORTS) {
		sv_report_free(t->reports[0]);
		memmove(t->reports, t->reports + 1,
		    (SV_REPORTS - 1) * sizeof *t->reports);
		t->nreports--;
	}
	t->reports[t->nreports++] = r;
}

const struct sv_report *
sv_last_report(struct target *t)
{
	return (t->nreports > 0 ? t->reports[t->nreports - 1] : NULL);
}

/* "exited with status 1", "killed by SIGSEGV (core dumped)" */
char *
sv_status_text(int status)
{
	if (WIFEXITED(status))
		return (xasprintf("exited with status %d", WEXITSTATUS(status)));
	if (WIFSIGNALED(status))
		return (xasprintf("killed by %s%s",
		    util_signal_name(WTERMSIG(status)),
		    WCOREDUMP(status) ? " (core dumped)" : ""));
	return (xasprintf("ended with wait status %#x", status));
}

/* --- the state machine ----------------------------------------------- */

static void
sv_enter(struct target *t, enum sv_state next, const char *cause)
{
	enum sv_state	old = t->state;

	if (old == next && next != SV_STARTING && next != SV_STOPPING)
		return;
	t->state = next;
	t->state_since = util_now_ms();
	free(t->cause);
	t->cause = xstrdup(cause != NULL ? cause : "");
	if (old != next) {
		log_emit(next == SV_FAILED || next == SV_CRASHED ? LOG_WARN :
		    LOG_INFO, "target %s: %s -> %s (%s)", t->label,
		    sv_state_name(old), sv_state_name(next), t->cause);
	}
	if (sv_observer != NULL && old != next)
		sv_observer(t, old);
}

static void
sv_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct target	*t = w->data;

	switch (t->state) {
	case SV_STARTING:
		sv_fire(t, SV_EV_READY_TIMEOUT, NULL);
		break;
	case SV_STOPPING:
		sv_fire(t, SV_EV_STOP_TIMEOUT, NULL);
		break;
	case SV_BACKOFF:
		sv_fire(t, SV_EV_TIMER, "backoff over");
		break;
	default:
		break;
	}
}

static void
sv_timer_arm(struct target *t, uint64_t ms)
{
	ev_timer_stop(sv_loop, &t->timer);
	ev_timer_set(&t->timer, (double)ms / 1000.0, 0.);
	ev_timer_start(sv_loop, &t->timer);
}

static void
sv_signal_group(struct target *t, int sig)
{
	if (t->pid <= 0)
		return;
	if (killpg(t->pid, sig) == -1 && errno != ESRCH)
		log_warn("target %s: kill process group %ld", t->label,
		    (long)t->pid);
	if (kill(t->pid, sig) == -1 && errno != ESRCH)
		log_warn("target %s: kill %ld", t->label, (long)t->pid);
}

/* Record a failure now; true when too many happened within the window. */
static int
sv_count_failure(struct target *t)
{
	uint64_t	now = util_now_ms(), window;
	int		i, n = 0;

	window = t->cfg->restart_window;
	t->fail_times[t->fail_next] = now;
	t->fail_next = (t->fail_next + 1) % SV_FAIL_HISTORY;
	for (i = 0; i < SV_FAIL_HISTORY; i++) {
		if (t->fail_times[i] != 0 && now - t->fail_times[i] <= window)
			n++;
	}
	t->fail_recent = n;
	return (t->cfg->max_restarts > 0 && n > t->cfg->max_restarts);
}

static void
sv_act(struct target *t, struct sv_step st, const char *cause)
{
	char	buf[32], *why;

	switch (st.action) {
	case SV_ACT_NONE:
		ev_timer_stop(sv_loop, &t->timer);
		sv_enter(t, st.next, cause);
		break;
	case SV_ACT_SPAWN:
		ev_timer_stop(sv_loop, &t->timer);
		t->restart_pending = t->fail_pending = 0;
		if (t->state == SV_FAILED) {
			memset(t->fail_times, 0, sizeof t->fail_times);
			t->backoff = 0;
		}
		sv_enter(t, SV_STARTING, cause);
		sv_spawn(t);
		break;
	case SV_ACT_READY:
		ev_timer_stop(sv_loop, &t->timer);
		t->ready_ms = util_now_ms();
		t->ready_latency = t->ready_ms - t->wait_since;
		t->ready_once = 1;
		sv_enter(t, SV_READY, cause);
		break;
	case SV_ACT_WAIT_READY:
		if (!t->attach)
			sv_timer_arm(t, sv_config->ready_timeout);
		t->wait_since = util_now_ms();
		sv_enter(t, SV_STARTING, cause);
		break;
	case SV_ACT_TERM:
	case SV_ACT_TERM_FAIL:
	case SV_ACT_TERM_RESTART:
		t->stop_requested = 1;
		t->fail_pending = st.action == SV_ACT_TERM_FAIL;
		t->restart_pending = st.action == SV_ACT_TERM_RESTART;
		probe_stop(t->probe, cause);
		if (t->attach) {
			sv_enter(t, SV_STOPPING, cause);
			sv_fire(t, SV_EV_EXITED, "disconnected");
			break;
		}
		sv_signal_group(t, t->cfg->stop_signal);
		sv_timer_arm(t, t->cfg->stop_timeout);
		sv_enter(t, SV_STOPPING, cause);
		break;
	case SV_ACT_KILL:
		log_warnx("target %s: still running %s after %s, sending "
		    "SIGKILL", t->label, util_signal_name(t->cfg->stop_signal),
		    util_format_duration(t->cfg->stop_timeout, buf,
		    sizeof buf));
		sv_signal_group(t, SIGKILL);
		sv_timer_arm(t, SV_KILL_GRACE);
		sv_enter(t, SV_STOPPING, "SIGKILL sent");
		break;
	case SV_ACT_SET_RESTART:
		t->restart_pending = 1;
		break;
	case SV_ACT_CLEAR_RESTART:
		t->restart_pending = 0;
		t->fail_pending = 0;
		break;
	case SV_ACT_DECIDE:
		ev_timer_stop(sv_loop, &t->timer);
		sv_enter(t, st.next, cause);
		sv_fire(t, SV_EV_DECIDE, NULL);
		break;
	case SV_ACT_BACKOFF:
		t->restarts++;
		if (t->backoff == 0)
			why = xasprintf("restarting now (ran %s)",
			    util_format_duration(t->last_uptime, buf,
			    sizeof buf));
		else
			why = xasprintf("restarting in %s",
			    util_format_duration(t->backoff, buf, sizeof buf));
		sv_timer_arm(t, t->backoff);
		sv_enter(t, SV_BACKOFF, why);
		free(why);
		break;
	}
}

/* Feed an event to a target's state machine. */
static void
sv_fire(struct target *t, enum sv_event ev, const char *cause)
{
	struct sv_input	 in;
	struct sv_step	 st;
	char		*why = NULL, buf[32];

	memset(&in, 0, sizeof in);
	in.restart = t->cfg != NULL ? t->cfg->restart : RESTART_ALWAYS;
	in.restart_pending = t->restart_pending;
	in.fail_pending = t->fail_pending;
	if (ev == SV_EV_DECIDE && t->cfg != NULL &&
	    ((t->state == SV_CRASHED && in.restart != RESTART_NEVER) ||
	    (t->state == SV_EXITED && in.restart == RESTART_ALWAYS))) {
		in.give_up = sv_count_failure(t);
		t->backoff = sv_next_backoff(t->backoff, t->last_uptime,
		    t->cfg->stable_time, t->cfg->backoff_min,
		    t->cfg->backoff_max);
		if (in.give_up)
			why = xasprintf("gave up after %d failures within %s; "
			    "use the qtmcp_restart tool to try again",
			    t->fail_recent, util_format_duration(
			    t->cfg->restart_window, buf, sizeof buf));
	}
	if (ev == SV_EV_READY_TIMEOUT)
		why = xasprintf("the probe did not answer within %s",
		    util_format_duration(sv_config->ready_timeout, buf,
		    sizeof buf));
	st = sv_step(t->state, ev, &in);
	if (st.action == SV_ACT_NONE && st.next == t->state) {
		if (ev != SV_EV_DECIDE)
			log_debug("target %s: event %s ignored in state %s",
			    t->label, sv_event_name(ev), sv_state_name(t->state));
		free(why);
		return;
	}
	if (ev == SV_EV_READY_TIMEOUT)
		sv_log_not_ready(t);
	sv_act(t, st, why != NULL ? why : cause);
	free(why);
}

/* The ready timeout expired: say what is known, with the app's last words. */
void
sv_log_not_ready(struct target *t)
{
	const struct sv_line	**last;
	int			  i, n;

	if (t->ready_once)
		log_warnx("target %s: the probe on port %d stopped answering "
		    "and did not come back within %llu ms: is the app hung?",
		    t->label, t->port,
		    (unsigned long long)sv_config->ready_timeout);
	else
		log_warnx("target %s: the probe on port %d did not answer "
		    "within %llu ms: is the probe loaded (LD_PRELOAD), is this "
		    "a Qt application, is the port free?", t->label, t->port,
		    (unsigned long long)sv_config->ready_timeout);
	last = sv_last_lines(t, 10, &n);
	if (n == 0)
		log_warnx("target %s: the app printed nothing", t->label);
	for (i = 0; i < n; i++)
		log_warnx("target %s: | %.300s", t->label, last[i]->text);
	free(last);
}

/* --- processes ------------------------------------------------------- */

static void
sv_status_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct target	*t = w->data;
	int		 error;
	ssize_t		 n;

	n = read(t->status_fd, &error, sizeof error);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n == (ssize_t)sizeof error)
		t->exec_errno = error;
	ev_io_stop(sv_loop, &t->status_io);
	close(t->status_fd);
	t->status_fd = -1;
}

static void
sv_child_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct target	*t = w->data;
	int		 status = w->rstatus, i;
	char		*text, *summary;
	const char	*kind;
	enum sv_event	 ev;

	ev_child_stop(sv_loop, &t->child);
	ev_timer_stop(sv_loop, &t->lost_timer);	/* the exit says more */
	free(t->lost_why);
	t->lost_why = NULL;
	/* The last words first: the crash report and the decision need them. */
	if (t->status_fd != -1)
		sv_status_cb(loop, &t->status_io, 0);
	for (i = 0; i < 2; i++)
		sv_stream_drain(&t->out[i]);
	/* Leftovers of the group (children of the app) die with it. */
	if (killpg(t->pid, SIGKILL) == -1 && errno != ESRCH)
		log_debug("target %s: killpg: %s", t->label, strerror(errno));

	t->last_uptime = util_now_ms() - t->spawn_ms;
	text = sv_status_text(status);
	if (t->exec_errno != 0) {
		kind = "launch-failed";
		summary = xasprintf("cannot execute the launcher %s: %s",
		    t->argv != NULL ? t->argv[0] : "?", strerror(t->exec_errno));
		ev = SV_EV_LAUNCH_FAILED;
	} else if (t->state == SV_STOPPING && !t->fail_pending) {
		kind = "stopped";
		summary = xstrdup(text);
		ev = SV_EV_EXITED;
	} else if (t->fail_pending) {
		kind = "not-ready";
		summary = xasprintf("stopped because the probe did not answer "
		    "(%s)", text);
		ev = SV_EV_CRASHED;
	} else if (sv_launcher_error(t, status)) {
		kind = "launch-failed";
		summary = xasprintf("the launcher could not start the app (%s); "
		    "see its message in the output", text);
		ev = SV_EV_LAUNCH_FAILED;
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		kind = "exit";
		summary = xasprintf("the app exited (%s)", text);
		ev = SV_EV_EXITED;
	} else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV &&
	    sv_probe_unload_crash(t)) {
		/*
		 * The probe of QtMcp (seen with Qt 6.4.2) crashes while the
		 * library unloads after every normal exit.  The app closed
		 * itself; that is not a crash, and the restart policy treats
		 * it as the exit it was.
		 */
		kind = "exit";
		summary = xasprintf("the app closed (the probe crashed while "
		    "unloading: %s)", text);
		ev = SV_EV_EXITED;
	} else {
		kind = "crash";
		summary = xasprintf("the app crashed (%s)", text);
		ev = SV_EV_CRASHED;
	}
	sv_report_add(t, sv_report_create(t, status, kind, summary));
	log_emit(ev == SV_EV_EXITED ? LOG_INFO : LOG_WARN,
	    "target %s: pid %ld %s after %llu ms", t->label, (long)t->pid,
	    text, (unsigned long long)t->last_uptime);
	if (ev == SV_EV_CRASHED || ev == SV_EV_LAUNCH_FAILED)
		sv_log_last_lines(t, 10);
	t->pid = 0;
	t->exec_errno = 0;
	probe_stop(t->probe, summary);
	sv_fire(t, ev, summary);
	free(summary);
	free(text);
	sv_check_shutdown();
}

void
sv_log_last_lines(struct target *t, int n)
{
	const struct sv_line	**last;
	int			  i, k;

	last = sv_last_lines(t, n, &k);
	for (i = 0; i < k; i++)
		log_warnx("target %s: | %.300s", t->label, last[i]->text);
	free(last);
}

static int
sv_pipe(int fds[2], char **cause)
{
	if (pipe2(fds, O_CLOEXEC) == -1) {
		*cause = xasprintf("pipe: %s", strerror(errno));
		return (-1);
	}
	util_set_nonblock(fds[0]);
	return (0);
}

/* Start the app through the launcher. */
static void
sv_spawn(struct target *t)
{
	struct target_config	*tc = t->cfg;
	struct launch_spawn	 ls;
	int			 out[2] = { -1, -1 }, err[2] = { -1, -1 };
	int			 st[2] = { -1, -1 }, i;
	char			*cause = NULL, *who = NULL, *msg;
	pid_t			 pid;

	if (t->attach) {
		t->spawn_ms = t->wait_since = util_now_ms();
		probe_start(t->probe, t->host, t->port, t->path);
		return;
	}

	if (tc->port == 0 && (t->port == 0 || launch_port_busy(t->port, &who))) {
		free(who);
		who = NULL;
		if ((t->port = launch_free_port()) == -1) {
			cause = xasprintf("no free port for port = auto: %s",
			    strerror(errno));
			goto fail;
		}
	} else if (tc->port != 0)
		t->port = tc->port;
	if (launch_port_busy(t->port, &who)) {
		cause = xasprintf("port %d is already in use%s%s: stop that "
		    "process or give this target another port (or port = "
		    "auto)", t->port, who != NULL ? " by " : "",
		    who != NULL ? who : "");
		free(who);
		goto fail;
	}

	if (sv_pipe(out, &cause) == -1 || sv_pipe(err, &cause) == -1 ||
	    sv_pipe(st, &cause) == -1)
		goto fail;
	launch_argv_free(t->argv);
	t->argv = launch_target_argv(tc->launcher != NULL ? tc->launcher :
	    sv_config->default_launcher, tc->probe, t->port, tc->command,
	    tc->args);
	memset(&ls, 0, sizeof ls);
	ls.argv = t->argv;
	ls.env = tc->env;
	ls.cwd = tc->cwd;
	ls.out_fd = out[1];
	ls.err_fd = err[1];
	ls.status_fd = st[1];
	if ((pid = launch_spawn(&ls, &cause)) == -1)
		goto fail;
	close(out[1]);
	close(err[1]);
	close(st[1]);
	t->pid = pid;
	t->starts++;
	t->spawn_ms = t->wait_since = util_now_ms();
	t->spawn_wall = util_wall_ms();
	t->stop_requested = 0;
	t->exec_errno = 0;
	sv_stream_open(&t->out[SV_STDOUT], out[0]);
	sv_stream_open(&t->out[SV_STDERR], err[0]);
	if (t->status_fd != -1) {
		ev_io_stop(sv_loop, &t->status_io);
		close(t->status_fd);
	}
	t->status_fd = st[0];
	ev_io_init(&t->status_io, sv_status_cb, t->status_fd, EV_READ);
	t->status_io.data = t;
	ev_io_start(sv_loop, &t->status_io);
	ev_child_set(&t->child, pid, 0);
	ev_child_start(sv_loop, &t->child);
	sv_timer_arm(t, sv_config->ready_timeout);
	log_info("target %s: started pid %ld: %s on port %d", t->label,
	    (long)pid, tc->command, t->port);
	probe_start(t->probe, "127.0.0.1", t->port, "/");
	return;

fail:
	for (i = 0; i < 2; i++) {
		if (out[i] != -1)
			close(out[i]);
		if (err[i] != -1)
			close(err[i]);
		if (st[i] != -1)
			close(st[i]);
	}
	msg = xasprintf("cannot start: %s", cause);
	log_warnx("target %s: %s", t->label, msg);
	t->spawn_ms = t->wait_since = util_now_ms();
	t->last_uptime = 0;
	sv_report_add(t, sv_report_create(t, 0, "launch-failed", msg));
	/* Maybe transient (a port still held by a dying app): retry. */
	sv_enter(t, SV_CRASHED, msg);
	sv_fire(t, SV_EV_DECIDE, NULL);
	free(msg);
	free(cause);
}

/* --- the outside world ----------------------------------------------- */

/* The probe answered: the target is ready. */
void
sv_probe_ready(struct target *t)
{
	char	*why;

	/* Since the start, or since the connection was lost. */
	why = xasprintf("probe answered in %llu ms",
	    (unsigned long long)(util_now_ms() - t->wait_since));
	sv_fire(t, SV_EV_READY, why);
	free(why);
}

static void
sv_lost_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct target	*t = w->data;

	/*
	 * Back already (a close frame, then a reconnection within the grace):
	 * the ready event came while still ready, and no other will come.
	 */
	if (!probe_is_ready(t->probe))
		sv_fire(t, SV_EV_PROBE_LOST, t->lost_why);
	free(t->lost_why);
	t->lost_why = NULL;
}

/*
 * The connection to the probe went away while the app may still run.  An
 * app that exits closes the connection a moment before its exit status
 * arrives: wait that moment, so an exit is reported as an exit and not as
 * a lost connection first.
 */
void
sv_probe_lost(struct target *t, const char *why)
{
	if (t->attach || t->pid <= 0) {
		sv_fire(t, SV_EV_PROBE_LOST, why);
		return;
	}
	free(t->lost_why);
	t->lost_why = xstrdup(why);
	ev_timer_stop(sv_loop, &t->lost_timer);
	ev_timer_set(&t->lost_timer, SV_LOST_GRACE / 1000.0, 0.);
	ev_timer_start(sv_loop, &t->lost_timer);
}

int
sv_start(struct target *t, const char *why)
{
	sv_fire(t, SV_EV_START, why);
	return (0);
}

void
sv_restart(struct target *t, const char *why)
{
	sv_fire(t, SV_EV_RESTART, why);
}

void
sv_stop(struct target *t, const char *why)
{
	sv_fire(t, SV_EV_STOP, why);
}

static struct target *
sv_target_create(const char *name)
{
	struct target	*t;
	int		 i;

	t = xcalloc(1, sizeof *t);
	t->name = xstrdup(name);
	t->label = xstrdup(name[0] != '\0' ? name : "app");
	t->state = SV_STOPPED;
	t->state_since = util_now_ms();
	t->status_fd = -1;
	t->cause = xstrdup("not started yet");
	ev_timer_init(&t->timer, sv_timer_cb, 0., 0.);
	t->timer.data = t;
	ev_timer_init(&t->lost_timer, sv_lost_cb, 0., 0.);
	t->lost_timer.data = t;
	ev_child_init(&t->child, sv_child_cb, 0, 0);
	t->child.data = t;
	for (i = 0; i < 2; i++) {
		t->out[i].target = t;
		t->out[i].which = i;
		t->out[i].fd = -1;
	}
	return (t);
}

/*
 * Create the targets of the configuration, or the one attach-mode target
 * when there are none.  Nothing starts yet.
 */
int
sv_init(struct ev_loop *loop, struct config *cfg, char **cause)
{
	struct target	*t;
	int		 i, j;

	sv_loop = loop;
	sv_config = cfg;
	if (cfg->ntargets == 0) {
		t = sv_target_create("");
		t->attach = 1;
		if (probe_parse_url(cfg->ws_url, &t->host, &t->port, &t->path,
		    cause) == -1) {
			free(t);
			return (-1);
		}
		t->url = xstrdup(cfg->ws_url);
		t->probe = probe_create(t);
		sv_targets = xcalloc(1, sizeof *sv_targets);
		sv_targets[0] = t;
		sv_ntargets = 1;
		return (0);
	}
	sv_targets = xcalloc(cfg->ntargets, sizeof *sv_targets);
	for (i = 0; i < cfg->ntargets; i++) {
		t = sv_target_create(cfg->targets[i]->name);
		t->cfg = cfg->targets[i];
		t->port = t->cfg->port;
		for (j = 0; j < 2; j++)
			sv_ring_init(&t->out[j].ring, t->cfg->output_lines);
		t->probe = probe_create(t);
		sv_targets[sv_ntargets++] = t;
	}
	return (0);
}

void
sv_start_all(void)
{
	int	i;

	for (i = 0; i < sv_ntargets; i++)
		sv_start(sv_targets[i], "qtmcp started");
}

/* Call done once every target is stopped and every child reaped. */
void
sv_check_shutdown(void)
{
	void	(*done)(void) = sv_shutdown_done;
	int	  i;

	if (done == NULL)
		return;
	for (i = 0; i < sv_ntargets; i++) {
		if (sv_targets[i]->pid > 0)
			return;
	}
	sv_shutdown_done = NULL;
	done();
}

/* Stop everything; done() runs when the last child is reaped. */
void
sv_shutdown(void (*done)(void))
{
	int	i;

	sv_shutdown_done = done;
	for (i = 0; i < sv_ntargets; i++) {
		sv_targets[i]->restart_pending = 0;
		sv_stop(sv_targets[i], "qtmcp is shutting down");
	}
	sv_check_shutdown();
}

static void
sv_target_free(struct target *t)
{
	int	i;

	ev_timer_stop(sv_loop, &t->timer);
	ev_timer_stop(sv_loop, &t->lost_timer);
	free(t->lost_why);
	ev_child_stop(sv_loop, &t->child);
	if (t->status_fd != -1) {
		ev_io_stop(sv_loop, &t->status_io);
		close(t->status_fd);
	}
	for (i = 0; i < 2; i++) {
		sv_stream_close(&t->out[i]);
		sv_ring_free(&t->out[i].ring);
	}
	for (i = 0; i < t->nreports; i++)
		sv_report_free(t->reports[i]);
	probe_free(t->probe);
	launch_argv_free(t->argv);
	free(t->host);
	free(t->path);
	free(t->url);
	free(t->cause);
	free(t->label);
	free(t->name);
	free(t);
}

void
sv_free(void)
{
	int	i;

	for (i = 0; i < sv_ntargets; i++)
		sv_target_free(sv_targets[i]);
	free(sv_targets);
	sv_targets = NULL;
	sv_ntargets = 0;
}

/*
 * events.c: what the probe pushes without being asked -- signal emissions
 * after qt_signals_subscribe, object lifecycle events -- kept per target
 * in a bounded ring (max_events), numbered across targets so a reader can
 * ask for "everything after N".  The oldest events make room for new ones
 * and the drops are counted, so a notification storm costs bounded memory.
 */

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "qtmcp.h"

struct event {
	uint64_t	 seq;
	uint64_t	 wall;
	char		*method;
	cJSON		*params;
};

struct event_ring {
	struct target	*target;
	struct event	*ev;
	int		 size;
	int		 head;
	int		 count;
	uint64_t	 dropped;
	uint64_t	 total;
};

#define EVENTS_MAX_SIZE	(64 * 1024)	/* bytes of a notification kept */

struct event_waiter {
	events_wait_cb		 cb;
	void			*arg;
	struct event_waiter	*next;
};

static struct event_ring	*ev_rings;
static int			 ev_nrings;
static uint64_t			 ev_seq;
static struct event_waiter	*ev_waiters;

void
events_init(int max_events)
{
	int	i;

	ev_nrings = sv_count();
	ev_rings = xcalloc(ev_nrings, sizeof *ev_rings);
	for (i = 0; i < ev_nrings; i++) {
		ev_rings[i].target = sv_target(i);
		ev_rings[i].size = max_events;
		ev_rings[i].ev = xcalloc(max_events, sizeof *ev_rings[i].ev);
	}
}

void
events_free(void)
{
	struct event_waiter	*w;
	int			 i, j;

	for (i = 0; i < ev_nrings; i++) {
		for (j = 0; j < ev_rings[i].size; j++) {
			free(ev_rings[i].ev[j].method);
			cJSON_Delete(ev_rings[i].ev[j].params);
		}
		free(ev_rings[i].ev);
	}
	free(ev_rings);
	ev_rings = NULL;
	ev_nrings = 0;
	while ((w = ev_waiters) != NULL) {
		ev_waiters = w->next;
		free(w);
	}
}

static struct event_ring *
events_ring(struct target *t)
{
	int	i;

	for (i = 0; i < ev_nrings; i++) {
		if (ev_rings[i].target == t)
			return (&ev_rings[i]);
	}
	return (NULL);
}

static const struct event *
events_get(const struct event_ring *r, int i)
{
	return (&r->ev[(r->head + r->size - r->count + i) % r->size]);
}

uint64_t
events_last_seq(void)
{
	return (ev_seq);
}

/*
 * A notification from the probe of target t, of size bytes.  Signal and
 * object events are a few hundred bytes; a larger one is kept without its
 * params, so that max_events bounds memory, whatever the probe sends.
 */
void
events_add(struct target *t, const char *method, const cJSON *params,
    size_t size)
{
	struct event_ring	*r;
	struct event		*e;
	struct event_waiter	*w, *next;

	if ((r = events_ring(t)) == NULL || r->size == 0)
		return;
	e = &r->ev[r->head];
	if (r->count == r->size) {
		r->dropped++;
		free(e->method);
		cJSON_Delete(e->params);
	} else
		r->count++;
	e->seq = ++ev_seq;
	e->wall = util_wall_ms();
	e->method = xstrdup(method);
	if (size > EVENTS_MAX_SIZE) {
		e->params = cJSON_CreateObject();
		cJSON_AddNumberToObject(e->params, "bytes", (double)size);
		cJSON_AddStringToObject(e->params, "note", "params left out: "
		    "the notification was larger than 64 KiB");
	} else
		e->params = params != NULL ? cJSON_Duplicate(params, 1) : NULL;
	r->head = (r->head + 1) % r->size;
	r->total++;
	mcp_resource_changed(EVENTS_URI);
	for (w = ev_waiters; w != NULL; w = next) {
		next = w->next;
		w->cb(w->arg);
	}
}

void
events_wait(events_wait_cb cb, void *arg)
{
	struct event_waiter	*w;

	w = xcalloc(1, sizeof *w);
	w->cb = cb;
	w->arg = arg;
	w->next = ev_waiters;
	ev_waiters = w;
}

void
events_unwait(events_wait_cb cb, void *arg)
{
	struct event_waiter	**pp, *w;

	for (pp = &ev_waiters; (w = *pp) != NULL; pp = &w->next) {
		if (w->cb == cb && w->arg == arg) {
			*pp = w->next;
			free(w);
			return;
		}
	}
}

/* "qtmcp.signalEmitted" -> "signal", etc. */
static const char *
events_type(const char *method)
{
	const char	*dot = strrchr(method, '.');
	const char	*name = dot != NULL ? dot + 1 : method;

	if (strcmp(name, "signalEmitted") == 0)
		return ("signal");
	if (strcmp(name, "objectCreated") == 0)
		return ("created");
	if (strcmp(name, "objectDestroyed") == 0)
		return ("destroyed");
	return ("other");
}

static int
events_match(const struct event *e, uint64_t since, const char *sub)
{
	const cJSON	*v;

	if (e->seq <= since)
		return (0);
	if (sub == NULL)
		return (1);
	v = cJSON_GetObjectItemCaseSensitive(e->params, "subscriptionId");
	return (cJSON_IsString(v) && strcmp(v->valuestring, sub) == 0);
}

/* How many events of t (NULL: all targets) come after since. */
int
events_count(struct target *t, uint64_t since, const char *sub)
{
	int	i, j, n = 0;

	for (i = 0; i < ev_nrings; i++) {
		if (t != NULL && ev_rings[i].target != t)
			continue;
		for (j = 0; j < ev_rings[i].count; j++)
			n += events_match(events_get(&ev_rings[i], j), since,
			    sub);
	}
	return (n);
}

/*
 * The events of t (NULL: all) after since, oldest first, at most limit
 * (0: no limit) -- the newest ones when there are more.  "next" is the
 * cursor to pass as since next time.
 */
cJSON *
events_json(struct target *t, uint64_t since, const char *sub, int limit)
{
	cJSON			*out, *list, *o, *v;
	const struct event	**all;
	const struct event	*e;
	char			 stamp[40];
	uint64_t		 dropped = 0, next = since;
	int			 i, j, n = 0, total, first;

	total = events_count(t, since, sub);
	all = xcalloc(total + 1, sizeof *all);
	for (i = 0; i < ev_nrings; i++) {
		if (t != NULL && ev_rings[i].target != t)
			continue;
		dropped += ev_rings[i].dropped;
		for (j = 0; j < ev_rings[i].count; j++) {
			e = events_get(&ev_rings[i], j);
			if (events_match(e, since, sub))
				all[n++] = e;
		}
	}
	/* Merge order across targets: by sequence number. */
	for (i = 1; i < n; i++) {
		e = all[i];
		for (j = i; j > 0 && all[j - 1]->seq > e->seq; j--)
			all[j] = all[j - 1];
		all[j] = e;
	}
	first = limit > 0 && n > limit ? n - limit : 0;
	out = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(out, "events");
	for (i = first; i < n; i++) {
		e = all[i];
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "seq", (double)e->seq);
		cJSON_AddStringToObject(o, "time", util_iso_time(e->wall, stamp,
		    sizeof stamp));
		for (j = 0; j < ev_nrings; j++) {
			if (e >= ev_rings[j].ev &&
			    e < ev_rings[j].ev + ev_rings[j].size) {
				cJSON_AddStringToObject(o, "app",
				    ev_rings[j].target->label);
				break;
			}
		}
		cJSON_AddStringToObject(o, "type", events_type(e->method));
		cJSON_AddStringToObject(o, "method", e->method);
		if (e->params != NULL && cJSON_IsObject(e->params)) {
			cJSON_ArrayForEach(v, e->params)
				cJSON_AddItemToObject(o, v->string,
				    cJSON_Duplicate(v, 1));
		} else if (e->params != NULL)
			cJSON_AddItemToObject(o, "params",
			    cJSON_Duplicate(e->params, 1));
		cJSON_AddItemToArray(list, o);
		next = e->seq;
	}
	if (n == 0 && since < ev_seq && sub == NULL && t == NULL)
		next = ev_seq;
	cJSON_AddNumberToObject(out, "next", (double)(next > since ? next :
	    since));
	cJSON_AddNumberToObject(out, "omitted", first);
	cJSON_AddNumberToObject(out, "dropped", (double)dropped);
	if (dropped > 0)
		cJSON_AddStringToObject(out, "note", "older events were dropped: "
		    "the buffer keeps max_events per application");
	free(all);
	return (out);
}

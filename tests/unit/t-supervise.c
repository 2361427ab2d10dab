/*
 * t-supervise.c: the supervisor's state table, every state x event pair,
 * against the behaviour the design asks for, and the backoff rule.
 */

#include <stdlib.h>
#include <string.h>

#include "qtmcp.h"
#include "../tap.h"

#define S(x)	SV_##x
#define A(x)	SV_ACT_##x
#define IGN	-1		/* ignored: same state, no action */

/*
 * What the design says, with the default policy (on-failure) and no flags:
 * one row per state, one column per event, in enum order:
 * start restart stop ready ready-timeout probe-lost exited crashed decide
 * timer stop-timeout launch-failed.
 */
struct want {
	int	next;
	int	action;
};
static const struct want plain[SV_NSTATES][SV_NEVENTS] = {
	[SV_STOPPED] = {
		{ S(STARTING), A(SPAWN) }, { S(STARTING), A(SPAWN) },
		{ IGN, 0 }, { IGN, 0 }, { IGN, 0 }, { IGN, 0 }, { IGN, 0 },
		{ IGN, 0 }, { IGN, 0 }, { IGN, 0 }, { IGN, 0 }, { IGN, 0 },
	},
	[SV_STARTING] = {
		{ IGN, 0 }, { S(STOPPING), A(TERM_RESTART) },
		{ S(STOPPING), A(TERM) }, { S(READY), A(READY) },
		{ S(STOPPING), A(TERM_FAIL) }, { IGN, 0 },
		{ S(EXITED), A(DECIDE) }, { S(CRASHED), A(DECIDE) },
		{ IGN, 0 }, { IGN, 0 }, { IGN, 0 }, { S(FAILED), A(NONE) },
	},
	[SV_READY] = {
		{ IGN, 0 }, { S(STOPPING), A(TERM_RESTART) },
		{ S(STOPPING), A(TERM) }, { IGN, 0 }, { IGN, 0 },
		{ S(STARTING), A(WAIT_READY) }, { S(EXITED), A(DECIDE) },
		{ S(CRASHED), A(DECIDE) }, { IGN, 0 }, { IGN, 0 }, { IGN, 0 },
		{ S(FAILED), A(NONE) },
	},
	[SV_EXITED] = {
		{ S(STARTING), A(SPAWN) }, { S(STARTING), A(SPAWN) },
		{ S(STOPPED), A(NONE) }, { IGN, 0 }, { IGN, 0 }, { IGN, 0 },
		{ IGN, 0 }, { IGN, 0 }, { IGN, 0 }, { IGN, 0 }, { IGN, 0 },
		{ IGN, 0 },
	},
	[SV_CRASHED] = {
		{ S(STARTING), A(SPAWN) }, { S(STARTING), A(SPAWN) },
		{ S(STOPPED), A(NONE) }, { IGN, 0 }, { IGN, 0 }, { IGN, 0 },
		{ IGN, 0 }, { IGN, 0 }, { S(BACKOFF), A(BACKOFF) }, { IGN, 0 },
		{ IGN, 0 }, { IGN, 0 },
	},
	[SV_BACKOFF] = {
		{ S(STARTING), A(SPAWN) }, { S(STARTING), A(SPAWN) },
		{ S(STOPPED), A(NONE) }, { IGN, 0 }, { IGN, 0 }, { IGN, 0 },
		{ IGN, 0 }, { IGN, 0 }, { IGN, 0 }, { S(STARTING), A(SPAWN) },
		{ IGN, 0 }, { IGN, 0 },
	},
	[SV_STOPPING] = {
		{ S(STOPPING), A(SET_RESTART) }, { S(STOPPING), A(SET_RESTART) },
		{ S(STOPPING), A(CLEAR_RESTART) }, { IGN, 0 }, { IGN, 0 },
		{ IGN, 0 }, { S(STOPPED), A(NONE) }, { S(STOPPED), A(NONE) },
		{ IGN, 0 }, { IGN, 0 }, { S(STOPPING), A(KILL) },
		{ S(STOPPED), A(NONE) },
	},
	[SV_FAILED] = {
		{ S(STARTING), A(SPAWN) }, { S(STARTING), A(SPAWN) },
		{ S(STOPPED), A(NONE) }, { IGN, 0 }, { IGN, 0 }, { IGN, 0 },
		{ IGN, 0 }, { IGN, 0 }, { IGN, 0 }, { IGN, 0 }, { IGN, 0 },
		{ IGN, 0 },
	},
};

static void
check(enum sv_state s, enum sv_event e, const struct sv_input *in, int next,
    int action, const char *what)
{
	struct sv_step	st = sv_step(s, e, in);

	if (next == IGN) {
		ok(st.next == s && st.action == SV_ACT_NONE,
		    "%s: %s + %s is ignored", what, sv_state_name(s),
		    sv_event_name(e));
		return;
	}
	ok(st.next == (enum sv_state)next && st.action ==
	    (enum sv_action)action, "%s: %s + %s -> %s", what,
	    sv_state_name(s), sv_event_name(e), sv_state_name(next));
	if (st.next != (enum sv_state)next || st.action !=
	    (enum sv_action)action)
		diag("  got %s, action %d; want action %d",
		    sv_state_name(st.next), st.action, action);
}

int
main(void)
{
	struct sv_input	in;
	int		s, e;

	memset(&in, 0, sizeof in);
	in.restart = RESTART_ON_FAILURE;
	for (s = 0; s < SV_NSTATES; s++)
		for (e = 0; e < SV_NEVENTS; e++)
			check(s, e, &in, plain[s][e].next, plain[s][e].action,
			    "on-failure");

	/* Policies at the decision after an end. */
	in.restart = RESTART_ALWAYS;
	check(SV_EXITED, SV_EV_DECIDE, &in, SV_BACKOFF, SV_ACT_BACKOFF,
	    "always");
	check(SV_CRASHED, SV_EV_DECIDE, &in, SV_BACKOFF, SV_ACT_BACKOFF,
	    "always");
	in.restart = RESTART_NEVER;
	check(SV_CRASHED, SV_EV_DECIDE, &in, IGN, 0, "never");
	check(SV_EXITED, SV_EV_DECIDE, &in, IGN, 0, "never");
	in.restart = RESTART_ON_FAILURE;
	check(SV_EXITED, SV_EV_DECIDE, &in, IGN, 0, "on-failure exit 0");
	in.give_up = 1;
	check(SV_CRASHED, SV_EV_DECIDE, &in, SV_FAILED, SV_ACT_NONE,
	    "too many failures");
	in.restart = RESTART_ALWAYS;
	check(SV_EXITED, SV_EV_DECIDE, &in, SV_FAILED, SV_ACT_NONE,
	    "always, too many exits");
	in.give_up = 0;
	in.restart = RESTART_ON_FAILURE;

	/* Stopping with a restart or a failure pending. */
	in.restart_pending = 1;
	check(SV_STOPPING, SV_EV_EXITED, &in, SV_STARTING, SV_ACT_SPAWN,
	    "restart pending");
	check(SV_STOPPING, SV_EV_CRASHED, &in, SV_STARTING, SV_ACT_SPAWN,
	    "restart pending");
	in.restart_pending = 0;
	in.fail_pending = 1;
	check(SV_STOPPING, SV_EV_EXITED, &in, SV_CRASHED, SV_ACT_DECIDE,
	    "not ready in time");
	check(SV_STOPPING, SV_EV_CRASHED, &in, SV_CRASHED, SV_ACT_DECIDE,
	    "not ready in time");
	in.fail_pending = 0;

	/* Backoff: immediate after a stable run, then doubling. */
	is_int(sv_next_backoff(0, 60000, 10000, 500, 30000), 0,
	    "a stable run restarts at once");
	is_int(sv_next_backoff(8000, 60000, 10000, 500, 30000), 0,
	    "a stable run resets the backoff");
	is_int(sv_next_backoff(0, 100, 10000, 500, 30000), 500,
	    "a quick failure waits backoff_min");
	is_int(sv_next_backoff(500, 100, 10000, 500, 30000), 1000,
	    "the next one twice that");
	is_int(sv_next_backoff(16000, 100, 10000, 500, 30000), 30000,
	    "capped at backoff_max");
	is_int(sv_next_backoff(30000, 100, 10000, 500, 30000), 30000,
	    "and stays there");

	/* Names. */
	for (s = 0; s < SV_NSTATES; s++)
		ok(strcmp(sv_state_name(s), "?") != 0, "state %d has a name",
		    s);
	is_str(sv_state_name(SV_BACKOFF), "backoff", "backoff's name");
	is_str(sv_state_name(SV_NSTATES), "?", "out of range");
	return (done_testing());
}

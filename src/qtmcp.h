/*
 * qtmcp.h: the one project header.  Structures, enums and prototypes,
 * grouped by the file that defines them, in Makefile order.
 */

#ifndef QTMCP_H
#define QTMCP_H

#include "config.h"

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <ev.h>

#ifndef nitems
#define nitems(a) (sizeof (a) / sizeof (a)[0])
#endif

#define printflike(a, b) __attribute__((format(printf, a, b)))
#define noreturn_fn __attribute__((noreturn))

#define QTMCP_DEFAULT_PORT	9222
#define QTMCP_PROBE_NAME	"libqtmcp-probe.so"

/* log.c */
enum {
	LOG_ERROR,
	LOG_WARN,
	LOG_INFO,
	LOG_DEBUG,
};
const char	*log_level_name(int);
void		 log_set_level(int);
int		 log_get_level(void);
void		 log_set_name(const char *);
int		 log_open(const char *, char **);
void		 log_attach(struct ev_loop *);
void		 log_detach(void);
void		 log_flush(int);
void		 log_vemit(int, const char *, va_list);
void		 log_emit(int, const char *, ...) printflike(2, 3);
void		 log_warn(const char *, ...) printflike(1, 2);
void		 log_warnx(const char *, ...) printflike(1, 2);
void		 log_info(const char *, ...) printflike(1, 2);
void		 log_debug(const char *, ...) printflike(1, 2);
void		 fatal(const char *, ...) printflike(1, 2) noreturn_fn;
void		 fatalx(const char *, ...) printflike(1, 2) noreturn_fn;

/* xmalloc.c */
void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
void		*xreallocarray(void *, size_t, size_t);
char		*xstrdup(const char *);
char		*xstrndup(const char *, size_t);
char		*xvasprintf(const char *, va_list);
char		*xasprintf(const char *, ...) printflike(1, 2);

/* util.c */
uint64_t	 util_now_ms(void);
uint64_t	 util_now_us(void);
uint64_t	 util_wall_ms(void);
long long	 util_strtonum(const char *, long long, long long, const char **);
int		 util_parse_port(const char *, int *, char **);
int		 util_parse_duration(const char *, uint64_t *, char **);
const char	*util_format_duration(uint64_t, char *, size_t);
const char	*util_iso_time(uint64_t, char *, size_t);
const char	*util_signal_name(int);
int		 util_signal_from_name(const char *, int *);
int		 util_set_nonblock(int);
void		 util_closefrom(int);
char		*util_self_dir(void);
char		*util_path_join(const char *, const char *);
int		 util_is_readable_file(const char *);
char		*util_find_program(const char *);
int		 util_parse_size(const char *, uint64_t *, char **);
const char	*util_format_size(uint64_t, char *, size_t);
char		**util_split_args(const char *, int *, char **);
void		 util_free_args(char **);
char		*util_quote_arg(const char *);
size_t		 util_utf8_valid(const char *, size_t);
char		*util_utf8_repair(const char *, size_t, size_t *);
size_t		 util_utf8_cut(const char *, size_t);

/* json.c */
struct cJSON;
struct jbuf {
	char		*p;		/* NUL-terminated when not NULL */
	size_t		 len;
	size_t		 size;
};
void		 jbuf_add(struct jbuf *, const void *, size_t);
void		 jbuf_free(struct jbuf *);
void		 json_print_to(struct jbuf *, const struct cJSON *);
char		*json_print(const struct cJSON *, size_t *);

/* launch.c */
struct launch_opts {
	int		  detach;
	int		  quiet;
	int		  help;
	int		  version;
	const char	 *port;		/* -p value, or NULL */
	const char	 *probe;	/* --probe value, or NULL */
	const char	 *program;
	const char	**args;		/* the program's arguments */
	int		  nargs;
};
struct launch_candidate {
	char		*path;
	const char	*origin;	/* where the candidate comes from */
	int		 explicit;	/* named by the user: must exist */
};
int		 launch_parse_args(int, char **, struct launch_opts *, char **);
void		 launch_opts_free(struct launch_opts *);
int		 launch_resolve_port(const char *, const char *, int *, char **);
size_t		 launch_probe_candidates(const char *, const char *,
		     const char *, const char *, struct launch_candidate *,
		     size_t);
void		 launch_candidates_free(struct launch_candidate *, size_t);
char		*launch_find_probe(const char *, const char *, const char *,
		     const char *, char **);
char		*launch_preload(const char *, const char *);
int		 launch_exec_status(int);
struct launch_spawn {
	char		**argv;
	char		**env;		/* NAME=value added, or NULL */
	const char	 *cwd;		/* NULL: unchanged */
	int		  out_fd;	/* child's stdout, or -1 */
	int		  err_fd;	/* child's stderr, or -1 */
	int		  status_fd;	/* gets errno if exec fails, or -1 */
};
char		**launch_target_argv(const char *, const char *, int,
		     const char *, char *const *);
void		 launch_argv_free(char **);
pid_t		 launch_spawn(const struct launch_spawn *, char **);
int		 launch_port_busy(int, char **);
unsigned long	 launch_socket_inode(int, int, int);
char		*launch_inode_owner(unsigned long);
int		 launch_free_port(void);

/* config.c */
enum restart_policy {
	RESTART_ON_FAILURE,
	RESTART_ALWAYS,
	RESTART_NEVER,
};
#define MODE_NATIVE	0x1
#define MODE_CU		0x2
#define MODE_CHROME	0x4
#define MODE_ALL	(MODE_NATIVE|MODE_CU|MODE_CHROME)
#define CONFIG_NKEYS	27	/* entries in config.c's key table */
struct target_config {
	char			 *name;		/* "" for [target], else NAME */
	int			  line;		/* line of the section header */
	char			 *command;	/* program; NULL: none set */
	char			**args;		/* NULL-terminated */
	int			  nargs;
	char			 *cwd;		/* NULL: qtmcp's own */
	char			**env;		/* "NAME=value", NULL-terminated */
	int			  nenv;
	int			  port;		/* 0: auto, a free port at start */
	char			 *launcher;	/* NULL: qtmcp-launch */
	char			 *probe;	/* NULL: the launcher searches */
	enum restart_policy	  restart;
	uint64_t		  backoff_min;	/* all durations in ms */
	uint64_t		  backoff_max;
	uint64_t		  stable_time;
	int			  max_restarts;
	uint64_t		  restart_window;
	int			  stop_signal;
	uint64_t		  stop_timeout;
	int			  output_lines;
	char			 *output_file;	/* NULL: none */
	char			 *where[CONFIG_NKEYS]; /* see config.c */
};
struct config {
	char			 *file;		/* file read, or NULL */
	int			  mode;		/* MODE_* bits */
	char			 *ws_url;	/* attach mode: probe address */
	int			  log_level;
	char			 *log_file;	/* NULL: stderr */
	uint64_t		  request_timeout;
	uint64_t		  ready_timeout;
	int			  allow_remote;
	uint64_t		  max_message;	/* bytes */
	uint64_t		  max_image_bytes;
	int			  max_events;
	struct target_config	**targets;
	int			  ntargets;
	int			  default_port;	/* QTMCP_PORT, else 9222 */
	char			 *default_launcher; /* for launcher NULL */
	char			 *where[CONFIG_NKEYS]; /* see config.c */
};
enum config_type {
	CONFIG_ENUM,
	CONFIG_BOOL,
	CONFIG_INT,
	CONFIG_DURATION,	/* uint64_t milliseconds */
	CONFIG_SIZE,		/* uint64_t bytes */
	CONFIG_PORT,		/* 1-65535, or auto (0) */
	CONFIG_SIGNAL,
	CONFIG_PROGRAM,		/* a required program path or name */
	CONFIG_PATH,		/* optional: empty or the default is NULL */
	CONFIG_URL,		/* ws://host[:port][/path] */
	CONFIG_ARGS,		/* shell-like words */
	CONFIG_ENV,		/* NAME=value, repeatable */
};
struct config_choice {
	const char		*name;
	int			 value;
};
struct config_key {
	const char		*section;	/* "qtmcp" or "target" */
	const char		*name;
	enum config_type	 type;
	const char		*deflt;		/* as text; NULL: required */
	long long		 min;		/* bounds: ms, bytes, numbers */
	long long		 max;
	const struct config_choice *choices;	/* CONFIG_ENUM, NULL-ended */
	size_t			 off;		/* in config or target_config */
	const char		*help;
};
const struct config_key	*config_keys(size_t *);
char		*config_key_expect(const struct config_key *);
const char	*config_mode_name(int);
int		 config_parse_mode(const char *, int *);
struct config	*config_create(void);
void		 config_free(struct config *);
int		 config_load_file(struct config *, const char *, char **);
int		 config_load_string(struct config *, const char *,
		     const char *, char **);
char		*config_find_file(char **);
int		 config_set(struct config *, struct target_config *,
		     const char *, const char *, const char *, char **);
int		 config_apply_env(struct config *, char **);
struct target_config *config_cli_target(struct config *, char **);
int		 config_validate(struct config *, char **);
char		*config_find_launcher(const char *);
int		 config_check_files(struct config *, char **);
void		 config_print(struct config *, FILE *);

/* supervise.c */
enum sv_state {
	SV_STOPPED,
	SV_STARTING,
	SV_READY,
	SV_EXITED,
	SV_CRASHED,
	SV_BACKOFF,
	SV_STOPPING,
	SV_FAILED,
	SV_NSTATES
};
enum sv_event {
	SV_EV_START,		/* asked to start */
	SV_EV_RESTART,		/* asked to restart */
	SV_EV_STOP,		/* asked to stop */
	SV_EV_READY,		/* the probe answered */
	SV_EV_READY_TIMEOUT,	/* ... or did not within ready_timeout */
	SV_EV_PROBE_LOST,	/* the connection went, the process may not */
	SV_EV_EXITED,		/* normal end (exit 0, probe unload crash) */
	SV_EV_CRASHED,		/* death by signal or non-zero exit */
	SV_EV_DECIDE,		/* apply the restart policy */
	SV_EV_TIMER,		/* the backoff delay is over */
	SV_EV_STOP_TIMEOUT,	/* still alive after stop_timeout */
	SV_EV_LAUNCH_FAILED,	/* the launcher could not run the app */
	SV_NEVENTS
};
enum sv_action {
	SV_ACT_NONE,		/* just enter the next state */
	SV_ACT_SPAWN,		/* start the process */
	SV_ACT_READY,		/* mark ready, note the start-up time */
	SV_ACT_WAIT_READY,	/* wait for the probe again */
	SV_ACT_TERM,		/* stop_signal, wait stop_timeout */
	SV_ACT_TERM_FAIL,	/* the same, then count it as a failure */
	SV_ACT_TERM_RESTART,	/* the same, then start again */
	SV_ACT_KILL,		/* SIGKILL the process group */
	SV_ACT_SET_RESTART,	/* start again once stopped */
	SV_ACT_CLEAR_RESTART,	/* do not */
	SV_ACT_DECIDE,		/* record the end, apply the policy */
	SV_ACT_BACKOFF,		/* wait before the next start */
};
struct sv_input {
	enum restart_policy	restart;
	int			restart_pending;
	int			fail_pending;
	int			give_up;	/* too many failures */
};
struct sv_step {
	enum sv_state	next;
	enum sv_action	action;
};
#define SV_STDOUT	0
#define SV_STDERR	1
#define SV_LINE_MAX	1024	/* bytes kept of one output line */
#define SV_REPORTS	10	/* crash reports kept per target */
#define SV_REPORT_LINES	20	/* output lines in a report */
#define SV_FAIL_HISTORY	1024	/* > the largest max_restarts */
struct sv_line {
	uint64_t	 wall;		/* ms since the epoch */
	uint64_t	 seq;		/* arrival order across streams */
	char		*text;
	size_t		 cut;		/* bytes of the line not kept */
};
struct sv_ring {
	struct sv_line	*lines;
	int		 size;
	int		 head;
	int		 count;
};
struct target;
struct sv_stream {
	struct target	*target;
	int		 which;		/* SV_STDOUT or SV_STDERR */
	int		 fd;
	ev_io		 io;
	char		 partial[SV_LINE_MAX];
	size_t		 plen;
	size_t		 pcut;
	struct sv_ring	 ring;
	uint64_t	 bytes;
	uint64_t	 lines;
	uint64_t	 cut_lines;
};
struct sv_report {
	uint64_t	 wall;		/* when, ms since the epoch */
	pid_t		 pid;
	int		 status;	/* wait status */
	const char	*kind;		/* crash exit stopped not-ready launch-failed */
	char		*summary;
	uint64_t	 uptime;	/* ms */
	int		 restarts;
	char		**lines;	/* the last output lines */
	int		 nlines;
};
struct probe;
struct target {
	char			*name;		/* "" for the single [target] */
	char			*label;		/* name, or "app" */
	struct target_config	*cfg;		/* NULL in attach mode */
	int			 attach;	/* connect only, no process */
	char			*url;		/* attach mode: ws_url */
	char			*host;		/* probe address */
	int			 port;
	char			*path;

	enum sv_state		 state;
	uint64_t		 state_since;	/* monotonic ms */
	char			*cause;		/* of the last transition */
	pid_t			 pid;		/* 0 when none */
	char			**argv;		/* launcher command line */
	ev_child		 child;
	ev_timer		 timer;		/* ready, stop or backoff */
	ev_timer		 lost_timer;	/* probe lost: exit coming? */
	char			*lost_why;
	int			 status_fd;	/* exec status pipe */
	ev_io			 status_io;
	int			 exec_errno;
	struct sv_stream	 out[2];
	int			 output_file_warned;

	uint64_t		 spawn_ms;	/* monotonic */
	uint64_t		 wait_since;	/* for the probe, since */
	uint64_t		 spawn_wall;
	uint64_t		 ready_ms;
	uint64_t		 ready_latency;	/* exec -> ready, ms */
	uint64_t		 last_uptime;
	int			 ready_once;	/* ready since the last spawn */
	int			 starts;
	int			 restarts;	/* automatic ones */
	uint64_t		 backoff;	/* current delay, ms */
	uint64_t		 fail_times[SV_FAIL_HISTORY];
	int			 fail_next;
	int			 fail_recent;
	int			 stop_requested;
	int			 restart_pending;
	int			 fail_pending;
	struct sv_report	*reports[SV_REPORTS];
	int			 nreports;

	struct probe		*probe;
	void			*mcp;		/* the MCP layer's data */
};
typedef void (*sv_observer_cb)(struct target *, enum sv_state);
const char	*sv_state_name(enum sv_state);
const char	*sv_event_name(enum sv_event);
struct sv_step	 sv_step(enum sv_state, enum sv_event, const struct sv_input *);
uint64_t	 sv_next_backoff(uint64_t, uint64_t, uint64_t, uint64_t,
		     uint64_t);
void		 sv_set_observer(sv_observer_cb);
int		 sv_count(void);
struct target	*sv_target(int);
struct target	*sv_find_label(const char *);
int		 sv_coming(struct target *);
const struct sv_line *sv_ring_get(const struct sv_ring *, int);
int		 sv_probe_noise(const char *);
const struct sv_line **sv_last_lines(struct target *, int, int *);
void		 sv_report_free(struct sv_report *);
const struct sv_report *sv_last_report(struct target *);
char		*sv_status_text(int);
void		 sv_log_not_ready(struct target *);
void		 sv_log_last_lines(struct target *, int);
void		 sv_probe_ready(struct target *);
void		 sv_probe_lost(struct target *, const char *);
int		 sv_start(struct target *, const char *);
void		 sv_restart(struct target *, const char *);
void		 sv_stop(struct target *, const char *);
int		 sv_init(struct ev_loop *, struct config *, char **);
void		 sv_start_all(void);
void		 sv_check_shutdown(void);
void		 sv_shutdown(void (*)(void));
void		 sv_free(void);

/* probe.c */
enum probe_kind {
	PROBE_OK,		/* result */
	PROBE_ERROR,		/* the probe's JSON-RPC error */
	PROBE_TIMEOUT,		/* no answer within the deadline */
	PROBE_LOST,		/* the connection went away */
	PROBE_TOO_BIG,		/* the answer was over max_message */
};
#define PROBE_CODE_TIMEOUT	-32098	/* qtmcp's own codes for the above */
#define PROBE_CODE_LOST		-32099
struct probe_result {
	enum probe_kind	 kind;
	int		 code;		/* error code */
	char		*message;	/* error text */
	struct cJSON	*data;		/* error data, or NULL */
	struct cJSON	*response;	/* the whole message; a callback may
					   take it by setting this NULL */
	struct cJSON	*result;	/* its "result" member */
	struct cJSON	*payload;	/* result.result if enveloped */
	struct cJSON	*meta;		/* result.meta if enveloped */
	const char	*method;
	uint64_t	 elapsed_us;
	uint64_t	 handle;
};
struct probe_stats {
	uint64_t	attempts;
	uint64_t	connects;
	uint64_t	losses;
	uint64_t	requests;
	uint64_t	answers;
	uint64_t	errors;
	uint64_t	timeouts;
	uint64_t	cancelled;
	uint64_t	late;
	uint64_t	unknown;
	uint64_t	garbage;
	uint64_t	oversized;
	uint64_t	notifications;
	uint64_t	bytes_in;
	uint64_t	bytes_out;
	uint64_t	refusals;
};
typedef void (*probe_cb)(struct probe_result *, void *);
typedef void (*probe_notify_cb)(struct target *, const char *, struct cJSON *,
		    size_t, void *);
void		 probe_prepare(struct ev_loop *, const struct config *);
int		 probe_init(struct ev_loop *, const struct config *, char **);
void		 probe_shutdown(void);
int		 probe_parse_url(const char *, char **, int *, char **, char **);
int		 probe_is_loopback(const char *);
struct probe	*probe_create(struct target *);
void		 probe_free(struct probe *);
void		 probe_set_notify(struct probe *, probe_notify_cb, void *);
int		 probe_is_ready(const struct probe *);
const char	*probe_version(const struct probe *);
const struct probe_stats *probe_stats(const struct probe *);
const char	*probe_lost_reason(const struct probe *);
void		 probe_start(struct probe *, const char *, int, const char *);
void		 probe_stop(struct probe *, const char *);
uint64_t	 probe_call(struct probe *, const char *, struct cJSON *,
		     uint64_t, probe_cb, void *, char **);
void		 probe_cancel(struct probe *, uint64_t);
void		 probe_feed(struct probe *, const char *, size_t);

/* jsonrpc.c */
#define RPC_MAX_LINE		(8 * 1024 * 1024)	/* bytes in one message */
#define RPC_PARSE_ERROR		-32700
#define RPC_INVALID_REQUEST	-32600
#define RPC_METHOD_NOT_FOUND	-32601
#define RPC_INVALID_PARAMS	-32602
#define RPC_INTERNAL_ERROR	-32603
#define RPC_NOT_INITIALIZED	-32002
enum rpc_kind {
	RPC_INVALID,
	RPC_REQUEST,
	RPC_NOTIFICATION,
	RPC_RESPONSE,
	RPC_BATCH,
};
struct rpc_stats {
	uint64_t	messages_in;
	uint64_t	messages_out;
	uint64_t	bytes_in;
	uint64_t	bytes_out;
	uint64_t	errors;
	uint64_t	dropped;	/* notifications the host missed */
	uint64_t	pauses;
	size_t		queued;
};
typedef void (*rpc_message_cb)(struct cJSON *, int);
typedef void (*rpc_eof_cb)(void);
int		 rpc_send(struct cJSON *, int);
const struct rpc_stats *rpc_stats(void);
struct cJSON	*rpc_id_copy(const struct cJSON *);
void		 rpc_set_omit_null_id(int);
void		 rpc_send_error(const struct cJSON *, int, const char *,
		     struct cJSON *);
int		 rpc_send_notification(const char *, struct cJSON *);
int		 rpc_classify(const struct cJSON *, char **);
int		 rpc_valid_id(const struct cJSON *);
void		 rpc_dispatch(struct cJSON *);
int		 rpc_open_stdio(int *, int *, char **);
void		 rpc_init(struct ev_loop *, int, int, rpc_message_cb,
		     rpc_eof_cb);
void		 rpc_feed(const char *, size_t);
void		 rpc_stop_reading(void);
int		 rpc_output_pending(void);
void		 rpc_drain(int);

/* mcp.c */
#define STATUS_URI		"qtmcp://status"
#define EVENTS_URI		"qtmcp://events"
#define MCP_RESOURCE_NOT_FOUND	-32002
enum mcp_revision {
	REV_2024_11_05,
	REV_2025_03_26,
	REV_2025_06_18,
	REV_2025_11_25,
	REV_COUNT
};
struct mcp_batch;
struct mcp_req {
	struct cJSON		*id;		/* owned copy */
	struct mcp_batch	*batch;		/* NULL outside a batch */
};
const char	*mcp_revision_name(int);
int		 mcp_revision(void);
int		 mcp_init(struct ev_loop *, struct config *);
void		 mcp_message(struct cJSON *, int);
void		 mcp_reply(struct mcp_req *, struct cJSON *);
void		 mcp_reply_error(struct mcp_req *, int, const char *,
		     struct cJSON *);
void		 mcp_abandon(struct mcp_req *);
void		 mcp_progress(const struct cJSON *, double, double,
		     const char *);
void		 mcp_log(int, const char *, ...) printflike(2, 3);
void		 mcp_resource_changed(const char *);
void		 mcp_tools_changed(void);
void		 mcp_shutdown(void);

/* schema.c */
int		 schema_validate(const struct cJSON *, const struct cJSON *,
		     char **);
int		 schema_check(const struct cJSON *, char **);
void		 schema_strip_nulls(struct cJSON *, const struct cJSON *);

/* png.c */
struct qpng_fitted {
	char		*base64;	/* the image to send */
	int		 width;		/* of the PNG received */
	int		 height;
	size_t		 bytes;
	int		 out_width;	/* of the PNG sent */
	int		 out_height;
	size_t		 out_bytes;
	size_t		 max_bytes;
	int		 changed;	/* recompressed or scaled */
};
size_t		 qpng_base64_len(size_t);
char		*qpng_base64_encode(const unsigned char *, size_t);
unsigned char	*qpng_base64_decode(const char *, size_t *);
int		 qpng_info(const unsigned char *, size_t, int *, int *);
int		 qpng_fit(const unsigned char *, size_t, size_t,
		     unsigned char **, size_t *, int *, int *, char **);
int		 qpng_fit_base64(char *, size_t, struct qpng_fitted *,
		     char **);
int		 qpng_fit_answer(struct cJSON *, size_t, const char *,
		    const char *, struct qpng_fitted *, char **);
char		*qpng_describe(const struct qpng_fitted *);
double		 qpng_factor(const struct qpng_fitted *);

/* tools.c */
#define TOOL_READONLY		0x1	/* annotations */
#define TOOL_DESTRUCTIVE	0x2
#define TOOL_IDEMPOTENT		0x4
#define TOOL_OFFLOAD		0x8	/* present in a worker thread */
#define TOOL_ONE_APP		0x10	/* a local tool for one target */
struct tool_call;
struct tool {
	const char	*name;		/* MCP name, as the Python server's */
	const char	*method;	/* probe method; NULL: a local tool */
	int		 modes;		/* MODE_* bits; 0: every mode */
	const char	*title;
	const char	*description;
	const char	*input_schema;	/* JSON Schema text */
	const char	*output_schema;	/* JSON Schema text, or NULL */
	int		 hints;		/* TOOL_READONLY ... */
	/*
	 * Before validation: bring harmless variants of the arguments to
	 * their canonical form in place (e.g. "Right" -> "right").  May be
	 * NULL.
	 */
	void		(*normalize)(const struct tool *, struct cJSON *);
	/*
	 * After validation: turn the arguments (a copy, without "app") into
	 * the probe calls to make, appended to steps as objects
	 * {"method": ..., "params": {...}}; they run in order and stop at the
	 * first error.  Return -1 to refuse the call: *cause becomes the
	 * isError text.  NULL: one call of tool->method with the arguments.
	 */
	int		(*prepare)(const struct tool *, struct cJSON *,
			    struct cJSON *, char **);
	/*
	 * Present the probe's answer to the last step (kind PROBE_OK) by
	 * adding content to the CallToolResult being built.  Return -1 with
	 * *cause for an isError result instead.  NULL: the payload as
	 * compact JSON text, plus structuredContent where the revision has it.
	 */
	int		(*present)(const struct tool *, struct tool_call *,
			    struct probe_result *, struct cJSON *, char **);
	void		(*run)(struct tool_call *);	/* local tools */
};
extern const struct tool	 tools_native[];
extern const size_t		 tools_native_count;
extern const struct tool	 tools_cu[];
extern const size_t		 tools_cu_count;
extern const struct tool	 tools_chrome[];
extern const size_t		 tools_chrome_count;
extern const struct tool	 tools_qtmcp[];
extern const size_t		 tools_qtmcp_count;
int		 tools_init(struct config *, char **);
void		 tools_free(void);
char		*tools_unknown_text(const char *);
const struct tool *tools_find(const char *);
int		 tools_exposed(const struct tool *);
struct cJSON	*tools_list(int, int);
void		 tools_call(struct mcp_req *, const char *, struct cJSON *,
		     const struct cJSON *);
int		 tools_cancel(const struct cJSON *);
void		 tools_print(FILE *);
int		 tool_call_revision(const struct tool_call *);
struct cJSON	*tool_call_args(const struct tool_call *);
struct target	*tool_call_target(const struct tool_call *);
const struct config *tool_call_config(const struct tool_call *);
void		 tool_result_text(struct cJSON *, const char *);
void		 tool_result_image(struct cJSON *, char *, const char *);
void		 tool_result_structured(struct tool_call *, struct cJSON *,
		     struct cJSON *);
void		 tool_result_json(struct tool_call *, struct cJSON *,
		     struct cJSON *);
void		 tool_call_done(struct tool_call *, struct cJSON *);
void		 tool_call_fail(struct tool_call *, const char *, ...)
		     printflike(2, 3);
struct cJSON	*tools_result_ok(const char *);
char		*tools_not_running_text(struct target *, const char *);
void		 tools_target_changed(struct target *, enum sv_state);
void		 tool_call_when_ready(struct tool_call *,
		     void (*)(struct tool_call *));
void		 tool_call_set_local(struct tool_call *, void *,
		     void (*)(struct tool_call *));
void		*tool_call_local(struct tool_call *);

/* tool-cu.c */
void		 cu_lowercase(struct cJSON *, const char *);
int		 cu_text_lines(const char *, const char *, const char *,
		     struct cJSON **, char **);

/* events.c */
typedef void (*events_wait_cb)(void *);
void		 events_init(int);
void		 events_free(void);
uint64_t	 events_last_seq(void);
void		 events_add(struct target *, const char *, const struct cJSON *,
		     size_t);
void		 events_wait(events_wait_cb, void *);
void		 events_unwait(events_wait_cb, void *);
int		 events_count(struct target *, uint64_t, const char *);
struct cJSON	*events_json(struct target *, uint64_t, const char *, int);

/* status.c */
void		 status_init(struct config *);
struct cJSON	*status_report_json(const struct sv_report *);
struct cJSON	*status_target_json(struct target *);
struct cJSON	*status_json_for(struct target *);
struct cJSON	*status_json(void);

#endif /* QTMCP_H */

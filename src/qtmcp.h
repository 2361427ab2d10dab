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
int		 log_level_from_string(const char *, int *);
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
const char	*util_signal_name(int);
int		 util_signal_from_name(const char *, int *);
int		 util_set_nonblock(int);
int		 util_set_cloexec(int);
void		 util_closefrom(int);
char		*util_self_dir(void);
char		*util_path_join(const char *, const char *);
int		 util_is_readable_file(const char *);
char		*util_find_program(const char *);

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
};

#endif /* QTMCP_H */

/*
 * console.c: the probe double's stderr lines and its console message
 * buffer.  The real probe logs through qDebug: every received message,
 * every reply and notification, in full (screenshots' base64 included),
 * and its Qt message handler keeps the last 1000 messages for
 * chr.readConsoleMessages.  Lines are written whole with write(2), and
 * block when nobody drains stderr, as the real probe does.
 */

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "double.h"

int	con_traffic = 1;	/* traffic lines on stderr */

struct con_msg {
	char	*type;
	char	*text;
	int64_t	 ts;
};

static struct con_msg	con_ring[CONSOLE_MAX];
static size_t		con_head;	/* next slot */
static size_t		con_count;
static int		con_installed;

void
con_write_all(int fd, const char *buf, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
		buf += n;
		len -= (size_t)n;
	}
}

static void
con_emit(const char *line, size_t len)
{
	char	*buf;

	buf = xcalloc(1, len + 1);
	memcpy(buf, line, len);
	buf[len] = '\n';
	con_write_all(STDERR_FILENO, buf, len + 1);
	free(buf);
}

/* The message handler is installed once the server listens. */
void
con_init(void)
{
	con_installed = 1;
}

void
con_record(const char *type, const char *text)
{
	struct con_msg	*m;

	if (!con_installed)
		return;
	m = &con_ring[con_head];
	free(m->type);
	free(m->text);
	m->type = xstrdup(type);
	m->text = xstrdup(text);
	m->ts = now_ms();
	con_head = (con_head + 1) % CONSOLE_MAX;
	if (con_count < CONSOLE_MAX)
		con_count++;
}

/* A line on stderr that the message buffer does not see. */
void
con_raw(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		abort();
	va_end(ap);
	con_emit(s, strlen(s));
	free(s);
}

/* A qDebug()-like message: recorded, and printed. */
void
con_line(const char *type, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		abort();
	va_end(ap);
	con_record(type, s);
	con_emit(s, strlen(s));
	free(s);
}

/* A traffic line: prefix then data; printed unless logging is off. */
void
con_traffic_line(const char *prefix, const char *data, size_t len)
{
	size_t	 plen = strlen(prefix);
	char	*s;

	s = xcalloc(1, plen + len + 1);
	memcpy(s, prefix, plen);
	memcpy(s + plen, data, len);
	con_record("debug", s);
	if (con_traffic)
		con_emit(s, plen + len);
	free(s);
}

static int
con_is_error(const char *type)
{
	return (strcmp(type, "warning") == 0 || strcmp(type, "error") == 0 ||
	    strcmp(type, "fatal") == 0);
}

/*
 * chr.readConsoleMessages: newest first; an invalid pattern filters
 * nothing; clear empties the whole buffer after reading.
 */
cJSON *
con_messages(const char *pattern, int only_errors, int clear, int limit)
{
	struct con_msg	*m;
	regex_t		 re;
	int		 have_re = 0, n = 0;
	size_t		 i;
	cJSON		*res, *arr, *e;

	if (pattern != NULL && *pattern != '\0' &&
	    regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) == 0)
		have_re = 1;
	res = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(res, "messages");
	for (i = 0; i < con_count; i++) {
		m = &con_ring[(con_head + CONSOLE_MAX - 1 - i) % CONSOLE_MAX];
		if (only_errors && !con_is_error(m->type))
			continue;
		if (have_re && regexec(&re, m->text, 0, NULL, 0) != 0)
			continue;
		if (limit > 0 && n >= limit)
			break;
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "type", m->type);
		cJSON_AddStringToObject(e, "message", m->text);
		cJSON_AddNumberToObject(e, "timestamp", (double)m->ts);
		cJSON_AddItemToArray(arr, e);
		n++;
	}
	cJSON_AddNumberToObject(res, "count", n);
	if (have_re)
		regfree(&re);
	if (clear) {
		for (i = 0; i < CONSOLE_MAX; i++) {
			free(con_ring[i].type);
			free(con_ring[i].text);
			con_ring[i].type = con_ring[i].text = NULL;
		}
		con_head = con_count = 0;
	}
	return (res);
}

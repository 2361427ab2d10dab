/* t-util.c: unit tests of util.c's parsers and name tables. */

#include <signal.h>
#include <stdlib.h>

#include "qtmcp.h"
#include "../tap.h"

static void
test_strtonum(void)
{
	const char	*e;

	is_int(util_strtonum("42", 0, 100, &e), 42, "strtonum reads 42");
	ok(e == NULL, "strtonum: no error for 42");
	util_strtonum("101", 0, 100, &e);
	is_str(e, "is too large", "strtonum: 101 > 100 is too large");
	util_strtonum("-1", 0, 100, &e);
	is_str(e, "is too small", "strtonum: -1 < 0 is too small");
	util_strtonum("12x", 0, 100, &e);
	is_str(e, "is not a number", "strtonum: trailing garbage");
	util_strtonum("", 0, 100, &e);
	is_str(e, "is not a number", "strtonum: empty string");
	util_strtonum(" 5", 0, 100, &e);
	is_str(e, "is not a number", "strtonum: leading space");
	util_strtonum("99999999999999999999999", 0, 100, &e);
	is_str(e, "is too large", "strtonum: overflow is too large");
}

static void
test_port(void)
{
	char	*cause = NULL;
	int	 port = -1;

	ok(util_parse_port("9222", &port, &cause) == 0 && port == 9222,
	    "port 9222");
	ok(util_parse_port("1", &port, &cause) == 0 && port == 1, "port 1");
	ok(util_parse_port("65535", &port, &cause) == 0 && port == 65535,
	    "port 65535");
	ok(util_parse_port("0", &port, &cause) == -1, "port 0 is refused");
	like(cause, "1 to 65535", "port error names the range");
	free(cause);
	ok(util_parse_port("65536", &port, &cause) == -1, "port 65536 refused");
	free(cause);
	ok(util_parse_port("abc", &port, &cause) == -1, "port abc refused");
	like(cause, "'abc'", "port error quotes the value");
	free(cause);
}

static void
test_duration(void)
{
	uint64_t	 ms;
	char		*cause = NULL, buf[32];

	ok(util_parse_duration("250ms", &ms, &cause) == 0 && ms == 250,
	    "250ms");
	ok(util_parse_duration("5s", &ms, &cause) == 0 && ms == 5000, "5s");
	ok(util_parse_duration("1.5s", &ms, &cause) == 0 && ms == 1500,
	    "1.5s");
	ok(util_parse_duration("2m", &ms, &cause) == 0 && ms == 120000, "2m");
	ok(util_parse_duration("0", &ms, &cause) == 0 && ms == 0, "bare 0");
	ok(util_parse_duration("5", &ms, &cause) == -1, "bare 5 needs a unit");
	like(cause, "add a unit", "bare number error says to add a unit");
	free(cause);
	ok(util_parse_duration("5h", &ms, &cause) == -1, "5h is refused");
	like(cause, "ms, s or m", "unit error lists the units");
	free(cause);
	ok(util_parse_duration("s", &ms, &cause) == -1, "unit alone refused");
	free(cause);
	ok(util_parse_duration("-1s", &ms, &cause) == -1, "negative refused");
	free(cause);
	ok(util_parse_duration("99999999999999999999s", &ms, &cause) == -1,
	    "huge duration refused");
	free(cause);
	is_str(util_format_duration(120000, buf, sizeof buf), "2m",
	    "format 120000 as 2m");
	is_str(util_format_duration(5000, buf, sizeof buf), "5s",
	    "format 5000 as 5s");
	is_str(util_format_duration(1500, buf, sizeof buf), "1500ms",
	    "format 1500 as 1500ms");
}

static void
test_signals(void)
{
	int	sig = 0;

	is_str(util_signal_name(SIGSEGV), "SIGSEGV", "name of SIGSEGV");
	is_str(util_signal_name(SIGKILL), "SIGKILL", "name of SIGKILL");
	ok(util_signal_from_name("TERM", &sig) == 0 && sig == SIGTERM, "TERM");
	ok(util_signal_from_name("sigint", &sig) == 0 && sig == SIGINT,
	    "sigint, any case");
	ok(util_signal_from_name("9", &sig) == 0 && sig == 9, "number 9");
	ok(util_signal_from_name("NOPE", &sig) == -1, "unknown name refused");
	ok(util_signal_from_name("99", &sig) == -1, "signal 99 refused");
}

static void
test_utf8(void)
{
	char	*r;
	size_t	 n = 0;

	is_int(util_utf8_valid("plain ascii, long enough", 24), 24,
	    "ASCII is valid");
	is_int(util_utf8_valid("caf\xc3\xa9 \xe6\xbc\xa2", 9), 9,
	    "two- and three-byte characters are valid");
	is_int(util_utf8_valid("abcdefgh\xff", 9), 8,
	    "a bad byte after an ASCII word: the valid prefix");
	is_int(util_utf8_valid("\xc0\x80", 2), 0, "an overlong NUL is invalid");
	is_int(util_utf8_valid("\xed\xa0\x80", 3), 0, "a surrogate is invalid");
	is_int(util_utf8_valid("ab\xe6\xbc", 4), 2, "a cut character is not");
	ok(util_utf8_repair("ok", 2, &n) == NULL, "valid text needs no repair");
	r = util_utf8_repair("a\xff" "b", 3, &n);
	is_str(r, "a\xef\xbf\xbd" "b", "a bad byte becomes U+FFFD");
	is_int(n, 5, "and the length says so");
	free(r);
	is_int(util_utf8_cut("caf\xc3\xa9", 4), 3, "a cut never splits a "
	    "character");
	is_int(util_utf8_cut("abc", 10), 3, "a short string is not cut");
}

int
main(void)
{
	test_strtonum();
	test_port();
	test_duration();
	test_signals();
	test_utf8();
	return (done_testing());
}

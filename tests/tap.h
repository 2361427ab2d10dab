/*
 * tap.h: a small Test Anything Protocol producer for the unit tests, read
 * by automake's tap-driver.sh.  Header only: each test program includes it
 * once.
 */

#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static void
tap_vresult(int pass, const char *fmt, va_list ap)
{
	printf("%sok %d - ", pass ? "" : "not ", ++tap_n);
	vprintf(fmt, ap);
	putchar('\n');
	if (!pass)
		tap_failed++;
	fflush(stdout);
}

static void __attribute__((format(printf, 2, 3)))
ok(int pass, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 1, 2)))
diag(const char *fmt, ...)
{
	va_list	ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

#define is_int(got, want, ...) do {					\
	long long tap_g = (long long)(got), tap_w = (long long)(want);	\
	ok(tap_g == tap_w, __VA_ARGS__);				\
	if (tap_g != tap_w)						\
		diag("  got %lld, want %lld", tap_g, tap_w);		\
} while (0)

#define is_str(got, want, ...) do {					\
	const char *tap_g = (got), *tap_w = (want);			\
	int tap_p = (tap_g == NULL && tap_w == NULL) ||			\
	    (tap_g != NULL && tap_w != NULL && strcmp(tap_g, tap_w) == 0); \
	ok(tap_p, __VA_ARGS__);						\
	if (!tap_p)							\
		diag("  got '%s', want '%s'", tap_g ? tap_g : "(null)",	\
		    tap_w ? tap_w : "(null)");				\
} while (0)

#define like(got, sub, ...) do {					\
	const char *tap_g = (got), *tap_s = (sub);			\
	int tap_p = tap_g != NULL && strstr(tap_g, tap_s) != NULL;	\
	ok(tap_p, __VA_ARGS__);						\
	if (!tap_p)							\
		diag("  '%s' does not contain '%s'",			\
		    tap_g ? tap_g : "(null)", tap_s);			\
} while (0)

static int
done_testing(void)
{
	printf("1..%d\n", tap_n);
	return (tap_failed != 0);
}

#endif /* TAP_H */

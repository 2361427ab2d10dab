/*
 * oneline: the limit of "exec of qtmcp -> answer to initialize": a C
 * program that prints one line and exits.
 */

#include <stdio.h>

int
main(void)
{
	puts("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
	return (0);
}

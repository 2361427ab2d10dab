/*
 * qtmcp: MCP server for Qt applications (main program; the supervisor and
 * the MCP server are added on top of this).
 */

#include <stdio.h>
#include <string.h>

#include "qtmcp.h"

int
main(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "-V") == 0 ||
	    strcmp(argv[1], "--version") == 0)) {
		printf("qtmcp %s\n", PACKAGE_VERSION);
		return (0);
	}
	printf("usage: qtmcp [-hV]\n");
	return (argc > 1 && strcmp(argv[1], "--help") == 0 ? 0 : 2);
}

/*
 * standin.h: stand-ins for the parts of tools.c that the tool tables'
 * hooks call, so the hooks can be run without an MCP session: by the unit
 * test of the tables and the tool-argument fuzz target.  A program that
 * links standin.c must not link tools.c (libqtmcp.a leaves it out when
 * nothing else needs it).
 */

#ifndef STANDIN_H
#define STANDIN_H

struct tool_call {
	struct cJSON	*args;
	struct config	 cfg;
};

#endif /* STANDIN_H */

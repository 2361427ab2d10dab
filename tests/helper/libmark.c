/*
 * libmark.so: a do-nothing shared library the launcher tests install as
 * libqtmcp-probe.so, so they can see which file the launcher preloaded
 * without starting a WebSocket server.
 */

int	qtmcp_test_mark(void);

int
qtmcp_test_mark(void)
{
	return (42);
}

// protocol.mjs: qtmcp's MCP surface, with the official SDK client and with
// raw lines for what a client would never send: every revision negotiated,
// ping before and after initialize, each JSON-RPC error path, batches
// (2025-03-26 only), the draft's server/discover, cancellation, progress,
// logging/setLevel, and every message qtmcp wrote validated against the
// official schema of the negotiated revision.  qtmcp attaches to a port
// where nothing listens, so no application is involved.

import { ok, is, like, unlike, diag, done, watchdog, need, lives } from '../lib/tap.mjs';
import { startClient, startRaw, freePort, REVISIONS, validateMessage, sleep, waitFor } from '../lib/mcp.mjs';

watchdog(120);
await need('@modelcontextprotocol/sdk/client/index.js');
await need('ajv');

const port = await freePort();	// nothing listens there
const attach = ['--ws-url', `ws://127.0.0.1:${port}`];
const quick = '[qtmcp]\nready_timeout = 300ms\n';

// --- each revision with the SDK client, everything validated ---
for (const rev of REVISIONS) {
	await lives(async () => {
		const s = await startClient({ args: attach, config: quick, revision: rev });
		is(s.transport.received[0].result.protocolVersion, rev, `${rev}: negotiated`);
		const info = s.client.getServerVersion();
		is(info.name, 'qtmcp', `${rev}: serverInfo.name`);
		is('title' in info, rev >= '2025-06-18', `${rev}: serverInfo.title only from 2025-06-18`);
		like(s.client.getInstructions(), /qtmcp_status/, `${rev}: instructions for the model`);
		const caps = s.client.getServerCapabilities();
		is(caps, { tools: { listChanged: true }, resources: { subscribe: true, listChanged: false }, logging: {} },
		    `${rev}: capabilities announce exactly what is implemented`);
		await s.client.ping();
		const { tools } = await s.client.listTools();
		ok(tools.some(t => t.name === 'qtmcp_status'), `${rev}: qtmcp's tools listed`);
		const st = tools.find(t => t.name === 'qtmcp_status');
		is('annotations' in st, rev >= '2025-03-26', `${rev}: annotations from 2025-03-26`);
		is('title' in st, rev >= '2025-06-18', `${rev}: title from 2025-06-18`);
		is('outputSchema' in st, rev >= '2025-06-18', `${rev}: outputSchema from 2025-06-18`);
		const r = await s.client.callTool({ name: 'qtmcp_status', arguments: {} });
		const status = JSON.parse(r.content[0].text);
		is(status.connected, false, `${rev}: status.connected`);
		is(status.ws_url, `ws://127.0.0.1:${port}`, `${rev}: status.ws_url`);
		is(status.mode, 'native', `${rev}: status.mode`);
		is('structuredContent' in r, rev >= '2025-06-18', `${rev}: structuredContent from 2025-06-18`);
		const res = await s.client.listResources();
		is(res.resources.map(x => x.uri).sort(), ['qtmcp://events', 'qtmcp://status'], `${rev}: resources`);
		const rd = await s.client.readResource({ uri: 'qtmcp://status' });
		is(rd.contents[0].mimeType, 'application/json', `${rev}: status is JSON`);
		is(JSON.parse(rd.contents[0].text).connected, false, `${rev}: and parses`);
		await s.client.setLoggingLevel('debug');
		const bad = await s.client.callTool({ name: 'qtmcp_output', arguments: { lines: 'many' } });
		ok(bad.isError, `${rev}: a mistyped argument is an isError result`);
		like(bad.content[0].text, /lines/, `${rev}: naming the parameter`);
		const problems = await s.validate();
		is(problems, [], `${rev}: every message qtmcp wrote is valid against schema-${rev}.json`);
		is(s.transport.errors, [], `${rev}: the SDK client parsed everything`);
		await s.close();
	}, `revision ${rev}`);
}

// --- an unknown revision gets the newest ---
await lives(async () => {
	const raw = startRaw({ args: attach, config: quick });
	const m = await raw.initialize('2099-01-01');
	is(m.result.protocolVersion, '2025-11-25', 'an unknown revision is answered with the newest');
	await raw.close();
}, 'unknown revision');

// --- raw: ping before initialize, errors, batches ---
await lives(async () => {
	const raw = startRaw({ args: attach, config: quick });
	raw.send({ jsonrpc: '2.0', id: 1, method: 'ping' });
	is((await raw.read()), { jsonrpc: '2.0', id: 1, result: {} }, 'ping before initialize');
	raw.send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
	let m = await raw.read();
	is(m.error.code, -32600, 'tools/list before initialize is refused');
	like(m.error.message, /before initialize/, 'saying why');
	raw.send({ jsonrpc: '2.0', id: 3, method: 'server/discover', params: {} });
	m = await raw.read();
	is([m.id, m.error.code], [3, -32601], 'server/discover (2026 draft) gets -32601 at once');
	raw.send('[{"jsonrpc":"2.0","id":4,"method":"ping"}]\n');
	m = await raw.read();
	is(m.error.code, -32600, 'a batch cannot open the session');
	const init = await raw.initialize('2025-06-18', 5);
	is(init.result.protocolVersion, '2025-06-18', 'then initialize works');
	raw.send({ jsonrpc: '2.0', id: 6, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } });
	m = await raw.readUntil(x => x.id === 6);
	is(m.error.code, -32600, 'a second initialize is refused');

	const cases = [
		['not json\n', -32700, 'invalid JSON'],
		['{"jsonrpc":"2.0","id":1,"method":"ping"\n', -32700, 'truncated JSON'],
		['42\n', -32600, 'a bare number'],
		['"x"\n', -32600, 'a bare string'],
		['{"jsonrpc":"1.0","id":7,"method":"ping"}\n', -32600, 'jsonrpc 1.0'],
		['{"id":8,"method":"ping"}\n', -32600, 'no jsonrpc member'],
		['{"jsonrpc":"2.0","id":9}\n', -32600, 'no method'],
		['{"jsonrpc":"2.0","id":10,"method":5}\n', -32600, 'method not a string'],
		['{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}\n', -32600, 'an object id'],
		['{"jsonrpc":"2.0","id":1.5,"method":"ping"}\n', -32600, 'a fractional id'],
		['{"jsonrpc":"2.0","id":true,"method":"ping"}\n', -32600, 'a boolean id'],
		['{"jsonrpc":"2.0","id":11,"method":"ping","params":3}\n', -32600, 'scalar params'],
		['{"jsonrpc":"2.0","id":12,"method":"no/such"}\n', -32601, 'an unknown method'],
		['{"jsonrpc":"2.0","id":13,"method":"tools/call","params":{}}\n', -32602, 'tools/call without name'],
		['{"jsonrpc":"2.0","id":14,"method":"tools/call","params":{"name":"nope"}}\n', -32602, 'an unknown tool'],
		['{"jsonrpc":"2.0","id":15,"method":"tools/call","params":{"name":"qtmcp_status","arguments":[]}}\n', -32602, 'arguments not an object'],
		['{"jsonrpc":"2.0","id":16,"method":"resources/read","params":{"uri":"qtmcp://nope"}}\n', -32002, 'an unknown resource'],
		['{"jsonrpc":"2.0","id":17,"method":"logging/setLevel","params":{"level":"loud"}}\n', -32602, 'a bad log level'],
		['{"jsonrpc":"2.0","id":18,"method":"initialize"}\n', -32600, 'initialize again, without params'],
		['{"jsonrpc":"2.0","id":19,"method":"tools/list","params":[]}\n', -32602, 'array params'],
		[Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), -32700, 'invalid UTF-8'],
	];
	for (const [line, code, what] of cases) {
		raw.send(line);
		m = await raw.read();
		is(m.error && m.error.code, code, `${what}: error ${code}`);
		const problems = await validateMessage('2025-06-18', m);
		is(problems, [], `${what}: the error is schema-valid`);
	}
	raw.send({ jsonrpc: '2.0', id: 'str-id', method: 'ping' });
	is(await raw.read(), { jsonrpc: '2.0', id: 'str-id', result: {} }, 'string ids are echoed');
	raw.send({ jsonrpc: '2.0', id: 9007199254740991, method: 'ping' });
	is((await raw.read()).id, 9007199254740991, 'the largest safe integer id is echoed exactly');
	raw.send('{"jsonrpc":"2.0","id":20,"method":"ping"}\r\n');
	is((await raw.read()).id, 20, 'CRLF is tolerated');
	raw.send('\n\n{"jsonrpc":"2.0","id":21,"method":"ping"}\n');
	is((await raw.read()).id, 21, 'blank lines are skipped');
	raw.send({ jsonrpc: '2.0', method: 'notifications/whatever' });
	raw.send({ jsonrpc: '2.0', id: 22, method: 'ping' });
	is((await raw.read()).id, 22, 'unknown notifications are ignored');
	raw.send({ jsonrpc: '2.0', id: 23, result: {} });
	raw.send({ jsonrpc: '2.0', id: 24, method: 'ping' });
	is((await raw.read()).id, 24, 'a stray response is ignored');
	// An over-long line is answered and skipped; the next one is served.
	raw.send('{"jsonrpc":"2.0","id":25,"method":"ping","params":{"x":"' + 'a'.repeat(9 * 1024 * 1024) + '"}}\n');
	raw.send({ jsonrpc: '2.0', id: 26, method: 'ping' });
	m = await raw.read(30);
	is(m.error && m.error.code, -32600, 'a 9 MiB line: -32600');
	like(m.error && m.error.message, /longer than the limit of 8388608 bytes/, 'stating the limit');
	is((await raw.read(30)).id, 26, 'and the next message is served');
	is(raw.lines.every(l => { try { JSON.parse(l); return true; } catch { return false; } }), true,
	    'stdout carried JSON lines only');
	await raw.close();
}, 'raw protocol');

// --- 2025-11-25: an error whose id is unknown has no id ---
await lives(async () => {
	const raw = startRaw({ args: attach, config: quick });
	await raw.initialize('2025-11-25');
	raw.send('nonsense\n');
	const m = await raw.read();
	ok(!('id' in m) && m.error.code === -32700, '2025-11-25: no "id": null, as its schema says');
	is(await validateMessage('2025-11-25', m), [], 'schema-valid');
	await raw.close();
}, 'error without id');

// --- batches: only in 2025-03-26 ---
await lives(async () => {
	const raw = startRaw({ args: attach, config: quick });
	await raw.initialize('2025-03-26');
	raw.send(JSON.stringify([
		{ jsonrpc: '2.0', id: 'a', method: 'ping' },
		{ jsonrpc: '2.0', method: 'notifications/whatever' },
		{ jsonrpc: '2.0', id: 'b', method: 'tools/call', params: { name: 'qtmcp_status', arguments: {} } },
		{ jsonrpc: '2.0', id: 'c', method: 'no/such' },
		{ jsonrpc: '2.0', id: 'd' },
	]) + '\n');
	const m = await raw.read();
	ok(Array.isArray(m), '2025-03-26: a batch gets one array');
	is(m.map(x => x.id).sort(), ['a', 'b', 'c', 'd'], 'with one response per request');
	is(m.find(x => x.id === 'c').error.code, -32601, 'errors inside the batch');
	is(m.find(x => x.id === 'd').error.code, -32600, 'an invalid element is answered too');
	is(await validateMessage('2025-03-26', m), [], 'schema-valid batch response');
	raw.send('[]\n');
	is((await raw.read()).error.code, -32600, 'an empty batch is invalid');
	raw.send(JSON.stringify([{ jsonrpc: '2.0', method: 'notifications/whatever' }]) + '\n');
	raw.send({ jsonrpc: '2.0', id: 'z', method: 'ping' });
	is((await raw.read()).id, 'z', 'a batch of notifications gets no answer');
	await raw.close();
}, 'batches 2025-03-26');
await lives(async () => {
	const raw = startRaw({ args: attach, config: quick });
	await raw.initialize('2025-06-18');
	raw.send(JSON.stringify([{ jsonrpc: '2.0', id: 'a', method: 'ping' }]) + '\n');
	const m = await raw.read();
	like(m.error.message, /only in MCP revision 2025-03-26/, '2025-06-18: batches are refused');
	await raw.close();
}, 'no batches after 2025-03-26');

// --- concurrency, cancellation and progress ---
await lives(async () => {
	const raw = startRaw({ args: attach, config: '[qtmcp]\nready_timeout = 20s\n' });
	await raw.initialize('2025-11-25');
	// qtmcp_restart waits for an app that never comes (nothing listens).
	raw.send({ jsonrpc: '2.0', id: 'slow', method: 'tools/call', params: { name: 'qtmcp_restart', arguments: {}, _meta: { progressToken: 'tok' } } });
	raw.send({ jsonrpc: '2.0', id: 'fast', method: 'ping' });
	const first = await raw.readUntil(x => x.id === 'fast' || x.id === 'slow');
	is(first.id, 'fast', 'a waiting tool call does not delay ping');
	const prog = await waitFor(() => raw.lines.map(l => JSON.parse(l)).find(x => x.method === 'notifications/progress'), 10, 'progress');
	is(prog.params.progressToken, 'tok', 'progress notifications carry the token while waiting for the app');
	like(prog.params.message, /waiting for app/, 'and say what is awaited');
	raw.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'slow', reason: 'test' } });
	raw.send({ jsonrpc: '2.0', id: 'after', method: 'ping' });
	await raw.readUntil(x => x.id === 'after');
	await sleep(200);	// an observation window: nothing may come for 'slow'
	raw.send({ jsonrpc: '2.0', id: 'after2', method: 'ping' });
	await raw.readUntil(x => x.id === 'after2');
	// A tools/list waiting for the app can be cancelled too.
	raw.send({ jsonrpc: '2.0', id: 'list', method: 'tools/list' });
	raw.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'list' } });
	raw.send({ jsonrpc: '2.0', id: 'after3', method: 'ping' });
	await raw.readUntil(x => x.id === 'after3');
	const lastProg = raw.lines.map(l => JSON.parse(l)).map((x, i) =>
	    x.method === 'notifications/progress' ? i : -1).filter(i => i >= 0).pop();
	const cancelAt = raw.lines.map(l => JSON.parse(l)).findIndex(x => x.id === 'after');
	ok(lastProg < cancelAt, 'no progress after the cancellation');
	// At shutdown qtmcp answers what still waits: not what was cancelled.
	await raw.close();
	const lines = raw.lines.map(l => JSON.parse(l));
	ok(!lines.some(x => x.id === 'slow'), 'a cancelled request gets no answer, not even at exit');
	ok(!lines.some(x => x.id === 'list'), 'a cancelled tools/list gets no answer, not even at exit');
}, 'cancellation');

// --- stdout stays protocol-only; stdin EOF ends qtmcp cleanly ---
await lives(async () => {
	const raw = startRaw({ args: [...attach, '-d'], config: quick });
	await raw.initialize();
	const { code } = await raw.close();
	is(code, 0, 'stdin EOF: exit 0');
	ok(raw.lines.every(l => { try { JSON.parse(l); return true; } catch { return false; } }),
	    'stdout carried protocol only, even at debug level');
	like(raw.stderr(), /end of stdin/, 'the log says why it ended');
}, 'eof');

done();

// hostile-host.mjs: an MCP host that sends anything.  The real qtmcp gets
// invalid UTF-8, deeply nested JSON, huge numbers, lines of 10 MB, a host
// that stops reading its stdout, one that closes stdin in the middle of a
// call, and floods of requests and cancellations.  Each time: a clear
// error or a bounded wait, qtmcp alive, its memory bounded, the next
// valid request answered, and stdout carrying JSON-RPC only.

import { ok, is, like, diag, done, watchdog, need, lives } from '../lib/tap.mjs';
import { freePort, waitFor, alive, SCALE } from '../lib/mcp.mjs';
import { qtmcp, launch, rss, protocolOnly, utf8, text, isError } from './lib.mjs';

watchdog(300);
await need('ajv');

const port = await freePort();	// nothing listens there
const attach = ['--ws-url', `ws://127.0.0.1:${port}`];
const quick = '[qtmcp]\nready_timeout = 300ms\n';
const MB = 1024 * 1024;
// Under valgrind everything is slower: smaller floods, same checks.
const FLOOD = SCALE > 1 ? 500 : 10000;

// A ping, read in turn with raw.read(): what came before it is skipped.
async function pingOk(raw, what, seconds = 30) {
	const id = raw.nextId();
	raw.send({ jsonrpc: '2.0', id, method: 'ping' });
	const m = await raw.readUntil(x => x.id === id, seconds);
	is(m.result, {}, `${what}: the next request is answered`);
}

async function start(opts = {}) {
	const raw = qtmcp({ args: attach, config: quick, ...opts });
	await raw.initialize('2025-06-18');
	return raw;
}

// --- invalid UTF-8, NUL bytes, nesting, numbers -------------------------------
await lives(async () => {
	const raw = await start();
	const bad = [
		['a lone continuation byte', Buffer.from('{"jsonrpc":"2.0","id":1,"method":"p\x80ng"}', 'latin1')],
		['an overlong encoding', Buffer.from([...Buffer.from('{"jsonrpc":"2.0","id":1,"method":"'), 0xc0, 0xaf, ...Buffer.from('"}')])],
		['an encoded surrogate', Buffer.from([...Buffer.from('{"jsonrpc":"2.0","id":1,"method":"'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')])],
		['a sequence cut at the end', Buffer.from([...Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping"}'), 0xe2, 0x82])],
		['0xff bytes', Buffer.from([0xff, 0xff, 0xff])],
		['a code point above U+10FFFF', Buffer.from([...Buffer.from('"'), 0xf4, 0x90, 0x80, 0x80, ...Buffer.from('"')])],
	];
	for (const [what, bytes] of bad) {
		raw.send(Buffer.concat([bytes, Buffer.from('\n')]));
		const m = await raw.read();
		is([m.error && m.error.code, m.error && m.error.message],
		    [-32700, 'Parse error: the message is not valid UTF-8'], `${what}: -32700, not valid UTF-8`);
	}
	raw.send(Buffer.from('{"jsonrpc":"2.0","id":1,\0"method":"ping"}\n', 'latin1'));
	like((await raw.read()).error.message, /NUL byte/, 'a NUL byte: -32700 saying so');
	// Escapes that make a string cJSON cannot take, or that hold NUL.
	raw.send('{"jsonrpc":"2.0","id":"\\ud800","method":"ping"}\n');
	is((await raw.read()).error.code, -32700, 'a lone surrogate escape: -32700');
	raw.send('{"jsonrpc":"2.0","id":"a\\u0000b","method":"ping"}\n');
	ok((await raw.read()).result !== undefined, 'an escaped NUL in an id is harmless');
	await pingOk(raw, 'after bad encodings');

	// Nesting: 100,000 deep is refused, 900 deep inside arguments is checked.
	raw.send('['.repeat(100000) + ']'.repeat(100000) + '\n');
	is((await raw.read(30)).error.code, -32700, 'an array nested 100,000 deep: -32700');
	raw.send('{"a":'.repeat(50000) + '1' + '}'.repeat(50000) + '\n');
	is((await raw.read(30)).error.code, -32700, 'an object nested 50,000 deep: -32700');
	let deep = 1;
	for (let i = 0; i < 900; i++)
		deep = { d: deep };
	const r = await raw.call('qtmcp_output', { lines: 5, deep });
	ok(isError(r), 'arguments nested 900 deep: an isError result');
	like(text(r), /deep/, 'naming the unknown parameter');
	let deepList = [];
	for (let i = 0; i < 900; i++)
		deepList = [deepList];
	const q = await raw.request('resources/read', { uri: 'qtmcp://status', x: deepList });
	ok(q.result && q.result.contents, 'params nested 900 deep beside the known ones: served');
	await pingOk(raw, 'after deep nesting');

	// Numbers: ids and arguments beyond any range.
	const numbers = [
		['{"jsonrpc":"2.0","id":1e400,"method":"ping"}', -32600, 'an id of 1e400'],
		['{"jsonrpc":"2.0","id":-1e400,"method":"ping"}', -32600, 'an id of -1e400'],
		['{"jsonrpc":"2.0","id":9007199254740993,"method":"ping"}', -32600, 'an id of 2^53+1'],
		['{"jsonrpc":"2.0","id":' + '9'.repeat(5000) + ',"method":"ping"}', -32600, 'a 5,000-digit id'],
		['{"jsonrpc":"2.0","id":1e-400,"method":"ping"}', null, 'an id of 1e-400 (zero)'],
	];
	for (const [line, code, what] of numbers) {
		raw.send(line + '\n');
		const m = await raw.read();
		if (code === null)
			ok(m.result !== undefined, `${what}: answered`);
		else
			is(m.error && m.error.code, code, `${what}: ${code}`);
	}
	for (const [args, what] of [
		[{ lines: 1e308 }, 'lines 1e308'],
		[{ lines: -1e308 }, 'lines -1e308'],
		[{ lines: 18446744073709551616 }, 'lines 2^64'],
		[{ lines: 1.5 }, 'lines 1.5'],
	]) {
		const a = await raw.call('qtmcp_output', args);
		ok(isError(a) && /lines/.test(text(a)), `${what}: an isError result naming lines`);
	}
	raw.send('{"jsonrpc":"2.0","id":77,"method":"tools/call","params":{"name":"qtmcp_events","arguments":{"since":1e400,"limit":1e400}}}\n');
	const inf = await raw.answer(77);
	ok(isError(inf), 'qtmcp_events since 1e400 (infinity): an isError result');
	await pingOk(raw, 'after huge numbers');
	is(protocolOnly(raw.lines), null, 'stdout carried JSON-RPC only');
	ok(utf8(raw.bytes()), 'in valid UTF-8');
	ok(alive(raw.child.pid), 'qtmcp is alive');
	await raw.close();
}, 'encodings, nesting, numbers');

// --- lines of 10 MB ----------------------------------------------------------
await lives(async () => {
	const raw = await start();
	await pingOk(raw, 'before');
	const base = rss(raw.child.pid);
	const big = '{"jsonrpc":"2.0","id":5,"method":"ping","params":{"x":"' + 'a'.repeat(10 * MB) + '"}}\n';
	for (let i = 0; i < 5; i++) {
		raw.send(big);
		const m = await raw.read(60);
		is(m.error && m.error.code, -32600, `10 MB line ${i + 1}: -32600`);
	}
	like(raw.lines.map(l => JSON.parse(l).error?.message).join('\n'),
	    /message of 10485818 bytes is longer than the limit of 8388608 bytes/, 'saying how long it was and the limit');
	// Just under the limit: served.
	const under = '{"jsonrpc":"2.0","id":6,"method":"ping","params":{"x":"' + 'b'.repeat(8 * MB - 100) + '"}}\n';
	raw.send(under);
	is((await raw.read(60)).id, 6, 'a line just under 8 MiB is served');
	// 10 MB with no newline at all, then a newline and a request.
	raw.send('x'.repeat(10 * MB));
	raw.send('\n{"jsonrpc":"2.0","id":7,"method":"ping"}\n');
	is((await raw.read(60)).error?.code, -32600, '10 MB without a newline: -32600 when the newline comes');
	is((await raw.read(60)).id, 7, 'and the next request is answered');
	const after = rss(raw.child.pid);
	ok(after < base + 40 * 1024, `memory bounded after 7 lines of 8-10 MB (RSS ${base} -> ${after} KiB)`);
	await raw.close();
}, '10 MB lines');

// --- a host that stops reading stdout ----------------------------------------
await lives(async () => {
	const raw = await start();
	await pingOk(raw, 'before');
	const base = rss(raw.child.pid);
	raw.child.stdout.pause();
	// Each request's answer echoes a 1 MB method name: 200 MB unread.
	const name = 'm'.repeat(MB);
	const N = SCALE > 1 ? 40 : 200;
	for (let i = 0; i < N; i++)
		raw.send(`{"jsonrpc":"2.0","id":${10000 + i},"method":"${name}"}\n`);
	await waitFor(() => /not reading qtmcp's output/.test(raw.stderr()), 60,
	    'qtmcp to notice the host is not reading');
	like(raw.stderr(), /no new requests are read until it does/, 'qtmcp stops reading requests and says why');
	const peak = rss(raw.child.pid);
	ok(peak < base + 64 * 1024, `memory bounded while the host does not read (RSS ${base} -> ${peak} KiB)`);
	ok(alive(raw.child.pid), 'qtmcp is alive');
	raw.child.stdout.resume();
	await waitFor(() => raw.lines.length >= N + 2, 120, 'every answer');
	const ids = raw.lines.slice(2).map(l => JSON.parse(l).id);
	is(ids, Array.from({ length: N }, (_, i) => 10000 + i), 'every request is answered once the host reads, in order');
	ok(raw.lines.slice(2).every(l => JSON.parse(l).error?.code === -32601), 'each with -32601');
	await pingOk(raw, 'after the host read again');
	await raw.close();
}, 'host stops reading');

// --- a host that closes stdin in the middle of a call ------------------------
await lives(async () => {
	const raw = qtmcp({ args: attach, config: '[qtmcp]\nready_timeout = 60s\n' });
	await raw.initialize('2025-06-18');
	raw.send({ jsonrpc: '2.0', id: 'wait', method: 'tools/call', params: { name: 'qtmcp_events', arguments: { wait_ms: 60000 } } });
	raw.send({ jsonrpc: '2.0', id: 'restart', method: 'tools/call', params: { name: 'qtmcp_restart', arguments: {} } });
	await pingOk(raw, 'two calls waiting');
	const t0 = Date.now();
	raw.child.stdin.end();
	const { code } = await raw.exited;
	is(code, 0, 'stdin closed mid-call: qtmcp exits 0');
	ok(Date.now() - t0 < 15000 * SCALE, `without waiting for the calls (${Date.now() - t0} ms)`);
	const ans = raw.lines.map(l => JSON.parse(l)).filter(m => m.id === 'wait' || m.id === 'restart');
	is(ans.map(m => m.id).sort(), ['restart', 'wait'], 'each waiting call gets an answer');
	ok(ans.every(m => /shutting down/.test(m.error ? m.error.message : text(m))),
	    'saying qtmcp is shutting down');
}, 'stdin closed mid-call (attached)');
await lives(async () => {
	const raw = await launch({ env: ['QTMCP_DOUBLE_FAULTS=log=0,delay_on=qt.objects.find:60000'] });
	const st = await raw.waitState('ready', 60);
	raw.send({ jsonrpc: '2.0', id: 'slow', method: 'tools/call', params: { name: 'qt_objects_find', arguments: { name: 'nameEdit' } } });
	await raw.waitLog(/Received: .*qt\.objects\.find|qt\.objects\.find/, 30).catch(() => {});
	raw.child.stdin.end();
	const { code } = await raw.exited;
	is(code, 0, 'stdin closed while the app handles a call: exit 0');
	ok(!alive(st.pid), 'the app is gone');
	const ans = raw.lines.map(l => JSON.parse(l)).find(m => m.id === 'slow');
	ok(ans && (ans.error || isError(ans)), 'the call in flight gets an error answer');
}, 'stdin closed mid-call (supervised)');

// --- floods of requests and cancellations ------------------------------------
await lives(async () => {
	const raw = await start();
	await pingOk(raw, 'before');
	const base = rss(raw.child.pid);
	let burst = '';
	for (let i = 0; i < FLOOD; i++)
		burst += `{"jsonrpc":"2.0","id":${i},"method":"ping"}\n`;
	raw.send(burst);
	await waitFor(() => raw.lines.length >= FLOOD + 2, 120, `${FLOOD} answers`);
	const ids = raw.lines.slice(2, FLOOD + 2).map(l => JSON.parse(l).id);
	is(ids.length, FLOOD, `${FLOOD} pings in one write: ${FLOOD} answers`);
	ok(ids.every((v, i) => v === i), 'in order');

	// Waiting calls, each cancelled at once, and cancellations of nothing.
	const n = FLOOD / 5;
	let calls = '';
	for (let i = 0; i < n; i++) {
		calls += `{"jsonrpc":"2.0","id":"w${i}","method":"tools/call","params":{"name":"qtmcp_events","arguments":{"wait_ms":60000}}}\n`;
		calls += `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"w${i}"}}\n`;
		calls += `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"nothing${i}"}}\n`;
	}
	raw.send(calls);
	await pingOk(raw, `${n} waiting calls cancelled`, 120);
	ok(!raw.lines.some(l => /"id":"w\d+"/.test(l)), 'a cancelled call is never answered');
	// Calls left waiting for an app that is not coming: answered, bounded.
	let waits = '';
	for (let i = 0; i < n; i++)
		waits += `{"jsonrpc":"2.0","id":"a${i}","method":"tools/call","params":{"name":"qt_ping","arguments":{}}}\n`;
	raw.send(waits);
	await waitFor(() => raw.lines.filter(l => /"id":"a\d+"/.test(l)).length === n, 120, 'the app calls to give up');
	ok(raw.lines.filter(l => /"id":"a\d+"/.test(l)).every(l => JSON.parse(l).result?.isError),
	    `${n} calls for an app that does not come: each an isError result`);
	const after = rss(raw.child.pid);
	ok(after < base + 32 * 1024, `memory bounded after the floods (RSS ${base} -> ${after} KiB)`);
	is(protocolOnly(raw.lines), null, 'stdout carried JSON-RPC only');
	await raw.close();
}, 'floods');
await lives(async () => {
	const raw = await launch({ env: ['QTMCP_DOUBLE_FAULTS=log=0'] });
	await raw.waitState('ready', 60);
	const N = SCALE > 1 ? 200 : 2000;
	const ids = [];
	let burst = '';
	for (let i = 0; i < N; i++) {
		const id = raw.nextId();
		ids.push(id);
		burst += JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call',
		    params: { name: i % 2 ? 'qt_ping' : 'qt_objects_find', arguments: i % 2 ? {} : { name: 'nameEdit' } } }) + '\n';
		if (i % 3 === 0)
			burst += JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id } }) + '\n';
	}
	raw.send(burst);
	const got = await Promise.all(ids.filter((id, i) => i % 3 !== 0).map(id => raw.answer(id, 120)));
	ok(got.every(r => !isError(r)), `${got.length} calls to the app answered while ${N - got.length} were cancelled`);
	await pingOk(raw, 'after the flood');
	const st = await raw.status();
	is(st.state, 'ready', 'the app stayed ready');
	await raw.close();
}, 'flood of app calls and cancellations');

done();

// transport.mjs: the probe double against probe-protocol.md section 1:
// start-up lines and timing (TCP accepted before the handshake), the
// handshake headers, text frames only, invalid UTF-8, fragments both
// ways, one client at a time, the port taken, the exit quirk, the
// traffic log.

import { ok, is, like, unlike, diag, done, watchdog, need } from '../lib/tap.mjs';
import { App, Client, RawClient, startReady, tcpAccepts, waitFor, freePort,
    sleep } from './lib.mjs';
import net from 'node:net';
import { readFileSync } from 'node:fs';

watchdog(120);
const { default: WebSocket } = await need('ws');

// --- start-up: TCP accepted, then the handshake once the loop runs ---
{
	const app = await App.start({ faults: 'loop_delay=600' });
	ok(await waitFor(() => tcpAccepts(app.port), 5000, 2),
	    'the port accepts TCP connections');
	const tcpAt = app.elapsed();
	const raw = await RawClient.connect(app.port);
	const connAt = app.elapsed();
	await raw.until(() => raw.handshake, 5000);
	const hsAt = Number(raw.handshakeAt - app.t0) / 1e6;
	ok(hsAt - connAt >= 400,
	    `the handshake waits for the event loop (${(hsAt - connAt).toFixed(0)} ms after connecting)`);
	like(app.err, /^\[QtMCP\] Library loaded, waiting for Qt startup$/m,
	    'load line');
	like(app.err, new RegExp(`^QtMCP listening on ws://0\\.0\\.0\\.0:${app.port}$`, 'm'),
	    'listening line says 0.0.0.0 and the port');
	ok(app.err.indexOf('Library loaded') < app.err.indexOf('QtMCP listening'),
	    'load line first');
	diag(`TCP accepted ${tcpAt.toFixed(0)} ms after spawn, handshake at ${hsAt.toFixed(0)} ms`);
	raw.destroy();
	await app.stop();
}

// --- default timing, as measured on the real probe ---
{
	const app = await App.start();
	await waitFor(() => tcpAccepts(app.port), 5000, 1);
	const tcpAt = app.elapsed();
	const raw = await RawClient.connect(app.port);
	await raw.until(() => raw.handshake, 5000);
	const hsAt = Number(raw.handshakeAt - app.t0) / 1e6;
	ok(tcpAt >= 60 && tcpAt <= 400, `TCP accepted about 100 ms after exec (${tcpAt.toFixed(0)} ms)`);
	ok(hsAt - tcpAt >= 60 && hsAt - tcpAt <= 500,
	    `handshake about 150 ms later (${(hsAt - tcpAt).toFixed(0)} ms)`);
	let t = process.hrtime.bigint();
	raw.text('{"jsonrpc":"2.0","method":"ping","id":1}');
	await raw.until(() => raw.frames.length >= 1);
	const first = Number(process.hrtime.bigint() - t) / 1e6;
	ok(first >= 2, `the first request takes a few ms (${first.toFixed(2)} ms)`);
	const lat = [];
	for (let i = 2; i <= 101; i++) {
		t = process.hrtime.bigint();
		raw.text(`{"jsonrpc":"2.0","method":"ping","id":${i}}`);
		await raw.until(() => raw.frames.length >= i);
		lat.push(Number(process.hrtime.bigint() - t) / 1e6);
	}
	lat.sort((a, b) => a - b);
	ok(lat[50] >= 0.15 && lat[50] < 5, `later requests about 0.2-0.5 ms (median ${lat[50].toFixed(3)} ms)`);
	raw.destroy();
	await app.stop();
}

// --- handshake headers, any path, no subprotocol echoed ---
const { app, c } = await startReady(WebSocket);
{
	c.close();
	await c.closed;
	let raw = await RawClient.connect(app.port, { Origin: 'http://page.example' },
	    '/any/path?x=1');
	await raw.until(() => raw.frames.length > 0 || raw.handshake, 5000);
	const h = raw.handshake ?? '';
	like(h, /^HTTP\/1\.1 101 /, 'any path and query are accepted: 101');
	like(h, /^Server: QtMCP\r?$/mi, 'Server: QtMCP');
	like(h, /^Access-Control-Allow-Origin: http:\/\/page\.example\r?$/mi,
	    'the Origin is echoed');
	like(h, /^Access-Control-Allow-Credentials: false\r?$/mi, 'Allow-Credentials: false');
	like(h, /^Access-Control-Allow-Methods: GET\r?$/mi, 'Allow-Methods: GET');
	like(h, /^Access-Control-Allow-Headers: content-type\r?$/mi, 'Allow-Headers');
	like(h, /^Date: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\r?$/mi, 'Date');
	unlike(h, /Sec-WebSocket-Protocol/i, 'no subprotocol header');
	unlike(h, /Sec-WebSocket-Extensions/i, 'no extension accepted');
	raw.destroy();
	await sleep(50);
	raw = await RawClient.connect(app.port,
	    { 'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits' });
	await raw.until(() => raw.handshake, 5000);
	like(raw.handshake, /^Access-Control-Allow-Origin: \*\r?$/mi, 'no Origin: *');
	unlike(raw.handshake, /Sec-WebSocket-Extensions/i, 'an offered deflate is not accepted');

	// Text frames only: a binary frame gets nothing back.
	raw.frame(2, '{"jsonrpc":"2.0","method":"ping","id":7}');
	raw.text('{"jsonrpc":"2.0","method":"ping","id":8}');
	await raw.until(() => raw.frames.length >= 1);
	await sleep(50);
	const msgs = raw.messages().map((m) => JSON.parse(m.data));
	is(msgs.map((m) => m.id), [8], 'a binary frame is ignored without a reply');

	// A client message in three fragments is reassembled.
	raw.frame(1, '{"jsonrpc":"2.0",', false);
	raw.frame(0, '"method":"ping",', false);
	raw.frame(0, '"id":9}', true);
	await raw.until(() => raw.messages().length >= 2);
	is(JSON.parse(raw.messages()[1].data), { jsonrpc: '2.0', id: 9, result: 'pong' },
	    'fragmented request reassembled');

	// Ping frames are answered.
	raw.frame(9, 'hello');
	await raw.until(() => raw.frames.some((f) => f.opcode === 10));
	const pong = raw.frames.find((f) => f.opcode === 10);
	is(pong && pong.payload.toString(), 'hello', 'ping answered with a pong');

	// Outgoing messages over 512 KiB come as 524288-byte fragments.
	const n0 = raw.messages().length;
	const blob = 'x'.repeat(1500 * 1000);
	raw.text(JSON.stringify({ jsonrpc: '2.0', method: 'echo', id: 10,
	    params: { blob } }));
	await raw.until(() => raw.messages().length > n0, 10000);
	let m = raw.messages()[n0];
	ok(m && m.sizes.length === 3 && m.sizes[0] === 524288 &&
	    m.sizes[1] === 524288, `1.5 MB echo came as 3 frames of 524288 (${m && m.sizes})`);
	is(m && JSON.parse(m.data).result.blob.length, blob.length, 'reassembled intact');
	const big = 'y'.repeat(5 * 1000 * 1000);
	raw.text(JSON.stringify({ jsonrpc: '2.0', method: 'echo', id: 11,
	    params: { big } }));
	await raw.until(() => raw.messages().length > n0 + 1, 20000);
	m = raw.messages()[n0 + 1];
	ok(m && m.sizes.length === 10 && m.sizes.slice(0, 9).every((s) => s === 524288),
	    `a 5 MB request is accepted, its echo comes as 10 frames (${m && m.sizes.length})`);
	raw.text('{"jsonrpc":"2.0","method":"ping","id":12}');
	await raw.until(() => raw.messages().length > n0 + 2);
	is(raw.messages()[n0 + 2].sizes, [41], 'a small reply is one frame');

	// Invalid UTF-8 in a text frame: close 1007.
	raw.frame(1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
	await raw.until(() => raw.closeFrame(), 5000);
	is(raw.closeFrame(), { code: 1007, reason: 'Invalid UTF-8 code encountered.' },
	    'invalid UTF-8 closes with 1007 and the reason');
	raw.destroy();
}

// --- one client at a time ---
{
	const a = await Client.connectReady(WebSocket, app.port);
	const raw = await RawClient.connect(app.port);
	await raw.until(() => raw.closeFrame(), 5000);
	like(raw.handshake ?? '', /^HTTP\/1\.1 101 /, 'a second client completes the handshake (101)');
	is(raw.closeFrame(), { code: 1008, reason: 'Another client is already connected' },
	    'then is closed with 1008 and the reason');
	const r = await a.call('ping');
	is(r.result, 'pong', 'the first client still works');
	a.close();
	await a.closed;
	const b = await Client.connectReady(WebSocket, app.port);
	ok(b, 'after the first client leaves, the next is accepted');
	b.close();
	raw.destroy();
}

// --- bound to 127.0.0.1 only (a deliberate deviation from all interfaces) ---
{
	const tcp = readFileSync('/proc/net/tcp', 'utf8');
	const hex = app.port.toString(16).toUpperCase().padStart(4, '0');
	like(tcp, new RegExp(`: 0100007F:${hex} 00000000:0000 0A`), 'listens on 127.0.0.1');
	unlike(tcp, new RegExp(`: 00000000:${hex} 00000000:0000 0A`), 'not on 0.0.0.0');
}

// --- traffic log on stderr ---
{
	const d = await Client.connectReady(WebSocket, app.port);
	await d.call('cu.screenshot');
	like(app.err, /^\[QtMCP\] Received: \{"jsonrpc":"2\.0","method":"cu\.screenshot","id":\d+\}$/m,
	    'Received line with the full message');
	like(app.err, /^Handling method: cu\.screenshot$/m, 'Handling method line');
	like(app.err, /^\[QtMCP\] Sending: \{"jsonrpc":"2\.0","id":\d+,"result":\{"meta":.*"image":"iVBORw0KGgo[A-Za-z0-9+/=]{1000,}/m,
	    'Sending line with the screenshot base64');
	like(app.err, /^Registered method: qt\.objects\.find$/m, 'Registered method lines');
	d.close();
	await d.closed;
}
await app.stop();

// --- the exit quirk and close on MainWindow: EOF, no close frame ---
{
	const { app: a2, c: c2 } = await startReady(WebSocket);
	c2.close();
	await c2.closed;
	const raw = await RawClient.connect(a2.port);
	await raw.until(() => raw.handshake, 5000);
	raw.text('{"jsonrpc":"2.0","method":"qt.objects.find","id":1,"params":{"name":"MainWindow"}}');
	await raw.until(() => raw.messages().length >= 1);
	const id = JSON.parse(raw.messages()[0].data).result.result.objectId;
	raw.text(JSON.stringify({ jsonrpc: '2.0', method: 'qt.methods.invoke', id: 2,
	    params: { objectId: id, method: 'close' } }));
	await raw.until(() => raw.ended, 5000);
	const ms = raw.messages();
	is(ms.length >= 2 && JSON.parse(ms[1].data).result.result, { result: true },
	    'close on MainWindow is answered');
	ok(raw.ended && raw.closeFrame() === null, 'then TCP EOF without a close frame');
	const e = await a2.waitExit(5000);
	is(e && e.signal, 'SIGSEGV', 'the app dies by SIGSEGV after a normal exit');
	like(a2.err.trimEnd().split('\n').pop(), /^\[QtMCP\] SignalMonitor destroyed$/,
	    'its last line is [QtMCP] SignalMonitor destroyed');
	raw.destroy();
}
{
	const a3 = await App.start({ faults: 'exit_segv=0,log=0' });
	await a3.waitErr(/QtMCP listening/);
	const c3 = await Client.connectReady(WebSocket, a3.port);
	await c3.call('qt.ping');
	unlike(a3.err, /\[QtMCP\] (Received|Sending)/, 'log=0: no traffic lines');
	unlike(a3.err, /Registered method/, 'log=0: no registration lines');
	a3.kill('SIGTERM');
	const e = await a3.waitExit(5000);
	is(e, { code: 0, signal: null }, 'exit_segv=0: SIGTERM gives a clean exit 0');
	unlike(a3.err, /SignalMonitor destroyed/, 'and no SignalMonitor line');
	const cl = await c3.closed;
	is(cl.code, 1006, 'the client sees the connection drop without a close frame');
}

// --- QTMCP_ENABLED=0 only hides the load line ---
{
	const a4 = await App.start({ env: { QTMCP_ENABLED: '0' } });
	const c4 = await Client.connectReady(WebSocket, a4.port);
	ok(c4, 'QTMCP_ENABLED=0: the probe still listens');
	unlike(a4.err, /Library loaded/, 'but the load line is gone');
	c4.close();
	await a4.stop();
}

// --- the port taken: an error line, the app runs on without a probe ---
{
	const port = await freePort();
	const blocker = net.createServer();
	await new Promise((r) => blocker.listen(port, '127.0.0.1', r));
	const a5 = await App.start({ port });
	ok(await a5.waitErr(new RegExp(`^\\[QtMCP\\] ERROR: Failed to start WebSocket server on port ${port}$`, 'm')),
	    'port in use: ERROR line');
	await sleep(200);
	is(a5.exit, null, 'the application keeps running');
	unlike(a5.err, /QtMCP listening/, 'no listening line');
	await a5.stop();
	blocker.close();
}

done();

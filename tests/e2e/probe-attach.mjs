// probe-attach.mjs: attach mode end to end (no target: qtmcp connects to
// ws_url).  The app (the probe double, through the real qtmcp-launch) is
// started by the test before or after qtmcp, goes away and comes back, or
// has another client already; "localhost" is tried as 127.0.0.1 first,
// then ::1; and a ws_url that is not loopback is refused unless
// allow_remote = yes.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ok, is, like, unlike, diag, done, watchdog, need, lives } from '../lib/tap.mjs';
import { freePort, waitFor, tmpdir, QTMCP } from '../lib/mcp.mjs';
import { App, Client } from '../double/lib.mjs';
import { qtmcp, text, isError, json } from './probe-lib.mjs';

watchdog(240);
await need('ajv');
const wsmod = await need('ws');
const WebSocket = wsmod.default;
const WebSocketServer = wsmod.WebSocketServer;

function attach(url, extra = '') {
	return qtmcp({ config: `[qtmcp]\nlog_level = debug\nws_url = ${url}\n${extra}` });
}

const reached = (raw, what) => raw.log().match(new RegExp(
    `target app: probe reached${what}`));

// --- qtmcp first, the app later; the app goes away and comes back ---
await lives(async () => {
	const port = await freePort();
	const url = `ws://127.0.0.1:${port}`;
	const raw = attach(url);
	await raw.initialize();
	await raw.waitLog(/no probe at/, 20);
	like(raw.log(), new RegExp(`info: target app: no probe at ${url} yet \\(cannot connect to the probe on port ${port}[^)]*\\); trying again at most every 2s`),
	    'nothing there yet: qtmcp says once what it waits for');
	let t = await raw.status();
	is([t.state, t.probe.connected, t.attached], ['starting', false, true], 'status: starting, not connected');
	// Wait until the retries have grown apart (attempts logged at debug).
	const attempts = () => (raw.log().match(/debug: target app: attempt \d+: cannot connect/g) || []).length;
	await waitFor(() => /trying again/.test(raw.log()) && attempts() >= 12, 30, 'a dozen attempts');
	const t0 = Date.now();
	await waitFor(() => attempts() >= 14, 30, 'two more attempts');
	ok(Date.now() - t0 >= 500, 'retries back off (two attempts took more than 0.5 s)');
	is((raw.log().match(/no probe at/g) || []).length, 1, 'the wait is reported once, not per attempt');

	const app = await App.start({ port, faults: 'log=0' });
	const r = await raw.call('qt_ping', {}, 60);
	ok(!isError(r), 'the app appears: qtmcp connects by itself and the call works');
	ok(reached(raw, ` on 127\\.0\\.0\\.1:${port} after \\d+ attempts?, \\d+ ms after start`),
	    'the log says when the probe was reached and how long it took');

	// The app goes away: calls wait, and are served when it is back.
	app.kill('SIGKILL');
	await raw.waitLog(/probe lost/, 20);
	like(raw.log(), /warning: target app: probe lost: the connection to the probe on port \d+ ended without a close frame \(did the app crash or exit\?\)/,
	    'the app goes away: one line says why the probe was lost');
	t = await raw.status();
	is([t.state, t.probe.connected], ['starting', false], 'status: starting again');
	await app.exited;
	const waiting = raw.call('qt_ping', {}, 60);
	await raw.waitLog(/no probe at[^]*no probe at/, 20);
	ok(true, 'the new wait is reported');
	const app2 = await App.start({ port, faults: 'log=0' });
	const r2 = await waiting;
	ok(!isError(r2), 'a call made while the app was away is served once it is back');
	ok(reached(raw, ` again on 127\\.0\\.0\\.1:${port} after \\d+ attempts?, \\d+ ms after the loss`),
	    'the log says how long the reconnection took');
	t = await raw.status();
	is([t.state, t.probe.connections], ['ready', 2], 'ready, second connection');
	await raw.close();
	await app2.stop();
}, 'attach before the app starts');

// --- the app first ---
await lives(async () => {
	const port = await freePort();
	const app = await App.start({ port, faults: 'log=0' });
	await app.waitErr(/QtMCP listening/, 10000);
	const raw = attach(`ws://127.0.0.1:${port}`);
	await raw.initialize();
	const r = await raw.call('qt_objects_find', { name: 'nameEdit' }, 60);
	is(isError(r) ? text(r) : json(r).className, 'QLineEdit', 'attached to a running app');
	unlike(raw.log(), /no probe at/, 'no wait to report');
	await raw.close();
	await app.stop();
}, 'attach after the app starts');

// --- another client is connected first ---
await lives(async () => {
	const port = await freePort();
	const app = await App.start({ port, faults: 'log=0' });
	const c = await Client.connectReady(WebSocket, port);
	const raw = attach(`ws://127.0.0.1:${port}`);
	await raw.initialize();
	await raw.waitLog(/another client/, 20);
	like(raw.log(), new RegExp(`warning: target app: the probe on port ${port} refused the connection because another client is connected: PID ${process.pid} \\(node\\); the probe serves one client at a time, stop the other one`),
	    'qtmcp says another client is connected, which process it is, and that it must be stopped');
	// Each refused attempt sent a ping on an established connection.
	await waitFor(async () => (await raw.status()).probe.requests >= 3, 30, 'three refused attempts');
	is((raw.log().match(/another client is connected/g) || []).length, 1, 'said once, not per attempt');
	const t = await raw.status();
	like(t.probe.last_lost, /another client is connected/, 'qtmcp_status says why it is not connected');
	is(t.probe.connected, false, 'not connected');
	c.close();
	const r = await raw.call('qt_ping', {}, 60);
	ok(!isError(r), 'the other client leaves: qtmcp connects');
	await raw.close();
	await app.stop();
}, 'second client first');

// --- "localhost": 127.0.0.1 first, then ::1 ---

// A minimal probe: answers ping, getVersion and qt.ping saying who it is.
function fakeProbe(host, port, who) {
	return new Promise((resolve, reject) => {
		const server = new WebSocketServer({ host, port });
		server.on('error', reject);
		server.on('listening', () => resolve(server));
		server.on('connection', ws => ws.on('message', data => {
			const m = JSON.parse(data.toString());
			const answer = m.method === 'ping' ? 'pong' :
			    m.method === 'getVersion' ? { name: 'QtMCP', version: '0.0.0', protocol: 'jsonrpc-2.0' } :
			    m.method === 'qt.ping' ? { meta: { timestamp: Date.now() }, result: { pong: true, who } } : null;
			ws.send(JSON.stringify(answer === null ?
			    { jsonrpc: '2.0', id: m.id, error: { code: -32601, message: `Method not found: ${m.method}` } } :
			    { jsonrpc: '2.0', id: m.id, result: answer }));
		}));
	});
}

let v6 = true;
await fakeProbe('::1', 0, 'test').then(s => s.close(), () => { v6 = false; });
await lives(async () => {
	const port = await freePort();
	const servers = [await fakeProbe('127.0.0.1', port, 'v4')];
	if (v6)
		servers.push(await fakeProbe('::1', port, 'v6'));
	const raw = attach(`ws://localhost:${port}`);
	await raw.initialize();
	const r = await raw.call('qt_ping', {}, 30);
	is(json(r).who, 'v4', 'localhost: 127.0.0.1 is tried first');
	ok(reached(raw, ` on 127\\.0\\.0\\.1:${port}`), 'and named in the log');
	await raw.close();
	for (const s of servers)
		s.close();
}, 'localhost prefers 127.0.0.1');
if (v6) {
	await lives(async () => {
		const port = await freePort();
		const server = await fakeProbe('::1', port, 'v6');
		const raw = attach(`ws://localhost:${port}`);
		await raw.initialize();
		const r = await raw.call('qt_ping', {}, 30);
		is(json(r).who, 'v6', 'localhost: ::1 when 127.0.0.1 refuses');
		ok(reached(raw, ` on \\[::1\\]:${port}`), 'and named in the log');
		await raw.close();
		server.close();
	}, 'localhost falls back to ::1');
} else
	diag('::1 is not available here: the IPv6 fallback is not tested');

// --- only loopback, unless allow_remote = yes ---
function check(args, config = null) {
	const dir = tmpdir('check');
	if (config !== null) {
		fs.writeFileSync(path.join(dir, 'qtmcp.ini'), config);
		args = ['-f', path.join(dir, 'qtmcp.ini'), ...args];
	}
	return spawnSync(QTMCP, args, { encoding: 'utf8', timeout: 30000,
	    env: { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: dir } });
}

await lives(async () => {
	let r = check(['-n', '--ws-url', 'ws://10.1.2.3:9222']);
	is(r.status, 2, 'qtmcp -n with a remote ws_url exits 2');
	like(r.stderr, /ws_url: host '10\.1\.2\.3' is not a loopback address: the probe has no authentication, so qtmcp connects only to 127\.0\.0\.0\/8, ::1 or localhost unless allow_remote = yes/,
	    'saying why and how to allow it');
	r = check(['-n'], '[qtmcp]\nws_url = ws://10.1.2.3:9222\n');
	is(r.status, 2, 'the same from the configuration file');
	like(r.stderr, /qtmcp\.ini:2: ws_url: host '10\.1\.2\.3' is not a loopback address/, 'naming the line');
	r = check(['-n'], '[qtmcp]\nws_url = ws://10.1.2.3:9222\nallow_remote = yes\n');
	is(r.status, 0, 'allow_remote = yes accepts it');
	for (const url of ['ws://127.0.0.2:9222', 'ws://[::1]:9222', 'ws://localhost:9222']) {
		r = check(['-n', '--ws-url', url]);
		is(r.status, 0, `${url} is loopback`);
	}
	// And it connects: this host's own non-loopback address.
	const addr = Object.values(os.networkInterfaces()).flat().find(a => a && a.family === 'IPv4' && !a.internal);
	if (!addr) {
		diag('no non-loopback IPv4 address here: the remote connection is not tested');
		return;
	}
	const port = await freePort();
	const server = await fakeProbe('0.0.0.0', port, 'remote');
	const raw = attach(`ws://${addr.address}:${port}`, 'allow_remote = yes\n');
	await raw.initialize();
	const p = await raw.call('qt_ping', {}, 30);
	is(json(p).who, 'remote', `allow_remote = yes: qtmcp connects to ${addr.address}`);
	await raw.close();
	server.close();
}, 'loopback only');

done();
// Whatever a failed test left running (apps, servers) must not hold the file.
process.exit();

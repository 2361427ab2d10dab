// launch.mjs: the test application started through the real
// qtmcp-launch answers ping on its port; the application's own options
// (start-up delay, timed exit, ticks) and its exit on signals.

import { ok, is, like, done, watchdog, need } from '../lib/tap.mjs';
import { App, Client, RawClient, PROBE, tcpAccepts, waitFor, tmpdir } from './lib.mjs';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

watchdog(60);
const { default: WebSocket } = await need('ws');

{
	const app = await App.start();
	const c = await Client.connectReady(WebSocket, app.port);
	const r = await c.call('ping');
	is(r, { jsonrpc: '2.0', id: r.id, result: 'pong' },
	    `started through qtmcp-launch, the app answers ping on port ${app.port}`);
	const env = readFileSync(`/proc/${app.proc.pid}/environ`, 'latin1').split('\0');
	ok(env.includes(`LD_PRELOAD=${PROBE}`), 'the launcher put the double in LD_PRELOAD');
	ok(env.includes(`QTMCP_PORT=${app.port}`), 'and the port in QTMCP_PORT');
	like(app.out, new RegExp(`^qtmcp-test-app: started, pid ${app.proc.pid}$`, 'm'),
	    'the launcher execs in place: same pid');
	like(app.out, /^qtmcp-test-app: in main loop$/m, 'stdout chatter');
	like(app.err, /^qtmcp-test-app: starting up \(3\/3\)$/m, 'stderr chatter');
	app.kill('SIGINT');
	const e = await app.waitExit(5000);
	is(e.signal, 'SIGSEGV', 'SIGINT: a clean exit from main, then the exit quirk');
	like(app.out, /exiting on signal 2/, 'the app saw SIGINT');
	is((await c.closed).code, 1006, 'no close frame');
}

// The handshake waits until the app reaches its main loop (-d).
{
	const app = await App.start({ args: ['-d', '1500'] });
	ok(await waitFor(() => tcpAccepts(app.port), 3000, 5), 'TCP accepted early');
	const acc = app.elapsed();
	const raw = await RawClient.connect(app.port);
	await raw.until(() => raw.handshake, 5000);
	const hs = Number(raw.handshakeAt - app.t0) / 1e6;
	ok(acc < 600 && hs >= 1450, `-d 1500: TCP at ${acc.toFixed(0)} ms, handshake at ${hs.toFixed(0)} ms`);
	raw.destroy();
	await app.stop();
}

// QTMCP_NAME_MAP names the name-map file read at start.
{
	const f = path.join(tmpdir(), 'names.json');
	writeFileSync(f, JSON.stringify({ app: 'QApplication' }));
	const app = await App.start({ env: { QTMCP_NAME_MAP: f } });
	const c = await Client.connectReady(WebSocket, app.port);
	is((await c.call('qt.names.list')).result.result, { app: 'QApplication' },
	    'QTMCP_NAME_MAP is loaded at start');
	c.close();
	await app.stop();
}

// Timed exit with a status, ticks, environment options.
{
	const app = await App.start({ args: ['-t', '400', '-s', '7', '-i', '100'],
	    faults: 'exit_segv=0' });
	const e = await app.waitExit(5000);
	is(e, { code: 7, signal: null }, '-t 400 -s 7: exits with status 7');
	ok(app.out.split('\n').filter((l) => /^qtmcp-test-app: tick \d+$/.test(l)).length >= 3,
	    '-i 100: tick lines');
	const a2 = await App.start({ env: { QTMCP_TEST_APP_EXIT_AFTER: '300',
	    QTMCP_TEST_APP_STATUS: '0', QTMCP_TEST_APP_CHATTER: '5' } });
	const e2 = await a2.waitExit(5000);
	is(e2.signal, 'SIGSEGV', 'options from the environment; exit 0, then the quirk');
	like(a2.err, /starting up \(5\/5\)/, 'QTMCP_TEST_APP_CHATTER');
}

done();

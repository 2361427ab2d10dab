// probe-ready.mjs: ready detection end to end.  The real qtmcp starts the
// probe double's test app through the real qtmcp-launch and must call it
// ready only once the WebSocket handshake is done and a ping answered:
// with the double's default timing, with the event loop (where handshakes
// complete) reached 0, 1 and 3 s after the port accepts connections, with
// the port itself opened 2 s late, and with an app that delays its main
// loop.  A ready_timeout that expires is a clear error quoting the app's
// last lines, a probe that never answers its first ping is retried, and
// qtmcp serves MCP all along.  The exec -> ready times are printed.

import { ok, is, like, diag, done, watchdog, need, lives } from '../lib/tap.mjs';
import { launch, text, isError, json } from './probe-lib.mjs';

watchdog(240);
await need('ajv');

const figures = [];

// The log line of the probe client for a target that became ready.
const REACHED = /target app: probe reached on 127\.0\.0\.1:(\d+) after (\d+) attempts?, (\d+) ms after start/;

async function readyWith(label, { env = [], args = '', least = 0 }) {
	const raw = await launch({ env, args, qtmcp: 'ready_timeout = 30s' });
	// Asked at once: the call waits for the target instead of failing.
	const pinged = raw.call('qt_ping', {}, 60);
	const early = await raw.status();
	if (least >= 1000)
		is(early.state, 'starting', `${label}: qtmcp answers while the app starts (state starting)`);
	const r = await pinged;
	ok(!isError(r), `${label}: qt_ping sent during start-up is answered once ready`);
	is(json(r).pong, true, `${label}: with the probe's payload`);
	const t = await raw.status();
	is(t.state, 'ready', `${label}: state ready`);
	is(t.probe.connected, true, `${label}: probe connected`);
	is(t.probe.connections, 1, `${label}: one connection`);
	const m = raw.log().match(REACHED);
	ok(m, `${label}: one log line says when and how fast the probe was reached`);
	if (m) {
		is(Number(m[1]), t.port, `${label}: on 127.0.0.1 and the app's port`);
		ok(Number(m[3]) >= least, `${label}: not before the app's loop runs (${m[3]} ms >= ${least} ms)`);
	}
	like(raw.log(), /target app: starting -> ready \(probe answered in \d+ ms\)/,
	    `${label}: the supervisor logs the transition`);
	ok(t.ready_in_ms >= least, `${label}: ready_in_ms ${t.ready_in_ms} >= ${least}`);
	figures.push(`${label}: exec -> ready ${t.ready_in_ms} ms (${m ? m[2] : '?'} connection attempts)`);
	await raw.close();
	return raw;
}

// --- the double's default timing: listen 100 ms after load, loop 150 ms later ---
for (let i = 1; i <= 3; i++)
	await lives(() => readyWith(`default timing, run ${i}`, {}), `default timing, run ${i}`);

// --- the event loop (and so the handshake) 0, 1 and 3 s after listen() ---
for (const ms of [0, 1000, 3000]) {
	await lives(async () => {
		const raw = await readyWith(`loop_delay ${ms}`, { env: [`QTMCP_DOUBLE_FAULTS=loop_delay=${ms}`], least: ms });
		if (ms >= 3000) {
			// The port accepted TCP long before the handshake: the
			// connection stuck there was timed out and retried.
			like(raw.log(), /no WebSocket handshake from port \d+ within 1000 ms, retrying/,
			    `loop_delay ${ms}: a handshake that does not come is timed out and retried`);
			retriedBeforeReady(raw, ms);
		}
	}, `loop_delay ${ms}`);
}

function retriedBeforeReady(raw, ms) {
	const lines = raw.log().split('\n');
	const i = lines.findIndex(l => /-> ready/.test(l));
	const j = lines.findIndex(l => /within 1000 ms, retrying/.test(l));
	ok(j >= 0 && j < i, `loop_delay ${ms}: TCP accepted was not taken for ready`);
}

// --- the port itself opens late: refused attempts go on, growing apart ---
await lives(async () => {
	const raw = await readyWith('listen_delay 2000', { env: ['QTMCP_DOUBLE_FAULTS=listen_delay=2000'], least: 2000 });
	const m = raw.log().match(REACHED);
	// 5 ms apart at first, then a little more: not once, not a busy loop.
	ok(m && Number(m[2]) > 5 && Number(m[2]) <= 400,
	    `listen_delay 2000: retried at a short interval (${m && m[2]} attempts in 2 s)`);
}, 'listen_delay');

// --- the app delays its own main loop (-d) ---
await lives(() => readyWith('app -d 1500', { args: '-d 1500', least: 1500 }), 'app main loop delay');

// --- ready_timeout: the probe never listens ---
await lives(async () => {
	const raw = await launch({ qtmcp: 'ready_timeout = 1s', env: ['QTMCP_DOUBLE_FAULTS=nolisten'],
	    extra: 'backoff_min = 100ms\n' });
	await raw.waitLog(/did not answer within 1000 ms/, 30);
	like(raw.log(), /target app: the probe on port \d+ did not answer within 1000 ms: is the probe loaded \(LD_PRELOAD\)/,
	    'ready_timeout expiry is a clear error asking whether the probe is loaded');
	like(raw.log(), /target app: \| \[QtMCP\] Library loaded, waiting for Qt startup/,
	    'it quotes what the app printed');
	like(raw.log(), /starting -> stopping \(the probe did not answer within 1s\)/,
	    'the app is stopped');
	// nolisten fired once (QTMCP_DOUBLE_ONCE): the restarted copy works.
	const r = await raw.call('qt_ping', {}, 60);
	ok(!isError(r), 'after the restart the client connects by itself');
	const t = await raw.status();
	is([t.state, t.restarts], ['ready', 1], 'ready after one restart');
	await raw.close();
}, 'ready timeout');

// --- the first ping goes unanswered: the connection is dropped and retried ---
await lives(async () => {
	// wrong_id makes the answer to qtmcp's first ping carry another id.
	const raw = await launch({ qtmcp: 'ready_timeout = 30s', env: ['QTMCP_DOUBLE_FAULTS=wrong_id=1'] });
	const r = await raw.call('qt_ping', {}, 60);
	ok(!isError(r), 'a first ping answered with a wrong id: ready on the next connection');
	like(raw.log(), /the probe answered an unknown request id 1000001; ignored/,
	    'the answer with the unknown id is logged and ignored');
	like(raw.log(), /completed the WebSocket handshake but did not answer ping within 5s/,
	    'the reason for the retry is logged');
	const t = await raw.status();
	is([t.state, t.starts, t.probe.connections], ['ready', 1, 1], 'same app, one ready connection');
	await raw.close();
}, 'first ping unanswered');

for (const f of figures)
	diag(f);
done();
// Whatever a failed test left running (apps, servers) must not hold the file.
process.exit();

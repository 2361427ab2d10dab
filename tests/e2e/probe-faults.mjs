// probe-faults.mjs: the probe going away, end to end.  The real qtmcp
// supervises the probe double's test app (through the real qtmcp-launch)
// and the double crashes mid-request, hangs, answers slowly, closes the
// connection with various codes, refuses a second client, or is killed
// or restarted.  Each time the calls in flight fail at once saying what
// happened, the log says in one line why the probe was lost, the
// supervisor hears of it, and after a restart the client reconnects by
// itself while qtmcp keeps serving.

import { ok, is, like, unlike, diag, done, watchdog, need, lives } from '../lib/tap.mjs';
import { waitFor } from '../lib/mcp.mjs';
import { Client } from '../double/lib.mjs';
import { launch, control, text, isError, json } from './probe-lib.mjs';

watchdog(300);
await need('ajv');
const { default: WebSocket } = await need('ws');

const LOST = /warning: target app: probe lost: (.*)/;

// --- the app crashes on receiving a request, or with calls pending ---
await lives(async () => {
	const raw = await launch({ env: ['QTMCP_DOUBLE_FAULTS=log=0,crash_on=qt.objects.find'],
	    extra: 'backoff_min = 100ms\n' });
	await raw.call('qt_ping');
	const crashed = r => isError(r) && /the app crashed \(killed by SIGSEGV\)/.test(text(r));
	const r = await raw.call('qt_objects_find', { name: 'slider' });
	ok(crashed(r), 'the call that crashed the app fails, saying the app crashed');
	like(text(r), /qtmcp is restarting it: call the tool again once it is back/, 'and what happens next');
	const m = raw.log().match(LOST);
	like(m && m[1], /the connection to the probe on port \d+ ended without a close frame \(did the app crash or exit\?\)/,
	    'one log line says why the probe was lost');
	like(raw.log(), /ready -> crashed \(the app crashed \(killed by SIGSEGV\)\)/, 'the supervisor is told');
	const p = await raw.call('qt_objects_find', { name: 'slider' }, 60);
	ok(!isError(p), 'after the restart the same call works (the client reconnected by itself)');
	let t = await raw.status();
	is([t.state, t.restarts, t.probe.connections], ['ready', 1, 2], 'ready, one restart, two connections');
	like(raw.log(), /probe reached on 127\.0\.0\.1:\d+ after \d+ attempts?, \d+ ms after start[^]*probe reached on 127\.0\.0\.1:\d+ after \d+ attempts?, \d+ ms after start/,
	    'the log says when the probe was reached, each time');

	// Ten calls stuck behind a hung one when the app crashes.
	control(raw, 'hang_on=qt.objects.find');
	const before = t.probe.requests;
	const calls = [raw.call('qt_objects_find', { name: 'comboBox' })];
	for (let i = 0; i < 9; i++)
		calls.push(raw.call('qt_ping'));
	await waitFor(async () => (await raw.status()).probe.requests >= before + 10, 30, 'the calls to be sent');
	control(raw, 'crash');
	const rs = await Promise.all(calls);
	is(rs.filter(crashed).length, 10, 'every call pending when the app crashes fails, saying so');
	ok(!isError(await raw.call('qt_ping', {}, 60)), 'and after the restart the client reconnects');
	t = await raw.status();
	is([t.state, t.restarts, t.probe.connections], ['ready', 2, 3], 'ready, two restarts, three connections');
	await raw.close();
}, 'crash');

// --- the app hangs: every pending call fails at once, the app is restarted ---
await lives(async () => {
	// The gap between request_timeout and the 5 s ping lets calls made
	// after the first timeout still be pending when the hang is known.
	const raw = await launch({ qtmcp: 'request_timeout = 8s\nready_timeout = 5s',
	    env: ['QTMCP_DOUBLE_FAULTS=log=0'], extra: 'backoff_min = 100ms\n' });
	await raw.call('qt_ping');
	control(raw, 'hang');
	const first = await raw.call('qt_objects_find', { name: 'slider' });
	like(text(first), /did not answer qt\.objects\.find within 8s/, 'the first call times out');
	const pending = await Promise.all([raw.call('qt_ping'), raw.call('qt_objects_find', { name: 'comboBox' }),
	    raw.call('qt_ping')]);
	ok(pending.every(r => isError(r) && /stopped answering: qt\.objects\.find timed out, then a ping got no answer within 5s/.test(text(r))),
	    'the calls pending when the ping goes unanswered fail at once, saying the app stopped answering');
	const m = raw.log().match(LOST);
	like(m && m[1], /the probe on port \d+ stopped answering: .* \(is the app hung, or stopped in a debugger\?\)/,
	    'one log line says why the probe was lost');
	like(raw.log(), /ready -> starting \(the probe on port \d+ stopped answering/, 'the supervisor is told');
	await raw.waitLog(/starting -> stopping \(the probe did not answer within 5s\)/, 30);
	ok(true, 'still not answering after ready_timeout: the app is stopped');
	const p = await raw.call('qt_ping', {}, 60);
	ok(!isError(p), 'after the restart the client reconnects by itself');
	const t = await raw.status();
	is([t.state, t.restarts], ['ready', 1], 'ready after one restart');
	await raw.close();
}, 'hang');

// --- a slow app: everything is answered, later ---
await lives(async () => {
	const raw = await launch({ env: ['QTMCP_DOUBLE_FAULTS=log=0,delay=50'] });
	const rs = await Promise.all(['slider', 'comboBox', 'nameEdit', 'checkBox', 'listWidget'].map(name =>
	    raw.call('qt_objects_find', { name })));
	is(rs.map(r => isError(r) ? text(r) : json(r).className),
	    ['QSlider', 'QComboBox', 'QLineEdit', 'QCheckBox', 'QListWidget'], 'slow answers are all matched');
	unlike(raw.log(), /timed out|probe lost/, 'nothing times out, nothing is lost');
	await raw.close();
}, 'slow');

// --- the probe closes the connection: reconnect to the same app ---
await lives(async () => {
	const raw = await launch({ env: ['QTMCP_DOUBLE_FAULTS=log=0'] });
	await raw.call('qt_ping');
	let n = 1;
	for (const [code, reason] of [[1001, 'going away'], [1011, 'internal error'], [4000, 'bye now'], [1000, '']]) {
		control(raw, `close=${code}${reason ? ':' + reason : ''}`);
		n++;
		await waitFor(async () => (await raw.status()).probe.connections === n, 20, `connection ${n}`);
		const lost = [...raw.log().matchAll(new RegExp(LOST, 'g'))].map(x => x[1]);
		is(lost[lost.length - 1], `the probe on port ${(await raw.status()).port} closed the connection ` +
		    `(code ${code}${reason ? ': ' + reason : ''})`, `close ${code}: the log says so, with the reason`);
		ok(!isError(await raw.call('qt_ping')), `close ${code}: reconnected to the same app`);
	}
	like(raw.log(), /probe reached again on 127\.0\.0\.1:\d+ after \d+ attempts?, \d+ ms after the loss/,
	    'the log says how long reconnecting took');
	const t = await raw.status();
	is([t.state, t.starts], ['ready', 1], 'the app was never restarted');
	like(t.probe.last_lost, /closed the connection \(code 1000\)/, 'qtmcp_status shows the last loss');
	await raw.close();
}, 'close codes');

// --- a second client while qtmcp is connected is refused, qtmcp is not ---
await lives(async () => {
	const raw = await launch({ env: ['QTMCP_DOUBLE_FAULTS=log=0'] });
	await raw.call('qt_ping');
	const port = (await raw.status()).port;
	const c = await Client.open(WebSocket, port);
	const closed = await c.closed;
	is(closed, { code: 1008, reason: 'Another client is already connected' },
	    'another client is refused while qtmcp is connected');
	ok(!isError(await raw.call('qt_ping')), 'qtmcp keeps its connection');
	is((await raw.status()).probe.connections, 1, 'the same one');
	await raw.close();
}, 'second client after qtmcp');

// --- the app is killed, or restarted on request ---
await lives(async () => {
	const raw = await launch({ env: ['QTMCP_DOUBLE_FAULTS=log=0'], extra: 'backoff_min = 100ms\n' });
	await raw.call('qt_ping');
	const pid = (await raw.status()).pid;
	process.kill(pid, 'SIGKILL');
	await raw.waitLog(/ready -> crashed \(the app crashed \(killed by SIGKILL\)\)/, 20);
	ok(true, 'killed: the supervisor reports the crash');
	const p = await raw.call('qt_ping', {}, 60);
	ok(!isError(p), 'killed: after the restart the client reconnects by itself');
	const t = await raw.status();
	ok(t.pid !== pid && t.state === 'ready', 'a new app, ready');
	const r = await raw.call('qtmcp_restart', {}, 60);
	ok(!isError(r), 'qtmcp_restart');
	const p2 = await raw.call('qt_ping', {}, 60);
	ok(!isError(p2), 'restarted: the client reconnects by itself');
	const t2 = await raw.status();
	is([t2.state, t2.starts, t2.probe.connections], ['ready', 3, 3], 'three apps, three connections');
	await raw.close();
}, 'kill and restart');

done();
// Whatever a failed test left running (apps, servers) must not hold the file.
process.exit();

// tools-restart.mjs: tool calls while the application crashes and comes
// back, with the official SDK client against the real qtmcp and the
// probe double.  A call in flight when a fault of the double kills the
// app fails with a text that says so and that qtmcp is restarting it; a
// call made during the restart waits (through the backoff and the new
// start) and then succeeds, with progress notifications when it carried
// a progressToken; the same after kill -SEGV of the PID qtmcp_status
// gives; then qtmcp_restart; and a window closed by a tool, which ends
// the app for good until qtmcp_restart.  backoff_min is 2s and
// stable_time 10m so that every restart window is wide enough to be seen
// on a loaded machine.

import fs from 'node:fs';
import path from 'node:path';
import { ok, is, like, done, watchdog, need, lives } from '../lib/tap.mjs';
import { tmpdir, waitFor, alive } from '../lib/mcp.mjs';
import { session, checkMessages } from './tools-lib.mjs';

watchdog(300);
await need('@modelcontextprotocol/sdk/client/index.js');
await need('ajv');
const { LoggingMessageNotificationSchema } = await import('@modelcontextprotocol/sdk/types.js');

const dir = tmpdir('restart');
const once = path.join(dir, 'fault-fired');
const s = await session({ mode: 'native', revision: '2025-11-25', dir,
    extra: 'backoff_min = 2s\nbackoff_max = 10s\nstable_time = 10m\n',
    env: ['QTMCP_DOUBLE_FAULTS=crash_on=qt.version', `QTMCP_DOUBLE_ONCE=${once}`] });
const logs = [];
s.client.setNotificationHandler(LoggingMessageNotificationSchema, n => logs.push(n.params));

// A call with a progressToken: its answer and the progress it got.
async function withProgress(name, args = {}) {
	const progress = [];
	const x = await s.call(name, args, { onprogress: p => progress.push(p) });
	// The SDK runs notification handlers asynchronously and may settle
	// the call first: let the handlers of what came before it run.
	await new Promise(r => setImmediate(r));
	return { x, progress };
}

function checkProgress(progress, desc) {
	ok(progress.length >= 2, `${desc}: progress notifications while it waited (${progress.length})`);
	like(progress[0] && progress[0].message, /^waiting for app: (crashed|backoff|starting)/,
	    `${desc}: the first says what it waits for`);
	like(progress.at(-1) && progress.at(-1).message, /^app is ready$/, `${desc}: the last that the app is ready`);
	ok(progress.every((p, i) => i === 0 || p.progress > progress[i - 1].progress),
	    `${desc}: progress increases`);
}

let pid;
await lives(async () => {
	const t = await s.target();
	pid = t.pid;
	is([t.state, t.restarts], ['ready', 0], `ready, pid ${pid}`);
	ok(!fs.existsSync(once), 'the double\'s fault has not fired yet');

	// crash_on=qt.version: the double dies on receiving the call.
	const x = await s.call('qt_version');
	ok(x.isError, 'a call in flight when the app crashes: isError');
	like(x.text, /^qt_version did not complete: the app crashed \(killed by SIGSEGV\)\./, 'saying it crashed');
	like(x.text, /qtmcp is restarting it: call the tool again once it is back/, 'and what to do');
	ok(fs.existsSync(once), 'the fault fired (so the restarted app will not repeat it)');
	ok(!alive(pid), `pid ${pid} is gone`);

	// Made while the app is in backoff: waits, then works.
	const { x: y, progress } = await withProgress('qt_ping');
	ok(!y.isError && y.json.pong === true, 'a call made during the restart waits and succeeds');
	checkProgress(progress, 'qt_ping during the restart');
	const t2 = await s.target();
	ok(t2.pid !== pid && alive(t2.pid), `a new app process (pid ${t2.pid})`);
	is([t2.state, t2.restarts, t2.last_exit.signal, t2.last_exit.pid], ['ready', 1, 'SIGSEGV', pid],
	    'qtmcp_status: ready, one restart, the last exit was pid\'s SIGSEGV');
	is((await s.ok('qt_version')).name, 'QtMCP', 'qt_version works on the restarted app');
	ok(logs.some(l => l.level === 'error' && /app: the app crashed \(killed by SIGSEGV\)/.test(l.data)),
	    'the host was told of the crash (notifications/message, error)');
	ok(logs.some(l => l.level === 'info' && /app: ready in \d+ ms/.test(l.data)), 'and of the app being ready');
	pid = t2.pid;
}, 'a double fault kills the app under a call');

await lives(async () => {
	// kill -SEGV the app qtmcp_status names, from outside.
	const ne = await s.id('nameEdit');
	process.kill(pid, 'SIGSEGV');
	await waitFor(async () => (await s.target()).state !== 'ready', 30, 'qtmcp to see the crash');
	const st = await s.target();
	ok(['crashed', 'backoff', 'starting'].includes(st.state), `qtmcp_status during the restart: ${st.state}`);
	// Two calls at once: one with a progressToken, one without.
	const [a, b] = await Promise.all([withProgress('qt_objects_find', { name: 'nameEdit' }),
	    s.call('qt_properties_get', { objectId: ne, name: 'placeholderText' })]);
	ok(!a.x.isError && a.x.json.className === 'QLineEdit', 'qt_objects_find made during the restart succeeds');
	checkProgress(a.progress, 'qt_objects_find during the restart');
	ok(!b.isError && b.json.value === 'Enter your name', 'so does a call without a progressToken');
	const t = await s.target();
	ok(t.pid !== pid, `another new process (pid ${t.pid})`);
	is([t.state, t.restarts, t.last_exit.kind, t.last_exit.signal], ['ready', 2, 'crash', 'SIGSEGV'],
	    'qtmcp_status: two restarts, the last a SIGSEGV crash');
	ok(t.last_exit.last_output.length > 0, 'with the app\'s last output lines');
	pid = t.pid;
}, 'kill -SEGV from outside');

await lives(async () => {
	await s.set(await s.id('nameEdit'), 'text', 'before the restart');
	const r = await s.ok('qtmcp_restart');
	is([r.app, r.state], ['app', 'ready'], 'qtmcp_restart waits until the app is ready');
	ok(r.pid !== pid && alive(r.pid) && !alive(pid), `a new process (pid ${r.pid}); the old one is gone`);
	ok(Number.isFinite(r.ready_in_ms) && r.ready_in_ms >= 0, `ready in ${r.ready_in_ms} ms`);
	is(await s.get(await s.id('nameEdit'), 'text'), '', 'the new app starts afresh');
	is((await s.target()).pid, r.pid, 'qtmcp_status agrees');
}, 'qtmcp_restart');

await lives(async () => {
	// Closing the main window ends the app; the probe's SIGSEGV while
	// unloading is not a crash, so qtmcp does not restart it.
	pid = (await s.target()).pid;
	await s.ok('qt_methods_invoke', { objectId: await s.id('MainWindow'), method: 'close' });
	await waitFor(async () => (await s.target()).state === 'exited', 30, 'the app to exit');
	const t = await s.target();
	is([t.last_exit.kind, t.last_exit.pid, t.restarts], ['exit', pid, 2], 'the window closed: an exit, not restarted');
	like(t.last_exit.summary, /the app closed \(the probe crashed while unloading/, 'the unloading crash is recognised');
	const x = await s.call('qt_ping');
	ok(x.isError, 'a call now fails at once');
	like(x.text, /is exited .*Call qtmcp_restart to start it again/s, 'saying how to start it again');
	like(x.text, /\| qtmcp-test-app: window closed/, 'with the app\'s last words');
	const r = await s.ok('qtmcp_restart');
	ok(r.state === 'ready' && r.pid !== pid, 'qtmcp_restart starts it again');
	is((await s.ok('qt_ping')).pong, true, 'and calls work');
}, 'the window closed');

await checkMessages(s, 'restart');
await s.close();
done();

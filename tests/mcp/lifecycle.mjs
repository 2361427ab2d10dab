// lifecycle.mjs: the MCP surface while the application starts, crashes and
// comes back, with the official SDK client and the probe double through
// the real launcher: tools/list waiting for the app's tools, list_changed,
// the status resource's updates across a crash, progress while a call
// waits for the restarted app, log messages, and the MCP Inspector CLI.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { ok, is, like, unlike, diag, done, watchdog, need, lives } from '../lib/tap.mjs';
import { startClient, appConfig, freePort, waitFor, alive, srcdir, LAUNCHER, DOUBLE,
    TESTAPP, QTMCP, tmpdir } from '../lib/mcp.mjs';

watchdog(150);
await need('@modelcontextprotocol/sdk/client/index.js');
const types = await import('@modelcontextprotocol/sdk/types.js');

function status(r) {
	return JSON.parse(r.content[0].text).targets[0];
}

// --- tools/list waits for the app, so a host that lists once sees all ---
await lives(async () => {
	const s = await startClient({ config: appConfig() });
	const t0 = Date.now();
	const { tools } = await s.client.listTools();
	ok(tools.some(t => t.name === 'qt_ping'), 'tools/list right after start includes the app\'s tools');
	ok(tools.some(t => t.name === 'qtmcp_status'), 'and qtmcp\'s own');
	is(tools.length, 37, 'native mode: 32 qt_* + 5 qtmcp_* tools');
	const st = status(await s.client.callTool({ name: 'qtmcp_status', arguments: {} }));
	is(st.state, 'ready', 'the app is ready');
	ok(st.ready_in_ms > 0 && st.ready_in_ms < Date.now() - t0 + 60000, `ready_in_ms reported (${st.ready_in_ms} ms)`);
	const reached = /probe reached on 127\.0\.0\.1:\d+ after \d+ attempts, \d+ ms after start/;
	like(await s.logged(reached), reached,
	    'one log line says when the probe was reached and how long it took');
	is(await s.validate(), [], 'every message schema-valid');
	await s.close();
}, 'tools/list waits');

// --- attach mode: the app's tools appear later, with list_changed ---
await lives(async () => {
	const port = await freePort();
	const s = await startClient({ args: ['--ws-url', `ws://127.0.0.1:${port}`],
	    config: '[qtmcp]\nready_timeout = 300ms\n' });
	let changed = 0;
	s.client.setNotificationHandler(types.ToolListChangedNotificationSchema, () => { changed++; });
	let { tools } = await s.client.listTools();
	is(tools.map(t => t.name).sort(), ['qtmcp_events', 'qtmcp_output', 'qtmcp_restart', 'qtmcp_status', 'qtmcp_wait_for'],
	    'no app within ready_timeout: tools/list answers with qtmcp\'s own tools');
	const app = spawn(LAUNCHER, ['-q', '-p', String(port), '--probe', DOUBLE, TESTAPP],
	    { stdio: 'ignore', env: { ...process.env, QTMCP_DOUBLE_FAULTS: 'exit_segv=0' } });
	try {
		await waitFor(() => changed > 0, 20, 'notifications/tools/list_changed');
		ok(changed === 1, 'notifications/tools/list_changed once the probe answers');
		({ tools } = await s.client.listTools());
		ok(tools.some(t => t.name === 'qt_objects_find'), 'and the app\'s tools are listed then');
		const r = await s.client.callTool({ name: 'qt_ping', arguments: {} });
		ok(!r.isError, 'an app tool works through the attached probe');
		like(await s.logged(/target app: starting -> ready/), /target app: starting -> ready/,
		    'the attach target became ready');
	} finally {
		app.kill('SIGTERM');
	}
	// The app goes away: attach mode waits for it again.
	await waitFor(async () => status(await s.client.callTool({ name: 'qtmcp_status', arguments: {} })).state === 'starting',
	    20, 'the attach target to wait again');
	like(await s.logged(/probe lost: /), /probe lost: /, 'the loss is logged with its reason');
	is(await s.validate(), [], 'every message schema-valid');
	await s.close();
}, 'attach and list_changed');

// --- a crash: status updates, log messages, progress while waiting ---
await lives(async () => {
	const s = await startClient({ config: appConfig({ extra: 'stable_time = 10m\nbackoff_min = 1500ms\n' }) });
	await s.client.setLoggingLevel('info');
	const logs = [];
	const updates = [];
	s.client.setNotificationHandler(types.LoggingMessageNotificationSchema, n => logs.push(n.params));
	s.client.setNotificationHandler(types.ResourceUpdatedNotificationSchema, n => updates.push(n.params.uri));
	await s.client.subscribeResource({ uri: 'qtmcp://status' });
	let st = status(await s.client.callTool({ name: 'qtmcp_status', arguments: {} }));
	if (st.state !== 'ready') {
		await s.client.callTool({ name: 'qt_ping', arguments: {} });
		st = status(await s.client.callTool({ name: 'qtmcp_status', arguments: {} }));
	}
	is(st.state, 'ready', 'ready before the crash');
	const pid = st.pid;
	const before = updates.length;
	process.kill(pid, 'SIGSEGV');
	await waitFor(async () => {
		const x = status(await s.client.callTool({ name: 'qtmcp_status', arguments: {} }));
		return x.state === 'backoff' ? x : null;
	}, 20, 'backoff after the crash');
	ok(updates.length > before, 'notifications/resources/updated for qtmcp://status after the crash');
	ok(updates.every(u => u === 'qtmcp://status'), 'for the subscribed URI');
	const progress = [];
	const r = await s.client.callTool({ name: 'qt_ping', arguments: {} }, undefined,
	    { onprogress: p => progress.push(p), timeout: 60000 });
	ok(!r.isError, 'a call made during the restart waits and then succeeds');
	ok(progress.length > 0, `progress notifications while it waited (${progress.length})`);
	ok(progress.some(p => /waiting for app: (backoff|starting)/.test(p.message || '')),
	    'saying what it waits for');
	st = status(await s.client.callTool({ name: 'qtmcp_status', arguments: {} }));
	is(st.state, 'ready', 'ready again');
	ok(st.pid !== pid && alive(st.pid), 'a new process');
	is(st.restarts, 1, 'one restart counted');
	is(st.last_exit.signal, 'SIGSEGV', 'the report has the signal');
	is(st.last_exit.kind, 'crash', 'and calls it a crash');
	ok(Array.isArray(st.last_exit.last_output) && st.last_exit.last_output.length > 0, 'with the last output lines');
	const text = logs.map(l => `${l.level}: ${l.data}`).join('\n');
	like(text, /error: app: the app crashed \(killed by SIGSEGV\)/, 'log message: crashed with the signal');
	like(text, /info: app: restarting in 1500ms/, 'log message: restarting in N ms');
	like(text, /info: app: ready in \d+ ms/, 'log message: ready in N ms');
	const rd = await s.client.readResource({ uri: 'qtmcp://status' });
	is(JSON.parse(rd.contents[0].text).targets[0].restarts, 1, 'the resource shows it too');
	await s.client.unsubscribeResource({ uri: 'qtmcp://status' });
	is(await s.validate(), [], 'every message schema-valid');
	await s.close();
}, 'crash, updates and progress');

// --- the app closes itself: the probe's unload crash is not a crash ---
await lives(async () => {
	const s = await startClient({ config: appConfig() });
	const f = await s.client.callTool({ name: 'qt_objects_find', arguments: { name: 'MainWindow' } });
	const id = JSON.parse(f.content[0].text).objectId;
	await s.client.callTool({ name: 'qt_methods_invoke', arguments: { objectId: id, method: 'close' } });
	const st = await waitFor(async () => {
		const x = status(await s.client.callTool({ name: 'qtmcp_status', arguments: {} }));
		return x.state === 'exited' ? x : null;
	}, 20, 'exited');
	is(st.last_exit.kind, 'exit', 'closing the window is an exit');
	like(st.last_exit.summary, 'the app closed (the probe crashed while unloading', 'named as the probe\'s unload crash');
	is(st.restarts, 0, 'not restarted (restart = on-failure)');
	const r = await s.client.callTool({ name: 'qt_ping', arguments: {} });
	ok(r.isError, 'a tool call then fails at once');
	like(r.content[0].text, /Call qtmcp_restart/, 'saying how to restart it');
	const rs = await s.client.callTool({ name: 'qtmcp_restart', arguments: {} });
	ok(!rs.isError, 'qtmcp_restart brings it back');
	is(rs.structuredContent.state, 'ready', 'ready');
	ok(!(await s.client.callTool({ name: 'qt_ping', arguments: {} })).isError, 'and tools work again');
	await s.close();
}, 'app closes');

// --- the MCP Inspector CLI against qtmcp ---
await lives(async () => {
	const dir = tmpdir('insp');
	const cli = path.join(srcdir, 'tests', 'node_modules', '@modelcontextprotocol', 'inspector', 'cli', 'build', 'cli.js');
	const port = await freePort();
	const run = args => new Promise((resolve, reject) => {
		const p = spawn(process.execPath, [cli, '--cli', QTMCP, '--mode', 'all', '--ws-url',
		    `ws://127.0.0.1:${port}`, ...args], { cwd: dir, env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir } });
		let out = '';
		let err = '';
		p.stdout.on('data', d => { out += d; });
		p.stderr.on('data', d => { err += d; });
		const t = setTimeout(() => p.kill('SIGKILL'), 60000);
		p.on('exit', code => { clearTimeout(t); resolve({ code, out, err }); });
		p.on('error', reject);
	});
	let r = await run(['--method', 'tools/list']);
	is(r.code, 0, 'inspector --method tools/list exits 0');
	const names = JSON.parse(r.out).tools.map(t => t.name);
	ok(names.includes('qtmcp_status'), 'and lists qtmcp\'s tools');
	r = await run(['--method', 'resources/read', '--uri', 'qtmcp://status']);
	is(r.code, 0, 'inspector --method resources/read exits 0');
	const body = JSON.parse(JSON.parse(r.out).contents[0].text);
	is([body.connected, body.mode, body.ws_url], [false, 'all', `ws://127.0.0.1:${port}`],
	    'and reads the status resource');
}, 'MCP Inspector CLI');

done();

// supervise.mjs: the supervisor end to end, with the real qtmcp and the
// real qtmcp-launch starting small test programs (no probe needed here):
// crash loops and backoff, exits, the launcher's own errors, a busy port,
// captured output, ready timeouts, and that no process survives qtmcp
// however it ends.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ok, is, like, unlike, diag, done, watchdog, need, lives } from '../lib/tap.mjs';
import { startRaw, tmpdir, builddir, LAUNCHER, alive, waitFor } from '../lib/mcp.mjs';

watchdog(120);
await need('ajv');

const TPROG = path.join(builddir, 'tests', 'helper', 'tprog');
const MARK = path.join(builddir, 'tests', 'helper', 'libmark.so');

function config({ args = '-w', extra = '', qtmcp = 'ready_timeout = 30s' } = {}) {
	return `[qtmcp]\nlog_level = debug\n${qtmcp}\n[target]\ncommand = ${TPROG}\n` +
	    `args = ${args}\nlauncher = ${LAUNCHER}\nprobe = ${MARK}\nport = auto\n${extra}`;
}

async function start(opts) {
	const raw = startRaw({ config: config(opts) });
	await raw.initialize();
	return raw;
}

async function waitLog(raw, re, what, seconds = 10) {
	return waitFor(() => raw.stderr().match(re), seconds, what || String(re));
}

function pids(raw) {
	return [...raw.stderr().matchAll(/started pid (\d+)/g)].map(m => Number(m[1]));
}

let id = 100;
async function call(raw, name, args = {}) {
	const myid = ++id;
	raw.send({ jsonrpc: '2.0', id: myid, method: 'tools/call', params: { name, arguments: args } });
	return raw.readUntil(m => m.id === myid, 60);
}

async function status(raw) {
	const r = await call(raw, 'qtmcp_status');
	return JSON.parse(r.result.content[0].text).targets[0];
}

// --- a crash loop backs off, then gives up ---
await lives(async () => {
	const raw = await start({ args: '-e 1', extra: 'backoff_min = 50ms\nbackoff_max = 400ms\nmax_restarts = 5\nrestart_window = 1m\n' });
	await waitLog(raw, /crashed -> failed/, 'the target to fail');
	const delays = [...raw.stderr().matchAll(/crashed -> backoff \(restarting in (\w+)\)/g)].map(m => m[1]);
	is(delays, ['50ms', '100ms', '200ms', '400ms', '400ms'],
	    'quick failures back off from backoff_min, doubling up to backoff_max');
	like(raw.stderr(), /gave up after 6 failures within 1m/, 'gives up after max_restarts within restart_window');
	is(pids(raw).length, 6, 'six starts: the first and five restarts');
	const st = await status(raw);
	is(st.state, 'failed', 'qtmcp_status: failed');
	is(st.last_exit.exit_status, 1, 'the last report has the exit status');
	is(st.last_exit.kind, 'crash', 'and calls it a crash');
	like(st.last_exit.last_output.join('\n'), 'PID=', 'and the last output lines');
	like(raw.stderr(), /pid \d+ exited with status 1 after \d+ ms/, 'each exit is logged with its status and uptime');
	// A call to an app tool now fails at once with the report and a way out.
	const r = await call(raw, 'qtmcp_output', { lines: 5 });
	ok(!r.result.isError, 'qtmcp_output still works for a failed target');
	const rs = await call(raw, 'qtmcp_restart');
	ok(rs.result.isError, 'qtmcp_restart of an app that keeps crashing reports failure');
	like(rs.result.content[0].text, /failed|crashed/, 'with the state');
	await raw.close();
}, 'crash loop');

// --- after a stable run, the first restart is immediate ---
await lives(async () => {
	const raw = await start({ extra: 'stable_time = 200ms\nbackoff_min = 5s\n' });
	await waitLog(raw, /stdout: END/, 'the app to run');
	const pid = pids(raw)[0];
	// Let it run past stable_time: observe its uptime, not a sleep.
	await waitFor(async () => (await status(raw)).uptime_ms > 300, 10, 'uptime past stable_time');
	process.kill(pid, 'SIGSEGV');
	await waitLog(raw, /crashed -> backoff \(restarting now \(ran \d+(ms|s)\)\)/, 'an immediate restart');
	const t0 = Date.now();
	await waitFor(() => pids(raw).length === 2, 10, 'the second start');
	ok(Date.now() - t0 < 5000, 'a crash after a stable run restarts at once, not after backoff_min (5s)');
	const st = await status(raw);
	is(st.last_exit.signal, 'SIGSEGV', 'the report has the signal');
	await raw.close();
}, 'stable run');

// --- exit 0 is not restarted (on-failure), but is with restart = always ---
await lives(async () => {
	const raw = await start({ args: '-e 0' });
	await waitLog(raw, /starting -> exited/, 'the exit');
	const st = await status(raw);
	is(st.state, 'exited', 'exit 0 with restart = on-failure: exited, not restarted');
	is(pids(raw).length, 1, 'started once');
	unlike(raw.stderr(), /exited -> backoff/, 'no backoff after a clean exit');
	await raw.close();
}, 'exit 0');
await lives(async () => {
	const raw = await start({ args: '-e 0', extra: 'restart = always\nbackoff_min = 50ms\nmax_restarts = 2\n' });
	await waitLog(raw, /exited -> failed/, 'restart = always to give up');
	is(pids(raw).length, 3, 'restart = always restarts after exit 0 too (until max_restarts)');
	await raw.close();
}, 'restart always');
await lives(async () => {
	const raw = await start({ args: '-e 3', extra: 'restart = never\n' });
	await waitLog(raw, /starting -> crashed/, 'the crash');
	const st = await status(raw);
	is(st.state, 'crashed', 'restart = never: stays crashed');
	is(pids(raw).length, 1, 'not restarted');
	await raw.close();
}, 'restart never');

// --- the launcher cannot run the app: failed at once, no retries ---
await lives(async () => {
	const raw = startRaw({ config: config().replace(`probe = ${MARK}`, 'probe = /nonexistent/libqtmcp-probe.so') });
	await raw.initialize();
	await waitLog(raw, /-> failed/, 'failed');
	is(pids(raw).length, 1, 'a launcher error is not retried');
	like(raw.stderr(), /qtmcp-launch: probe library \/nonexistent\/libqtmcp-probe.so \(from --probe\) does not exist/,
	    'the launcher\'s message is in the log');
	const st = await status(raw);
	is(st.last_exit.kind, 'launch-failed', 'the report says the launch failed');
	await raw.close();
}, 'launcher error');
await lives(async () => {
	const raw = startRaw({ config: config().replace(`launcher = ${LAUNCHER}`, 'launcher = /nonexistent/launcher') });
	await raw.initialize();
	await waitLog(raw, /-> failed/, 'failed');
	like(raw.stderr(), /cannot execute the launcher \/nonexistent\/launcher: No such file or directory/,
	    'a missing launcher is named with the cause');
	await raw.close();
}, 'missing launcher');

// --- a port that is taken is refused, naming who has it ---
await lives(async () => {
	const server = net.createServer();
	await new Promise(r => server.listen(0, '127.0.0.1', r));
	const port = server.address().port;
	const raw = startRaw({ config: config({ extra: 'max_restarts = 1\nbackoff_min = 50ms\n' }).replace('port = auto', `port = ${port}`) });
	await raw.initialize();
	await waitLog(raw, /-> failed/, 'failed');
	like(raw.stderr(), new RegExp(`port ${port} is already in use by PID ${process.pid} \\(node\\)`),
	    'the busy port is refused and its holder named');
	is(pids(raw).length, 0, 'nothing was started onto it');
	server.close();
	await raw.close();
}, 'busy port');

// --- output capture ---
await lives(async () => {
	const dir = tmpdir('out');
	const file = path.join(dir, 'app.log');
	const raw = startRaw({ config: config({ extra: `output_file = ${file}\n` }), dir });
	await raw.initialize();
	await waitFor(() => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('END'), 10, 'output_file');
	const r = await call(raw, 'qtmcp_output', { lines: 100, stream: 'stdout' });
	const out = JSON.parse(r.result.content[0].text);
	ok(out.lines.some(l => l.text === 'END' && l.stream === 'stdout'), 'qtmcp_output has the app\'s stdout lines');
	ok(out.lines.some(l => /^PID=\d+$/.test(l.text)), 'including its PID line');
	const e = JSON.parse((await call(raw, 'qtmcp_output', { stream: 'stderr' })).result.content[0].text);
	ok(e.lines.some(l => /\[qtmcp-launch\] Target:/.test(l.text)), 'stderr lines too (the launcher\'s)');
	ok(e.lines.every(l => l.stream === 'stderr'), 'stream filter');
	like(fs.readFileSync(file, 'utf8'), /Z app\[\d+\] stdout: END/, 'output_file gets timestamped lines');
	await raw.close();
}, 'output');

// --- the probe never answers: ready_timeout, with the app's last words ---
await lives(async () => {
	const raw = startRaw({ config: config({ qtmcp: 'ready_timeout = 500ms', extra: 'max_restarts = 1\nbackoff_min = 50ms\n' }) });
	await raw.initialize();
	await waitLog(raw, /-> failed/, 'failed');
	like(raw.stderr(), /did not answer within 500 ms: is the probe loaded/, 'ready_timeout is a clear error');
	like(raw.stderr(), /target app: \| END/, 'quoting the app\'s last output');
	like(raw.stderr(), /stopping -> crashed \(stopped because the probe did not answer/, 'and counts as a failure');
	await raw.close();
}, 'ready timeout');

// --- however qtmcp ends, nothing it started survives ---
for (const how of ['eof', 'SIGTERM', 'SIGINT', 'SIGHUP', 'SIGKILL']) {
	await lives(async () => {
		const raw = await start();
		await waitLog(raw, /stdout: END/, 'the app to run');
		const pid = pids(raw)[0];
		ok(alive(pid), `${how}: the app runs (pid ${pid})`);
		if (how === 'eof')
			raw.child.stdin.end();
		else
			raw.child.kill(how);
		const { code, signal } = await raw.exited;
		if (how === 'SIGKILL')
			is(signal, 'SIGKILL', 'qtmcp killed');
		else
			is(code, 0, `${how}: qtmcp exits 0 after an orderly shutdown`);
		await waitFor(() => !alive(pid), 5, `pid ${pid} to end`);
		ok(!alive(pid), `${how}: the app is gone (no orphan, no zombie)`);
	}, `end by ${how}`);
}

// --- stop_timeout escalates to SIGKILL ---
await lives(async () => {
	const raw = await start({ args: '-i', extra: 'stop_timeout = 300ms\n' });
	await waitLog(raw, /stdout: END/, 'the app to ignore SIGTERM');
	const pid = pids(raw)[0];
	const t0 = Date.now();
	raw.child.kill('SIGTERM');
	const { code } = await raw.exited;
	is(code, 0, 'qtmcp exits 0');
	like(raw.stderr(), /still running SIGTERM after 300ms, sending SIGKILL/, 'SIGKILL after stop_timeout');
	ok(!alive(pid), 'the app that ignored SIGTERM is gone');
	ok(Date.now() - t0 >= 300, 'not before stop_timeout');
}, 'stop timeout');

done();

// faults.mjs: every row of the probe double's fault table, driven the
// three ways (QTMCP_DOUBLE_FAULTS, the double.fault method, the control
// FIFO), and the ONCE marker that makes a supervised app crash only once.

import { ok, is, like, unlike, done, watchdog, need } from '../lib/tap.mjs';
import { App, Client, RawClient, startReady, tcpAccepts, tmpdir, waitFor, sleep,
    mkfifo, pngSize } from './lib.mjs';
import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';

watchdog(150);
const { default: WebSocket } = await need('ws');

const answered = (c, id) => c.msgs.some((m) => m.json && m.json.id === id);

async function rawReady(port) {
	const end = Date.now() + 5000;
	while (Date.now() < end) {
		const raw = await RawClient.connect(port).catch(() => null);
		if (raw) {
			await raw.until(() => raw.handshake, 3000);
			if (raw.handshake)
				return raw;
			raw.destroy();
		}
		await sleep(10);
	}
	return null;
}

// --- the table ---
{
	const { app, c } = await startReady(WebSocket);
	const t = (await c.call('double.faults')).result;
	const names = t.map((f) => f.name);
	for (const n of ['listen_delay', 'loop_delay', 'first_delay', 'latency_us', 'fragment', 'log',
	    'exit_segv', 'png_level', 'nolisten', 'crash', 'crash_after', 'crash_on', 'hang',
	    'hang_after', 'hang_on', 'unhang', 'delay', 'delay_on', 'garbage', 'binary', 'wrong_id',
	    'unknown_id', 'duplicate', 'big', 'split', 'close', 'exit', 'chatter', 'reset'])
		ok(names.includes(n), `double.faults lists ${n}`);
	ok(t.every((f) => typeof f.help === 'string' && (f.kind === 'fault' || f.kind === 'setting')),
	    'each row: name, value, kind, help');
	const e1 = (await c.call('double.fault', { fault: 'nope' })).error;
	is([e1.code, e1.data], [-32602, { fault: 'nope' }], 'an unknown fault: -32602');
	is((await c.call('double.fault', { fault: 'delay', value: 'slow' })).error.code, -32602,
	    'a bad value: -32602');

	// delay, delay_on, reset, first answer timing
	is((await c.call('double.fault', { fault: 'delay', value: 200 })).result,
	    { applied: 'delay', value: '200' }, 'double.fault answers {applied, value}');
	let t0 = Date.now();
	await c.call('ping');
	ok(Date.now() - t0 >= 190, `delay=200: every answer waits (${Date.now() - t0} ms)`);
	await c.call('double.fault', { fault: 'reset' });
	await c.call('double.fault', { fault: 'delay_on', value: 'qt.ping:300' });
	t0 = Date.now();
	await c.call('ping');
	const fast = Date.now() - t0;
	t0 = Date.now();
	await c.call('qt.ping');
	const slow = Date.now() - t0;
	ok(slow >= 290 && fast < slow - 150, `delay_on: only that method waits (${fast} / ${slow} ms)`);
	await c.call('double.fault', { fault: 'reset' });

	// wrong_id, unknown_id, duplicate, garbage, binary
	await c.call('double.fault', { fault: 'wrong_id' });
	let from = c.msgs.length;
	c.send('{"jsonrpc":"2.0","method":"ping","id":500}');
	let m = await c.next(() => true, 3000, from);
	is(m && m.json.id, 1000500, 'wrong_id: the next answer carries another id');
	is((await c.call('ping', undefined, 3000, 501)).id, 501, 'then ids are right again');
	from = c.msgs.length;
	await c.call('double.fault', { fault: 'unknown_id' });
	m = await c.next((x) => x.json && x.json.id === 987654321, 3000, from);
	is(m && m.json, { jsonrpc: '2.0', id: 987654321, result: 'unsolicited' },
	    'unknown_id: an unsolicited response');
	await c.call('double.fault', { fault: 'duplicate' });
	from = c.msgs.length;
	await c.call('ping', undefined, 3000, 600);
	await c.call('ping', undefined, 3000, 601);
	is(c.msgs.slice(from).map((x) => x.json.id), [600, 600, 601], 'duplicate: the next answer twice');
	from = c.msgs.length;
	await c.call('double.fault', { fault: 'garbage' });
	m = await c.next((x) => x.json === undefined, 3000, from);
	is(m && m.text, 'this is not JSON {"id":', 'garbage: a text frame that is not JSON');
	ok(c.msgs.findIndex((x, i) => i >= from && x.json && x.json.result) <
	    c.msgs.indexOf(m), 'sent after the double.fault answer');
	from = c.msgs.length;
	await c.call('double.fault', { fault: 'garbage', value: '}{' });
	m = await c.next((x) => x.json === undefined, 3000, from);
	is(m && m.text, '}{', 'garbage=TEXT');
	from = c.msgs.length;
	await c.call('double.fault', { fault: 'binary', value: 'bin' });
	m = await c.next((x) => x.binary, 3000, from);
	is(m && m.text, 'bin', 'binary: a binary frame');

	// log switch through the method
	await c.call('double.fault', { fault: 'log', value: 0 });
	await c.call('getModes');
	unlike(app.err, /method":"getModes/, 'log=0 stops the traffic lines');
	await c.call('double.fault', { fault: 'log', value: 1 });
	await c.call('getVersion');
	like(app.err, /method":"getVersion/, 'log=1 brings them back');
	const st = (await c.call('double.state')).result;
	is([st.faults.log, st.faults.delay, st.port], [1, 0, app.port], 'double.state shows the faults');
	c.close();
	await app.stop();
}

// --- frames: fragment, split, big ---
{
	const app = await App.start({ faults: 'fragment=1000' });
	const raw = await rawReady(app.port);
	raw.text(JSON.stringify({ jsonrpc: '2.0', method: 'echo', id: 1, params: { s: 'z'.repeat(4950) } }));
	await raw.until(() => raw.messages().length >= 1);
	const m0 = raw.messages()[0];
	ok(m0.sizes.length === 5 && m0.sizes.slice(0, 4).every((s) => s === 1000) &&
	    m0.sizes[4] === m0.data.length - 4000, `fragment=1000: 1000-byte frames (${m0.sizes})`);
	raw.text('{"jsonrpc":"2.0","method":"double.fault","id":2,"params":{"fault":"split","value":10}}');
	raw.text('{"jsonrpc":"2.0","method":"ping","id":3}');
	await raw.until(() => raw.messages().length >= 3);
	is(raw.messages()[2].sizes, [10, 10, 10, 10], 'split=10: the next answer in 10-byte fragments');
	is(JSON.parse(raw.messages()[2].data).result, 'pong', 'still one message');
	raw.text('{"jsonrpc":"2.0","method":"double.fault","id":4,"params":{"fault":"fragment","value":0}}');
	raw.text(JSON.stringify({ jsonrpc: '2.0', method: 'echo', id: 5, params: { s: 'z'.repeat(1500000) } }));
	await raw.until(() => raw.messages().length >= 5, 10000);
	is(raw.messages()[4].sizes.length, 1, 'fragment=0: never fragmented');
	raw.text('{"jsonrpc":"2.0","method":"double.fault","id":6,"params":{"fault":"big","value":2000000}}');
	await raw.until(() => raw.messages().length >= 7, 10000);
	const b = raw.messages()[6];
	is(b.sizes, [2000000], 'big=2000000: one frame of that size');
	is(JSON.parse(b.data).method, 'double.big', 'a JSON notification double.big');
	raw.destroy();
	await app.stop();

	// The default big frame, from the environment, when a client connects.
	const a2 = await App.start({ faults: 'big' });
	const r2 = await rawReady(a2.port);
	await r2.until(() => r2.messages().length >= 1, 20000);
	is(r2.messages()[0] && r2.messages()[0].sizes, [16 * 1024 * 1024],
	    'big from the environment: one 16 MiB frame to the first client');
	r2.destroy();
	await a2.stop();

	const a3 = await App.start({ faults: 'png_level=0' });
	const c3 = await Client.connectReady(WebSocket, a3.port);
	const s = (await c3.call('cu.screenshot')).result.result;
	ok(s.image.length > 1000000 && pngSize(s.image).width === 800,
	    `png_level=0: a stored PNG, ${s.image.length} base64 bytes`);
	c3.close();
	await a3.stop();
}

// --- crashes ---
{
	const app = await App.start({ faults: 'crash_after=2' });
	const c = await Client.connectReady(WebSocket, app.port);	// request 1
	await c.call('ping');						// request 2
	c.send('{"jsonrpc":"2.0","method":"ping","id":77}');
	const cl = await c.closed;
	is(cl.code, 1006, 'crash_after=2: the third request gets EOF, no close frame');
	ok(!answered(c, 77), 'and no answer');
	is((await app.waitExit(5000)).signal, 'SIGSEGV', 'the app died by SIGSEGV');
}
{
	const { app, c } = await startReady(WebSocket);
	await c.call('double.fault', { fault: 'crash_on', value: 'qt.ping' });
	is((await c.call('ping')).result, 'pong', 'crash_on qt.ping: ping still answered');
	c.send('{"jsonrpc":"2.0","method":"qt.ping","id":78}');
	await c.closed;
	ok(!answered(c, 78), 'qt.ping is not');
	is((await app.waitExit(5000)).signal, 'SIGSEGV', 'crash during the request');
}
{
	const { app, c } = await startReady(WebSocket);
	const r = await c.call('double.fault', { fault: 'crash' });
	is(r.result, { applied: 'crash' }, 'crash: answered first');
	is((await c.closed).code, 1006, 'then EOF without a close frame');
	is((await app.waitExit(5000)).signal, 'SIGSEGV', 'SIGSEGV');
}
{
	const app = await App.start({ faults: 'crash=1500' });
	const c = await Client.connectReady(WebSocket, app.port);
	ok(app.elapsed() < 1500, 'crash=1500 from the environment: ready first');
	await c.closed;
	const e = await app.waitExit(5000);
	ok(e.signal === 'SIGSEGV' && app.elapsed() >= 1450, `then dies ${app.elapsed().toFixed(0)} ms after start`);
}

// --- hangs, through the control FIFO ---
{
	const dir = tmpdir();
	const fifo = path.join(dir, 'control');
	mkfifo(fifo);
	const { app, c } = await startReady(WebSocket, { env: { QTMCP_DOUBLE_CONTROL: fifo } });
	is((await c.call('double.fault', { fault: 'hang' })).result, { applied: 'hang' }, 'hang: answered');
	c.send('{"jsonrpc":"2.0","method":"ping","id":90}');
	await sleep(400);
	ok(!answered(c, 90) && c.closeInfo === null, 'then nothing is answered, the socket stays open');
	let pong = false;
	c.ws.once('pong', () => { pong = true; });
	c.ws.ping();
	await sleep(200);
	ok(!pong, 'not even a WebSocket ping');
	appendFileSync(fifo, 'unhang\n');
	ok(await waitFor(() => answered(c, 90), 3000), 'unhang through the FIFO: the request is answered');
	appendFileSync(fifo, 'hang_after=1\n');
	await sleep(50);
	await c.call('ping');
	c.send('{"jsonrpc":"2.0","method":"ping","id":91}');
	await sleep(300);
	ok(!answered(c, 91), 'hang_after=1: the second request hangs');
	appendFileSync(fifo, 'unhang\n');
	ok(await waitFor(() => answered(c, 91), 3000), 'unhang');
	appendFileSync(fifo, 'hang_on=getModes\n');
	await sleep(50);
	c.send('{"jsonrpc":"2.0","method":"getModes","id":92}');
	await sleep(300);
	ok(!answered(c, 92), 'hang_on=getModes hangs on that method');
	appendFileSync(fifo, 'unhang\n');
	ok(await waitFor(() => answered(c, 92), 3000), 'unhang');
	const from = c.msgs.length;
	appendFileSync(fifo, 'garbage=from the fifo\n');
	ok(await c.next((m) => m.text === 'from the fifo', 3000, from), 'a FIFO line reaches the client');
	appendFileSync(fifo, 'close=4000:bye now\n');
	is(await c.closed, { code: 4000, reason: 'bye now' }, 'close=4000:bye now: a close frame');
	is(app.exit, null, 'the app keeps running');
	const c2 = await Client.connectReady(WebSocket, app.port);
	ok(c2, 'and accepts the next client');
	appendFileSync(fifo, 'exit_segv=0,log=0\n');
	await sleep(50);
	c2.close();
	await app.stop();
	is(app.exit, { code: 0, signal: null }, 'exit_segv=0 through the FIFO: a clean exit');
}

// --- exit, nolisten, listen_delay, chatter, first_delay, close from the env ---
{
	const { app, c } = await startReady(WebSocket, { faults: 'exit_segv=0' });
	is((await c.call('double.fault', { fault: 'exit', value: 3 })).result, { applied: 'exit', value: '3' },
	    'exit=3: answered');
	is(await app.waitExit(5000), { code: 3, signal: null }, 'then exit status 3');
}
{
	const { app, c } = await startReady(WebSocket);
	await c.call('double.fault', { fault: 'exit', value: '4' });
	is((await app.waitExit(5000)).signal, 'SIGSEGV', 'exit=4 with the exit quirk on: SIGSEGV');
}
{
	const app = await App.start({ faults: 'nolisten' });
	await app.waitErr(/Library loaded/);
	await sleep(500);
	ok(!(await tcpAccepts(app.port)), 'nolisten: the port never listens');
	unlike(app.err, /listening/, 'no listening line');
	is(app.exit, null, 'the app runs on');
	await app.stop();
}
{
	const app = await App.start({ faults: 'listen_delay=700' });
	await sleep(400);
	ok(!(await tcpAccepts(app.port)), 'listen_delay=700: not listening at 400 ms');
	ok(await waitFor(() => tcpAccepts(app.port), 3000), 'listening later');
	ok(app.elapsed() >= 650, `at ${app.elapsed().toFixed(0)} ms`);
	await app.stop();
}
{
	const app = await App.start({ faults: 'chatter=2000:200,first_delay=60' });
	const c = await Client.connectReady(WebSocket, app.port);
	const lines = app.out.split('\n').filter((l) => l.startsWith('chatter '));
	is(lines.length, 2000, 'chatter=2000:200: 2000 lines on stdout');
	ok(lines.every((l) => l.length === 199), 'of 200 bytes each');
	is(app.err.split('\n').filter((l) => l.startsWith('chatter ')).length, 2000, 'and on stderr');
	c.close();
	await app.stop();
	const a2 = await App.start({ faults: 'first_delay=300' });
	const raw = await rawReady(a2.port);
	const t0 = Date.now();
	raw.text('{"jsonrpc":"2.0","method":"ping","id":1}');
	await raw.until(() => raw.messages().length >= 1);
	ok(Date.now() - t0 >= 290, `first_delay=300: the first answer waits (${Date.now() - t0} ms)`);
	raw.destroy();
	await a2.stop();
}
{
	const app = await App.start({ faults: 'close=4001:from env,unknown_id' });
	const raw = await rawReady(app.port);
	await raw.until(() => raw.closeFrame(), 3000);
	is(raw.closeFrame(), { code: 4001, reason: 'from env' }, 'close from the environment: on connect');
	raw.destroy();
	const c = await Client.connectReady(WebSocket, app.port);
	is(c.closeInfo, null, 'only the first client');
	c.close();
	await app.stop();
}

// --- ONCE: the environment's faults fire in one run only ---
{
	const dir = tmpdir();
	const marker = path.join(dir, 'crashed-once');
	const env = { QTMCP_DOUBLE_ONCE: marker };
	const a1 = await App.start({ faults: 'crash_after=1,exit_segv=1', env });
	const c1 = await Client.connectReady(WebSocket, a1.port);
	c1.send('{"jsonrpc":"2.0","method":"ping","id":5}');
	is((await a1.waitExit(5000)).signal, 'SIGSEGV', 'ONCE: the first run crashes');
	ok(existsSync(marker), 'and leaves the marker');
	const a2 = await App.start({ faults: 'crash_after=1,exit_segv=0', env });
	const c2 = await Client.connectReady(WebSocket, a2.port);
	await c2.call('ping');
	is((await c2.call('ping')).result, 'pong', 'the restarted copy does not crash');
	c2.close();
	await a2.stop();
	is(a2.exit, { code: 0, signal: null }, 'settings (exit_segv=0) still apply');
}

done();

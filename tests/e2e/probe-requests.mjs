// probe-requests.mjs: requests and answers between the real qtmcp and the
// probe double, end to end through MCP: 1,000 calls in flight at once each
// getting its own answer, probe errors as structured text, request_timeout
// failing one call only (and the late answer dropped), answers with wrong,
// duplicate or unknown ids, garbage and binary frames, fragmented answers
// and requests, max_message for answers and notifications, and
// notifications delivered in order, before the answer that caused them,
// and in bounded memory during a storm.

import { ok, is, like, unlike, diag, done, watchdog, need, lives } from '../lib/tap.mjs';
import { freePort, waitFor } from '../lib/mcp.mjs';
import { App, Client } from '../double/lib.mjs';
import { launch, qtmcp, control, text, isError, json, rss } from './probe-lib.mjs';

watchdog(300);
await need('ajv');
const { default: WebSocket } = await need('ws');

async function objectId(raw, name) {
	return json(await raw.call('qt_objects_find', { name })).objectId;
}

// --- 1,000 concurrent calls, each answered with its own answer ---
await lives(async () => {
	const raw = await launch({ env: ['QTMCP_DOUBLE_FAULTS=log=0'] });
	const id = await objectId(raw, 'nameEdit');
	const N = 1000;
	const sets = await Promise.all(Array.from({ length: N }, (_, i) =>
	    raw.call('qt_properties_set', { objectId: id, name: `p${i}`, value: i * 7 }, 120)));
	is(sets.filter(r => !isError(r) && json(r).success === true).length, N,
	    `${N} concurrent qt_properties_set all succeed`);
	// Every tenth asks for a property that does not exist: its error
	// must name that property, the others their own value.
	const gets = await Promise.all(Array.from({ length: N }, (_, i) =>
	    raw.call('qt_properties_get', { objectId: id, name: i % 10 === 9 ? `missing${i}` : `p${i}` }, 120)));
	let right = 0, wrong = [];
	gets.forEach((r, i) => {
		if (i % 10 === 9 ? isError(r) && text(r).includes(`"property":"missing${i}"`) :
		    !isError(r) && json(r).value === i * 7)
			right++;
		else if (wrong.length < 3)
			wrong.push(`${i}: ${text(r).slice(0, 200)}`);
	});
	is(right, N, `${N} concurrent qt_properties_get: every answer (and error) matches its request`);
	if (wrong.length)
		diag(wrong.join('\n'));
	const t = await raw.status();
	is([t.probe.timeouts, t.probe.connections, t.starts], [0, 1, 1],
	    'no timeout, one connection, one app');
	ok(t.probe.requests >= 2 * N, `the probe saw all of them (${t.probe.requests} requests)`);
	await raw.close();
}, '1,000 concurrent requests');

// --- a probe error becomes structured text: code, message, data, hint ---
await lives(async () => {
	const raw = await launch();
	const r = await raw.call('qt_properties_get', { objectId: 'noSuchObject', name: 'text' });
	ok(isError(r), 'a probe error is an isError result');
	like(text(r), /^qt_properties_get failed: Object not found: noSuchObject \(probe error -32001, \{.*"objectId":"noSuchObject".*\}\)/,
	    'with the probe\'s message, code and data');
	like(text(r), /"hint":"Use qt\.objects\.find/, 'including the probe\'s hint');
	const id = await objectId(raw, 'nameEdit');
	const e = await raw.call('qt_properties_get', { objectId: id, name: 'nope' });
	like(text(e), /probe error -32010, \{"objectId":"QObject~\d+","property":"nope"\}/,
	    'a sorted-key (QJsonDocument) error parses the same');
	await raw.close();
}, 'probe errors');

// --- request_timeout fails that call only; the late answer is dropped ---
await lives(async () => {
	const raw = await launch({ qtmcp: 'request_timeout = 1s',
	    env: ['QTMCP_DOUBLE_FAULTS=delay_on=qt.objects.find:2500'] });
	await raw.call('qt_ping');
	const slow = raw.call('qt_objects_find', { name: 'slider' });
	const st = await raw.status();
	is(st.state, 'ready', 'qtmcp answers while a probe call is outstanding');
	const r = await slow;
	ok(isError(r), 'the slow call fails');
	like(text(r), /qt_objects_find failed: the app did not answer qt\.objects\.find within 1s/,
	    'saying it timed out after request_timeout');
	await raw.waitLog(/late answer to qt\.objects\.find \(id \d+\) discarded/, 20, 'the late answer');
	like(raw.log(), /debug: target app: late answer to qt\.objects\.find \(id \d+\) discarded/,
	    'the late answer is discarded and logged at debug level');
	await raw.waitLog(/the probe still answers/, 20, 'the ping after the timeout');
	like(raw.log(), /the probe still answers \(ping in \d+ ms\): qt\.objects\.find was slow, not stuck/,
	    'a ping told slow from stuck');
	const p = await raw.call('qt_ping');
	ok(!isError(p), 'the next call works');
	const t = await raw.status();
	is([t.state, t.starts, t.probe.connections], ['ready', 1, 1], 'same app, same connection');
	ok(t.probe.timeouts >= 1, 'the timeout is counted');
	unlike(raw.log(), /probe lost/, 'the connection was not dropped');
	await raw.close();
}, 'request_timeout');

// --- answers that match nothing, and frames that are not answers ---
await lives(async () => {
	const raw = await launch({ qtmcp: 'request_timeout = 1s' });
	await raw.call('qt_ping');
	control(raw, 'wrong_id=1');
	const w = await raw.call('qt_objects_find', { name: 'slider' });
	like(text(w), /did not answer qt\.objects\.find within 1s/, 'wrong id: that call times out');
	like(raw.log(), /target app: the probe answered an unknown request id 100\d{4}; ignored/,
	    'wrong id: the answer is logged and ignored');
	ok(!isError(await raw.call('qt_ping')), 'wrong id: the next call works');

	const unknown = () => (raw.log().match(/answered an unknown request id/g) || []).length;
	const n = unknown();
	control(raw, 'duplicate=1');
	const d = await raw.call('qt_objects_find', { name: 'comboBox' });
	like(json(d).objectId, /^QObject~\d+$/, 'duplicate: the call gets its answer');
	await waitFor(() => unknown() > n, 10, 'the duplicate to be logged');
	is(unknown(), n + 1, 'duplicate: the second copy is logged and ignored');
	ok(!isError(await raw.call('qt_ping')), 'duplicate: the next call works');

	control(raw, 'unknown_id,garbage,binary');
	await raw.waitLog(/binary frame of \d+ bytes ignored/, 10);
	like(raw.log(), /the probe answered an unknown request id 987654321; ignored/,
	    'an unsolicited answer is logged and ignored');
	like(raw.log(), /not a JSON object \(23 bytes: this is not JSON \{"id":\); ignored/,
	    'garbage is logged (its own bytes only) and ignored');
	like(raw.log(), /debug: target app: binary frame of 9 bytes ignored/, 'a binary frame is ignored');
	ok(!isError(await raw.call('qt_ping')), 'qtmcp keeps serving');
	const t = await raw.status();
	is([t.probe.connections, t.starts], [1, 1], 'on the same connection');
	await raw.close();
}, 'wrong, duplicate and unknown answers');

// --- fragments: answers in pieces, and requests bigger than one frame ---
await lives(async () => {
	const raw = await launch({ env: ['QTMCP_DOUBLE_FAULTS=log=0'] });
	const whole = json(await raw.call('qt_objects_info', { objectId: await objectId(raw, 'comboBox') }));
	control(raw, 'split=7');
	const split = json(await raw.call('qt_objects_info', { objectId: whole.objectId || await objectId(raw, 'comboBox') }));
	is(split, whole, 'an answer sent as 7-byte fragments is reassembled');
	control(raw, 'fragment=100');
	const tree = await raw.call('qt_objects_tree', { root: 'QObject~3' });
	ok(!isError(tree) && text(tree).length > 10000, `an answer of ${text(tree).length} bytes in 100-byte fragments`);
	control(raw, 'fragment=524288');
	const tree2 = await raw.call('qt_objects_tree', { root: 'QObject~3' });
	is(text(tree), text(tree2), 'is the same as unfragmented');
	// qtmcp fragments its own big requests (256 KiB pieces).
	const id = await objectId(raw, 'nameEdit');
	const big = 'x'.repeat(700 * 1024) + 'END';
	ok(!isError(await raw.call('qt_properties_set', { objectId: id, name: 'text', value: big })),
	    'a 700 KiB request is sent');
	const back = json(await raw.call('qt_properties_get', { objectId: id, name: 'text' }));
	is(back.value === big, true, 'and arrives whole');
	await raw.close();
}, 'fragments');

// --- max_message: big answers and notifications ---
await lives(async () => {
	const raw = await launch({ env: ['QTMCP_DOUBLE_FAULTS=log=0,png_level=0'] });
	const shot = await raw.call('qt_ui_screenshot', { objectId: 'QObject~3' });
	ok(!isError(shot) && shot.result.content.some(c => c.type === 'image'),
	    'default max_message: a 1.9 MB screenshot answer (4 frames) arrives');
	control(raw, 'big');
	await raw.waitLog(/notification double\.big/, 20, 'the 16 MiB notification');
	ok(!isError(await raw.call('qt_ping')), 'default max_message: a 16 MiB frame is accepted');
	const ev = json(await raw.call('qtmcp_events', {})).events.find(e => e.method === 'double.big');
	ok(ev && ev.bytes >= 16 * 1024 * 1024 && /params left out/.test(ev.note),
	    'kept as an event without its 16 MiB of params (max_events bounds memory)');
	await raw.close();
}, 'max_message default');
await lives(async () => {
	const raw = await launch({ qtmcp: 'max_message = 1M', env: ['QTMCP_DOUBLE_FAULTS=log=0,png_level=0'] });
	const shot = await raw.call('qt_ui_screenshot', { objectId: 'QObject~3' });
	ok(isError(shot), 'max_message 1M: a bigger answer fails the call');
	like(text(shot), /the answer to qt\.ui\.screenshot was \d+ bytes, more than max_message \(1M\): raise max_message in the \[qtmcp\] section/,
	    'with a clear error');
	ok(!isError(await raw.call('qt_ping')), 'the connection survives');
	control(raw, 'big');
	await raw.waitLog(/dropped a probe message/, 20);
	like(raw.log(), /warning: target app: dropped a probe message of 16777216 bytes, more than max_message \(1M\)/,
	    'a 16 MiB notification over max_message is dropped with a warning');
	ok(!isError(await raw.call('qt_ping')), 'and qtmcp keeps serving');
	const t = await raw.status();
	is([t.probe.connections, t.starts], [1, 1], 'on the same connection');
	await raw.close();
}, 'max_message 1M');

// --- notifications: in order, before the answer that caused them ---
await lives(async () => {
	const raw = await launch({ env: ['QTMCP_DOUBLE_FAULTS=log=0'] });
	const slider = await objectId(raw, 'slider');
	const box = await objectId(raw, 'checkBox');
	const s1 = json(await raw.call('qt_signals_subscribe', { objectId: slider, signal: 'valueChanged' })).subscriptionId;
	const s2 = json(await raw.call('qt_signals_subscribe', { objectId: box, signal: 'toggled' })).subscriptionId;
	ok(!isError(await raw.call('qt_properties_set', { objectId: slider, name: 'value', value: 3 })), 'set the slider');
	const ev = json(await raw.call('qtmcp_events', {}));
	is(ev.events.map(e => e.subscriptionId), [s1],
	    'the signal it emitted is there as soon as the answer is (it came first)');
	// 20 changes at once, alternating between the two objects.
	await Promise.all(Array.from({ length: 20 }, (_, i) => i % 2 === 0 ?
	    raw.call('qt_properties_set', { objectId: slider, name: 'value', value: 10 + i }) :
	    raw.call('qt_properties_set', { objectId: box, name: 'checked', value: (i % 4) === 1 })));
	const all = json(await raw.call('qtmcp_events', { since: ev.next }));
	is(all.events.map(e => e.subscriptionId), Array.from({ length: 20 }, (_, i) => i % 2 === 0 ? s1 : s2),
	    'notifications are delivered in the order the probe sent them');
	await raw.close();
}, 'notifications in order');

// --- a notification storm: requests still answered, memory bounded ---
await lives(async () => {
	const port = await freePort();
	const app = await App.start({ port, faults: 'log=0' });
	// The lifecycle switch survives the client that set it: the storm
	// greets the next one.
	const c = await Client.connectReady(WebSocket, port);
	await c.call('qt.signals.setLifecycle', { enabled: true });
	c.close();
	await c.closed;
	const raw = qtmcp({ config: `[qtmcp]\nlog_level = info\nws_url = ws://127.0.0.1:${port}\nmax_events = 100\n` });
	await raw.initialize();
	await raw.waitState('ready');
	const before = rss(raw.child.pid);
	let answered = 0;
	for (let i = 0; i < 20; i++) {
		if (!isError(await raw.call('qt_ping', {}, 30)))
			answered++;
	}
	is(answered, 20, '20 calls answered during the storm');
	const t = await raw.status();
	ok(t.probe.notifications > 1000, `the storm is on (${t.probe.notifications} notifications)`);
	const ev = json(await raw.call('qtmcp_events', { limit: 10000 }));
	ok(ev.events.length <= 100, `at most max_events kept (${ev.events.length})`);
	ok(ev.dropped > 0, `the drops are counted and reported (${ev.dropped})`);
	like(ev.note || '', /dropped/, 'with a note');
	const seqs = ev.events.map(e => e.seq);
	is(seqs, [...seqs].sort((a, b) => a - b), 'kept events are in order');
	const after = rss(raw.child.pid);
	ok(after < before + 32 * 1024, `memory stays bounded (RSS ${before} -> ${after} KiB)`);
	ok(!isError(await raw.call('qt_signals_setLifecycle', { enabled: false })), 'the storm can be stopped');
	await raw.close();
	await app.stop();
}, 'notification storm');

done();
// Whatever a failed test left running (apps, servers) must not hold the file.
process.exit();

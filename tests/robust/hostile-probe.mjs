// hostile-probe.mjs: a probe that misbehaves in every way the double can,
// one fault after the other in one qtmcp session: garbage, binary frames,
// answers to nothing, wrong and duplicate ids, fragments, close frames, a
// refusal, a slow probe, a hung one, a crash, text that is not UTF-8, and
// notifications of several megabytes.  After each: the call in flight got
// its answer or a clear error within a bounded time, the next call is
// answered, qtmcp's memory stays bounded, and its stdout carries JSON-RPC
// only, in valid UTF-8.  (tests/e2e/probe-*.mjs test each fault's exact
// handling; this is the gauntlet.)

import { ok, is, like, diag, done, watchdog, need, lives } from '../lib/tap.mjs';
import { waitFor, alive, SCALE } from '../lib/mcp.mjs';
import { launch, control, rss, protocolOnly, utf8, text, isError } from './lib.mjs';

watchdog(600);
await need('ajv');

const FAULTS = [
	['garbage', 'a text frame that is not JSON'],
	['binary', 'a binary frame'],
	['unknown_id', 'an answer to an id never used'],
	['wrong_id=1', 'an answer with the wrong id'],
	['duplicate=3', 'answers sent twice'],
	['split=3', 'an answer in 3-byte fragments'],
	['fragment=100', 'everything in 100-byte fragments'],
	['fragment=524288', 'fragments back to normal'],
	['close=1000', 'a normal close frame'],
	['close=4000:bye', 'a close frame with a reason'],
	['close=1008:Another client is connected', 'a refusal'],
	['delay=3000', 'a probe slower than request_timeout', 'reset'],
	['hang', 'a hung probe'],
	['crash', 'a crash'],
	['garbage={"method":"bad\xffname\xc3"}', 'a notification that is not UTF-8'],
	['big=4194304', 'a 4 MiB notification'],
	['big=4194304', 'another'],
	['big=4194304', 'and another'],
];

await lives(async () => {
	const raw = await launch({
		qtmcp: 'request_timeout = 2s\nready_timeout = 20s\nmax_events = 10\n',
		extra: 'backoff_min = 0\nstable_time = 0\nmax_restarts = 0\n',
		env: ['QTMCP_DOUBLE_FAULTS=log=0'],
	});
	await raw.waitState('ready', 60);
	ok(!isError(await raw.call('qt_ping')), 'the app answers');
	const base = rss(raw.child.pid);
	let peak = base;
	for (const [fault, what, after] of FAULTS) {
		control(raw, fault);
		const t0 = Date.now();
		const r = await raw.call('qt_objects_find', { name: 'nameEdit' }, 120);
		const ms = Date.now() - t0;
		ok(!isError(r) || text(r).length > 20, `${what} (${fault.replace(/[^ -~]/g, '?')}): the call is answered or fails saying why (${ms} ms)`);
		if (isError(r))
			diag(`  ${text(r).slice(0, 160)}`);
		if (after)
			control(raw, after);
		await waitFor(async () => !isError(await raw.call('qt_ping', {}, 120)), 120, 'a ping to succeed');
		ok(true, `${what}: then the next call is answered`);
		peak = Math.max(peak, rss(raw.child.pid));
	}
	ok(alive(raw.child.pid), 'qtmcp is alive after all of it');
	ok(peak < base + 64 * 1024, `memory bounded throughout (RSS ${base} KiB, peak ${peak} KiB)`);
	const ev = await raw.request('resources/read', { uri: 'qtmcp://events' });
	const events = JSON.parse(ev.result.contents[0].text);
	ok(events.events.some(e => e.method === 'bad\ufffdname\ufffd'), 'a notification that is not UTF-8 is kept with U+FFFD');
	ok(events.events.length <= 10, 'the events kept are bounded by max_events');
	is(protocolOnly(raw.lines), null, 'stdout carried JSON-RPC only');
	ok(utf8(raw.bytes()), 'in valid UTF-8');
	const st = await raw.status();
	is(st.state, 'ready', 'the app is ready at the end');
	await raw.close();
}, 'gauntlet');

done();

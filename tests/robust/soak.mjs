// soak.mjs: qtmcp over time.  The real qtmcp supervises the probe double's
// test app through the real qtmcp-launch; the app is crashed SOAK_CYCLES
// times (each time qtmcp restarts it and the next call waits for it), then
// SOAK_CALLS tool calls are made, 32 in flight at a time.  qtmcp's open
// descriptors, resident memory and children are sampled throughout; at the
// end the descriptors and children are back to what they were once the app
// first ran, no child is a zombie, and the memory grew by less than 2 MB
// after a warm-up.
//
// Not part of make check (it takes minutes): CI runs it reduced,
//	make check TESTS=tests/robust/soak.mjs SOAK_CYCLES=50 SOAK_CALLS=5000
// and the full size runs by hand (the defaults):
//	top_builddir=. top_srcdir=. node tests/robust/soak.mjs

import { ok, is, diag, done, watchdog, need, lives } from '../lib/tap.mjs';
import { TESTAPP, LAUNCHER, DOUBLE, tmpdir, waitFor, alive } from '../lib/mcp.mjs';
import { qtmcp, control, rss, hwm, fds, children, zombies, isError, text } from './lib.mjs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const CYCLES = Number(process.env.SOAK_CYCLES) || 1000;
const CALLS = Number(process.env.SOAK_CALLS) || 100000;
const INFLIGHT = 32;
const GROWTH = 2048;	// KiB

watchdog(300 + CYCLES * 2 + CALLS / 50);
await need('ajv');

await lives(async () => {
	const dir = tmpdir('soak');
	const fifo = path.join(dir, 'control');
	execFileSync('mkfifo', [fifo]);
	// Every run counts as stable: a crash is restarted at once, for ever.
	const config = '[qtmcp]\nlog_level = info\n[target]\n' +
	    `command = ${TESTAPP}\nlauncher = ${LAUNCHER}\nprobe = ${DOUBLE}\nport = auto\n` +
	    'backoff_min = 0\nstable_time = 0\nmax_restarts = 0\n' +
	    `env = QTMCP_DOUBLE_CONTROL=${fifo}\n` +
	    'env = QTMCP_DOUBLE_FAULTS=log=0,listen_delay=0,loop_delay=0,first_delay=0,latency_us=0\n';
	const raw = qtmcp({ config, dir });
	raw.fifo = fifo;
	const pid = raw.child.pid;

	// qtmcp's state changes, counted as they come (its stderr is long).
	const seen = { crashed: 0, ready: 0 };
	let carry = '';
	raw.child.stderr.on('data', d => {
		const lines = (carry + d.toString()).split('\n');
		carry = lines.pop();
		for (const l of lines) {
			if (/target app: \w+ -> crashed/.test(l))
				seen.crashed++;
			else if (/target app: \w+ -> ready/.test(l))
				seen.ready++;
		}
	});

	const samples = [];
	let phase = 'start';
	const sample = () => {
		try {
			const kids = children(pid);
			samples.push({ t: Date.now(), phase, fds: fds(pid), rss: rss(pid),
			    hwm: hwm(pid), children: kids.length,
			    zombies: kids.filter(k => k.state === 'Z').length });
		} catch { /* exiting */ }
	};
	const sampler = setInterval(sample, 200);

	await raw.initialize();
	await raw.waitState('ready', 60);
	sample();
	const base = samples.at(-1);
	diag(`baseline: ${base.fds} fds, ${base.children} child, RSS ${base.rss} KiB`);

	// --- crash-restart cycles ---
	phase = 'cycles';
	let calls = 0, failures = 0, warm = null;
	const t0 = Date.now();
	for (let i = 1; i <= CYCLES; i++) {
		const r = await raw.call('qt_ping', {}, 60);
		calls++;
		if (isError(r)) {
			failures++;
			diag(`cycle ${i}: ${text(r).slice(0, 200)}`);
		}
		control(raw, 'crash');
		await waitFor(() => seen.crashed >= i, 30, `crash ${i}`);
		if (i === Math.ceil(CYCLES / 10)) {
			await raw.call('qt_ping', {}, 60);
			sample();
			warm = samples.at(-1);
		}
	}
	const r = await raw.call('qt_ping', {}, 60);
	calls++;
	ok(!isError(r), 'the app answers after the last restart');
	const cyclesMs = Date.now() - t0;
	sample();
	const afterCycles = samples.at(-1);
	const st = await raw.status();
	is(failures, 0, `${CYCLES} crash-restart cycles, a call answered in each (${cyclesMs} ms)`);
	ok(st.restarts >= CYCLES, `qtmcp restarted the app ${st.restarts} times`);
	is(seen.ready, CYCLES + 1, 'and it was ready again each time');
	is(afterCycles.fds, base.fds, `open descriptors back to ${base.fds}`);
	is(afterCycles.children, 1, 'one child: the running app');
	ok(afterCycles.rss - warm.rss < GROWTH, `RSS after the cycles: ${warm.rss} -> ${afterCycles.rss} KiB after warm-up (less than 2 MB more)`);

	// --- tool calls ---
	phase = 'calls';
	const find = JSON.parse(text(await raw.call('qt_objects_find', { name: 'nameEdit' })));
	const kinds = [
		['qt_ping', {}],
		['qt_objects_find', { name: 'nameEdit' }],
		['qt_properties_get', { objectId: find.objectId, name: 'text' }],
		['qtmcp_status', {}],
	];
	let next = 0, good = 0, warm2 = null;
	const t1 = Date.now();
	const worker = async () => {
		while (next < CALLS) {
			const n = next++;
			const [name, args] = kinds[n % kinds.length];
			const a = await raw.call(name, args, 60);
			if (isError(a))
				diag(`call ${n}: ${text(a).slice(0, 200)}`);
			else
				good++;
			if (n === Math.ceil(CALLS / 10))
				warm2 = { rss: rss(pid) };
		}
	};
	await Promise.all(Array.from({ length: INFLIGHT }, worker));
	calls += CALLS;
	const callsMs = Date.now() - t1;
	sample();
	const end = samples.at(-1);
	is(good, CALLS, `${CALLS} tool calls, ${INFLIGHT} in flight, all answered (${callsMs} ms, ${Math.round(CALLS / callsMs * 1000)}/s)`);
	is(end.fds, base.fds, `open descriptors back to ${base.fds}`);
	is(end.children, 1, 'one child: the running app');
	ok(end.rss - warm2.rss < GROWTH, `RSS over the calls: ${warm2.rss} -> ${end.rss} KiB after warm-up (less than 2 MB more)`);
	is(samples.filter(s => s.zombies > 0).length, 0, `no zombie in any of ${samples.length} samples`);
	ok(samples.every(s => s.children <= 1), 'never more than one child');
	const maxFds = Math.max(...samples.map(s => s.fds));
	ok(maxFds <= base.fds + 4, `open descriptors at most ${maxFds} (baseline ${base.fds})`);

	clearInterval(sampler);
	const app = st.pid;
	const { code } = await raw.close();
	is(code, 0, 'qtmcp exits 0 at the end');
	const peak = Math.max(...samples.map(s => s.hwm));
	diag(`figures: ${CYCLES} crash-restart cycles in ${cyclesMs} ms, ${calls} calls ` +
	    `(${CALLS} in the call phase in ${callsMs} ms); peak RSS (VmHWM) ${peak} KiB; ` +
	    `RSS baseline ${base.rss}, after warm-up ${warm.rss}, after cycles ${afterCycles.rss}, ` +
	    `call warm-up ${warm2.rss}, end ${end.rss} KiB; fds ${base.fds} -> ${end.fds} ` +
	    `(max ${maxFds}); children ${base.children} -> ${end.children}; ${samples.length} samples`);
}, 'soak');

done();

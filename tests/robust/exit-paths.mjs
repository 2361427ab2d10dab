// exit-paths.mjs: however qtmcp ends, in whatever state its application
// is, nothing it started is left behind.  For each supervisor state a
// running qtmcp can be in (starting, ready, exited, crashed, backoff,
// stopping, failed; "stopped" exists only before the start and after the
// end) and each way to end it (stdin EOF, SIGTERM, SIGINT, SIGHUP,
// SIGKILL), the real qtmcp supervises the probe double's test app through
// the real qtmcp-launch: in that state it has no zombie child, and once it
// is gone (exit 0, or killed) no process it started is alive.

import { ok, is, diag, done, watchdog, need, lives } from '../lib/tap.mjs';
import { appConfig, tmpdir, alive, waitFor, SCALE } from '../lib/mcp.mjs';
import { qtmcp, children, zombies } from './lib.mjs';

watchdog(600);
await need('ajv');

const ENDINGS = ['eof', 'SIGTERM', 'SIGINT', 'SIGHUP', 'SIGKILL'];

// How to bring the app into each state; reach(raw) returns once it is.
const STATES = {
	starting: {
		// The double completes no handshake before the app's loop runs.
		config: { args: '-d 600000', qtmcp: 'ready_timeout = 10m' },
		reach: raw => raw.waitLog(/stopped -> starting/),
	},
	ready: {
		config: {},
		reach: raw => raw.waitLog(/starting -> ready/),
	},
	exited: {
		config: { args: '-t 200', env: ['QTMCP_DOUBLE_FAULTS=exit_segv=0'] },
		reach: raw => raw.waitLog(/-> exited/),
	},
	crashed: {
		config: { args: '-t 200 -s 3', env: ['QTMCP_DOUBLE_FAULTS=exit_segv=0'],
		    extra: 'restart = never\n' },
		reach: raw => raw.waitLog(/-> crashed/),
	},
	backoff: {
		config: { args: '-t 200 -s 3', env: ['QTMCP_DOUBLE_FAULTS=exit_segv=0'],
		    extra: 'backoff_min = 10m\nbackoff_max = 10m\nstable_time = 60m\n' },
		reach: raw => raw.waitLog(/crashed -> backoff/),
	},
	stopping: {
		// SIGCONT does not stop it: qtmcp_restart leaves it stopping
		// until stop_timeout.
		config: { extra: 'stop_signal = CONT\nstop_timeout = 3s\n' },
		reach: async raw => {
			await raw.waitLog(/starting -> ready/);
			raw.send({ jsonrpc: '2.0', id: 'restart', method: 'tools/call',
			    params: { name: 'qtmcp_restart', arguments: {} } });
			await raw.waitLog(/ready -> stopping/);
		},
	},
	failed: {
		config: { args: '-t 100 -s 3', env: ['QTMCP_DOUBLE_FAULTS=exit_segv=0'],
		    extra: 'max_restarts = 1\nbackoff_min = 0\nstable_time = 60m\n' },
		reach: raw => raw.waitLog(/-> failed/),
	},
};

// Every process below pid, now.
function tree(pid) {
	const out = [];
	for (const c of children(pid))
		out.push(c.pid, ...tree(c.pid));
	return out;
}

async function run(state, how) {
	const s = STATES[state];
	const dir = tmpdir('exit');
	const { args = '', qtmcp: q = '', extra = '', env = [] } = s.config;
	const raw = qtmcp({ config: appConfig({ args, qtmcp: q, extra, env: env.length ? env : ['QTMCP_DOUBLE_FAULTS=log=0'] }), dir });
	raw.child.stdin.on('error', () => {});	/* reported below */
	await raw.initialize();
	await s.reach(raw);
	const started = [...raw.stderr().matchAll(/started pid (\d+)/g)].map(m => Number(m[1]));
	const z = zombies(raw.child.pid);
	const running = tree(raw.child.pid);
	const t0 = Date.now();
	if (how === 'eof')
		raw.child.stdin.end();
	else
		raw.child.kill(how);
	const { code, signal } = await Promise.race([raw.exited,
	    new Promise(r => setTimeout(() => r({ code: 'timeout' }), 30000 * SCALE))]);
	const ms = Date.now() - t0;
	// A killed qtmcp's app dies by PR_SET_PDEATHSIG, a moment later.
	const all = [...new Set([...started, ...running])];
	await waitFor(() => all.every(p => !alive(p)), 10, 'every process to end').catch(() => {});
	return { z, code, signal, ms, all, left: all.filter(p => alive(p)) };
}

for (const state of Object.keys(STATES)) {
	await lives(async () => {
		const results = await Promise.all(ENDINGS.map(how => run(state, how)));
		ENDINGS.forEach((how, i) => {
			const r = results[i];
			is(r.z, [], `${state}, ${how}: no zombie child while it runs`);
			if (how === 'SIGKILL')
				is(r.signal, 'SIGKILL', `${state}, ${how}: qtmcp killed`);
			else
				is(r.code, 0, `${state}, ${how}: qtmcp exits 0 (in ${r.ms} ms)`);
			is(r.left, [], `${state}, ${how}: none of its ${r.all.length} processes is left`);
		});
	}, `state ${state}`);
}

done();

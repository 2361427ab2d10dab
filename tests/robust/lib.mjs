// lib.mjs: what the robustness tests share: qtmcp over raw lines with many
// calls in flight, matched by id; the probe double's control FIFO; and what
// the kernel says about a process: its resident memory, its open
// descriptors, its children and whether any of them is a zombie.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startRaw, appConfig, tmpdir, waitFor } from '../lib/mcp.mjs';

// qtmcp with raw lines; raw.call() may be used many times at once.
export function qtmcp({ config = null, args = [], dir = null, env = {} } = {}) {
	const raw = startRaw({ config, args, dir: dir || tmpdir('robust'), env });
	// The bytes as written, to check the encoding (lines are decoded).
	const chunks = [];
	raw.child.stdout.on('data', d => chunks.push(d));
	raw.bytes = () => Buffer.concat(chunks);
	const answers = new Map();
	let seen = 0;
	let id = 1000;
	raw.pump = () => {
		for (; seen < raw.lines.length; seen++) {
			let m;
			try {
				m = JSON.parse(raw.lines[seen]);
			} catch {
				continue;
			}
			if (m.id !== undefined && m.method === undefined)
				answers.set(m.id, m);
		}
	};
	// The answer to request id, once it is there.
	raw.answer = (myid, seconds = 60, what = `the answer to id ${myid}`) =>
	    waitFor(() => {
		raw.pump();
		const a = answers.get(myid);
		if (a !== undefined)
			answers.delete(myid);
		return a;
	}, seconds, what);
	raw.request = (method, params = {}, seconds = 60) => {
		const myid = ++id;
		raw.send({ jsonrpc: '2.0', id: myid, method, params });
		return raw.answer(myid, seconds, `the answer to ${method} (id ${myid})`);
	};
	raw.call = (name, args = {}, seconds = 60) =>
	    raw.request('tools/call', { name, arguments: args }, seconds);
	raw.nextId = () => ++id;
	raw.status = async (seconds = 60) => {
		const r = await raw.call('qtmcp_status', {}, seconds);
		return JSON.parse(r.result.content[0].text).targets[0];
	};
	raw.waitState = (state, seconds = 30) => waitFor(async () => {
		const t = await raw.status();
		return t.state === state ? t : null;
	}, seconds, `state ${state}`);
	raw.waitLog = (re, seconds = 30, what) => waitFor(() =>
	    raw.stderr().match(re), seconds, what || `qtmcp to log ${re}`);
	return raw;
}

// qtmcp supervising the double's test app; raw.fifo is its control FIFO.
export async function launch({ qtmcp: q = '', env = [], extra = '', args = '',
    initialize = true } = {}) {
	const dir = tmpdir('robust');
	const fifo = path.join(dir, 'control');
	execFileSync('mkfifo', [fifo]);
	const raw = qtmcp({ config: appConfig({ qtmcp: q,
	    env: [`QTMCP_DOUBLE_CONTROL=${fifo}`, ...env], extra, args }), dir });
	raw.fifo = fifo;
	if (initialize)
		await raw.initialize();
	return raw;
}

// The double's control FIFO and a result's text, as the probe tests have them.
export { control, text } from '../e2e/probe-lib.mjs';

// Here a JSON-RPC error is a failed call too.
export function isError(r) {
	return !r.result || !!r.result.isError;
}

// --- /proc --------------------------------------------------------------------

function statusField(pid, field) {
	const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+)`));
	return m ? Number(m[1]) : 0;
}

// Resident memory now and at its peak, in KiB.
export const rss = pid => statusField(pid, 'VmRSS');
export const hwm = pid => statusField(pid, 'VmHWM');

export function fds(pid) {
	return fs.readdirSync(`/proc/${pid}/fd`).length;
}

// The children of pid: [{ pid, state, comm }].
export function children(pid) {
	const out = [];
	for (const p of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(p))
			continue;
		let st;
		try {
			st = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
		} catch {
			continue;
		}
		// pid (comm) state ppid ...: comm may hold spaces and parentheses.
		const close = st.lastIndexOf(')');
		const [state, ppid] = st.slice(close + 2).split(' ');
		if (Number(ppid) === pid)
			out.push({ pid: Number(p), state, comm: st.slice(st.indexOf('(') + 1, close) });
	}
	return out;
}

export const zombies = pid => children(pid).filter(c => c.state === 'Z');

// Is a buffer valid UTF-8?
export function utf8(buf) {
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(buf);
		return true;
	} catch {
		return false;
	}
}

// Every line qtmcp wrote on stdout is one JSON-RPC 2.0 message.
export function protocolOnly(lines) {
	for (const l of lines) {
		let m;
		try {
			m = JSON.parse(l);
		} catch {
			return `not JSON: ${l.slice(0, 200)}`;
		}
		const all = Array.isArray(m) ? m : [m];
		if (all.some(x => x === null || typeof x !== 'object' || x.jsonrpc !== '2.0'))
			return `not JSON-RPC 2.0: ${l.slice(0, 200)}`;
	}
	return null;
}

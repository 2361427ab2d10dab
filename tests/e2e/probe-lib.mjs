// probe-lib.mjs: what the probe client's end-to-end tests share: the real
// qtmcp over raw MCP lines, supervising the probe double's test app
// through the real launcher (or attached to one the test started), with
// many calls in flight at once, answers matched by id, the double's
// control FIFO and ONCE marker, qtmcp's own log lines, and its status.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startRaw, appConfig, tmpdir, waitFor } from '../lib/mcp.mjs';

// qtmcp with raw lines; call() may be used many times at once.
export function qtmcp({ config, args = [], dir = null, env = {} } = {}) {
	const raw = startRaw({ config, args, dir: dir || tmpdir('probe'), env });
	const answers = new Map();
	let seen = 0;
	let id = 1000;
	const pump = () => {
		for (; seen < raw.lines.length; seen++) {
			const line = raw.lines[seen];
			let m;
			try {
				m = JSON.parse(line);
			} catch {
				continue;
			}
			if (m.id !== undefined && m.method === undefined)
				answers.set(m.id, m);
		}
	};
	// One tools/call; resolves with the JSON-RPC answer.
	raw.call = async (name, args = {}, seconds = 60) => {
		const myid = ++id;
		raw.send({ jsonrpc: '2.0', id: myid, method: 'tools/call',
		    params: { name, arguments: args } });
		return waitFor(() => {
			pump();
			return answers.get(myid);
		}, seconds, `the answer to ${name} (id ${myid})`);
	};
	// Only qtmcp's own log lines, not the app's output it relays.
	raw.log = () => raw.stderr().split('\n').filter(l =>
	    !/ target \S+ (stdout|stderr): /.test(l)).join('\n');
	raw.waitLog = (re, seconds = 20, what) => waitFor(() => raw.log().match(re),
	    seconds, what || `qtmcp to log ${re}`);
	raw.status = async () => {
		const r = await raw.call('qtmcp_status');
		return JSON.parse(r.result.content[0].text).targets[0];
	};
	raw.waitState = (state, seconds = 30) => waitFor(async () => {
		const t = await raw.status();
		return t.state === state ? t : null;
	}, seconds, `state ${state}`);
	return raw;
}

// The text of a CallToolResult.
export function text(r) {
	if (!r.result)
		return `JSON-RPC error ${JSON.stringify(r.error)}`;
	return r.result.content.filter(c => c.type === 'text').map(c => c.text).join('\n');
}

export function isError(r) {
	return !!(r.result && r.result.isError);
}

// The JSON payload of a successful call.
export function json(r) {
	if (!r.result || r.result.isError)
		throw new Error(`call failed: ${text(r)}`);
	return JSON.parse(r.result.content[0].text);
}

// qtmcp supervising one test app with the double; its control FIFO is
// raw.fifo and env faults fire once (QTMCP_DOUBLE_ONCE) unless once = false.
export async function launch({ qtmcp: q = '', env = [], extra = '', args = '',
    once = true, initialize = true } = {}) {
	const dir = tmpdir('probe');
	const fifo = path.join(dir, 'control');
	execFileSync('mkfifo', [fifo]);
	const all = [`QTMCP_DOUBLE_CONTROL=${fifo}`, ...env];
	if (once)
		all.push(`QTMCP_DOUBLE_ONCE=${path.join(dir, 'once')}`);
	const raw = qtmcp({ config: appConfig({ qtmcp: q, env: all, extra, args }), dir });
	raw.fifo = fifo;
	raw.dir = dir;
	if (initialize)
		await raw.initialize();
	return raw;
}

// Send faults to the running app through its FIFO (never blocks: no
// reader is an error); a string is taken byte for byte (latin1), to send
// bytes that are not UTF-8.
export function control(raw, line) {
	const fd = fs.openSync(raw.fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
	try {
		fs.writeSync(fd, Buffer.concat([Buffer.from(line, 'latin1'), Buffer.from('\n')]));
	} finally {
		fs.closeSync(fd);
	}
}

// The resident memory of a process, in KiB.
export function rss(pid) {
	const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
	return m ? Number(m[1]) : 0;
}

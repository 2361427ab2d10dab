// mcp.mjs: what the Node.js tests of qtmcp share: starting the real qtmcp
// binary in a private temp dir, talking to it with the official MCP SDK
// client (or raw lines, for what a client would never send), validating
// every message qtmcp writes against the official schema of the
// negotiated revision, and the probe double's paths.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const srcdir = process.env.top_srcdir || path.resolve(here, '..', '..');
export const builddir = process.env.top_builddir || srcdir;
export const QTMCP = path.join(builddir, 'qtmcp');
export const LAUNCHER = path.join(builddir, 'qtmcp-launch');
export const DOUBLE = path.join(builddir, 'tests', 'double', 'libqtmcp-probe.so');
export const TESTAPP = path.join(builddir, 'tests', 'double', 'qtmcp-test-app');
export const REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];

// QTMCP_TEST_WRAPPER (such as "valgrind --tool=memcheck ...") runs qtmcp
// under that command; waits are then QTMCP_TEST_TIMEOUT_SCALE times longer.
// The sanitizers' settings reach qtmcp through the tests' bare environment.
const WRAPPER = (process.env.QTMCP_TEST_WRAPPER || '').split(/\s+/).filter(Boolean);
export const SCALE = Number(process.env.QTMCP_TEST_TIMEOUT_SCALE) || 1;
export function qtmcpCommand(args) {
	return WRAPPER.length ? [WRAPPER[0], [...WRAPPER.slice(1), QTMCP, ...args]] :
	    [QTMCP, args];
}
export function baseEnv(dir) {
	const env = { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: dir };
	for (const k of ['ASAN_OPTIONS', 'LSAN_OPTIONS', 'UBSAN_OPTIONS'])
		if (process.env[k] !== undefined)
			env[k] = process.env[k];
	return env;
}

const cleanups = [];
process.on('exit', () => {
	for (const fn of cleanups.reverse()) {
		try { fn(); } catch (e) { /* best effort */ }
	}
});

export function tmpdir(tag = 'mcp') {
	const d = fs.mkdtempSync(path.join(os.tmpdir(), `qtmcp-${tag}-`));
	cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
	return d;
}

export function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

export const sleep = ms => new Promise(r => setTimeout(r, ms));

// Poll cond() until it is truthy or seconds pass; returns its value.
export async function waitFor(cond, seconds = 10, what = 'condition') {
	seconds *= SCALE;
	const end = Date.now() + seconds * 1000;
	for (;;) {
		const v = await cond();
		if (v)
			return v;
		if (Date.now() > end)
			throw new Error(`timed out after ${seconds} s waiting for ${what}`);
		await sleep(10);
	}
}

// Is a process alive (and not a zombie)?
export function alive(pid) {
	try {
		const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return !/^\d+ \(.*\) Z /.test(st);
	} catch {
		return false;
	}
}

// Every process whose environment or parent chain ties it to dir.
export function processesUsing(marker) {
	const found = [];
	for (const p of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(p))
			continue;
		try {
			const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8');
			if (cmd.includes(marker) && alive(Number(p)))
				found.push(Number(p));
		} catch { /* gone */ }
	}
	return found;
}

// A configuration for one supervised test app (the probe double's), as INI.
export function appConfig({ port = 'auto', name = null, env = [], extra = '',
    qtmcp = '', args = '' } = {}) {
	let ini = '[qtmcp]\nlog_level = debug\n' + qtmcp + '\n';
	ini += name ? `[target ${name}]\n` : '[target]\n';
	ini += `command = ${TESTAPP}\nlauncher = ${LAUNCHER}\nprobe = ${DOUBLE}\n`;
	ini += `port = ${port}\n`;
	if (args)
		ini += `args = ${args}\n`;
	for (const e of env)
		ini += `env = ${e}\n`;
	return ini + extra;
}

// --- schema validation -------------------------------------------------------

const validators = new Map();

async function schemaFor(revision) {
	if (validators.has(revision))
		return validators.get(revision);
	const file = path.join(srcdir, 'tests', 'mcp', 'schema', `schema-${revision}.json`);
	const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
	const modern = revision >= '2025-11-25';
	const { default: AjvClass } = modern ? await import('ajv/dist/2020.js') :
	    await import('ajv');
	const { default: addFormats } = await import('ajv-formats');
	const ajv = new AjvClass({ strict: false, allErrors: true });
	addFormats(ajv);
	const id = 'mcp';
	ajv.addSchema({ ...schema, $id: id }, id);
	const defs = modern ? '$defs' : 'definitions';
	const cache = new Map();
	const v = name => {
		if (!cache.has(name)) {
			if (!schema[defs][name])
				return null;
			cache.set(name, ajv.compile({ $ref: `${id}#/${defs}/${name}` }));
		}
		return cache.get(name);
	};
	validators.set(revision, v);
	return v;
}

const RESULT_DEFS = {
	initialize: 'InitializeResult',
	ping: 'EmptyResult',
	'tools/list': 'ListToolsResult',
	'tools/call': 'CallToolResult',
	'resources/list': 'ListResourcesResult',
	'resources/read': 'ReadResourceResult',
	'resources/templates/list': 'ListResourceTemplatesResult',
	'resources/subscribe': 'EmptyResult',
	'resources/unsubscribe': 'EmptyResult',
	'logging/setLevel': 'EmptyResult',
};
const NOTIFICATION_DEFS = {
	'notifications/message': 'LoggingMessageNotification',
	'notifications/progress': 'ProgressNotification',
	'notifications/resources/updated': 'ResourceUpdatedNotification',
	'notifications/resources/list_changed': 'ResourceListChangedNotification',
	'notifications/tools/list_changed': 'ToolListChangedNotification',
};

// Check one message qtmcp wrote against the schema of revision; method is
// that of the request it answers, if any.  Returns a list of problems.
export async function validateMessage(revision, msg, method) {
	const v = await schemaFor(revision);
	const problems = [];
	const check = (name, value) => {
		const fn = v(name);
		if (!fn) {
			problems.push(`no definition ${name} in ${revision}`);
			return;
		}
		if (!fn(value))
			problems.push(`${name}: ${JSON.stringify(fn.errors.slice(0, 3))}`);
	};
	if (Array.isArray(msg)) {
		if (revision !== '2025-03-26')
			problems.push(`a batch in revision ${revision}`);
		return problems;
	}
	if ('error' in msg) {
		// JSON-RPC 2.0 answers an unreadable id with null; the schemas
		// before 2025-11-25 cannot say so (a documented exception).
		if (msg.id === null && revision < '2025-11-25') {
			const { id, ...rest } = msg;
			check(v('JSONRPCErrorResponse') ? 'JSONRPCErrorResponse' : 'JSONRPCError',
			    { ...rest, id: 0 });
		} else
			check(v('JSONRPCErrorResponse') ? 'JSONRPCErrorResponse' : 'JSONRPCError', msg);
	} else if ('result' in msg) {
		check(v('JSONRPCResultResponse') ? 'JSONRPCResultResponse' : 'JSONRPCResponse', msg);
		if (method && RESULT_DEFS[method])
			check(RESULT_DEFS[method], msg.result);
	} else if ('method' in msg) {
		const def = NOTIFICATION_DEFS[msg.method];
		if (!def)
			problems.push(`unexpected message ${msg.method}`);
		else
			check(def, msg);
	} else
		problems.push('neither a response nor a notification');
	return problems;
}

// --- the SDK client, recording and validating ---------------------------------

// A transport around the SDK's stdio transport that records every message
// in both directions and can make the client ask for an older revision.
class RecordingTransport {
	constructor(inner, revision) {
		this.inner = inner;
		this.revision = revision;
		this.received = [];
		this.sent = [];
		this.methods = new Map();
		inner.onmessage = m => {
			this.received.push(m);
			this.onmessage?.(m);
		};
		inner.onclose = () => this.onclose?.();
		inner.onerror = e => {
			this.errors.push(e);
			this.onerror?.(e);
		};
		this.errors = [];
	}
	start() { return this.inner.start(); }
	close() { return this.inner.close(); }
	get pid() { return this.inner.pid; }
	get stderr() { return this.inner.stderr; }
	send(m, opts) {
		if (m.method === 'initialize' && this.revision)
			m = { ...m, params: { ...m.params, protocolVersion: this.revision } };
		if (m.id !== undefined && m.method)
			this.methods.set(m.id, m.method);
		this.sent.push(m);
		return this.inner.send(m, opts);
	}
	set protocolVersion(v) { this.negotiated = v; }
}

// Start qtmcp with args (and a config text written to a temp file) and
// connect the SDK client.  Returns { client, transport, stderr(), pid,
// validate(), close() }.
export async function startClient({ args = [], config = null, env = {},
    revision = null, dir = null, capabilities = {} } = {}) {
	const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
	const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
	dir = dir || tmpdir();
	const fullArgs = [...args];
	if (config !== null) {
		const file = path.join(dir, 'qtmcp.ini');
		fs.writeFileSync(file, config);
		fullArgs.unshift('-f', file);
	}
	const [command, cmdArgs] = qtmcpCommand(fullArgs);
	const inner = new StdioClientTransport({
		command,
		args: cmdArgs,
		env: { ...baseEnv(dir), ...env },
		stderr: 'pipe',
		cwd: dir,
	});
	let err = '';
	inner.stderr.on('data', d => { err += d.toString(); });
	const transport = new RecordingTransport(inner, revision);
	const client = new Client({ name: 'qtmcp-tests', version: '1.0.0' },
	    { capabilities });
	await client.connect(transport);
	const pid = inner.pid;
	cleanups.push(() => { try { process.kill(pid, 'SIGKILL'); } catch {} });
	return {
		client, transport, pid, dir,
		stderr: () => err,
		// stderr once it matches re (bounded): it is read apart from
		// stdout, so a line logged before an answer may come after it.
		async logged(re, seconds = 10) {
			await waitFor(() => re.test(err), seconds, `${re} in the log`).catch(() => {});
			return err;
		},
		revision: client.getServerVersion() && transport.received[0]?.result?.protocolVersion,
		async validate() {
			const rev = transport.received[0]?.result?.protocolVersion;
			const problems = [];
			for (const m of transport.received) {
				const method = m.id !== undefined ? transport.methods.get(m.id) : undefined;
				for (const p of await validateMessage(rev, m, method))
					problems.push(`${JSON.stringify(m).slice(0, 200)}: ${p}`);
			}
			return problems;
		},
		async close() {
			await client.close();
		},
	};
}

// --- raw lines, for what a well-behaved client never sends ------------------

export function startRaw({ args = [], config = null, env = {}, dir = null } = {}) {
	dir = dir || tmpdir('raw');
	const fullArgs = [...args];
	if (config !== null) {
		const file = path.join(dir, 'qtmcp.ini');
		fs.writeFileSync(file, config);
		fullArgs.unshift('-f', file);
	}
	const [command, cmdArgs] = qtmcpCommand(fullArgs);
	const child = spawn(command, cmdArgs, {
		env: { ...baseEnv(dir), ...env },
		stdio: ['pipe', 'pipe', 'pipe'],
		cwd: dir,
	});
	cleanups.push(() => { try { child.kill('SIGKILL'); } catch {} });
	let buf = '';
	let err = '';
	const lines = [];
	const waiters = [];
	let closed = false;
	child.stdout.on('data', d => {
		buf += d.toString();
		let i;
		while ((i = buf.indexOf('\n')) >= 0) {
			lines.push(buf.slice(0, i));
			buf = buf.slice(i + 1);
		}
		for (const w of waiters.splice(0))
			w();
	});
	child.stderr.on('data', d => { err += d.toString(); });
	const exited = new Promise(resolve => child.on('exit', (code, signal) => {
		closed = true;
		for (const w of waiters.splice(0))
			w();
		resolve({ code, signal });
	}));
	let next = 0;
	return {
		child, dir, lines, exited,
		stderr: () => err,
		send(x) {
			child.stdin.write(typeof x === 'string' || Buffer.isBuffer(x) ?
			    x : JSON.stringify(x) + '\n');
		},
		// The next line qtmcp writes, parsed (bounded wait).
		async read(seconds = 10) {
			const end = Date.now() + seconds * SCALE * 1000;
			while (next >= lines.length) {
				if (closed)
					throw new Error('qtmcp closed its stdout');
				if (Date.now() > end)
					throw new Error(`no message from qtmcp within ${seconds} s`);
				await new Promise(r => {
					waiters.push(r);
					setTimeout(r, 50);
				});
			}
			return JSON.parse(lines[next++]);
		},
		// Read until a message matching pred comes; returns it.
		async readUntil(pred, seconds = 10) {
			const end = Date.now() + seconds * SCALE * 1000;
			for (;;) {
				const m = await this.read(Math.max(0.1, (end - Date.now()) / 1000 / SCALE));
				if (pred(m))
					return m;
			}
		},
		async initialize(revision = '2025-11-25', id = 1) {
			this.send({ jsonrpc: '2.0', id, method: 'initialize', params: {
				protocolVersion: revision, capabilities: {},
				clientInfo: { name: 'raw', version: '1' } } });
			const m = await this.readUntil(x => x.id === id);
			this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
			return m;
		},
		close() {
			child.stdin.end();
			return exited;
		},
	};
}

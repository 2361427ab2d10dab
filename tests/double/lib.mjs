// lib.mjs: shared by the probe double's conformance tests.  Starts the
// test application through the real qtmcp-launch with the double
// preloaded, on a free port, in a private temp directory; connects plain
// WebSocket clients (the `ws` package, or a raw one that sees frames);
// bounded waits everywhere; every process started is killed at exit.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';

export const top_builddir = process.env.top_builddir ?? process.cwd();
export const LAUNCH = path.join(top_builddir, 'qtmcp-launch');
export const PROBE = path.join(top_builddir, 'tests/double/libqtmcp-probe.so');
export const APP = path.join(top_builddir, 'tests/double/qtmcp-test-app');

const children = new Set();
const tmpdirs = [];

function cleanup() {
	for (const c of children) {
		try {
			process.kill(c.pid, 'SIGKILL');
		} catch (e) {
			// already gone
		}
	}
	for (const d of tmpdirs)
		rmSync(d, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
	process.on(sig, () => process.exit(1));

export function tmpdir() {
	const d = mkdtempSync(path.join(os.tmpdir(), 'qtmcp-double-'));
	tmpdirs.push(d);
	return d;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A port nobody listens on: bind port 0 and give it back.
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

// Poll cond() until it is truthy or the deadline passes.
export async function waitFor(cond, ms = 5000, step = 5) {
	const end = Date.now() + ms;
	for (;;) {
		const v = await cond();
		if (v)
			return v;
		if (Date.now() > end)
			return v;
		await sleep(step);
	}
}

// The test application, started through the real launcher.
export class App {
	constructor(opts = {}) {
		this.port = opts.port;
		this.out = '';
		this.err = '';
		this.exit = null;
		this.t0 = null;
		const env = { ...process.env, ...(opts.env ?? {}) };
		delete env.LD_PRELOAD;
		if (opts.faults !== undefined)
			env.QTMCP_DOUBLE_FAULTS = opts.faults;
		const args = ['-q', '-p', String(this.port), '--probe', PROBE, APP];
		if (opts.args)
			args.push('--', ...opts.args);
		this.t0 = process.hrtime.bigint();
		this.proc = spawn(LAUNCH, args, {
			cwd: opts.cwd ?? tmpdir(),
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		children.add(this.proc);
		this.proc.stdout.on('data', (d) => { this.out += d; });
		this.proc.stderr.on('data', (d) => { this.err += d; });
		this.exited = new Promise((resolve) => {
			this.proc.on('exit', (code, signal) => {
				children.delete(this.proc);
				this.exit = { code, signal };
				resolve(this.exit);
			});
		});
	}

	static async start(opts = {}) {
		const port = opts.port ?? await freePort();
		return new App({ ...opts, port });
	}

	// Milliseconds since spawn.
	elapsed() {
		return Number(process.hrtime.bigint() - this.t0) / 1e6;
	}

	async waitErr(re, ms = 5000) {
		return waitFor(() => re.test(this.err), ms);
	}

	async waitExit(ms = 5000) {
		return Promise.race([this.exited, sleep(ms).then(() => null)]);
	}

	kill(sig = 'SIGTERM') {
		try {
			process.kill(this.proc.pid, sig);
		} catch (e) {
			// already gone
		}
	}

	async stop() {
		if (this.exit)
			return this.exit;
		this.kill('SIGTERM');
		const e = await this.waitExit(3000);
		if (e)
			return e;
		this.kill('SIGKILL');
		return this.waitExit(3000);
	}
}

// Start the app and connect a client that has had a ping answered.
export async function startReady(WebSocket, opts = {}) {
	const app = await App.start(opts);
	const c = await Client.connectReady(WebSocket, app.port, 10000);
	return { app, c };
}

// A JSON-RPC client over the `ws` package.
export class Client {
	constructor(ws) {
		this.ws = ws;
		this.msgs = [];		// every text message, parsed when it parses
		this.waiters = [];
		this.nextId = 1;
		this.closeInfo = null;
		this.closed = new Promise((resolve) => {
			ws.on('close', (code, reason) => {
				this.closeInfo = { code, reason: reason.toString() };
				resolve(this.closeInfo);
				this.wake();
			});
		});
		ws.on('error', () => {});
		ws.on('message', (data, isBinary) => {
			const text = data.toString();
			let json;
			try {
				json = JSON.parse(text);
			} catch (e) {
				json = undefined;
			}
			this.msgs.push({ text, json, binary: isBinary,
			    t: process.hrtime.bigint() });
			this.wake();
		});
	}

	wake() {
		const w = this.waiters;
		this.waiters = [];
		for (const f of w)
			f();
	}

	static open(WebSocket, port, ms = 3000) {
		return new Promise((resolve, reject) => {
			const ws = new WebSocket(`ws://127.0.0.1:${port}/`, {
				handshakeTimeout: ms, perMessageDeflate: false,
				maxPayload: 256 * 1024 * 1024 });
			const c = new Client(ws);
			ws.once('open', () => resolve(c));
			ws.once('error', reject);
			ws.once('unexpected-response', (req, res) =>
			    reject(new Error(`HTTP ${res.statusCode}`)));
		});
	}

	// Retry until the handshake completes and a ping is answered.
	static async connectReady(WebSocket, port, ms = 10000) {
		const end = Date.now() + ms;
		let last;
		while (Date.now() < end) {
			try {
				const c = await Client.open(WebSocket, port,
				    Math.max(200, end - Date.now()));
				const r = await c.call('ping', undefined, 2000);
				if (r.result === 'pong')
					return c;
				c.close();
			} catch (e) {
				last = e;
			}
			await sleep(10);
		}
		throw new Error(`probe not ready on port ${port}: ${last}`);
	}

	send(text) {
		this.ws.send(text);
	}

	// Wait for a message matching pred, at or after index from.
	async next(pred, ms = 5000, from = 0) {
		const end = Date.now() + ms;
		for (;;) {
			for (let i = from; i < this.msgs.length; i++) {
				if (pred(this.msgs[i], i))
					return this.msgs[i];
			}
			if (Date.now() > end || this.closeInfo)
				return null;
			await new Promise((r) => {
				this.waiters.push(r);
				setTimeout(r, Math.max(1, end - Date.now()));
			});
		}
	}

	// A request; resolves with the parsed response (any shape).
	async call(method, params, ms = 5000, id) {
		if (id === undefined)
			id = this.nextId++;
		const req = { jsonrpc: '2.0', method, id };
		if (params !== undefined)
			req.params = params;
		const from = this.msgs.length;
		this.send(JSON.stringify(req));
		const m = await this.next((m) => m.json && m.json.id === id &&
		    !m.json.method, ms, from);
		if (!m)
			throw new Error(`no answer to ${method} (id ${id})`);
		return m.json;
	}

	// The payload of a mode method (result.result), or throws.
	async result(method, params, ms) {
		const r = await this.call(method, params, ms);
		if (r.error)
			throw new Error(`${method}: ${JSON.stringify(r.error)}`);
		return r.result.result;
	}

	async error(method, params, ms) {
		const r = await this.call(method, params, ms);
		return r.error;
	}

	notifications(method) {
		return this.msgs.filter((m) => m.json && m.json.method === method &&
		    m.json.id === undefined);
	}

	close() {
		try {
			this.ws.close();
		} catch (e) {
			// ignore
		}
	}

	terminate() {
		this.ws.terminate();
	}
}

// A raw WebSocket client that sees frames (opcode, FIN, length) and can
// send anything, for what `ws` hides or refuses.
export class RawClient {
	constructor(sock) {
		this.sock = sock;
		this.buf = Buffer.alloc(0);
		this.frames = [];
		this.handshake = null;
		this.ended = false;
		this.waiters = [];
		sock.on('data', (d) => this.onData(d));
		sock.on('end', () => { this.ended = true; this.wake(); });
		sock.on('close', () => { this.ended = true; this.wake(); });
		sock.on('error', () => { this.ended = true; this.wake(); });
	}

	wake() {
		const w = this.waiters;
		this.waiters = [];
		for (const f of w)
			f();
	}

	static connect(port, headers = {}, pathname = '/') {
		return new Promise((resolve, reject) => {
			const sock = net.connect(port, '127.0.0.1');
			const c = new RawClient(sock);
			sock.once('error', reject);
			sock.once('connect', () => {
				const key = crypto.randomBytes(16).toString('base64');
				c.key = key;
				let h = `GET ${pathname} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
				    'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
				    `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n`;
				for (const [k, v] of Object.entries(headers))
					h += `${k}: ${v}\r\n`;
				sock.write(h + '\r\n');
				resolve(c);
			});
		});
	}

	onData(d) {
		this.buf = Buffer.concat([this.buf, d]);
		if (this.handshake === null) {
			const i = this.buf.indexOf('\r\n\r\n');
			if (i < 0)
				return;
			this.handshake = this.buf.subarray(0, i).toString();
			this.handshakeAt = process.hrtime.bigint();
			this.buf = this.buf.subarray(i + 4);
		}
		for (;;) {
			if (this.buf.length < 2)
				break;
			const b0 = this.buf[0], b1 = this.buf[1];
			let len = b1 & 0x7f, off = 2;
			if (len === 126) {
				if (this.buf.length < 4)
					break;
				len = this.buf.readUInt16BE(2);
				off = 4;
			} else if (len === 127) {
				if (this.buf.length < 10)
					break;
				len = Number(this.buf.readBigUInt64BE(2));
				off = 10;
			}
			if (this.buf.length < off + len)
				break;
			this.frames.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f,
			    payload: this.buf.subarray(off, off + len) });
			this.buf = this.buf.subarray(off + len);
		}
		this.wake();
	}

	// Send one frame, masked as a client must.
	frame(opcode, payload, fin = true) {
		payload = Buffer.from(payload);
		const mask = crypto.randomBytes(4);
		let head;
		if (payload.length < 126) {
			head = Buffer.from([(fin ? 0x80 : 0) | opcode,
			    0x80 | payload.length]);
		} else if (payload.length < 65536) {
			head = Buffer.alloc(4);
			head[0] = (fin ? 0x80 : 0) | opcode;
			head[1] = 0x80 | 126;
			head.writeUInt16BE(payload.length, 2);
		} else {
			head = Buffer.alloc(10);
			head[0] = (fin ? 0x80 : 0) | opcode;
			head[1] = 0x80 | 127;
			head.writeBigUInt64BE(BigInt(payload.length), 2);
		}
		const masked = Buffer.alloc(payload.length);
		for (let i = 0; i < payload.length; i++)
			masked[i] = payload[i] ^ mask[i & 3];
		this.sock.write(Buffer.concat([head, mask, masked]));
	}

	text(s) {
		this.frame(1, s);
	}

	async until(cond, ms = 5000) {
		const end = Date.now() + ms;
		for (;;) {
			const v = cond();
			if (v || this.ended || Date.now() > end)
				return v;
			await new Promise((r) => {
				this.waiters.push(r);
				setTimeout(r, Math.max(1, end - Date.now()));
			});
		}
	}

	// Messages reassembled from data frames: {text, frames:[sizes]}.
	messages() {
		const out = [];
		let cur = null;
		for (const f of this.frames) {
			if (f.opcode === 1 || f.opcode === 2) {
				cur = { opcode: f.opcode, parts: [f.payload],
				    sizes: [f.payload.length] };
			} else if (f.opcode === 0 && cur) {
				cur.parts.push(f.payload);
				cur.sizes.push(f.payload.length);
			} else
				continue;
			if (f.fin) {
				out.push({ opcode: cur.opcode,
				    data: Buffer.concat(cur.parts),
				    sizes: cur.sizes });
				cur = null;
			}
		}
		return out;
	}

	closeFrame() {
		const f = this.frames.find((f) => f.opcode === 8);
		if (!f)
			return null;
		return { code: f.payload.length >= 2 ? f.payload.readUInt16BE(0) :
		    null, reason: f.payload.subarray(2).toString() };
	}

	destroy() {
		this.sock.destroy();
	}
}

// Is anything listening on the port (TCP)?
export function tcpAccepts(port) {
	return new Promise((resolve) => {
		const s = net.connect(port, '127.0.0.1');
		s.once('connect', () => { s.destroy(); resolve(true); });
		s.once('error', () => resolve(false));
	});
}

// Decode a base64 PNG's IHDR: {width, height} or null.
export function pngSize(b64) {
	const b = Buffer.from(b64, 'base64');
	const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	if (b.length < 24 || !b.subarray(0, 8).equals(sig) ||
	    b.subarray(12, 16).toString() !== 'IHDR')
		return null;
	return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

export function mkfifo(p) {
	execFileSync('mkfifo', [p]);
}

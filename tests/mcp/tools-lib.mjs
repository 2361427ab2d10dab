// tools-lib.mjs: what the tool tests (tests/mcp/tools-*.mjs) share: the
// tools and parameters qtmcp must offer, written down from
// shared/probe-protocol.md 4.5 (the QtMcp Python server's tools) and
// from the README (qtmcp's own tools and the few parameters it adds),
// never from qtmcp's output; a session with the official SDK client
// that calls tools and reads their answers; a PNG reader of our own; the
// checks every tool test file ends with.

import zlib from 'node:zlib';
import { ok, is, like, diag } from '../lib/tap.mjs';
import { startClient, appConfig, alive, TESTAPP, LAUNCHER, DOUBLE } from '../lib/mcp.mjs';

// --- the expected tools ------------------------------------------------------

// Parameters as 4.5 writes them: a Python type, '?' when optional.
const NATIVE = {
	qt_ping: {},
	qt_version: {},
	qt_modes: {},
	qt_objects_find: { name: 'str', root: 'str?' },
	qt_objects_findByClass: { className: 'str', root: 'str?' },
	qt_objects_tree: { root: 'str?', maxDepth: 'int?' },
	qt_objects_info: { objectId: 'str' },
	qt_objects_inspect: { objectId: 'str' },
	qt_objects_query: { className: 'str?', properties: 'dict?', root: 'str?' },
	qt_properties_list: { objectId: 'str' },
	qt_properties_get: { objectId: 'str', name: 'str' },
	qt_properties_set: { objectId: 'str', name: 'str', value: 'str|int|float|bool' },
	qt_methods_list: { objectId: 'str' },
	qt_methods_invoke: { objectId: 'str', method: 'str', args: 'list?' },
	qt_signals_list: { objectId: 'str' },
	qt_signals_subscribe: { objectId: 'str', signal: 'str' },
	qt_signals_unsubscribe: { subscriptionId: 'str' },
	qt_signals_setLifecycle: { enabled: 'bool' },
	qt_ui_click: { objectId: 'str', button: 'str?', position: 'dict?' },
	qt_ui_sendKeys: { objectId: 'str', text: 'str?', sequence: 'str?' },
	qt_ui_screenshot: { objectId: 'str', fullWindow: 'bool?', region: 'dict?' },
	qt_ui_geometry: { objectId: 'str' },
	qt_ui_hitTest: { x: 'int', y: 'int' },
	qt_names_register: { name: 'str', path: 'str' },
	qt_names_unregister: { name: 'str' },
	qt_names_list: {},
	qt_names_validate: {},
	qt_names_load: { filePath: 'str' },
	qt_qml_inspect: { objectId: 'str' },
	qt_models_list: {},
	qt_models_info: { objectId: 'str' },
	qt_models_data: { objectId: 'str', row: 'int?', column: 'int?', role: 'str|int?',
	    offset: 'int?', limit: 'int?' },
};
const CLICK = { x: 'int', y: 'int', screenAbsolute: 'bool?', delay_ms: 'int?' };
const BUTTON = { x: 'int', y: 'int', button: 'str?', screenAbsolute: 'bool?' };
const CU = {
	cu_screenshot: {},
	cu_leftClick: CLICK,
	cu_rightClick: CLICK,
	cu_middleClick: CLICK,
	cu_doubleClick: CLICK,
	cu_mouseMove: { x: 'int', y: 'int', screenAbsolute: 'bool?' },
	cu_mouseDrag: { startX: 'int', startY: 'int', endX: 'int', endY: 'int',
	    screenAbsolute: 'bool?' },
	cu_mouseDown: BUTTON,
	cu_mouseUp: BUTTON,
	cu_type: { text: 'str' },
	cu_key: { key: 'str' },
	cu_scroll: { x: 'int', y: 'int', direction: 'str', amount: 'int?', screenAbsolute: 'bool?' },
	cu_cursorPosition: {},
};
const CHROME = {
	chr_readPage: { filter: 'str?', maxDepth: 'int?' },
	chr_click: { ref: 'str' },
	chr_formInput: { ref: 'str', value: 'str|int|float|bool' },
	chr_getPageText: {},
	chr_find: { query: 'str' },
	chr_navigate: { ref: 'str' },
	chr_tabsContext: {},
	chr_readConsoleMessages: { limit: 'int?', pattern: 'str?', clear: 'bool?' },
};
// qtmcp's own tools, in every mode (README, "qtmcp's own tools").
const QTMCP = {
	qtmcp_status: {},
	qtmcp_restart: {},
	qtmcp_output: { lines: 'int?', stream: 'str?', contains: 'str?', probe_log: 'bool?' },
	qtmcp_events: { since: 'int?', wait_ms: 'int?', subscriptionId: 'str?', limit: 'int?' },
	qtmcp_wait_for: { objectId: 'str?', name: 'str?', property: 'str?',
	    equals: 'str|int|float|bool|dict|list?', gone: 'bool?', timeout_ms: 'int?' },
};
// What the README says qtmcp changes, and nothing else: the new optional
// parameters ("New optional parameters"), chr_navigate's ref made
// optional (back and forward take none) and qt_properties_set's value
// that may also be a whole object or an array (geometry, colours).
const ADDED = {
	chr_navigate: { action: 'str?' },
	qt_models_data: { parentRow: 'int?', parentCol: 'int?' },
	chr_readConsoleMessages: { onlyErrors: 'bool?', includeProbeLog: 'bool?' },
};
const CHANGED = {
	chr_navigate: { ref: 'str?' },
	qt_properties_set: { value: 'str|int|float|bool|dict|list' },
};

export const COUNTS = { native: 32, cu: 13, chrome: 8, all: 53 };
export const OWN = Object.keys(QTMCP).length;	// qtmcp's own tools

// Python type -> the JSON Schema types that admit exactly its values.
const JSON_TYPES = {
	str: ['string'], int: ['integer'], bool: ['boolean'], dict: ['object'], list: ['array'],
	'str|int': ['integer', 'string'],
	'str|int|float|bool': ['boolean', 'number', 'string'],
	'str|int|float|bool|dict|list': ['array', 'boolean', 'number', 'object', 'string'],
};

// The tools of a mode, each with its parameters: { name: { param: 'type?' } }.
export function expectedTools(mode) {
	const app = { native: NATIVE, cu: CU, chrome: CHROME,
	    all: { ...NATIVE, ...CU, ...CHROME } }[mode];
	const out = {};
	for (const [name, params] of Object.entries({ ...QTMCP, ...app }))
		out[name] = { ...params, ...ADDED[name], ...CHANGED[name] };
	return out;
}

// With several targets app is required, except where it only narrows the
// answer (README, "qtmcp's own tools").
const NARROWS = ['qtmcp_status', 'qtmcp_events'];

// The shape of an input schema, to compare with what was expected.
function shapeOf(schema) {
	const params = {};
	for (const [p, s] of Object.entries(schema.properties ?? {}))
		params[p] = [s.type].flat().sort();
	return { type: schema.type, additionalProperties: schema.additionalProperties,
	    params, required: [...(schema.required ?? [])].sort() };
}

function expectedShape(params, apps, appRequired) {
	const shape = { type: 'object', additionalProperties: false, params: {}, required: [] };
	for (const [p, t] of Object.entries(params)) {
		shape.params[p] = JSON_TYPES[t.replace(/\?$/, '')];
		if (!t.endsWith('?'))
			shape.required.push(p);
	}
	if (apps) {
		shape.params.app = ['string'];
		if (appRequired)
			shape.required.push('app');
	}
	shape.required.sort();
	return shape;
}

// tools/list of mode against the lists above: exact names, exact
// parameter names and types, required ones, additionalProperties false;
// with apps (several targets) each tool also takes app, one of apps.
export function checkToolList(tools, mode, { apps = null, tag = mode } = {}) {
	const want = expectedTools(mode);
	is(tools.length, COUNTS[mode] + OWN, `${tag}: ${COUNTS[mode]} + ${OWN} tools`);
	is(tools.map(t => t.name).sort(), Object.keys(want).sort(),
	    `${tag}: the tool names of probe-protocol.md 4.5 and qtmcp's own`);
	const bad = [];
	for (const t of tools) {
		if (!want[t.name])
			continue;
		const got = shapeOf(t.inputSchema);
		const exp = expectedShape(want[t.name], apps, !NARROWS.includes(t.name));
		if (!is(got, exp, `${tag}: ${t.name}: parameters, types, required, no others`))
			bad.push(t.name);
		if (apps)
			is(t.inputSchema.properties.app.enum, apps, `${tag}: ${t.name}: app is one of ${apps}`);
	}
	ok(tools.every(t => typeof t.description === 'string' && t.description.length > 40),
	    `${tag}: every tool has a description for the model`);
	return bad;
}

// The README's tool reference against the same lists: a row for every
// tool of every mode, naming each parameter, required or optional as
// expected, and no other.
export function checkReadme(text) {
	const rows = {};
	for (const line of text.split('\n')) {
		const m = line.match(/^\| `([a-zA-Z_]+)` \| (.*?) \| .* \|$/);
		if (m && !(m[1] in rows))
			rows[m[1]] = m[2];
	}
	const want = expectedTools('all');
	const bad = [];
	for (const [name, params] of Object.entries(want)) {
		let cell = rows[name];
		const as = cell && cell.match(/^as `([a-zA-Z_]+)`$/);
		if (as)
			cell = rows[as[1]];
		if (cell === undefined) {
			bad.push(`${name}: no row`);
			continue;
		}
		const got = {};
		if (cell !== 'none') {
			for (const item of cell.split('<br>')) {
				const [names, rest = ''] = item.split(/:(.*)/s);
				for (const n of names.match(/`[a-zA-Z_]+`/g) ?? [])
					got[n.slice(1, -1)] = /\brequired\b/.test(rest) ? 'required' : 'optional';
			}
		}
		const exp = Object.fromEntries(Object.entries(params).map(([p, t]) =>
		    [p, t.endsWith('?') ? 'optional' : 'required']));
		if (!is(got, exp, `README: ${name}: its parameters, required or optional`))
			bad.push(name);
	}
	is(bad, [], 'README: every tool of every mode, with its parameters');
}

// --- a session ----------------------------------------------------------------

// The INI for two named targets (or more): the test app under the
// double, each on a port of its own.
export function multiConfig(names, { qtmcp = '', env = [], extra = '' } = {}) {
	let ini = `[qtmcp]\nlog_level = debug\n${qtmcp}\n`;
	for (const n of names) {
		ini += `[target ${n}]\ncommand = ${TESTAPP}\nlauncher = ${LAUNCHER}\n` +
		    `probe = ${DOUBLE}\nport = auto\n${extra}`;
		for (const e of env)
			ini += `env = ${e}\n`;
	}
	return ini;
}

// Requests may wait for a restart or a big screenshot: a generous bound,
// longer when qtmcp runs under valgrind.
const TIMEOUT = 120000 * (Number(process.env.QTMCP_TEST_TIMEOUT_SCALE) || 1);

// qtmcp with the SDK client, the test app ready (tools/list waits for
// it), and helpers: call() returns { r, isError, text, json, images }.
export async function session({ mode = 'native', revision = '2025-11-25', qtmcp = '',
    env = [], extra = '', config = null, dir = null } = {}) {
	const s = await startClient({ revision, dir,
	    config: config ?? appConfig({ qtmcp: `mode = ${mode}\n${qtmcp}`, env, extra }) });
	s.tools = (await s.client.listTools(undefined, { timeout: TIMEOUT })).tools;
	s.call = async (name, args = {}, opts = undefined) => {
		const r = await s.client.callTool({ name, arguments: args }, undefined,
		    { timeout: TIMEOUT, ...opts });
		const texts = r.content.filter(c => c.type === 'text').map(c => c.text);
		let json;
		try {
			json = JSON.parse(texts[0]);
		} catch { /* not JSON */ }
		return { r, isError: r.isError === true, text: texts.join('\n'), json,
		    images: r.content.filter(c => c.type === 'image') };
	};
	// A call that must succeed: its JSON.
	s.ok = async (name, args = {}, opts = undefined) => {
		const x = await s.call(name, args, opts);
		if (x.isError)
			throw new Error(`${name} ${JSON.stringify(args)} failed: ${x.text}`);
		return x.json;
	};
	s.id = async (name, extra = {}) => (await s.ok('qt_objects_find', { name, ...extra })).objectId;
	s.get = async (objectId, name, extra = {}) =>
	    (await s.ok('qt_properties_get', { objectId, name, ...extra })).value;
	s.set = (objectId, name, value, extra = {}) =>
	    s.ok('qt_properties_set', { objectId, name, value, ...extra });
	s.target = async (app = null) => {
		const st = await s.ok('qtmcp_status', app ? { app } : {});
		return app ? st.targets.find(t => t.name === app) : st.targets[0];
	};
	return s;
}

// A call that must be refused (isError), naming what re says.
export async function refused(s, name, args, re, desc) {
	const x = await s.call(name, args);
	ok(x.isError, `${desc}: isError`);
	like(x.text, re, `${desc}: the text says why`);
	return x;
}

// The app is the same process as before (a refusal did not kill it) and
// still answers.
export async function sameApp(s, pid, desc, extra = {}) {
	const t = await s.target(extra.app ?? null);
	is([t.state, t.pid, t.restarts], ['ready', pid, 0], `${desc}: the app is still pid ${pid}, ready, never restarted`);
	ok(alive(pid), `${desc}: pid ${pid} is alive`);
}

// The end of every tool test: every message qtmcp wrote is valid against
// the schema of the negotiated revision, and what an old revision lacks
// is absent.
export async function checkMessages(s, tag) {
	const rev = s.transport.received[0].result.protocolVersion;
	is(await s.validate(), [], `${tag}: every message qtmcp wrote is valid against schema-${rev}.json`);
	is(s.transport.errors, [], `${tag}: the SDK client parsed every message`);
	const results = s.transport.received.filter(m => m.result && Array.isArray(m.result.content));
	const lists = s.transport.received.filter(m => m.result && Array.isArray(m.result.tools));
	ok(results.length > 0 && lists.length > 0, `${tag}: tool results and lists were seen`);
	if (rev < '2025-06-18') {
		ok(results.every(m => !('structuredContent' in m.result)),
		    `${tag}: no structuredContent before 2025-06-18`);
		ok(lists.every(m => m.result.tools.every(t => !('title' in t) && !('outputSchema' in t))),
		    `${tag}: no title or outputSchema before 2025-06-18`);
	} else {
		ok(results.some(m => 'structuredContent' in m.result),
		    `${tag}: structuredContent from 2025-06-18`);
		ok(lists.every(m => m.result.tools.every(t => typeof t.title === 'string')),
		    `${tag}: every tool has a title from 2025-06-18`);
	}
	if (rev < '2025-03-26')
		ok(lists.every(m => m.result.tools.every(t => !('annotations' in t))),
		    `${tag}: no annotations before 2025-03-26`);
	else
		ok(lists.every(m => m.result.tools.every(t => typeof t.annotations === 'object')),
		    `${tag}: annotations from 2025-03-26`);
	if (rev < '2025-03-26')
		ok(s.transport.received.every(m => m.method !== 'notifications/progress' ||
		    !('message' in m.params)), `${tag}: no progress message before 2025-03-26`);
}

// --- PNG, read by hand --------------------------------------------------------

const CRC = new Uint32Array(256).map((_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++)
		c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(buf) {
	let c = 0xffffffff;
	for (const b of buf)
		c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

// Decode base64 PNG data: signature, chunks with their CRCs, IHDR first,
// IEND last, the IDAT stream inflated to exactly the size IHDR implies.
// Returns { width, height, bytes } or throws saying what is wrong.
export function pngInfo(base64) {
	const b = Buffer.from(base64, 'base64');
	if (b.toString('base64') !== base64)
		throw new Error('not canonical base64');
	const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	if (!b.subarray(0, 8).equals(sig))
		throw new Error('no PNG signature');
	let off = 8, ihdr = null, end = false;
	const idat = [];
	while (off + 12 <= b.length) {
		const len = b.readUInt32BE(off);
		const type = b.toString('latin1', off + 4, off + 8);
		if (off + 12 + len > b.length)
			throw new Error(`chunk ${type} runs past the end`);
		const data = b.subarray(off + 8, off + 8 + len);
		if (crc32(b.subarray(off + 4, off + 8 + len)) !== b.readUInt32BE(off + 8 + len))
			throw new Error(`bad CRC in chunk ${type}`);
		if (off === 8 && type !== 'IHDR')
			throw new Error('the first chunk is not IHDR');
		if (type === 'IHDR')
			ihdr = { width: data.readUInt32BE(0), height: data.readUInt32BE(4),
			    depth: data[8], colour: data[9], interlace: data[12] };
		else if (type === 'IDAT')
			idat.push(data);
		off += 12 + len;
		if (type === 'IEND') {
			end = true;
			break;
		}
	}
	if (ihdr === null || !end || off !== b.length)
		throw new Error('no IHDR, no IEND, or bytes after IEND');
	const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[ihdr.colour];
	if (channels === undefined)
		throw new Error(`colour type ${ihdr.colour}`);
	const raw = zlib.inflateSync(Buffer.concat(idat));
	const row = 1 + Math.ceil(ihdr.width * channels * ihdr.depth / 8);
	if (ihdr.interlace === 0 && raw.length !== ihdr.height * row)
		throw new Error(`image data of ${raw.length} bytes for ${ihdr.width}x${ihdr.height}`);
	return { width: ihdr.width, height: ihdr.height, bytes: b.length };
}

// The one image of a screenshot result, decoded, or a failed test.
export function imageOf(x, desc) {
	is(x.images.length, 1, `${desc}: one image content`);
	const img = x.images[0];
	if (!img)
		return null;
	is(img.mimeType, 'image/png', `${desc}: image/png`);
	try {
		return pngInfo(img.data);
	} catch (e) {
		ok(false, `${desc}: decodes as PNG`);
		diag(`  ${e.message}`);
		return null;
	}
}

// --- chr trees ----------------------------------------------------------------

export function flatten(node, out = [], depth = 0) {
	out.push({ ...node, depth });
	for (const k of node.children ?? [])
		flatten(k, out, depth + 1);
	return out;
}

// stdout.mjs: qtmcp's stdout carries the protocol only, in valid UTF-8,
// whatever the application and the libraries print.  The probe double's
// app floods its stdout and stderr (fault chatter) with the probe's traffic
// log on and qtmcp logging at debug level, while calls go on; then a plain
// program prints bytes that are not UTF-8, lines cut inside a character,
// and a NUL, and crashes: its output reaches the host, through
// qtmcp_output, the status and the refusal of the next call, as valid
// UTF-8 JSON.

import fs from 'node:fs';
import path from 'node:path';
import { ok, is, like, unlike, done, watchdog, need, lives } from '../lib/tap.mjs';
import { tmpdir, builddir, LAUNCHER } from '../lib/mcp.mjs';
import { qtmcp, launch, control, protocolOnly, utf8, text, isError } from './lib.mjs';

watchdog(300);
await need('ajv');

const MARK = path.join(builddir, 'tests', 'helper', 'libmark.so');

await lives(async () => {
	const raw = await launch({ env: ['QTMCP_DOUBLE_FAULTS=log=1,chatter=5000:200'] });
	await raw.waitState('ready', 60);
	let answered = 0;
	for (let round = 0; round < 3; round++) {
		control(raw, 'chatter=5000:300');
		const calls = [];
		for (let i = 0; i < 50; i++)
			calls.push(i % 2 ? raw.call('qt_ping') : raw.call('qt_objects_find', { name: 'nameEdit' }));
		answered += (await Promise.all(calls)).filter(r => !isError(r)).length;
	}
	is(answered, 150, '150 calls answered while the app floods stdout and stderr');
	const out = JSON.parse(text(await raw.call('qtmcp_output', { lines: 100000, contains: 'chatter' })));
	ok(out.lines.filter(l => l.stream === 'stdout').length >= 250, 'the app\'s stdout went to qtmcp_output (its last output_lines)');
	ok(out.lines.filter(l => l.stream === 'stderr').length >= 250, 'and its stderr');
	is(protocolOnly(raw.lines), null, 'every line of qtmcp\'s stdout is one JSON-RPC message');
	ok(!raw.bytes().includes('\nchatter '), 'none of the app\'s lines on it');
	ok(utf8(raw.bytes()), 'valid UTF-8');
	like(raw.stderr(), /debug: /, 'while qtmcp logged at debug level (on stderr)');
	await raw.close();
}, 'app floods its output');

await lives(async () => {
	const dir = tmpdir('stdout');
	const script = path.join(dir, 'app.sh');
	fs.writeFileSync(script, [
		"printf 'bad \\377\\376 bytes\\n'",
		"printf '%0299d\\342\\202\\254 cut in a euro sign at 300 bytes\\n' 0",
		"printf '%01023d\\303\\251 cut in an e acute at 1024 bytes\\n' 0",
		"printf 'a NUL \\000 inside\\n'",
		"printf 'a sequence cut at the end \\342\\202\\n'",
		"printf 'END\\n'",
		'sleep 0.2',
		'exit 3',
	].join('\n') + '\n');
	const config = `[qtmcp]\nlog_level = debug\nready_timeout = 60s\n[target]\ncommand = /bin/sh\n` +
	    `args = ${script}\nlauncher = ${LAUNCHER}\nprobe = ${MARK}\nport = auto\nrestart = never\n`;
	const raw = qtmcp({ config, dir });
	await raw.initialize();
	await raw.waitLog(/-> crashed/);
	const out = await raw.call('qtmcp_output', { lines: 100, stream: 'stdout' });
	const lines = JSON.parse(text(out)).lines.map(l => l.text);
	ok(lines.includes('bad \ufffd\ufffd bytes'), 'bytes that are not UTF-8 reach qtmcp_output as U+FFFD');
	ok(lines.some(l => /^0{1023}\ufffd$/.test(l)), 'a line cut inside a character ends with U+FFFD');
	ok(lines.includes('a sequence cut at the end \ufffd\ufffd'), 'a truncated sequence too');
	ok(lines.includes('END'), 'and the lines after them are all there');
	const st = JSON.parse(text(await raw.call('qtmcp_status')));
	like(JSON.stringify(st.targets[0].last_exit.last_output), /bad \ufffd\ufffd bytes/, 'the crash report has them too');
	const r = await raw.call('qt_ping');
	ok(isError(r), 'a call to the crashed app is refused');
	like(text(r), /Its last output:/, 'quoting its last output');
	like(text(r), /\| 0{299}\n/, 'a line longer than 300 bytes is cut before the character it would split');
	is(protocolOnly(raw.lines), null, 'every line of qtmcp\'s stdout is one JSON-RPC message');
	ok(utf8(raw.bytes()), 'in valid UTF-8');
	await raw.close();
}, 'output that is not UTF-8');

done();

// tap.mjs: a small Test Anything Protocol producer for the Node.js tests,
// read by automake's tap-driver.sh.  Every test file runs under a
// watchdog, so a hung test fails instead of hanging `make check`.

import { isDeepStrictEqual, inspect } from 'node:util';

let n = 0;
let failed = 0;
let planned = false;

function result(pass, desc) {
	n++;
	if (!pass)
		failed++;
	console.log(`${pass ? '' : 'not '}ok ${n} - ${String(desc).replace(/\n/g, ' ')}`);
	return pass;
}

export function diag(msg) {
	for (const line of String(msg).split('\n'))
		console.log(`# ${line}`);
}

export function ok(cond, desc) {
	return result(!!cond, desc);
}

export function is(got, want, desc) {
	const pass = isDeepStrictEqual(got, want);
	result(pass, desc);
	if (!pass) {
		diag(`  got:  ${inspect(got, { depth: 6, breakLength: Infinity })}`);
		diag(`  want: ${inspect(want, { depth: 6, breakLength: Infinity })}`);
	}
	return pass;
}

export function like(got, pattern, desc) {
	const s = typeof got === 'string' ? got : JSON.stringify(got);
	const pass = s !== undefined && (pattern instanceof RegExp ?
	    pattern.test(s) : s.includes(pattern));
	result(pass, desc);
	if (!pass)
		diag(`  '${String(s).slice(0, 2000)}'\n  does not match ${pattern}`);
	return pass;
}

export function unlike(got, pattern, desc) {
	const s = typeof got === 'string' ? got : JSON.stringify(got);
	const pass = !(pattern instanceof RegExp ? pattern.test(s) :
	    String(s).includes(pattern));
	result(pass, desc);
	if (!pass)
		diag(`  '${String(s).slice(0, 2000)}'\n  matches ${pattern}`);
	return pass;
}

// Run fn; a thrown error is a failed test, not a crash of the file.
export async function lives(fn, desc) {
	try {
		await fn();
		return result(true, desc);
	} catch (e) {
		result(false, desc);
		diag(`  threw: ${e && e.stack ? e.stack : e}`);
		return false;
	}
}

// Expect fn to throw (or reject); returns the error.
export async function throws(fn, desc) {
	try {
		await fn();
	} catch (e) {
		result(true, desc);
		return e;
	}
	result(false, desc);
	diag('  did not throw');
	return undefined;
}

export function skipAll(reason) {
	console.log(`1..0 # SKIP ${reason}`);
	planned = true;
	process.exit(0);
}

export function done() {
	if (planned)
		return;
	planned = true;
	console.log(`1..${n}`);
	process.exitCode = failed ? 1 : 0;
}

// Fail the whole file if it runs longer than seconds (times
// QTMCP_TEST_TIMEOUT_SCALE, for qtmcp under valgrind).
export function watchdog(seconds) {
	seconds *= Number(process.env.QTMCP_TEST_TIMEOUT_SCALE) || 1;
	const t = setTimeout(() => {
		console.log(`Bail out! test file took more than ${seconds} s`);
		process.exit(1);
	}, seconds * 1000);
	t.unref();
}

// Import a test dependency, or skip the file when tests/node_modules is not
// installed (e.g. in a distribution tarball without `npm ci`).
export async function need(module) {
	try {
		return await import(module);
	} catch (e) {
		skipAll(`${module} is not installed: run npm ci --prefix tests`);
	}
}

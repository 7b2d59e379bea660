#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 591:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



/* unused reexport */ __nccwpck_require__(335);
exports.parse = __nccwpck_require__(696);


/***/ }),

/***/ 696:
/***/ ((module) => {



/**
 * @import {
 * 	ControlOperator,
 * 	Env,
 * 	GlobPattern,
 * 	ParseEntry,
 * } from './parse' */

// '<(' and '>(' are process substitution operators and
// can be parsed the same as control operator
var CONTROL = /** @type {const} */ ('(?:') + /** @type {const} */ ([
	'\\|\\|',
	'\\&(?:\\&|>>?)', // `&&`, `&>`, and `&>>`
	';;\\&?', // `;;` and `;;&`
	'[;|]\\&', // `;&` and `|&`
	'\\<\\(',
	'\\<\\<\\<',
	'\\<\\<-',
	'\\<\\<(?!\\()', // `<<(` stays `<` and `<(`, as zsh reads it; other shells reject it
	'>>',
	'>[&|(]', // `>&`, `>|`, and `>(`
	'<[&>]', // `<&` and `<>`
	'[&;()|<>]'
]).join(/** @type {const} */ ('|')) + /** @type {const} */ (')');
var controlRE = new RegExp('^' + CONTROL + '$');
var META = /** @type {const} */ ('|&;()<> \\t');
var SINGLE_QUOTE = /** @type {const} */ ('\'([^\']*?)\'');
// bash ANSI-C quoting, `$'...'`: a backslash escapes the next character, including `'`
var ANSI_C_BODY = '(?:\\\\[\\s\\S]|[^\\\\\'])*?';
var ANSI_C_QUOTE = '\\$\'' + ANSI_C_BODY + '\'';
var ansiCAt = new RegExp('\\$\'' + ANSI_C_BODY + '(?:(\')|\\\\?$)', 'g');
var ANSI_C_LETTERS = 'abeEfnrtv';
var ANSI_C_CHARS = '\x07\b\x1B\x1B\f\n\r\t\v';
var hash = /^#$/;

var SQ = /** @type {const} */ ("'");
var DQ = /** @type {const} */ ('"');
var DS = /** @type {const} */ ('$');

var TOKEN = '';
var mult = /** @type {const} */ (0x100000000); // Math.pow(16, 8);
for (var i = 0; i < 4; i++) {
	TOKEN += (mult * Math.random()).toString(16);
}
var startsWithToken = new RegExp('^' + TOKEN);

/**
 * @param {string} s
 * @param {RegExp} r
 */
function matchAll(s, r) {
	var origIndex = r.lastIndex;

	var matches = [];
	var matchObj;

	while ((matchObj = r.exec(s))) {
		matches[matches.length] = matchObj;
		if (r.lastIndex === matchObj.index) {
			r.lastIndex += 1;
		}
	}

	r.lastIndex = origIndex;

	return matches;
}

/**
 * @param {Env} env
 * @param {string} pre
 * @param {string} key
 */
function getVar(env, pre, key) {
	var r = typeof env === 'function' ? env(key) : env[key];
	if (typeof r === 'undefined' && key != '') {
		r = '';
	} else if (typeof r === 'undefined') {
		r = '$';
	}

	if (typeof r === 'object') {
		return pre + TOKEN + JSON.stringify(r) + TOKEN;
	}
	return pre + r;
}

var ansiCEscape = /\\([0-7]{1,3}|x[\dA-Fa-f]{1,2}|u[\dA-Fa-f]{1,4}|U[\dA-Fa-f]{1,8}|c(?:\\\\|[\s\S])|[abeEfnrtv\\'"?])/g;

/**
 * @param {string} m
 * @param {string} escape
 */
function expandAnsiCEscape(m, escape) {
	var kind = escape.charAt(0);
	if (kind === 'c') {
		var ctrl = escape.charAt(1);
		return ctrl === '?' ? '\x7F' : String.fromCharCode(ctrl.charCodeAt(0) & 0x1F);
	}
	if (kind === 'x' || kind === 'u' || kind === 'U') {
		var cp = parseInt(escape.slice(1), 16);
		if (cp > 0x10FFFF) {
			return m;
		}
		return String.fromCharCode.apply(null, cp > 0xFFFF ? [0xD7C0 + (cp >> 10), 0xDC00 + (cp & 0x3FF)] : [cp]);
	}
	if (kind >= '0' && kind <= '7') {
		return String.fromCharCode(parseInt(escape, 8) & 0xFF);
	}
	var letter = ANSI_C_LETTERS.indexOf(escape);
	return letter < 0 ? escape : ANSI_C_CHARS.charAt(letter);
}

/** @param {string} body */
function expandAnsiC(body) {
	return body.replace(ansiCEscape, expandAnsiCEscape).split('\0')[0]; // like bash, a NUL ends the string
}

/**
 * @param {string} s
 * @param {number} i
 */
function closesAnsiC(s, i) {
	ansiCAt.lastIndex = i;
	return !!(/** @type {RegExpExecArray} */ (ansiCAt.exec(s)))[1];
}

/**
 * @param {string} string
 * @param {Env} [env]
 * @param {{ escape?: string, splitUnquoted?: boolean | string }} [opts]
 * @returns {ParseEntry[]}
 */
function parseInternal(string, env, opts) {
	if (!opts) {
		opts = {};
	}
	var BS = opts.escape || '\\';
	var ifs = opts.splitUnquoted === true ? ' \t\n' : (typeof opts.splitUnquoted === 'string' ? opts.splitUnquoted : '');
	var BAREWORD = '(\\' + BS + '[\'"$\\' + BS + META + ']|\\$\\$|\\$(?!' + ANSI_C_QUOTE.slice(2) + ')|[^\\s\'"$' + META + '])+';
	var DOUBLE_QUOTE = '"(?:\\' + BS + '[\\s\\S]|[^"\\' + BS + '])*"';

	var chunker = new RegExp([
		'(' + CONTROL + ')', // control chars
		'(' + ANSI_C_QUOTE + '|' + BAREWORD + '|' + DOUBLE_QUOTE + '|' + SINGLE_QUOTE + ')+'
	].join('|'), 'g');

	var matches = matchAll(string, chunker);

	if (matches.length === 0) {
		return [];
	}
	if (!env) {
		env = {};
	}

	var commented = false;

	return matches.map(function (match) {
		var s = match[0];
		if (!s || commented) {
			return void undefined;
		}
		if (controlRE.test(s)) {
			return /** @type {ControlOperator} */ ({ op: s });
		}

		// Hand-written scanner/parser for Bash quoting rules:
		//
		// 1. inside single quotes, all characters are printed literally.
		// 2. inside double quotes, all characters are printed literally
		//    except variables prefixed by '$' and backslashes followed by
		//    either a double quote or another backslash.
		// 3. outside of any quotes, backslashes are treated as escape
		//    characters and not printed (unless they are themselves escaped)
		// 4. quote context can switch mid-token if there is no whitespace
		//     between the two quote contexts (e.g. all'one'"token" parses as
		//     "allonetoken")
		/** @type {string | boolean} */
		var quote = false;
		var esc = false;
		var out = '';
		/** @type {string[]} */
		var words = [];
		var sawQuote = false;
		/** @type {number | null} */
		var pendingNw = null;
		var isGlob = false;
		/** @type {number} */
		var i;

		function parseEnvVar() {
			i += 1;
			/** @type {number | RegExpMatchArray | null} */
			var varend;
			/** @type {string} */
			var varname;
			var char = s.charAt(i);

			if (char === '{') {
				i += 1;
				if (s.charAt(i) === '}') {
					throw new Error('Bad substitution: ' + s.slice(i - 2, i + 1));
				}
				// match braces by depth so a nested `${` keeps its inner `}` from ending the outer substitution
				var depth = 1;
				varend = i;
				while (depth > 0 && varend < s.length) {
					if (s.charAt(varend) === '{' && s.charAt(varend - 1) === '$') {
						depth += 1;
					} else if (s.charAt(varend) === '}') {
						depth -= 1;
					}
					varend += 1;
				}
				if (depth !== 0) {
					throw new Error('Bad substitution: ' + s.slice(i));
				}
				varend -= 1;
				varname = s.slice(i, varend);
				i = varend;
			} else if ((/[*@#?$!-]/).test(char)) {
				varname = char;
			} else {
				var slicedFromI = s.slice(i);
				varend = slicedFromI.match(/[^\w\d_]/);
				if (!varend) {
					varname = slicedFromI;
					i = s.length;
				} else {
					varname = slicedFromI.slice(0, varend.index);
					i += /** @type {number} */ (varend.index) - 1;
				}
			}
			return getVar(/** @type {NonNullable<typeof env>} */ (env), '', varname);
		}

		function flushRun() {
			if (pendingNw === null) {
				return;
			}
			if (pendingNw === 0) {
				if (out !== '') {
					words[words.length] = out;
					out = '';
				}
			} else {
				words[words.length] = out;
				out = '';
				for (var fe = 1; fe < pendingNw; fe += 1) {
					words[words.length] = '';
				}
			}
			pendingNw = null;
		}

		for (i = 0; i < s.length; i++) {
			var c = s.charAt(i);
			if (ifs && c !== DS) {
				flushRun();
			}
			isGlob = isGlob || (!quote && (c === '*' || c === '?'));
			if (esc) {
				out += c;
				esc = false;
			} else if (quote) {
				if (c === quote) {
					quote = false;
				} else if (quote == SQ) {
					out += c;
				} else { // Double quote
					if (c === BS) {
						i += 1;
						c = s.charAt(i);
						if (c === DQ || c === BS || c === DS) {
							out += c;
						} else {
							out += BS + c;
						}
					} else if (c === DS) {
						out += parseEnvVar();
					} else {
						out += c;
					}
				}
			} else if (c === DQ || c === SQ) {
				quote = c;
				sawQuote = true;
			} else if (controlRE.test(c)) {
				return /** @type {ControlOperator} */ ({ op: s });
			} else if (hash.test(c)) {
				commented = true;
				var commentObj = { comment: string.slice(match.index + i + 1) };
				if (out.length) {
					return /** @type {const} */ ([out, commentObj]);
				}
				return /** @type {const} */ ([commentObj]);
			} else if (c === BS) {
				esc = true;
			} else if (c === DS && s.charAt(i + 1) === SQ && closesAnsiC(s, i)) {
				flushRun();
				sawQuote = true;
				out += expandAnsiC(s.slice(i + 2, ansiCAt.lastIndex - 1));
				i = ansiCAt.lastIndex - 1;
			} else if (c === DS) {
				var value = parseEnvVar();
				if (!ifs) {
					out += value;
				} else {
					for (var vi = 0; vi < value.length; vi += 1) {
						var vc = value.charAt(vi);
						if (ifs.indexOf(vc) < 0) {
							flushRun();
							out += vc;
						} else if (pendingNw === null) {
							pendingNw = vc === ' ' || vc === '\t' || vc === '\n' ? 0 : 1;
						} else if (vc !== ' ' && vc !== '\t' && vc !== '\n') {
							pendingNw += 1;
						}
					}
				}
			} else {
				out += c;
			}
		}

		if (isGlob) {
			return /** @type {GlobPattern} */ ({ op: 'glob', pattern: out });
		}

		if (ifs) {
			if (pendingNw !== null && pendingNw > 0) {
				words[words.length] = out;
				out = '';
				for (var te = 1; te < pendingNw; te += 1) {
					words[words.length] = '';
				}
			}
			if (out !== '' || (sawQuote && words.length === 0)) {
				words[words.length] = out;
			}
			return words;
		}

		return out;
	}).reduce(function (prev, arg) { // finalize parsed arguments
		if (typeof arg === 'undefined') {
			return prev;
		}
		/** @type {ParseEntry[]} */ ([]).concat(arg).forEach(function (entry) {
			prev[prev.length] = entry;
		});
		return prev;
	}, /** @type {ParseEntry[]} */ ([]));
}

/** @type {typeof import('./parse')} */
module.exports = function parse(s, env, opts) {
	var mapped = parseInternal(s, env, opts);
	if (typeof env !== 'function') {
		return mapped;
	}
	return mapped.reduce(function (acc, s) {
		if (typeof s === 'object') {
			acc[acc.length] = s;
			return acc;
		}
		var xs = s.split(RegExp('(' + TOKEN + '.*?' + TOKEN + ')', 'g'));
		if (xs.length === 1) {
			acc[acc.length] = xs[0];
			return acc;
		}
		xs.filter(Boolean).forEach(function (x) {
			acc[acc.length] = startsWithToken.test(x)
				? JSON.parse(x.split(TOKEN)[1])
				: x;
		});
		return acc;
	}, /** @type {ParseEntry[]} */ ([]));
};


/***/ }),

/***/ 335:
/***/ ((module) => {



/** @import { ControlOperator } from './parse' */

/** @type {ControlOperator['op'][]} */
var OPS = /** @type {const} */ ([
	'||',
	'&&',
	';;&',
	';;',
	';&',
	'|&',
	'<(',
	'>(',
	'<<<',
	'<<-',
	'<<',
	'>>',
	'>&',
	'>|',
	'&>>',
	'&>',
	'<&',
	'<>',
	'&',
	';',
	'(',
	')',
	'|',
	'<',
	'>'
]);
var LINE_TERMINATORS = /[\n\r\u2028\u2029]/;
var GLOB_SHELL_SPECIAL = /[\s#!"$&'():;<=>@\\^`|~]/g;

/** @type {typeof import('./quote')} */
module.exports = function quote(xs) {
	var sawComment = false;
	return xs.map(function (s) {
		if (sawComment && typeof s === 'string' && LINE_TERMINATORS.test(s)) {
			throw new TypeError('a token after a `comment` must not contain line terminators');
		}
		if (s === '') {
			return /** @type {const} */ ('\'\'');
		}
		if (s && typeof s === 'object') {
			if ('op' in s && s.op === 'glob') {
				if (typeof s.pattern !== 'string') {
					throw new TypeError('glob token requires a string `pattern`');
				}
				if (LINE_TERMINATORS.test(s.pattern)) {
					throw new TypeError('glob `pattern` must not contain line terminators');
				}
				if (s.pattern === '') {
					return /** @type {const} */ ('\'\'');
				}
				return s.pattern.replace(GLOB_SHELL_SPECIAL, '\\$&');
			}
			if ('op' in s && typeof s.op === 'string') {
				if (OPS.indexOf(s.op) < 0) {
					throw new TypeError('invalid `op` value: ' + JSON.stringify(s.op));
				}
				return s.op.replace(/[\s\S]/g, '\\$&');
			}
			if ('comment' in s && typeof s.comment === 'string') {
				if (LINE_TERMINATORS.test(s.comment)) {
					throw new TypeError('`comment` must not contain line terminators');
				}
				sawComment = true;
				return '#' + s.comment;
			}
			throw new TypeError('unrecognized object token shape');
		}
		if ((/'/).test(s) && (/!/).test(s)) {
			return "'" + s.replace(/'/g, "'\"'\"'") + "'";
		}
		if ((/["\s\\]/).test(s) && !(/'/).test(s)) {
			return "'" + s + "'";
		}
		if ((/["'\s]/).test(s)) {
			return '"' + s.replace(/(["\\$`])/g, '\\$1') + '"';
		}
		return String(s).replace(/([A-Za-z]:)?([#!"$&'()*,:;<=>?@[\\\]^`{|}~])/g, '$1\\$2');
	}).join(' ');
};


/***/ }),

/***/ 130:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  ak: () => (/* binding */ runCli)
});

// UNUSED EXPORTS: EXIT_CODES, parseFlags

;// CONCATENATED MODULE: ./lib/errors.js
/** A problem with what the user asked for: names the input and says how to fix it. */
class InputError extends Error {
    input;
    constructor(input, message) {
        super(`${input}: ${message}`);
        this.input = input;
        this.name = 'InputError';
    }
}
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./lib/profiles/built-in.js
// Core ML's private engine functions (see README, "Symbol profiles"). They change between OS releases:
// every name here is a guess to verify on the target OS, which is why the report says which resolved.
// Built-in regexes are anchored with ^ so that they do not also match lambdas and templates that
// merely mention the name.
/** Classic Espresso: NeuralNetwork (.mlmodel) models. */
const espresso = {
    name: 'espresso',
    probes: [
        { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient evaluateWithModel:options:request:qos:error:]' },
        { engine: 'ane', role: 'marker', symbol: '-[_ANEModel program]' },
        { engine: 'ane', role: 'marker', regex: '^Espresso::ANERuntimeEngine::' },
        { engine: 'gpu', role: 'dispatch', symbol: 'Espresso::MPSEngine::context::__launch_kernel' },
        { engine: 'gpu', role: 'marker', regex: '^Espresso::MetalLowmemEngine::' },
        { engine: 'cpu', role: 'dispatch', regex: '^Espresso::BNNSEngine::[A-Za-z0-9_]+_kernel::__launch' },
        { engine: 'cpu', role: 'dispatch', regex: '^Espresso::[A-Za-z0-9_]+_kernel_cpu::__launch' },
        { role: 'prediction', symbol: 'Espresso::net::__forward' },
    ],
};
/** E5RT, the "Espresso 5 runtime": ML Program (.mlpackage) models from iOS 17 / macOS 14. */
const e5rt = {
    name: 'e5rt',
    probes: [
        { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]' },
        { engine: 'ane', role: 'marker', symbol: 'E5RT::Ops::Impl::AneInferenceOperationImplUsingAnefAPIs::EvaluateANERequest' },
        { engine: 'ane', role: 'marker', symbol: '-[_ANEModel program]' },
        // The least certain names: both are counted, so that a miss can only understate ANE coverage.
        { engine: 'gpu', role: 'dispatch', symbol: 'E5RT::Ops::MpsGraphInferenceOperation::Impl::ExecuteSync' },
        { engine: 'gpu', role: 'dispatch', symbol: 'E5RT::Ops::MpsGraphInferenceOperation::Impl::SubmitAsync' },
        // The operation's ExecuteSync calls its Impl's: counting the outer one counts each CPU segment once.
        { engine: 'cpu', role: 'dispatch', symbol: 'E5RT::Ops::BnnsCpuInferenceOperation::ExecuteSync' },
        { engine: 'cpu', role: 'dispatch', regex: '^Espresso::[A-Za-z0-9_]+_kernel_cpu::__launch' },
        { role: 'prediction', symbol: '-[MLE5Engine predictionFromFeatures:options:error:]' },
    ],
};
const BUILT_IN_PROFILES = { espresso, e5rt };

;// CONCATENATED MODULE: ./lib/profiles/profile.js



const ENGINES = ['ane', 'gpu', 'cpu'];
const ROLES = ['dispatch', 'marker', 'prediction'];
const PROBE_FIELDS = new Set(['engine', 'role', 'symbol', 'regex']);
/** The text a probe matches on, for messages and reports. */
function probePattern(probe) {
    return probe.symbol ?? probe.regex;
}
function probeKey(probe) {
    return JSON.stringify([probe.engine ?? null, probe.role, probe.symbol ?? null, probe.regex ?? null]);
}
/**
 * Checks a parsed profile. `where` names the file for messages. Names may hold any printable text
 * (LLDB quoting is done when the script is written) but no control character: a newline in a name
 * would end the LLDB command and start another.
 */
function validateProfile(value, where) {
    const fail = (detail) => {
        throw new InputError('symbols', `${where}: ${detail}`);
    };
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        fail('a profile is a JSON object with "name" and "probes"');
    const record = value;
    const name = record.name;
    if (typeof name !== 'string' || name.trim() === '')
        fail('"name" must be a non-empty string');
    checkPrintable(name, '"name"', fail);
    if (!Array.isArray(record.probes) || record.probes.length === 0)
        fail('"probes" must be a non-empty array');
    const probes = record.probes.map((entry, index) => validateProbe(entry, `probe ${index + 1}`, fail));
    if (!probes.some((probe) => probe.role === 'dispatch'))
        fail('no probe has role "dispatch": nothing would be counted');
    if (!probes.some((probe) => probe.role === 'prediction'))
        fail('no probe has role "prediction": the counted window cannot be placed');
    const predictions = probes.filter((probe) => probe.role === 'prediction');
    if (predictions.length > 1 && predictions.some((probe) => probe.regex !== undefined)) {
        fail('a profile has either one prediction "regex" or any number of prediction "symbol"s, not both');
    }
    return { name: name, probes };
}
function validateProbe(entry, label, fail) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
        fail(`${label} must be an object`);
    const probe = entry;
    const describe = () => `${label} (${JSON.stringify(probe.symbol ?? probe.regex ?? '')})`;
    for (const field of Object.keys(probe)) {
        if (!PROBE_FIELDS.has(field))
            fail(`${describe()} has an unknown field "${field}" (allowed: engine, role, symbol, regex)`);
    }
    const role = probe.role;
    if (typeof role !== 'string' || !ROLES.includes(role))
        fail(`${describe()} has role ${JSON.stringify(role)}; use dispatch, marker or prediction`);
    const engine = probe.engine;
    if (engine !== undefined && (typeof engine !== 'string' || !ENGINES.includes(engine))) {
        fail(`${describe()} has engine ${JSON.stringify(engine)}; use ane, gpu or cpu`);
    }
    if (role !== 'prediction' && engine === undefined)
        fail(`${describe()} needs an "engine" (ane, gpu or cpu) for role "${role}"`);
    const hasSymbol = probe.symbol !== undefined;
    const hasRegex = probe.regex !== undefined;
    if (hasSymbol === hasRegex)
        fail(`${describe()} needs exactly one of "symbol" and "regex"`);
    const pattern = hasSymbol ? probe.symbol : probe.regex;
    if (typeof pattern !== 'string' || pattern.trim() === '')
        fail(`${describe()} has an empty ${hasSymbol ? 'symbol' : 'regex'}`);
    // A regex is judged by LLDB itself (POSIX extended syntax): a refusal names this probe.
    checkPrintable(pattern, `${describe()}`, fail);
    const base = { role: role, ...(engine === undefined ? {} : { engine: engine }) };
    return hasSymbol ? { ...base, symbol: pattern } : { ...base, regex: pattern };
}
function checkPrintable(text, what, fail) {
    // eslint-disable-next-line no-control-regex
    const control = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.exec(text);
    if (control) {
        const code = control[0].codePointAt(0).toString(16).padStart(4, '0');
        fail(`${what} contains the control character U+${code.toUpperCase()}; names must be printable text on one line`);
    }
}
/** Merges profiles, keeping the first of any probes that are the same. */
function mergeProfiles(name, profiles) {
    const seen = new Set();
    const probes = [];
    for (const profile of profiles) {
        for (const probe of profile.probes) {
            const key = probeKey(probe);
            if (!seen.has(key)) {
                seen.add(key);
                probes.push(probe);
            }
        }
    }
    return { name, probes };
}
/**
 * `auto`: every built-in profile at once, since the runtime a model uses (classic Espresso or E5RT)
 * is only known once it runs; the report says which probes resolved. A built-in name gives that
 * profile; anything else is the path of a JSON profile.
 */
async function resolveProfile(spec) {
    if (spec === 'auto') {
        const parts = Object.keys(BUILT_IN_PROFILES);
        const merged = mergeProfiles('auto', parts.map((part) => BUILT_IN_PROFILES[part]));
        return { ...merged, source: 'auto', parts };
    }
    if (Object.hasOwn(BUILT_IN_PROFILES, spec)) {
        return { ...BUILT_IN_PROFILES[spec], source: spec, parts: [spec] };
    }
    let text;
    try {
        text = await (0,promises_namespaceObject.readFile)(spec, 'utf8');
    }
    catch (error) {
        const code = error.code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : error.message;
        throw new InputError('symbols', `cannot read the profile '${spec}' (${why}); give auto, ${Object.keys(BUILT_IN_PROFILES).join(', ')} or the path of a JSON profile`);
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        throw new InputError('symbols', `${spec}: not valid JSON (${error.message})`);
    }
    const profile = validateProfile(parsed, spec);
    return { ...profile, source: spec, parts: [profile.name] };
}

;// CONCATENATED MODULE: ./lib/probe/lldb-quote.js
/**
 * Quotes one argument for an LLDB command line. Inside double quotes LLDB takes a backslash before
 * `\`, `"` and the backtick literally; an unescaped backtick would run an expression in the target.
 * A line break cannot be quoted at all: it would end the command, so it is refused.
 */
function quoteLldb(argument) {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/u.test(argument)) {
        throw new Error(`cannot pass ${JSON.stringify(argument)} to LLDB: it contains a control character`);
    }
    return `"${argument.replace(/[\\"`]/gu, (char) => `\\${char}`)}"`;
}

;// CONCATENATED MODULE: ./lib/probe/lldb-script.js

/** Names given to the breakpoints ane-check sets, so that the transcript can be read back by name. */
const BREAKPOINT_NAMES = {
    probe: (index) => `ane_check_probe_${index}`,
    progress: 'ane_check_progress',
    windowStart: 'ane_check_window_start',
    windowEnd: 'ane_check_window_end',
};
/** Aliases whose echo in the transcript marks what the output below them is. */
const ALIASES = {
    predictionSeen: 'ane_check_prediction_seen',
    windowStartSnapshot: 'ane_check_snapshot_window_start',
    finalSnapshot: 'ane_check_snapshot_final',
};
/**
 * The LLDB script of one measurement. Every probe is an auto-continue breakpoint: LLDB counts its hits
 * with no command run per hit, the cheap path. Three more breakpoints sit on the prediction functions:
 * - progress: prints its hit count at every prediction, so that the session can tell when the app
 *   has gone idle;
 * - window start: one-shot, ignores the warm-up predictions, then lists every breakpoint (the start
 *   snapshot) at the entry of the first counted prediction and continues;
 * - window end: ignores warm-up + counted predictions, then stops the target at the entry of the next
 *   prediction. The script then takes the final snapshot and kills the target.
 * If the target exits, crashes or is stopped first, the final snapshot is taken all the same.
 */
function buildLldbScript(probes, window, target) {
    const predictionProbes = probes.filter((probe) => probe.role === 'prediction');
    const predictionWhere = windowLocation(predictionProbes);
    const lines = [
        'settings set auto-confirm true',
        // The debugger's own version, for the report, read from the same run.
        'version',
        ...target.setup,
        `command alias ${ALIASES.predictionSeen} breakpoint list --brief ${BREAKPOINT_NAMES.progress}`,
        `command alias ${ALIASES.windowStartSnapshot} breakpoint list`,
        `command alias ${ALIASES.finalSnapshot} breakpoint list`,
        ...probes.map((probe, index) => `breakpoint set ${probeLocation(probe)} -G true -N ${BREAKPOINT_NAMES.probe(index)}`),
        `breakpoint set ${predictionWhere} -G true -N ${BREAKPOINT_NAMES.progress}`,
        `breakpoint command add -o ${ALIASES.predictionSeen}`,
        `breakpoint set ${predictionWhere} -i ${window.warmup} -o true -G true -N ${BREAKPOINT_NAMES.windowStart}`,
        `breakpoint command add -o ${ALIASES.windowStartSnapshot}`,
        `breakpoint set ${predictionWhere} -i ${window.warmup + window.predictions} -N ${BREAKPOINT_NAMES.windowEnd}`,
        ...target.start,
        ALIASES.finalSnapshot,
        'process kill',
    ];
    return `${lines.join('\n')}\n`;
}
function probeLocation(probe) {
    return probe.symbol !== undefined ? `-n ${quoteLldb(probe.symbol)}` : `-r ${quoteLldb(probe.regex)}`;
}
/** One breakpoint over every prediction probe: several -n, or the one regex (profiles allow no mix). */
function windowLocation(predictionProbes) {
    return predictionProbes.map(probeLocation).join(' ');
}

;// CONCATENATED MODULE: ./lib/analysis/measure.js


/** Turns the two snapshots into counts: dispatches per engine over the counted predictions. */
function measure(input) {
    const { transcript } = input;
    const final = transcript.final;
    if (!final)
        return undefined;
    const start = transcript.windowStart;
    const byName = (snapshot, name) => snapshot?.find((breakpoint) => breakpoint.names.includes(name));
    const windowEndId = byName(final, BREAKPOINT_NAMES.windowEnd)?.id;
    const windowEnd = classifyWindowEnd(input, windowEndId);
    const observed = byName(final, BREAKPOINT_NAMES.progress)?.hitCount ?? 0;
    const counted = windowEnd === 'next-prediction' ? input.predictions : start ? clamp(observed - input.warmup, 0, input.predictions) : 0;
    const engines = Object.fromEntries(ENGINES.map((engine) => [engine, { dispatches: 0, markers: 0, resolved: false }]));
    const countedAddresses = new Set();
    const sharedFunctions = new Set();
    const probes = input.probes.map((probe, index) => {
        const name = BREAKPOINT_NAMES.probe(index);
        const atStart = byName(start, name);
        const result = probeResult(probe, byName(final, name), atStart);
        if (probe.engine === undefined || probe.role === 'prediction')
            return result;
        const engine = engines[probe.engine];
        if (probe.role === 'marker') {
            engine.markers += result.totalHits;
            return result;
        }
        engine.resolved ||= result.locations > 0;
        for (const location of byName(final, name)?.locations ?? []) {
            const key = location.address ?? `${location.module}\`${location.functionName}`;
            if (countedAddresses.has(key)) {
                sharedFunctions.add(location.functionName);
                continue;
            }
            countedAddresses.add(key);
            engine.dispatches += windowHits(location.id, location.hitCount, atStart);
        }
        return result;
    });
    return {
        predictions: { observed, warmup: input.warmup, counted, requested: input.predictions },
        windowOpened: start !== undefined,
        windowEnd,
        engines,
        probes,
        sharedFunctions: [...sharedFunctions],
    };
}
function classifyWindowEnd(input, windowEndId) {
    const end = input.transcript.end;
    if (end.kind === 'stopped-at-breakpoint' && windowEndId !== undefined && end.breakpointIds.includes(windowEndId))
        return 'next-prediction';
    if (end.kind === 'exited')
        return 'exit';
    if (end.kind === 'crashed')
        return 'crash';
    if (input.timedOut)
        return 'timeout';
    if (end.kind === 'interrupted' && input.idleStopped)
        return 'idle';
    return 'unknown';
}
function probeResult(probe, final, start) {
    const locations = (final?.locations ?? []).filter((location) => location.resolved);
    const functions = locations
        .map((location) => ({
        name: location.functionName,
        ...(location.module ? { module: location.module } : {}),
        hits: windowHits(location.id, location.hitCount, start),
        totalHits: location.hitCount,
    }))
        .sort((a, b) => b.hits - a.hits || b.totalHits - a.totalHits || a.name.localeCompare(b.name));
    return {
        probe,
        locations: locations.length,
        hits: functions.reduce((sum, fn) => sum + fn.hits, 0),
        totalHits: functions.reduce((sum, fn) => sum + fn.totalHits, 0),
        functions,
    };
}
/** Hits of one location between the start snapshot and the end; none before the window opened. */
function windowHits(locationId, finalHits, start) {
    if (!start)
        return 0;
    const before = start.locations.find((location) => location.id === locationId)?.hitCount ?? 0;
    return Math.max(0, finalHits - before);
}
function clamp(value, min, max) {
    return Math.min(max, Math.max(min, value));
}

;// CONCATENATED MODULE: ./lib/analysis/verdict.js

/** Percent with one decimal, the precision reported and gated on. */
function roundPercent(value) {
    return Math.round(value * 10) / 10;
}
/**
 * Decides the status. The order matters: a broken run is an `error` whatever it counted; a run that
 * cannot see the ANE, or saw no work, is `inconclusive` (never a 0%); only then do the gates apply.
 */
function decide(measurement, run, gates, baseline) {
    const notes = [];
    const error = (reason) => ({ status: 'error', coverage: null, delta: null, reasons: [reason], notes });
    const inconclusive = (reason) => ({ status: 'inconclusive', coverage: null, delta: null, reasons: [reason], notes });
    if (run.leftRunning.length > 0)
        notes.push(`processes ${run.leftRunning.join(', ')} could not be killed after the run`);
    if (run.spawnError)
        return error(`LLDB could not be started (${run.lldbCommand}): ${run.spawnError}. Install LLDB or set the lldb input to the debugger to run.`);
    const refused = lldbRefusal(run);
    if (refused)
        return error(refused);
    const predictionsSoFar = measurement ? ` after ${measurement.predictions.observed} prediction(s)` : '';
    if (run.timedOut) {
        return error(`The run did not finish within the timeout of ${run.timeoutSeconds} s${predictionsSoFar}; LLDB and the target were killed. Raise timeout, or check that the app runs its predictions.`);
    }
    const end = run.transcript.end;
    if (end.kind === 'crashed')
        return error(`The target crashed (${end.reason})${predictionsSoFar}. Run it outside ane-check to see why.`);
    if (end.kind === 'exited' && end.status !== 0) {
        return error(`The target exited with status ${end.status}${predictionsSoFar}. A measurement needs a run that succeeds.`);
    }
    if (!measurement) {
        const why = run.transcript.errors[0] ?? 'it printed no final breakpoint list';
        return error(`LLDB ended before the measurement was complete: ${why}.`);
    }
    const { predictions, engines } = measurement;
    if (predictions.counted < predictions.requested && predictions.counted > 0) {
        notes.push(`Only ${predictions.counted} of ${predictions.requested} predictions were counted: the app ${describeEnd(measurement.windowEnd)} first.`);
    }
    for (const name of measurement.sharedFunctions)
        notes.push(`${name} matches more than one dispatch probe; it is counted once.`);
    if (!engines.ane.resolved) {
        const aneProbes = run.probes.filter((probe) => probe.engine === 'ane' && probe.role === 'dispatch').map(probePattern);
        return inconclusive(`No ANE dispatch probe resolved (${aneProbes.join(', ') || 'the profile has none'}): ANE work cannot be seen with this profile on this OS. Find the current names (README: "Finding symbols") and give them in a profile.`);
    }
    if (predictions.observed === 0) {
        const names = run.probes.filter((probe) => probe.role === 'prediction').map(probePattern);
        return inconclusive(`No prediction was observed (prediction probes: ${names.join(', ')}): check that the app runs predictions and that the profile's prediction probe resolves.`);
    }
    if (predictions.counted === 0) {
        return inconclusive(`The app ran ${predictions.observed} prediction(s), no more than the warm-up of ${predictions.warmup}, so none was counted. Run more predictions or lower warmup.`);
    }
    const total = ENGINES.reduce((sum, engine) => sum + engines[engine].dispatches, 0);
    if (total === 0) {
        return inconclusive(`No dispatch on any engine was observed in the ${predictions.counted} counted prediction(s): the profile's dispatch probes do not see this model's work.`);
    }
    const blind = ENGINES.filter((engine) => engine !== 'ane' && !engines[engine].resolved);
    if (blind.length === 2) {
        return inconclusive('No GPU or CPU dispatch probe resolved: work off the ANE cannot be seen, so the ANE share would be overstated. Add GPU and CPU probes that resolve on this OS.');
    }
    for (const engine of blind)
        notes.push(`No ${engine.toUpperCase()} dispatch probe resolved: ${engine.toUpperCase()} work, if any, is not counted.`);
    const coverage = roundPercent((engines.ane.dispatches / total) * 100);
    const reasons = [];
    if (coverage < gates.threshold)
        reasons.push(`ANE coverage ${coverage.toFixed(1)}% is below the threshold of ${gates.threshold}%.`);
    let delta = null;
    if (baseline) {
        if (baseline.coverage === null) {
            notes.push(`The baseline (${baseline.name}) has no coverage (it was ${baseline.status}): no comparison.`);
        }
        else {
            delta = roundPercent(coverage - baseline.coverage);
            if (gates.maxDrop !== undefined && -delta > gates.maxDrop) {
                reasons.push(`ANE coverage fell by ${(-delta).toFixed(1)} points against the baseline (${baseline.coverage.toFixed(1)}% to ${coverage.toFixed(1)}%), more than max-drop ${gates.maxDrop}.`);
            }
        }
    }
    return { status: reasons.length > 0 ? 'fail' : 'pass', coverage, delta, reasons, notes };
}
function describeEnd(end) {
    switch (end) {
        case 'exit':
            return 'exited';
        case 'idle':
            return 'went idle';
        default:
            return `stopped (${end})`;
    }
}
/** LLDB stops its script at the first command it refuses: name that command, and the probe if it was one. */
function lldbRefusal(run) {
    const { transcript } = run;
    if (transcript.final || transcript.errors.length === 0)
        return undefined;
    const failed = transcript.commands.at(-1) ?? '';
    const message = transcript.errors[0];
    const probeIndex = /-N ane_check_probe_(\d+)$/u.exec(failed)?.[1];
    const probe = probeIndex === undefined ? undefined : run.probes[Number(probeIndex)];
    if (probe) {
        const kind = probe.symbol !== undefined ? 'symbol' : 'regex';
        return `LLDB refused the probe ${kind} ${JSON.stringify(probePattern(probe))}: ${message}. Fix it in the profile.`;
    }
    if (failed.startsWith('process launch') || failed.startsWith('target create'))
        return `LLDB could not start the program: ${message}.`;
    return `LLDB refused \`${failed}\`: ${message}.`;
}
function describeTargetEnd(end) {
    switch (end.kind) {
        case 'exited':
            return `exited with status ${end.status}`;
        case 'crashed':
            return `crashed: ${end.reason}`;
        case 'interrupted':
            return `stopped by ane-check (${end.reason})`;
        case 'stopped-at-breakpoint':
            return 'stopped at the prediction after the counted window';
        default:
            return null;
    }
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: ./lib/environment.js



const execFileAsync = (0,external_node_util_namespaceObject.promisify)(external_node_child_process_namespaceObject.execFile);
/** `macOS 14.5 (23F79)` on a Mac, `Linux 6.1.0-18-amd64` elsewhere. */
async function describeOs() {
    if (process.platform === 'darwin') {
        const version = await firstLine('sw_vers', ['-productVersion']);
        const build = await firstLine('sw_vers', ['-buildVersion']);
        if (version)
            return `macOS ${version}${build ? ` (${build})` : ''}`;
    }
    return `${external_node_os_namespaceObject.type()} ${external_node_os_namespaceObject.release()} ${external_node_os_namespaceObject.arch()}`;
}
async function firstLine(program, args) {
    try {
        const { stdout } = await execFileAsync(program, args, { timeout: 30_000 });
        return stdout.split('\n').find((line) => line.trim() !== '')?.trim();
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./lib/probe/process-tree.js



const process_tree_execFileAsync = (0,external_node_util_namespaceObject.promisify)(external_node_child_process_namespaceObject.execFile);
/** Every process on the machine, from `ps` (the same flags work on Linux and macOS). */
async function listProcesses() {
    const { stdout } = await process_tree_execFileAsync('ps', ['-A', '-o', 'pid=,ppid=,stat=,comm=']);
    return stdout
        .split('\n')
        .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/u.exec(line))
        .filter((match) => match !== null)
        .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), state: match[3], command: match[4] }));
}
/** The processes below `root`, children before grandchildren. Zombies (already dead) are left out. */
async function descendantsOf(root) {
    const rows = (await listProcesses()).filter((row) => !row.state.startsWith('Z'));
    const found = [];
    let parents = new Set([root]);
    while (parents.size > 0) {
        const children = rows.filter((row) => parents.has(row.ppid));
        found.push(...children.map(({ pid, command }) => ({ pid, command })));
        parents = new Set(children.map((row) => row.pid));
    }
    return found;
}
/** True while `pid` is a live process (a zombie is dead, only not yet reaped by its parent). */
async function isRunning(pid) {
    try {
        process.kill(pid, 0);
    }
    catch {
        return false;
    }
    return !(await processState(pid)).startsWith('Z');
}
/** The state letter(s) of a process: from /proc where there is one (cheap), else from `ps`. */
async function processState(pid) {
    try {
        const stat = await (0,promises_namespaceObject.readFile)(`/proc/${pid}/stat`, 'utf8');
        // pid (comm) state ...: comm may hold spaces and parentheses, so read after the last ')'.
        return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '';
    }
    catch {
        const { stdout } = await process_tree_execFileAsync('ps', ['-o', 'stat=', '-p', String(pid)]).catch(() => ({ stdout: '' }));
        return stdout.trim() || 'Z';
    }
}
function sendSignal(pid, signal) {
    try {
        process.kill(pid, signal);
        return true;
    }
    catch {
        return false;
    }
}
/** The debugger's own helpers, which are not the target: lldb-server on Linux, debugserver on macOS. */
function isDebugServer(command) {
    return /(^|\/)(lldb-server|debugserver)/u.test(command);
}

;// CONCATENATED MODULE: ./lib/probe/lldb-session.js




const DEFAULT_IDLE = { minimumMs: 2_000, gapFactor: 4, withoutGapMs: 10_000 };
/**
 * Runs LLDB in batch mode on a script and returns what it printed. Watches the prediction progress to
 * end the window of an app that has gone idle, enforces the timeout, and makes sure that neither LLDB,
 * its debug server nor the target outlives the call.
 */
async function runLldbSession(options) {
    const idle = options.idle ?? DEFAULT_IDLE;
    const graceMs = options.graceMs ?? 5_000;
    const scriptPath = external_node_path_namespaceObject.join(options.workDir, 'probe.lldb');
    await (0,promises_namespaceObject.writeFile)(scriptPath, options.script, 'utf8');
    const started = Date.now();
    const [program, ...baseArgs] = options.lldb;
    if (!program)
        throw new Error('no LLDB command');
    // -x: no ~/.lldbinit, whose settings could change what the script does or prints.
    const child = (0,external_node_child_process_namespaceObject.spawn)(program, [...baseArgs, '-x', '--batch', '-s', scriptPath], {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        env: options.env ?? process.env,
    });
    const stdout = [];
    const stderr = [];
    let spawnError;
    let timedOut = false;
    let idleStopped = false;
    let finished = false;
    const known = new Map();
    let targetPid = options.targetPid;
    const progress = trackProgress(options.progressCommand, options.finalCommand);
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
        stdout.push(chunk);
        if (progress.read(chunk) && targetPid === undefined)
            void rememberTree();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => stderr.push(chunk));
    const exited = new Promise((resolve) => {
        child.on('error', (error) => {
            spawnError = error.message;
            resolve();
        });
        child.on('close', () => resolve());
    });
    async function rememberTree() {
        if (child.pid === undefined || finished)
            return;
        const tree = await descendantsOf(child.pid).catch(() => []);
        for (const process of tree)
            known.set(process.pid, process);
        targetPid ??= tree.find((process) => !isDebugServer(process.command) && !/(^|\/)lldb(-[\d.]+)?$/u.test(process.command))?.pid;
    }
    async function stopTarget() {
        if (targetPid === undefined)
            await rememberTree();
        if (targetPid !== undefined)
            sendSignal(targetPid, 'SIGSTOP');
    }
    async function killEverything() {
        if (child.pid === undefined)
            return;
        await rememberTree();
        for (const pid of known.keys())
            sendSignal(pid, 'SIGKILL');
        if (targetPid !== undefined)
            sendSignal(targetPid, 'SIGKILL');
        sendSignal(-child.pid, 'SIGKILL');
    }
    const idleTimer = setInterval(() => {
        if (finished || idleStopped || timedOut || !progress.running())
            return;
        const silentFor = Date.now() - progress.lastAt();
        if (silentFor >= progress.idleLimit(idle)) {
            idleStopped = true;
            void stopTarget();
        }
    }, 100);
    let graceTimer;
    const timeoutTimer = setTimeout(() => {
        timedOut = true;
        // Stopping the target lets LLDB take its final snapshot, so the report can still say what
        // resolved; if LLDB does not finish soon after, everything is killed.
        void stopTarget();
        graceTimer = setTimeout(() => void killEverything(), graceMs);
    }, options.timeoutMs);
    // A cancelled job (the runner sends SIGINT, then SIGTERM) must not leave LLDB or the target behind.
    const onCancel = (signal) => {
        process.removeListener('SIGINT', onCancel);
        process.removeListener('SIGTERM', onCancel);
        void killEverything().finally(() => process.kill(process.pid, signal));
    };
    process.once('SIGINT', onCancel);
    process.once('SIGTERM', onCancel);
    await exited;
    process.removeListener('SIGINT', onCancel);
    process.removeListener('SIGTERM', onCancel);
    finished = true;
    clearInterval(idleTimer);
    clearTimeout(timeoutTimer);
    if (graceTimer)
        clearTimeout(graceTimer);
    // LLDB kills the target itself at the end of its script; this covers LLDB dying or being killed.
    const suspects = new Set([...known.keys(), ...(targetPid === undefined ? [] : [targetPid])]);
    if (child.pid !== undefined)
        suspects.add(child.pid);
    const leftRunning = [];
    for (const pid of suspects) {
        if (await isRunning(pid)) {
            sendSignal(pid, 'SIGKILL');
            if (await waitUntilGone(pid))
                continue;
            leftRunning.push(pid);
        }
    }
    return {
        stdout: stdout.join(''),
        stderr: stderr.join(''),
        spawnError,
        timedOut,
        idleStopped,
        leftRunning,
        durationMs: Date.now() - started,
    };
}
async function waitUntilGone(pid) {
    for (let attempt = 0; attempt < 20; attempt++) {
        if (!(await isRunning(pid)))
            return true;
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
}
/** Follows the prediction progress lines as LLDB prints them. */
function trackProgress(progressCommand, finalCommand) {
    let partial = '';
    let afterProgressEcho = false;
    let seen = 0;
    let lastAt = 0;
    let longestGap = 0;
    let done = false;
    return {
        /** Returns true when the first prediction has just been seen. */
        read(chunk) {
            const lines = (partial + chunk).split('\n');
            partial = lines.pop() ?? '';
            let first = false;
            for (const line of lines) {
                if (line.startsWith('(lldb)')) {
                    const command = line.slice('(lldb)'.length).trim();
                    afterProgressEcho = command === progressCommand;
                    if (command === finalCommand)
                        done = true;
                    continue;
                }
                if (afterProgressEcho && line.includes('hit count =')) {
                    const now = Date.now();
                    if (seen > 0)
                        longestGap = Math.max(longestGap, now - lastAt);
                    first ||= seen === 0;
                    seen++;
                    lastAt = now;
                }
                afterProgressEcho = false;
            }
            return first;
        },
        running: () => seen > 0 && !done,
        lastAt: () => lastAt,
        idleLimit: (policy) => seen < 2 ? Math.max(policy.minimumMs, policy.withoutGapMs) : Math.max(policy.minimumMs, policy.gapFactor * longestGap),
    };
}

;// CONCATENATED MODULE: ./lib/probe/transcript.js
/**
 * Reads what LLDB printed during one measurement: the breakpoint snapshots, the prediction progress and
 * how the target's run ended. Written against lldb-14 on Linux and the Xcode LLDB's output, which share
 * these formats. LLDB sends command errors to standard error and everything else to standard output.
 */
const ECHO = /^\(lldb\) {1,2}(.*)$/u;
function parseTranscript(stdout, stderr, markers) {
    const lines = stdout.split(/\r?\n/u);
    const commands = [];
    const progress = [];
    let windowStart;
    let final;
    let end = { kind: 'unknown' };
    let pid;
    let lldbVersion;
    let running = false;
    let ended = false;
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        const echo = ECHO.exec(line);
        if (echo) {
            const command = echo[1].trim();
            commands.push(command);
            if (command === markers.windowStartSnapshot) {
                windowStart = parseBreakpointList(lines, i + 1);
            }
            else if (command === markers.finalSnapshot) {
                final = parseBreakpointList(lines, i + 1);
                ended = true;
            }
            else if (command === markers.predictionSeen) {
                const count = /hit count = (\d+)/u.exec(lines[i + 1] ?? '');
                if (count)
                    progress.push(Number(count[1]));
            }
            else if (command === 'version') {
                lldbVersion ??= lines[i + 1]?.trim() || undefined;
            }
            else if (command.startsWith(markers.startCommand)) {
                running = true;
            }
            continue;
        }
        const launched = /^Process (\d+) (launched|stopped|exited|resuming)/u.exec(line);
        if (launched)
            pid ??= Number(launched[1]);
        if (!running || ended)
            continue;
        const exited = /^Process \d+ exited with status = (-?\d+)/u.exec(line);
        if (exited) {
            end = { kind: 'exited', status: Number(exited[1]) };
            continue;
        }
        const stopReason = /^\* thread #\d+.*, stop reason = (.*)$/u.exec(line);
        if (stopReason && end.kind === 'unknown')
            end = classifyStop(stopReason[1].trim());
    }
    const errors = stderr
        .split(/\r?\n/u)
        .map((line) => /^error: (.*)$/u.exec(line.trim())?.[1])
        .filter((message) => message !== undefined);
    return { commands, windowStart, final, end, pid, progress, errors, lldbVersion };
}
function classifyStop(reason) {
    const breakpoint = /^breakpoint ((?:\d+\.\d+\s*)+)/u.exec(reason);
    if (breakpoint) {
        const ids = breakpoint[1].trim().split(/\s+/u).map((location) => Number(location.split('.')[0]));
        return { kind: 'stopped-at-breakpoint', breakpointIds: [...new Set(ids)] };
    }
    // SIGSTOP is what the session sends to end a window when the app has gone idle or time ran out.
    if (/^signal (SIGSTOP|SIGINT)\b/u.test(reason))
        return { kind: 'interrupted', reason };
    return { kind: 'crashed', reason };
}
const BREAKPOINT_HEADER = /^(\d+): (.*), locations = (\d+)(.*)$/u;
const LOCATION = /^\s+(\d+\.\d+): where = (.*), address = (\S+), (resolved|unresolved), hit count = (\d+)/u;
/** Reads `breakpoint list` output starting at `from`, up to the next echoed command. */
function parseBreakpointList(lines, from) {
    const breakpoints = [];
    let current;
    let section = 'none';
    for (let i = from; i < lines.length; i++) {
        const line = lines[i];
        if (ECHO.test(line))
            break;
        const header = BREAKPOINT_HEADER.exec(line);
        if (header) {
            const tail = header[4];
            current = {
                id: Number(header[1]),
                description: header[2],
                names: [],
                pending: /^\s*\(pending\)/u.test(tail),
                hitCount: Number(/hit count = (\d+)/u.exec(tail)?.[1] ?? 0),
                locations: [],
            };
            breakpoints.push(current);
            section = 'none';
            continue;
        }
        if (!current)
            continue;
        const location = LOCATION.exec(line);
        if (location) {
            const where = splitWhere(location[2]);
            current.locations.push({
                id: location[1],
                ...where,
                address: location[3],
                resolved: location[4] === 'resolved',
                hitCount: Number(location[5]),
            });
            section = 'none';
            continue;
        }
        const trimmed = line.trim();
        if (trimmed === 'Names:')
            section = 'names';
        else if (trimmed === 'Breakpoint commands:')
            section = 'commands';
        else if (trimmed === '')
            section = section === 'names' ? 'none' : section;
        else if (section === 'names')
            current.names.push(trimmed);
    }
    return breakpoints;
}
/** `Espresso`Espresso::net::__forward(int) + 4 at net.cpp:10:5` -> module and function. */
function splitWhere(where) {
    const tick = where.indexOf('`');
    const module = tick > 0 ? where.slice(0, tick) : undefined;
    let functionName = tick > 0 ? where.slice(tick + 1) : where;
    functionName = functionName.replace(/ at [^ ]+:\d+(:\d+)?$/u, '').replace(/ \+ \d+$/u, '');
    return { module, functionName };
}

;// CONCATENATED MODULE: ./lib/report/assemble.js


/** The report of one measurement: the single source of every renderer. */
function assembleReport(input) {
    const { measurement, verdict } = input;
    const counted = measurement?.predictions.counted ?? 0;
    const total = measurement ? ENGINES.reduce((sum, engine) => sum + measurement.engines[engine].dispatches, 0) : 0;
    const engines = Object.fromEntries(ENGINES.map((engine) => {
        const count = measurement?.engines[engine];
        const dispatches = count?.dispatches ?? 0;
        return [
            engine,
            {
                dispatches,
                perPrediction: counted > 0 ? Math.round((dispatches / counted) * 100) / 100 : 0,
                share: total > 0 ? roundPercent((dispatches / total) * 100) : 0,
                markers: count?.markers ?? 0,
                resolved: count?.resolved ?? false,
            },
        ];
    }));
    const probes = (measurement?.probes ?? []).map((result) => ({
        ...(result.probe.engine ? { engine: result.probe.engine } : {}),
        role: result.probe.role,
        ...(result.probe.symbol !== undefined ? { symbol: result.probe.symbol } : { regex: result.probe.regex }),
        resolved: result.locations > 0,
        locations: result.locations,
        hits: result.hits,
        totalHits: result.totalHits,
        functions: result.functions,
    }));
    return {
        schemaVersion: 1,
        name: input.name,
        status: verdict.status,
        coverage: verdict.coverage,
        predictions: measurement?.predictions ?? { observed: 0, warmup: input.warmup, counted: 0, requested: input.predictions },
        engines,
        probes,
        fallbackKernels: fallbackKernels(probes),
        baseline: input.baseline ? { name: input.baseline.name, coverage: input.baseline.coverage, delta: verdict.delta } : null,
        gates: { threshold: input.gates.threshold, maxDrop: input.gates.maxDrop ?? null },
        reasons: verdict.reasons,
        notes: verdict.notes,
        run: input.run,
        environment: input.environment,
    };
}
/** GPU and CPU dispatch functions hit in the counted predictions: what did not run on the ANE. */
function fallbackKernels(probes) {
    const hits = new Map();
    for (const probe of probes) {
        if (probe.role !== 'dispatch' || probe.engine === undefined || probe.engine === 'ane')
            continue;
        for (const fn of probe.functions) {
            if (fn.hits === 0)
                continue;
            const key = `${probe.engine}\u0000${fn.name}`;
            // A function matched by two probes is one kernel: keep its count once.
            if (!hits.has(key))
                hits.set(key, { engine: probe.engine, name: fn.name, hits: fn.hits });
        }
    }
    return [...hits.values()].sort((a, b) => b.hits - a.hits || a.name.localeCompare(b.name));
}

;// CONCATENATED MODULE: ./lib/report/report.js



async function writeReport(file, report) {
    await (0,promises_namespaceObject.mkdir)(external_node_path_namespaceObject.dirname(external_node_path_namespaceObject.resolve(file)), { recursive: true });
    await (0,promises_namespaceObject.writeFile)(file, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
}
/** Reads a report written by ane-check, refusing other schema versions. `input` names the input for messages. */
async function readReport(file, input) {
    let text;
    try {
        text = await (0,promises_namespaceObject.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new InputError(input, `cannot read the report '${file}' (${error.code ?? error.message}); give the path of an ane-check JSON report`);
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        throw new InputError(input, `'${file}' is not valid JSON (${error.message})`);
    }
    const record = parsed;
    if (typeof record !== 'object' || record === null || !('schemaVersion' in record)) {
        throw new InputError(input, `'${file}' is not an ane-check report (no schemaVersion)`);
    }
    if (record.schemaVersion !== 1) {
        throw new InputError(input, `'${file}' has schemaVersion ${JSON.stringify(record.schemaVersion)}; this version of ane-check reads version 1 (update ane-check, or regenerate the report)`);
    }
    if (typeof record.status !== 'string' || (record.coverage !== null && typeof record.coverage !== 'number')) {
        throw new InputError(input, `'${file}' is a damaged report (status or coverage missing)`);
    }
    return record;
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
// EXTERNAL MODULE: ./node_modules/shell-quote/index.js
var shell_quote = __nccwpck_require__(591);
;// CONCATENATED MODULE: ./lib/split-command.js


/**
 * Splits `text` into words the way a POSIX shell would (quotes and backslashes honoured), without
 * running a shell: operators, globs and variables are refused, since nothing would give them meaning.
 */
function splitCommand(input, text) {
    const open = unclosedQuote(text);
    if (open)
        throw new InputError(input, `the ${open} quote is never closed; close it or escape it with a backslash`);
    const variables = [];
    const words = (0,shell_quote.parse)(text, (name) => {
        variables.push(name);
        return '';
    });
    if (variables.length > 0) {
        throw new InputError(input, `$${variables[0]} would not be expanded: no shell runs the command. Write the value itself (in a workflow, \${{ env.${variables[0]} }}) or quote it with single quotes to pass it literally`);
    }
    return words.map((word) => {
        if (typeof word === 'string')
            return word;
        const what = 'comment' in word ? `#${word.comment}` : 'pattern' in word ? word.pattern : word.op;
        throw new InputError(input, `'${what}' is shell syntax, and no shell runs the command; quote it to pass it as an argument, or put the pipeline in a script and give the script`);
    });
}
function unclosedQuote(text) {
    let quote;
    for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (quote === 'single') {
            if (char === "'")
                quote = undefined;
        }
        else if (char === '\\') {
            i++;
        }
        else if (char === '"') {
            quote = quote === 'double' ? undefined : 'double';
        }
        else if (char === "'" && quote === undefined) {
            quote = 'single';
        }
    }
    return quote;
}

;// CONCATENATED MODULE: ./lib/settings.js




const DEFAULT_REPORT = 'ane-report.json';
const TARGETS = ['host', 'simulator', 'device'];
const INPUT_NAMES = [
    'target',
    'command',
    'model',
    'project',
    'workspace',
    'scheme',
    'configuration',
    'app',
    'bundle-id',
    'device',
    'symbols',
    'warmup',
    'predictions',
    'timeout',
    'threshold',
    'max-drop',
    'baseline',
    'name',
    'report',
    'fail-on-inconclusive',
    'lldb',
    'github-token',
];
/** Reads and checks every input once. Throws InputError naming the input and the fix. */
function parseSettings(raw, env) {
    const value = (name) => {
        const text = raw[name]?.trim();
        return text === undefined || text === '' ? undefined : text;
    };
    const target = (value('target') ?? 'host');
    if (!TARGETS.includes(target))
        throw new InputError('target', `'${value('target')}' is not a target; use host, simulator or device`);
    const commandText = value('command');
    const model = value('model');
    if (commandText !== undefined && model !== undefined)
        throw new InputError('command', 'give either command or model, not both');
    let command;
    if (commandText !== undefined) {
        if (target !== 'host')
            throw new InputError('command', `command runs a program on this machine (target: host), not on target: ${target}; give app and bundle-id, or model`);
        command = splitCommand('command', commandText);
        if (command.length === 0)
            throw new InputError('command', 'is empty; give the program to run and its arguments');
        command[0] = findProgram('command', command[0], env);
    }
    else if (target === 'host' && model === undefined) {
        throw new InputError('command', 'target: host needs the program to run (command) or a model (model)');
    }
    const lldbText = value('lldb') ?? (env.platform === 'darwin' ? 'xcrun lldb' : 'lldb');
    const lldb = splitCommand('lldb', lldbText);
    if (lldb.length === 0)
        throw new InputError('lldb', 'is empty; give the debugger to run, e.g. lldb');
    lldb[0] = findProgram('lldb', lldb[0], env, 'install LLDB (Debian/Ubuntu: apt-get install -y lldb; macOS: Xcode command-line tools) or set lldb');
    const threshold = parseNumber('threshold', value('threshold') ?? '0', { min: 0, max: 100, what: 'a percentage from 0 to 100' });
    const maxDropText = value('max-drop');
    const maxDrop = maxDropText === undefined ? undefined : parseNumber('max-drop', maxDropText, { min: 0, max: 100, what: 'percentage points from 0 to 100' });
    const name = value('name') ?? deriveName({ command, model, scheme: value('scheme') });
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/u.test(name))
        throw new InputError('name', 'must be one line of printable text');
    return {
        target,
        command,
        model,
        project: value('project'),
        workspace: value('workspace'),
        scheme: value('scheme'),
        configuration: value('configuration'),
        app: value('app'),
        bundleId: value('bundle-id'),
        device: value('device'),
        symbols: value('symbols') ?? 'auto',
        warmup: parseCount('warmup', value('warmup') ?? '1', 0),
        predictions: parseCount('predictions', value('predictions') ?? '10', 1),
        timeoutSeconds: parseNumber('timeout', value('timeout') ?? '300', { min: 1, max: 86_400, what: 'a number of seconds from 1 to 86400' }),
        threshold,
        maxDrop,
        baseline: value('baseline'),
        name,
        report: value('report') ?? DEFAULT_REPORT,
        failOnInconclusive: parseBoolean('fail-on-inconclusive', value('fail-on-inconclusive') ?? 'true'),
        lldb,
        githubToken: value('github-token'),
    };
}
function parseNumber(input, text, range) {
    const number = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isFinite(number) || number < range.min || number > range.max) {
        throw new InputError(input, `'${text}' is not ${range.what}`);
    }
    return number;
}
function parseCount(input, text, min) {
    if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
        throw new InputError(input, `'${text}' is not a whole number${min > 0 ? ` of at least ${min}` : ' (0 or more)'}`);
    }
    return Number(text);
}
function parseBoolean(input, text) {
    const lower = text.toLowerCase();
    if (lower === 'true')
        return true;
    if (lower === 'false')
        return false;
    throw new InputError(input, `'${text}' is not true or false`);
}
/** The program as an absolute path, found as a shell would (a name without a slash is looked up in PATH). */
function findProgram(input, program, env, fix = 'check the path, or give the program as an absolute path') {
    const candidates = program.includes('/')
        ? [external_node_path_namespaceObject.resolve(env.cwd, program)]
        : env.path.split(external_node_path_namespaceObject.delimiter).filter(Boolean).map((dir) => external_node_path_namespaceObject.join(external_node_path_namespaceObject.resolve(env.cwd, dir), program));
    for (const candidate of candidates) {
        if (isExecutableFile(candidate))
            return candidate;
    }
    const where = program.includes('/') ? `'${candidates[0]}' is not an executable file` : `'${program}' is not found in PATH`;
    throw new InputError(input, `${where}; ${fix}`);
}
function isExecutableFile(file) {
    try {
        if (!(0,external_node_fs_namespaceObject.statSync)(file).isFile())
            return false;
        (0,external_node_fs_namespaceObject.accessSync)(file, external_node_fs_namespaceObject.constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
function deriveName(given) {
    if (given.model)
        return external_node_path_namespaceObject.basename(given.model).replace(/\.(mlpackage|mlmodelc|mlmodel)$/u, '');
    if (given.scheme)
        return given.scheme;
    if (given.command?.[0])
        return external_node_path_namespaceObject.basename(given.command[0]);
    return 'ane-check';
}

;// CONCATENATED MODULE: ./lib/targets/host.js

/**
 * `target: host`: LLDB creates the target and launches it. Arguments are set by our own quoting (not
 * LLDB's command line, which would let a backtick in an argument run an expression). The program's
 * output goes to files, so that nothing it prints can pass for LLDB's output.
 */
function hostCommands(launch) {
    const [program, ...args] = launch.command;
    if (program === undefined)
        throw new Error('no program to launch');
    return {
        setup: [
            `target create ${quoteLldb(program)}`,
            // LLDB refuses `settings set` with no value; a new target has no arguments anyway.
            ...(args.length > 0 ? [`settings set -- target.run-args ${args.map(quoteLldb).join(' ')}`] : []),
        ],
        start: [`process launch -i /dev/null -o ${quoteLldb(launch.stdoutPath)} -e ${quoteLldb(launch.stderrPath)}`],
    };
}

;// CONCATENATED MODULE: ./lib/main.js















/**
 * From raw inputs (Action inputs or command-line flags) to a written report. Refused inputs give an
 * `error` report that names the input, written where `report` says (or the default).
 */
async function runFromInputs(raw, env, options = {}) {
    let settings;
    try {
        settings = parseSettings(raw, env);
    }
    catch (error) {
        if (!(error instanceof InputError))
            throw error;
        const reportPath = raw.report?.trim() || DEFAULT_REPORT;
        const environment = { target: raw.target?.trim() || 'host', os: await describeOs(), lldb: 'not started', profile: raw.symbols?.trim() || 'auto', profiles: [] };
        const report = failedReport({ name: raw.name?.trim() || 'ane-check', warmup: 0, predictions: 0, threshold: 0 }, environment, error.message);
        await writeReport(reportPath, report);
        return { report, reportPath };
    }
    return { report: await runPipeline(settings, options), reportPath: settings.report, settings };
}
/**
 * The whole measurement: profile, target, probe, measurement, verdict, report. Always returns a report
 * (written to settings.report): a problem becomes an `error` or `inconclusive` with its reason.
 */
async function runPipeline(settings, options = {}) {
    const environment = {
        target: settings.target,
        os: await describeOs(),
        lldb: 'not started',
        profile: settings.symbols,
        profiles: [],
        ...(settings.device ? { device: settings.device } : {}),
    };
    let report;
    try {
        report = await measureSettings(settings, environment, options);
    }
    catch (error) {
        if (!(error instanceof InputError))
            throw error;
        report = failedReport(settings, environment, error.message);
    }
    await writeReport(settings.report, report);
    return report;
}
/** A report for a run that never measured: bad input, or an unsupported target. */
function failedReport(settings, environment, reason) {
    const verdict = { status: 'error', coverage: null, delta: null, reasons: [reason], notes: [] };
    return assembleReport({
        name: settings.name,
        verdict,
        warmup: settings.warmup,
        predictions: settings.predictions,
        gates: { threshold: settings.threshold, maxDrop: settings.maxDrop },
        run: { windowEnd: null, targetEnd: null, pid: null, durationMs: 0 },
        environment,
    });
}
async function measureSettings(settings, environment, options) {
    const profile = await resolveProfile(settings.symbols);
    environment.profiles = profile.parts;
    const baseline = settings.baseline ? await loadBaseline(settings.baseline) : undefined;
    if (settings.target !== 'host' || settings.command === undefined) {
        throw new InputError(settings.target !== 'host' ? 'target' : 'model', `${settings.target !== 'host' ? `target: ${settings.target}` : 'model'} is not available in this version of ane-check; use target: host with command`);
    }
    const workDir = await (0,promises_namespaceObject.mkdtemp)(external_node_path_namespaceObject.join(external_node_os_namespaceObject.tmpdir(), 'ane-check-'));
    try {
        return await probeHost(settings, settings.command, profile, baseline, environment, workDir, options);
    }
    finally {
        await (0,promises_namespaceObject.rm)(workDir, { recursive: true, force: true });
    }
}
async function probeHost(settings, command, profile, baseline, environment, workDir, options) {
    const stdoutPath = external_node_path_namespaceObject.join(workDir, 'target-stdout.txt');
    const stderrPath = external_node_path_namespaceObject.join(workDir, 'target-stderr.txt');
    const target = hostCommands({ command, stdoutPath, stderrPath });
    const script = buildLldbScript(profile.probes, { warmup: settings.warmup, predictions: settings.predictions }, target);
    const session = await runLldbSession({
        lldb: settings.lldb,
        script,
        workDir,
        timeoutMs: settings.timeoutSeconds * 1000,
        idle: options.idle,
        progressCommand: ALIASES.predictionSeen,
        finalCommand: ALIASES.finalSnapshot,
    });
    const transcript = parseTranscript(session.stdout, session.stderr, {
        predictionSeen: ALIASES.predictionSeen,
        windowStartSnapshot: ALIASES.windowStartSnapshot,
        finalSnapshot: ALIASES.finalSnapshot,
        startCommand: target.start.at(-1),
    });
    environment.lldb = transcript.lldbVersion ?? 'unknown';
    const measurement = measure({
        probes: profile.probes,
        transcript,
        warmup: settings.warmup,
        predictions: settings.predictions,
        timedOut: session.timedOut,
        idleStopped: session.idleStopped,
    });
    const verdict = decide(measurement, {
        spawnError: session.spawnError,
        lldbCommand: settings.lldb.join(' '),
        timedOut: session.timedOut,
        timeoutSeconds: settings.timeoutSeconds,
        idleStopped: session.idleStopped,
        leftRunning: session.leftRunning,
        transcript,
        probes: profile.probes,
    }, { threshold: settings.threshold, maxDrop: settings.maxDrop }, baseline);
    if (verdict.status === 'error') {
        const tail = await lastLines(stderrPath, 5);
        if (tail)
            verdict.notes.push(`The target's last error output: ${tail}`);
    }
    return assembleReport({
        name: settings.name,
        verdict,
        measurement,
        warmup: settings.warmup,
        predictions: settings.predictions,
        gates: { threshold: settings.threshold, maxDrop: settings.maxDrop },
        ...(baseline ? { baseline: { name: baseline.name, coverage: baseline.coverage } } : {}),
        run: {
            windowEnd: measurement?.windowEnd ?? null,
            targetEnd: describeTargetEnd(transcript.end),
            pid: transcript.pid ?? null,
            durationMs: session.durationMs,
        },
        environment,
    });
}
async function loadBaseline(file) {
    const report = await readReport(file, 'baseline');
    return { name: report.name, status: report.status, coverage: report.coverage };
}
async function lastLines(file, count) {
    try {
        const text = (await (0,promises_namespaceObject.readFile)(file, 'utf8')).trim();
        return text === '' ? undefined : text.split('\n').slice(-count).join(' / ');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        return `(unreadable: ${errorMessage(error)})`;
    }
}

;// CONCATENATED MODULE: ./lib/report/format.js
const STATUS_LABEL = {
    pass: 'pass',
    fail: 'FAIL',
    inconclusive: 'inconclusive',
    error: 'ERROR',
};
const ENGINE_LABEL = { ane: 'ANE', gpu: 'GPU', cpu: 'CPU' };
const DISPATCH_NOTE = 'One ANE dispatch runs a whole segment of the model; one GPU or CPU dispatch is usually a single kernel. Shares compare dispatches, not time.';
function formatPercent(value) {
    return value === null ? 'not measured' : `${value.toFixed(1)}%`;
}
/** `▼ 5.0 pp` against the baseline, or undefined without one. */
function formatDelta(report) {
    const delta = report.baseline?.delta;
    if (delta === null || delta === undefined)
        return undefined;
    const arrow = delta > 0 ? '▲' : delta < 0 ? '▼' : '=';
    return `${arrow} ${Math.abs(delta).toFixed(1)} pp`;
}
function describeWindow(report) {
    const { predictions, run } = report;
    const closed = run.windowEnd ? `, window closed by ${run.windowEnd}` : '';
    return `${predictions.counted} of ${predictions.observed} observed predictions counted (warm-up ${predictions.warmup}${closed})`;
}
function unresolvedProbes(report) {
    return report.probes.filter((probe) => !probe.resolved);
}

;// CONCATENATED MODULE: ./lib/report/terminal.js


/** The report as plain text for a terminal. */
function renderTerminal(report) {
    const out = [];
    const delta = formatDelta(report);
    out.push(`ane-check: ${report.name}: ${STATUS_LABEL[report.status]}`);
    out.push(`ANE coverage: ${formatPercent(report.coverage)} (threshold ${report.gates.threshold}%${report.gates.maxDrop !== null ? `, max drop ${report.gates.maxDrop} pp` : ''})` +
        (report.baseline ? `, baseline ${formatPercent(report.baseline.coverage)}${delta ? ` ${delta}` : ''}` : ''));
    for (const reason of report.reasons)
        out.push(`  - ${reason}`);
    if (report.predictions.counted > 0) {
        out.push('', table(['engine', 'dispatches', 'per prediction', 'share'], ENGINES.map((engine) => {
            const count = report.engines[engine];
            return [ENGINE_LABEL[engine] + (count.resolved ? '' : ' (no probe)'), String(count.dispatches), String(count.perPrediction), `${count.share.toFixed(1)}%`];
        })));
        out.push(DISPATCH_NOTE, `Predictions: ${describeWindow(report)}.`);
    }
    if (report.fallbackKernels.length > 0) {
        out.push('', 'Fallback kernels:', table(['engine', 'function', 'hits'], report.fallbackKernels.map((k) => [ENGINE_LABEL[k.engine], k.name, String(k.hits)])));
    }
    const unresolved = unresolvedProbes(report);
    if (unresolved.length > 0) {
        out.push('', 'Probes that did not resolve:');
        for (const probe of unresolved)
            out.push(`  - ${probe.symbol ?? `regex ${probe.regex}`} (${probe.engine ? `${ENGINE_LABEL[probe.engine]} ` : ''}${probe.role})`);
    }
    if (report.notes.length > 0) {
        out.push('', 'Notes:');
        for (const note of report.notes)
            out.push(`  - ${note}`);
    }
    const env = report.environment;
    out.push('', `${env.target} · ${env.os} · ${env.lldb} · profile ${env.profile}${env.profiles.length ? ` (${env.profiles.join(', ')})` : ''}`);
    // Names come from the target's binaries: no escape sequence of theirs reaches the terminal.
    // eslint-disable-next-line no-control-regex
    return `${out.join('\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/gu, '?')}\n`;
}
function table(header, rows) {
    const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
    const numeric = (column) => column > 0 && rows.every((row) => /^[\d.%]+$/u.test(row[column] ?? ''));
    const line = (cells) => cells.map((cell, column) => (numeric(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
    return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

;// CONCATENATED MODULE: ./lib/cli-run.js




const USAGE = `Usage: ane-check --command "<program> [args]" [--flag value ...]

Runs a program under LLDB with breakpoints on Core ML's engine functions and reports how much of the
model ran on the Apple Neural Engine. Every input of the GitHub Action is a flag (--flag value or
--flag=value):
${INPUT_NAMES.filter((name) => name !== 'github-token').map((name) => `  --${name}`).join('\n')}

Exit status: 0 pass, 1 fail or error, 2 inconclusive.`;
/** Exit codes of the command line. */
const EXIT_CODES = { pass: 0, fail: 1, error: 1, inconclusive: 2 };
function parseFlags(argv) {
    const raw = {};
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === '--help' || arg === '-h')
            return 'help';
        const match = /^--([a-z-]+)(?:=(.*))?$/su.exec(arg);
        if (!match || !INPUT_NAMES.includes(match[1]))
            throw new InputError(arg, 'is not a flag of ane-check; see ane-check --help');
        const name = match[1];
        const value = match[2] ?? argv[++i];
        if (value === undefined)
            throw new InputError(`--${name}`, 'needs a value');
        raw[name] = value;
    }
    return raw;
}
/** Runs the command line; returns the exit code. */
async function runCli(argv) {
    let raw;
    try {
        raw = parseFlags(argv);
    }
    catch (error) {
        process.stderr.write(`ane-check: ${errorMessage(error)}\n`);
        return EXIT_CODES.error;
    }
    if (raw === 'help') {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    const { report, reportPath } = await runFromInputs(raw, { platform: process.platform, path: process.env.PATH ?? '', cwd: process.cwd() });
    process.stdout.write(renderTerminal(report));
    process.stdout.write(`Report written to ${reportPath}\n`);
    return EXIT_CODES[report.status];
}


/***/ }),

/***/ 69:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _cli_run_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(130);
// The command line: `ane-check --command "..." --threshold 50`.

// A reader that stops early (`ane-check ... | head`) is not an error of ours.
process.stdout.on('error', (error) => {
    if (error.code !== 'EPIPE')
        throw error;
});
process.exitCode = await (0,_cli_run_js__WEBPACK_IMPORTED_MODULE_0__/* .runCli */ .ak)(process.argv.slice(2));

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(69);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 

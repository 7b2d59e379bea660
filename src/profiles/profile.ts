import { readFile } from 'node:fs/promises';

import { InputError } from '../errors.js';
import { BUILT_IN_PROFILES, type BuiltInProfileName } from './built-in.js';
import { chooseAutoProfile } from './by-platform.js';

export type Engine = 'ane' | 'gpu' | 'cpu';
export type Role = 'dispatch' | 'marker' | 'prediction';
export const ENGINES: readonly Engine[] = ['ane', 'gpu', 'cpu'];
const ROLES: readonly Role[] = ['dispatch', 'marker', 'prediction'];

/**
 * One breakpoint: a full function name (`symbol`, LLDB's `-n`) or a regular expression (`-r`), searched in
 * one module (`module`, LLDB's `-s`: `Espresso`, `AppleNeuralEngine`, `CoreML`) or, without it, in every
 * loaded image. `runtimes` is set by `auto` only: the built-in profiles (runtimes) the probe belongs to;
 * a probe without it belongs to every runtime of its profile.
 */
export type Probe = ({ symbol: string; regex?: undefined } | { regex: string; symbol?: undefined }) & {
  engine?: Engine;
  role: Role;
  module?: string;
  runtimes?: readonly string[];
};

export interface Profile {
  name: string;
  probes: Probe[];
}

/** The profile a run uses, and where it came from (`auto`, a built-in name or a file). */
export interface ResolvedProfile extends Profile {
  source: string;
  /** The built-in profiles merged into this one, for `auto`. */
  parts: string[];
}

const PROBE_FIELDS = new Set(['engine', 'role', 'symbol', 'regex', 'module']);

/** The text a probe matches on, for messages and reports. */
export function probePattern(probe: Probe): string {
  return probe.symbol ?? probe.regex;
}

export function probeKey(probe: Probe): string {
  return JSON.stringify([probe.engine ?? null, probe.role, probe.symbol ?? null, probe.regex ?? null, probe.module ?? null]);
}

/**
 * Checks a parsed profile. `where` names the file for messages. Names may hold any printable text
 * (LLDB quoting is done when the script is written) but no control character: a newline in a name
 * would end the LLDB command and start another.
 */
export function validateProfile(value: unknown, where: string): Profile {
  const fail = (detail: string): never => {
    throw new InputError('symbols', `${where}: ${detail}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('a profile is a JSON object with "name" and "probes"');
  const record = value as Record<string, unknown>;
  const name = record.name;
  if (typeof name !== 'string' || name.trim() === '') fail('"name" must be a non-empty string');
  checkPrintable(name as string, '"name"', fail);
  if (!Array.isArray(record.probes) || record.probes.length === 0) fail('"probes" must be a non-empty array');

  const probes = (record.probes as unknown[]).map((entry, index) => validateProbe(entry, `probe ${index + 1}`, fail));
  if (!probes.some((probe) => probe.role === 'dispatch')) fail('no probe has role "dispatch": nothing would be counted');
  if (!probes.some((probe) => probe.role === 'prediction')) fail('no probe has role "prediction": the counted window cannot be placed');
  const predictions = probes.filter((probe) => probe.role === 'prediction');
  if (predictions.length > 1 && predictions.some((probe) => probe.regex !== undefined)) {
    fail('a profile has either one prediction "regex" or any number of prediction "symbol"s, not both');
  }
  return { name: name as string, probes };
}

function validateProbe(entry: unknown, label: string, fail: (detail: string) => never): Probe {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(`${label} must be an object`);
  const probe = entry as Record<string, unknown>;
  const describe = () => `${label} (${JSON.stringify(probe.symbol ?? probe.regex ?? '')})`;
  for (const field of Object.keys(probe)) {
    if (!PROBE_FIELDS.has(field)) fail(`${describe()} has an unknown field "${field}" (allowed: engine, role, symbol, regex, module)`);
  }
  const role = probe.role;
  if (!ROLES.includes(role as Role)) fail(`${describe()} has role ${JSON.stringify(role)}; use dispatch, marker or prediction`);
  const engine = probe.engine;
  if (engine !== undefined && !ENGINES.includes(engine as Engine)) {
    fail(`${describe()} has engine ${JSON.stringify(engine)}; use ane, gpu or cpu`);
  }
  if (role !== 'prediction' && engine === undefined) fail(`${describe()} needs an "engine" (ane, gpu or cpu) for role "${role as string}"`);
  const hasSymbol = probe.symbol !== undefined;
  const hasRegex = probe.regex !== undefined;
  if (hasSymbol === hasRegex) fail(`${describe()} needs exactly one of "symbol" and "regex"`);
  const pattern = hasSymbol ? probe.symbol : probe.regex;
  if (typeof pattern !== 'string' || pattern.trim() === '') fail(`${describe()} has an empty ${hasSymbol ? 'symbol' : 'regex'}`);
  // A regex is judged by LLDB itself (POSIX extended syntax): a refusal names this probe.
  checkPrintable(pattern as string, `${describe()}`, fail);
  const module = probe.module;
  if (module !== undefined && (typeof module !== 'string' || module.trim() === '' || module.includes('/'))) {
    fail(`${describe()} has module ${JSON.stringify(module)}; give the image's file name without a folder (Espresso, AppleNeuralEngine, CoreML)`);
  }
  if (module !== undefined) checkPrintable(module as string, `${describe()}'s module`, fail);
  const base = { role: role as Role, ...(engine === undefined ? {} : { engine: engine as Engine }), ...(module === undefined ? {} : { module: module as string }) };
  return hasSymbol ? { ...base, symbol: pattern as string } : { ...base, regex: pattern as string };
}

function checkPrintable(text: string, what: string, fail: (detail: string) => never): void {
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.exec(text);
  if (control) {
    const code = control[0].codePointAt(0)!.toString(16).padStart(4, '0');
    fail(`${what} contains the control character U+${code.toUpperCase()}; names must be printable text on one line`);
  }
}

/**
 * Merges profiles into one whose probes say which of them (runtimes) they came from: a probe that is in
 * several is kept once and belongs to each. The measurement counts a prediction's dispatches with the
 * probes of the runtime whose prediction probe opened it.
 */
export function mergeProfiles(name: string, profiles: Profile[]): Profile {
  const byKey = new Map<string, Probe>();
  for (const profile of profiles) {
    for (const probe of profile.probes) {
      const key = probeKey(probe);
      const known = byKey.get(key);
      byKey.set(key, { ...probe, runtimes: [...(known?.runtimes ?? []), profile.name] });
    }
  }
  return { name, probes: [...byKey.values()] };
}

/**
 * `auto`: the built-in profile of the runtime that will run the model when the OS and the model say
 * which (profiles/by-platform.ts), or both at once, since otherwise the runtime is only known once it
 * runs; the report says which probes resolved. A built-in name gives that profile; anything else is the
 * path of a JSON profile.
 */
export async function resolveProfile(spec: string, context: { os?: string; model?: string } = {}): Promise<ResolvedProfile> {
  if (spec === 'auto') {
    const choice = chooseAutoProfile(context.os, context.model);
    const parts = choice === 'both' ? (Object.keys(BUILT_IN_PROFILES) as BuiltInProfileName[]) : [choice];
    const merged = mergeProfiles('auto', parts.map((part) => BUILT_IN_PROFILES[part]));
    return { ...merged, source: 'auto', parts };
  }
  if (Object.hasOwn(BUILT_IN_PROFILES, spec)) {
    return { ...BUILT_IN_PROFILES[spec as BuiltInProfileName], source: spec, parts: [spec] };
  }
  let text: string;
  try {
    text = await readFile(spec, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new InputError(
      'symbols',
      `cannot read the profile '${spec}' (${why}); give auto, ${Object.keys(BUILT_IN_PROFILES).join(', ')} or the path of a JSON profile`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError('symbols', `${spec}: not valid JSON: ${describeJsonError(text, error as Error)}; fix the file there`);
  }
  const profile = validateProfile(parsed, spec);
  return { ...profile, source: spec, parts: [profile.name] };
}

/**
 * A JSON.parse error with the line and column it happened at, and the line itself, so that the fix is found
 * without counting characters. Node 20 names the offset of some errors and only quotes the text for others.
 */
export function describeJsonError(text: string, error: Error): string {
  const message = error.message.replace(/ in JSON at position.*/su, '').replace(/^(Unexpected token .+?), .*is not valid JSON$/su, '$1');
  const offset = Number(/at position (\d+)/u.exec(error.message)?.[1] ?? firstBadOffset(text));
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const source = text.split('\n')[line - 1]!;
  return `${message} at line ${line}, column ${column} (${JSON.stringify(source.length > 80 ? `${source.slice(0, 80)}…` : source)})`;
}

/** Where parsing first fails for a reason other than the text ending there (found by bisection), or the end. */
function firstBadOffset(text: string): number {
  const failsOnlyAtEnd = (length: number) => {
    try {
      JSON.parse(text.slice(0, length));
      return true;
    } catch (error) {
      const message = (error as Error).message;
      const at = /at position (\d+)/u.exec(message)?.[1];
      return /end of JSON input/u.test(message) || (at !== undefined && Number(at) >= length);
    }
  };
  if (failsOnlyAtEnd(text.length)) return text.length;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsOnlyAtEnd(middle)) low = middle + 1;
    else high = middle;
  }
  return Math.max(0, low - 1);
}

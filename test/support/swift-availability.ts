/**
 * A check over Swift source, for the harness that cannot be compiled here: every use of an API newer than the
 * build's deployment target must sit in an availability context that covers it (a declaration marked
 * `@available(macOS X, iOS Y, *)`, an `if #available(...)` block, the rest of a scope after `guard #available`),
 * and every use of an API that only newer SDKs declare inside `#if compiler(>=N)`. It reads braces, not Swift's
 * grammar: enough for the harness's plain code, and checked on small cases of its own (test/swift-availability.test.ts).
 */

export type Platform = 'macOS' | 'iOS';

/** An API and when it appeared: `since` per platform, and the compiler whose SDK first declares it. */
export interface ApiAvailability {
  /** The identifier as it is written in source (`MLComputePlan`, `availableComputeDevices`). */
  name: string;
  since: Record<Platform, string>;
  /** `#if compiler(>=N)` must enclose every use: the SDK that declares the API comes with that compiler. */
  sdkCompiler?: string;
  /** Apple's documentation page that gives the availability. */
  source: string;
}

export interface AvailabilityProblem {
  name: string;
  line: number;
  problem: string;
}

type Versions = Partial<Record<Platform, number[]>>;

/** The problems of `source` built for these deployment targets (`{ macOS: '13.0' }`); empty when there are none. */
export function checkAvailability(source: string, apis: readonly ApiAvailability[], targets: Partial<Record<Platform, string>>): AvailabilityProblem[] {
  const { code, compilerRegions } = blankCommentsStringsAndDirectives(source);
  const problems: AvailabilityProblem[] = [];
  const names = new Map(apis.map((api) => [api.name, api]));
  // Each open brace: the availability inside it, and for `guard #available ... else {` what the enclosing scope gains after it.
  const scopes: { versions: Versions; afterClose?: Versions }[] = [{ versions: {} }];
  let statementStart = 0;
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  const identifier = /[A-Za-z_][A-Za-z0-9_]*/uy;
  for (let i = 0; i < code.length; i++) {
    const char = code[i]!;
    if (char === '{') {
      const statement = code.slice(statementStart, i);
      const refined = availabilityIn(statement);
      const current = scopes.at(-1)!.versions;
      if (/^\s*guard\b/u.test(statement)) scopes.push({ versions: current, afterClose: merge(current, refined) });
      else scopes.push({ versions: merge(current, refined) });
      statementStart = i + 1;
    } else if (char === '}') {
      const closed = scopes.length > 1 ? scopes.pop()! : undefined;
      if (closed?.afterClose) scopes.at(-1)!.versions = closed.afterClose;
      statementStart = i + 1;
    } else if (char === ';') {
      statementStart = i + 1;
    } else if (/[A-Za-z_]/u.test(char) && (i === 0 || !/[A-Za-z0-9_]/u.test(code[i - 1]!))) {
      identifier.lastIndex = i;
      const word = identifier.exec(code)![0];
      const api = names.get(word);
      if (api) {
        const context = merge(scopes.at(-1)!.versions, availabilityIn(code.slice(statementStart, i)));
        for (const [platform, target] of Object.entries(targets) as [Platform, string][]) {
          const needed = parseVersion(api.since[platform]);
          if (compare(needed, parseVersion(target)) <= 0) continue;
          const have = context[platform];
          if (!have || compare(have, needed) < 0) {
            problems.push({ name: word, line: lineOf(i), problem: `${platform} ${api.since[platform]} API outside an availability context (the build targets ${platform} ${target})` });
          }
        }
        if (api.sdkCompiler && !compilerRegions.some((region) => region.from <= i && i < region.to && compare(region.atLeast, parseVersion(api.sdkCompiler!)) >= 0)) {
          problems.push({ name: word, line: lineOf(i), problem: `declared only by SDKs of Swift ${api.sdkCompiler} and later, but not inside #if compiler(>=${api.sdkCompiler})` });
        }
      }
      i += word.length - 1;
    }
  }
  return problems;
}

/** The versions named by `@available(...)` and `#available(...)` in a statement, the highest for each platform. */
function availabilityIn(statement: string): Versions {
  let versions: Versions = {};
  for (const spec of statement.matchAll(/[@#]available\(([^)]*)\)/gu)) {
    for (const part of spec[1]!.split(',')) {
      const named = /^\s*(macOS|iOS)\s+(\d+(?:\.\d+)*)\s*$/u.exec(part);
      if (named) versions = merge(versions, { [named[1] as Platform]: parseVersion(named[2]!) });
    }
  }
  return versions;
}

function merge(a: Versions, b: Versions): Versions {
  const merged: Versions = { ...a };
  for (const [platform, version] of Object.entries(b) as [Platform, number[]][]) {
    const had = merged[platform];
    merged[platform] = had && compare(had, version) >= 0 ? had : version;
  }
  return merged;
}

function parseVersion(text: string): number[] {
  return text.split('.').map(Number);
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * The source with comments, string literals (interpolations included) and `#if`/`#else`/`#endif` lines blanked
 * out, same length, so that positions still match; and where `#if compiler(>=N)` holds (its first branch).
 */
function blankCommentsStringsAndDirectives(source: string): { code: string; compilerRegions: { from: number; to: number; atLeast: number[] }[] } {
  // UTF-16 units, as the string's own indices count.
  const chars = source.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (chars[k] !== '\n') chars[k] = ' ';
  };
  for (let i = 0; i < chars.length; i++) {
    if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      blank(i, end < 0 ? source.length : end);
      i = end < 0 ? source.length : end;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      blank(i, end < 0 ? source.length : end + 2);
      i = end < 0 ? source.length : end + 1;
    } else if (source.startsWith('"""', i)) {
      const end = source.indexOf('"""', i + 3);
      blank(i, end < 0 ? source.length : end + 3);
      i = end < 0 ? source.length : end + 2;
    } else if (source[i] === '"') {
      let k = i + 1;
      while (k < source.length && source[k] !== '"' && source[k] !== '\n') k += source[k] === '\\' ? 2 : 1;
      blank(i, k + 1);
      i = k;
    }
  }
  const compilerRegions: { from: number; to: number; atLeast: number[] }[] = [];
  const open: { from: number; atLeast?: number[] }[] = [];
  let offset = 0;
  for (const line of source.split('\n')) {
    const directive = /^\s*#(if|elseif|else|endif)\b(.*)$/u.exec(line);
    if (directive) {
      const [, kind, rest] = directive;
      if (kind === 'if') {
        const atLeast = /^\s*compiler\(>=\s*(\d+(?:\.\d+)*)\)\s*$/u.exec(rest!)?.[1];
        open.push({ from: offset + line.length, ...(atLeast ? { atLeast: parseVersion(atLeast) } : {}) });
      } else {
        const region = kind === 'endif' ? open.pop() : open.at(-1);
        if (region?.atLeast) compilerRegions.push({ from: region.from, to: offset, atLeast: region.atLeast });
        // Past `#else` the condition no longer holds.
        if (region && kind !== 'endif') delete region.atLeast;
      }
      blank(offset, offset + line.length);
    }
    offset += line.length + 1;
  }
  return { code: chars.join(''), compilerRegions };
}

/**
 * MIL as text: the `model.mil` of a compiled ML program (`.mlmodelc`), which Core ML's compiler writes and no
 * public schema describes. The grammar below is read off the files: a `program(1.0)` header with optional
 * `[attributes]`, then `func main<ios16>(tensor<fp16, [1, 64]> x) { ... } -> (y);` with one op a line,
 * `tensor<fp16, [1, 64]> y = linear(x = x, weight = w)[name = string("y")];`, values written as
 * `tensor<int32, [2]>([1, 1])`, `int32(1)`, `string("same")` or `tensor<fp16, [64]>(BLOBFILE(path = ..., offset =
 * uint64(64)))`. Nested blocks (`cond`, `while_loop`) follow their op as `name(params) { ... } -> (outputs)`.
 * It yields the same facts as the protobuf form: op types, bindings, output types, small values.
 */
import type { BlockStep, Binding, DataType, Dim, FunctionFacts, NamedValue, OperationFacts, ProgramFacts, Scalar, ValueFacts, ValueType } from '../facts.js';
import { SMALL_VALUE_ELEMENTS } from '../facts.js';
import { functionFacts, operationName } from './function-facts.js';
import { MAX_DEPTH } from './wire.js';

export class MilSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
    /** `overflow`: well-formed as far as it went, but nested deeper than any model is. */
    readonly kind: 'syntax' | 'overflow' = 'syntax',
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'MilSyntaxError';
  }
}

type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  line: number;
}

const DATA_TYPES = new Set<string>([
  'bool',
  'string',
  'fp8e4m3fn',
  'fp8e5m2',
  'fp16',
  'fp32',
  'fp64',
  'bf16',
  'int4',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint1',
  'uint2',
  'uint3',
  'uint4',
  'uint6',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
]);
const TYPE_WORDS = new Set(['tensor', 'list', 'tuple', 'dict', 'state']);

/** A number (decimal, or a hexadecimal float) or a name, matched where the tokenizer stands. */
const WORD = /(?:[-+]?(?:0[xX][0-9a-fA-F.]+(?:[pP][-+]?\d+)?|\d[\d.]*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|[-+]?[A-Za-z_@][A-Za-z0-9_@.]*)/uy;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        if (text[j] === '\n') line++;
        value += text[j];
        j++;
      }
      if (j >= text.length) throw new MilSyntaxError(line, 'a string does not end');
      tokens.push({ kind: 'string', text: value, line });
      i = j + 1;
    } else if (c === '-' && text[i + 1] === '>') {
      tokens.push({ kind: 'punct', text: '->', line });
      i += 2;
    } else if ('()[]{}<>,=;?'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else {
      WORD.lastIndex = i;
      const match = WORD.exec(text);
      if (!match) throw new MilSyntaxError(line, `unexpected character ${JSON.stringify(c)}`);
      const word = match[0];
      tokens.push({ kind: /^[-+]?[\d.]|^[-+]?0[xX]/u.test(word) ? 'number' : 'ident', text: word, line });
      i += word.length;
    }
  }
  tokens.push({ kind: 'end', text: '', line });
  return tokens;
}

/** A number as MIL text writes it: decimal, hexadecimal float (`0x1.8p+3`), `inf`, `nan`. */
function parseNumber(text: string): number {
  const lower = text.toLowerCase();
  const sign = lower.startsWith('-') ? -1 : 1;
  const body = lower.replace(/^[-+]/u, '');
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  if (body === 'nan') return NaN;
  const hex = /^0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([-+]?\d+))?$/u.exec(body);
  if (hex) {
    const whole = hex[1] ? parseInt(hex[1], 16) : 0;
    const fraction = hex[2] ? parseInt(hex[2], 16) / 16 ** hex[2].length : 0;
    return sign * (whole + fraction) * 2 ** Number(hex[3] ?? 0);
  }
  return sign * Number(body);
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }
  next(): Token {
    const token = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return token;
  }
  is(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return (token.kind === 'punct' || token.kind === 'ident') && token.text === text;
  }
  expect(text: string): Token {
    const token = this.next();
    if (token.text !== text || token.kind === 'string') throw this.error(token, `expected "${text}"`);
    return token;
  }
  ident(): string {
    const token = this.next();
    if (token.kind !== 'ident') throw this.error(token, 'expected a name');
    return token.text;
  }
  error(token: Token, message: string): MilSyntaxError {
    return new MilSyntaxError(token.line, `${message}, found ${token.kind === 'end' ? 'the end of the file' : JSON.stringify(token.text)}`);
  }
  depth(depth: number): number {
    if (depth > MAX_DEPTH) throw new MilSyntaxError(this.peek().line, `nested more than ${MAX_DEPTH} deep`, 'overflow');
    return depth + 1;
  }

  program(): ProgramFacts {
    this.expect('program');
    this.expect('(');
    const version = this.next();
    this.expect(')');
    if (this.is('[')) this.attributes(0);
    this.expect('{');
    const functions: FunctionFacts[] = [];
    while (!this.is('}')) functions.push(this.func());
    this.expect('}');
    if (this.peek().kind !== 'end') throw this.error(this.peek(), 'expected the end of the program');
    return { version: Math.trunc(parseNumber(version.text)) || 1, functions };
  }

  func(): FunctionFacts {
    this.expect('func');
    const name = this.ident();
    let opset = '';
    if (this.is('<')) {
      this.next();
      opset = this.ident();
      this.expect('>');
    }
    const inputs = this.params(0);
    const operations: OperationFacts[] = [];
    const outputs = this.blockBody([], operations, 0);
    return functionFacts(name, opset, inputs, outputs, operations);
  }

  params(depth: number): NamedValue[] {
    this.expect('(');
    const params: NamedValue[] = [];
    while (!this.is(')')) {
      const type = this.type(depth);
      params.push({ name: this.ident(), type });
      if (!this.is(')')) this.expect(',');
    }
    this.expect(')');
    return params;
  }

  /** `{ statements } -> (names)`: returns the block's outputs. A function's may end with `;`; a nested block's
   * `;` ends the statement of the op that holds it. */
  blockBody(path: BlockStep[], operations: OperationFacts[], depth: number, nested = false): string[] {
    const inner = this.depth(depth);
    this.expect('{');
    while (!this.is('}')) this.statement(path, operations, inner);
    this.expect('}');
    this.expect('->');
    this.expect('(');
    const outputs: string[] = [];
    while (!this.is(')')) {
      outputs.push(this.ident());
      if (!this.is(')')) this.expect(',');
    }
    this.expect(')');
    if (!nested && this.is(';')) this.next();
    return outputs;
  }

  statement(path: BlockStep[], operations: OperationFacts[], depth: number): void {
    const outputs: NamedValue[] = [];
    for (;;) {
      const type = this.type(depth);
      outputs.push({ name: this.ident(), type });
      if (!this.is(',')) break;
      this.next();
    }
    this.expect('=');
    const type = this.ident();
    const inputs: Record<string, Binding[]> = {};
    this.expect('(');
    while (!this.is(')')) {
      const param = this.ident();
      this.expect('=');
      inputs[param] = this.bindings(depth);
      if (!this.is(')')) this.expect(',');
    }
    this.expect(')');
    const attributes = this.is('[') ? this.attributes(depth) : {};
    const nameValue = attributes.name;
    delete attributes.name;
    const attributeName = typeof nameValue?.data?.[0] === 'string' ? nameValue.data[0] : undefined;
    const op: OperationFacts = { type, name: operationName(attributeName, outputs, type, operations.length), path, inputs, outputs, blocks: 0, attributes };
    operations.push(op);
    // Nested blocks: `[name] [(params)] { ... } -> (outputs)`, until the statement's `;`.
    while (!this.is(';') && !this.is('}')) {
      if (this.peek().kind === 'ident') this.next();
      if (this.is('(')) this.params(depth);
      this.blockBody([...path, { op: op.name, type, block: op.blocks }], operations, depth, true);
      op.blocks++;
    }
    if (this.is(';')) this.next();
  }

  /** An argument: a name, a value, or a parenthesised list of them (`values = (a, b)`). */
  bindings(depth: number): Binding[] {
    if (this.is('(')) {
      this.next();
      const list: Binding[] = [];
      while (!this.is(')')) {
        list.push(...this.bindings(this.depth(depth)));
        if (!this.is(')')) this.expect(',');
      }
      this.expect(')');
      return list;
    }
    const token = this.peek();
    const isValue = token.kind !== 'ident' || TYPE_WORDS.has(token.text) || (DATA_TYPES.has(token.text) && this.is('(', 1));
    if (!isValue) return [{ kind: 'name', name: this.ident() }];
    return [{ kind: 'value', value: this.value(depth) }];
  }

  attributes(depth: number): Record<string, ValueFacts> {
    this.expect('[');
    const attributes: Record<string, ValueFacts> = {};
    while (!this.is(']')) {
      const key = this.ident();
      this.expect('=');
      attributes[key] = this.value(depth);
      if (!this.is(']')) this.expect(',');
    }
    this.expect(']');
    return attributes;
  }

  /** `type(literal)`: a typed value. */
  value(depth: number): ValueFacts {
    const inner = this.depth(depth);
    const type = this.type(inner);
    this.expect('(');
    const value: ValueFacts = { type };
    if (this.is('BLOBFILE')) {
      this.next();
      this.expect('(');
      const blob = { fileName: '', offset: 0 };
      while (!this.is(')')) {
        const key = this.ident();
        this.expect('=');
        const part = this.value(inner);
        const first = part.data?.[0];
        if (key === 'path' && typeof first === 'string') blob.fileName = first;
        if (key === 'offset' && typeof first === 'number') blob.offset = first;
        if (!this.is(')')) this.expect(',');
      }
      this.expect(')');
      value.blob = blob;
    } else if (!this.is(')')) {
      const data: Scalar[] = [];
      this.literal(data, inner);
      if (data.length <= SMALL_VALUE_ELEMENTS) value.data = data;
    }
    this.expect(')');
    return value;
  }

  /** The inside of a value: nested lists, scalars, or values of their own type (`[fp16(1), fp16(2)]`). */
  literal(data: Scalar[], depth: number): void {
    const inner = this.depth(depth);
    const token = this.peek();
    if (token.kind === 'punct' && (token.text === '[' || token.text === '{')) {
      const close = token.text === '[' ? ']' : '}';
      this.next();
      while (!this.is(close)) {
        this.literal(data, inner);
        if (!this.is(close)) this.expect(',');
      }
      this.expect(close);
      return;
    }
    this.next();
    if (token.kind === 'string') data.push(token.text);
    else if (token.kind === 'number') data.push(parseNumber(token.text));
    else if (token.kind === 'ident' && (token.text === 'true' || token.text === 'false')) data.push(token.text === 'true');
    else if (token.kind === 'ident' && /^[-+]?(inf|infinity|nan)$/iu.test(token.text)) data.push(parseNumber(token.text));
    else if (token.kind === 'ident' && (DATA_TYPES.has(token.text) || TYPE_WORDS.has(token.text))) {
      this.pos--;
      const nested = this.value(inner);
      data.push(...(nested.data ?? []));
    } else throw this.error(token, 'expected a value');
  }

  type(depth: number): ValueType {
    const inner = this.depth(depth);
    const line = this.peek().line;
    const word = this.ident();
    if (DATA_TYPES.has(word)) return { kind: 'tensor', dataType: word as DataType, rank: 0, shape: [] };
    if (word === 'tensor') {
      this.expect('<');
      const dataType = this.dataType();
      const shape: Dim[] = [];
      if (this.is(',')) {
        this.next();
        this.expect('[');
        while (!this.is(']')) {
          shape.push(this.dim());
          if (!this.is(']')) this.expect(',');
        }
        this.expect(']');
      }
      this.expect('>');
      return { kind: 'tensor', dataType, rank: shape.length, shape };
    }
    if (word === 'list') {
      this.expect('<');
      const element = this.type(inner);
      let length: Dim = null;
      if (this.is(',')) {
        this.next();
        length = this.dim();
      }
      this.expect('>');
      return { kind: 'list', element, length };
    }
    if (word === 'tuple') {
      this.expect('<');
      const types: ValueType[] = [];
      while (!this.is('>')) {
        types.push(this.type(inner));
        if (!this.is('>')) this.expect(',');
      }
      this.expect('>');
      return { kind: 'tuple', types };
    }
    if (word === 'dict') {
      this.expect('<');
      const key = this.type(inner);
      this.expect(',');
      const value = this.type(inner);
      this.expect('>');
      return { kind: 'dictionary', key, value };
    }
    if (word === 'state') {
      this.expect('<');
      const wrapped = this.type(inner);
      this.expect('>');
      return { kind: 'state', wrapped };
    }
    throw new MilSyntaxError(line, `"${word}" is not a MIL type`);
  }

  dataType(): DataType {
    const line = this.peek().line;
    const word = this.ident();
    if (!DATA_TYPES.has(word)) throw new MilSyntaxError(line, `"${word}" is not a MIL data type`);
    return word as DataType;
  }

  /** A dimension: a number, or a symbol (`is0`, `?`) for one not known before run time. */
  dim(): Dim {
    const token = this.next();
    if (token.kind === 'number') return parseNumber(token.text);
    if (token.kind === 'ident' || token.text === '?') return null;
    throw this.error(token, 'expected a dimension');
  }
}

export function parseMilText(text: string): ProgramFacts {
  return new Parser(tokenize(text)).program();
}

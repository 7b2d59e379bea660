import { describe, expect, it } from 'vitest';

import { splitCommand } from '../src/inputs/split-command.js';

describe('splitCommand', () => {
  it('splits words, honouring quotes and backslashes', () => {
    expect(splitCommand('command', `./app --model "My Model.mlpackage" 'a b' c\\ d "it's"`)).toEqual([
      './app',
      '--model',
      'My Model.mlpackage',
      'a b',
      'c d',
      "it's",
    ]);
  });

  it('passes a single-quoted $ literally', () => {
    expect(splitCommand('command', `app '$HOME'`)).toEqual(['app', '$HOME']);
  });

  it.each([
    ['app | tee log', "'|' is shell syntax"],
    ['app > out', "'>' is shell syntax"],
    ['app *.mlmodel', "'*.mlmodel' is shell syntax"],
    ['app $HOME', '$HOME would not be expanded'],
    ['app "unclosed', 'the double quote is never closed'],
    ["app 'unclosed", 'the single quote is never closed'],
  ])('refuses %s, naming the input', (text, message) => {
    expect(() => splitCommand('command', text)).toThrow(`command: `);
    expect(() => splitCommand('command', text)).toThrow(message);
  });
});

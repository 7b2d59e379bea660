import { describe, expect, it } from 'vitest';

import { sourceScriptCommand } from '../src/probe/lldb-session.js';

describe('the command that runs the script', () => {
  it('sources the pipe echoing each command, stopping at an error and not at a command that continues the target', () => {
    expect(sourceScriptCommand('/tmp/ane-check-x/probe 1.lldb')).toBe('command source -s 0 -e true -c false "/tmp/ane-check-x/probe 1.lldb"');
  });
});

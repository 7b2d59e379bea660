// Checks that the tools the fixture and the tests need are installed, and says how to install them.
import { spawnSync } from 'node:child_process';

const missing = ['lldb', 'g++'].filter((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status !== 0);
if (missing.length > 0) {
  const install = process.platform === 'darwin' ? 'xcode-select --install' : 'sudo apt-get install -y lldb g++';
  console.error(`ane-check needs ${missing.join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not installed.\nInstall with: ${install}`);
  process.exit(1);
}

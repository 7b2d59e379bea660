// The macOS command-line tool: runs the harness on the main thread, with relative model paths taken from the
// working directory. ane-check launches it under LLDB and ends it (it idles with --idle, as an app would).

import Foundation

let status = Harness.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    baseDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
exit(status)

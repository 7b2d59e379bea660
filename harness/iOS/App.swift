// The iOS app (Simulator and devices): runs the harness once at launch with the launch arguments
// (`xcrun simctl launch <udid> <bundle-id> --model ...`, `xcrun devicectl device process launch ... -- <bundle-id>
// --model ...`). A relative --model path starts from the app bundle, where the build copies the model
// (Models/<name>). The process exits with the harness's status, or idles with --idle until ane-check ends it.

import SwiftUI

@main
struct AneCheckHarnessApp: App {
    init() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let bundle = Bundle.main.bundleURL
        // On a device the app's standard output does not reach ane-check: the evidence lines also go to a file
        // in the app's container, which ane-check copies back (devicectl device copy from).
        Evidence.file = FileManager.default.urls(for: .documentDirectory, in: .userDomainMask).first?
            .appendingPathComponent("ane-check-evidence.txt")
        // Off the main thread: compiling and loading a model can outlast the launch watchdog, and the main
        // thread stays free to show the window (an app in the foreground keeps its GPU access).
        Thread.detachNewThread {
            exit(Harness.run(arguments: arguments, baseDirectory: bundle))
        }
    }

    var body: some Scene {
        WindowGroup {
            Text("ane-check harness")
        }
    }
}

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
        // On a device the app's standard output and error do not reach ane-check, nor reliably in the Simulator
        // with a debugger attached: the evidence lines and the error output also go to files in the app's data
        // container, written anew at each launch, which ane-check reads back (devicectl device copy from; simctl
        // get_app_container). The names are src/targets/app-files.ts's.
        let documents = FileManager.default.urls(for: .documentDirectory, in: .userDomainMask).first
        Evidence.file = documents?.appendingPathComponent("ane-check-evidence.txt")
        Harness.errorFile = documents?.appendingPathComponent("ane-check-stderr.txt")
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

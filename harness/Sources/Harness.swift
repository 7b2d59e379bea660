// The ane-check harness: loads a Core ML model, fills its inputs with random values and runs predictions,
// printing one line per prediction on standard output. ane-check runs it under LLDB (model: instead of
// command:) and counts which engines did the work. Shared by the macOS command-line tool (macOS/main.swift)
// and the iOS app (iOS/App.swift); each only supplies the arguments and the folder relative paths start from.
//
// Built with -swift-version 5 for macOS 13 / iOS 17 and later (see src/targets/harness.ts).

import CoreML
import CoreVideo
import Foundation

/// What the harness was asked to do.
struct HarnessOptions {
    var model = ""
    var computeUnits = MLComputeUnits.all
    var computeUnitsName = "all"
    var warmup = 1
    var predictions = 10
    var idle = false
    /// Predictions timed per compute-units setting before the probes are armed (0: no timing).
    var timed = 0
}

/// A failure whose message says what to do. Status 2 for a bad argument, 1 for anything else.
struct HarnessError: Error {
    let message: String
    let status: Int32

    static func usage(_ message: String) -> HarnessError {
        HarnessError(message: "\(message)\n\(Harness.usage)", status: 2)
    }

    static func failure(_ message: String) -> HarnessError {
        HarnessError(message: message, status: 1)
    }
}

/// The result of an async task, handed under a lock to the thread that waits for it.
final class AsyncOutcome<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Value, Error>?

    func set(_ value: Result<Value, Error>) {
        lock.lock()
        defer { lock.unlock() }
        result = value
    }

    func get() -> Result<Value, Error>? {
        lock.lock()
        defer { lock.unlock() }
        return result
    }
}

/// Where the harness tells ane-check that its timed predictions are done: ane-check sets its probes disabled
/// and enables them when this function is entered (a breakpoint on the symbol `ane_check_armed`,
/// src/targets/harness.ts), so that timed predictions run with no breakpoint.
/// `@_silgen_name` gives the Swift function itself that symbol. `@_cdecl` would not: it adds a C thunk of that
/// name beside the Swift function, and Swift's own call never goes through the thunk (swiftlang/swift,
/// test/SILGen/cdecl.swift; pull request #84989: it "will continue to produce both the Swift function and C
/// thunk"). `@_optimize(none)` and `@inline(never)` keep the function and the call under -O, and the line on
/// standard error is a side effect that no optimizer may drop.
@_silgen_name("ane_check_armed")
@_optimize(none)
@inline(never)
public func aneCheckArmed() {
    Harness.writeErr("\(Harness.programName): timed predictions done; the counted predictions start")
}

enum Harness {
    static let programName = "ane-check-harness"

    static let usage = """
        usage: \(programName) --model PATH [--compute-units all|cpuAndNeuralEngine|cpuAndGPU|cpuOnly] \
        [--warmup N] [--predictions N] [--timed N] [--idle]
        """

    /// The values of --compute-units, spelled as MLComputeUnits' cases (and as ane-check's compute-units input).
    static let computeUnits: [(name: String, units: MLComputeUnits)] = [
        ("all", .all),
        ("cpuAndNeuralEngine", .cpuAndNeuralEngine),
        ("cpuAndGPU", .cpuAndGPU),
        ("cpuOnly", .cpuOnly),
    ]

    /// Runs the harness and returns the exit status. With --idle it never returns after a successful run:
    /// an app never exits by itself, and ane-check ends the process once it has counted its window.
    static func run(arguments: [String], baseDirectory: URL) -> Int32 {
        // Output goes to files or pipes that ane-check reads; if a reader goes away, fail the write, not the process.
        signal(SIGPIPE, SIG_IGN)
        do {
            guard let options = try parse(arguments) else {
                writeOut(usage)
                return 0
            }
            try measure(options, baseDirectory: baseDirectory)
            if options.idle { idleForever() }
            return 0
        } catch let error as HarnessError {
            writeErr("\(programName): error: \(error.message)")
            return error.status
        } catch {
            writeErr("\(programName): error: \(describe(error))")
            return 1
        }
    }

    // MARK: - Arguments

    /// Reads `--name value` or `--name=value` options. Returns nil for --help.
    static func parse(_ arguments: [String]) throws -> HarnessOptions? {
        var options = HarnessOptions()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            switch argument {
            case "--":
                continue  // an end-of-options marker that a launcher passed on
            case "--help", "-h":
                return nil
            case "--idle":
                options.idle = true
                continue
            default:
                break
            }
            if argument.count > 1, argument.hasPrefix("-"), !argument.hasPrefix("--") {
                // A user default set at launch (`-Key value`, such as `-AppleLanguages (en)`), which launchers and
                // Xcode schemes may add to an app's arguments: not the harness's, and no reason to fail.
                if index < arguments.count, !arguments[index].hasPrefix("-") { index += 1 }
                continue
            }
            var name = argument
            var value: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard ["--model", "--compute-units", "--warmup", "--predictions", "--timed"].contains(name) else {
                throw HarnessError.usage("unknown argument '\(argument)'")
            }
            if value == nil {
                guard index < arguments.count else { throw HarnessError.usage("\(name) needs a value") }
                value = arguments[index]
                index += 1
            }
            let text = value ?? ""
            switch name {
            case "--model":
                options.model = text
            case "--compute-units":
                guard let match = computeUnits.first(where: { $0.name == text }) else {
                    let names = computeUnits.map { $0.name }.joined(separator: ", ")
                    throw HarnessError.usage("--compute-units: '\(text)' is not one of \(names)")
                }
                options.computeUnits = match.units
                options.computeUnitsName = match.name
            case "--warmup":
                options.warmup = try count(name, text, minimum: 0)
            case "--timed":
                options.timed = try count(name, text, minimum: 0)
            default:
                options.predictions = try count(name, text, minimum: 1)
            }
        }
        if options.model.isEmpty {
            throw HarnessError.usage("--model is required: give the .mlpackage, .mlmodel or .mlmodelc to run")
        }
        return options
    }

    static func count(_ name: String, _ text: String, minimum: Int) throws -> Int {
        guard let value = Int(text), value >= minimum else {
            throw HarnessError.usage("\(name): '\(text)' is not a whole number of \(minimum) or more")
        }
        return value
    }

    // MARK: - The run

    static func measure(_ options: HarnessOptions, baseDirectory: URL) throws {
        let url = try modelURL(options.model, baseDirectory: baseDirectory)
        let loadStart = DispatchTime.now()
        let compiled = try compiledModel(url)
        let model = try loadModel(compiled, name: url.lastPathComponent, options.computeUnits, options.computeUnitsName)
        writeErr("\(programName): loaded \(url.lastPathComponent) with compute units \(options.computeUnitsName) in \(milliseconds(since: loadStart)) ms")

        let inputs = try makeInputs(model.modelDescription)
        let predict = predictor(model, inputs)
        Evidence.printComputeDevices()
        Evidence.printPlan(compiled, computeUnits: options.computeUnits, name: options.computeUnitsName)
        if options.timed > 0 {
            // Timed before the probes are armed: a breakpoint hit costs far more than an ANE operation.
            try Evidence.printLatency(options.computeUnitsName, predict, count: options.timed)
            if options.computeUnits != .cpuOnly {
                let cpuOnly = try loadModel(compiled, name: url.lastPathComponent, .cpuOnly, "cpuOnly")
                try Evidence.printLatency("cpuOnly", predictor(cpuOnly, inputs), count: options.timed)
            }
        }
        aneCheckArmed()
        let total = options.warmup + options.predictions
        for number in 1...total {
            let start = DispatchTime.now()
            do {
                // Without a run loop nothing drains autoreleased results: drain them per prediction.
                try autoreleasepool { try predict() }
            } catch {
                throw HarnessError.failure(
                    "prediction \(number) of \(total) failed: \(describe(error)). Check that the model runs with "
                        + "these compute units in Xcode's model preview, or run your own program with command")
            }
            // ane-check counts these lines; one per prediction, written straight to the file descriptor.
            writeOut("\(programName): prediction \(number) of \(total) done in \(milliseconds(since: start)) ms")
        }
    }

    /// A relative path starts from baseDirectory: the working directory on macOS, the app bundle on iOS.
    static func modelURL(_ path: String, baseDirectory: URL) throws -> URL {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : baseDirectory.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw HarnessError.failure(
                "no model at \(url.path): give the path of a .mlpackage, .mlmodel or .mlmodelc with --model")
        }
        return url.standardizedFileURL
    }

    /// The compiled model (.mlmodelc): as given, or compiled from a .mlpackage or .mlmodel.
    static func compiledModel(_ url: URL) throws -> URL {
        switch url.pathExtension.lowercased() {
        case "mlmodelc":
            return url
        case "mlpackage", "mlmodel":
            do {
                return try compile(url)
            } catch {
                throw HarnessError.failure(
                    "could not compile \(url.lastPathComponent): \(describe(error)). Check that this OS supports "
                        + "the model's specification version (an ML Program needs macOS 12 / iOS 15 or later)")
            }
        default:
            throw HarnessError.usage("'\(url.lastPathComponent)' is not a .mlpackage, .mlmodel or .mlmodelc")
        }
    }

    static func loadModel(_ compiled: URL, name: String, _ units: MLComputeUnits, _ unitsName: String) throws -> MLModel {
        let configuration = MLModelConfiguration()
        configuration.computeUnits = units
        do {
            return try MLModel(contentsOf: compiled, configuration: configuration)
        } catch {
            throw HarnessError.failure(
                "could not load \(name) with compute units \(unitsName): "
                    + "\(describe(error)). Try --compute-units cpuOnly to tell a model problem from an engine problem")
        }
    }

    /// Compiles a .mlpackage or .mlmodel with the async `MLModel.compileModel(at:)` (macOS 13 / iOS 16,
    /// https://developer.apple.com/documentation/coreml/mlmodel/compilemodel(at:)-45ao6), which Apple asks for
    /// instead of the deprecated synchronous one. The harness itself is synchronous and runs on a thread of its own
    /// (the macOS tool's main thread, a detached thread in the iOS app), never on Swift's cooperative pool, so it can
    /// wait here for the task. On the main thread it keeps the run loop turning while it waits, so that nothing the
    /// compilation sends to the main queue is stuck behind the wait.
    static func compile(_ url: URL) throws -> URL {
        try waitFor("compiling \(url.lastPathComponent)") { try await MLModel.compileModel(at: url) }
    }

    /// Runs an async Core ML call from the harness's synchronous code and waits for it (see compile).
    static func waitFor<Value>(_ what: String, _ body: @escaping @Sendable () async throws -> Value) throws -> Value {
        let outcome = AsyncOutcome<Value>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                outcome.set(.success(try await body()))
            } catch {
                outcome.set(.failure(error))
            }
            done.signal()
        }
        if Thread.isMainThread {
            while done.wait(timeout: .now() + .milliseconds(20)) == .timedOut {
                _ = RunLoop.current.run(mode: .default, before: Date())
            }
        } else {
            done.wait()
        }
        guard let result = outcome.get() else {
            throw HarnessError.failure("\(what) ended without a result")
        }
        return try result.get()
    }

    /// One prediction. A stateful model (macOS 15 / iOS 18) needs its state, made once and kept across
    /// predictions as an app would; the SDK that declares it comes with the Swift 6 compiler (Xcode 16).
    static func predictor(_ model: MLModel, _ inputs: MLFeatureProvider) -> () throws -> Void {
        #if compiler(>=6.0)
            if #available(macOS 15.0, iOS 18.0, *), !model.modelDescription.stateDescriptionsByName.isEmpty {
                let state = model.makeState()
                return { _ = try model.prediction(from: inputs, using: state) }
            }
        #endif
        return { _ = try model.prediction(from: inputs) }
    }

    // MARK: - Inputs

    /// Every input, made once from the model's description and reused for each prediction.
    static func makeInputs(_ description: MLModelDescription) throws -> MLFeatureProvider {
        var values: [String: MLFeatureValue] = [:]
        for (name, feature) in description.inputDescriptionsByName.sorted(by: { $0.key < $1.key }) {
            values[name] = try makeValue(name, feature)
        }
        return try MLDictionaryFeatureProvider(dictionary: values)
    }

    static func makeValue(_ name: String, _ feature: MLFeatureDescription) throws -> MLFeatureValue {
        switch feature.type {
        case .multiArray:
            if let constraint = feature.multiArrayConstraint {
                return try MLFeatureValue(multiArray: makeMultiArray(name, constraint))
            }
        case .image:
            if let constraint = feature.imageConstraint {
                return try MLFeatureValue(pixelBuffer: makePixelBuffer(name, constraint))
            }
        case .int64:
            writeErr("\(programName): input '\(name)': int64 0")
            return MLFeatureValue(int64: 0)
        case .double:
            writeErr("\(programName): input '\(name)': double 0.5")
            return MLFeatureValue(double: 0.5)
        case .string:
            writeErr("\(programName): input '\(name)': string \"ane-check\"")
            return MLFeatureValue(string: "ane-check")
        default:
            break
        }
        throw HarnessError.failure(
            "input '\(name)' is a \(typeName(feature.type)) feature, which the harness cannot fill (it fills "
                + "multi-arrays, images, int64, double and string inputs): run your own program with command instead of model")
    }

    static func typeName(_ type: MLFeatureType) -> String {
        switch type {
        case .multiArray: return "multi-array"
        case .image: return "image"
        case .dictionary: return "dictionary"
        case .sequence: return "sequence"
        case .invalid: return "invalid"
        default: return "type-\(type.rawValue)"
        }
    }

    /// The declared shape; for a flexible shape that is its default. An input with no default shape falls
    /// back to the first enumerated shape, or the smallest size of each ranged dimension.
    static func defaultShape(_ constraint: MLMultiArrayConstraint) -> [NSNumber] {
        if !constraint.shape.isEmpty { return constraint.shape }
        let shapes = constraint.shapeConstraint
        switch shapes.type {
        case .enumerated:
            return shapes.enumeratedShapes.first ?? []
        case .range:
            return shapes.sizeRangeForDimension.map { NSNumber(value: max(1, $0.rangeValue.location)) }
        default:
            return []
        }
    }

    static func makeMultiArray(_ name: String, _ constraint: MLMultiArrayConstraint) throws -> MLMultiArray {
        let shape = defaultShape(constraint)
        let dimensions = shape.map { $0.intValue }
        guard !dimensions.isEmpty, dimensions.allSatisfy({ $0 > 0 }) else {
            throw HarnessError.failure(
                "input '\(name)' has no usable shape (\(dimensions)): give the model a default shape, "
                    + "or run your own program with command")
        }
        let array: MLMultiArray
        do {
            array = try MLMultiArray(shape: shape, dataType: constraint.dataType)
        } catch {
            throw HarnessError.failure("could not make input '\(name)' of shape \(dimensions): \(describe(error))")
        }
        switch array.dataType {
        case .float32:
            fill(array) { Float.random(in: -1...1) }
        case .double:
            fill(array) { Double.random(in: -1...1) }
        case .int32:
            // Small values, so that an index input (a token, a gather position) stays in range.
            fill(array) { Int32.random(in: 0...3) }
        case .float16:
            // Written as bit patterns: Swift's Float16 does not exist on Intel Macs.
            array.withUnsafeMutableBytes { bytes, _ in
                for offset in stride(from: 0, to: bytes.count - 1, by: 2) {
                    bytes.storeBytes(of: randomHalfBits(), toByteOffset: offset, as: UInt16.self)
                }
            }
        default:
            throw HarnessError.failure(
                "input '\(name)' is a multi-array of data type \(array.dataType.rawValue), which the harness cannot "
                    + "fill (float32, float16, double and int32 only): run your own program with command instead of model")
        }
        writeErr("\(programName): input '\(name)': multi-array \(dataTypeName(array.dataType)) \(dimensions)")
        return array
    }

    static func fill<Scalar: MLShapedArrayScalar>(_ array: MLMultiArray, _ next: () -> Scalar) {
        array.withUnsafeMutableBufferPointer(ofType: Scalar.self) { buffer, _ in
            for index in buffer.indices { buffer[index] = next() }
        }
    }

    static func dataTypeName(_ type: MLMultiArrayDataType) -> String {
        switch type {
        case .float32: return "float32"
        case .float16: return "float16"
        case .double: return "double"
        case .int32: return "int32"
        default: return "data-type-\(type.rawValue)"
        }
    }

    /// A random half-precision number in (-1, 1) as its bits: sign, a biased exponent of 1...14
    /// (2^-14 to 2^-1), any mantissa. Never infinite, never NaN.
    static func randomHalfBits() -> UInt16 {
        let sign: UInt16 = Bool.random() ? 0x8000 : 0
        return sign | (UInt16.random(in: 1...14) << 10) | UInt16.random(in: 0...0x3FF)
    }

    /// An image input: a pixel buffer of the default size and the declared format, IOSurface-backed as a
    /// camera frame is, so that Core ML can hand it to an engine as an app's frames would be.
    static func makePixelBuffer(_ name: String, _ constraint: MLImageConstraint) throws -> CVPixelBuffer {
        let width = constraint.pixelsWide
        let height = constraint.pixelsHigh
        let format = constraint.pixelFormatType
        let byteFormats = [kCVPixelFormatType_32BGRA, kCVPixelFormatType_32ARGB, kCVPixelFormatType_OneComponent8]
        guard byteFormats.contains(format) || format == kCVPixelFormatType_OneComponent16Half else {
            throw HarnessError.failure(
                "input '\(name)' is an image of pixel format \(fourCC(format)), which the harness cannot fill "
                    + "(32BGRA, 32ARGB, OneComponent8, OneComponent16Half): run your own program with command")
        }
        guard width > 0, height > 0 else {
            throw HarnessError.failure("input '\(name)' is an image of no usable size (\(width)x\(height))")
        }
        var created: CVPixelBuffer?
        let attributes = [kCVPixelBufferIOSurfacePropertiesKey as String: [String: Any]()] as CFDictionary
        let status = CVPixelBufferCreate(kCFAllocatorDefault, width, height, format, attributes, &created)
        guard status == kCVReturnSuccess, let buffer = created else {
            throw HarnessError.failure("could not make input '\(name)', a \(width)x\(height) image (CVReturn \(status))")
        }
        CVPixelBufferLockBaseAddress(buffer, [])
        defer { CVPixelBufferUnlockBaseAddress(buffer, []) }
        if let base = CVPixelBufferGetBaseAddress(buffer) {
            let count = CVPixelBufferGetBytesPerRow(buffer) * CVPixelBufferGetHeight(buffer)
            if format == kCVPixelFormatType_OneComponent16Half {
                for offset in stride(from: 0, to: count - 1, by: 2) {
                    base.storeBytes(of: randomHalfBits(), toByteOffset: offset, as: UInt16.self)
                }
            } else {
                arc4random_buf(base, count)
            }
        }
        writeErr("\(programName): input '\(name)': image \(fourCC(format)) \(width)x\(height)")
        return buffer
    }

    /// A pixel format as its four characters ('BGRA', 'L008'), or its number when it has none.
    static func fourCC(_ code: OSType) -> String {
        let bytes = [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: code >> UInt32($0)) }
        guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return String(code) }
        return "'\(String(decoding: bytes, as: UTF8.self))'"
    }

    // MARK: - Output

    static func milliseconds(since start: DispatchTime) -> String {
        let nanoseconds = DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds
        return String(format: "%.2f", Double(nanoseconds) / 1_000_000)
    }

    static func describe(_ error: Error) -> String {
        (error as NSError).localizedDescription
    }

    /// Straight to the file descriptor, unbuffered: each line is out before the next prediction starts,
    /// whether standard output is a terminal, a pipe or a file.
    static func writeOut(_ line: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))
    }

    static func writeErr(_ line: String) {
        try? FileHandle.standardError.write(contentsOf: Data((line + "\n").utf8))
        append(line, to: errorFile)
    }

    /// A file that receives the error output too (the iOS app's Documents/ane-check-stderr.txt): on a device,
    /// and in the Simulator with a debugger attached, ane-check may not see the app's standard error.
    static var errorFile: URL? {
        didSet { if let errorFile { try? Data().write(to: errorFile) } }
    }

    /// Appends one line to a file that was created empty at launch; nothing when there is no file.
    static func append(_ line: String, to file: URL?) {
        guard let file, let handle = try? FileHandle(forWritingTo: file) else { return }
        handle.seekToEndOfFile()
        handle.write(Data((line + "\n").utf8))
        try? handle.close()
    }

    static func idleForever() -> Never {
        writeErr("\(programName): done; idling (--idle) until ended")
        while true { sleep(3600) }
    }
}

/// The evidence lines ane-check reads from the app's standard output (README, "Evidence lines"): the
/// machine's compute devices, Core ML's compute plan and the timed predictions. Written from Apple's
/// documentation of MLComputePlan (iOS 17.4 / macOS 14.4,
/// https://developer.apple.com/documentation/coreml/mlcomputeplan) and MLModel.availableComputeDevices
/// (https://developer.apple.com/documentation/coreml/mlmodel/availablecomputedevices); not compiled here.
enum Evidence {
    /// A file that receives the lines too (the iOS app's Documents/ane-check-evidence.txt), written anew by each run.
    static var file: URL? {
        didSet { if let file { try? Data().write(to: file) } }
    }

    static func emit(_ event: String, _ object: [String: Any]) {
        guard let json = try? JSONSerialization.data(withJSONObject: object) else { return }
        let line = "ane-check:\(event) \(String(decoding: json, as: UTF8.self))"
        Harness.writeOut(line)
        Harness.append(line, to: file)
    }

    /// MLComputeDevice is macOS 14 / iOS 17 (https://developer.apple.com/documentation/coreml/mlcomputedevice);
    /// the macOS harness is built for macOS 13.
    @available(macOS 14.0, iOS 17.0, *)
    static func name(_ device: MLComputeDevice) -> String {
        switch device {
        case .neuralEngine: return "neuralEngine"
        case .gpu: return "gpu"
        default: return "cpu"
        }
    }

    static func printComputeDevices() {
        if #available(macOS 14.0, iOS 17.0, *) {
            emit("compute-devices", ["devices": MLModel.availableComputeDevices.map(name)])
        }
    }

    /// Every operation of every function (ML Program, nested blocks included) or every layer (NeuralNetwork),
    /// with its preferred and supported devices and its estimated cost. Older systems print nothing, and
    /// ane-check reports that there is no plan. MLComputePlan and MLModelStructure are macOS 14.4 / iOS 17.4
    /// (https://developer.apple.com/documentation/coreml/mlcomputeplan), declared only by the SDKs of Xcode 15.3
    /// and later, whose compiler is Swift 5.10: an older Xcode builds the harness without the plan.
    static func printPlan(_ compiled: URL, computeUnits: MLComputeUnits, name unitsName: String) {
        #if compiler(>=5.10)
            if #available(macOS 14.4, iOS 17.4, *) {
                printLoadedPlan(compiled, computeUnits: computeUnits, name: unitsName)
            } else {
                Harness.writeErr("\(Harness.programName): no compute plan: MLComputePlan needs macOS 14.4 / iOS 17.4")
            }
        #else
            Harness.writeErr("\(Harness.programName): no compute plan: this harness was built without MLComputePlan (it needs Xcode 15.3 or later)")
        #endif
    }

    #if compiler(>=5.10)
    /// The plan of the compiled model: loading one from an .mlpackage can abort the process (coremltools#2757).
    @available(macOS 14.4, iOS 17.4, *)
    static func printLoadedPlan(_ compiled: URL, computeUnits: MLComputeUnits, name unitsName: String) {
        let configuration = MLModelConfiguration()
        configuration.computeUnits = computeUnits
        let plan: MLComputePlan
        do {
            plan = try Harness.waitFor("loading the compute plan") { try await MLComputePlan.load(contentsOf: compiled, configuration: configuration) }
        } catch {
            Harness.writeErr("\(Harness.programName): no compute plan: \(Harness.describe(error))")
            return
        }
        var operations: [[String: Any]] = []
        func usage(_ devices: MLComputePlan.DeviceUsage?) -> [String: Any] {
            ["preferred": devices.map { name($0.preferred) } ?? NSNull(), "supported": devices?.supported.map(name) ?? []]
        }
        func walk(_ block: MLModelStructure.Program.Block, function: String) {
            for operation in block.operations {
                var entry = usage(plan.deviceUsage(for: operation))
                entry["function"] = function
                entry["op"] = operation.operatorName
                entry["cost"] = plan.estimatedCost(of: operation)?.weight ?? NSNull()
                operations.append(entry)
                for nested in operation.blocks { walk(nested, function: function) }
            }
        }
        switch plan.modelStructure {
        case .program(let program):
            for (functionName, function) in program.functions.sorted(by: { $0.key < $1.key }) { walk(function.block, function: functionName) }
        case .neuralNetwork(let network):
            // Layers get a usage but no cost.
            for layer in network.layers {
                var entry = usage(plan.deviceUsage(for: layer))
                entry["name"] = layer.name
                entry["op"] = layer.type
                entry["cost"] = NSNull()
                operations.append(entry)
            }
        default:
            Harness.writeErr("\(Harness.programName): no compute plan: a pipeline or an unsupported model structure")
            return
        }
        emit("plan", ["computeUnits": unitsName, "operations": operations])
    }
    #endif

    /// One warm-up, then `count` timed predictions; wall-clock milliseconds of each.
    static func printLatency(_ unitsName: String, _ predict: () throws -> Void, count: Int) throws {
        try autoreleasepool { try predict() }
        var ms: [Double] = []
        for _ in 0..<count {
            let start = DispatchTime.now().uptimeNanoseconds
            try autoreleasepool { try predict() }
            ms.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        }
        emit("latency", ["computeUnits": unitsName, "ms": ms])
    }
}

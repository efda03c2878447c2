import DutyFuzz
import Foundation

// Two builds of one file. Under `Tests/Fuzz/run-fuzzers` (`swift build --sanitize=fuzzer
// -Xswiftc -DFUZZING`) it is a libFuzzer target: libFuzzer owns main and calls in here with each
// input, for the parser named by DUTY_FUZZ_TARGET. In an ordinary build it replays files through
// the same parser (`duty-fuzz cap crash-1 …`), which is how a crash found becomes a test.

#if FUZZING
private let target: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["DUTY_FUZZ_TARGET"] ?? ""
    guard let t = FuzzTarget(rawValue: name) else {
        fatalError("DUTY_FUZZ_TARGET must be one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return t
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let broken = target.run(bytes) {
        // A broken promise is a finding like a crash: libFuzzer keeps the input.
        fatalError("\(target.rawValue): \(broken)")
    }
    return 0
}
#else
@main
struct DutyFuzzReplay {
    static func main() {
        let args = CommandLine.arguments.dropFirst()
        guard let name = args.first, let target = FuzzTarget(rawValue: name), args.count > 1 else {
            print("usage: duty-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE…")
            exit(2)
        }
        var broken = 0
        for path in args.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot read")
                broken += 1
                continue
            }
            if let problem = target.run(Array(data)) {
                print("\(path): \(problem)")
                broken += 1
            } else {
                print("\(path): ok")
            }
        }
        exit(broken == 0 ? 0 : 1)
    }
}
#endif

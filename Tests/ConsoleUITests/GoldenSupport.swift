import ConsoleUI
import DutyCore
import DutyStore
import Foundation
import Testing

/// Golden screens: plain-text files that are the UI, read in review. A missing file, or
/// RECORD_SNAPSHOTS=1, writes the file and fails the test so that nobody records by accident.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ grid: Grid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = grid.lines.joined(separator: "\n") + "\n"
        let url = folder.appendingPathComponent(name + ".txt")
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        guard !record, let data = FileManager.default.contents(atPath: url.path) else {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? Data(text.utf8).write(to: url)
            Issue.record("recorded golden screen \(name).txt: read it, then run the tests again", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        #expect(text == expected, "screen \(name) differs from Golden/\(name).txt", sourceLocation: sourceLocation)
    }
}

/// The demo duty room at a fixed moment: 21:37:41 on Friday 2026-06-05, as in screens.md.
enum Scene {
    static let calendar = LocalCalendar.shanghai
    static let now = calendar.instant(LocalDate(year: 2026, month: 6, day: 5)!, LocalTime(hour: 21, minute: 37)!).adding(seconds: 41)

    static func duty(at t: Instant = now) -> DutyState {
        var state = DutyState()
        for (i, e) in DemoData.entries(now: t, calendar: calendar).enumerated() {
            state.apply(e.op, OpContext(actor: e.actor, at: e.at, node: "demo", seq: i + 1))
        }
        return state
    }

    static let settings = ConsoleSettings(calendar: calendar, acknowledgeWithin: [.red: 2, .orange: 5, .yellow: 15, .blue: 30, .white: 30], bell: true)

    static func state(_ language: Language = .zh, duty: DutyState? = nil) -> ConsoleState {
        ConsoleState(duty: duty ?? Scene.duty(), now: now, settings: settings, language: language, actor: "冼嘉怡")
    }
}

/// `#expect(a == b)` on whole console states, naming the properties that differ instead of
/// printing two states of the whole duty room.
func expectSame(_ a: ConsoleState, _ b: ConsoleState, sourceLocation: SourceLocation = #_sourceLocation) {
    guard a != b else { return }
    let left = Dictionary(uniqueKeysWithValues: Mirror(reflecting: a).children.compactMap { c in c.label.map { ($0, c.value) } })
    let right = Dictionary(uniqueKeysWithValues: Mirror(reflecting: b).children.compactMap { c in c.label.map { ($0, c.value) } })
    var differing: [String] = []
    for label in left.keys.sorted() where label != "duty" && !label.hasPrefix("_") {
        let l = String(describing: left[label]!), r = String(describing: right[label]!)
        if l != r { differing.append("\(label): \(l.prefix(300)) ≠ \(r.prefix(300))") }
    }
    if a.duty != b.duty { differing.append("duty differs") }
    Issue.record("states differ: \(differing.joined(separator: "; "))", sourceLocation: sourceLocation)
}

/// Types `text` key by key, as an officer would.
func typeKeys(_ s: inout ConsoleState, _ text: String) {
    for c in text { _ = update(&s, .key(.char(c))) }
}

/// The demo duty room after one key (a pane's number, `n`, `?`).
func scene(after key: Character, _ language: Language = .zh) -> ConsoleState {
    var s = Scene.state(language)
    _ = update(&s, .key(.char(key)))
    return s
}

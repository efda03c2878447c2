import ConsoleUI
import DutyCore
import DutyStore
import Foundation
import Testing

/// The demo duty room at a fixed moment: 21:37:41 on Friday 2026-06-05, as in screens.md.
public enum Scene {
    public static let calendar = Wall.calendar
    public static let now = Wall.at("2026-06-05", "21:37").adding(seconds: 41)

    /// The two sizes every screen is drawn at (design.md, "Testing habits").
    public static let small = Size(width: 80, height: 24)
    public static let large = Size(width: 120, height: 40)

    public static func duty(at t: Instant = now) -> DutyState {
        var state = DutyState()
        for (i, e) in DemoData.entries(now: t, calendar: calendar).enumerated() {
            state.apply(e.op, OpContext(actor: e.actor, at: e.at, node: "demo", seq: i + 1))
        }
        return state
    }

    public static let settings = ConsoleSettings(calendar: calendar, acknowledgeWithin: [.red: 2, .orange: 5, .yellow: 15, .blue: 30, .white: 30], bell: true)

    public static func state(_ language: Language = .zh, duty: DutyState? = nil) -> ConsoleState {
        ConsoleState(duty: duty ?? Scene.duty(), now: now, settings: settings, language: language, actor: "冼嘉怡")
    }

    /// The demo duty room with `pane` shown, set directly (not reached by its key).
    public static func state(on pane: Pane, _ language: Language = .zh, duty: DutyState? = nil) -> ConsoleState {
        var s = state(language, duty: duty)
        s.pane = pane
        return s
    }
}

extension DutyState {
    /// Applies `op` as record `seq` of node `t`, done by `actor` `secondsAgo` before the scene's
    /// moment (negative: after it).
    public mutating func apply(_ op: Op, by actor: String, secondsAgo: Int64 = 0, seq: Int) {
        apply(op, OpContext(actor: actor, at: Scene.now.adding(seconds: -secondsAgo), node: "t", seq: seq))
    }
}

/// The demo duty room after one key (a pane's number, `n`, `?`).
public func scene(after key: Character, _ language: Language = .zh) -> ConsoleState {
    var s = Scene.state(language)
    _ = update(&s, .key(.char(key)))
    return s
}

/// Presses `keys` in turn and gives every effect they had.
@discardableResult
public func press(_ s: inout ConsoleState, _ keys: Key...) -> [Effect] {
    keys.flatMap { update(&s, .key($0)) }
}

/// Types `text` key by key, as an officer would.
public func typeKeys(_ s: inout ConsoleState, _ text: String) {
    for c in text { _ = update(&s, .key(.char(c))) }
}

/// Types `text` into an open field: a field takes every character, so no key may have an effect.
public func typeIntoField(_ s: inout ConsoleState, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for c in text { #expect(update(&s, .key(.char(c))) == [], sourceLocation: sourceLocation) }
}

extension GoldenFiles {
    /// A golden screen: the grid's lines as plain text in `Golden/<name>.txt`.
    public func check(_ grid: Grid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = grid.lines.joined(separator: "\n") + "\n"
        check(Data(text.utf8), name + ".txt", what: "screen \(name)", sourceLocation: sourceLocation)
    }
}

/// `#expect(a == b)` on whole console states, naming the properties that differ instead of
/// printing two states of the whole duty room.
public func expectSame(_ a: ConsoleState, _ b: ConsoleState, sourceLocation: SourceLocation = #_sourceLocation) {
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

import ArgumentParser
import DutyCore
import DutyStore
import Foundation

/// For the convergence test: makes `count` changes on items every console has (acknowledgements,
/// notes, handling, ticks on the open round, roster changes), with a sync round every `every`
/// changes, as a busy console would while others do the same.
struct StressSyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stress-sync", shouldDisplay: false)

    @OptionGroup var store: StoreOption
    @Option var count = 1000
    @Option var every = 25
    @Option var seed: UInt64 = 1

    func run() throws {
        try runReporting {
            let s = try store.open()
            let round = SyncRound(store: s, clock: now)
            var rng = SeededRandom(state: seed)
            var made = 0
            for i in 0..<count {
                if i % every == 0 { _ = round.run() }
                guard let op = Self.change(s.state, node: s.node, step: i, &rng) else { continue }
                if (try? s.append([op], actor: "\(s.node)-值班员", at: now())) != nil { made += 1 }
            }
            _ = round.run()
            print("made \(made) changes; journal at \(s.position.seq)")
        }
    }

    static func change(_ state: DutyState, node: String, step: Int, _ rng: inout SeededRandom) -> Op? {
        func pick<T>(_ xs: [T]) -> T? { xs.isEmpty ? nil : xs[Int(rng.next() % UInt64(xs.count))] }
        let alerts = state.alerts.live.keys.sorted()
        switch rng.next() % 6 {
        case 0:
            return pick(alerts).map { .alertNoted(id: $0, text: "\(node) 第\(step)次巡查记录") }
        case 1:
            return pick(alerts.filter { state.alerts[$0]?.status == .new }).map { .alertAcknowledged(id: $0, note: node) }
        case 2:
            return pick(alerts).map { .alertHandling(id: $0, note: "\(node) 处置") }
        case 3, 4:
            guard let r = state.openRound, let point = pick(state.hazardPoints.values.sorted { $0.id < $1.id }),
                  let item = pick(state.templates[r.phase]?.items.filter { $0.applies(to: point.type) } ?? [])
            else { return nil }
            return .itemTicked(roundID: r.id, pointID: point.id, phase: r.phase, itemID: item.id,
                               result: rng.next() % 5 == 0 ? .problem : .ok, remark: rng.next() % 5 == 0 ? "\(node) 发现积水" : "")
        default:
            guard let slot = pick(state.slots.values.sorted { $0.id < $1.id }) else { return nil }
            return .slotReassigned(slotID: slot.id, person: "\(node)顶班\(step % 7)", phone: "138 0000 \(zeroPadded(step % 10_000, 4))", reason: "调班", from: slot.person)
        }
    }
}

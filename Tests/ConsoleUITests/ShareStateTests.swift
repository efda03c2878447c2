import DutyCore
import DutyTestSupport
import Testing
@testable import ConsoleUI

/// The header says how this console's changes stand with the other consoles: quietly when they
/// are shared, loudly when they cannot be.
@Suite struct ShareStateTests {
    static func header(_ share: ShareState, _ lang: Language, width: Int) -> (text: String, grid: Grid) {
        var s = Scene.state(lang)
        _ = update(&s, .shareChanged(share))
        let g = render(s, size: Size(width: width, height: width > 100 ? 40 : 24))
        return (g.lines[0], g)
    }

    @Test func aConsoleAloneSaysNothingAboutSharing() {
        #expect(Self.header(.none, .zh, width: 120).text.hasSuffix("已保存"))
    }

    @Test func sharedAndOfflineAreWrittenAfterTheSaveState() {
        #expect(Self.header(.shared, .zh, width: 120).text.hasSuffix("已保存·已共享"))
        #expect(Self.header(.sharing, .en, width: 120).text.hasSuffix("saved · sharing"))
        let since = Scene.now.adding(minutes: -47)
        let (zh, grid) = Self.header(.offline(since: since), .zh, width: 120)
        #expect(zh.hasSuffix("已保存·离线 自20:50"), "\(zh)")
        // Loud: the street offices do not see what is typed here.
        #expect(grid[119 - 1, 0].role == .headerAlarm)
        #expect(grid[119 - DisplayWidth.of("已保存·离线 自20:50"), 0].role != .headerAlarm)
        #expect(Self.header(.full, .en, width: 80).text.hasSuffix("saved · share full"))
        #expect(Self.header(.seen, .zh, width: 120).text.hasSuffix("已保存·对方已收"))
        #expect(Self.header(.clockSkew(peer: "street", minutes: -7), .zh, width: 120).text.hasSuffix("已保存·street时钟-7分"))
        #expect(Self.header(.conflict("alpha: record 1"), .en, width: 120).text.hasSuffix("saved · CONFLICT"))
        #expect(Self.header(.readOnly, .zh, width: 80).text.hasSuffix("已保存·共享只读"))
    }

    @Test func theRuntimeShowsTheStoresShareState() {
        final class SharingStore: ConsoleStore {
            var state: DutyState
            var current: ShareState = .shared
            init(_ s: DutyState) { state = s }
            func perform(_ intents: [Intent], actor: String, at: Instant) -> (save: SaveState, after: StoreChange) {
                (.saved, StoreChange(state: state, view: nil))
            }
            func poll() -> StoreChange? {
                current = .offline(since: Scene.now)
                return nil
            }
            func share() -> ShareState { current }
        }
        let start = Scene.state()
        let terminal = MemoryTerminal(size: Scene.large, script: [.idle, .idle, .key(.char("q"))])
        let runtime = ConsoleRuntime(terminal: terminal, store: SharingStore(start.duty), state: start, ascii: false) { Scene.now }
        runtime.run()
        #expect(runtime.state.share == .offline(since: Scene.now))
        #expect(terminal.frames.contains { $0.lines[0].hasSuffix("已保存·已共享") })
        #expect(terminal.lastFrame!.lines[0].hasSuffix("离线 自21:37"))
    }
}

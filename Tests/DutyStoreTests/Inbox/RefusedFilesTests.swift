import DutyCore
import DutyTestSupport
import Testing
@testable import DutyStore

/// Issue 18, item 3: the refused files, with their reasons, for the console to show.
@Suite struct RefusedFilesTests {
    @Test func refusedFilesAreListedWithTheirReasonsNewestFirst() throws {
        let f = try InboxFixture()
        #expect(f.inbox.refusedFiles() == [])
        try f.drop("notes.txt", "值班笔记")
        try f.drop("empty.xml", "")
        try f.takeIn()
        let refused = f.inbox.refusedFiles()
        #expect(Set(refused.map(\.name)) == ["notes.txt", "empty.xml"])
        #expect(refused.first { $0.name == "empty.xml" }?.reason == "the file is empty")
        #expect(refused.first { $0.name == "notes.txt" }?.reason.hasPrefix("neither CAP XML nor a JSON alert") == true)
        #expect(refused.map(\.at) == refused.map(\.at).sorted(by: >))
    }
}

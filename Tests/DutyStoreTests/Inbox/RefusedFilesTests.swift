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
        // Each reason also in Chinese, by its sort: what the duty officer reads first.
        #expect(refused.first { $0.name == "empty.xml" }?.chinese == "文件损坏或不完整")
        #expect(refused.first { $0.name == "notes.txt" }?.chinese == "不是预警文件")
        // The reason file itself, every byte: English (what `ingest` printed), then Chinese.
        let text = try f.fs.read(f.inbox.directory + "/rejected/empty.xml.reason")
        #expect(String(decoding: text, as: UTF8.self) == "the file is empty\n文件损坏或不完整\n")
    }

    /// A reason file from before there was a Chinese line still lists its file.
    @Test func anOlderReasonFileHasNoChinese() throws {
        let f = try InboxFixture()
        let dir = f.inbox.directory + "/rejected"
        try f.fs.createDirectory(dir)
        try f.fs.replaceDurably(dir + "/old.xml", Array("<x/>".utf8))
        try f.fs.replaceDurably(dir + "/old.xml.reason", Array("line 1: not CAP 1.2\n".utf8))
        let refused = f.inbox.refusedFiles()
        #expect(refused.map(\.name) == ["old.xml"])
        #expect(refused.first?.reason == "line 1: not CAP 1.2" && refused.first?.chinese == nil)
    }

    /// The planner's refusals (an alert that cannot be taken in as it is) keep its own Chinese.
    @Test func everySortOfRefusalHasItsChineseWords() {
        #expect(InboxRefusal("x", .notAnAlert).chinese == "不是预警文件")
        #expect(InboxRefusal("x", .damaged).chinese == "文件损坏或不完整")
        #expect(InboxRefusal("x", .faulty).chinese == "预警内容缺项或有误")
        #expect(InboxRefusal("x", .tooLarge).chinese == "文件过大")
        #expect(InboxRefusal("x", .unreadable).chinese == "无法读取")
        #expect(InboxRefusal("alert A-1 is already resolved", zh: "警情 A-1 已解决").fileText == "alert A-1 is already resolved\n警情 A-1 已解决\n")
    }
}

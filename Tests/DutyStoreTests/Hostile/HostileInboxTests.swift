import DutyCore
import DutyTestSupport
import Foundation
import Testing
@testable import DutyStore

/// Files made to hurt: each is refused with a reason a duty officer can act on, names its line, and
/// never stops the rest of the inbox from being taken in.
@Suite struct HostileInboxTests {
    static let open = #"<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">"#

    /// 100,000 nested elements (about 700 KB) ended the process with SIGSEGV when the tree was
    /// freed, and every restart claimed the file and crashed again.
    @Test func deepNestingIsRefusedAtAnyDepthAndTheRedAlertBehindItIsTakenIn() throws {
        let f = try InboxFixture()
        for depth in [33, 30_000, 100_000] {
            let text = Self.open + String(repeating: "<x>", count: depth) + String(repeating: "</x>", count: depth) + "</alert>"
            try f.drop("deep-\(depth).xml", text)
        }
        try f.drop("red.json", #"{"id":"R-1","source":"110联动","level":"red","title":"南洲路隧道水浸","street":"南洲街"}"#)
        let outcomes = try f.takeIn()
        let refused = outcomes.filter(\.isRefused).map(\.file).sorted()
        #expect(refused == ["deep-100000.xml", "deep-30000.xml", "deep-33.xml"])
        for o in outcomes where o.isRefused {
            #expect(o.result == .refused(InboxRefusal("line 1: nested too deep (more than 32 levels of elements): not an alert", .damaged)))
        }
        #expect(f.store.state.alerts.values.map(\.content.title) == ["南洲路隧道水浸"])
        #expect(f.files("rejected").count == 6)
    }

    @Test func nestingAsDeepAsAMessageWithMarkupIsRead() throws {
        let inner = String(repeating: "<b>", count: 20) + "雨量较大" + String(repeating: "</b>", count: 20)
        let text = capXML(id: "N-1", headline: "暴雨黄色预警", description: "").replacingOccurrences(of: "<description></description>",
                                                                                               with: "<description>\(inner)</description>")
        let m = try CAPParser.parse(Array(text.utf8))
        #expect(m.infos.first?.description == "雨量较大")
    }

    @Test func entitiesOtherThanXMLsOwnAreRefusedWithTheirLine() {
        let cases: [(String, String)] = [
            (Self.open + "\n<identifier>[&e;]</identifier></alert>",
             "line 2: &e; is not a character XML knows (only &lt; &gt; &amp; &quot; &apos; and &#…; are): write & as &amp;"),
            (Self.open + "\n\n<identifier>a & b</identifier></alert>", "line 3: a bare & (write it as &amp;)"),
            (Self.open + "\n<identifier a=\"&x;\">a</identifier></alert>",
             "line 2: &x; is not a character XML knows (only &lt; &gt; &amp; &quot; &apos; and &#…; are): write & as &amp;"),
            (Self.open + "\n<identifier>&#xD800;</identifier></alert>",
             "line 2: &#xD800; is not a character XML knows (only &lt; &gt; &amp; &quot; &apos; and &#…; are): write & as &amp;"),
        ]
        for (text, reason) in cases {
            #expect(throws: InboxRefusal(reason, .damaged)) { try CAPParser.parse(Array(text.utf8)) }
        }
        // In a comment or a CDATA section an & is only a character.
        let fine = capXML(id: "E-1", headline: "a &amp; b &#x4E00; &#20108;", description: "<![CDATA[a & b]]><!-- & -->")
        #expect(throws: Never.self) { try CAPParser.parse(Array(fine.utf8)) }
    }

    /// `<?pi?>` (a processing instruction without data) made Foundation's XMLParser read a NULL
    /// pointer and end the process: found by the fuzzer. Such instructions are blanked before the
    /// parse, lines kept.
    @Test func processingInstructionsCannotEndTheProcess() throws {
        let text = capXML(id: "P-1", headline: "暴雨黄色预警")
            .replacingOccurrences(of: "<info>", with: "<?pi?><info><?xml-stylesheet href=\"a.xsl\"?>")
        let m = try CAPParser.parse(Array(text.utf8))
        #expect(m.infos.first?.headline == "暴雨黄色预警")
        let found = try Data(contentsOf: MutationFixtures.found.appendingPathComponent("cap/pi-without-data.xml"))
        #expect(throws: InboxRefusal.self) { try CAPParser.parse(Array(found)) }
        // A refusal after a blanked instruction still names the right line.
        #expect(throws: InboxRefusal("line 4: not well-formed XML: an end tag that does not match the element it closes", .damaged)) {
            try CAPParser.parse(Array((Self.open + "\n<?a\nb?>\n<x></y></alert>").utf8))
        }
    }

    /// The billion-laughs file was refused as "XML error 89": a number nobody can act on.
    @Test func aDocumentTypeDeclarationIsRefusedBeforeItsEntitiesAreExpanded() {
        var laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for n in 1...9 { laughs += "<!ENTITY lol\(n) \"" + String(repeating: "&lol\(n == 1 ? "" : String(n - 1));", count: 10) + "\">\n" }
        laughs += "]>\n" + Self.open + "<identifier>&lol9;</identifier></alert>"
        #expect(throws: InboxRefusal("line 2: a <!DOCTYPE …> declaration: alert files have none, and entities defined in one are not accepted", .damaged)) {
            try CAPParser.parse(Array(laughs.utf8))
        }
    }

    @Test func libxml2ErrorsAreWordsWithALine() {
        let cases: [(String, String)] = [
            (Self.open + "\n<identifier>a</identifer>\n</alert>", "line 3: not well-formed XML: an end tag that does not match the element it closes"),
            (Self.open + "\n<a:identifier>a</a:identifier></alert>",
             "line 2: not well-formed XML: an element or attribute with a namespace prefix that is not declared (xmlns:…)"),
            (Self.open + "\n<identifier>a < b</identifier></alert>", "line 2: not well-formed XML: a < that starts no tag (write < in text as &lt;)"),
            (Self.open + "\n<identifier>a</identifier>\n</alert><x/>",
             "line 3: not well-formed XML: the file ends before every element is closed, or has more after the last one (cut off in transfer?)"),
        ]
        for (text, reason) in cases {
            #expect(throws: InboxRefusal(reason, .damaged)) { try CAPParser.parse(Array(text.utf8)) }
        }
    }

    /// A 3 MB one-line title was kept and printed whole by every listing.
    @Test func hugeFieldsAreCutSayingSoAndTheFileIsKept() throws {
        let f = try InboxFixture()
        let title = String(repeating: "水", count: 1_000_000)
        let body = String(repeating: "雨", count: 20_000)
        try f.drop("huge.json", #"{"id":"H-1","source":"110联动","level":"red","title":""# + title + #"","body":""# + body + #""}"#)
        let o = try #require(try f.takeIn().first)
        #expect(o.cuts == ["title cut to 200 of its 1000000 characters", "text cut to 8000 of its 20000 characters"])
        #expect(o.movedTo == "done/huge.json")
        let a = try #require(f.store.state.alerts.values.first)
        #expect(a.content.title == String(repeating: "水", count: 199) + "…")
        #expect(a.content.body.hasPrefix(String(repeating: "雨", count: 7_999) + "…\n（原文 20000 字"))
        #expect(try f.fs.size(Path.join(f.root, "inbox/done/huge.json")) > 3_000_000)
    }

    /// Reasons quote the file: whatever it holds reaches a `.reason` file and the terminal inert,
    /// on one line, and short.
    @Test func reasonsAreInertOneLineAndShort() throws {
        let f = try InboxFixture()
        let evil = "\\u001b]0;pwned\\u0007\\u001b[2J\\n" + String(repeating: "x", count: 3_000_000)
        try f.drop("evil.json", #"{"id":"V-1","source":"x","title":"t","level":""# + evil + #""}"#)
        let o = try #require(try f.takeIn().first)
        guard case .refused(let refusal) = o.result else { Issue.record("not refused: \(o)"); return }
        let reason = refusal.reason
        #expect(reason.hasPrefix("\"level\" \"^[]0;pwned^G^[[2J xxx"))
        #expect(reason.hasSuffix("…\" is not red, orange, yellow, blue or white (红/橙/黄/蓝/白)"))
        let file = try #require(f.text("rejected/evil.json.reason"))
        #expect(file == reason + "\n预警内容缺项或有误\n")
        #expect(InertText.isClean(reason) && reason.count < 200)
    }
}

/// No file can hold a console in a crash loop: a file whose reader died is tried once more, and
/// if that reader dies too it is refused for good.
@Suite struct CrashLoopTests {
    let red = #"{"id":"R-9","source":"110联动","level":"red","title":"隧道水浸","street":"南洲街"}"#

    func claim(_ f: InboxFixture, _ text: String, _ content: String) throws {
        let dir = Path.join(f.root, "inbox/.taking")
        if !f.fs.isDirectory(dir) { try f.fs.createDirectory(dir) }
        try f.fs.replaceDurably(Path.join(dir, text), Array(content.utf8))
    }

    @Test func aFileWhoseReaderDiedIsTriedOnceMoreAndRefusedWhenTheSecondReaderDiesToo() throws {
        let f = try InboxFixture()
        f.inbox.isProcessAlive = { $0 != 4_000_001 && $0 != 4_000_002 }
        // The first reader (4000001) died holding it: back for one more try, before the inbox.
        try claim(f, "4000001-beef.killer.json", red)
        try f.drop("other.json", #"{"id":"O-1","source":"s","title":"别的"}"#)
        f.inbox.isProcessAlive = { $0 != 4_000_001 }
        // Simulate the retrying reader dying: take the retry claim by hand, as a reader would.
        try f.inbox.takeIn(maxFiles: 0, now: InboxFixture.now)
        #expect(try f.fs.list(Path.join(f.root, "inbox/.retry")) == ["killer.json"])
        try f.fs.rename(Path.join(f.root, "inbox/.retry/killer.json"), Path.join(f.root, "inbox/.taking/4000002-cafe+.killer.json"), replacing: false)
        f.inbox.isProcessAlive = { $0 != 4_000_001 && $0 != 4_000_002 }
        let outcomes = try f.takeIn()
        #expect(outcomes.contains(InboxOutcome(file: "killer.json", result: .refused(Inbox.stoppedReader), movedTo: "rejected/killer.json")))
        #expect(f.text("rejected/killer.json.reason") == "the reader stopped while reading this file\n读取时进程两次中止（文件可能有害）\n")
        #expect(f.store.state.alerts.values.map(\.content.title) == ["别的"])
        #expect(try f.fs.list(Path.join(f.root, "inbox/.taking")) == [])
        // Never claimed again.
        #expect(try f.takeIn() == [])
    }

    @Test func aRetriedFileThatReadsIsTakenInBeforeTheInbox() throws {
        let f = try InboxFixture()
        try claim(f, "4000001-beef.red.json", red)
        try f.drop("a.json", #"{"id":"A-1","source":"s","title":"别的"}"#)
        f.inbox.isProcessAlive = { $0 != 4_000_001 }
        let outcomes = try f.takeIn()
        #expect(outcomes.map(\.file) == ["red.json", "a.json"])
        #expect(f.files("done").sorted() == ["a.json", "red.json"])
        #expect((try? f.fs.list(Path.join(f.root, "inbox/.retry"))) ?? [] == [])
    }

    @Test func aClaimOfALiveReaderIsLeftAlone() throws {
        let f = try InboxFixture()
        try claim(f, "4000001-beef+.red.json", red)
        f.inbox.isProcessAlive = { _ in true }
        #expect(try f.takeIn() == [])
        #expect(try f.fs.list(Path.join(f.root, "inbox/.taking")) == ["4000001-beef+.red.json"])
    }

    /// A reader that died but has not been reaped still answers kill(pid, 0).
    @Test func aZombieCountsAsGone() throws {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
        defer { for a in argv { free(a) } }
        #expect(posix_spawn(&pid, "/bin/true", nil, nil, argv, environ) == 0)
        // Not reaped: a zombie until waitpid below.
        var waited = 0
        while Inbox.processIsRunning(pid), waited < 500 {
            usleep(10_000)
            waited += 1
        }
        #expect(kill(pid, 0) == 0, "still a zombie, so kill(pid, 0) answers")
        #expect(!Inbox.processIsRunning(pid))
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(!Inbox.processIsRunning(pid))
        #expect(Inbox.processIsRunning(getpid()))
    }
}

enum MutationFixtures {
    /// Inputs the fuzzers broke once, kept as tests (`Tests/Fuzz/found/<target>/`).
    static let found = TestPaths.tests("Fuzz/found")
}

import DutyCore

/// The roster as an iCalendar file (RFC 5545), after every change: one VEVENT per slot.
///
/// - Times are written in UTC (`…Z`), so a night shift that ends the next morning is right in any
///   calendar without a VTIMEZONE, and the store's own zone (Asia/Shanghai by default) decides
///   which instant a roster time means.
/// - A slot's UID is its id in this store, so exporting again after a change updates the event in
///   a calendar instead of adding a second one; SEQUENCE counts the slot's changes so calendars
///   know the newer version wins.
/// - The output depends only on the state and the given stamp: the same store gives the same bytes.
public enum ICalendarExport {
    public struct Options: Sendable {
        /// Only this person's slots (matched exactly after trimming), or everyone's.
        public var person: String?
        /// DTSTAMP: when the file was made.
        public var stamp: Instant
        /// Makes UIDs unique to this district's roster.
        public var domain: String

        public init(person: String? = nil, stamp: Instant, domain: String = "duty-watch.haizhu") {
            self.person = person
            self.stamp = stamp
            self.domain = domain
        }
    }

    public static func render(_ state: DutyState, calendar: LocalCalendar, options: Options) -> String {
        let wanted = options.person?.trimmingCharacters(in: .whitespaces)
        let slots = state.slots.values
            .filter { wanted == nil || $0.person == wanted }
            .sorted { ($0.startInstant(calendar), $0.role.rank, $0.id) < ($1.startInstant(calendar), $1.role.rank, $1.id) }
        var changes: [String: [RosterChange]] = [:]
        for c in state.rosterChanges {
            for id in c.slotIDs { changes[id, default: []].append(c) }
        }

        var lines: [String] = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Haizhu District Emergency Management//duty-watch//ZH",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + text(wanted.map { "海珠区应急值守 \($0)" } ?? "海珠区应急值守排班"),
            "X-WR-TIMEZONE:" + text(calendar.timeZone.identifier),
        ]
        for slot in slots {
            let slotChanges = changes[slot.id] ?? []
            var description = "\(slot.role.name) \(slot.person)"
            if !slot.phone.isEmpty { description += "\n电话 \(slot.phone)" }
            for c in slotChanges {
                description += "\n调整 \(c.what)（\(c.by.actor)"
                description += c.reason.isEmpty ? "）" : "：\(c.reason)）"
            }
            lines += [
                "BEGIN:VEVENT",
                "UID:" + text("\(slot.id)@\(options.domain)"),
                "DTSTAMP:" + utc(options.stamp),
                "DTSTART:" + utc(slot.startInstant(calendar)),
                "DTEND:" + utc(slot.endInstant(calendar)),
                "SEQUENCE:\(slotChanges.count)",
                "SUMMARY:" + text("\(slot.role.name) \(slot.person)"),
                "DESCRIPTION:" + text(description),
                "CATEGORIES:" + text(slot.role.name),
                "TRANSP:OPAQUE",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `20261129T093000Z`.
    static func utc(_ t: Instant) -> String {
        let seconds = t.ms >= 0 ? t.ms / 1000 : (t.ms - 999) / 1000
        let day = LocalDate(dayNumber: Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400))
        let s = Int(seconds - Int64(day.dayNumber) * 86_400)
        return "\(pad(day.year, 4))\(pad(day.month, 2))\(pad(day.day, 2))T\(pad(s / 3600, 2))\(pad(s / 60 % 60, 2))\(pad(s % 60, 2))Z"
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped; other
    /// control characters, which the format cannot carry and a calendar would show raw, dropped.
    static func text(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default:
                if u.value < 0x20 || u.value == 0x7F || (0x80..<0xA0).contains(u.value) { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Content lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8
    /// sequence: Chinese text is three octets a character.
    static func fold(_ line: String) -> String {
        var out = ""
        var used = 0
        var limit = 75
        for ch in line.unicodeScalars {
            let n = String(ch).utf8.count
            if used + n > limit {
                out += "\r\n "
                used = 0
                limit = 74 // the leading space counts
            }
            out.unicodeScalars.append(ch)
            used += n
        }
        return out
    }
}

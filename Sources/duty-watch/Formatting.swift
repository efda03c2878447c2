import ArgumentParser
import DutyCore
import DutyStore
import Foundation

/// The language of text output: Chinese unless the store's config or `--lang` says English.
enum Lang: String, ExpressibleByArgument {
    case zh, en

    static func resolve(_ option: Lang?, _ config: StoreConfig) -> Lang {
        option ?? Lang(rawValue: config.language) ?? .zh
    }

    func pick(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }
}

/// Shared wording of the command line's text output.
struct Text {
    let lang: Lang

    static let weekdaysZh = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"]
    static let weekdaysEn = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    func weekday(_ d: LocalDate) -> String { (lang == .zh ? Self.weekdaysZh : Self.weekdaysEn)[d.weekday] }

    func shift(_ s: DutySlot) -> String {
        lang == .zh ? "\(s.start)–\(s.endsNextDay ? "次日" : "")\(s.end)" : "\(s.start)–\(s.end)\(s.endsNextDay ? " (+1 day)" : "")"
    }

    /// `7分`, `4时25分` as the duty room writes ages; `7m`, `4h25m` in English.
    func duration(seconds: Int64) -> String {
        let m = Int(max(0, seconds) / 60)
        if m < 60 { return lang.pick("\(m)分", "\(m)m") }
        return lang.pick("\(m / 60)时\(m % 60)分", "\(m / 60)h\(String(format: "%02d", m % 60))m")
    }

    func role(_ r: DutyRole) -> String { lang == .zh ? r.name : r.englishName }
    func level(_ l: AlertLevel) -> String { lang == .zh ? l.chinese : l.english }
    func status(_ s: AlertStatus) -> String { lang == .zh ? s.chinese : s.english }

    func slotLine(_ s: DutySlot) -> String {
        "  \(pad(role(s.role), lang == .zh ? 10 : 18)) \(pad(InertText.line(s.person), 10)) \(InertText.line(s.phone))"
    }
}

/// The JSON shapes of `--json` output (documented in the README).
enum JSONShape {
    static func slot(_ s: DutySlot) -> [String: Any] {
        ["id": s.id, "date": s.date.description, "start": s.start.description, "end": s.end.description,
         "endDate": s.endDate.description, "role": s.role.name, "person": s.person, "phone": s.phone]
    }

    static func stamp(_ st: Stamp, _ cal: LocalCalendar) -> [String: Any] {
        ["by": st.actor, "at": cal.iso8601(st.at)]
    }

    /// `expired` is judged at `at`; `sent`, `expires` and `lifted` are null when unset.
    static func alert(_ a: Alert, _ cal: LocalCalendar, at: Instant) -> [String: Any] {
        let c = a.content
        let null = NSNull()
        return [
            "id": c.id, "source": c.source, "kind": c.kind, "level": c.level.rawValue, "title": c.title,
            "body": c.body, "street": c.street, "received": cal.iso8601(a.received.at), "status": a.status.rawValue,
            "reality": c.reality.rawValue, "sent": c.sent.map(cal.iso8601) ?? null, "expires": c.expires.map(cal.iso8601) ?? null,
            "expired": a.isExpired(at: at), "lifted": a.isLifted, "liftedAt": a.lifted.map { cal.iso8601($0.at) } ?? null,
            "acknowledgedBy": a.acknowledgements.map { stamp($0, cal) },
            "history": a.events.map { e in
                // `kind`/`actor` name the same as `event`/`by`, which older scripts read.
                ["event": e.kind.rawValue, "kind": e.kind.rawValue, "by": e.stamp.actor, "actor": e.stamp.actor,
                 "at": cal.iso8601(e.stamp.at), "text": e.text] as [String: Any]
            },
        ]
    }
}

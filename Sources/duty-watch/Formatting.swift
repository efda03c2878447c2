import DutyCore

/// Shared wording of the command line's text output.
enum Text {
    static let weekdays = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"]

    static func shift(_ s: DutySlot) -> String {
        "\(s.start)–\(s.endsNextDay ? "次日" : "")\(s.end)"
    }

    static func duration(seconds: Int64) -> String {
        let m = max(0, seconds) / 60
        return m >= 60 ? "\(m / 60)h\(String(format: "%02d", Int(m % 60)))m" : "\(m)m"
    }

    static func slotLine(_ s: DutySlot) -> String {
        "  \(pad(s.role.name, 10)) \(pad(InertText.line(s.person), 10)) \(InertText.line(s.phone))"
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

    static func alert(_ a: Alert, _ cal: LocalCalendar) -> [String: Any] {
        let c = a.content
        return [
            "id": c.id, "source": c.source, "kind": c.kind, "level": c.level.rawValue, "title": c.title,
            "body": c.body, "street": c.street, "received": cal.iso8601(a.received.at), "status": a.status.rawValue,
            "acknowledgedBy": a.acknowledgements.map { stamp($0, cal) },
            "history": a.events.map { e in
                ["event": e.kind.rawValue, "by": e.stamp.actor, "at": cal.iso8601(e.stamp.at), "text": e.text] as [String: Any]
            },
        ]
    }
}

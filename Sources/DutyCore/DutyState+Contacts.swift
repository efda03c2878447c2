/// Read-only views for the 三防 pane: the ledger in map order, search, and the last call to each person.
extension DutyState {
    /// The ledger by street in the district's order, then by the hazard point of the same name
    /// (so facilities follow the map), then by facility.
    public var contactsInOrder: [FloodContact] {
        let streetOrder = Dictionary(uniqueKeysWithValues: Haizhu.streets.enumerated().map { ($1, $0) })
        var pointOrder: [String: String] = [:]
        for p in hazardPoints.values { pointOrder[FloodContact.makeID(facility: p.name, street: p.street)] = p.id }
        // Keys computed once per line: comparing and hashing Chinese text is the slow part.
        let keyed = contacts.values.map { c in (street: streetOrder[c.street] ?? 99, point: pointOrder[c.id] ?? "~", c: c) }
        return keyed.sorted { a, b in
            if a.street != b.street { return a.street < b.street }
            if a.street == 99, a.c.street != b.c.street { return a.c.street < b.c.street }
            if a.point != b.point { return a.point < b.point }
            return (a.c.facility, a.c.id) < (b.c.facility, b.c.id)
        }.map(\.c)
    }

    /// The latest call to each person of the ledger (by contact and role), with how many calls
    /// they had. One pass over the call log.
    public func lastCalls() -> [ContactRoleKey: (last: CallEntry, count: Int)] {
        let log = calls
        // A busy year logs tens of thousands of calls, and hashing their Chinese contact ids as
        // Strings (which normalises them) costs most of a microsecond each. Two independent 64-bit
        // hashes of the bytes stand in for the id during the pass (a collision among a ledger's
        // few thousand people is ~1e-30 likely); the result is keyed by the real id.
        var seen: [PersonHash: (index: Int, count: Int)] = [:]
        for i in log.indices {
            let key = PersonHash(log[i].contactID, log[i].role)
            if let s = seen[key] {
                seen[key] = (i, s.count + 1)
            } else {
                seen[key] = (i, 1)
            }
        }
        var out: [ContactRoleKey: (last: CallEntry, count: Int)] = [:]
        for v in seen.values {
            let c = log[v.index]
            out[ContactRoleKey(contactID: c.contactID, role: c.role)] = (c, v.count)
        }
        return out
    }
}

/// FNV-1a and a second multiply-xorshift hash over the UTF-8 bytes of a contact id, with the role.
private struct PersonHash: Hashable {
    var a: UInt64 = 0xCBF2_9CE4_8422_2325
    var b: UInt64 = 0x9E37_79B9_7F4A_7C15

    init(_ id: String, _ role: ResponsibleRole) {
        var id = id
        var a = self.a, b = self.b
        id.withUTF8 { bytes in
            for byte in bytes {
                a = (a ^ UInt64(byte)) &* 0x100_0000_01B3
                b = (b &+ UInt64(byte)) &* 0xBF58_476D_1CE4_E5B9
                b ^= b >> 29
            }
        }
        let r: UInt64
        switch role {
        case .leader: r = 1
        case .technical: r = 2
        case .maintenance: r = 3
        }
        self.a = (a ^ r) &* 0x100_0000_01B3
        self.b = (b &+ r) &* 0x94D0_49BB_1331_11EB
    }
}

extension FloodContact {
    /// Whether `query` (already trimmed) appears in the facility, the street, a person's name or
    /// a phone number (spaces ignored), case-insensitively. An empty query matches everything.
    public func matches(_ query: String) -> Bool {
        let q = query.lowercased()
        if q.isEmpty { return true }
        let people = ResponsibleRole.allCases.map(person)
        if facility.lowercased().contains(q) || street.lowercased().contains(q) { return true }
        if people.contains(where: { $0.name.lowercased().contains(q) }) { return true }
        let digits = q.filter { !$0.isWhitespace }
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber) else { return false }
        return people.contains { $0.phone.filter { !$0.isWhitespace }.contains(digits) }
    }
}

/// One person of the ledger: a facility's line and which of its three posts.
public struct ContactRoleKey: Hashable, Sendable {
    public var contactID: String
    public var role: ResponsibleRole
    public init(contactID: String, role: ResponsibleRole) {
        self.contactID = contactID
        self.role = role
    }
}

import Foundation

/// One `area` of a publisher's message as written: what the duty room judges it by.
public struct AlertArea: Hashable, Sendable {
    public struct Geocode: Hashable, Sendable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// `areaDesc`.
    public var description: String
    /// Each `polygon` and `circle` as written (`lat,lon` pairs; `lat,lon radius`).
    public var polygons: [String]
    public var circles: [String]
    public var geocodes: [Geocode]

    public init(description: String, polygons: [String] = [], circles: [String] = [], geocodes: [Geocode] = []) {
        self.description = description
        self.polygons = polygons
        self.circles = circles
        self.geocodes = geocodes
    }
}

/// Whether an alert's area is the district's. Careful by design: an alert is marked outside
/// (区外) only when every area it gives lies wholly elsewhere by something a machine can be sure
/// of: a polygon or circle clear of the outline, or a code of a known scheme that names another
/// place. Touching the outline, an unreadable shape, a code of a scheme not known here, or a
/// description naming the district, one of its streets or the whole city keeps it the
/// district's; so does having no area at all. Missing a foreign alert costs noise; missing one
/// of the district's costs a response.
public enum DistrictArea {
    public enum Verdict: Hashable, Sendable {
        /// Overlaps the district (or names it).
        case district
        /// Wholly somewhere else.
        case elsewhere
        /// Nothing here places it.
        case unknown
    }

    /// True only when there is an area and every one lies wholly elsewhere.
    public static func isWhollyElsewhere(_ areas: [AlertArea]) -> Bool {
        !areas.isEmpty && areas.allSatisfy { verdict($0) == .elsewhere }
    }

    /// Shapes decide where they are given: CAP asks publishers to give a `polygon` or `circle`
    /// with any `geocode`, as the form every reader understands, so codes beside shapes can
    /// only add the district, never take it away. Codes alone decide an area without shapes.
    public static func verdict(_ area: AlertArea) -> Verdict {
        if namesDistrict(area.description) { return .district }
        let codes = area.geocodes.map(verdict)
        if codes.contains(.district) { return .district }
        let shapes = area.polygons.map(polygonVerdict) + area.circles.map(circleVerdict)
        if shapes.contains(.district) { return .district }
        let decisive = shapes.isEmpty ? codes : shapes
        return !decisive.isEmpty && decisive.allSatisfy { $0 == .elsewhere } ? .elsewhere : .unknown
    }

    // MARK: - Words

    /// 海珠区 or Haizhu, one of its streets by its full name (南洲 alone is part of other names),
    /// or Guangzhou as a whole (广州 with none of the city's other districts named).
    public static func namesDistrict(_ text: String) -> Bool {
        let t = text.replacingOccurrences(of: "廣", with: "广").lowercased()
        if t.contains("海珠") || t.contains("haizhu") { return true }
        if Haizhu.streets.contains(where: { t.contains($0) }) { return true }
        let city = t.contains("广州") || t.contains("guangzhou")
        return city && !Haizhu.otherDistrictsOfCity.contains(where: { t.contains($0) })
    }

    // MARK: - Codes

    /// A code that covers Haizhu is the district's whatever its scheme claims; a code of a
    /// scheme known here (China's administrative codes, ISO 3166, and the schemes of the feeds
    /// the duty room has seen: the US's SAME/FIPS/UGC, Canada's, Taiwan's, Europe's) names
    /// another place; any other code is not understood.
    public static func verdict(_ code: AlertArea.Geocode) -> Verdict {
        let name = code.name.lowercased(), value = code.value.trimmingCharacters(in: .whitespaces)
        if foreignSchemes.contains(where: { name.hasPrefix($0) || name.contains("/" + $0) }) { return .elsewhere }
        if name.contains("iso") || name.contains("3166"), isCountryCode(value) {
            return ["CN", "CHN", "CN-GD", "CN-44"].contains(value.uppercased()) ? .district : .elsewhere
        }
        if coversHaizhu(value) { return .district }
        let adminScheme = ["行政区划", "区划", "adcode", "gb/t 2260", "gb/t2260", "gb2260", "administrative"].contains { name.contains($0) }
        return adminScheme && isAdministrativeCode(value) ? .elsewhere : .unknown
    }

    /// Lower-cased beginnings of scheme names whose codes are never Haizhu's.
    static let foreignSchemes = [
        "same", "fips", "ugc", "taiwan_geocode", "profile:cap-cp:location", "layer:ec-msc-smc", "nuts", "emma_id", "warncellid",
        "www.psma.com.au",
    ]

    /// GB/T 2260 (six digits, nine for a street, twelve for a village): 440105…, or the whole
    /// of Guangzhou (440100) or of Guangdong (440000).
    static func coversHaizhu(_ value: String) -> Bool {
        guard isAdministrativeCode(value) else { return false }
        let padded = value + String(repeating: "0", count: 12 - value.count)
        return padded.hasPrefix(Haizhu.adminCode) || padded == Haizhu.cityCode + "000000" || padded == Haizhu.provinceCode + "000000"
    }

    static func isAdministrativeCode(_ value: String) -> Bool {
        [6, 9, 12].contains(value.count) && value.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// ISO 3166-1 (`AU`, `AUS`) or 3166-2 (`AU-NSW`).
    static func isCountryCode(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), (2...3).contains(parts[0].count), parts[0].allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.count == 1 || (1...3).contains(parts[1].count) && parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    // MARK: - Shapes

    /// The district's boundary every 100 m, for distances on the sphere.
    private static let boundary = Haizhu.outline.boundary(spacing: 0.1)

    static func polygonVerdict(_ text: String) -> Verdict {
        guard let p = GeoPolygon(capText: text) else { return .unknown }
        return p.overlaps(Haizhu.outline) ? .district : .elsewhere
    }

    /// Overlapping when the centre is inside, or the boundary comes within the radius (points
    /// 100 m apart, so up to 50 m more is allowed: straddling is the district's).
    static func circleVerdict(_ text: String) -> Verdict {
        guard let c = GeoCircle(capText: text) else { return .unknown }
        if Haizhu.outline.contains(c.centre) { return .district }
        return boundary.contains { c.centre.kilometres(to: $0) <= c.radiusKm + 0.05 } ? .district : .elsewhere
    }
}

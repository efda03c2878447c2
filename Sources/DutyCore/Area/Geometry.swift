#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A place in WGS 84 degrees, as CAP and maps give it.
public struct GeoPoint: Hashable, Sendable {
    public var lon: Double
    public var lat: Double

    public init(lon: Double, lat: Double) {
        self.lon = lon
        self.lat = lat
    }

    /// CAP's `lat,lon` (CAP writes latitude first, unlike GeoJSON); nil unless both are numbers
    /// in range.
    public init?(capPair text: Substring) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let lat = Double(parts[0]), let lon = Double(parts[1]),
              lat.isFinite, lon.isFinite, abs(lat) <= 90, abs(lon) <= 180 else { return nil }
        self.init(lon: lon, lat: lat)
    }

    /// Great-circle distance in kilometres (haversine; the earth's mean radius).
    public func kilometres(to other: GeoPoint) -> Double {
        let r = 6371.0088, rad = Double.pi / 180
        let dLat = (other.lat - lat) * rad, dLon = (other.lon - lon) * rad
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(lat * rad) * cos(other.lat * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, h.squareRoot()))
    }
}

/// A polygon with straight edges in degree space (how CAP's `polygon` is drawn). Tests on
/// degrees are exact for containment and crossing, since both are unchanged by scaling an axis.
public struct GeoPolygon: Hashable, Sendable {
    /// Without the closing repeat of the first point.
    public let points: [GeoPoint]
    let minLon, maxLon, minLat, maxLat: Double

    public init(_ points: [GeoPoint]) {
        var p = points
        if p.count > 1, p.first == p.last { p.removeLast() }
        self.points = p
        minLon = p.map(\.lon).min() ?? 0
        maxLon = p.map(\.lon).max() ?? 0
        minLat = p.map(\.lat).min() ?? 0
        maxLat = p.map(\.lat).max() ?? 0
    }

    /// CAP's `polygon`: `lat,lon` pairs separated by spaces, at least three distinct points.
    /// Nil for anything else: a shape that cannot be read tells nothing about where it is.
    public init?(capText text: String) {
        var points: [GeoPoint] = []
        for pair in text.split(whereSeparator: \.isWhitespace) {
            guard let p = GeoPoint(capPair: pair) else { return nil }
            points.append(p)
        }
        self.init(points)
        guard Set(self.points).count >= 3 else { return nil }
    }

    var edges: some Sequence<(GeoPoint, GeoPoint)> {
        points.indices.lazy.map { (points[$0], points[($0 + 1) % points.count]) }
    }

    /// Inside or on the boundary (even-odd rule).
    public func contains(_ p: GeoPoint) -> Bool {
        guard p.lon >= minLon, p.lon <= maxLon, p.lat >= minLat, p.lat <= maxLat else { return false }
        var inside = false
        for (a, b) in edges {
            if Self.onSegment(p, a, b) { return true }
            if (a.lat > p.lat) != (b.lat > p.lat), p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon {
                inside.toggle()
            }
        }
        return inside
    }

    /// Any point in common, the boundary included: one inside the other, or edges that cross or touch.
    public func overlaps(_ other: GeoPolygon) -> Bool {
        guard minLon <= other.maxLon, other.minLon <= maxLon, minLat <= other.maxLat, other.minLat <= maxLat else { return false }
        if other.points.contains(where: contains) || points.contains(where: other.contains) { return true }
        for (a, b) in edges {
            for (c, d) in other.edges where Self.segmentsMeet(a, b, c, d) { return true }
        }
        return false
    }

    /// The boundary as points at most `spacing` kilometres apart, for distances on the sphere.
    func boundary(spacing: Double) -> [GeoPoint] {
        edges.flatMap { a, b in
            let n = max(1, Int((a.kilometres(to: b) / spacing).rounded(.up)))
            return (0..<n).map { i in
                let t = Double(i) / Double(n)
                return GeoPoint(lon: a.lon + (b.lon - a.lon) * t, lat: a.lat + (b.lat - a.lat) * t)
            }
        }
    }

    private static func cross(_ o: GeoPoint, _ a: GeoPoint, _ b: GeoPoint) -> Double {
        (a.lon - o.lon) * (b.lat - o.lat) - (a.lat - o.lat) * (b.lon - o.lon)
    }

    private static func onSegment(_ p: GeoPoint, _ a: GeoPoint, _ b: GeoPoint) -> Bool {
        cross(a, b, p) == 0 && p.lon >= min(a.lon, b.lon) && p.lon <= max(a.lon, b.lon)
            && p.lat >= min(a.lat, b.lat) && p.lat <= max(a.lat, b.lat)
    }

    /// Crossing or touching (collinear overlaps included).
    static func segmentsMeet(_ a: GeoPoint, _ b: GeoPoint, _ c: GeoPoint, _ d: GeoPoint) -> Bool {
        let d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d)
        if (d1 > 0 && d2 < 0 || d1 < 0 && d2 > 0) && (d3 > 0 && d4 < 0 || d3 < 0 && d4 > 0) { return true }
        return onSegment(a, c, d) || onSegment(b, c, d) || onSegment(c, a, b) || onSegment(d, a, b)
    }
}

/// CAP's `circle`: a centre and a radius in kilometres.
public struct GeoCircle: Hashable, Sendable {
    public var centre: GeoPoint
    public var radiusKm: Double
}

extension GeoCircle {
    /// `lat,lon radius`; nil for anything else (a negative or missing radius included).
    public init?(capText text: String) {
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, let centre = GeoPoint(capPair: parts[0]), let r = Double(parts[1]), r.isFinite, r >= 0 else { return nil }
        self.init(centre: centre, radiusKm: r)
    }
}

import Testing
@testable import DutyCore

/// Whether an alert's area is the district's: the data it is judged against, and each kind of
/// area (description, code, polygon, circle) inside, outside and straddling the outline.
@Suite struct DistrictAreaTests {
    typealias Code = AlertArea.Geocode

    /// CAP writes `lat,lon`; these build the text from points given as (lon, lat) like the data.
    static func polygon(_ points: [(Double, Double)]) -> String {
        (points + [points[0]]).map { "\($0.1),\($0.0)" }.joined(separator: " ")
    }

    static func circle(_ lon: Double, _ lat: Double, _ km: Double) -> String { "\(lat),\(lon) \(km)" }

    /// A square of `half` degrees around a point.
    static func square(_ lon: Double, _ lat: Double, _ half: Double) -> String {
        polygon([(lon - half, lat - half), (lon + half, lat - half), (lon + half, lat + half), (lon - half, lat + half)])
    }

    // MARK: - The data

    @Test func everyStreetHasAPositionInsideTheOutline() {
        #expect(Set(Haizhu.streetPositions.keys) == Set(Haizhu.streets))
        for (street, p) in Haizhu.streetPositions {
            #expect(Haizhu.outline.contains(p), "\(street) at \(p) is outside the outline")
        }
    }

    /// Within the bounds the district is known to have (lon 113.23–113.43, lat 23.04–23.12),
    /// about its published 90.4 km², with 广州塔 inside and the neighbours' landmarks outside.
    @Test func theOutlineIsWhereTheDistrictIs() {
        let o = Haizhu.outline
        #expect(o.points.allSatisfy { (113.23...113.43).contains($0.lon) && (23.04...23.12).contains($0.lat) })
        let kx = 111.32 * 0.9199, ky = 110.57   // km per degree at 23.08° N
        let area = abs(o.points.indices.reduce(0.0) { sum, i in
            let a = o.points[i], b = o.points[(i + 1) % o.points.count]
            return sum + a.lon * kx * b.lat * ky - b.lon * kx * a.lat * ky
        }) / 2
        #expect((85...97).contains(area), "\(area) km²")
        #expect(o.contains(GeoPoint(lon: 113.319, lat: 23.1089)))    // 广州塔
        #expect(!o.contains(GeoPoint(lon: 113.323, lat: 23.119)))    // 花城广场, 天河 across the river
        #expect(!o.contains(GeoPoint(lon: 113.243, lat: 23.108)))    // 沙面, 荔湾
        #expect(!o.contains(GeoPoint(lon: 113.395, lat: 23.050)))    // 大学城, 番禺
    }

    // MARK: - Descriptions

    @Test func aDescriptionNamingTheDistrictAStreetOrTheWholeCityIsTheDistricts() {
        for text in ["海珠区", "广州市海珠区南洲街", "南华西街聚龙大街", "广州市", "廣州市", "Guangzhou", "Haizhu District", "广州市全市"] {
            #expect(DistrictArea.namesDistrict(text), "\(text)")
        }
        for text in ["广州市番禺区", "Guangzhou Tianhe 天河区", "Los Angeles County", "花蓮縣三棧溪", "南洲", ""] {
            #expect(!DistrictArea.namesDistrict(text), "\(text)")
        }
    }

    /// A description alone never takes an alert out of the district: words are not places.
    @Test func aDescriptionAloneIsNotAPlace() {
        #expect(DistrictArea.verdict(AlertArea(description: "Los Angeles County")) == .unknown)
        #expect(!DistrictArea.isWhollyElsewhere([AlertArea(description: "花蓮縣")]))
    }

    // MARK: - Codes

    @Test func administrativeCodes() {
        let name = "行政区划代码"
        #expect(DistrictArea.verdict(Code(name: name, value: "440105")) == .district)
        #expect(DistrictArea.verdict(Code(name: name, value: "440105011")) == .district)      // a street of it
        #expect(DistrictArea.verdict(Code(name: name, value: "440100")) == .district)         // all Guangzhou
        #expect(DistrictArea.verdict(Code(name: name, value: "440000000000")) == .district)   // all Guangdong
        #expect(DistrictArea.verdict(Code(name: name, value: "440106")) == .elsewhere)        // 天河
        #expect(DistrictArea.verdict(Code(name: name, value: "440113001")) == .elsewhere)     // a street of 番禺
        // A code covering Haizhu is the district's whatever its scheme says it is.
        #expect(DistrictArea.verdict(Code(name: "areaId", value: "440105")) == .district)
        // A six-digit code of an unknown scheme may be a postcode (海珠 510220): not understood.
        #expect(DistrictArea.verdict(Code(name: "areaId", value: "510220")) == .unknown)
    }

    @Test func foreignSchemesAndCountryCodes() {
        #expect(DistrictArea.verdict(Code(name: "SAME", value: "006037")) == .elsewhere)
        #expect(DistrictArea.verdict(Code(name: "Taiwan_Geocode_103", value: "1001502")) == .elsewhere)
        #expect(DistrictArea.verdict(Code(name: "profile:CAP-CP:Location:0.3", value: "3537001")) == .elsewhere)
        #expect(DistrictArea.verdict(Code(name: "http://www.psma.com.au/?product=postcode-boundaries", value: "2642")) == .elsewhere)
        #expect(DistrictArea.verdict(Code(name: "http://www.iso.org/iso/country_codes.html", value: "AU-NSW")) == .elsewhere)
        #expect(DistrictArea.verdict(Code(name: "ISO 3166-2", value: "CN-GD")) == .district)
        #expect(DistrictArea.verdict(Code(name: "ISO 3166-1", value: "CN")) == .district)
        #expect(DistrictArea.verdict(Code(name: "station", value: "59287")) == .unknown)
    }

    // MARK: - Polygons

    @Test func polygons() {
        let verdict = { (text: String) in DistrictArea.verdict(AlertArea(description: "", polygons: [text])) }
        #expect(verdict(Self.square(113.305, 23.065, 0.003)) == .district)                 // inside, 南洲
        #expect(verdict(Self.square(113.33, 23.08, 0.5)) == .district)                     // holds the whole district
        #expect(verdict(Self.square(113.323, 23.125, 0.004)) == .elsewhere)                // 天河 across the river
        #expect(verdict(Self.polygon([(113.31, 23.105), (113.33, 23.105), (113.33, 23.13), (113.31, 23.13)])) == .district) // across the bank
        #expect(verdict(Self.square(121.6, 24.1, 0.02)) == .elsewhere)                     // Taiwan
        // A long thin polygon through the district with no vertex in it: the edges cross.
        #expect(verdict(Self.polygon([(113.0, 23.080), (113.6, 23.080), (113.6, 23.081), (113.0, 23.081)])) == .district)
        // Unreadable: nothing is known of where it is.
        #expect(verdict("23.1,113.3 23.2,113.4") == .unknown)
        #expect(verdict("not a polygon") == .unknown)
        #expect(verdict("123.1,23.3 23.2,113.4 23.3,113.5 123.1,23.3") == .unknown)       // latitude out of range
    }

    // MARK: - Circles

    @Test func circles() {
        let verdict = { (text: String) in DistrictArea.verdict(AlertArea(description: "", circles: [text])) }
        #expect(verdict(Self.circle(113.305, 23.065, 0)) == .district)                     // a point in 南洲
        #expect(verdict(Self.circle(113.323, 23.125, 0.5)) == .elsewhere)                  // 花城广场, 0.5 km
        #expect(verdict(Self.circle(113.323, 23.125, 2)) == .district)                     // reaches across the river
        #expect(verdict(Self.circle(114.17, 22.30, 300)) == .district)                     // a typhoon circle from Hong Kong
        #expect(verdict(Self.circle(114.17, 22.30, 100)) == .elsewhere)
        #expect(verdict(Self.circle(-115.5527, 32.9525, 0)) == .elsewhere)                 // Brawley, CA
        #expect(verdict("23.1,113.3") == .unknown)
        #expect(verdict("23.1,113.3 -1") == .unknown)
    }

    // MARK: - Areas and alerts

    /// Shapes decide where they are given; codes beside them can only add the district.
    @Test func shapesDecideCodesOnlyAdd() {
        let taiwan = Self.square(121.6, 24.1, 0.02)
        #expect(DistrictArea.verdict(AlertArea(description: "", polygons: [taiwan], geocodes: [Code(name: "x", value: "1")])) == .elsewhere)
        #expect(DistrictArea.verdict(AlertArea(description: "", polygons: [taiwan], geocodes: [Code(name: "gb2260", value: "440105")])) == .district)
        #expect(DistrictArea.verdict(AlertArea(description: "海珠区", polygons: [taiwan])) == .district)
        #expect(DistrictArea.verdict(AlertArea(description: "", polygons: [taiwan, "bad"])) == .unknown)
        #expect(DistrictArea.verdict(AlertArea(description: "", geocodes: [Code(name: "SAME", value: "006037"), Code(name: "x", value: "9")])) == .unknown)
    }

    @Test func anAlertIsOutsideOnlyWhenEveryAreaIsElsewhere() {
        let la = AlertArea(description: "Los Angeles County", geocodes: [Code(name: "SAME", value: "006037")])
        let haizhu = AlertArea(description: "", circles: [Self.circle(113.305, 23.065, 1)])
        #expect(DistrictArea.isWhollyElsewhere([la]))
        #expect(DistrictArea.isWhollyElsewhere([la, la]))
        #expect(!DistrictArea.isWhollyElsewhere([la, haizhu]))
        #expect(!DistrictArea.isWhollyElsewhere([la, AlertArea(description: "somewhere")]))
        #expect(!DistrictArea.isWhollyElsewhere([]))   // no area: the district's, as before areas were judged
    }
}

/// Where Haizhu District lies: its outline and its 18 street offices, as data the alert-area
/// judgement (`DistrictArea`) and any map of the district can share.
///
/// Sources and precision. The outline follows the district boundary as public maps draw it
/// (OpenStreetMap's administrative boundary of 海珠区, admin_level 6, and the district map of the
/// Guangzhou planning bureau): the island between the Pearl River's front channel (珠江前航道, the
/// north edge, from 洲头咀 past 海珠桥, 广州塔 and 琶洲 to 黄埔村) and its back channel and the
/// 沥滘/三枝香 waterways (west and south, with 生物岛 in the south-east). The points were set by
/// hand from those maps and from landmarks whose coordinates are public (广州塔 23.109 N 113.319 E,
/// 中山大学南校区, 海珠桥, 琶洲会展中心), with no survey file at hand: read them as accurate to a few
/// hundred metres, and the river's width as belonging to the district. The outline encloses about
/// 92 km²; the district's published area is 90.4 km². WGS 84 degrees, as CAP uses.
///
/// The street positions are the approximate centres of each street's area (not the street
/// office's door), from the same maps and the streets' Wikipedia and Baidu Baike entries; each
/// lies inside the outline, which a test checks for every street the demo's hazard points use.
extension Haizhu {
    /// Clockwise from the north-west tip (洲头咀), along the front channel east, then back west
    /// along the south side. Not closed: the last point joins the first.
    public static let outline = GeoPolygon([
        // North: the south bank of the front channel.
        GeoPoint(lon: 113.240, lat: 23.1050), // 洲头咀
        GeoPoint(lon: 113.248, lat: 23.1080),
        GeoPoint(lon: 113.258, lat: 23.1110), // 人民桥 south end
        GeoPoint(lon: 113.268, lat: 23.1135), // 海珠桥 south end
        GeoPoint(lon: 113.283, lat: 23.1140), // 海印桥 south end
        GeoPoint(lon: 113.292, lat: 23.1125), // 江湾大桥
        GeoPoint(lon: 113.303, lat: 23.1105),
        GeoPoint(lon: 113.315, lat: 23.1110), // 广州大桥, 广州塔
        GeoPoint(lon: 113.334, lat: 23.1105), // 猎德大桥
        GeoPoint(lon: 113.351, lat: 23.1085), // 华南大桥
        GeoPoint(lon: 113.366, lat: 23.1080), // 琶洲会展
        GeoPoint(lon: 113.376, lat: 23.1070), // 琶洲大桥
        GeoPoint(lon: 113.385, lat: 23.1030), // 琶洲塔
        GeoPoint(lon: 113.398, lat: 23.0995),
        GeoPoint(lon: 113.411, lat: 23.0975), // 黄埔古港
        GeoPoint(lon: 113.423, lat: 23.0940), // east tip, facing 长洲岛
        // South-east: 官洲 and 生物岛, facing 大学城.
        GeoPoint(lon: 113.410, lat: 23.0830),
        GeoPoint(lon: 113.395, lat: 23.0750),
        GeoPoint(lon: 113.390, lat: 23.0630),
        GeoPoint(lon: 113.375, lat: 23.0570), // 生物岛 south
        GeoPoint(lon: 113.360, lat: 23.0620),
        // South: 仑头, 小洲, 沥滘, facing 番禺 (新造, 洛溪).
        GeoPoint(lon: 113.345, lat: 23.0630),
        GeoPoint(lon: 113.330, lat: 23.0580),
        GeoPoint(lon: 113.318, lat: 23.0520),
        GeoPoint(lon: 113.305, lat: 23.0470), // 沥滘, 洛溪大桥
        GeoPoint(lon: 113.292, lat: 23.0500),
        GeoPoint(lon: 113.280, lat: 23.0550),
        GeoPoint(lon: 113.268, lat: 23.0620),
        GeoPoint(lon: 113.257, lat: 23.0680), // 石溪
        // West: the back channel, facing 芳村.
        GeoPoint(lon: 113.247, lat: 23.0750), // 鹤洞大桥
        GeoPoint(lon: 113.241, lat: 23.0850), // 南石头
        GeoPoint(lon: 113.238, lat: 23.0950),
        GeoPoint(lon: 113.237, lat: 23.1020), // 洲头咀隧道
    ])

    /// Approximate centre of each street's area, by the street's full name.
    public static let streetPositions: [String: GeoPoint] = [
        "赤岗街": GeoPoint(lon: 113.326, lat: 23.098),
        "新港街": GeoPoint(lon: 113.305, lat: 23.100),
        "昌岗街": GeoPoint(lon: 113.278, lat: 23.097),
        "江南中街": GeoPoint(lon: 113.270, lat: 23.104),
        "滨江街": GeoPoint(lon: 113.284, lat: 23.110),
        "素社街": GeoPoint(lon: 113.292, lat: 23.104),
        "海幢街": GeoPoint(lon: 113.270, lat: 23.110),
        "南华西街": GeoPoint(lon: 113.257, lat: 23.108),
        "龙凤街": GeoPoint(lon: 113.262, lat: 23.101),
        "沙园街": GeoPoint(lon: 113.255, lat: 23.094),
        "南石头街": GeoPoint(lon: 113.247, lat: 23.085),
        "凤阳街": GeoPoint(lon: 113.280, lat: 23.087),
        "瑞宝街": GeoPoint(lon: 113.268, lat: 23.075),
        "江海街": GeoPoint(lon: 113.298, lat: 23.085),
        "琶洲街": GeoPoint(lon: 113.375, lat: 23.098),
        "南洲街": GeoPoint(lon: 113.305, lat: 23.065),
        "华洲街": GeoPoint(lon: 113.340, lat: 23.080),
        "官洲街": GeoPoint(lon: 113.370, lat: 23.075),
    ]

    /// GB/T 2260 codes: the district, and the city and province it lies in (an alert for either
    /// is the district's too).
    public static let adminCode = "440105"
    public static let cityCode = "440100"
    public static let provinceCode = "440000"
    /// The city's other districts: an area that names 广州 and one of these is that district's,
    /// not the whole city's.
    public static let otherDistrictsOfCity = ["荔湾", "越秀", "天河", "白云", "黄埔", "番禺", "花都", "南沙", "从化", "增城"]
}

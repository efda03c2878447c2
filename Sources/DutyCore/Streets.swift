/// The 18 streets (街道) of Haizhu District, in the order the district plan lists them.
public enum Haizhu {
    public static let districtName = "海珠区"
    public static let streets: [String] = [
        "赤岗街", "新港街", "昌岗街", "江南中街", "滨江街", "素社街", "海幢街", "南华西街", "龙凤街",
        "沙园街", "南石头街", "凤阳街", "瑞宝街", "江海街", "琶洲街", "南洲街", "华洲街", "官洲街",
    ]

    /// `items` in the district's own order of its streets (the plan's, not the characters'
    /// code points); streets it does not know after them, by name.
    public static func inDistrictOrder<T>(_ items: [T], street: KeyPath<T, String>) -> [T] {
        let rank = { (name: String) in streets.firstIndex(of: name) ?? streets.count }
        return items.sorted { a, b in
            let (x, y) = (a[keyPath: street], b[keyPath: street])
            return (rank(x), x) < (rank(y), y)
        }
    }

    /// Accepts a street with or without the trailing 街 (Excel sheets often drop it).
    public static func canonicalStreet(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if streets.contains(t) { return t }
        if streets.contains(t + "街") { return t + "街" }
        if t == districtName { return t }
        return nil
    }
}

/// The warning-signal kinds of Guangdong (domain.md), with their English names.
public enum WarningSignal {
    public static let names: [String: String] = [
        "台风": "Typhoon", "暴雨": "Rainstorm", "高温": "Heat", "寒冷": "Cold", "大雾": "Fog",
        "道路结冰": "Road icing", "森林火险": "Forest fire", "灰霾": "Haze", "雷雨大风": "Thunderstorm gale", "冰雹": "Hail",
    ]

    /// The kinds by how much they matter to the duty room, most first: floods and typhoons call
    /// out the 三查 and the streets; heat, haze and fog are passed on. Signals of one level are
    /// shown in this order.
    public static let importance = ["暴雨", "台风", "雷雨大风", "冰雹", "道路结冰", "寒冷", "森林火险", "高温", "大雾", "灰霾"]

    /// The order signals in force are shown in: the gravest level first, then the kind that
    /// matters most to the duty room, then the most urgent.
    public static func shownBefore(_ a: Alert, _ b: Alert) -> Bool {
        if a.level != b.level { return a.level < b.level }
        let ra = importance.firstIndex(of: a.content.kind) ?? importance.count
        let rb = importance.firstIndex(of: b.content.kind) ?? importance.count
        if ra != rb { return ra < rb }
        return Alert.urgencyOrder(a, b)
    }

    public static func isSignal(_ a: Alert) -> Bool { names[a.content.kind] != nil && a.isOpen }
    public static func english(_ kind: String) -> String { names[kind] ?? kind }
}

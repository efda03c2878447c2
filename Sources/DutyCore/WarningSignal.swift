/// The warning-signal kinds of Guangdong (domain.md), with their English names.
public enum WarningSignal {
    public static let names: [String: String] = [
        "台风": "Typhoon", "暴雨": "Rainstorm", "高温": "Heat", "寒冷": "Cold", "大雾": "Fog",
        "道路结冰": "Road icing", "森林火险": "Forest fire", "灰霾": "Haze", "雷雨大风": "Thunderstorm gale", "冰雹": "Hail",
    ]

    public static func isSignal(_ a: Alert) -> Bool { names[a.content.kind] != nil && a.isOpen }
    public static func english(_ kind: String) -> String { names[kind] ?? kind }
}

import DutyCore

extension Role {
    /// The role that colours a warning level (the level is always written beside it too).
    static func level(_ l: AlertLevel) -> Role {
        switch l {
        case .red: .levelRed
        case .orange: .levelOrange
        case .yellow: .levelYellow
        case .blue: .levelBlue
        case .white: .levelWhite
        }
    }
}

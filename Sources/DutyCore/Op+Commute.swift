/// Which parts of the state an op's fold reads or changes. Two ops that name no part in common
/// give the same state folded in either order, so a record that arrives late among others it
/// shares no part with is folded where it lands, not everything after it again. Coarse on
/// purpose: lists whose order is kept (the roster's changes, the call log, imports, handovers)
/// are one part each.
extension Op {
    public var commuteKeys: [String] {
        switch self {
        case .rosterImported: ["roster", "imports"]
        case .slotReassigned, .slotsSwapped, .slotAdded, .slotRemoved: ["roster"]
        case .hazardPointsImported: ["points", "imports"]
        case .checklistTemplatesImported: ["templates", "imports"]
        case .contactsImported: ["contacts", "imports"]
        case .alertRaised(let c): [Self.alertKey(c.id)]
        case .alertUpdated(let c, _, _): [Self.alertKey(c.id)]
        case .alertAcknowledged(let id, _), .alertHandling(let id, _), .alertResolved(let id, _), .alertReopened(let id, _),
             .alertNoted(let id, _), .alertLifted(let id, _, _), .alertReported(let id, _, _):
            [Self.alertKey(id)]
        case .roundOpened(let id, _, _), .roundPhaseChanged(let id, _), .roundClosed(let id): ["round:" + id]
        case .itemTicked(let id, _, _, _, _, _): ["round:" + id]
        // A call keeps who the contact named then.
        case .callLogged: ["calls", "contacts"]
        case .handoverSubmitted, .handoverAnswered: ["handovers"]
        case .restored(let inner, _): inner.commuteKeys
        }
    }

    /// An alert and the copies kept beside it under `<id>~<node>-<seq>` (a second report under a
    /// taken id) are one part: which is which depends on the order.
    private static func alertKey(_ id: String) -> String {
        "alert:" + (id.firstIndex(of: "~").map { String(id[..<$0]) } ?? id)
    }
}

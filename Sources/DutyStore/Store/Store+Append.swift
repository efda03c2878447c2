import DutyCore

// Writing: ops checked against the latest state and appended under the writers' lock.
extension Store {
    /// Validates and appends ops as one write, fsynced before returning. Other processes' appends
    /// are read first, so the ops are checked against the latest state.
    @discardableResult
    public func append(_ ops: [Op], actor: String, at now: Instant) throws(StoreError) -> [JournalRecord] {
        try append(ops.map { PendingOp(op: $0, actor: actor, at: now) })
    }

    /// Carries out what `actor` means, planned against the latest state under the writers' lock:
    /// the ids minted and the 三查 rule applied there, so that another process's change made
    /// meanwhile is planned with, not over. A plan that cannot be is refused with its reason.
    @discardableResult
    public func perform(_ intents: [Intent], actor: String, at now: Instant) throws(StoreError) -> [JournalRecord] {
        let planner = Planner(node: node, actor: actor, now: now, calendar: calendar)
        return try append(planning: { latest throws(DomainError) in
            try planner.plan(intents, in: latest).map { PendingOp(op: $0, actor: actor, at: now) }
        })
    }

    /// Appends ops made by different people at different times (an import of history, the demo) as
    /// one write: all of them are saved or none.
    @discardableResult
    public func append(_ ops: [PendingOp]) throws(StoreError) -> [JournalRecord] {
        guard !ops.isEmpty else {
            if let reason = readOnlyReason { throw .readOnly(reason: reason) }
            return []
        }
        return try append(planning: { _ in ops })
    }

    /// Appends ops that depend on what is already saved (taking in alert files: is this message a
    /// duplicate, which alert does an Update reach): `plan` sees the latest state, read under the
    /// writers' lock, so two processes planning at once cannot both raise the same alert. An
    /// empty plan writes nothing.
    @discardableResult
    public func append(planning plan: (DutyState) throws(DomainError) -> [PendingOp]) throws(StoreError) -> [JournalRecord] {
        if mediumReadOnly, fs.isWritable(Path.join(root, "journal")) {
            // Remounted writable: saving works again without a restart.
            mediumReadOnly = false
            readOnlyReason = nil
        }
        if let reason = readOnlyReason { throw .readOnly(reason: reason) }
        do {
            let lock = try fs.lockExclusive(lockPath)
            defer { lock.release() }
            var damage = try scanForward()
            if let d = damage, d.isTail {
                try quarantineTail(d)
                damage = nil
            }
            if let d = damage {
                markReadOnly(d)
                throw StoreError.readOnly(reason: readOnlyReason!)
            }
            let ops: [PendingOp]
            do {
                ops = try plan(state)
            } catch {
                throw StoreError.refused(error)
            }
            guard !ops.isEmpty else { return [] }
            // A batch is checked op by op against the state the earlier ops leave, on a copy so that a
            // bad op leaves nothing behind. A single op (every keypress) is checked in place: copying a
            // year's state per keypress would cost milliseconds.
            var scratch = ops.count > 1 ? state : DutyState()
            var lines: [UInt8] = []
            var records: [JournalRecord] = []
            var pos = position
            for pending in ops {
                do {
                    try (ops.count > 1 ? scratch : state).validate(pending.op)
                } catch {
                    throw StoreError.refused(error)
                }
                let hlc = max(pos.hlc, observedHLC).next(now: pending.at)
                let (line, record) = RecordCodec.encode(node: node, seq: pos.seq + 1, hlc: hlc, wall: pending.at,
                                                        actor: pending.actor, prev: pos.hash, op: pending.op)
                if ops.count > 1 { scratch.apply(pending.op, record.context) }
                lines.append(contentsOf: line)
                records.append(record)
                pos = JournalPosition(offset: pos.offset + line.count, line: pos.line + 1, seq: record.seq, hash: record.hash, hlc: hlc)
            }
            try fs.createDirectory(Path.dirname(journalPath))
            try fs.appendDurably(journalPath, lines)
            position = pos
            // A batch was folded on its copy while it was checked: not folded twice.
            if !(ops.count > 1 ? fold.add(records, foldedAs: scratch) : fold.add(records)) { try refold() }
            recordsSinceSnapshot += records.count
            journalMarker = fs.changeMarker(journalPath)
            if recordsSinceSnapshot >= snapshotEvery { try? writeSnapshotLocked() }
            return records
        } catch let e as StoreError {
            throw e
        } catch let e as FileError {
            throw .io(doing: "cannot save", e)
        } catch {
            // Only the store's own errors and file errors are thrown above.
            throw .io(doing: "cannot save", FileError(path: journalPath, message: "\(error)"))
        }
    }
}

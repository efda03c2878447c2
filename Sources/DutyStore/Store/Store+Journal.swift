import DutyCore

// Reading this console's journal forward, and mending a tail torn by a crash.
extension Store {
    /// Reads what other processes appended since we last looked. Returns whether anything changed.
    @discardableResult
    public func refresh() throws(StoreError) -> Bool {
        let marker = fs.changeMarker(journalPath)
        if marker == journalMarker { return false }
        let before = position.seq
        do {
            try catchUp(repairTail: false)
        } catch {
            throw .io(doing: "", error)
        }
        return position.seq != before
    }

    func catchUp(repairTail: Bool) throws(FileError) {
        journalMarker = fs.changeMarker(journalPath)
        var damage = try scanForward()
        guard let d = damage else { return }
        if !d.isTail {
            markReadOnly(d)
            return
        }
        guard repairTail, readOnlyReason == nil else { return }
        // Only a process holding the writers' lock may call a tail torn: without it the bytes may be
        // another process's append still being written.
        let lock = try fs.lockExclusive(lockPath)
        defer { lock.release() }
        damage = try scanForward()
        if let d = damage {
            if d.isTail { try quarantineTail(d) } else {
                markReadOnly(d)
            }
        }
        journalMarker = fs.changeMarker(journalPath)
    }

    func markReadOnly(_ d: JournalDamage) {
        readOnlyReason = "damage in the middle of the journal: \(d). The store is read-only until someone decides; see `duty-watch check`."
    }

    func scanForward() throws(FileError) -> JournalDamage? {
        let scanner = JournalScanner(fs: fs, path: journalPath, displayName: journalName, node: node)
        // Folded in batches: a year's journal read without a snapshot is never held whole.
        var batch: [JournalRecord] = []
        var placed = true
        let result = try scanner.scan(from: position) { record in
            batch.append(record)
            if batch.count == 4096 {
                placed = placed && fold.add(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        placed = placed && fold.add(batch)
        position = result.position
        recordsSinceSnapshot += result.records
        if !placed { try refold() }
        // Another process took peers' records in: fold everything again in the one order.
        if peersChanged() { try refold() }
        return result.damage
    }

    /// Moves a torn tail's bytes to quarantine with a reason beside them, then cuts them off.
    func quarantineTail(_ d: JournalDamage) throws(FileError) {
        let bytes = try fs.read(journalPath, offset: d.offset, count: d.length + (64 << 20))
        try fs.createDirectory(quarantineDir)
        // A crash can tear the tail at the same offset twice; each tear keeps its own file.
        var name = "\(node)-journal-at-\(d.offset)"
        var n = 1
        while fs.exists(Path.join(quarantineDir, name + ".bin")) {
            n += 1
            name = "\(node)-journal-at-\(d.offset)-\(n)"
        }
        try fs.replaceDurably(Path.join(quarantineDir, name + ".bin"), bytes)
        let reason = """
        from: \(journalName)
        line: \(d.line)
        byte offset: \(d.offset)
        length: \(bytes.count)
        reason: \(InertText.excerpt(d.reason, limit: 400))
        what was done: the bytes were moved here and cut from the journal; every record before them is intact.

        """
        try fs.replaceDurably(Path.join(quarantineDir, name + ".reason"), Array(reason.utf8))
        try fs.truncateDurably(journalPath, to: d.offset)
        noticeBoard.add(StoreProblem("\(journalName): an unfinished record at line \(d.line) (\(bytes.count) bytes, \(d.reason)) was moved to quarantine/\(name).bin"))
    }
}

import DutyCore

// Creating a store, joining it to a share, and reading its config.toml.
extension Store {
    /// Writes an empty store: the folders and config.toml. Refuses a folder that already holds one.
    public static func create(at root: String, node: String, fs: FileSystem, shared: String = "", cluster: String = "") throws(StoreError) {
        guard StoreConfig.isValidNodeName(node) else {
            throw .badNodeName(node)
        }
        let configPath = Path.join(root, "config.toml")
        if fs.exists(configPath) { throw .alreadyAStore(root: root) }
        do {
            try fs.createDirectory(root)
            for d in directories { try fs.createDirectory(Path.join(root, d)) }
            var config = StoreConfig(node: node)
            config.shared = shared
            config.cluster = cluster
            try fs.replaceDurably(configPath, Array(config.toml().utf8))
        } catch {
            throw .io(doing: "cannot create the store", error)
        }
        // The console's identity on any share it joins later.
        _ = try NodeKey.loadOrCreate(root: root, fs: fs)
    }

    /// Joins an existing or new store to a shared directory: checks or writes the folder's
    /// marker and keeps the folder and the cluster id in config.toml. Returns the cluster id.
    @discardableResult
    public static func join(root: String, shared: String, fs: FileSystem) throws(StoreError) -> String {
        var config = try readConfig(root: root, fs: fs)
        let dir = SharedDirectory(root: shared, fs: fs)
        // A store that joined a cluster stays in it, wherever its share is mounted.
        let id = try dir.join(expected: config.cluster.isEmpty ? nil : config.cluster) {
            var rng = SystemRandomNumberGenerator()
            return "c-" + String(rng.next(), radix: 16)
        }
        try Self.checkNameIsOurs(root: root, node: config.node, on: dir, fs: fs)
        let key = NodeKey.publicHex(try NodeKey.loadOrCreate(root: root, fs: fs))
        if let theirs = dir.publicKey(of: config.node), theirs != key {
            throw .share("the node name \(config.node) is already used on \(shared) by another console (with another key); give this store a name of its own with --node")
        }
        config.shared = shared
        config.cluster = id
        do {
            try fs.replaceDurably(Path.join(root, "config.toml"), Array(config.toml().utf8))
        } catch {
            throw .io(doing: "cannot write config.toml", error)
        }
        return id
    }

    public static func readConfig(root: String, fs: FileSystem) throws(StoreError) -> StoreConfig {
        let path = Path.join(root, "config.toml")
        guard fs.exists(path) else {
            throw .notAStore(root: root)
        }
        let bytes: [UInt8]
        do { bytes = try fs.read(path) } catch { throw .io(doing: "cannot read config.toml", error) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .badConfig("\(path): not UTF-8 text") }
        let cachePath = Path.join(root, ConfigCache.fileName)
        if let cached = try? fs.read(cachePath), let config = ConfigCache.decode(cached, source: text) { return config }
        let config: StoreConfig
        do { config = try StoreConfig.parse(text, file: path) } catch { throw .badConfig(error.description) }
        // Best effort: a store on a read-only medium just parses the file every time.
        try? fs.replaceDurably(cachePath, ConfigCache.encode(config, source: text))
        return config
    }
}

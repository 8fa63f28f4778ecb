import EmpowerBase

extension ConfigurationLoader {
    /// The valid keys of a configuration: the defaults tree plus the declared optional and
    /// free-form paths.
    struct Schema {
        let defaults: JSONTree
        let optional: Set<String>
        let freeForm: Set<String>

        /// Keys valid in the object at `path`.
        func keys(at path: [String]) -> [String] {
            var node: JSONTree? = defaults
            for key in path { node = node?[key] }
            var keys: [String] = []
            if case let .object(members)? = node { keys = members.map(\.key) }
            let prefix = path.isEmpty ? "" : path.joined(separator: ".") + "."
            for candidate in optional.union(freeForm) where candidate.hasPrefix(prefix) {
                let rest = candidate.dropFirst(prefix.count)
                if let first = rest.split(separator: ".").first, !keys.contains(String(first)) { keys.append(String(first)) }
            }
            return keys
        }

        func isFreeForm(_ path: [String]) -> Bool { freeForm.contains(path.joined(separator: ".")) }

        func defaultValue(at path: [String]) -> JSONTree? {
            var node: JSONTree? = defaults
            for key in path { node = node?[key] }
            return node
        }

        /// Checks every key of `tree` (at `path`) recursively.
        func checkKeys(_ tree: JSONTree, path: [String], source: String) throws(ConfigurationError) {
            guard case let .object(members) = tree, !isFreeForm(path) else { return }
            let valid = keys(at: path)
            for (key, value) in members {
                let childPath = path + [key]
                guard valid.contains(key) else { throw unknown(key, path: path, valid: valid, source: source) }
                if case .object? = defaultValue(at: childPath) {
                    guard case .object = value else {
                        let field = childPath.joined(separator: ".")
                        throw ConfigurationError(.typeMismatch, "\(field) in \(source) is \(value.kindDescription); expected an object (a section with its own keys)",
                                                 context: ["field": field, "value": value.abbreviated, "allowed": "an object"])
                    }
                }
                try checkKeys(value, path: childPath, source: source)
            }
        }

        /// Checks that a dotted override path names a field.
        func checkPath(_ path: [String], source: String) throws(ConfigurationError) {
            for depth in path.indices {
                let parent = Array(path[..<depth])
                if isFreeForm(parent) { return }
                let valid = keys(at: parent)
                guard valid.contains(path[depth]) else { throw unknown(path[depth], path: parent, valid: valid, source: source) }
            }
        }

        func unknown(_ key: String, path: [String], valid: [String], source: String) -> ConfigurationError {
            let field = (path + [key]).joined(separator: ".")
            let section = path.isEmpty ? "at the top level" : "in section '\(path.joined(separator: "."))'"
            var context = ["field": field, "allowed": valid.sorted().joined(separator: ", ")]
            var message = "unknown key '\(key)' \(section) of \(source)"
            if let suggestion = closestMatch(to: key, in: valid) {
                message += "; did you mean '\(suggestion)'?"
                context["suggestion"] = suggestion
            } else {
                message += "; valid keys there: \(valid.sorted().joined(separator: ", "))"
            }
            return ConfigurationError(.unknownKey, message, context: context)
        }
    }
}

import Perk

/// The first place where two JSON values differ, named as a request field
/// (`amount`, `lines[1].unit_price`), with both values as written.
struct JSONDifference: Equatable {
    let path: String
    let old: String
    let new: String

    static func first(_ old: JSON, _ new: JSON, path: String = "") -> JSONDifference? {
        switch (old, new) {
        case let (.object(a), .object(b)):
            var keys = a.map(\.key)
            keys += b.map(\.key).filter { !keys.contains($0) }
            for key in keys {
                let inner = path.isEmpty ? key : path + "." + key
                let left = a.first { $0.key == key }?.value
                let right = b.first { $0.key == key }?.value
                switch (left, right) {
                case let (left?, right?):
                    if let difference = first(left, right, path: inner) { return difference }
                case (nil, nil):
                    continue
                default:
                    return JSONDifference(path: inner, old: left.map(\.text) ?? "absent", new: right.map(\.text) ?? "absent")
                }
            }
            return nil
        case let (.array(a), .array(b)) where a.count == b.count:
            for (index, (left, right)) in zip(a, b).enumerated() {
                if let difference = first(left, right, path: "\(path)[\(index)]") { return difference }
            }
            return nil
        case let (.array(a), .array(b)):
            return JSONDifference(path: path, old: "\(a.count) entries", new: "\(b.count) entries")
        case let (.string(a), .string(b)):
            // Byte for byte: an id written in another Unicode form is another id.
            return ExactID(a) == ExactID(b) ? nil : JSONDifference(path: path, old: old.text, new: new.text)
        default:
            return old == new ? nil : JSONDifference(path: path, old: old.text, new: new.text)
        }
    }
}

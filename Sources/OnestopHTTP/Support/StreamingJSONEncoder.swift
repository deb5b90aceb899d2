import Foundation
import Hummingbird

/// A JSON encoder that writes bytes as `encode(to:)` calls arrive, with no intermediate tree.
///
/// Foundation's `JSONEncoder` spent half of a search request's CPU time building and walking its
/// value tree; this writes each key and value once, in the order the type encodes them. Dates are
/// ISO 8601 in UTC. Values must use their containers in the usual nested order (as synthesized
/// `Codable` does); asking for a keyed container twice at the same level continues the same object.
public struct StreamingJSONEncoder: ResponseEncoder, Sendable {
    public init() {}

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        var buffer = ByteBuffer()
        buffer.writeBytes(try encode(value))
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
    }

    public func encode(_ value: some Encodable) throws -> [UInt8] {
        let writer = JSONByteWriter()
        try writer.write(value, codingPath: [])
        return writer.bytes
    }
}

/// The output and the stack of open objects and arrays.
final class JSONByteWriter {
    enum Frame {
        case object(first: Bool)
        case array(first: Bool)
    }

    var bytes: [UInt8] = []
    var frames: [Frame] = []
    /// Set while a value is expected (after a key, or for a top-level or array element).
    var expectingValue = true

    init() {
        bytes.reserveCapacity(4096)
    }

    /// Encodes a nested value, closing whatever containers it opened.
    func write<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        if let direct = value as? any DirectJSONWritable {
            var json = JSONBuffer()
            direct.writeJSON(into: &json)
            bytes.append(contentsOf: json.bytes)
            expectingValue = false
            return
        }
        if let date = value as? Date {
            writeString(Self.iso8601(date))
            return
        }
        if let url = value as? URL {
            writeString(url.absoluteString)
            return
        }
        let depth = frames.count
        expectingValue = true
        try value.encode(to: StreamingEncoder(writer: self, codingPath: codingPath, depth: depth))
        if frames.count == depth && expectingValue {
            // Encoded nothing at all: an empty object, as JSONEncoder writes.
            bytes.append(UInt8(ascii: "{"))
            bytes.append(UInt8(ascii: "}"))
        }
        close(to: depth)
        expectingValue = false
    }

    func close(to depth: Int) {
        while frames.count > depth {
            switch frames.removeLast() {
            case .object: bytes.append(UInt8(ascii: "}"))
            case .array: bytes.append(UInt8(ascii: "]"))
            }
        }
    }

    /// Opens an object for an encoder at `depth`, or continues the one it already opened.
    func openObject(depth: Int) {
        if frames.count == depth + 1, case .object = frames[depth] { return }
        close(to: depth)
        bytes.append(UInt8(ascii: "{"))
        frames.append(.object(first: true))
        expectingValue = false
    }

    func openArray(depth: Int) {
        if frames.count == depth + 1, case .array = frames[depth] { return }
        close(to: depth)
        bytes.append(UInt8(ascii: "["))
        frames.append(.array(first: true))
        expectingValue = false
    }

    /// Writes a key into the object at `frame`, first closing anything a previous value left open.
    func writeKey(_ key: String, frame: Int) {
        close(to: frame + 1)
        if case .object(let first) = frames[frame] {
            if !first { bytes.append(UInt8(ascii: ",")) }
            frames[frame] = .object(first: false)
        }
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        expectingValue = true
    }

    func beginElement(frame: Int) {
        close(to: frame + 1)
        if case .array(let first) = frames[frame] {
            if !first { bytes.append(UInt8(ascii: ",")) }
            frames[frame] = .array(first: false)
        }
        expectingValue = true
    }

    func writeRaw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        expectingValue = false
    }

    func writeString(_ string: String) {
        Self.appendQuoted(string, to: &bytes)
        expectingValue = false
    }

    /// Appends `string` as a JSON string: quoted, with quotes, backslashes and control characters escaped.
    static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { buffer in
            var start = 0
            for (index, byte) in buffer.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<index]))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
                case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(contentsOf: "\\u00".utf8)
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0xF)])
                }
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    func writeDouble(_ value: Double, codingPath: [any CodingKey]) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "JSON has no \(value)"))
        }
        if value == value.rounded(), abs(value) < 1e15 {
            writeRaw(String(Int64(value)))
        } else {
            writeRaw("\(value)")
        }
    }

    static let hex = Array("0123456789abcdef".utf8)

    /// `2026-11-26T10:00:00Z`, as `JSONEncoder`'s `.iso8601` writes it (UTC, whole seconds).
    static func iso8601(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return date.formatted(.iso8601) }
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

/// A type on a hot path that writes its JSON by hand, skipping `Codable`'s generic machinery.
/// Its output must equal its `Encodable` output; a test compares the two.
protocol DirectJSONWritable {
    func writeJSON(into json: inout JSONBuffer)
}

/// JSON written by hand into a value-type buffer, with commas placed automatically.
struct JSONBuffer {
    var bytes: [UInt8] = []
    /// For each open object or array, whether the next member needs a comma before it.
    private var needsComma: [Bool] = []
    private var afterKey = false

    init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = needsComma.last else { return }
        if last { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma.removeLast() }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma.removeLast() }

    /// A key of plain ASCII that needs no escaping.
    mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    mutating func string(_ value: String) {
        separate()
        JSONByteWriter.appendQuoted(value, to: &bytes)
    }

    mutating func int(_ value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// `"key": value` when the value is there; nothing at all when it is nil.
    mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        key(name)
        int(value)
    }

    mutating func field(_ name: StaticString, strings: [String]) {
        key(name)
        beginArray()
        for value in strings { string(value) }
        endArray()
    }
}

struct StreamingEncoder: Encoder {
    let writer: JSONByteWriter
    let codingPath: [any CodingKey]
    let depth: Int
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        writer.openObject(depth: depth)
        return KeyedEncodingContainer(KeyedContainer<Key>(writer: writer, codingPath: codingPath, frame: depth))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.openArray(depth: depth)
        return UnkeyedContainer(writer: writer, codingPath: codingPath, frame: depth)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(writer: writer, codingPath: codingPath)
    }
}

/// The scalar writes shared by every container kind.
protocol ScalarWriting {
    var writer: JSONByteWriter { get }
    var codingPath: [any CodingKey] { get }
}

extension ScalarWriting {
    func put(_ value: Bool) { writer.writeRaw(value ? "true" : "false") }
    func put(_ value: String) { writer.writeString(value) }
    func put<T: BinaryInteger>(_ value: T) { writer.writeRaw(String(value)) }
    func put(_ value: Double) throws { try writer.writeDouble(value, codingPath: codingPath) }
    func putNil() { writer.writeRaw("null") }
    func put<T: Encodable>(_ value: T, key: (any CodingKey)?) throws {
        try writer.write(value, codingPath: key.map { codingPath + [$0] } ?? codingPath)
    }
}

struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol, ScalarWriting {
    let writer: JSONByteWriter
    let codingPath: [any CodingKey]
    /// The index of this container's object in the writer's frames.
    let frame: Int

    func encodeNil(forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); putNil() }
    func encode(_ value: Bool, forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); put(value) }
    func encode(_ value: String, forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); put(value) }
    func encode(_ value: Double, forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); try put(value) }
    func encode(_ value: Float, forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); try put(Double(value)) }
    func encode(_ value: Int, forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); put(value) }
    func encode(_ value: Int8, forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); put(value) }
    func encode(_ value: Int16, forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); put(value) }
    func encode(_ value: Int32, forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); put(value) }
    func encode(_ value: Int64, forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); put(value) }
    func encode(_ value: UInt, forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); put(value) }
    func encode(_ value: UInt8, forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); put(value) }
    func encode(_ value: UInt16, forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); put(value) }
    func encode(_ value: UInt32, forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); put(value) }
    func encode(_ value: UInt64, forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); put(value) }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws { writer.writeKey(key.stringValue, frame: frame); try put(value, key: key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        writer.writeKey(key.stringValue, frame: frame)
        let depth = writer.frames.count
        writer.openObject(depth: depth)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(writer: writer, codingPath: codingPath + [key], frame: depth))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writer.writeKey(key.stringValue, frame: frame)
        let depth = writer.frames.count
        writer.openArray(depth: depth)
        return UnkeyedContainer(writer: writer, codingPath: codingPath + [key], frame: depth)
    }

    func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    func superEncoder(forKey key: Key) -> any Encoder {
        writer.writeKey(key.stringValue, frame: frame)
        return StreamingEncoder(writer: writer, codingPath: codingPath + [key], depth: writer.frames.count)
    }
}

struct UnkeyedContainer: UnkeyedEncodingContainer, ScalarWriting {
    let writer: JSONByteWriter
    let codingPath: [any CodingKey]
    /// The index of this container's array in the writer's frames.
    let frame: Int
    private(set) var count = 0

    init(writer: JSONByteWriter, codingPath: [any CodingKey], frame: Int) {
        self.writer = writer
        self.codingPath = codingPath
        self.frame = frame
    }

    mutating func next() {
        writer.beginElement(frame: frame)
        count += 1
    }

    mutating func encodeNil() throws { next(); putNil() }
    mutating func encode(_ value: Bool) throws { next(); put(value) }
    mutating func encode(_ value: String) throws { next(); put(value) }
    mutating func encode(_ value: Double) throws { next(); try put(value) }
    mutating func encode(_ value: Float) throws { next(); try put(Double(value)) }
    mutating func encode(_ value: Int) throws { next(); put(value) }
    mutating func encode(_ value: Int8) throws { next(); put(value) }
    mutating func encode(_ value: Int16) throws { next(); put(value) }
    mutating func encode(_ value: Int32) throws { next(); put(value) }
    mutating func encode(_ value: Int64) throws { next(); put(value) }
    mutating func encode(_ value: UInt) throws { next(); put(value) }
    mutating func encode(_ value: UInt8) throws { next(); put(value) }
    mutating func encode(_ value: UInt16) throws { next(); put(value) }
    mutating func encode(_ value: UInt32) throws { next(); put(value) }
    mutating func encode(_ value: UInt64) throws { next(); put(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { next(); try put(value, key: nil) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        next()
        let depth = writer.frames.count
        writer.openObject(depth: depth)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(writer: writer, codingPath: codingPath, frame: depth))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        next()
        let depth = writer.frames.count
        writer.openArray(depth: depth)
        return UnkeyedContainer(writer: writer, codingPath: codingPath, frame: depth)
    }

    mutating func superEncoder() -> any Encoder {
        next()
        return StreamingEncoder(writer: writer, codingPath: codingPath, depth: writer.frames.count)
    }
}

struct SingleValueContainer: SingleValueEncodingContainer, ScalarWriting {
    let writer: JSONByteWriter
    let codingPath: [any CodingKey]

    func encodeNil() throws { putNil() }
    func encode(_ value: Bool) throws { put(value) }
    func encode(_ value: String) throws { put(value) }
    func encode(_ value: Double) throws { try put(value) }
    func encode(_ value: Float) throws { try put(Double(value)) }
    func encode(_ value: Int) throws { put(value) }
    func encode(_ value: Int8) throws { put(value) }
    func encode(_ value: Int16) throws { put(value) }
    func encode(_ value: Int32) throws { put(value) }
    func encode(_ value: Int64) throws { put(value) }
    func encode(_ value: UInt) throws { put(value) }
    func encode(_ value: UInt8) throws { put(value) }
    func encode(_ value: UInt16) throws { put(value) }
    func encode(_ value: UInt32) throws { put(value) }
    func encode(_ value: UInt64) throws { put(value) }
    func encode<T: Encodable>(_ value: T) throws { try put(value, key: nil) }
}

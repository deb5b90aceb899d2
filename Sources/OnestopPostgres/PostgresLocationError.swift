import Foundation
import NIOSSL
import PostgresNIO

/// A PostgreSQL URL that cannot be used, with what is wrong in Chinese and English.
public struct PostgresLocationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var zh: String
    public var en: String

    init(_ zh: String, _ en: String) {
        self.zh = zh
        self.en = en
    }

    public var description: String { "数据库地址有误：\(zh) (database URL: \(en))" }
}

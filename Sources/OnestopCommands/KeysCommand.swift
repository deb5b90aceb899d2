import ArgumentParser
import Foundation
import OnestopDomain
import OnestopStore

/// `onestop keys create|list|revoke`.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage API keys for staff and stations. Only a key's hash is stored.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key and print its token once, alone on the last line.")

        @Option(help: "staff or station.")
        var role: AccessKey.Role

        @Option(help: "The station a station key acts for.")
        var station: String?

        @Option(help: "Who or what holds the key, for lists and the audit trail.")
        var name: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let store = try await database.open()
            do {
                let (key, token) = try await store.createKey(role: role, name: name, station: station, actor: "cli:\(NSUserName())")
                print("created \(key.role.rawValue) key \(key.id) \"\(key.name)\"\(key.station.map { " for station \($0)" } ?? "")")
                print("keep the token below: it is shown only now and cannot be recovered (only its hash is stored)")
                print(token)
            } catch let error as StoreError where error == .stationKeyNeedsStation {
                throw ValidationError("服务站密钥须指定 --station (a station key needs --station)")
            } catch let error as StoreError where error == .staffKeyHasStation {
                throw ValidationError("工作人员密钥不能指定 --station (a staff key takes no --station)")
            } catch let error as StoreError {
                throw ValidationError(error.description)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their tokens).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let formatter = ISO8601DateFormatter()
            let keys = try await database.open().keys()
            print(["ID", "ROLE", "STATION", "NAME", "PREFIX", "CREATED", "REVOKED"].joined(separator: "\t"))
            for key in keys {
                print([
                    key.id, key.role.rawValue, key.station ?? "-", TerminalText.line(key.name), key.prefix + "…",
                    formatter.string(from: key.createdAt), key.revokedAt.map(formatter.string(from:)) ?? "-",
                ].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key; it stops working at once.")

        @Argument(help: "The key's id (key_…).")
        var id: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let key = try await database.open().revokeKey(id: id, actor: "cli:\(NSUserName())") else {
                printError("no key \(id)")
                throw ExitCode.failure
            }
            print("revoked \(key.id) \"\(key.name)\"")
        }
    }
}

extension AccessKey.Role: ExpressibleByArgument {}

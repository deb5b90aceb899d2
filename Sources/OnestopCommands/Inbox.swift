import ArgumentParser
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OnestopDelivery
import OnestopDomain
import Synchronization

/// The receiving side: verification, dedupe and the file.
final class Inbox: Sendable {
    let secrets: [WebhookSecret]
    private let path: String
    private let seen: Mutex<Set<String>>
    /// One append at a time: two deliveries arriving together must not write over each other.
    private let appending = Mutex(())

    init(path: String, secrets: [WebhookSecret]) throws {
        self.path = path
        self.secrets = secrets
        var ids = Set<String>()
        if let data = FileManager.default.contents(atPath: path) {
            for line in data.split(separator: UInt8(ascii: "\n")) {
                if let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any], let id = object["webhook_id"] as? String {
                    ids.insert(id)
                }
            }
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw ValidationError("cannot create \(path)")
            }
        }
        seen = Mutex(ids)
    }

    @Sendable func receive(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let body = Array(buffer: try await request.body.collect(upTo: 1 << 20))
        let id = request.headers[HTTPField.Name("webhook-id")!]
        let verdict = WebhookSignature.verify(
            id: id, timestamp: request.headers[HTTPField.Name("webhook-timestamp")!],
            signature: request.headers[HTTPField.Name("webhook-signature")!], body: body, secrets: secrets)
        guard case .success = verdict, let id else {
            say("拒收一条签名无效的消息 (refused a delivery with a bad signature: \(verdict))")
            return Self.answer(.unauthorized, #"{"error":"invalid signature or timestamp"}"#)
        }
        guard let payload = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            return Self.answer(.badRequest, #"{"error":"the body is not a JSON object"}"#)
        }
        let isNew = seen.withLock { $0.insert(id).inserted }
        guard isNew else { return Response(status: .noContent) }
        var record: [String: Any] = ["webhook_id": id, "received_at": ISO8601DateFormatter().string(from: Date())]
        record["type"] = payload["type"]
        record["payload"] = payload
        var line = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .withoutEscapingSlashes])
        line.append(UInt8(ascii: "\n"))
        do {
            try appending.withLock { _ in
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: line)
            }
        } catch {
            _ = seen.withLock { $0.remove(id) }
            return Self.answer(.internalServerError, #"{"error":"could not save the event"}"#)
        }
        say(Self.describe(payload))
        return Response(status: .noContent)
    }

    static func answer(_ status: HTTPResponse.Status, _ json: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    /// A few lines a station clerk reads at a glance. Everything in them that came from outside is made
    /// inert (`TerminalText`), and a multi-line description or note is indented under its label.
    static func describe(_ payload: [String: Any]) -> String {
        func line(_ value: Any?) -> String { TerminalText.line(value as? String ?? "") }
        let type = payload["type"] as? String ?? "?"
        let data = payload["data"] as? [String: Any] ?? [:]
        let id = TerminalText.line(data["request_id"] as? String ?? "?")
        let enterprise = data["enterprise"] as? [String: Any] ?? [:]
        let service = data["service"] as? [String: Any]
        let mode = (data["mode"] as? String).flatMap(ServiceMode.init(rawValue:))?.nameZh ?? line(data["mode"])
        let status = (data["status"] as? String).flatMap(RequestStatus.init(rawValue:))?.nameZh ?? line(data["status"])
        let time = (payload["timestamp"] as? String).map(localTime) ?? ""
        var lines: [String]
        switch WebhookEventType(rawValue: type) {
        case .requestAssigned:
            lines = ["【新需求】\(id)  \(time)"]
            lines.append("  企业：\(line(enterprise["name"]))（统一社会信用代码 \(line(enterprise["credit_code"]))）")
            if let service { lines.append("  服务：\(line(service["name"]))（\(line(service["code"]))）") }
            lines.append("  方式：\(mode)")
            lines.append("  联系人：\(line(enterprise["contact_name"]))  电话：\(line(enterprise["phone"]))")
            lines.append("  说明：" + TerminalText.block(data["description"] as? String ?? "", indent: "        "))
            if let deadline = data["acknowledge_by"] as? String { lines.append("  请于 \(localTime(deadline)) 前受理") }
            if let accept = (data["links"] as? [String: String])?["accept"] { lines.append("  受理：POST \(TerminalText.line(accept))") }
        case .requestWithdrawn:
            lines = ["【已撤回】\(id) 不再由本站办理（\(status)）  \(time)"]
        case .requestCancelled:
            lines = ["【企业已取消】\(id)  \(line(enterprise["name"]))  \(time)"]
        case .requestEscalated:
            lines = ["【超时上报】\(id) 未按时受理，已转市级平台  \(time)"]
        case .requestStatusChanged:
            lines = ["【状态变更】\(id) → \(status)  \(time)"]
        case .requestOverdue:
            lines = ["【逾期】\(id) 已超过承诺办结日期 \(line(data["promised_on"]))  \(time)"]
        case .requestEvaluated, .requestBadReview:
            let evaluation = data["evaluation"] as? [String: Any] ?? [:]
            let level = (evaluation["overall"] as? String).flatMap(SatisfactionLevel.init(rawValue:))?.nameZh ?? line(evaluation["overall"])
            lines = [type == WebhookEventType.requestBadReview.rawValue ? "【差评待整改】\(id) \(level)  \(time)" : "【企业评价】\(id) \(level)  \(time)"]
            if let comment = evaluation["comment"] as? String, !comment.isEmpty {
                lines.append("  留言：" + TerminalText.block(comment, indent: "        "))
            }
            if let due = evaluation["follow_up_due"] as? String, type == WebhookEventType.requestBadReview.rawValue {
                lines.append("  请于 \(localTime(due)) 前反馈整改情况")
            }
        case .requestFollowUpEscalated:
            lines = ["【整改超期】\(id) 差评未按期反馈整改情况，已告知市级平台  \(time)"]
        case nil:
            lines = ["【\(TerminalText.line(type))】\(id)  \(time)"]
        }
        if let note = data["note"] as? String, !note.isEmpty { lines.append("  备注：" + TerminalText.block(note, indent: "        ")) }
        return lines.joined(separator: "\n")
    }

    /// An ISO 8601 time as China Standard Time, `2026-11-27 17:00`.
    static func localTime(_ text: String) -> String {
        guard let date = ISO8601DateFormatter().date(from: text) else { return TerminalText.line(text) }
        let formatter = DateFormatter()
        formatter.timeZone = WorkingCalendar.china.timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}

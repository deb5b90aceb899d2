import Foundation
import OnestopCatalogFiles
import OnestopDomain
import OnestopTestSupport
import Testing

/// The notices file: the shipped example reads as it says, credentials come only from the environment or a file,
/// and every mistake is named with its line.
@Suite struct NoticeSettingsFileTests {
    static let environment = ["ONESTOP_SMS_KEY_ID": "LTAI-id", "ONESTOP_SMS_SECRET": "s3cret", "ONESTOP_SMTP_USER": "onestop",
                              "ONESTOP_SMTP_PASSWORD": "pw"]

    func problems(_ text: String, environment: [String: String] = environment) -> [String] {
        do {
            _ = try NoticeSettingsFile.parse(text, file: "notices.yaml", environment: environment, publicURL: "http://127.0.0.1:8080")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func theExampleReadsAsItSays() throws {
        let path = Fixtures.packageRoot.appendingPathComponent("notices.example.yaml").path
        let providers = try NoticeSettingsFile.load(path, environment: Self.environment, publicURL: "http://127.0.0.1:8080")
        #expect(providers.publicURL == "https://onestop.luan.gov.cn" && providers.channels == [.sms, .email])
        #expect(providers.limits == NoticeLimits(perMinute: 1, perHour: 5, perDay: 10))
        let sms = try #require(providers.sms)
        #expect(sms.kind == .aliyun && sms.url == "https://dysmsapi.aliyuncs.com/" && sms.keyID == "LTAI-id" && sms.secret == "s3cret")
        #expect(sms.templates.count == NoticeEvent.allCases.count)
        #expect(sms.templates[.accepted]?.parameters.map(\.name) == ["id", "station", "worker", "date", "link"])
        let email = try #require(providers.email)
        #expect(email.url == "smtps://smtp.luan.gov.cn:465" && email.username == "onestop" && email.password == "pw" && email.requireTLS)
    }

    @Test func credentialsAreNeverWrittenInTheFile() {
        let text = """
            sms:
              provider: tencent
              sign_name: 六安市市场监管局
              key_id: AKIDplain
              secret: {env: MISSING_SECRET}
              templates:
                received: {code: "1001", params: [request_id, link]}
            """
        let found = problems(text)
        #expect(found.contains { $0.hasPrefix("notices.yaml:4:") && $0.contains("credentials are never written in this file") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("notices.yaml:5:") && $0.contains("MISSING_SECRET is not set") })
        #expect(found.contains { $0.contains("app_id") })
        #expect(found.count == 3, "one problem each: \(found)")
    }

    @Test func everyMistakeIsNamedWithItsLine() {
        let text = """
            public_url: ftp://example
            limits: {per_minute: -1}
            sms:
              provider: carrier-pigeon
              sign_name: 六安
              secret: {env: ONESTOP_SMS_SECRET}
              templates:
                received: {code: SMS_1, params: {id: request_number}}
                nonsense: {code: SMS_2}
            email:
              url: smtp://mail.example.gov.cn:25
              from: not-an-address
              starttls: none
            """
        let found = problems(text)
        for (line, words) in [(1, "public_url"), (2, "per_minute"), (4, "carrier-pigeon"), (8, "request_number"), (9, "nonsense"), (12, "from"),
                              (13, "only a mail server on this machine")] {
            #expect(found.contains { $0.hasPrefix("notices.yaml:\(line):") && $0.contains(words) }, "line \(line): \(words) in \(found)")
        }
    }

    @Test func aGatewayTakesAWebhookSecretAndNoTemplates() throws {
        let text = """
            sms:
              provider: gateway
              url: https://sms.gov.example/api/send
              sign_name: 六安市市场监管局
              secret: {env: GATEWAY_SECRET}
            """
        let providers = try NoticeSettingsFile.parse(text, file: "notices.yaml", environment: ["GATEWAY_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
                                                     publicURL: "http://127.0.0.1:8080")
        #expect(providers.sms?.kind == .gateway && providers.sms?.templates.isEmpty == true && providers.channels == [.sms])
        #expect(problems(text, environment: ["GATEWAY_SECRET": "plain"]).contains { $0.contains("whsec_") })
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OnestopTestSupport
import Testing

/// The notices file as staff use it: `onestop serve --notices FILE` offers and sends notices, `onestop notices test`
/// tries a provider, and a file with a mistake stops the command naming the line.
@Suite struct NoticesCommandTests {
    /// A notices file for the SMS imitation (Alibaba) and the SMTP server, credentials in the environment.
    func noticesFile(sms: SMSImitation, smtp: SMTPCapture, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("notices.yaml").path
        try """
            public_url: https://onestop.example.gov.cn
            limits: {per_minute: 0, per_hour: 0, per_day: 0}
            sms:
              provider: aliyun
              url: \(sms.url)
              sign_name: 六安市市场监管局
              key_id: {env: TEST_SMS_KEY_ID}
              secret: {file: \(directory.appendingPathComponent("sms.secret").path)}
              templates:
                received: {code: SMS_1001, params: {id: request_id, link: link}}
            email:
              url: \(smtp.url)
              from: notices@onestop.example.gov.cn
              from_name: 六安市一站式服务平台
              starttls: none
            """.write(toFile: path, atomically: true, encoding: .utf8)
        try "aliyun-secret\n".write(to: directory.appendingPathComponent("sms.secret"), atomically: true, encoding: .utf8)
        return path
    }

    func imitations() async throws -> (SMSImitation, SMTPCapture) {
        let sms = try SMSImitation.start()
        try await sms.account("aliyun", keyID: "LTAI-cmd", secret: "aliyun-secret", signNames: ["六安市市场监管局"], templates: ["SMS_1001": ["id", "link"]])
        try await sms.limits(perMinute: 0, perHour: 0, perDay: 0)
        return (sms, try SMTPCapture.start())
    }

    @Test func staffTryTheProvidersFromTheCommandLine() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let (sms, smtp) = try await imitations()
        let file = try noticesFile(sms: sms, smtp: smtp, in: directory)
        var runner = CommandRunner()
        runner.environment["TEST_SMS_KEY_ID"] = "LTAI-cmd"
        let text = try await runner.runAside(["notices", "test", "--notices", file, "--to", "+86 138-0000-1234"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("sent as ") && text.stdout.contains(#""Code""#) && text.stdout.contains("answer: 200"))
        let message = try #require(try await sms.wait(count: 1).first)
        #expect(message.phone == "13800001234" && message.params["id"] == "TEST-0000" && message.params["link"]?.hasPrefix("https://onestop.example.gov.cn/t/") == true)
        let mail = try await runner.runAside(["notices", "test", "--notices", file, "--to", "zhangsan@example.com"])
        #expect(mail.status == 0, "\(mail.stderr)")
        #expect(try await smtp.wait(count: 1).first?.subject == "【TEST-0000】需求已受理登记")
        // A refusal is printed and fails the command; the secret never appears.
        try await sms.fault("aliyun", "no_such_number")
        let refused = try await runner.runAside(["notices", "test", "--notices", file, "--to", "13800001234"])
        #expect(refused.status != 0 && refused.stdout.contains("isv.MOBILE_NUMBER_ILLEGAL"))
        #expect(!(refused.stdout + refused.stderr + text.stdout + text.stderr).contains("aliyun-secret"))
        // Without the credential's variable, the file's problem is named with its line.
        let missing = try await CommandRunner().runAside(["notices", "test", "--notices", file, "--to", "13800001234"])
        #expect(missing.status != 0 && missing.stderr.contains("notices.yaml:7:") && missing.stderr.contains("TEST_SMS_KEY_ID"))
    }

    @Test func theServerOffersAndSendsWhatTheFileSetsUp() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let (sms, smtp) = try await imitations()
        let file = try noticesFile(sms: sms, smtp: smtp, in: directory)
        let database = directory.appendingPathComponent("var/onestop.sqlite").path
        var lastError = ""
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...60_000)
            var runner = CommandRunner()
            runner.environment = ["ONESTOP_PORT": String(port), "ONESTOP_DATABASE": database, "ONESTOP_CATALOG": Fixtures.shippedCatalogURL.path,
                                  "ONESTOP_SECRET_FILE": directory.appendingPathComponent("secret").path, "ONESTOP_NOTICES": file,
                                  "TEST_SMS_KEY_ID": "LTAI-cmd", "ONESTOP_SUBMISSIONS_PER_MINUTE": "0"]
            let process = try runner.start(["serve"])
            defer {
                process.terminate()
                process.waitUntilExit()
            }
            let base = URL(string: "http://127.0.0.1:\(port)")!
            var up = false
            for _ in 0..<200 where process.isRunning {
                if let (_, response) = try? await URLSession.shared.data(from: base.appendingPathComponent("healthz")),
                    (response as? HTTPURLResponse)?.statusCode == 200
                {
                    up = true
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            guard up else {
                process.terminate()
                process.waitUntilExit()
                lastError = String(decoding: (process.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                continue
            }
            let (form, _) = try await URLSession.shared.data(from: base.appendingPathComponent("requests/new"))
            #expect(String(decoding: form, as: UTF8.self).contains(#"id="notices-sms""#))
            var request = URLRequest(url: base.appendingPathComponent("api/v1/requests"))
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data("""
                {"enterprise": {"name": "金寨县某茶业有限公司", "uscc": "91512081MA62K0260E", "region": "341524", "contact_name": "张三",
                                "phone": "13800001234", "email": "zhangsan@example.com"},
                 "service_code": "JZ-TEA-001", "description": "农残检测", "mode": "station", "notices": {"sms": true, "email": true}}
                """.utf8)
            let (data, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 201, "\(String(decoding: data, as: UTF8.self))")
            let id = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["id"] as? String)
            #expect(try await sms.wait(count: 1).first?.params["id"] == id)
            #expect(try await smtp.wait(count: 1).first?.subject == "【\(id)】需求已受理登记")
            // Counted in /metrics.
            let (metrics, _) = try await URLSession.shared.data(from: base.appendingPathComponent("metrics"))
            let text = String(decoding: metrics, as: UTF8.self)
            #expect(text.contains(#"onestop_notice_attempts_total{channel="sms",outcome="sent"} 1"#))
            #expect(text.contains(#"onestop_notices{status="sent"} 2"#) || text.contains(#"onestop_notices{status="sent"} 1"#))
            return
        }
        throw FixtureError("server did not start: \(lastError)")
    }
}

import Foundation
import OnestopDelivery
import OnestopDomain
import Testing

/// Group-robot messages, signatures and answers (issue 7's first step: the pieces, before the worker uses them).
@Suite struct RobotMessageTests {
    /// 2026-11-26 10:00 in Lu'an; the deadline is the next day at 17:00.
    static let now = Date(timeIntervalSince1970: 1_795_658_400)
    static let deadline = Date(timeIntervalSince1970: 1_795_770_000)

    static func body(type: String = "request.assigned", description: String = "出口前需要做农残检测，约 20 批次。",
                     firm: String = "金寨县某茶业有限公司") throws -> [UInt8] {
        let object: [String: Any] = [
            "type": type, "timestamp": "2026-11-26T02:00:00Z",
            "data": [
                "request_id": "LA-20261126-0042", "status": "assigned", "station": "jinzhai", "station_name": "金寨县一站式质量服务站",
                "service": ["code": "JZ-JL-003", "name": "压力表校准"], "mode": "station", "description": description,
                "enterprise": ["name": firm, "credit_code": "91341524MA2N0A0A0X", "region": "341524", "contact_name": "张三", "phone": "13800001234"],
                "acknowledge_by": ISO8601DateFormatter().string(from: deadline), "created_at": "2026-11-26T02:00:00Z", "links": [:] as [String: String],
            ] as [String: Any],
        ]
        return Array(try JSONSerialization.data(withJSONObject: object))
    }

    static func decode(_ body: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }

    @Test(arguments: RobotPlatform.allCases)
    func anAssignmentSaysWhoWantsWhatByWhenAndWhereToAct(platform: RobotPlatform) throws {
        let notice = try RobotNotice(body: Self.body())
        let body = RobotMessage(platform: platform).body(for: notice, baseURL: "https://onestop.luan.gov.cn/", now: Self.now)
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.contains("新需求：金寨县某茶业有限公司 申请 压力表校准"))
        #expect(text.contains("请于明天17:00前受理"))
        #expect(text.contains("https://onestop.luan.gov.cn/console/requests/LA-20261126-0042"))
        // Markdown escapes the mask's stars; it reads 138****1234 in the group.
        #expect(text.replacingOccurrences(of: "\\", with: "").contains("张三 138****1234"), "a group chat is read by many: the phone is masked")
        #expect(!text.contains("13800001234"))
        #expect(text.contains("到站办理"))
        let json = try Self.decode(body)
        switch platform {
        case .wecom: #expect(json["msgtype"] as? String == "markdown")
        case .dingtalk: #expect((json["markdown"] as? [String: Any])?["title"] as? String == "新需求：金寨县某茶业有限公司 申请 压力表校准")
        case .feishu: #expect(json["msg_type"] as? String == "interactive")
        }
    }

    @Test(arguments: RobotPlatform.allCases)
    func aBadReviewSaysTheLevelsTheCommentAndTheDeadline(platform: RobotPlatform) throws {
        var object = try Self.decode(Self.body(type: "request.bad_review", description: "出口前需要做农残检测。"))
        var data = try #require(object["data"] as? [String: Any])
        data["status"] = "completed"
        data["caseworker"] = ["name": "吴霞", "phone": "0564-7010002"]
        // Rated Wednesday 2 December 2026 at 10:00; due five working days later, Wednesday 9 December at 10:00.
        data["evaluation"] = [
            "overall": "dissatisfied", "efficiency": "very_dissatisfied", "comment": "报告晚了一周", "evaluated_at": "2026-12-02T02:00:00Z",
            "bad_review": true, "follow_up_due": "2026-12-09T02:00:00Z",
        ] as [String: Any]
        object["data"] = data
        let notice = try RobotNotice(body: Array(try JSONSerialization.data(withJSONObject: object)))
        let now = ISO8601DateFormatter().date(from: "2026-12-02T02:00:00Z")!
        #expect(notice.headline == "差评待整改：金寨县某茶业有限公司 的 压力表校准")
        #expect(notice.facts(now: now) == [
            "请于12月9日10:00前反馈整改情况", "编号：LA-20261126-0042", "方式：到站办理", "评价：整体满意度 不满意；服务效率 非常不满意",
            "企业留言：报告晚了一周", "服务专员：吴霞", "说明：出口前需要做农残检测。",
        ])
        let text = String(decoding: RobotMessage(platform: platform).body(for: notice, baseURL: "https://onestop.luan.gov.cn", now: now), as: UTF8.self)
        #expect(text.contains("报告晚了一周") && text.contains("/console/requests/LA-20261126-0042"))
        #expect(!text.contains("13800001234"), "the firm's phone is not in a review's message")

        object["type"] = "request.evaluated"
        data["evaluation"] = ["overall": "very_satisfied", "evaluated_at": "2026-12-02T02:00:00Z", "bad_review": false] as [String: Any]
        object["data"] = data
        let good = try RobotNotice(body: Array(try JSONSerialization.data(withJSONObject: object)))
        #expect(good.headline == "企业评价：非常满意：金寨县某茶业有限公司 的 压力表校准")
        #expect(!good.facts(now: now).contains { $0.contains("整改") })
    }

    @Test func aStatusChangeIsToldInWordsForPeople() throws {
        var object = try Self.decode(Self.body(type: "request.status_changed"))
        var data = try #require(object["data"] as? [String: Any])
        data["status"] = "in_progress"
        data["previous_status"] = "accepted"
        object["data"] = data
        let notice = try RobotNotice(body: Array(try JSONSerialization.data(withJSONObject: object)))
        #expect(notice.headline == "状态变更：金寨县某茶业有限公司 的 压力表校准")
        #expect(notice.facts(now: Self.now).contains("状态：已受理 → 办理中"))
        #expect(!notice.facts(now: Self.now).contains { $0.contains("前受理") }, "no deadline once accepted")
    }

    @Test(arguments: RobotPlatform.allCases)
    func aLongMessageIsCutCleanlyWithinTheLimitKeepingTheLink(platform: RobotPlatform) throws {
        let long = String(repeating: "计量检测校准认证，", count: 1_500)
        let notice = try RobotNotice(body: Self.body(description: long))
        let body = RobotMessage(platform: platform).body(for: notice, baseURL: "https://onestop.luan.gov.cn", now: Self.now)
        let json = try Self.decode(body)
        let measured: Int
        let content: String
        switch platform {
        case .wecom:
            content = try #require((json["markdown"] as? [String: Any])?["content"] as? String)
            measured = content.utf8.count
            #expect(measured <= 4_096)
        case .dingtalk:
            content = try #require((json["markdown"] as? [String: Any])?["text"] as? String)
            measured = body.count
            #expect(measured <= 20_000)
        case .feishu:
            let card = try #require(json["card"] as? [String: Any])
            let elements = try #require(card["elements"] as? [[String: Any]])
            content = try #require((elements.first?["text"] as? [String: Any])?["content"] as? String)
            measured = body.count
            #expect(measured <= 20 * 1_024 - 128)
        }
        #expect(measured > 3_000, "filled, not cut short")
        #expect(content.contains("…"))
        #expect(content.hasSuffix("[在控制台处理](https://onestop.luan.gov.cn/console/requests/LA-20261126-0042)"))
        #expect(!content.contains("\u{FFFD}"))
    }

    @Test func mentionsByMobileUseWeComTextAndDingTalkAt() throws {
        let notice = try RobotNotice(body: Self.body(description: String(repeating: "长", count: 3_000)))
        let wecom = try Self.decode(RobotMessage(platform: .wecom, mentions: ["13900001111"]).body(for: notice, baseURL: "https://x.cn", now: Self.now))
        #expect(wecom["msgtype"] as? String == "text")
        let text = try #require(wecom["text"] as? [String: Any])
        #expect(text["mentioned_mobile_list"] as? [String] == ["13900001111"])
        #expect(((text["content"] as? String)?.utf8.count ?? .max) <= 2_048)
        #expect((text["content"] as? String)?.hasSuffix("处理：https://x.cn/console/requests/LA-20261126-0042") == true)

        let ding = try Self.decode(RobotMessage(platform: .dingtalk, keyword: "一站式", mentions: ["13900001111"])
            .body(for: notice, baseURL: "https://x.cn", now: Self.now))
        #expect((ding["at"] as? [String: Any])?["atMobiles"] as? [String] == ["13900001111"])
        let markdown = try #require(ding["markdown"] as? [String: Any])
        #expect((markdown["text"] as? String)?.hasSuffix("@13900001111") == true, "DingTalk shows a mention only when the text has it")
        #expect((markdown["title"] as? String)?.hasPrefix("【一站式】") == true, "a robot made with a keyword needs it in every message")
    }

    @Test func textFromFirmsCannotBecomeMarkdownLinks() throws {
        let notice = try RobotNotice(body: Self.body(description: "请点 [这里](http://evil.example) **紧急**", firm: "某公司<font color=\"warning\">"))
        let text = String(decoding: RobotMessage(platform: .wecom).body(for: notice, baseURL: "https://x.cn", now: Self.now), as: UTF8.self)
        #expect(!text.contains("[这里](http"))
        #expect(text.contains(#"\\[这里\\]"#))
        #expect(!text.contains("<font"))
    }

    /// Every format: firm text cannot become a link, a mention or markup, and the console link stays clickable.
    @Test(arguments: [(RobotPlatform.wecom, [String]()), (.wecom, ["13900001111"]), (.dingtalk, ["13900001111"]), (.feishu, [])])
    func firmTextIsInertInEveryFormat(platform: RobotPlatform, mentions: [String]) throws {
        let description = "详见 https://evil.example/pay 或 www.evil.example、evil.cn 与 10.1.2.3，联系 @13900001111 <@all> <at id=all></at> ~~删~~ ![图](x)\n## 标题"
        let notice = try RobotNotice(body: Self.body(description: description, firm: "某公司 evil.example <font color=\"warning\">"))
        let body = RobotMessage(platform: platform, mentions: mentions).body(for: notice, baseURL: "https://onestop.luan.gov.cn", now: Self.now)
        let json = try Self.decode(body)
        var texts: [String] = []
        func collect(_ value: Any) {
            if let text = value as? String { texts.append(text) }
            if let object = value as? [String: Any] { object.values.forEach(collect) }
            if let list = value as? [Any] { list.forEach(collect) }
        }
        collect(json)
        let all = texts.joined(separator: "\n")
        for link in ["://evil", "evil.example", "www.evil", "evil.cn", "10.1.2.3"] { #expect(!all.contains(link), "\(link) in \(platform)") }
        #expect(!all.contains("@13900001111 ") && !all.contains("<@all>") && !all.contains("<at") && !all.contains("<font"))
        #expect(!all.contains("\n## "), "a firm's line break starts no heading")
        #expect(all.contains("evil[.]example") || all.contains(#"evil\[.\]example"#))
        #expect(all.contains("https://onestop.luan.gov.cn/console/requests/LA-20261126-0042"))
        if platform == .dingtalk { #expect(all.hasSuffix("@13900001111") || all.contains("\n\n@13900001111"), "onestop's own mention is kept") }
    }

    @Test func titlesAreCutByBytesAtACharacter() throws {
        let notice = try RobotNotice(body: Self.body(firm: String(repeating: "很长的企业名称", count: 20)))
        let ding = try Self.decode(RobotMessage(platform: .dingtalk).body(for: notice, baseURL: "https://x.cn", now: Self.now))
        let title = try #require((ding["markdown"] as? [String: Any])?["title"] as? String)
        #expect(title.utf8.count <= 100 && title.utf8.count > 90 && title.hasSuffix("…"))
        let feishu = try Self.decode(RobotMessage(platform: .feishu).body(for: notice, baseURL: "https://x.cn", now: Self.now))
        let header = try #require(((feishu["card"] as? [String: Any])?["header"] as? [String: Any])?["title"] as? [String: Any])
        let content = try #require(header["content"] as? String)
        #expect(content.utf8.count <= 150 && content.utf8.count > 140 && content.hasSuffix("…"))
    }

    @Test func aStationThatAsksSeesTheFullPhone() throws {
        let notice = try RobotNotice(body: Self.body())
        let text = String(decoding: RobotMessage(platform: .wecom, contact: .full).body(for: notice, baseURL: "https://x.cn", now: Self.now), as: UTF8.self)
        #expect(text.contains("张三 13800001234"))
        // The endpoint's setting reaches the message the worker sends.
        for contact in RobotContact.allCases {
            let delivery = RobotDelivery(platform: .dingtalk, keyword: nil, mentions: [], contact: contact, secret: nil)
            let sent = String(decoding: delivery.message.body(for: notice, baseURL: "https://x.cn", now: Self.now), as: UTF8.self)
            #expect(sent.contains("张三 13800001234") == (contact == .full) && sent.contains("张三 138"), "\(contact)")
        }
        #expect(PhoneNumber.masked("0564-5136080") == "0564-***6080")
        #expect(PhoneNumber.masked("0564-5136080-12") == "0564-***6080")
    }

    /// The signatures, against Python's hmac: an implementation that is not the one under test.
    @Test func dingTalkAndFeishuSignaturesMatchAnIndependentImplementation() throws {
        let secret = "SEC0123456789abcdef+/=测试"
        let at = Date(timeIntervalSince1970: 1_795_658_400.123)
        let url = RobotSigning.dingTalkURL("https://oapi.dingtalk.com/robot/send?access_token=T", secret: secret, at: at)
        let expectedDing = try python("""
            import base64, hashlib, hmac, sys, urllib.parse
            ts, secret = sys.argv[1], sys.argv[2]
            mac = hmac.new(secret.encode(), f"{ts}\\n{secret}".encode(), hashlib.sha256).digest()
            print(f"https://oapi.dingtalk.com/robot/send?access_token=T&timestamp={ts}&sign={urllib.parse.quote_plus(base64.b64encode(mac))}")
            """, "1795658400123", secret)
        #expect(url == expectedDing)
        let feishu = RobotSigning.feishuFields(secret: secret, at: at)
        let expectedFeishu = try python("""
            import base64, hashlib, hmac, sys
            ts, secret = sys.argv[1], sys.argv[2]
            print(base64.b64encode(hmac.new(f"{ts}\\n{secret}".encode(), b"", hashlib.sha256).digest()).decode())
            """, "1795658400", secret)
        #expect(feishu.timestamp == "1795658400")
        #expect(feishu.sign == expectedFeishu)
        let signed = try Self.decode(RobotSigning.feishuBody(Array(#"{"msg_type":"text","content":{"text":"hi"}}"#.utf8), secret: secret, at: at))
        #expect(signed["sign"] as? String == expectedFeishu)
        #expect(signed["timestamp"] as? String == "1795658400")
    }

    @Test(arguments: [
        (RobotPlatform.wecom, 200, #"{"errcode":0,"errmsg":"ok"}"#, RobotAnswer.delivered),
        (.wecom, 200, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#, .rateLimited(code: 45009, message: "api freq out of limit")),
        (.wecom, 200, #"{"errcode":93000,"errmsg":"invalid webhook url"}"#, .robotGone(code: 93000, message: "invalid webhook url")),
        (.wecom, 200, #"{"errcode":40058,"errmsg":"too long"}"#, .rejected(code: 40058, message: "too long")),
        (.dingtalk, 200, #"{"errcode":0,"errmsg":"ok"}"#, .delivered),
        (.dingtalk, 200, #"{"errcode":130101,"errmsg":"send too fast"}"#, .rateLimited(code: 130101, message: "send too fast")),
        (.dingtalk, 200, #"{"errcode":300001,"errmsg":"token is not exist"}"#, .robotGone(code: 300001, message: "token is not exist")),
        (.dingtalk, 200, #"{"errcode":310000,"errmsg":"sign not match"}"#, .signatureRejected(code: 310000, message: "sign not match")),
        (.dingtalk, 200, #"{"errcode":310000,"errmsg":"keywords not in content"}"#, .rejected(code: 310000, message: "keywords not in content")),
        (.dingtalk, 200, #"{"errcode":310000,"errmsg":"ip 1.2.3.4 not in whitelist"}"#, .rejected(code: 310000, message: "ip 1.2.3.4 not in whitelist")),
        (.feishu, 200, #"{"code":19001,"msg":"param invalid: incoming webhook access token invalid"}"#,
         .robotGone(code: 19001, message: "param invalid: incoming webhook access token invalid")),
        (.feishu, 200, #"{"code":19001,"msg":"param invalid: msg_type"}"#, .rejected(code: 19001, message: "param invalid: msg_type")),
        (.feishu, 200, #"{"code":0,"msg":"success","data":{}}"#, .delivered),
        (.feishu, 200, #"{"StatusCode":0,"StatusMessage":"success"}"#, .delivered),
        (.feishu, 200, #"{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}"#,
         .signatureRejected(code: 19021, message: "sign match fail or timestamp is not within one hour from current time")),
        (.feishu, 400, #"{"code":9499,"msg":"Bad Request"}"#, .rejected(code: 9499, message: "Bad Request")),
        (.feishu, 200, #"{"code":11232,"msg":"frequency limited"}"#, .rateLimited(code: 11232, message: "frequency limited")),
        (.wecom, 502, "<html>bad gateway</html>", .unreadable(status: 502)),
    ])
    func answersAreJudgedByTheirBodyNotTheStatusAlone(platform: RobotPlatform, status: Int, body: String, expected: RobotAnswer) {
        #expect(RobotAnswer.interpret(platform, status: status, body: Array(body.utf8)) == expected)
    }

    func python(_ script: String, _ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

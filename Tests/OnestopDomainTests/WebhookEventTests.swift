import Foundation
import OnestopDomain
import Testing

@Suite struct WebhookEventTests {
    func request(_ status: RequestStatus, at station: String?) -> ServiceRequest {
        ServiceRequest(
            id: "LA-20261127-0001", status: status,
            enterprise: Enterprise(name: "金寨县某茶业有限公司", uscc: "91512081MA62K0260E", region: "341524", contactName: "张三", phone: "13800001234"),
            serviceCode: "JZ-TEA-001", categoryCode: nil, description: "检测", mode: .station, preferredStation: nil, station: station,
            service: "JZ-TEA-001", acknowledgeBy: Date(timeIntervalSince1970: 1_795_000_000), createdAt: Date(timeIntervalSince1970: 1_794_900_000),
            updatedAt: Date(timeIntervalSince1970: 1_794_900_000))
    }

    func caused(_ action: RequestAction?, _ before: ServiceRequest?, _ after: ServiceRequest) -> [String] {
        WebhookEvent.caused(by: action, before: before, after: after).map { event in
            switch event.audience {
            case .station(let id): "\(event.type.rawValue)→\(id)"
            case .platform: "\(event.type.rawValue)→platform"
            }
        }
    }

    @Test func whoHearsOfEachChange() {
        let assigned = request(.assigned, at: "jinzhai")
        #expect(caused(.assign, nil, assigned) == ["request.assigned→jinzhai", "request.status_changed→platform"])
        #expect(caused(nil, nil, request(.submitted, at: nil)) == ["request.status_changed→platform"])
        #expect(caused(.accept, assigned, request(.accepted, at: "jinzhai")) == ["request.status_changed→platform"])
        #expect(caused(.progress, request(.inProgress, at: "jinzhai"), request(.inProgress, at: "jinzhai")) == [])
        #expect(caused(.escalate, assigned, request(.assigned, at: "luan-platform")) == [
            "request.assigned→luan-platform", "request.withdrawn→jinzhai", "request.escalated→platform",
        ])
        #expect(caused(.reassign, request(.accepted, at: "jinzhai"), request(.assigned, at: "huoshan")) == [
            "request.assigned→huoshan", "request.withdrawn→jinzhai", "request.status_changed→platform",
        ])
        #expect(caused(.cancel, assigned, request(.cancelled, at: "jinzhai")) == [
            "request.withdrawn→jinzhai", "request.cancelled→platform", "request.status_changed→platform",
        ])
        #expect(caused(.closeUnserviceable, request(.submitted, at: nil), request(.unserviceable, at: nil)) == [
            "request.status_changed→platform",
        ])
        #expect(caused(.decline, assigned, request(.submitted, at: nil)) == ["request.withdrawn→jinzhai", "request.status_changed→platform"])
    }

    @Test func theBodyCarriesWhatAStationNeedsToAct() throws {
        let assigned = request(.assigned, at: "jinzhai")
        let event = try #require(WebhookEvent.caused(by: .assign, before: nil, after: assigned).first)
        let body = WebhookPayload.body(for: event, request: assigned, before: nil, action: .assign, note: nil, serviceName: "茶叶农药残留检测",
                                       stationName: "金寨县一站式质量服务站", at: Date(timeIntervalSince1970: 1_794_900_000),
                                       baseURL: "https://onestop.example.cn/")
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.hasPrefix(#"{"data":{"#))
        #expect(text.contains(#""timestamp":"2026-11-17T"#))
        #expect(text.contains(#""type":"request.assigned""#))
        #expect(text.contains(#""accept":"https://onestop.example.cn/api/v1/station/requests/LA-20261127-0001/accept""#))
        #expect(text.contains(#""credit_code":"91512081MA62K0260E""#))
        #expect(text.contains(#""service":{"code":"JZ-TEA-001","name":"茶叶农药残留检测"}"#))
        #expect(!text.contains(#"\/"#))
        #expect(body.count < 20 * 1024)
    }

    @Test func anEvaluationIsToldToTheStationThatServedAndThePlatform() throws {
        let done = request(.completed, at: "jinzhai")
        func events(_ ratings: Evaluation.Ratings) -> [String] {
            let evaluation = Evaluation(requestID: done.id, station: "jinzhai", caseworker: nil, ratings: ratings, comment: "慢", evaluatedAt: done.updatedAt,
                                        followUp: ratings.overall.isBad ? .init(dueAt: done.updatedAt.addingTimeInterval(86_400 * 7)) : nil)
            return WebhookEvent.caused(by: .evaluate, before: done, after: done, evaluation: evaluation).map { "\($0.type.rawValue)→\($0.audience)" }
        }
        #expect(events(.init(overall: .satisfied)) == ["request.evaluated→station(\"jinzhai\")", "request.evaluated→platform"])
        #expect(events(.init(overall: .dissatisfied)) == [
            "request.evaluated→station(\"jinzhai\")", "request.evaluated→platform", "request.bad_review→station(\"jinzhai\")", "request.bad_review→platform",
        ])
        #expect(caused(.escalateFollowUp, done, done) == ["request.follow_up_escalated→platform"])
        // The station's own follow-up, the callback, an appeal and its review tell nobody.
        for action: RequestAction in [.answerFollowUp, .recordCallback, .appeal, .reviewAppeal] {
            #expect(caused(action, done, done).isEmpty, "\(action)")
        }
        let rated = Evaluation(requestID: done.id, station: "jinzhai", caseworker: nil, ratings: .init(overall: .veryDissatisfied, attitude: .dissatisfied),
                               comment: "态度差", evaluatedAt: done.updatedAt, followUp: .init(dueAt: done.updatedAt.addingTimeInterval(86_400 * 7)))
        let body = WebhookPayload.body(for: WebhookEvent(type: .requestBadReview, audience: .station("jinzhai")), request: done, before: done,
                                       action: .evaluate, note: nil, serviceName: nil, stationName: nil, at: done.updatedAt, baseURL: "https://x",
                                       evaluation: rated)
        let data = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])["data"] as? [String: Any]
        let evaluation = try #require(data?["evaluation"] as? [String: Any])
        #expect(evaluation["overall"] as? String == "very_dissatisfied" && evaluation["attitude"] as? String == "dissatisfied")
        #expect(evaluation["comment"] as? String == "态度差" && evaluation["bad_review"] as? Bool == true && evaluation["follow_up_due"] is String)
    }
}

@Suite struct EndpointFormatTests {
    @Test func robotTokensAreCutToTheirLastFourCharacters() {
        #expect(EndpointFormat.wecom.redacted("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-abcd")
                == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…abcd")
        #expect(EndpointFormat.feishu.redacted("https://open.feishu.cn/open-apis/bot/v2/hook/0f3c-uuid-9876")
                == "https://open.feishu.cn/open-apis/bot/v2/hook/…9876")
        #expect(EndpointFormat.feishu.redacted("http://127.0.0.1:9/open-apis/bot/v2/hook/abc/def") == "http://127.0.0.1:9/open-apis/bot/v2/hook/…/def")
        #expect(EndpointFormat.standard.redacted("https://oa.example.cn/hook?key=1234567") == "https://oa.example.cn/hook?key=1234567")
    }

    @Test func robotURLsMustHaveTheirPlatformsShapeUnlessLocalIsAllowed() {
        #expect(EndpointFormat.feishu.problem(withURL: "https://open.feishu.cn/open-apis/bot/v2/hook/t", addresses: .publicOnly) == nil)
        #expect(EndpointFormat.feishu.problem(withURL: "https://open.larksuite.com/open-apis/bot/v2/hook/t", addresses: .publicOnly) == nil)
        #expect(EndpointFormat.feishu.problem(withURL: "https://open.feishu.cn/open-apis/bot/v2/hook/t/x", addresses: .publicOnly) != nil)
        #expect(EndpointFormat.wecom.problem(withURL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=", addresses: .publicOnly) != nil)
        #expect(EndpointFormat.dingtalk.problem(withURL: "http://oapi.dingtalk.com/robot/send?access_token=t", addresses: .publicOnly) != nil)
        #expect(EndpointFormat.dingtalk.problem(withURL: "http://localhost:9000/x", addresses: .allowingLoopback) == nil)
        #expect(EndpointFormat.dingtalk.problem(withURL: "http://127.0.0.2/x", addresses: .allowingLoopback) == nil)
        #expect(EndpointFormat.dingtalk.problem(withURL: "http://[::1]:9000/x", addresses: .allowingLoopback) == nil)
        #expect(EndpointFormat.dingtalk.problem(withURL: "http://10.0.0.1/x", addresses: .allowingLoopback) != nil)
        #expect(EndpointFormat.dingtalk.problem(withURL: "http://localhost:9000/x", addresses: .publicOnly) != nil)
        // Pasted without its format, a robot's URL would get JSON it refuses.
        #expect(EndpointFormat.standard.problem(withURL: "https://oapi.dingtalk.com/robot/send?access_token=t", addresses: .publicOnly)?.en
                == "this is a dingtalk robot's URL; choose the format dingtalk")
        #expect(EndpointFormat.standard.problem(withURL: "https://oa.example.cn/robot/send?access_token=t", addresses: .publicOnly) == nil)
    }
}

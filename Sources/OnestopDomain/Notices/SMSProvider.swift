import Foundation

/// An SMS gateway and what it needs: the registered signature and, per event, the approved template and how its
/// variables are filled from ``NoticeFacts``.
public struct SMSProvider: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Alibaba Cloud SMS (dysmsapi 2017-05-25), signed with ACS3-HMAC-SHA256.
        case aliyun
        /// Tencent Cloud SMS (2021-01-11), signed with TC3-HMAC-SHA256.
        case tencent
        /// A city's own SMS platform, reached by a Standard Webhooks POST carrying the text.
        case gateway
    }

    /// An approved template: its code or id and, in order, the template's variable names with the onestop value each takes.
    public struct Template: Sendable, Equatable {
        public var code: String
        public var parameters: [(name: String, value: String)]

        public init(code: String, parameters: [(name: String, value: String)]) {
            self.code = code
            self.parameters = parameters
        }

        public static func == (lhs: Template, rhs: Template) -> Bool {
            lhs.code == rhs.code && lhs.parameters.map(\.name) == rhs.parameters.map(\.name) && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
        }
    }

    public var kind: Kind
    /// The API's address; each kind has its public one by default.
    public var url: String
    /// The AccessKey ID (Alibaba), SecretId (Tencent); unused by a gateway.
    public var keyID: String
    /// The AccessKey secret, SecretKey, or a gateway's `whsec_` signing secret.
    public var secret: String
    /// 短信签名, without the brackets: `六安市市场监管局`.
    public var signName: String
    /// Tencent's SmsSdkAppId.
    public var appID: String?
    /// Tencent's region, `ap-guangzhou` by default.
    public var region: String?
    public var templates: [NoticeEvent: Template]
    /// The longest value a template variable takes; longer ones are cut with an ellipsis (providers refuse them).
    public var maxVariableLength: Int

    public init(kind: Kind, url: String, keyID: String, secret: String, signName: String, appID: String? = nil, region: String? = nil,
                templates: [NoticeEvent: Template], maxVariableLength: Int = 35) {
        self.kind = kind
        self.url = url
        self.keyID = keyID
        self.secret = secret
        self.signName = signName
        self.appID = appID
        self.region = region
        self.templates = templates
        self.maxVariableLength = maxVariableLength
    }

    public static func defaultURL(_ kind: Kind) -> String? {
        switch kind {
        case .aliyun: "https://dysmsapi.aliyuncs.com/"
        case .tencent: "https://sms.tencentcloudapi.com/"
        case .gateway: nil
        }
    }

    /// The template's variables filled for `facts`, each cut to ``maxVariableLength``.
    public func values(_ template: Template, facts: NoticeFacts, link: String) -> [(name: String, value: String)] {
        template.parameters.map { parameter in
            let value = facts.value(of: parameter.value, link: link)
            // A link is never cut: cut, it would lead nowhere.
            guard parameter.value != "link", value.count > maxVariableLength else { return (parameter.name, value) }
            return (parameter.name, String(value.prefix(maxVariableLength - 1)) + "…")
        }
    }
}

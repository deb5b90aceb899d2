import CCurl
import Foundation
import OnestopDomain
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Posts webhook bodies with libcurl's multi interface, driven by one thread of its own, so that no
/// Swift cooperative thread ever blocks on the network and connections to each host are kept alive
/// between deliveries.
///
/// Redirects are never followed, only http and https are spoken, TLS is always verified and signals are
/// off (`CURLOPT_NOSIGNAL`). Every address connected to must be one the configuration's address policy allows:
/// a URL's literal host is checked before anything is sent, and each address libcurl is about to connect to,
/// after its own resolving, is checked again, so that a name resolving to an internal address is refused (an
/// answer with ``OutboundResponse/refusal`` set). The proxy environment (`http_proxy`, `all_proxy`) is ignored;
/// only the configuration's proxy is used, and then the connection is to the proxy, which is not checked.
/// Call ``shutdown()`` when done: transfers still running then end with an error.
/// `@unchecked`: the multi handle is touched by the curl thread only, but for `curl_multi_wakeup`, which is thread-safe.
public final class CurlTransport: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var connectTimeout: Duration
        public var totalTimeout: Duration
        /// How much of a response body is kept; the rest is read and dropped.
        public var maxResponseBytes: Int
        /// A PEM file of extra certificate authorities trusted beside the system's, for stations with a private CA.
        public var extraCAFile: String?
        public var userAgent: String
        /// Which addresses may be connected to.
        public var addresses: EndpointAddressPolicy
        /// The proxy every request goes through (`--webhook-proxy`); nil for none, whatever the environment says.
        public var proxy: String?
        /// Names answered without asking the resolver, as curl's `--resolve` takes them (`HOST:PORT:ADDRESS`):
        /// the address is still checked against `addresses` when it is connected to.
        public var pinnedNames: [String]

        public init(connectTimeout: Duration = .seconds(5), totalTimeout: Duration = .seconds(15), maxResponseBytes: Int = 20 * 1024,
                    extraCAFile: String? = nil, userAgent: String = "onestop-webhooks/1", addresses: EndpointAddressPolicy = .publicOnly,
                    proxy: String? = nil, pinnedNames: [String] = []) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.maxResponseBytes = maxResponseBytes
            self.extraCAFile = extraCAFile
            self.userAgent = userAgent
            self.addresses = addresses
            self.proxy = proxy
            self.pinnedNames = pinnedNames
        }
    }

    private let configuration: Configuration
    private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex<Inbox>(Inbox())

    private struct Inbox: ~Copyable {
        var waiting: [TransferBox] = []
        var closed = false
    }

    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    public init(configuration: Configuration = Configuration()) {
        precondition(Self.globalInit, "curl_global_init failed")
        self.configuration = configuration
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed") }
        _ = onestop_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, 256)
        self.multi = multi
        let loop = CurlLoop(multi: multi, configuration: configuration)
        let thread = Thread { [self] in
            loop.run(take: { self.takeWaiting() })
        }
        thread.name = "onestop-curl"
        thread.start()
    }

    /// Posts `request` and returns what came back; transport failures are reported in the response, never thrown.
    public func send(_ request: OutboundRequest) async -> OutboundResponse {
        await withCheckedContinuation { continuation in
            let box = TransferBox(request: request, continuation: continuation)
            let accepted = inbox.withLock { inbox -> Bool in
                guard !inbox.closed else { return false }
                inbox.waiting.append(box)
                return true
            }
            guard accepted else {
                continuation.resume(returning: .failure("transport shut down", timedOut: false))
                return
            }
            curl_multi_wakeup(multi)
        }
    }

    /// Ends the curl thread; transfers in flight or waiting end with an error.
    public func shutdown() {
        inbox.withLock { $0.closed = true }
        curl_multi_wakeup(multi)
    }

    private func takeWaiting() -> (boxes: [TransferBox], closed: Bool) {
        inbox.withLock { inbox in
            let boxes = inbox.waiting
            inbox.waiting.removeAll()
            return (boxes, inbox.closed)
        }
    }
}

/// A request handed from an async caller to the curl thread.
final class TransferBox: @unchecked Sendable {
    let request: OutboundRequest
    let continuation: CheckedContinuation<OutboundResponse, Never>

    init(request: OutboundRequest, continuation: CheckedContinuation<OutboundResponse, Never>) {
        self.request = request
        self.continuation = continuation
    }
}

/// What the curl thread owns: the multi handle's transfers. Used by that thread only.
private final class CurlLoop: @unchecked Sendable {
    let multi: UnsafeMutableRawPointer
    let configuration: CurlTransport.Configuration
    var running: [UInt: Transfer] = [:]
    /// Easy handles of finished transfers, reset and kept for the next ones.
    var idle: [UnsafeMutableRawPointer] = []

    init(multi: UnsafeMutableRawPointer, configuration: CurlTransport.Configuration) {
        self.multi = multi
        self.configuration = configuration
    }

    func run(take: () -> (boxes: [TransferBox], closed: Bool)) {
        while true {
            let (boxes, closed) = take()
            if closed {
                for box in boxes { box.continuation.resume(returning: .failure("transport shut down", timedOut: false)) }
                for transfer in running.values { finish(transfer, code: CURLE_ABORTED_BY_CALLBACK, message: "transport shut down") }
                running.removeAll()
                for handle in idle { curl_easy_cleanup(handle) }
                idle.removeAll()
                curl_multi_cleanup(multi)
                return
            }
            for box in boxes { start(box) }
            var stillRunning: Int32 = 0
            curl_multi_perform(multi, &stillRunning)
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
                let code = message.pointee.data.result
                if let transfer = running.removeValue(forKey: UInt(bitPattern: handle)) {
                    finish(transfer, code: code, message: nil)
                }
            }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func start(_ box: TransferBox) {
        guard let handle = idle.popLast() ?? curl_easy_init() else {
            box.continuation.resume(returning: .failure("curl_easy_init failed", timedOut: false))
            return
        }
        let request = box.request
        if configuration.proxy == nil, let host = URLComponents(string: request.url)?.host, let refusal = configuration.addresses.refusal(ofHost: host) {
            idle.append(handle)
            box.continuation.resume(returning: .refused(refusal))
            return
        }
        let transfer = Transfer(handle: handle, box: box, limit: configuration.maxResponseBytes, addresses: configuration.addresses)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        _ = onestop_easy_setopt_string(handle, CURLOPT_URL, request.url)
        _ = onestop_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = onestop_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = onestop_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        _ = onestop_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        _ = onestop_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        _ = onestop_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        _ = onestop_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.milliseconds)
        _ = onestop_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, configuration.totalTimeout.milliseconds)
        _ = onestop_easy_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent)
        _ = onestop_easy_setopt_string(handle, CURLOPT_PROXY, configuration.proxy ?? "")
        if configuration.proxy == nil {
            _ = onestop_easy_setopt_opensocket_function(handle, CURLOPT_OPENSOCKETFUNCTION, openCheckedSocket)
            _ = onestop_easy_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA, context)
        }
        if let file = configuration.extraCAFile {
            _ = onestop_easy_setopt_string(handle, CURLOPT_CAINFO, file)
            _ = onestop_easy_setopt_string(handle, CURLOPT_CAPATH, "/etc/ssl/certs")
        }
        if let mail = request.mail {
            // A message for an SMTP server: the body is uploaded as the message, read from the transfer.
            _ = onestop_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps")
            _ = onestop_easy_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(mail.from)>")
            for recipient in mail.recipients { transfer.recipientList = curl_slist_append(transfer.recipientList, "<\(recipient)>") }
            _ = onestop_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, transfer.recipientList)
            if mail.requireTLS { _ = onestop_easy_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
            if let username = mail.username { _ = onestop_easy_setopt_string(handle, CURLOPT_USERNAME, username) }
            if let password = mail.password { _ = onestop_easy_setopt_string(handle, CURLOPT_PASSWORD, password) }
            transfer.upload = request.body
            _ = onestop_easy_setopt_long(handle, CURLOPT_UPLOAD, 1)
            _ = onestop_easy_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(request.body.count))
            _ = onestop_easy_setopt_read_function(handle, CURLOPT_READFUNCTION, supplyUpload)
            _ = onestop_easy_setopt_pointer(handle, CURLOPT_READDATA, context)
        } else {
            _ = onestop_easy_setopt_long(handle, CURLOPT_POST, 1)
            _ = onestop_easy_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            request.body.withUnsafeBufferPointer { body in
                _ = onestop_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: body.baseAddress ?? UnsafePointer(bitPattern: 1)!))
            }
            var headers: UnsafeMutablePointer<curl_slist>?
            for (name, value) in request.headers + [("Expect", "")] {
                headers = curl_slist_append(headers, value.isEmpty ? "\(name):" : "\(name): \(value)")
            }
            transfer.headerList = headers
            _ = onestop_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headers)
        }
        if !configuration.pinnedNames.isEmpty {
            for entry in configuration.pinnedNames { transfer.pinnedList = curl_slist_append(transfer.pinnedList, entry) }
            _ = onestop_easy_setopt_slist(handle, CURLOPT_RESOLVE, transfer.pinnedList)
        }
        _ = onestop_easy_setopt_write_function(handle, CURLOPT_WRITEFUNCTION, collectBody)
        _ = onestop_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = onestop_easy_setopt_write_function(handle, CURLOPT_HEADERFUNCTION, collectHeader)
        _ = onestop_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = onestop_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, transfer.errorBuffer)
        running[UInt(bitPattern: handle)] = transfer
        let added = curl_multi_add_handle(multi, handle)
        if added != CURLM_OK {
            running.removeValue(forKey: UInt(bitPattern: handle))
            finish(transfer, code: CURLE_FAILED_INIT, message: String(cString: curl_multi_strerror(added)))
        }
    }

    private func finish(_ transfer: Transfer, code: CURLcode, message: String?) {
        let handle = transfer.handle
        var status: Int = 0
        _ = onestop_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var micros: curl_off_t = 0
        _ = onestop_easy_getinfo_off(handle, CURLINFO_TOTAL_TIME_T, &micros)
        var connects: Int = 0
        _ = onestop_easy_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        var error: String?
        if code != CURLE_OK {
            let buffer = String(cString: transfer.errorBuffer)
            error = message ?? (buffer.isEmpty ? String(cString: curl_easy_strerror(code)) : buffer)
        }
        // Nothing was sent, and curl's own words would tell which internal ports are open.
        if let refusal = transfer.refusal, code != CURLE_OK {
            curl_multi_remove_handle(multi, handle)
            recycle(handle)
            transfer.release()
            transfer.box.continuation.resume(returning: .refused(refusal))
            return
        }
        // An SMTP server's last reply code says why a message was refused, so it is kept when the transfer failed.
        let response = OutboundResponse(
            status: (code == CURLE_OK || transfer.isMail) && status > 0 ? status : nil,
            headers: transfer.headers,
            body: transfer.body,
            bodyTruncated: transfer.truncated,
            duration: .microseconds(micros),
            error: error,
            timedOut: code == CURLE_OPERATION_TIMEDOUT,
            newConnections: connects
        )
        curl_multi_remove_handle(multi, handle)
        recycle(handle)
        transfer.release()
        transfer.box.continuation.resume(returning: response)
    }

    private func recycle(_ handle: UnsafeMutableRawPointer) {
        if idle.count < 256 {
            curl_easy_reset(handle)
            idle.append(handle)
        } else {
            curl_easy_cleanup(handle)
        }
    }
}

/// One transfer's buffers, reached from libcurl's callbacks through their user pointer.
private final class Transfer {
    let handle: UnsafeMutableRawPointer
    let box: TransferBox
    let limit: Int
    let addresses: EndpointAddressPolicy
    /// Set when an address libcurl was about to connect to was refused.
    var refusal: EndpointAddressPolicy.Refusal?
    var body: [UInt8] = []
    var truncated = false
    var headers: [(name: String, value: String)] = []
    var headerList: UnsafeMutablePointer<curl_slist>?
    var pinnedList: UnsafeMutablePointer<curl_slist>?
    var recipientList: UnsafeMutablePointer<curl_slist>?
    /// A message being uploaded to an SMTP server, and how much of it libcurl has read.
    var upload: [UInt8] = []
    var uploaded = 0
    var isMail: Bool { box.request.mail != nil }
    let errorBuffer: UnsafeMutablePointer<CChar>

    init(handle: UnsafeMutableRawPointer, box: TransferBox, limit: Int, addresses: EndpointAddressPolicy) {
        self.handle = handle
        self.box = box
        self.limit = limit
        self.addresses = addresses
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    func release() {
        curl_slist_free_all(headerList)
        headerList = nil
        curl_slist_free_all(pinnedList)
        pinnedList = nil
        curl_slist_free_all(recipientList)
        recipientList = nil
        errorBuffer.deallocate()
    }

    func appendBody(_ bytes: UnsafeBufferPointer<UInt8>) {
        let room = limit - body.count
        if bytes.count > room { truncated = true }
        if room > 0 { body.append(contentsOf: bytes.prefix(room)) }
    }

    /// One header line as libcurl hands it over (`Name: value\r\n`); a status line starts a new set,
    /// so that only the final response's headers are kept.
    func appendHeaderLine(_ line: UnsafeBufferPointer<UInt8>) {
        if line.starts(with: Self.statusPrefix) {
            headers.removeAll()
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var start = colon + 1
        var end = line.count
        while start < end, isSpace(line[start]) { start += 1 }
        while end > start, isSpace(line[end - 1]) { end -= 1 }
        let name = String(decoding: UnsafeBufferPointer(rebasing: line[..<colon]), as: UTF8.self)
        let value = String(decoding: UnsafeBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
        headers.append((name, value))
    }

    private static let statusPrefix = Array("HTTP/".utf8)
}

private let collectBody: curl_write_callback = { data, size, count, context in
    let length = size * count
    guard let data, let context else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    transfer.appendBody(UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length))
    return length
}

/// Hands libcurl the next part of a message being uploaded; 0 once it is all read.
private let supplyUpload: curl_read_callback = { buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let length = min(size * count, transfer.upload.count - transfer.uploaded)
    guard length > 0 else { return 0 }
    transfer.upload.withUnsafeBytes { bytes in
        UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + transfer.uploaded, byteCount: length)
    }
    transfer.uploaded += length
    return length
}

private let collectHeader: curl_write_callback = { data, size, count, context in
    let length = size * count
    guard let data, let context else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    transfer.appendHeaderLine(UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length))
    return length
}

/// Opens the socket for an address libcurl resolved, when the address policy allows it; otherwise records why
/// and gives libcurl none, so that it connects to nothing (and tries the host's next address, if it has one).
private let openCheckedSocket: curl_opensocket_callback = { context, _, address in
    guard let context, let address else { return CURL_SOCKET_BAD }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let target = withUnsafePointer(to: &address.pointee.addr) { IPAddress(socketAddress: $0) }
    guard let target else { return CURL_SOCKET_BAD }
    if let refusal = transfer.addresses.refusal(of: target) {
        transfer.refusal = refusal
        return CURL_SOCKET_BAD
    }
    return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
}

extension Duration {
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

import Foundation
import OnestopDomain
import OnestopStore
import OnestopTestSupport
import Testing

/// The work ledger read a page at a time, the same on every store.
@Suite struct LedgerContractTests {
    @Test(arguments: StoreKind.allCases)
    func pagesFollowEachOtherInOrderOfReceiptWithTheOutcome(kind: StoreKind) async throws {
        let store = try await kind.make(with: PromiseContractTests.catalog())
        let start = PromiseContractTests.time("2026-11-02T09:00:00+08:00")
        var ids: [String] = []
        // Five requests, two in the same millisecond, so that the cursor must break ties by id.
        for offset in [0.0, 60, 60, 120, 180] {
            guard case .created(let stored, _) = try await store.submitRequest(Fixtures.newRequest(at: start.addingTimeInterval(offset))) else {
                throw FixtureError("not created")
            }
            ids.append(stored.request.id)
        }
        _ = try await store.submitRequest(Fixtures.newRequest(at: start.addingTimeInterval(-86_400)))
        let accept = PromiseContractTests.change(ids[0], .accept, at: start.addingTimeInterval(600), caseworker: "wang-fang")
        _ = try await store.transitionRequest(accept)
        _ = try await store.transitionRequest(PromiseContractTests.change(ids[0], .progress, at: start.addingTimeInterval(700), note: "内部记录"))
        _ = try await store.transitionRequest(PromiseContractTests.change(ids[0], .complete, at: start.addingTimeInterval(900), note: "已出具检定证书"))
        _ = try await store.transitionRequest(RequestChange(requestID: ids[1], action: .cancel, actor: .firm, actorName: "firm", at: start.addingTimeInterval(999),
                                                            acknowledgement: AcknowledgementPolicy()))
        let query = LedgerQuery(from: start, to: start.addingTimeInterval(86_400))
        var read: [LedgerEntry] = []
        var after: LedgerQuery.Cursor?
        while true {
            let page = try await store.ledgerPage(query, after: after, limit: 2)
            read += page
            guard page.count == 2, let last = page.last else { break }
            after = LedgerQuery.Cursor(receivedAt: last.receivedAt, id: last.id)
        }
        #expect(read.map(\.id) == ids)
        let done = read[0]
        #expect(done.firm == "样例企业" && done.creditCode == "91512081MA62K0260E")
        #expect(done.service == "压力表检定（A-NAME）")
        #expect(done.station == "甲站" && done.caseworker == "王芳")
        #expect(done.acceptedAt == start.addingTimeInterval(600) && done.completedAt == start.addingTimeInterval(900))
        #expect(done.promisedOn != nil)
        #expect(done.status == .completed && done.outcome == "已出具检定证书")
        #expect(read[1].status == .cancelled && read[1].outcome == "企业撤回")
        #expect(read[2].acceptedAt == nil && read[2].caseworker == "" && read[2].outcome == "")
        #expect(try await store.ledgerPage(LedgerQuery(from: start, to: start.addingTimeInterval(86_400), station: "beta"), after: nil, limit: 10).isEmpty)
        #expect(try await store.ledgerPage(LedgerQuery(from: start, to: start.addingTimeInterval(86_400), station: "alpha"), after: nil, limit: 10).count == 5)
        try await store.recordLedgerExport(LedgerQuery(from: start, to: start.addingTimeInterval(86_400), station: "alpha"), actor: "staff:ops", at: start)
        let audit = try await store.auditEntries(AuditQuery(entity: .ledger)).items
        #expect(audit.map(\.entityID) == ["2026-11-02/2026-11-03@alpha"])
        #expect(audit.first?.actor == "staff:ops" && audit.first?.action == .read)
    }
}

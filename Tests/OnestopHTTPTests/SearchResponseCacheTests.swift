import Hummingbird
@testable import OnestopHTTP
import Testing

@Suite struct SearchResponseCacheTests {
    @Test func answersOnlyForTheSameCatalogVersion() {
        let cache = SearchResponseCache(maxBytes: 4096)
        cache.store(ByteBuffer(string: "a1"), for: "q=a", at: 1)
        #expect(cache.answer(for: "q=a", at: 1) == ByteBuffer(string: "a1"))
        #expect(cache.answer(for: "q=a", at: 2) == nil)
        cache.store(ByteBuffer(string: "b2"), for: "q=b", at: 2)
        #expect(cache.answer(for: "q=a", at: 1) == nil, "a newer version drops every older answer")
        // A slow request computed on an older version does not bring stale answers back.
        cache.store(ByteBuffer(string: "a1"), for: "q=a", at: 1)
        #expect(cache.answer(for: "q=a", at: 2) == nil)
        #expect(cache.answer(for: "q=b", at: 2) == ByteBuffer(string: "b2"))
    }

    @Test func holdsAtMostItsBytesOldestFirst() {
        let entry = 1 + 1_000 + SearchResponseCache.entryOverhead
        let cache = SearchResponseCache(maxBytes: entry * 2)
        let answer = ByteBuffer(string: String(repeating: "x", count: 1_000))
        for key in ["a", "b", "c"] { cache.store(answer, for: key, at: 1) }
        #expect(cache.answer(for: "a", at: 1) == nil)
        #expect(cache.answer(for: "b", at: 1) != nil)
        #expect(cache.answer(for: "c", at: 1) != nil)
        #expect(cache.bytes == entry * 2)
        let off = SearchResponseCache(maxBytes: 0)
        off.store(ByteBuffer(string: "x"), for: "x", at: 1)
        #expect(off.answer(for: "x", at: 1) == nil)
    }

    @Test func aThousandHugeQueriesStayWithinTheBudget() {
        let cache = SearchResponseCache(maxBytes: 1 << 20)
        for n in 0..<1_000 {
            let key = "q=" + String(repeating: "计", count: 23_000) + String(n)
            cache.store(ByteBuffer(string: "{}"), for: key, at: 1)
            #expect(cache.bytes <= 1 << 20)
        }
        #expect(cache.bytes > 1 << 19, "filled, not emptied")
    }
}

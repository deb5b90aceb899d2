import Hummingbird
@testable import OnestopHTTP
import Testing

@Suite struct SearchResponseCacheTests {
    @Test func answersOnlyForTheSameCatalogVersion() {
        let cache = SearchResponseCache(capacity: 2)
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

    @Test func keepsAtMostItsCapacityOldestFirst() {
        let cache = SearchResponseCache(capacity: 2)
        for key in ["a", "b", "c"] { cache.store(ByteBuffer(string: key), for: key, at: 1) }
        #expect(cache.answer(for: "a", at: 1) == nil)
        #expect(cache.answer(for: "b", at: 1) != nil)
        #expect(cache.answer(for: "c", at: 1) != nil)
        let off = SearchResponseCache(capacity: 0)
        off.store(ByteBuffer(string: "x"), for: "x", at: 1)
        #expect(off.answer(for: "x", at: 1) == nil)
    }
}

import Testing

@testable import PoleStageWebSocketTransport

@Suite("A stream's inbound queue")
struct InboundQueueTests {
    struct Failure: Error, Equatable {}

    @Test("parts come out in order, then the end, which stays; nothing is taken after the end")
    func orderThenEnd() async throws {
        let queue = InboundQueue<Int>()
        for part in 1...5 { queue.deliver(part) }
        queue.finish()
        queue.deliver(6)
        var read: [Int] = []
        while let part = try await queue.next() { read.append(part) }
        #expect(read == [1, 2, 3, 4, 5])
        #expect(try await queue.next() == nil)
    }

    @Test("an error comes after the parts queued before it, once; the first end wins")
    func errorAfterParts() async throws {
        let queue = InboundQueue<Int>()
        queue.deliver(1)
        queue.finish(throwing: Failure())
        queue.finish()
        #expect(try await queue.next() == 1)
        await #expect(throws: Failure.self) { try await queue.next() }
        #expect(try await queue.next() == nil)
    }

    @Test("a waiting reader gets the part delivered to it, and the end")
    func waitingReader() async throws {
        let queue = InboundQueue<Int>()
        let reader = Task { try await queue.next() }
        try await waitUntil { queue.readerWaits }
        queue.deliver(7)
        #expect(try await valueWithin10Seconds(of: reader) == 7)

        let second = Task { try await queue.next() }
        try await waitUntil { queue.readerWaits }
        queue.finish(throwing: Failure())
        await #expect(throws: Failure.self) { try await valueWithin10Seconds(of: second) }
    }

    @Test("a waiting reader whose task is cancelled gets the end, and the queue takes nothing more")
    func cancelledWhileWaiting() async throws {
        let queue = InboundQueue<Int>()
        let reader = Task { try await queue.next() }
        try await waitUntil { queue.readerWaits }
        reader.cancel()
        #expect(try await valueWithin10Seconds(of: reader) == nil)
        queue.deliver(1)
        #expect(try await queue.next() == nil)
    }

    @Test("a cancelled reader still gets the parts queued before it asks")
    func cancelledWithPartsQueued() async throws {
        let queue = InboundQueue<Int>()
        queue.deliver(1)
        queue.deliver(2)
        let reader = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            var read: [Int] = []
            while let part = try await queue.next() { read.append(part) }
            return read
        }
        #expect(try await reader.value == [1, 2])
    }

    @Test("a producer and a reader racing: every part once, in order, then the end")
    func racing() async throws {
        let queue = InboundQueue<Int>()
        let count = 20_000
        let reader = Task {
            var read: [Int] = []
            while let part = try await queue.next() { read.append(part) }
            return read
        }
        let producer = Task.detached {
            for part in 0..<count {
                queue.deliver(part)
                if part % 64 == 0 { await Task.yield() }
            }
            queue.finish()
        }
        await producer.value
        #expect(try await valueWithin10Seconds(of: reader) == Array(0..<count))
    }
}

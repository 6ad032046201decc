import GRPCCore
import Testing

@testable import PoleStageWebSocketTransport

@Suite("Stream slots")
struct StreamSlotsTests {
    @Test("calls beyond the limit wait and go in order as streams end")
    func waitsInOrder() async throws {
        let slots = StreamSlots(limit: 1)
        try await slots.acquire()
        let (admitted, admittedContinuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<3 {
                group.addTask {
                    try await slots.acquire()
                    admittedContinuation.yield(index)
                    slots.release()
                }
                // Let each waiter queue before the next, so that the order is known.
                try await waitUntil { slots.waiterCount == index + 1 }
            }
            slots.release()
            try await group.waitForAll()
        }
        admittedContinuation.finish()
        var order: [Int] = []
        for await index in admitted { order.append(index) }
        #expect(order == [0, 1, 2])
        #expect(slots.inUse == 0)
    }

    @Test("a raised limit admits waiters; a closed connection fails them")
    func limitAndClose() async throws {
        let slots = StreamSlots(limit: 0)
        async let first: Void = slots.acquire()
        try await waitUntil { slots.waiterCount == 1 }
        slots.setLimit(1)
        try await first
        #expect(slots.inUse == 1)

        let second = Task { try await slots.acquire() }
        try await waitUntil { slots.waiterCount == 1 }
        slots.close(RPCError(code: .unavailable, message: "closed"))
        let error = await #expect(throws: RPCError.self) { try await second.value }
        #expect(error?.code == .unavailable)
    }

    @Test("a cancelled waiter leaves the queue")
    func cancelled() async throws {
        let slots = StreamSlots(limit: 0)
        let waiter = Task { try await slots.acquire() }
        try await waitUntil { slots.waiterCount == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(slots.waiterCount == 0)
    }
}

import PoleStageWire
import Synchronization
import Testing

@testable import PoleStageWebSocketTransport

@Suite("OPEN ordering")
struct OpenSequencerTests {
    @Test("OPENs go out in id order whatever order the calls reach them")
    func ordersOpens() async {
        let sequencer = OpenSequencer()
        let sent = SentLog()
        await withTaskGroup(of: Void.self) { group in
            for id in (1...50).reversed() {
                group.addTask {
                    await sequencer.waitForTurn(StreamID(UInt32(id)))
                    sent.ids.withLock { $0.append(UInt32(id)) }
                    sequencer.settle(StreamID(UInt32(id)))
                }
            }
        }
        #expect(sent.ids.withLock { $0 } == Array(1...50))
    }

    @Test("a stream abandoned before its OPEN lets the next ones go, and its own waiter too")
    func abandoned() async throws {
        let sequencer = OpenSequencer()
        let sent = SentLog()
        sequencer.settle(StreamID(2))  // stream 2 gave up before its OPEN
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await sequencer.waitForTurn(StreamID(3))
                sent.ids.withLock { $0.append(3) }
                sequencer.settle(StreamID(3))
            }
            try await waitUntil { sequencer.waiterCount == 1 }
            group.addTask {
                await sequencer.waitForTurn(StreamID(1))
                sent.ids.withLock { $0.append(1) }
                sequencer.settle(StreamID(1))
            }
            // Both must come through, 1 before 3. A lost wake-up fails here; settling every id then
            // releases the stuck waiter, so that the group can end instead of hanging.
            do {
                try await waitUntil { sent.ids.withLock { $0.count } == 2 }
            } catch {
                for id in 1...3 { sequencer.settle(StreamID(UInt32(id))) }
                throw error
            }
            try await group.waitForAll()
        }
        #expect(sent.ids.withLock { $0 } == [1, 3])
    }
}

private final class SentLog: Sendable {
    let ids = Mutex<[UInt32]>([])
}

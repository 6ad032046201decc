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
    func abandoned() async {
        let sequencer = OpenSequencer()
        sequencer.settle(StreamID(2))  // stream 2 gave up first
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await sequencer.waitForTurn(StreamID(3)) }
            group.addTask { await sequencer.waitForTurn(StreamID(1)) }
            group.addTask {
                await sequencer.waitForTurn(StreamID(1))
                sequencer.settle(StreamID(1))
            }
        }
    }
}

private final class SentLog: Sendable {
    let ids = Mutex<[UInt32]>([])
}

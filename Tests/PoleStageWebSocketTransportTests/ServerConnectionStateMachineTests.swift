import PoleStageWire
import Testing

@testable import PoleStageWebSocketTransport

@Suite("Server connection lifecycle (state machine)")
struct ServerConnectionStateMachineTests {
    let start = ContinuousClock.now

    @Test("stream ids must increase: an OPEN for a lower or equal id is a protocol error naming the last one")
    func increasingIDs() {
        var machine = ServerConnectionStateMachine(now: self.start)
        expectEqual(machine.receivedOpen(StreamID(1)), .open)
        expectEqual(machine.receivedOpen(StreamID(5)), .open)
        expectEqual(machine.receivedOpen(StreamID(5)) == .protocolError(previous: StreamID(5)), true)
        expectEqual(machine.receivedOpen(StreamID(3)) == .protocolError(previous: StreamID(5)), true)
        #expect(machine.wasOpened(StreamID(4)))
        #expect(!machine.wasOpened(StreamID(6)))
    }

    @Test("SETTINGS is taken once")
    func settingsOnce() {
        var machine = ServerConnectionStateMachine(now: self.start)
        expectEqual(machine.receivedSettings(), true)
        expectEqual(machine.receivedSettings(), false)
    }

    @Test("idle: closes only with no stream running, once the timeout passed since the last stream's end")
    func idle() {
        var machine = ServerConnectionStateMachine(now: self.start)
        let timeout = Duration.seconds(10)
        expectEqual(machine.closeIfIdle(timeout: timeout, now: self.start + .seconds(9)), .none)
        _ = machine.receivedOpen(StreamID(1))
        machine.streamStarted(now: self.start + .seconds(9))
        // A running stream keeps the connection, however long it runs.
        expectEqual(machine.closeIfIdle(timeout: timeout, now: self.start + .seconds(100)), .none)
        expectEqual(machine.streamEnded(now: self.start + .seconds(100)), .none)
        expectEqual(machine.closeIfIdle(timeout: timeout, now: self.start + .seconds(109)), .none)
        expectEqual(
            machine.closeIfIdle(timeout: timeout, now: self.start + .seconds(110)) == .close(reason: "idle timeout"),
            true
        )
        #expect(machine.phase == .closing)
        // Once closing, nothing closes it again.
        expectEqual(machine.closeIfIdle(timeout: timeout, now: self.start + .seconds(200)), .none)
        expectEqual(machine.close(), false)
    }

    @Test("drain with no stream: GOAWAY naming the last stream, and close at once")
    func drainIdle() {
        var machine = ServerConnectionStateMachine(now: self.start)
        _ = machine.receivedOpen(StreamID(3))
        machine.streamStarted(now: self.start)
        _ = machine.streamEnded(now: self.start)
        expectEqual(machine.beginDrain() == .sendGoAway(lastStreamID: StreamID(3), thenClose: true), true)
        #expect(machine.phase == .closing)
        expectEqual(machine.beginDrain(), .none)
    }

    @Test("drain with streams running: new streams are refused, the close comes with the last stream's end")
    func drainBusy() {
        var machine = ServerConnectionStateMachine(now: self.start)
        for id in [1, 3] as [UInt32] {
            expectEqual(machine.receivedOpen(StreamID(id)), .open)
            machine.streamStarted(now: self.start)
        }
        expectEqual(machine.beginDrain() == .sendGoAway(lastStreamID: StreamID(3), thenClose: false), true)
        #expect(machine.phase == .draining)
        expectEqual(machine.receivedOpen(StreamID(5)), .refuseDraining)
        // A draining connection is not closed as idle: it closes when drained.
        expectEqual(machine.closeIfIdle(timeout: .seconds(1), now: self.start + .seconds(60)), .none)
        expectEqual(machine.streamEnded(now: self.start), .none)
        expectEqual(machine.streamEnded(now: self.start), .close(reason: "server is shutting down"))
        #expect(machine.phase == .closing)
    }

    @Test("a closing or closed connection drops OPENs and is not drained")
    func closing() {
        var machine = ServerConnectionStateMachine(now: self.start)
        expectEqual(machine.close(), true)
        expectEqual(machine.receivedOpen(StreamID(1)), .drop)
        expectEqual(machine.beginDrain(), .none)
        expectEqual(machine.closed(), true)
        expectEqual(machine.closed(), false)
        #expect(machine.phase == .closed)
        expectEqual(machine.receivedOpen(StreamID(3)), .drop)
        expectEqual(machine.close(), false)
    }

    @Test("closed: finished once the last stream's handler returned, not before")
    func finishedAfterLastStream() {
        var machine = ServerConnectionStateMachine(now: self.start)
        for id in [1, 3] as [UInt32] {
            _ = machine.receivedOpen(StreamID(id))
            machine.streamStarted(now: self.start)
        }
        expectEqual(machine.closed(), false)
        expectEqual(machine.streamEnded(now: self.start), .none)
        expectEqual(machine.streamEnded(now: self.start), .finish)
    }
}

import NIOWebSocket
import Testing

@testable import PoleStageWebSocketTransport

@Suite("WebSocket keepalive and close handshake (state machine)")
struct WebSocketStateMachineTests {
    @Test("a ping goes out each tick while the peer answers; an unanswered ping closes with 'Ping timeout'")
    func keepalive() {
        var machine = WebSocketStateMachine()
        expectEqual(machine.pingTimerFired(), .sendPing)
        machine.receivedPong()
        expectEqual(machine.pingTimerFired(), .sendPing)
        expectEqual(machine.pingTimerFired(), .closeForPingTimeout)
        #expect(!machine.readsMessages)
        expectEqual(machine.pingTimerFired(), .none)
    }

    @Test("the peer closes first: its code is echoed after what is queued, then the channel closes")
    func peerClosesFirst() {
        var machine = WebSocketStateMachine()
        expectEqual(machine.peerClosed(.normalClosure) == .endConnection(.normalClosure), true)
        #expect(!machine.readsMessages)
        #expect(machine.answersPings)
        expectEqual(machine.peerClosed(.goingAway), .none)
        expectEqual(machine.sendingClose(), .writeCloseThenCloseChannel)
        #expect(!machine.answersPings)
        expectEqual(machine.sendingClose(), .none)
    }

    @Test("this side closes first: the close frame waits for the peer's, whose arrival closes the channel")
    func serverClosesFirst() {
        var machine = WebSocketStateMachine()
        expectEqual(machine.endRequested(), true)
        expectEqual(machine.endRequested(), false)
        expectEqual(machine.sendingClose(), .writeCloseAndWaitForPeer)
        expectEqual(machine.peerClosed(.normalClosure), .closeChannel)
        machine.channelClosed()
        #expect(machine.state == .closed)
        expectEqual(machine.peerClosed(.normalClosure), .none)
    }

    @Test("the connection's writer may close an open WebSocket directly (idle, drained)")
    func writerClosesOpen() {
        var machine = WebSocketStateMachine()
        expectEqual(machine.sendingClose(), .writeCloseAndWaitForPeer)
        #expect(!machine.readsMessages)
        expectEqual(machine.endRequested(), false)
        expectEqual(machine.pingTimerFired(), .none)
    }
}

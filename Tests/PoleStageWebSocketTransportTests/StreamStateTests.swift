import Testing

@testable import PoleStageWebSocketTransport

@Suite("Stream states, each side its own")
struct StreamStateTests {
    @Test("server: empty metadata is held until the first MESSAGE, which stands for it; TRAILERS end the response")
    func serverHeldHeaders() {
        var state = ServerStreamState()
        expectEqual(state.holdHeaders(), true)
        expectEqual(state.holdHeaders(), false)
        #expect(state.response == .headersHeld)
        state.messageSent()
        #expect(state.response == .started)
        expectEqual(state.takeHeldHeaders(), false)
        expectEqual(state.finishLocal(), true)
        expectEqual(state.finishLocal(), false)
        #expect(!state.isWritable)
    }

    @Test("server: held metadata with no MESSAGE is taken back once, for the HEADERS before TRAILERS")
    func serverHeldThenTrailers() {
        var state = ServerStreamState()
        _ = state.holdHeaders()
        expectEqual(state.takeHeldHeaders(), true)
        expectEqual(state.takeHeldHeaders(), false)
    }

    @Test("server: a reset stream ends the request, refuses to send, and is not active")
    func serverReset() {
        var state = ServerStreamState()
        #expect(state.isWritable)
        state.reset()
        #expect(state.peerFinished)
        #expect(!state.isWritable)
        expectEqual(state.finishLocal(), false)
    }

    @Test(
        "client: the OPEN may be written after the request finished (a whole request inline); the server knows it then"
    )
    func clientOpenAfterFinish() {
        var state = ClientStreamState()
        #expect(!state.openSent)
        expectEqual(state.finishLocal(), true)
        #expect(state.request == .finished(openSent: false))
        state.openWritten()
        #expect(state.request == .finished(openSent: true))
        #expect(state.openSent)
    }

    @Test("client: the first HEADERS (or MESSAGE standing for them) counts once; none after the response ended")
    func clientHeaders() {
        var state = ClientStreamState()
        expectEqual(state.headersReceived(), true)
        expectEqual(state.headersReceived(), false)
        var ended = ClientStreamState()
        ended.peerFinishes()
        expectEqual(ended.headersReceived(), false)
    }

    @Test("client: after its request ended, a stream can still be ended forcibly for a RESET")
    func clientForcibly() {
        var state = ClientStreamState()
        state.openWritten()
        expectEqual(state.finishLocal(), true)
        state.finishLocalForcibly()
        #expect(state.localFinished)
        #expect(state.openSent)
    }
}

import Testing

@testable import PoleStageWebSocketTransport

@Suite("Flow-control windows")
struct FlowControlTests {
    @Test("a sender spends its credit and waits when a message does not fit")
    func sendWindowWaits() {
        var window = SendWindow(size: 100)
        let result1 = window.consume(60)
        #expect(result1)
        let result2 = window.consume(40)
        #expect(result2)
        let result3 = window.consume(1)
        #expect(!result3)
        #expect(window.outstanding == 100)
        let result4 = window.grant(50)
        #expect(result4)
        let result5 = window.consume(51)
        #expect(!result5)
        let result6 = window.consume(50)
        #expect(result6)
    }

    @Test("a message larger than the window goes alone, once all credit is back")
    func oversizedMessage() {
        var window = SendWindow(size: 100)
        let result7 = window.consume(10)
        #expect(result7)
        let result8 = window.consume(250)  // 90 left: must wait for the whole window
        #expect(!result8)
        let result9 = window.grant(10)
        #expect(result9)
        let result10 = window.consume(250)
        #expect(result10)
        #expect(window.credit == -150)
        let result11 = window.consume(1)
        #expect(!result11)
        let result12 = window.grant(250)
        #expect(result12)
        #expect(window.credit == 100)
    }

    @Test("credit beyond the window is refused")
    func overGrant() {
        var window = SendWindow(size: 100)
        let result13 = window.grant(1)
        #expect(!result13)
        let result14 = window.consume(30)
        #expect(result14)
        let result15 = window.grant(31)
        #expect(!result15)
        let result16 = window.grant(30)
        #expect(result16)
    }

    @Test("a receiver accepts at most the window, or one large message when empty")
    func receiveBounds() {
        var window = ReceiveWindow(size: 100)
        let result17 = window.receive(100)
        #expect(result17)
        let result18 = window.receive(1)
        #expect(!result18)

        var empty = ReceiveWindow(size: 100)
        let result19 = empty.receive(300)
        #expect(result19)
        let result20 = empty.receive(1)
        #expect(!result20)
    }

    @Test("credit goes back at half the window or when the reader caught up, never after the peer finished")
    func receiveReports() {
        var window = ReceiveWindow(size: 100)
        let result21 = window.receive(30)
        #expect(result21)
        let result22 = window.receive(30)
        #expect(result22)
        let result23 = window.consume(30, peerFinished: false)  // 30 unreported, 30 still buffered
        #expect(result23 == nil)
        let result24 = window.consume(30, peerFinished: false)  // caught up
        #expect(result24 == 60)
        let result25 = window.receive(10)
        #expect(result25)
        let result26 = window.consume(10, peerFinished: true)
        #expect(result26 == nil)
    }

    @Test("an empty message gives back no credit: a WINDOW_UPDATE of 0 would be malformed")
    func emptyMessage() {
        var window = ReceiveWindow(size: 100)
        let accepted = window.receive(0)
        #expect(accepted)
        #expect(window.consume(0, peerFinished: false) == nil)
    }

    @Test("a sender and a receiver that follow the rules never disagree", arguments: [1, 7, 64, 150])
    func senderReceiverAgree(messageSize: Int) {
        // A reader that consumes one message every other step, for 200 steps.
        var send = SendWindow(size: 100)
        var receive = ReceiveWindow(size: 100)
        var queued = 0
        var inFlightCredit: [UInt32] = []
        for step in 0..<200 {
            if send.consume(messageSize) {
                let result27 = receive.receive(messageSize)
                #expect(result27, "receiver refused a message the sender was allowed to send")
                queued += 1
            }
            if step % 2 == 0, queued > 0 {
                queued -= 1
                if let increment = receive.consume(messageSize, peerFinished: false) {
                    inFlightCredit.append(increment)
                }
            }
            if step % 3 == 0, !inFlightCredit.isEmpty {
                let granted = send.grant(Int(inFlightCredit.removeFirst()))
                #expect(granted)
            }
            #expect(receive.buffered <= max(100, messageSize))
        }
    }

    @Test("with credit requests, a caught-up reader gives credit back at half the window or when asked")
    func lazyCredit() {
        var receive = ReceiveWindow(size: 100)
        for _ in 0..<4 {
            _ = receive.receive(10)
            #expect(receive.consume(10, peerFinished: false, lazy: true) == nil, "caught up, not asked: nothing")
        }
        // Asked while caught up: everything consumed goes back at once.
        #expect(receive.requestCredit(peerFinished: false) == 40)
        #expect(receive.unreported == 0)
        // Asked while messages wait unread: once the reader has caught up.
        _ = receive.receive(10)
        _ = receive.receive(10)
        #expect(receive.requestCredit(peerFinished: false) == nil)
        #expect(receive.consume(10, peerFinished: false, lazy: true) == nil)
        #expect(receive.consume(10, peerFinished: false, lazy: true) == 20)
        // The request was answered: lazy again.
        _ = receive.receive(10)
        #expect(receive.consume(10, peerFinished: false, lazy: true) == nil)
        // Half the window still goes back unasked.
        _ = receive.receive(45)
        #expect(receive.consume(45, peerFinished: false, lazy: true) == 55)
        // Never after the peer finished.
        _ = receive.receive(10)
        #expect(receive.consume(10, peerFinished: true, lazy: true) == nil)
        #expect(receive.requestCredit(peerFinished: true) == nil)
    }

    @Test(
        "with credit requests, a sender that asks whenever it waits always gets credit, and the reader answers rarely",
        arguments: [1, 7, 49, 51, 64, 150]
    )
    func lazySenderReceiverAgree(messageSize: Int) {
        // Requests and WINDOW_UPDATEs each take two steps to arrive; the reader consumes one message every other step.
        var send = SendWindow(size: 100)
        var receive = ReceiveWindow(size: 100)
        var queued = 0
        var sent = 0
        var updates = 0
        var requestsInFlight: [Int] = []  // arrival steps
        var creditInFlight: [(arrives: Int, increment: UInt32)] = []
        // The sender asked since the last WINDOW_UPDATE it received.
        var asked = false
        for step in 0..<2_000 where sent < 200 {
            if send.consume(messageSize) {
                let accepted = receive.receive(messageSize)
                #expect(accepted, "receiver refused a message the sender was allowed to send")
                queued += 1
                sent += 1
            } else if !asked {
                // It waits: one request when it starts, and one after each WINDOW_UPDATE that was not enough.
                asked = true
                requestsInFlight.append(step + 2)
            }
            if let first = requestsInFlight.first, first <= step {
                requestsInFlight.removeFirst()
                if let increment = receive.requestCredit(peerFinished: false) {
                    creditInFlight.append((step + 2, increment))
                }
            }
            if step % 2 == 0, queued > 0 {
                queued -= 1
                if let increment = receive.consume(messageSize, peerFinished: false, lazy: true) {
                    creditInFlight.append((step + 2, increment))
                }
            }
            if let first = creditInFlight.first, first.arrives <= step {
                creditInFlight.removeFirst()
                updates += 1
                let granted = send.grant(Int(first.increment))
                #expect(granted)
                asked = false
            }
            #expect(receive.buffered <= max(100, messageSize))
        }
        #expect(sent == 200, "the sender stalled")
        if messageSize <= 7 {
            #expect(updates < sent / 5, "\(updates) WINDOW_UPDATEs for \(sent) messages")
        }
    }
}

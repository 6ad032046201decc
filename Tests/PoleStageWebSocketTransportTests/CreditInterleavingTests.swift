import Testing

@testable import PoleStageWebSocketTransport

/// Every interleaving of a server sending mixed-size messages under lazy credit (`docs/protocol.md` §7, "Credit
/// requests") and a client receiving, consuming and answering, explored exhaustively: no state is stuck with messages
/// left to send, and the receiver never refuses a message the sender was allowed to send.
///
/// The model takes each side's decisions from the transport's own types (``SendWindow``, ``ReceiveWindow``) and each
/// side's rules from `StreamRegistry`: the sender asks for credit each time it starts waiting (at first, and after a
/// WINDOW_UPDATE that was not enough); the client answers a request at once when its reader has caught up, else when it
/// has; frames arrive in order on each direction, any number of them in flight.
@Suite("Credit requests: every interleaving")
struct CreditInterleavingTests {
    enum ServerBound: Hashable {
        case windowUpdate(Int)
    }

    enum ClientBound: Hashable {
        case message(Int)
        case creditRequest
    }

    struct World: Hashable {
        var send: SendWindow
        var receive: ReceiveWindow
        /// The next message the server sends, as an index into the sizes.
        var next = 0
        /// The server's sender waits for credit (it asked when it started waiting).
        var waiting = false
        var toClient: [ClientBound] = []
        var toServer: [ServerBound] = []
        /// Messages received and not yet consumed by the client's reader.
        var unread: [Int] = []
        var consumed = 0

        func hash(into hasher: inout Hasher) {
            hasher.combine(self.send.credit)
            hasher.combine(self.receive.buffered)
            hasher.combine(self.receive.unreported)
            hasher.combine(self.receive.creditRequested)
            hasher.combine(self.next)
            hasher.combine(self.waiting)
            hasher.combine(self.toClient)
            hasher.combine(self.toServer)
            hasher.combine(self.unread)
        }
    }

    /// The worlds one step away from `world`, and whether the receiver refused a message on the way.
    static func successors(of world: World, sizes: [Int]) -> (worlds: [World], refused: Bool) {
        var worlds: [World] = []
        var refused = false
        // The server's sender: sends the next message when its credit allows, else starts waiting and asks.
        if world.next < sizes.count, !world.waiting {
            var next = world
            if next.send.consume(sizes[world.next]) {
                next.toClient.append(.message(sizes[world.next]))
                next.next += 1
            } else {
                next.waiting = true
                next.toClient.append(.creditRequest)
            }
            worlds.append(next)
        }
        // The client's connection reads the next frame from the server.
        if let frame = world.toClient.first {
            var next = world
            next.toClient.removeFirst()
            switch frame {
            case .message(let size):
                if next.receive.receive(size) { next.unread.append(size) } else { refused = true }
            case .creditRequest:
                if let increment = next.receive.requestCredit(peerFinished: false) {
                    next.toServer.append(.windowUpdate(Int(increment)))
                }
            }
            worlds.append(next)
        }
        // The client's reader consumes a message.
        if let size = world.unread.first {
            var next = world
            next.unread.removeFirst()
            next.consumed += 1
            if let increment = next.receive.consume(size, peerFinished: false, lazy: true) {
                next.toServer.append(.windowUpdate(Int(increment)))
            }
            worlds.append(next)
        }
        // The server reads a WINDOW_UPDATE: its waiting sender wakes and tries again (and asks again if it must wait).
        if case .windowUpdate(let increment) = world.toServer.first {
            var next = world
            next.toServer.removeFirst()
            if !next.send.grant(increment) { refused = true }
            next.waiting = false
            worlds.append(next)
        }
        return (worlds, refused)
    }

    @Test(
        "no interleaving leaves the sender waiting for credit that never comes",
        arguments: [
            // The shape of the end-to-end lazy-credit test, scaled to a window of 100: small messages leave credit
            // unreported below half the window, then one needs more than the sender holds.
            [5, 5, 5, 5, 90, 5, 5, 5, 5, 90, 5, 5],
            [30, 30, 30, 30, 30, 30],
            [49, 2, 51, 100, 1, 99],
            [150, 1, 150, 1],
        ]
    )
    func noStuckState(sizes: [Int]) {
        let start = World(send: SendWindow(size: 100), receive: ReceiveWindow(size: 100))
        var seen: Set<World> = [start]
        var frontier = [start]
        var finished = 0
        while let world = frontier.popLast() {
            let (worlds, refused) = Self.successors(of: world, sizes: sizes)
            #expect(!refused, "a message or WINDOW_UPDATE was refused: \(world)")
            if worlds.isEmpty {
                // Nothing can happen any more: every message must have been sent and read.
                #expect(world.next == sizes.count && world.consumed == sizes.count, "stuck: \(world)")
                finished += 1
            }
            for next in worlds where seen.insert(next).inserted {
                frontier.append(next)
            }
        }
        #expect(finished > 0)
        #expect(seen.count > 20, "explored \(seen.count) states")
    }
}

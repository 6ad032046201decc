import NIOCore

/// Bounds the first request head of an HTTP connection, in time and in size, before the HTTP decoder sees it.
///
/// NIO's HTTP/1 decoder and hummingbird-websocket's upgrade wait for a whole request head with no time limit, and a
/// connection whose bytes are not HTTP is neither answered nor closed: each one would pin a descriptor (slowloris).
/// This handler, first in the pipeline (after TLS), answers and closes, as nginx does:
/// - **400** when the first line is not a request line (`METHOD target HTTP/1.x`: random bytes, a TLS hello on the
///   plain-text port), as soon as a byte shows it;
/// - **431** when the head grows past ``ServerConfiguration/maxRequestHeadSize`` bytes without ending;
/// - **408** when the head has not ended within ``ServerConfiguration/requestHeadTimeout``.
/// Once the head has ended (its empty line), it removes itself; Hummingbird's idle timeout and the transport's take
/// over from there.
final class RequestHeadGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// How long a refused connection is read (and what it sends dropped) after the answer, before it closes.
    static let linger = TimeAmount.seconds(2)

    private let timeout: TimeAmount
    private let maxSize: Int
    private var received = 0
    /// The last bytes seen, to find the head's end (`\r\n\r\n`) across reads.
    private var tail: [UInt8] = []
    /// The request line read so far, until its end (then `nil`).
    private var requestLine: RequestLine? = RequestLine()
    private var timer: Scheduled<Void>?
    private var refused = false

    init(timeout: TimeAmount, maxSize: Int) {
        self.timeout = timeout
        self.maxSize = maxSize
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { self.startTimer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.startTimer(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.timer?.cancel()
        self.timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.refused else { return }
        let buffer = self.unwrapInboundIn(data)
        let bytes = buffer.readableBytesView
        if var line = self.requestLine {
            for byte in bytes {
                switch line.read(byte) {
                case .invalid:
                    return self.refuse(
                        400,
                        "Bad Request",
                        "This port speaks HTTP/1.1: a request starts with a line such as GET /healthz HTTP/1.1.",
                        context
                    )
                case .complete, .incomplete:
                    continue
                }
            }
            self.requestLine = line.isComplete ? nil : line
        }
        var ended = false
        var window = self.tail
        for byte in bytes {
            window.append(byte)
            if window.count > 4 { window.removeFirst() }
            if window == [13, 10, 13, 10] {
                ended = true
                break
            }
        }
        self.tail = window
        self.received += bytes.count
        if !ended, self.received > self.maxSize {
            return self.refuse(
                431,
                "Request Header Fields Too Large",
                "The request head is over \(self.maxSize) bytes.",
                context
            )
        }
        context.fireChannelRead(data)
        if ended {
            self.timer?.cancel()
            self.timer = nil
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    private func startTimer(context: ChannelHandlerContext) {
        guard self.timer == nil, !self.refused else { return }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        self.timer = context.eventLoop.scheduleTask(in: self.timeout) {
            let (handler, context) = bound.value
            handler.refuse(408, "Request Timeout", "The request head did not arrive in time.", context)
        }
    }

    /// Answers with `status` and closes; nothing more is read.
    private func refuse(_ status: Int, _ reason: String, _ body: String, _ context: ChannelHandlerContext) {
        guard !self.refused else { return }
        self.refused = true
        self.timer?.cancel()
        self.timer = nil
        let text = "\(body)\n"
        var response = context.channel.allocator.buffer(capacity: 128 + text.utf8.count)
        response.writeString(
            "HTTP/1.1 \(status) \(reason)\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\n"
                + "content-length: \(text.utf8.count)\r\n\r\n\(text)"
        )
        // Closed as nginx's lingering close does: the answer, then our side only, reading and dropping what the client
        // still sends for a moment. Closing at once with unread bytes would reset the connection, and a client still
        // sending (a large head) would lose the answer.
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(self.wrapOutboundOut(response)).whenComplete { _ in
            let context = bound.value
            let closeOutput = context.eventLoop.makePromise(of: Void.self)
            closeOutput.futureResult.whenFailure { _ in bound.value.close(promise: nil) }
            context.close(mode: .output, promise: closeOutput)
            context.eventLoop.scheduleTask(in: Self.linger) { bound.value.close(promise: nil) }
        }
    }
}

/// The first line of an HTTP/1 request, read a byte at a time as ``RequestHeadGuard`` checks it:
/// `METHOD SP target SP HTTP/1.x CRLF`, a method of upper-case letters, a target without spaces or controls.
package struct RequestLine: Sendable {
    package enum Outcome: Equatable {
        case incomplete, complete, invalid
    }

    /// 0: method, 1: target, 2: version, 3: after the CR.
    private var part = 0
    private var partLength = 0
    private var version: [UInt8] = []
    package private(set) var isComplete = false

    package init() {}

    /// Reads one more byte of the line; once it is complete, later bytes are not looked at.
    package mutating func read(_ byte: UInt8) -> Outcome {
        guard !self.isComplete else { return .complete }
        switch (self.part, byte) {
        case (0, UInt8(ascii: "A")...UInt8(ascii: "Z")), (1, 33..<127):
            self.partLength += 1
        case (0...1, UInt8(ascii: " ")) where self.partLength > 0:
            self.part += 1
            self.partLength = 0
        case (2, 33..<127):
            self.version.append(byte)
            let expected = Array("HTTP/1.".utf8)
            if self.version.count <= expected.count {
                guard self.version.last == expected[self.version.count - 1] else { return .invalid }
            } else {
                guard self.version.count == 8, byte == UInt8(ascii: "0") || byte == UInt8(ascii: "1") else {
                    return .invalid
                }
            }
        case (2, 13) where self.version.count == 8:
            self.part = 3
        case (3, 10):
            self.isComplete = true
            return .complete
        default:
            return .invalid
        }
        return .incomplete
    }

    /// Whether `bytes` are, or may still become, a request line.
    package static func couldStart(_ bytes: [UInt8]) -> Bool {
        var line = RequestLine()
        return bytes.allSatisfy { line.read($0) != .invalid }
    }
}

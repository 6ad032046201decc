import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import PoleStageStore
import ServiceLifecycle

/// Posts every inbox message of every basin to each configured URL, signed (``WebhookSignature``), in order, at least
/// once: a message is marked handed over only after a 2xx answer. A failure is retried with a doubling backoff, the
/// next attempt's time kept in the basin's store, so that a restart resumes where it was; after
/// ``WebhookConfiguration/maxAttempts`` the message is dead-lettered (kept with its error) and the next one is sent.
///
/// Open basins are looked at every ``WebhookConfiguration/pollInterval``, every basin of the academy every 60 rounds.
struct WebhookSender: Service {
    let academy: any AcademyStorage
    let basins: any BasinDirectory
    let configuration: WebhookConfiguration
    let logger: Logger
    /// Unix time in milliseconds, for signatures and retry times.
    let now: @Sendable () -> Int64

    func run() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        await cancelWhenGracefulShutdown {
            var round = 0
            while !Task.isCancelled {
                let open = Set(self.basins.activeBasins)
                var targets = Array(open)
                if round % 60 == 0 {
                    for basin in (try? await self.academy.basins()) ?? []
                    where !basin.archived && !open.contains(basin.id) {
                        if (try? await self.basins.exists(basin.id)) == true { targets.append(basin.id) }
                    }
                }
                round += 1
                for basin in targets.sorted() {
                    for url in self.configuration.urls {
                        await self.send(basin: basin, url: url, client: client)
                    }
                }
                do { try await Task.sleep(for: self.configuration.pollInterval) } catch { break }
            }
        }
        try? await client.shutdown()
    }

    /// Sends what `url` has due in `basin`, until it is caught up or an attempt fails.
    private func send(basin: BasinID, url: URL, client: HTTPClient) async {
        let store = self.basins.storage(for: basin)
        do {
            while !Task.isCancelled,
                let work = try await store.webhookWork(url: url.absoluteString, limit: 100)
            {
                var attempts = work.attempts
                for event in work.events {
                    if let failure = await self.post(event, basin: basin, to: url, client: client) {
                        attempts += 1
                        let dead = attempts >= self.configuration.maxAttempts
                        let retryAt = self.now() + self.configuration.backoff(after: attempts).milliseconds
                        try await store.webhookFailed(
                            url: url.absoluteString,
                            message: event.message.id,
                            error: failure,
                            retryAt: dead ? nil : retryAt
                        )
                        self.logger.warning(
                            dead ? "Webhook event dead-lettered" : "Webhook delivery failed; retrying later",
                            metadata: [
                                "polestage.basin": "\(basin)", "polestage.webhook": "\(url.host ?? "")",
                                "polestage.reason": "\(failure)", "polestage.attempts": "\(attempts)",
                            ]
                        )
                        if !dead { return }
                        break
                    }
                    try await store.webhookDelivered(url: url.absoluteString, through: event.message.id)
                    attempts = 0
                }
            }
        } catch is CancellationError {
            return
        } catch {
            self.logger.warning(
                "Webhook sender could not read or record its place",
                metadata: ["polestage.basin": "\(basin)", "error": "\(error)"]
            )
        }
    }

    /// Posts one event; returns why it failed, or `nil` on a 2xx answer.
    private func post(_ event: WebhookEvent, basin: BasinID, to url: URL, client: HTTPClient) async -> String? {
        do {
            let body = try WebhookBody(basin: basin, event: event).encoded()
            let timestamp = self.now() / 1000
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "PoleStage-Webhooks/1")
            request.headers.add(name: "X-PoleStage-Event", value: event.message.kind.rawValue)
            request.headers.add(name: "X-PoleStage-Delivery", value: "\(basin.rawValue)/\(event.message.id)")
            request.headers.add(name: WebhookSignature.timestampHeader, value: "\(timestamp)")
            request.headers.add(
                name: WebhookSignature.signatureHeader,
                value: WebhookSignature.sign(body: body, timestamp: timestamp, secret: self.configuration.secret)
            )
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await client.execute(
                request,
                timeout: .milliseconds(self.configuration.timeout.milliseconds)
            )
            // The answer's body is not read beyond a little: a receiver cannot make the sender buffer much.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            guard (200..<300).contains(response.status.code) else { return "HTTP \(response.status.code)" }
            return nil
        } catch {
            return "\(error)"
        }
    }
}

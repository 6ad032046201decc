package import GRPCCore
import PoleStageLive
package import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension PracticeService {
    package func watchResources(
        request: Polestage_Practice_V1_WatchResourcesRequest,
        response: RPCWriter<Polestage_Practice_V1_ResourceEvent>,
        context: ServerContext
    ) async throws {
        let caller = try RequestContext.current()
        let basin = caller.tenant == nil ? nil : try self.library(.basin, field: "scope", writing: false)
        let academy = try self.library(.academy, field: "scope", writing: false)
        var resumeFrom: PracticeHub.Cursor?
        if request.hasResumeFrom {
            guard request.resumeFrom.basinRevision >= 0 else {
                throw InvalidField("resume_from.basin_revision", "ne doit pas être négatif")
            }
            guard request.resumeFrom.academyRevision >= 0 else {
                throw InvalidField("resume_from.academy_revision", "ne doit pas être négatif")
            }
            resumeFrom = PracticeHub.Cursor(
                basin: request.resumeFrom.basinRevision,
                academy: request.resumeFrom.academyRevision
            )
        }
        let cancellation = WatchCancellation()
        try await withRPCCancellationHandler {
            try await self.watch(
                basin: basin,
                academy: academy,
                resumeFrom: resumeFrom,
                cancellation: cancellation,
                response: response
            )
        } onCancelRPC: {
            cancellation.cancel()
        }
    }

    /// Sends the changes after the cursor, library by library, then `live`, then each change as it commits.
    private func watch(
        basin: Library?,
        academy: Library,
        resumeFrom: PracticeHub.Cursor?,
        cancellation: WatchCancellation,
        response: RPCWriter<Polestage_Practice_V1_ResourceEvent>
    ) async throws {
        let heads = PracticeHub.Cursor(
            basin: try await basin?.practice.changes(after: .max, limit: 0).head ?? 0,
            academy: try await academy.practice.changes(after: .max, limit: 0).head
        )
        var cursor = heads
        if let resumeFrom {
            cursor = resumeFrom
            // A cursor ahead of its library (a store restored from a backup): everything it holds follows.
            if resumeFrom.basin > heads.basin { cursor.basin = 0 }
            if resumeFrom.academy > heads.academy { cursor.academy = 0 }
            if cursor != resumeFrom {
                try await response.write(
                    .with {
                        $0.cursor = cursor.proto
                        $0.reset = .with {
                            $0.reason = .ahead
                            $0.message = "the cursor is ahead of the resources kept: every resource follows"
                        }
                    }
                )
            }
        }
        var live = false
        while !cancellation.isCancelled {
            var more = false
            for library in [basin, academy].compactMap(\.self) {
                let isBasin = library.tenant != nil
                let after = isBasin ? cursor.basin : cursor.academy
                let (changes, head) = try await library.practice.changes(after: after, limit: Self.batchSize)
                for resource in changes {
                    if isBasin { cursor.basin = resource.revision } else { cursor.academy = resource.revision }
                    try await response.write(
                        .with {
                            $0.cursor = cursor.proto
                            $0.resource = resource.proto(in: library, full: true)
                        }
                    )
                }
                if changes.count == Self.batchSize {
                    more = true
                } else if isBasin {
                    cursor.basin = max(cursor.basin, head)
                } else {
                    cursor.academy = max(cursor.academy, head)
                }
            }
            if more { continue }
            if !live {
                live = true
                try await response.write(
                    .with {
                        $0.cursor = cursor.proto
                        $0.live = .init()
                    }
                )
            }
            var wake = PracticeHub.Wake.heartbeat
            while wake == .heartbeat {
                wake = await self.hub.wait(basin: basin?.tenant?.basin.id, seen: cursor, cancellation: cancellation)
                switch wake {
                case .changed, .cancelled: break
                case .heartbeat:
                    try await response.write(
                        .with {
                            $0.cursor = cursor.proto
                            $0.heartbeat = .init()
                        }
                    )
                case .shuttingDown:
                    throw RPCError(
                        code: .unavailable,
                        message: "the server is shutting down: resume from the last cursor received"
                    )
                }
            }
        }
    }
}

extension PracticeHub.Cursor {
    var proto: Polestage_Practice_V1_ResourceCursor {
        .with {
            $0.basinRevision = self.basin
            $0.academyRevision = self.academy
        }
    }
}

import Foundation
package import GRPCCore
import PoleStageAuth
package import PoleStageLive
package import PoleStageProto
package import PoleStageStore
import SwiftProtobuf

/// `polestage.practice.v1.PracticeService`: the shared space for good practice.
///
/// Two libraries: each basin's, written by its animator, and the académie's, written by the coordination (which may
/// also write a basin's it names). Schools, companies, animators and the coordination read both; pupils do not. Every
/// write, done or refused, goes to the académie's audit log, and is announced to watchers once committed.
package struct PracticeService: Polestage_Practice_V1_PracticeService.SimpleServiceProtocol {
    let academy: any AcademyStorage
    let hub: PracticeHub
    /// Changes read at once by a watcher.
    static let batchSize = 100

    package init(academy: any AcademyStorage, hub: PracticeHub) {
        self.academy = academy
        self.hub = hub
    }

    package func saveResource(
        request: Polestage_Practice_V1_SaveResourceRequest,
        context: ServerContext
    ) async throws -> Polestage_Practice_V1_Resource {
        let id = request.resourceID == 0 ? "new" : String(request.resourceID)
        return try await self.write(request.scope, target: "resource \(id)") { library in
            guard request.resourceID >= 0 else { throw InvalidField("resource_id", "ne doit pas être négatif") }
            guard request.expectedVersion >= 0 else {
                throw InvalidField("expected_version", "ne doit pas être négatif")
            }
            guard request.hasDetails else { throw InvalidField("details", "est requis") }
            let details = try ResourceDetails(validating: request.details)
            return try await library.practice.save(
                id: request.resourceID == 0 ? nil : request.resourceID,
                details,
                expectedVersion: request.expectedVersion == 0 ? nil : request.expectedVersion,
                authorRole: library.caller.principal.role.rawValue
            )
        }
    }

    package func deleteResource(
        request: Polestage_Practice_V1_ResourceRef,
        context: ServerContext
    ) async throws -> Polestage_Practice_V1_Resource {
        try await self.write(request.scope, target: "resource \(request.resourceID)") { library in
            try await library.practice.delete(id: try Self.resourceID(request.resourceID), expectedVersion: nil)
        }
    }

    package func attachFile(
        request: Polestage_Practice_V1_AttachFileRequest,
        context: ServerContext
    ) async throws -> Polestage_Practice_V1_Resource {
        try await self.write(
            request.resource.scope,
            field: "resource.scope",
            target: "resource \(request.resource.resourceID) file"
        ) {
            library in
            let id = try Self.resourceID(request.resource.resourceID, field: "resource.resource_id")
            let content = [UInt8](request.content)
            let (name, mediaType) = try AttachmentType.check(fileName: request.fileName, content: content)
            return try await library.practice.attach(
                ResourceFile(fileName: name, mediaType: mediaType, content: content),
                to: id
            )
        }
    }

    package func removeAttachment(
        request: Polestage_Practice_V1_AttachmentRef,
        context: ServerContext
    ) async throws -> Polestage_Practice_V1_Resource {
        let target = "resource \(request.resource.resourceID) file \(request.attachmentID)"
        return try await self.write(request.resource.scope, field: "resource.scope", target: target) { library in
            let id = try Self.resourceID(request.resource.resourceID, field: "resource.resource_id")
            guard request.attachmentID > 0 else { throw InvalidField("attachment_id", "est requis") }
            return try await library.practice.removeAttachment(request.attachmentID, from: id)
        }
    }

    package func getResource(
        request: Polestage_Practice_V1_ResourceRef,
        context: ServerContext
    ) async throws -> Polestage_Practice_V1_Resource {
        let library = try self.library(request.scope, field: "scope", writing: false)
        let resource = try await library.practice.resource(try Self.resourceID(request.resourceID))
        return resource.proto(in: library, full: true)
    }

    package func getAttachment(
        request: Polestage_Practice_V1_AttachmentRef,
        context: ServerContext
    ) async throws -> Polestage_Practice_V1_AttachmentContent {
        let library = try self.library(request.resource.scope, field: "resource.scope", writing: false)
        let id = try Self.resourceID(request.resource.resourceID, field: "resource.resource_id")
        guard request.attachmentID > 0 else { throw InvalidField("attachment_id", "est requis") }
        let (info, content) = try await library.practice.attachment(request.attachmentID, of: id)
        return .with {
            $0.attachment = info.proto
            $0.content = Data(content)
        }
    }

    package func searchResources(
        request: Polestage_Practice_V1_SearchResourcesRequest,
        context: ServerContext
    ) async throws -> Polestage_Practice_V1_ResourcePage {
        let caller = try RequestContext.current()
        let size = request.pageSize == 0 ? 20 : Int(request.pageSize)
        guard (1...100).contains(size) else { throw InvalidField("page_size", "doit être de 1 à 100 (0 pour 20)") }
        var offset = 0
        if !request.pageToken.isEmpty {
            guard let value = Int(request.pageToken), value > 0, value <= 10_000 else {
                throw InvalidField("page_token", "n'est pas un jeton d'une page précédente")
            }
            offset = value
        }
        let query = try ResourceQuery(validating: request)
        var libraries: [Library] = []
        switch request.scope {
        case .unspecified:
            // Both when the call works in a basin; the académie's alone for a coordinator outside any.
            if caller.tenant != nil { libraries.append(try self.library(.basin, field: "scope", writing: false)) }
            libraries.append(try self.library(.academy, field: "scope", writing: false))
        case let scope:
            libraries.append(try self.library(scope, field: "scope", writing: false))
        }
        // Each library's best offset + size + 1, merged by rank: one more than the page says whether another follows.
        var hits: [(hit: ResourceHit, library: Library)] = []
        for library in libraries {
            hits += try await library.practice.search(query, limit: offset + size + 1).map { ($0, library) }
        }
        hits.sort {
            ($0.hit.rank, $0.library.order, $0.hit.resource.id) < ($1.hit.rank, $1.library.order, $1.hit.resource.id)
        }
        let page = hits.dropFirst(offset).prefix(size)
        return .with {
            $0.resources = page.map { $0.hit.resource.proto(in: $0.library, full: false) }
            $0.nextPageToken = hits.count > offset + size ? String(offset + size) : ""
        }
    }
}

extension PracticeService {
    /// One library, as a call reaches it: the académie's or a basin's.
    struct Library: Sendable {
        let caller: RequestContext
        /// Nil for the académie's.
        let tenant: Tenant?
        let practice: any PracticeStorage

        var scope: Polestage_Practice_V1_ResourceScope { self.tenant == nil ? .academy : .basin }
        /// Between equal ranks, the basin's first.
        var order: Int { self.tenant == nil ? 1 : 0 }
    }

    /// The library a request names, for the caller.
    ///
    /// - Throws: `INVALID_ARGUMENT` for no scope, or a basin's without a basin; `PERMISSION_DENIED` when an animator
    ///   writes the académie's.
    func library(
        _ scope: Polestage_Practice_V1_ResourceScope,
        field: String,
        writing: Bool
    ) throws -> Library {
        let caller = try RequestContext.current()
        switch scope {
        case .basin:
            let tenant = try caller.requireTenant()
            return Library(caller: caller, tenant: tenant, practice: tenant.store.practiceLibrary)
        case .academy:
            if writing, caller.principal.role != .coordinator {
                throw AccessDenied.notYours(
                    "les ressources de l'académie sont écrites par la coordination ; un animateur écrit celles de son "
                        + "bassin (portée RESOURCE_SCOPE_BASIN)"
                )
            }
            return Library(caller: caller, tenant: nil, practice: self.academy.practiceLibrary)
        default:
            throw InvalidField(field, "doit être RESOURCE_SCOPE_BASIN ou RESOURCE_SCOPE_ACADEMY")
        }
    }

    static func resourceID(_ id: Int64, field: String = "resource_id") throws(InvalidField) -> Int64 {
        guard id > 0 else { throw InvalidField(field, "est requis") }
        return id
    }

    /// Runs a write on the library `scope` names, audited, and announces its revision to watchers once committed.
    func write(
        _ scope: Polestage_Practice_V1_ResourceScope,
        field: String = "scope",
        target: String,
        _ body: (Library) async throws -> PracticeResource
    ) async throws -> Polestage_Practice_V1_Resource {
        let basin = scope == .basin ? (try? RequestContext.unchecked())?.tenant?.basin.id : nil
        let scopeName = scope == .academy ? "académie" : "basin"
        return try await AuditTrail.record(in: self.academy, basin: basin, target: "\(scopeName) \(target)") {
            _,
            _ in
            let library = try self.library(scope, field: field, writing: true)
            let resource = try await body(library)
            self.hub.published(basin: library.tenant?.basin.id, revision: resource.revision)
            return resource.proto(in: library, full: true)
        }
    }
}

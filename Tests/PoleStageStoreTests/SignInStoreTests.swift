import Foundation
import Testing

@testable import PoleStageStore

@Suite("Sign-in: invites and web sessions")
struct SignInStoreTests {
    @Test("an invite is used once, before it expires, by an active user", arguments: Backend.tested)
    func invites(_ backend: Backend) async throws {
        try await withAcademyStorage(backend) { fixture in
            let (store, clock) = (fixture.storage, fixture.clock)
            _ = try await store.insertUser(User(id: "u-1", role: "coordinator"))
            let invite = try await store.createInvite(for: "u-1", by: "u-admin", lifetime: .seconds(3600))
            #expect(invite.code.count == 26)
            #expect(invite.expiresAt == clock.milliseconds + 3_600_000)
            #expect(try await store.redeemInvite(invite.code).id == "u-1")
            let usedAt = clock.milliseconds
            clock.advance(by: .seconds(5))
            let again = await #expect(throws: SignInRefusal.self) { try await store.redeemInvite(invite.code) }
            #expect(again == .used(at: usedAt))
            let unknown = await #expect(throws: SignInRefusal.self) { try await store.redeemInvite("abcdef") }
            #expect(unknown == .unknown)

            let late = try await store.createInvite(for: "u-1", by: "u-admin", lifetime: .seconds(60))
            clock.advance(by: .seconds(60))
            let expired = await #expect(throws: SignInRefusal.self) { try await store.redeemInvite(late.code) }
            #expect(expired == .expired(at: late.expiresAt))

            // A deactivated user's invite stays unused: it works once the user is active again.
            let kept = try await store.createInvite(for: "u-1", by: "u-admin", lifetime: .seconds(60))
            _ = try await store.deactivateUser("u-1")
            let deactivated = await #expect(throws: SignInRefusal.self) { try await store.redeemInvite(kept.code) }
            #expect(deactivated == .deactivated)
            try await store.saveUser(User(id: "u-1", role: "coordinator"))
            #expect(try await store.redeemInvite(kept.code).id == "u-1")

            let nobody = await #expect(throws: StoreError.self) {
                try await store.createInvite(for: "u-9", by: "u-admin", lifetime: .seconds(60))
            }
            #expect(nobody == .notFound("utilisateur u-9"))
        }
    }

    @Test("a refresh token is exchanged once; presented again, it ends its whole session", arguments: Backend.tested)
    func sessions(_ backend: Backend) async throws {
        try await withAcademyStorage(backend) { fixture in
            let (store, clock) = (fixture.storage, fixture.clock)
            try await store.createBasin(Basin(id: BasinID("nord")!, name: "Nord"))
            _ = try await store.insertUser(User(id: "u-1", role: "animator", basin: BasinID("nord")!))
            let grant = SessionGrant(user: "u-1", role: "animator", basin: BasinID("nord")!, rosterID: 42)
            let first = try await store.createSession(grant, lifetime: .seconds(3600))
            #expect(first.grant == grant)
            #expect(first.expiresAt == clock.milliseconds + 3_600_000)
            clock.advance(by: .seconds(10))
            let second = try await store.rotateSession(first.refreshToken)
            #expect(second.grant == grant)
            #expect(second.expiresAt == first.expiresAt)
            #expect(second.refreshToken != first.refreshToken)

            let replay = await #expect(throws: SignInRefusal.self) { try await store.rotateSession(first.refreshToken) }
            #expect(replay == .revoked)
            let ended = await #expect(throws: SignInRefusal.self) { try await store.rotateSession(second.refreshToken) }
            #expect(ended == .revoked)
            let unknown = await #expect(throws: SignInRefusal.self) { try await store.rotateSession("abcdef") }
            #expect(unknown == .unknown)

            let signedOut = try await store.createSession(grant, lifetime: .seconds(3600))
            #expect(try await store.endSession(signedOut.refreshToken) == grant)
            let afterSignOut = await #expect(throws: SignInRefusal.self) {
                try await store.rotateSession(signedOut.refreshToken)
            }
            #expect(afterSignOut == .revoked)

            let short = try await store.createSession(grant, lifetime: .seconds(60))
            clock.advance(by: .seconds(60))
            let expired = await #expect(throws: SignInRefusal.self) {
                try await store.rotateSession(short.refreshToken)
            }
            #expect(expired == .expired(at: short.expiresAt))

            let last = try await store.createSession(grant, lifetime: .seconds(3600))
            _ = try await store.deactivateUser("u-1")
            let deactivated = await #expect(throws: SignInRefusal.self) {
                try await store.rotateSession(last.refreshToken)
            }
            #expect(deactivated == .deactivated)
        }
    }
}

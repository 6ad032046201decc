import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Serves the live dashboard's static files (`Clients/dashboard/` by default) under `/dashboard/`, with headers that
/// keep the page to its own origin: it loads only its own scripts and opens WebSockets only to this server.
///
/// Hummingbird's `FileMiddleware` does the serving (ranges, ETags, `index.html`, `..` refused); this type only scopes
/// it to the path and adds the security headers. Files are read on each request, so editing them needs no restart.
struct DashboardMiddleware<Context: RequestContext>: RouterMiddleware {
    static var path: String { "/dashboard" }

    /// The page's policy: scripts, styles and images from this origin only, connections to this origin's host
    /// (`ws:`/`wss:` included, which `'self'` does not cover in every browser), no framing by another site.
    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    }

    let files: FileMiddleware<Context, LocalFileSystem>

    init(directory: URL, logger: Logger) {
        self.files = FileMiddleware(
            directory.path,
            urlBasePath: Self.path,
            // The page is small and changes with the server: always revalidate (ETags make that cheap).
            cacheControl: .init([(MediaType(type: .any), [.noCache])]),
            searchForIndexHtml: true,
            logger: logger
        )
    }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard path == Self.path || path.hasPrefix(Self.path + "/") else { return try await next(request, context) }
        // The page's relative links need the trailing slash.
        if path == Self.path { return .redirect(to: Self.path + "/", type: .permanent) }
        var response = try await self.files.handle(request, context: context, next: next)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }
}

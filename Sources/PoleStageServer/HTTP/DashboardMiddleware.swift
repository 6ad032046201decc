import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Serves the live dashboard's static files (`Clients/dashboard/` by default) under `/dashboard/`, and the map library
/// (Leaflet, from Debian's `libjs-leaflet`) under `/dashboard/leaflet/`, with headers that keep the page to its own
/// origin: it loads only its own scripts, images from itself and the map's tile server, and opens WebSockets only to
/// this server.
///
/// Hummingbird's `FileMiddleware` does the serving (ranges, ETags, `index.html`, `..` refused); this type only scopes
/// it to the path and adds the security headers. Files are read on each request, so editing them needs no restart.
struct DashboardMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The URL path served: `/dashboard`, or `/dashboard/leaflet` for the map library.
    let path: String
    /// The page's policy: scripts, styles and images from this origin only (images also from the map's tile server),
    /// connections to this origin's host (`ws:`/`wss:` included, which `'self'` does not cover in every browser), no
    /// framing by another site.
    let contentSecurityPolicy: String

    let files: FileMiddleware<Context, LocalFileSystem>

    static func contentSecurityPolicy(tiles: String?) -> String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"
            + (tiles.map { " \($0)" } ?? "")
            + "; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    }

    /// - Parameter tiles: The origin of the map's tiles (`https://data.geopf.fr`), allowed as an image source.
    init(directory: URL, path: String = "/dashboard", tiles: String? = nil, logger: Logger) {
        self.path = path
        self.contentSecurityPolicy = Self.contentSecurityPolicy(tiles: tiles)
        self.files = FileMiddleware(
            directory.path,
            urlBasePath: path,
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
        guard path == self.path || path.hasPrefix(self.path + "/") else { return try await next(request, context) }
        // The page's relative links need the trailing slash.
        if path == self.path { return .redirect(to: self.path + "/", type: .permanent) }
        var response = try await self.files.handle(request, context: context, next: next)
        response.headers[.contentSecurityPolicy] = self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }
}

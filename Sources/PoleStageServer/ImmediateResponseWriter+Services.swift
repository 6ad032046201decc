package import PoleStageServices
import PoleStageWebSocketTransport

/// The WebSocket transport's writer that does not wait is how the live feed writes a change to a waiting subscriber.
extension ImmediateResponseWriter: ImmediateResponseWriting {}

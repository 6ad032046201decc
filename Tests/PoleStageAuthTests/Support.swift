import Foundation
import PoleStageStore
import Synchronization

/// A clock that moves only when the test says so.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) {
        self.current = Mutex(start)
    }

    var now: Date { self.current.withLock { $0 } }

    func advance(by duration: Duration) {
        self.current.withLock { $0 = $0.addingTimeInterval(TimeInterval(duration.components.seconds)) }
    }
}

/// A SIRET from thirteen digits and their Luhn check digit.
func siret(_ thirteenDigits: String) -> SIRET {
    SIRET(thirteenDigits + String(SIRET.checkDigit(for: thirteenDigits)!))!
}

/// A UAI from seven characters and their check letter.
func uai(_ body: String) -> UAI {
    UAI(body + String(UAI.checkLetter(for: body)!))!
}

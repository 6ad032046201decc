/// Statistical secrecy: a figure over fewer pupils than ``threshold`` is shown only to the pupils' own school; every
/// other reader gets a flag that the figure is withheld ("< 5").
enum StatisticalSecrecy {
    static let threshold = 5

    /// Whether a figure over `pupils` pupils is withheld from a reader outside their school.
    static func withholds(_ pupils: Int) -> Bool { pupils > 0 && pupils < Self.threshold }
}

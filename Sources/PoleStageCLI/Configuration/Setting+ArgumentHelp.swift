import ArgumentParser

extension Setting {
    /// `--help`'s text: what it does, where else it is set, its default.
    var argumentHelp: ArgumentHelp {
        let otherwise = self.defaultValue.map { " Default: \($0)." } ?? ""
        return ArgumentHelp("\(self.help) (\(self), \(self.environmentVariable).)\(otherwise)")
    }
}

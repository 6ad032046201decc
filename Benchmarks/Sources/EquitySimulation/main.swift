// The equity simulation: a basin shaped like Chalon-Tournus-Louhans, its pupils, schools and companies acting through a
// real server, under first come first served, the priority window, the reserved share, and both.
//
// Run: swift run -c release --package-path Benchmarks EquitySimulation [--scale 1] [--seed 1]
import Foundation
import PoleStageEquity

var simulation = EquitySimulation()
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--scale":
        guard let value = arguments.popFirst().flatMap(Double.init), value > 0, value <= 4 else {
            FileHandle.standardError.write(Data("--scale: a number above 0, at most 4\n".utf8))
            exit(2)
        }
        simulation.scale = value
    case "--seed":
        guard let value = arguments.popFirst().flatMap(UInt64.init) else {
            FileHandle.standardError.write(Data("--seed: a whole number\n".utf8))
            exit(2)
        }
        simulation.seed = value
    default:
        FileHandle.standardError.write(Data("unknown argument \(argument): use --scale N or --seed N\n".utf8))
        exit(2)
    }
}
let started = ContinuousClock.now
let outcomes = try await simulation.runAll()
print(EquityReport.text(outcomes, simulation: simulation), terminator: "")
print("Ran in \(ContinuousClock.now - started) on \(ProcessInfo.processInfo.activeProcessorCount) cores.")
